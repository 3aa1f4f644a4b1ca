"""Checks before the window opens: can Qt show one here, and can the app keep its files.

Qt aborts the whole process (status 134) with a raw message when its platform
plugin cannot load, and a double-clicked app then shows nothing at all.  On Linux
the usual cause is a missing X11 library: since Qt 6.5 the xcb plugin needs
``libxcb-cursor0``, which many desktops lack.  So, before the QApplication
exists, ``main.cmd_gui`` calls ``preflight()``: it loads the xcb plugin the way
Qt would (the same search path, ``LD_LIBRARY_PATH`` included) and, if that
fails, names the missing libraries and the command that installs them, or
falls back to Wayland when the session has it.  Loading the plugin costs almost
nothing: Qt loads the same file a moment later and gets it from memory.

An explicitly chosen platform other than xcb (``QT_QPA_PLATFORM=offscreen`` in
tests, ``wayland``) is left alone.
"""

from __future__ import annotations

import ctypes
import os
import re
import sys
from pathlib import Path

# What the xcb plugin (libqxcb.so, through libQt6XcbQpa) links to, in the order
# most likely to be missing: listed when the plugin fails, so that one command
# installs them all instead of one per attempt.
XCB_LIBRARIES = (
    "libxcb-cursor.so.0", "libxkbcommon-x11.so.0", "libxcb-icccm.so.4", "libxcb-image.so.0",
    "libxcb-keysyms.so.1", "libxcb-randr.so.0", "libxcb-render-util.so.0", "libxcb-shape.so.0",
    "libxcb-xkb.so.1", "libxcb-util.so.1", "libxcb-xfixes.so.0", "libxcb-sync.so.1",
    "libxcb-shm.so.0", "libxcb-render.so.0", "libX11-xcb.so.1", "libxcb.so.1",
    "libxkbcommon.so.0", "libX11.so.6",
)
_LIBRARY = re.compile(r"(lib[A-Za-z0-9_+.-]+?\.so(?:\.\d+)*)")
# Platforms with no screen: a message box there would wait for a click nobody can make.
HEADLESS = ("offscreen", "minimal", "vnc")


def debian_package(library: str) -> str:
    """``libxcb-cursor.so.0`` → ``libxcb-cursor0``: Debian's rule for library packages."""
    match = re.fullmatch(r"lib(.+?)\.so\.(\d+).*", library)
    if not match:
        return library
    base, soname = match.group(1).lower(), match.group(2)
    return f"lib{base}{'-' if base[-1].isdigit() else ''}{soname}"


def _loads(library: str) -> str | None:
    """None when ``library`` loads; else the loader's reason.  Lazy binding, as Qt's
    plugin loader does: ctypes.CDLL would resolve every symbol at once (slower)."""
    libc = ctypes.CDLL(None)
    libc.dlopen.restype, libc.dlopen.argtypes = ctypes.c_void_p, [ctypes.c_char_p, ctypes.c_int]
    libc.dlerror.restype = ctypes.c_char_p
    if libc.dlopen(os.fsencode(library), os.RTLD_LAZY | os.RTLD_LOCAL):
        return None  # left loaded: Qt gets it from memory in a moment
    return (libc.dlerror() or b"could not load").decode(errors="replace")


def _platform_plugins() -> list[Path]:
    """The folders Qt looks in for platform plugins, in its order."""
    folders = []
    if os.environ.get("QT_QPA_PLATFORM_PLUGIN_PATH"):
        folders.append(Path(os.environ["QT_QPA_PLATFORM_PLUGIN_PATH"]))
    for entry in os.environ.get("QT_PLUGIN_PATH", "").split(os.pathsep):
        if entry:
            folders.append(Path(entry) / "platforms")
    from PySide6.QtCore import QLibraryInfo
    folders.append(Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath)) / "platforms")
    return folders


def xcb_problem() -> str | None:
    """None when Qt's xcb plugin can load; else one sentence saying what to install."""
    plugin = next((f / "libqxcb.so" for f in _platform_plugins()
                   if (f / "libqxcb.so").is_file()), None)
    if plugin is None:
        return None  # not where we can see it: Qt will say what it finds
    reason = _loads(str(plugin))
    if reason is None:
        return None
    missing = [lib for lib in XCB_LIBRARIES if _loads(lib) is not None]
    named = [m for m in _LIBRARY.findall(reason) if not m.startswith("libqxcb")]
    if named and named[0] not in missing:
        missing.insert(0, Path(named[0]).name)
    if not missing:
        return ("Panel Review cannot open its window: Qt's X11 plugin failed to load "
                f"({reason}); reinstalling Panel Review may help.")
    packages = " ".join(dict.fromkeys(debian_package(lib) for lib in missing))
    return (f"Panel Review cannot open its window because the system "
            f"librar{'y' if len(missing) == 1 else 'ies'} {', '.join(missing)} "
            f"{'is' if len(missing) == 1 else 'are'} missing; install "
            f"{'it' if len(missing) == 1 else 'them'} with: sudo apt install {packages} "
            "(Fedora: sudo dnf install xcb-util-cursor libxkbcommon-x11), then start Panel "
            "Review again.")


NO_DESKTOP = ("Panel Review needs a graphical desktop to open its window, and none was found "
              "(neither DISPLAY nor WAYLAND_DISPLAY is set); without one, use its commands "
              "instead: panel-review --help.")


def x11_unreachable(display: str) -> str | None:
    """None when the X server at ``display`` accepts a connection; else one sentence.
    Qt would abort there too, blaming libxcb-cursor0 whatever the cause."""
    if _loads("libxcb.so.1") is not None:
        return None  # xcb_problem has said what is missing
    xcb = ctypes.CDLL("libxcb.so.1")
    xcb.xcb_connect.restype, xcb.xcb_connect.argtypes = ctypes.c_void_p, [ctypes.c_char_p,
                                                                          ctypes.c_void_p]
    xcb.xcb_connection_has_error.argtypes = [ctypes.c_void_p]
    xcb.xcb_disconnect.argtypes = [ctypes.c_void_p]
    connection = xcb.xcb_connect(display.encode(), None)
    failed = xcb.xcb_connection_has_error(connection)
    xcb.xcb_disconnect(connection)
    if not failed:
        return None
    return (f"Panel Review cannot reach the display {display} that DISPLAY names (the X "
            "server is not running there, or refuses this user); start it from the desktop, "
            "or use its commands instead: panel-review --help.")


def _wayland_socket(environ, name: str) -> Path:
    return Path(environ.get("XDG_RUNTIME_DIR", "/run/user/%d" % os.getuid())) / name


def display_problem(environ=os.environ, platform: str = sys.platform) -> str | None:
    """None when a window can open (maybe after choosing Wayland in ``environ``); else why
    not, as one sentence."""
    if not platform.startswith("linux"):
        return None
    chosen = environ.get("QT_QPA_PLATFORM", "")
    if chosen and not chosen.startswith("xcb"):
        return None  # chosen on purpose: Qt's own choice stands
    x11, wayland = environ.get("DISPLAY"), environ.get("WAYLAND_DISPLAY")
    if not chosen and not x11:
        return None if wayland else NO_DESKTOP  # with Wayland only, Qt goes there
    problem = xcb_problem() or (x11_unreachable(x11) if x11 else NO_DESKTOP)
    if problem and not chosen and wayland and _wayland_socket(environ, wayland).exists():
        environ["QT_QPA_PLATFORM"] = "wayland"  # the session has it: no need for X11
        return None
    return problem


def data_folder_problem() -> str | None:
    """None when the data folder (new workspaces, the demo, settings) can be written."""
    from ui import paths
    try:
        folder = paths.home()
        probe = folder / f".write-check-{os.getpid()}"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        where = exc.filename or os.environ.get(paths.HOME_ENV) or "(the per-user data folder)"
        return (f"Panel Review cannot write its data folder {where} "
                f"({exc.strerror or exc}); it keeps new workspaces and its settings there, so "
                f"make that folder writable, or set {paths.HOME_ENV} to a folder you can write "
                "to, and start Panel Review again.")
    return None


def show_problem(message: str) -> None:
    """The sentence on stderr and, where there is a screen, in a message box: a
    double-clicked app has no terminal to show stderr."""
    print(message, file=sys.stderr)
    if os.environ.get("QT_QPA_PLATFORM", "").startswith(HEADLESS):
        return
    from PySide6.QtWidgets import QApplication, QMessageBox
    app = QApplication.instance() or QApplication(sys.argv[:1])
    QMessageBox.critical(None, "Panel Review", message)
    del app


def preflight() -> int | None:
    """None when the app can start; else the exit status, after saying why it cannot."""
    problem = display_problem()
    if problem:
        print(problem, file=sys.stderr)  # no window can show it
        return 2
    problem = data_folder_problem()
    if problem:
        show_problem(problem)
        return 2
    return None

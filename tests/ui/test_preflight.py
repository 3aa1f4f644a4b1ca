"""Before the window: a desktop without libxcb-cursor0 gets a sentence and status 2, not
Qt's abort; an unwritable data folder says where and why; chosen platforms are left alone."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

import main
from ui import preflight

ROOT = Path(__file__).resolve().parents[2]
linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="X11 on Linux")


def _no_cursor_env(tmp_path: Path) -> dict[str, str]:
    """A desktop that lacks libxcb-cursor0, as Qt sees it: an empty library file first
    on the loader's path makes the xcb plugin fail exactly as a missing one does."""
    libs = tmp_path / "libs"
    libs.mkdir()
    (libs / "libxcb-cursor.so.0").write_bytes(b"")
    env = {k: v for k, v in os.environ.items()
           if k not in ("QT_QPA_PLATFORM", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM_PLUGIN_PATH")}
    home = tmp_path / "home"
    # No X server is needed: Qt gives up on loading the plugin before it connects.
    env.update(DISPLAY=":97", LD_LIBRARY_PATH=str(libs), PANEL_REVIEW_HOME=str(home))
    return env


def _run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=120)


@linux_only
def test_the_simulated_desktop_makes_qt_abort(tmp_path):
    """The simulation is real: a bare QApplication there dies as the issue describes."""
    done = _run(["-c", "from PySide6.QtWidgets import QApplication; QApplication([])"],
                _no_cursor_env(tmp_path))
    assert done.returncode == -signal.SIGABRT  # the shell's 134
    assert "xcb" in done.stderr


@linux_only
def test_without_libxcb_cursor_the_app_says_what_to_install_and_exits_2(tmp_path):
    done = _run(["main.py", "gui", "--demo"], _no_cursor_env(tmp_path))
    assert done.returncode == 2, done.stderr
    assert "libxcb-cursor.so.0 is missing" in done.stderr
    assert "sudo apt install libxcb-cursor0" in done.stderr
    assert "qt.qpa" not in done.stderr and "Aborted" not in done.stderr
    assert done.stderr.count("\n") == 1  # one sentence, nothing else
    assert not (tmp_path / "home").exists()  # stopped before touching anything


@linux_only
def test_the_bare_path_form_is_checked_too(tmp_path):
    env = _no_cursor_env(tmp_path)
    done = _run(["main.py", str(tmp_path / "missing.prw")], env)
    assert done.returncode == 2 and "sudo apt install libxcb-cursor0" in done.stderr


@linux_only
def test_a_display_with_no_x_server_is_said_not_blamed_on_libraries(tmp_path):
    free = next(n for n in range(900, 1000) if not Path(f"/tmp/.X11-unix/X{n}").exists())
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "WAYLAND_DISPLAY")}
    env.update(DISPLAY=f":{free}", PANEL_REVIEW_HOME=str(tmp_path / "home"))
    done = _run(["main.py", "gui"], env)
    assert done.returncode == 2
    assert f"cannot reach the display :{free}" in done.stderr and "qt.qpa" not in done.stderr


def test_an_unwritable_data_folder_is_named_with_the_reason(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PANEL_REVIEW_HOME=str(blocker / "home"))
    done = _run(["main.py", "gui"], env)
    assert done.returncode == 2
    assert f"cannot write its data folder {blocker / 'home'}" in done.stderr
    assert "Not a directory" in done.stderr and "PANEL_REVIEW_HOME" in done.stderr


def test_a_writable_data_folder_passes_and_keeps_no_probe_file(tmp_path, monkeypatch):
    monkeypatch.setenv("PANEL_REVIEW_HOME", str(tmp_path / "home"))
    assert preflight.data_folder_problem() is None
    assert list((tmp_path / "home").iterdir()) == []


@pytest.mark.parametrize("chosen", ["offscreen", "wayland", "minimal", "eglfs"])
def test_an_explicitly_chosen_platform_is_left_alone(chosen, monkeypatch):
    monkeypatch.setattr(preflight, "xcb_problem", lambda: pytest.fail("xcb was probed"))
    environ = {"QT_QPA_PLATFORM": chosen, "DISPLAY": ":0"}
    assert preflight.display_problem(environ, "linux") is None
    assert environ["QT_QPA_PLATFORM"] == chosen


def test_other_systems_are_not_probed(monkeypatch):
    monkeypatch.setattr(preflight, "xcb_problem", lambda: pytest.fail("xcb was probed"))
    assert preflight.display_problem({}, "darwin") is None
    assert preflight.display_problem({}, "win32") is None


def test_no_desktop_at_all_is_said(monkeypatch):
    problem = preflight.display_problem({}, "linux")
    assert "needs a graphical desktop" in problem and "DISPLAY" in problem
    monkeypatch.setattr(preflight, "xcb_problem", lambda: None)
    assert preflight.display_problem({"QT_QPA_PLATFORM": "xcb"}, "linux") == problem


def test_a_wayland_session_is_used_when_x11_cannot_load(tmp_path, monkeypatch):
    monkeypatch.setattr(preflight, "xcb_problem", lambda: "missing libxcb-cursor.so.0")
    socket = tmp_path / "wayland-0"
    socket.write_text("")
    environ = {"DISPLAY": ":0", "WAYLAND_DISPLAY": str(socket)}
    assert preflight.display_problem(environ, "linux") is None
    assert environ["QT_QPA_PLATFORM"] == "wayland"
    # Not when the person chose X11, nor when the Wayland socket is not there.
    chosen = {"DISPLAY": ":0", "WAYLAND_DISPLAY": str(socket), "QT_QPA_PLATFORM": "xcb"}
    assert preflight.display_problem(chosen, "linux") == "missing libxcb-cursor.so.0"
    gone = {"DISPLAY": ":0", "WAYLAND_DISPLAY": str(tmp_path / "none")}
    assert preflight.display_problem(gone, "linux") == "missing libxcb-cursor.so.0"
    assert "QT_QPA_PLATFORM" not in gone


@pytest.mark.parametrize("library, package", [
    ("libxcb-cursor.so.0", "libxcb-cursor0"), ("libxkbcommon-x11.so.0", "libxkbcommon-x11-0"),
    ("libxcb-render-util.so.0", "libxcb-render-util0"), ("libX11-xcb.so.1", "libx11-xcb1"),
    ("libdbus-1.so.3", "libdbus-1-3"), ("libEGL.so.1", "libegl1"),
])
def test_debian_package_names(library, package):
    assert preflight.debian_package(library) == package


# -- the command line a file manager uses ------------------------------------------------
@pytest.mark.parametrize("argv, expected", [
    (["cases.prb"], ["gui", "cases.prb"]),
    (["My work.PRW"], ["gui", "My work.PRW"]),
    (["export", "w.prw", "--identity", "id"], ["export", "w.prw", "--identity", "id"]),
    (["exprot"], ["exprot"]),  # a mistyped command stays an error, not a missing file
    (["--version"], ["--version"]),
    ([], []),
])
def test_a_bare_path_opens_the_window(argv, expected):
    assert main._with_command(main.build_parser(), argv) == expected


def test_a_bare_existing_file_of_any_name_opens_the_window(tmp_path, monkeypatch):
    renamed = tmp_path / "bundle from the coordinator"
    renamed.write_bytes(b"")
    opened = []
    monkeypatch.setattr(main, "cmd_gui", lambda args: opened.append(args.path) or 0)
    parser = main.build_parser()
    assert main._with_command(parser, [str(renamed)]) == ["gui", str(renamed)]
    assert main.main([str(renamed)]) == 0
    assert main.main([str(tmp_path / "not there.prw")]) == 0
    assert opened == [str(renamed), str(tmp_path / "not there.prw")]


def test_version_comes_from_the_package_metadata(capsys):
    from importlib.metadata import version
    with pytest.raises(SystemExit) as stop:
        main.main(["--version"])
    assert stop.value.code == 0
    assert capsys.readouterr().out == f"panel-review {version('panel-review')}\n"

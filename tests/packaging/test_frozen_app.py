"""The frozen app, for real: built by packaging/build.py, started under Xvfb, the DEMO
opened with a passphrase typed into its dialog, a case shown, then a signed PDF
exported and verified by the same binary's subcommands.

The build takes about a minute of CPU, so it is kept in build/frozen/ and rebuilt
only when a source, the spec or an installed package changes (build.py's key).
CI starts from a clean clone, so there it always builds.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CACHE = Path(os.environ.get("PANEL_REVIEW_FROZEN_CACHE", ROOT / "build" / "frozen"))
PASSPHRASE = "correct-horse-battery"
SIZE_LIMIT = 250e6  # bytes on disk of the one-folder app (docs/packaging.md)

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the Linux build"),
]


def _needed(what: str, present: bool) -> None:
    """Missing tools skip the test on a developer's machine and fail it in CI, where
    .ci/run installs them."""
    if not present:
        if os.environ.get("CI"):
            pytest.fail(f"{what} is missing; .ci/run installs it")
        pytest.skip(f"{what} is not installed")


@pytest.fixture(scope="module")
def frozen() -> Path:
    try:
        import PyInstaller  # noqa: F401
        has_pyinstaller = True
    except ImportError:
        has_pyinstaller = False
    _needed('PyInstaller (pip install -e ".[build]")', has_pyinstaller)
    done = subprocess.run([sys.executable, "packaging/build.py", "--out", str(CACHE),
                           "--if-changed", "--quiet"], cwd=ROOT, capture_output=True,
                          text=True, timeout=1800)
    assert done.returncode == 0, done.stderr[-3000:]
    exe = Path(done.stdout.strip().splitlines()[-1].split(" (")[0])
    assert exe.is_file()
    return exe


@pytest.fixture(scope="module")
def display():
    """An Xvfb display of its own; PANEL_REVIEW_TEST_DISPLAY names one already running
    instead (on a machine shared with others' displays)."""
    _needed("xdotool", shutil.which("xdotool") is not None)
    if os.environ.get("PANEL_REVIEW_TEST_DISPLAY"):
        yield os.environ["PANEL_REVIEW_TEST_DISPLAY"]
        return
    _needed("Xvfb", shutil.which("Xvfb") is not None)
    read, write = os.pipe()
    # -noreset: by default the server resets when its last client leaves, and the
    # next program that connects during the reset fails.
    server = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0", "1366x768x24",
                               "-nolisten", "tcp", "-noreset"], pass_fds=(write,),
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write)
    with os.fdopen(read) as pipe:
        number = pipe.readline().strip()  # Xvfb picks a free display and says which
    assert number, "Xvfb did not start"
    yield f":{number}"
    server.terminate()
    server.wait(timeout=10)


def _xdotool(env, *args, timeout=60) -> str:
    done = subprocess.run(["xdotool", *args], env=env, capture_output=True, text=True,
                          timeout=timeout)
    return done.stdout.strip() if done.returncode == 0 else ""


def _wait_for_window(env, name: str, app: subprocess.Popen, timeout: float) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = _xdotool(env, "search", "--onlyvisible", "--name", name)
        if found:
            return found.splitlines()[-1]
        if app.poll() is not None:
            pytest.fail(f"the app exited ({app.returncode}) before {name!r} showed: "
                        f"{app.stderr.read()[-2000:]}")
        time.sleep(0.3)
    pytest.fail(f"no window {name!r} within {timeout:.0f} s")


def _type(env, window: str, *keys: str) -> None:
    """Keys to ``window``, given the focus first: with no window manager, nothing else
    makes it the active window that Qt's shortcuts need."""
    _xdotool(env, "windowfocus", "--sync", window)
    time.sleep(0.3)
    for key in keys:
        if key.startswith("key:"):
            _xdotool(env, "key", "--clearmodifiers", key[4:])
        else:
            _xdotool(env, "type", "--delay", "20", key)
        time.sleep(0.2)


def _clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("QT_", "PANEL_REVIEW_", "PYTHON", "LD_LIBRARY_PATH", "DISPLAY",
                                "WAYLAND_DISPLAY"))}
    env.update(extra)
    return env


def test_the_frozen_app_opens_the_demo_shows_a_case_and_exports_a_verified_pdf(
        frozen, display, tmp_path):
    size = sum(p.stat().st_size for p in frozen.parent.rglob("*")
               if p.is_file() and not p.is_symlink())
    print(f"\nfrozen app: {size / 1e6:,.0f} MB in {frozen.parent}")
    assert size <= SIZE_LIMIT

    home = tmp_path / "home"
    # No QT_QPA_PLATFORM: the real X11 path a double-click takes, start-up checks included.
    env = _clean_env(DISPLAY=display, PANEL_REVIEW_HOME=str(home))
    version = subprocess.run([str(frozen), "--version"], env=env, capture_output=True,
                             text=True, timeout=60)
    assert version.returncode == 0 and version.stdout.startswith("panel-review 0.")

    app = subprocess.Popen([str(frozen), "gui", "--demo"], env=env, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, text=True)
    try:
        dialog = _wait_for_window(env, "Choose a passphrase", app, timeout=120)
        _type(env, dialog, PASSPHRASE, "key:Tab", PASSPHRASE, "key:Return")
        # The whole DEMO (1,131 cases with their documents) is written and opened.
        window = _wait_for_window(env, "DEMO \\(synthetic data\\)", app, timeout=300)
        time.sleep(1.0)
        _type(env, window, "key:ctrl+Down")  # the next case in the list: a case shown
        time.sleep(2.0)
        if shutil.which("import"):  # ImageMagick: a picture to look at when it fails
            subprocess.run(["import", "-display", display, "-window", "root",
                            str(tmp_path / "frozen-app.png")], timeout=60, check=False)
        _type(env, window, "key:ctrl+q")
        assert app.wait(timeout=60) == 0, app.stderr.read()[-2000:]
    finally:
        if app.poll() is None:
            app.kill()
            app.wait()

    workspace = next(home.glob("DEMO workspace*.prw"))
    cli = dict(env, PANEL_REVIEW_PASSPHRASE=PASSPHRASE)
    run = lambda *args: subprocess.run([str(frozen), *args], env=cli, capture_output=True,
                                       text=True, timeout=600)
    made = run("identity", "create", "--name", "Smoke Test Member", "--out",
               str(tmp_path / "identity"))
    assert made.returncode == 0, made.stderr
    pdf = tmp_path / "record.pdf"
    exported = run("export", str(workspace), "--identity", str(tmp_path / "identity"),
                   "--pdf", str(pdf))
    assert exported.returncode == 0, exported.stderr
    verified = run("verify", str(pdf))
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert "Smoke Test Member" in verified.stdout
    # The case shown in the window is in the signed record's consultation log.
    _needed("pdftotext (poppler-utils)", shutil.which("pdftotext") is not None)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                          timeout=120).stdout
    assert "Case openings:" in text and "No case was opened" not in text


def test_the_frozen_app_opens_on_a_desktop_without_libxcb_cursor(frozen, display, tmp_path):
    """It carries the X11 libraries Qt's xcb plugin needs: the desktop's missing
    libxcb-cursor0 (an empty library first on LD_LIBRARY_PATH) does not matter."""
    libs = tmp_path / "libs"
    libs.mkdir()
    (libs / "libxcb-cursor.so.0").write_bytes(b"")
    env = _clean_env(DISPLAY=display, PANEL_REVIEW_HOME=str(tmp_path / "home"),
                     LD_LIBRARY_PATH=str(libs))
    app = subprocess.Popen([str(frozen)], env=env, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, text=True)
    try:
        window = _wait_for_window(env, "^Panel Review$", app, timeout=120)
        _type(env, window, "key:ctrl+q")
        assert app.wait(timeout=60) == 0, app.stderr.read()[-2000:]
    finally:
        if app.poll() is None:
            app.kill()
            app.wait()

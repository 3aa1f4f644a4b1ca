"""The Linux menu entry, icon and file types, and the script that installs them for
one user (packaging/install-linux.sh), run against a home folder of the test's own."""

from __future__ import annotations

import configparser
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"


def _entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # keys are case-sensitive in .desktop files
    parser.read(PACKAGING / "panel-review.desktop", encoding="utf-8")
    return parser["Desktop Entry"]


def test_the_menu_entry_opens_bundles_and_workspaces_with_the_app():
    entry = _entry()
    assert entry["Type"] == "Application" and entry["Name"] == "Panel Review"
    assert entry["Exec"] == "panel-review %f"  # main.py opens a bare path in the window
    assert entry["Terminal"] == "false" and entry["Icon"] == "panel-review"
    mime = (PACKAGING / "panel-review-mime.xml").read_text()
    for kind, glob in (("bundle", "*.prb"), ("workspace", "*.prw")):
        assert f"application/x-panel-review-{kind}" in entry["MimeType"]
        assert f'type="application/x-panel-review-{kind}"' in mime
        assert f'<glob pattern="{glob}"/>' in mime


@pytest.mark.skipif(shutil.which("desktop-file-validate") is None,
                    reason="desktop-file-utils is not installed")
def test_the_menu_entry_is_valid():
    done = subprocess.run(["desktop-file-validate", str(PACKAGING / "panel-review.desktop")],
                          capture_output=True, text=True)
    assert done.returncode == 0 and not done.stdout.strip(), done.stdout


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux desktops")
def test_install_linux_puts_the_entry_in_the_users_folders_and_removes_it(tmp_path):
    app = tmp_path / "unpacked folder" / "panel-review"
    app.mkdir(parents=True)
    for name in ("panel-review.desktop", "panel-review.png", "panel-review-mime.xml",
                 "install-linux.sh"):
        shutil.copy2(PACKAGING / name, app / name)
    data = tmp_path / "share"
    env = dict(os.environ, HOME=str(tmp_path), XDG_DATA_HOME=str(data),
               XDG_CONFIG_HOME=str(tmp_path / "config"))
    done = subprocess.run(["sh", str(app / "install-linux.sh")], env=env, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    desktop = (data / "applications" / "panel-review.desktop").read_text()
    # The entry runs the program where the folder was unpacked, spaces and all.
    assert f'Exec="{app}/panel-review" %f' in desktop
    assert (data / "icons/hicolor/256x256/apps/panel-review.png").read_bytes() == \
        (PACKAGING / "panel-review.png").read_bytes()
    assert (data / "mime/packages/panel-review.xml").is_file()
    done = subprocess.run(["sh", str(app / "install-linux.sh"), "--remove"], env=env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert not (data / "applications" / "panel-review.desktop").exists()
    assert not (data / "mime/packages/panel-review.xml").exists()

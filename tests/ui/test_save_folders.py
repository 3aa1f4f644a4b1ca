"""Workspaces and exports are proposed where people look: Documents/Panel Review, then
the folder they chose last time (remembered as a folder, never a file name)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog

from tests.ui.ui_helpers import wait_idle
from ui import paths


def test_documents_folder_follows_the_test_home_or_its_own_override(app_home, tmp_path,
                                                                    monkeypatch):
    assert paths.documents() == app_home / "Documents" / "Panel Review"
    assert paths.documents().is_dir()
    monkeypatch.setenv(paths.DOCUMENTS_ENV, str(tmp_path / "docs"))
    assert paths.documents() == tmp_path / "docs" / "Panel Review"
    assert paths.documents().is_dir()


def test_a_remembered_folder_is_offered_while_it_exists(app_home, tmp_path):
    folder = tmp_path / "chosen"
    folder.mkdir()
    assert paths.last_folder("x/folder") == paths.documents()
    paths.remember_folder("x/folder", folder)
    assert paths.last_folder("x/folder") == folder
    folder.rmdir()
    assert paths.last_folder("x/folder") == paths.documents()


def test_new_workspace_is_named_after_the_bundle_and_member_and_its_folder_remembered(
        make_window, ui_bundle, qtbot, app_home, tmp_path, monkeypatch):
    proposed: list[Path] = []
    chosen = tmp_path / "my cases"
    chosen.mkdir()

    def save_as(parent, title, default, filters):
        proposed.append(Path(default))
        return str(chosen / "mine.prw"), filters

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save_as))
    window = make_window()
    window.flow.open_bundle(ui_bundle)
    qtbot.waitUntil(lambda: window.review.current_case_id is not None, timeout=20_000)
    wait_idle(qtbot, window)
    assert proposed[0] == (app_home / "Documents" / "Panel Review" /
                           "DEMO panel reassessment - 48 synthetic cases \u2013 Demo Reviewer 1.prw")
    assert (chosen / "mine.prw").is_file()
    # Next time, the folder chosen is offered (and the settings hold the folder only).
    from ui.workspace_flow import WORKSPACE_FOLDER_KEY
    assert paths.settings().value(WORKSPACE_FOLDER_KEY) == str(chosen)
    offered: list[str] = []
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        staticmethod(lambda parent, title, start, filters:
                                     offered.append(start) or ("", "")))
    window.flow.open_workspace()
    assert offered == [str(chosen)]

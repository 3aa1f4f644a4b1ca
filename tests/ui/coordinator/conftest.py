"""A rehearsed panel (``demo-panel``: real signed exports merged, about half of the
disagreements adjudicated) opened in Coordinator mode, for the tests of this folder."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.ui.ui_helpers import PASSPHRASE, wait_idle


@pytest.fixture(scope="module")
def rehearsal(tmp_path_factory) -> Path:
    from exports.rehearsal import run_demo_panel
    folder = tmp_path_factory.mktemp("rehearsed") / "panel"
    run_demo_panel(folder, PASSPHRASE, reviewers=2, cases=14, say=lambda _: None)
    return folder


@pytest.fixture
def coordinator(make_window, rehearsal, app_home, qtbot):
    path = app_home / "coordinator.prw"
    app_home.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(rehearsal / "coordinator.prw", path)
    window = make_window()
    window.flow.open_workspace(path)
    qtbot.waitUntil(lambda: window._on_coordinator_page()
                    and window.coordinator.cases.model.rowCount() == 14, timeout=20_000)
    wait_idle(qtbot, window)
    return window

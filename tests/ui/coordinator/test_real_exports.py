"""Coordinator mode on real signed Excel exports (nothing stubbed below the window)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.ui.ui_helpers import PASSPHRASE, wait_idle


@pytest.fixture(scope="module")
def rehearsal(tmp_path_factory) -> Path:
    from exports.rehearsal import run_demo_panel
    folder = tmp_path_factory.mktemp("real") / "panel"
    run_demo_panel(folder, PASSPHRASE, reviewers=2, cases=14, say=lambda _: None)
    return folder


def test_real_exports_merge_through_the_window(make_window, rehearsal, monkeypatch, app_home,
                                               qtbot, tmp_path):
    from openpyxl import load_workbook
    from PySide6.QtWidgets import QFileDialog
    shown = []
    monkeypatch.setattr("ui.coordinator.imports.show_results",
                        lambda parent, outcomes, offered, names: shown.append(outcomes))
    target = app_home / "coordinator.prw"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(target), "")))
    window = make_window()
    window.flow.open_coordinator_bundle(rehearsal / "bundles" / "panel.prb")
    page = window.coordinator
    qtbot.waitUntil(lambda: window.pages.currentWidget() is page
                    and page.cases.model.rowCount() == 14, timeout=20_000)
    edited = tmp_path / "R02 edited.xlsx"
    shutil.copyfile(rehearsal / "exports" / "R02.xlsx", edited)
    wb = load_workbook(edited)
    wb["Decisions"]["B2"].value = "PR-9999"
    wb.save(edited)
    page.import_exports([rehearsal / "exports" / "R01.xlsx", edited,
                         rehearsal / "exports" / "R02.xlsx"])
    qtbot.waitUntil(lambda: bool(shown), timeout=30_000)
    wait_idle(qtbot, window)
    outcomes = {o.source: o for o in shown[0]}
    assert outcomes["R01.xlsx"].outcome == "accepted"
    assert outcomes["R02.xlsx"].outcome == "accepted"
    assert outcomes[edited.name].outcome == "refused" and "Decisions!" in outcomes[edited.name].reason
    statuses = {r.status for r in page.cases.model.all_rows()}
    assert statuses & {"agreed", "disagreement"}

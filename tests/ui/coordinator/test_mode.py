"""The Coordinator mode, driven through the real window (offscreen).

A coordinator workspace is made from a whole-panel bundle; members' exports
arrive through the real ``exports.merge_files.merge_files`` with only the
Excel reading replaced (``read_signed_workbook`` returns the verified
contents, or raises as it does for a tampered file).
"""

from __future__ import annotations

import re

from dataclasses import dataclass, field
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QTextBrowser

from review.errors import VerificationError
from tests.ui.coordinator.test_data import RATIONALES, build_panel, member_export
from tests.ui.ui_helpers import wait_idle

GOOD = ("The reviewers split on the category; the officer's earlier reports show a pattern "
        "that calls for formal risk management.")


@pytest.fixture(scope="module")
def panel(tmp_path_factory):
    return build_panel(tmp_path_factory.mktemp("coord-panel"), n_cases=24, reviewers=3,
                       per_case=2)


@dataclass
class Verified:
    """What exports.xlsx.verify.read_signed_workbook returns, for merge_files."""

    path: Path
    file_digest: str
    member_id: str
    member_name: str
    fingerprint: str
    bundle_id: str
    exported_at: str
    decisions: dict
    coordinator_fingerprint: str
    bundle_digest: str
    history: object = None
    saved: dict = field(default_factory=dict)


class Exports:
    """Stands in for the Excel files: a name → a member export, or a failure."""

    def __init__(self, folder: Path) -> None:
        self.folder, self.by_name = folder, {}

    def add(self, exp) -> Path:
        path = self.folder / exp.source
        path.write_bytes(exp.file_digest.encode())
        self.by_name[path.name] = exp
        return path

    def broken(self, name: str) -> Path:
        path = self.folder / name
        path.write_bytes(b"edited")
        self.by_name[name] = None
        return path

    def read(self, path):
        exp = self.by_name[Path(path).name]
        if exp is None:
            raise VerificationError("The workbook's signature does not match its cells: cell "
                                    "D7 of Decisions was edited after signing.")
        return Verified(Path(path), exp.file_digest, exp.member_id, exp.member_name,
                        exp.fingerprint, exp.bundle_id, exp.exported_at, dict(exp.decisions),
                        exp.coordinator_fingerprint, exp.bundle_digest, exp.history)


@pytest.fixture
def exports(monkeypatch, tmp_path):
    import exports.xlsx.verify
    fake = Exports(tmp_path)
    monkeypatch.setattr(exports.xlsx.verify, "read_signed_workbook", fake.read)
    return fake


@pytest.fixture
def results(monkeypatch):
    shown = []
    monkeypatch.setattr("ui.coordinator.imports.show_results",
                        lambda parent, outcomes, offered, names: shown.append(outcomes))
    return shown


@pytest.fixture
def coord_window(make_window, panel, monkeypatch, app_home, qtbot):
    from PySide6.QtWidgets import QFileDialog
    target = app_home / "panel coordinator.prw"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(target), "")))
    window = make_window()
    window.flow.open_coordinator_bundle(panel.bundle)
    page = window.coordinator
    qtbot.waitUntil(lambda: window.pages.currentWidget() is page
                    and page.cases.model.rowCount() == len(panel.cases), timeout=20_000)
    wait_idle(qtbot, window)
    window.coordinator_path = target
    return window


def status_of(window, case_id):
    return next(r.status for r in window.coordinator.cases.model.all_rows()
                if r.case_id == case_id)


def show(qtbot, window, case_id):
    cases = window.coordinator.cases
    cases.show_case(case_id)
    qtbot.waitUntil(lambda: cases.detail is not None and cases.detail.case.case_id == case_id,
                    timeout=10_000)
    wait_idle(qtbot, window)
    return cases


def merge(qtbot, window, results, paths):
    before = len(results)
    window.coordinator.import_exports(paths)
    qtbot.waitUntil(lambda: len(results) > before, timeout=20_000)
    wait_idle(qtbot, window)
    return {o.source: o for o in results[-1]}


def shared_case(panel, a, b):
    """A case assigned to exactly reviewers a and b."""
    return next(c.case_id for c in panel.cases
                if {r for cid, r in panel.pairs if cid == c.case_id} == {a, b})


def test_coordinator_mode_end_to_end(coord_window, panel, exports, results, qtbot, make_window,
                                     passphrases, tmp_path):
    window, page = coord_window, coord_window.coordinator
    assert "Coordinator" in window.windowTitle()
    assert page.banner.text().startswith("COORDINATOR") and page.banner.isVisible()
    assert {r.status for r in page.cases.model.all_rows()} == {"awaiting"}
    assert not window.actions["finalise"].isEnabled()  # the member's actions are off
    assert window.coordinator_actions["coordinator_import"].isEnabled()

    split = shared_case(panel, "R01", "R02")
    blind = shared_case(panel, "R01", "R03")
    r03_done = {c for c, r in panel.pairs if r == "R03"} - {blind}
    files = [
        exports.add(member_export(panel, "R02", disagree={split})),
        exports.add(member_export(panel, "R01", disagree={split})),
        exports.add(member_export(panel, "R03", only=r03_done)),
        exports.add(member_export(panel, "R03", signer="R01", source="R03 forged.xlsx")),
        exports.broken("R02 edited.xlsx"),
    ]
    got = merge(qtbot, window, results, files)
    assert [got[f.name].outcome for f in files] == ["accepted", "accepted", "accepted",
                                                     "refused", "refused"]
    assert "pinned for R01" in got["R03 forged.xlsx"].reason
    assert "D7" in got["R02 edited.xlsx"].reason

    # the Imports tab lists every file offered, with the reasons
    table = page.imports.table
    assert table.rowCount() == 5
    reasons = [table.item(r, 6).text() for r in range(5)]
    assert any("not pinned" in t or "pinned for R01" in t for t in reasons)
    assert page.tabs.tabText(1) == "Imports (5)"
    # a refused file is listed under who verifiably signed it, never under its claim
    who = {table.item(r, 1).text(): table.item(r, 2).text() for r in range(5)}
    assert who["R03 forged.xlsx"].endswith("(R01)")
    assert who["R02 edited.xlsx"] == "unknown signer"
    heads = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    assert heads[4] == "Offered" and "Merged" not in heads

    # statuses
    assert status_of(window, split) == "disagreement"
    assert status_of(window, blind) == "awaiting"
    counts = page.cases.model.counts()
    assert counts["awaiting"] >= 1 and counts["disagreement"] >= 1 and counts["agreed"] >= 1
    assert page.cases.strip.buttons["disagreement"].text().endswith(str(counts["disagreement"]))

    # the status strip filters the overview
    qtbot.mouseClick(page.cases.strip.buttons["awaiting"], Qt.MouseButton.LeftButton)
    model = page.cases.model
    assert {model.case_at(r).status for r in range(model.rowCount())} == {"awaiting"}
    qtbot.mouseClick(page.cases.strip.buttons[None], Qt.MouseButton.LeftButton)
    assert model.rowCount() == len(panel.cases)

    # a blind case shows nothing of the reviews it has
    cases = show(qtbot, window, blind)
    assert "(1 of 2 in)" in cases.comparison.message.text()
    assert cases.comparison.table.isHidden() and not cases.form.isEnabled()
    texts = " ".join(w.text() for w in page.findChildren(QLabel) if w.isVisible()) + " ".join(
        w.toPlainText() for w in page.findChildren(QTextBrowser) if w.isVisible())
    assert not any(r[:40] in texts for r in RATIONALES)

    # a disagreement: side by side, differing rows marked
    cases = show(qtbot, window, split)
    assert "category" in cases.comparison.highlighted()
    assert "rationale" not in cases.comparison.highlighted()
    assert cases.comparison.cell("category", "R01") != cases.comparison.cell("category", "R02")
    assert cases.comparison.table.verticalHeaderItem(0).text().startswith("\u2260")
    # the last column says what the panel's result records and how it was decided
    table = cases.comparison.table
    assert table.horizontalHeaderItem(table.columnCount() - 1).text() == "Panel record"
    assert cases.comparison.record_cell("category") == "Reviewers differ: to adjudicate"
    assert cases.comparison.record_cell("confidence") == "Each reviewer's own, not combined"
    how, *raised = cases.comparison.record_cell("actions").split("\n")
    assert how in ("Agreed", "Reviewers differ: to adjudicate")
    assert raised and all(line.endswith(("raised by 1 of 2", "raised by 2 of 2"))
                          for line in raised)
    assert cases.form.isEnabled() and not cases.form.locked

    # adjudicate: an incomplete decision is refused field by field
    form = cases.form
    form.category_buttons["formal_risk_management"].click()
    form.rationale.setPlainText("ok")
    qtbot.mouseClick(form.record_button, Qt.MouseButton.LeftButton)
    assert form.errors["rationale"].isVisible() and form.errors["confidence"].isVisible()
    wait_idle(qtbot, window)
    assert status_of(window, split) == "disagreement"

    # ... and a complete one is recorded, with a history version
    form.rationale.setPlainText(GOOD)
    form.action_boxes["vetting_review"].click()
    form.confidence_buttons["high"].click()
    qtbot.mouseClick(form.record_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: status_of(window, split) == "adjudicated", timeout=10_000)
    wait_idle(qtbot, window)
    assert form.locked and form.revise_button.isVisibleTo(page)
    assert cases.history.model.rowCount() == 1
    assert page.cases.strip.buttons["adjudicated"].text().endswith("1")

    # revising records a second version; the history keeps both
    qtbot.mouseClick(form.revise_button, Qt.MouseButton.LeftButton)
    assert not form.locked
    form.confidence_buttons["medium"].click()
    qtbot.mouseClick(form.record_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: cases.history.model.rowCount() == 2, timeout=10_000)

    # agreement statistics
    page.tabs.setCurrentIndex(2)
    qtbot.waitUntil(lambda: bool(page.agreement.report), timeout=10_000)
    fields = page.agreement.fields
    row = page.agreement.row_for("category")
    assert re.fullmatch(r"\d+% \(\d+\u2013\d+%\)", fields.item(row, 1).text())
    assert fields.item(row, page.agreement.COL_CASES).text() != "0"
    # every coefficient carries its 95% interval; AC1 sits beside Fleiss and Krippendorff
    fa = page.agreement.report[row]
    ac1 = fields.item(row, page.agreement.COL_AC1)
    assert fields.horizontalHeaderItem(page.agreement.COL_AC1).text() == "Gwet AC1"
    assert ac1.data(Qt.ItemDataRole.UserRole) == fa.ac1.value
    if fa.interval("ac1").low is not None:
        assert ac1.text() == (f"{fa.ac1.value:.2f} ({fa.interval('ac1').low:.2f}\u2013"
                              f"{fa.interval('ac1').high:.2f})").replace("-", "\u2212")
        assert "95% interval" in ac1.toolTip()
    assert "(" in fields.item(row, page.agreement.COL_PERCENT).text()
    assert "AC1" in page.agreement.intro.text() and "interval" in page.agreement.intro.text()
    iopc = page.agreement.row_for("action:refer_iopc")  # nobody recommended it
    assert fields.item(iopc, page.agreement.COL_FLEISS).text() == "\u2014"
    assert "undefined" in fields.item(iopc, page.agreement.COL_FLEISS).toolTip().lower()
    assert page.agreement.pairs.rowCount() >= 1

    # re-importing changes nothing; a newer export supersedes the older
    again = merge(qtbot, window, results, [files[1]])
    assert again[files[1].name].outcome == "already imported"
    newer = exports.add(member_export(panel, "R01", when="2026-02-05T10:00:00.000Z"))
    got = merge(qtbot, window, results, [newer])
    assert got[newer.name].outcome == "accepted"
    outcomes = [page.imports.table.item(r, 5).text() for r in range(page.imports.table.rowCount())]
    assert outcomes.count("Superseded") == 1 and len(outcomes) == 6
    assert status_of(window, split) == "adjudicated"

    # reopen: the adjudication and its history are intact
    path = window.coordinator_path
    window.close()
    second = make_window()
    second.flow.open_workspace(path)
    qtbot.waitUntil(lambda: second.pages.currentWidget() is second.coordinator
                    and second.coordinator.cases.model.rowCount() == len(panel.cases),
                    timeout=20_000)
    wait_idle(qtbot, second)
    assert status_of(second, split) == "adjudicated"
    cases = show(qtbot, second, split)
    assert cases.form.locked and cases.history.model.rowCount() == 2
    assert cases.form.decision().category == "formal_risk_management"
    assert "Coordinator" in second.windowTitle()


def test_unrecorded_adjudication_survives_switching_cases(coord_window, panel, exports,
                                                          results, qtbot):
    window = coord_window
    split = shared_case(panel, "R01", "R02")
    merge(qtbot, window, results, [exports.add(member_export(panel, "R01", disagree={split})),
                                   exports.add(member_export(panel, "R02", disagree={split}))])
    cases = show(qtbot, window, split)
    cases.form.rationale.setPlainText(GOOD)
    other = next(r.case_id for r in cases.model.all_rows() if r.case_id != split)
    show(qtbot, window, other)
    cases = show(qtbot, window, split)
    assert cases.form.rationale.toPlainText() == GOOD and not cases.form.locked


@pytest.mark.parametrize("answer, closes", [("Cancel", False), ("Discard", True)])
def test_closing_asks_before_discarding_an_unrecorded_adjudication(
        coord_window, panel, exports, results, qtbot, monkeypatch, answer, closes):
    from PySide6.QtWidgets import QMessageBox
    window = coord_window
    split = shared_case(panel, "R01", "R02")
    merge(qtbot, window, results, [exports.add(member_export(panel, "R01", disagree={split})),
                                   exports.add(member_export(panel, "R02", disagree={split}))])
    cases = show(qtbot, window, split)
    cases.form.rationale.setPlainText(GOOD)
    asked, answers = [], [answer, "Discard"]
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a[2]) or
                        getattr(QMessageBox.StandardButton, answers[len(asked) - 1]))
    window.close()
    assert asked and "not been recorded" in asked[0]
    assert window.isVisible() is not closes
    window.close()  # discard, so that tearing the window down asks nothing
    assert not window.isVisible()


def test_welcome_and_menus_offer_the_coordinator_mode(make_window, qtbot, monkeypatch):
    window = make_window()
    assert window.welcome.coordinator_button.isVisible()
    asked = []
    monkeypatch.setattr(window.flow, "open_coordinator_bundle", lambda: asked.append("new"))
    qtbot.mouseClick(window.welcome.coordinator_button, Qt.MouseButton.LeftButton)
    assert asked == ["new"]
    names = [a.objectName() for a in window.menus["File"].actions()]
    assert "action_coordinator_new" in names and "action_coordinator_open" in names
    assert not window.coordinator_menu.menuAction().isVisible()


def test_coordinator_tabs_and_import_have_shortcuts(coord_window, qtbot, monkeypatch):
    from PySide6.QtTest import QTest
    window, tabs = coord_window, coord_window.coordinator.tabs
    visible = {name for name, menu in window.menus.items() if menu.menuAction().isVisible()}
    assert {"File", "Coordinator", "Help"} <= visible
    assert not visible & {"Cases", "Decision", "View"}  # a member's menus, all off here
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5_000)
    for key, tab in ((Qt.Key.Key_F8, 1), (Qt.Key.Key_F9, 2), (Qt.Key.Key_F7, 0)):
        QTest.keyClick(window.focusWidget() or window, key)
        assert tabs.currentIndex() == tab
    asked = []
    monkeypatch.setattr(window.coordinator, "import_exports", lambda *a: asked.append(a))
    QTest.keyClick(window.focusWidget() or window, Qt.Key.Key_I,
                   Qt.KeyboardModifier.ControlModifier)
    assert asked


def test_the_panel_file_is_checked_as_the_coordinators_own(make_window, panel, signer_checks,
                                                           monkeypatch, app_home, qtbot):
    from PySide6.QtWidgets import QFileDialog
    target = app_home / "panel coordinator.prw"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(target), "")))
    window = make_window()
    window.flow.open_coordinator_bundle(panel.bundle)
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.coordinator, timeout=20_000)
    wait_idle(qtbot, window)
    [signer] = signer_checks.shown
    assert signer.panel and signer.member_name == "" and not signer.sealed


def test_member_bundle_is_refused_as_a_coordinator_workspace(make_window, save_dialog,
                                                             ui_bundle, errors, qtbot):
    window = make_window()
    window.flow.open_coordinator_bundle(ui_bundle)
    qtbot.waitUntil(lambda: bool(errors), timeout=20_000)
    assert "member's bundle" in errors[0]
    assert window.pages.currentWidget() is window.welcome
    assert not save_dialog.exists()


def test_overview_model_passes_the_model_tester(qtmodeltester):
    from ui.coordinator.model import CoordinatorCaseModel, OverviewRow
    model = CoordinatorCaseModel()
    statuses = ["awaiting", "agreed", "disagreement", "adjudicated"]
    model.set_rows([OverviewRow(i, f"PR-{i:04d}", "new_assessment", ("R01", "R02"), i % 3,
                                statuses[i % 4], ("category",) if i % 4 == 2 else ())
                    for i in range(12)])
    qtmodeltester.check(model)
    model.set_status_filter("agreed")
    assert model.rowCount() == 3
    qtmodeltester.check(model)


def test_overview_model_sorts_by_native_values():
    from ui.coordinator.model import (COL_IN, COL_STATUS, SORT_ROLE, CoordinatorCaseModel,
                                      OverviewRow)
    model = CoordinatorCaseModel()
    model.set_rows([OverviewRow(0, "PR-0001", "new_assessment", ("R01", "R02"), 2, "agreed", ()),
                    OverviewRow(1, "PR-0002", "new_assessment", ("R01", "R02"), 0, "awaiting", ()),
                    OverviewRow(2, "PR-0003", "no_formal_action", ("R01", "R02"), 2,
                                "disagreement", ("category",))])
    model.sort(COL_STATUS, Qt.SortOrder.AscendingOrder)
    assert model.case_at(0).case_id == "PR-0003"  # disagreements first: they need work
    model.sort(COL_IN, Qt.SortOrder.AscendingOrder)
    assert model.data(model.index(0, COL_IN), SORT_ROLE) == 0
    assert model.data(model.index(0, COL_IN)) == "0/2"


def test_results_dialog_lists_every_file(qtbot):
    from review.panel.workspace import ImportOutcome
    from ui.coordinator.imports import ImportResultsDialog
    outcomes = [ImportOutcome("a.xlsx", "accepted", "", "R01"),
                ImportOutcome("b.xlsx", "refused", "it belongs to another panel bundle (x)",
                              "R02"),
                ImportOutcome("a copy.xlsx", "already imported", "", "R01")]
    dialog = ImportResultsDialog(None, outcomes, 4, {"R01": "Dr A", "R02": "Dr B"})
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 3
    assert dialog.table.item(1, 3).text().startswith("Refused because it belongs")
    assert "cancelled before the last 1" in dialog.summary.text()


def test_blind_detail_never_carries_review_content(panel, tmp_path):
    from review.panel.workspace import CoordinatorWorkspace
    from tests.ui.ui_helpers import PASSPHRASE
    from ui.coordinator.cases import load_detail
    ws = CoordinatorWorkspace.create(tmp_path / "c.prw", PASSPHRASE, panel.bundle)
    try:
        ws.import_export(member_export(panel, "R01"))
        case_id = next(c for c, r in panel.pairs if r == "R01")
        detail = load_detail(ws, case_id)
        assert detail.status == "awaiting" and detail.reviews == {} and detail.differing == ()
        assert detail.reviews_in == 1 and len(detail.assigned) == 2
    finally:
        ws.close()



def test_switching_back_to_a_member_workspace(coord_window, ui_bundle, monkeypatch, app_home,
                                              qtbot):
    from PySide6.QtWidgets import QAbstractButton, QComboBox, QFileDialog, QLineEdit, \
        QPlainTextEdit
    window = coord_window
    kinds = (QAbstractButton, QComboBox, QLineEdit, QPlainTextEdit)
    unnamed = [type(w).__name__ for kind in kinds for w in window.coordinator.findChildren(kind)
               if w.isVisible() and not w.accessibleName()
               and not (isinstance(w, QAbstractButton) and w.text())]
    assert unnamed == []
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(app_home / "member.prw"), "")))
    window.flow.open_bundle(ui_bundle)
    qtbot.waitUntil(lambda: window.review.current_case_id is not None, timeout=20_000)
    wait_idle(qtbot, window)
    assert window.pages.currentWidget() is window.review
    assert "Coordinator" not in window.windowTitle()
    assert window.actions["finalise"].isEnabled()
    assert not window.coordinator_menu.menuAction().isVisible()
    assert not window.coordinator_actions["coordinator_import"].isEnabled()
    assert all(window.menus[name].menuAction().isVisible()
               for name in ("Cases", "Decision", "View"))


def test_import_offers_documents_then_the_folder_used_last(coord_window, app_home, tmp_path,
                                                           monkeypatch, qtbot):
    from PySide6.QtWidgets import QFileDialog
    from ui import paths
    offered: list[str] = []
    answers = [[], []]
    received = tmp_path / "received"
    received.mkdir()

    def open_files(parent, title, start, filters):
        offered.append(start)
        return answers.pop(0), filters

    monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(open_files))
    page = coord_window.coordinator
    page.import_exports()
    assert offered == [str(app_home / "Documents" / "Panel Review")]
    from ui.coordinator.page import IMPORT_FOLDER_KEY
    paths.remember_folder(IMPORT_FOLDER_KEY, received)  # as choosing files there does
    page.import_exports()
    assert offered[1] == str(received)

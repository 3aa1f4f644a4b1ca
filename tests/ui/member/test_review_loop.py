"""The whole review loop through the real window, as a panel member works.

Open the demo from the welcome page, filter, search, open a case, decide,
finalise, move by keyboard, close, start again, and find every decision and
every history version as it was left.
"""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from review.workspace.database import Workspace
from tests.ui.ui_helpers import PASSPHRASE, wait_idle
from ui.member.case_table_model import COL_CASE
from ui.workspace_flow import WorkspaceFlow

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def key(qtbot, window, k, mods=CTRL) -> None:
    """A shortcut typed wherever the keyboard focus is, as a person would."""
    if not window.isActiveWindow():  # a progress dialog may have had the focus
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow, timeout=5_000)
    target = window.focusWidget() or window
    QTest.keyClick(target, k, mods)
    wait_idle(qtbot, window)


def click_row(qtbot, window, row: int) -> str:
    table = window.review.list.table
    index = table.model().index(row, COL_CASE)
    table.scrollTo(index)
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton,
                     pos=table.visualRect(index).center())
    case_id = index.data()
    qtbot.waitUntil(lambda: window.review.current_case_id == case_id, timeout=10_000)
    wait_idle(qtbot, window)
    return case_id


def wait_saved(qtbot, window) -> None:
    qtbot.waitUntil(lambda: "Saved" in window.review.form.saved_state.text()
                    and not window.review.controller.dirty, timeout=10_000)


def test_review_loop_survives_close_and_reopen(make_window, passphrases, errors, qtbot,
                                              monkeypatch, app_home):
    monkeypatch.setattr(WorkspaceFlow, "demo_cases", 48)
    window = make_window()
    window.activateWindow()
    assert window.pages.currentWidget() is window.welcome

    # -- open the demo from the welcome page --------------------------------------
    qtbot.mouseClick(window.welcome.demo_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.review.current_case_id is not None, timeout=30_000)
    wait_idle(qtbot, window)
    assert "DEMO" in window.windowTitle() and window.demo_banner.isVisible()
    assert passphrases.asked == [("new", None)]
    lst, form = window.review.list, window.review.form
    assert lst.model.rowCount() == 48

    # -- filter --------------------------------------------------------------------
    combo = lst.combos["met_category"]
    combo.setCurrentIndex(combo.findData("new_assessment"))
    rows = [lst.model.case_at(i) for i in range(lst.model.rowCount())]
    assert rows and all(r.met_category == "new_assessment" for r in rows)
    assert len(rows) < 48 and f"{len(rows)} of 48" in lst.count.text()

    # -- search: a word from the case on screen finds it and is highlighted ----------
    summary = window.review.case_view.case.summary
    word = max(re.findall(r"[A-Za-z]{6,}", summary), key=len).lower()
    key(qtbot, window, Qt.Key.Key_F)
    assert lst.search.hasFocus()
    qtbot.keyClicks(lst.search, word)
    qtbot.waitUntil(lambda: lst.search_terms() == [word], timeout=5_000)
    wait_idle(qtbot, window)
    hits = [lst.model.case_at(i).case_id for i in range(lst.model.rowCount())]
    assert hits and lst.model.rowCount() < 48

    # -- open a case by mouse ------------------------------------------------------------
    first = click_row(qtbot, window, 0)
    assert window.review.case_view.title.text() == first
    assert "#ffe58a" in window.review.case_view.browser.toHtml().lower()
    lst.clear_filters()
    wait_idle(qtbot, window)
    assert lst.model.rowCount() == 48

    # -- decide by keyboard and mouse -------------------------------------------------
    form.rationale.setFocus()
    key(qtbot, window, Qt.Key.Key_3)  # Ctrl+3 while typing: category, not a "3"
    assert form.category_buttons["formal_risk_management"].isChecked()
    assert form.rationale.toPlainText() == ""
    form.action_boxes["vetting_review"].click()
    form.concern_boxes["repeat_subject"].click()
    qtbot.keyClicks(form.rationale, "The subject presents a continuing risk to colleagues "
                                    "and the public.")
    form.confidence_buttons["high"].click()
    wait_saved(qtbot, window)
    versions_first = len(window.review.case_view.history.model._rows)
    assert versions_first >= 4  # category, action, concern, rationale (debounced), confidence

    # -- finalise and go to the next undecided case (Ctrl+Return) --------------------------
    key(qtbot, window, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.review.current_case_id not in (None, first), timeout=10_000)
    wait_idle(qtbot, window)
    assert lst.model.case_at(lst.model.row_of(first)).state == "final"
    second = window.review.current_case_id

    # -- keyboard navigation ---------------------------------------------------------------
    row = lst.current_row()
    key(qtbot, window, Qt.Key.Key_Down)
    qtbot.waitUntil(lambda: lst.current_row() == row + 1)
    key(qtbot, window, Qt.Key.Key_Up)
    qtbot.waitUntil(lambda: window.review.current_case_id == second)

    # -- a draft, closed while the rationale is still in its typing pause ---------------------
    key(qtbot, window, Qt.Key.Key_1)
    wait_saved(qtbot, window)
    form.rationale.setFocus()
    draft_text = "Draft thoughts typed just before closing the window."
    qtbot.keyClicks(form.rationale, draft_text)
    assert window.review.controller.dirty
    window.close()  # flushes the pause, waits for the commit, closes the workspace

    # -- start again: the last workspace reopens after its passphrase ------------------------
    window2 = make_window()
    qtbot.waitUntil(lambda: window2.review.current_case_id is not None, timeout=20_000)
    wait_idle(qtbot, window2)
    assert passphrases.asked[-1] == ("existing", None)
    window2.review.list.select_case(first)
    qtbot.waitUntil(lambda: window2.review.current_case_id == first)
    wait_idle(qtbot, window2)
    f2 = window2.review.form
    assert f2.locked and f2.category_buttons["formal_risk_management"].isChecked()
    assert len(window2.review.case_view.history.model._rows) == versions_first + 1
    window2.review.list.select_case(second)
    qtbot.waitUntil(lambda: window2.review.current_case_id == second)
    wait_idle(qtbot, window2)
    assert f2.rationale.toPlainText() == draft_text and not f2.locked
    window2.close()
    assert errors == []

    # -- and the store agrees, chain intact ------------------------------------------------------
    workspace = next(app_home.glob("DEMO workspace*.prw"))
    with Workspace.open(workspace, PASSPHRASE) as ws:
        assert ws.decisions.get(first).decision.status == "final"
        assert ws.decisions.get(second).decision.rationale == draft_text
        assert len(ws.decisions.history(first)) == versions_first + 1
        ws.decisions.check_history()

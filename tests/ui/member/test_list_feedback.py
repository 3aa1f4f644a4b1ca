"""Counts that mean what they say, and a list that says why it is empty.

The status bar counts final, recused and draft decisions apart and the
categories by the panel's own choice; Save now on an untouched case writes
no version and says so; a cell of the dashboard's matrix opens the list on
exactly the cases it counts; a search without hits, and a filter that hides
the open case, are said in the list with a button that undoes them.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from review.cases import CATEGORIES
from tests.ui.member.test_review_loop import key, wait_saved
from tests.ui.member.test_small_screen import small_window
from tests.ui.ui_helpers import wait_idle

CATS = list(CATEGORIES)


def history_len(qtbot, window, case_id) -> int:
    got = []
    window.db.with_ws(lambda ws: len(ws.decisions.history(case_id)), got.append)
    qtbot.waitUntil(lambda: bool(got), timeout=10_000)
    return got[0]


def go(qtbot, window, row: int) -> str:
    page = window.review
    case_id = page.list.model.case_at(row).case_id
    page.list.select_row(row)
    qtbot.waitUntil(lambda: page.current_case_id == case_id, timeout=10_000)
    wait_idle(qtbot, window)
    return case_id


def decide(qtbot, window, category: str, *, final: bool) -> None:
    form = window.review.form
    form.set_category(category)
    form.rationale.setPlainText("The investigation at the time left the main lines open.")
    form.confidence_buttons["medium"].click()
    if final:
        window.review.controller.finalise()
        qtbot.waitUntil(lambda: form.locked, timeout=10_000)
    window.review.controller.flush()
    wait_idle(qtbot, window)
    wait_saved(qtbot, window)


def test_status_bar_counts_final_recused_and_drafts_apart(opened, qtbot, monkeypatch):
    window = opened
    label = window.progress_label
    assert "0 final, 0 recused" in label.text() and "0 drafts" in label.text()
    go(qtbot, window, 0)
    decide(qtbot, window, "new_assessment", final=False)
    assert "1 draft" in label.text() and "1 drafts" not in label.text()
    go(qtbot, window, 1)
    decide(qtbot, window, "new_assessment", final=False)
    assert "2 drafts" in label.text()
    go(qtbot, window, 2)
    met = window.review.list.model.case_at(2).met_category
    panel = next(c for c in CATS if c != met)  # the panel differs from the Met here
    decide(qtbot, window, panel, final=True)
    from ui.member import recuse_dialog
    monkeypatch.setattr(recuse_dialog, "ask_reason",
                        lambda *a: "I worked with the subject's line manager for two years.")
    go(qtbot, window, 3)
    window.review.controller.recuse()
    qtbot.waitUntil(lambda: window.review.form.locked, timeout=10_000)
    wait_idle(qtbot, window)
    text = label.text()
    assert "Decided 2 of 48" in text and "1 final, 1 recused" in text and "2 drafts" in text
    short = {"no_formal_action": "no formal action", "new_assessment": "new assessment",
             "formal_risk_management": "formal risk mgmt"}
    expected = ", ".join(f"{short[c]} {1 if c == panel else 0}" for c in CATS)
    assert f"Panel: {expected}" in text  # the panel's choice, not the Met's ({met})


def test_save_now_on_an_untouched_case_saves_nothing_and_says_so(opened, qtbot):
    window = opened
    case_id = window.review.current_case_id
    assert history_len(qtbot, window, case_id) == 0
    key(qtbot, window, Qt.Key.Key_S)
    assert history_len(qtbot, window, case_id) == 0
    assert "Nothing to save" in window.statusBar().currentMessage()
    assert window.review.list.model.case_at(0).state == "not_started"
    # After a change is saved, Save now again adds no second version either.
    key(qtbot, window, Qt.Key.Key_1)
    wait_saved(qtbot, window)
    assert history_len(qtbot, window, case_id) == 1
    window.statusBar().clearMessage()
    key(qtbot, window, Qt.Key.Key_S)
    assert history_len(qtbot, window, case_id) == 1
    assert "Nothing to save" in window.statusBar().currentMessage()


def test_a_matrix_cell_opens_the_list_on_its_cases(opened, qtbot):
    window = opened
    rows = window.review.list.model
    met = rows.case_at(0).met_category
    panel = next(c for c in CATS if c != met)
    go(qtbot, window, 0)
    decide(qtbot, window, panel, final=True)
    window._show_dashboard()
    matrix = window.dashboard.matrix
    r, c = CATS.index(met), CATS.index(panel)
    assert matrix.item(r, c).text() == "1"
    rect = matrix.visualItemRect(matrix.item(r, c))
    qtbot.mouseClick(matrix.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.pages.currentWidget() is window.review
    shown = [rows.case_at(i) for i in range(rows.rowCount())]
    assert [(x.met_category, x.panel_category, x.state) for x in shown] == [(met, panel, "final")]
    assert window.review.list.combos["panel_category"].currentData() == panel
    # "Not decided" in the same row: every case of that Met category not yet decided.
    window._show_dashboard()
    undecided = int(matrix.item(r, len(CATS)).text())
    rect = matrix.visualItemRect(matrix.item(r, len(CATS)))
    qtbot.mouseClick(matrix.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    shown = [rows.case_at(i) for i in range(rows.rowCount())]
    assert len(shown) == undecided > 0
    assert all(x.met_category == met and not x.decided for x in shown)


def test_a_search_without_hits_says_so_and_offers_to_clear_it(opened, qtbot):
    window = small_window(qtbot, opened)
    lst = window.review.list
    assert not lst.notice_bar.isVisible()
    qtbot.keyClicks(lst.search, "zyxwvutq")
    qtbot.waitUntil(lambda: lst.model.rowCount() == 0, timeout=5_000)
    wait_idle(qtbot, window)
    assert lst.notice_bar.isVisible()
    assert "No case matches \u201czyxwvutq\u201d" in lst.notice.text()
    assert lst.notice_button.text() == "Clear search"
    open_id = window.review.current_case_id
    lst.notice_button.setFocus()  # as after Tab, or a click: the button goes as it is pressed
    qtbot.waitUntil(lst.notice_button.hasFocus)
    QTest.keyClick(lst.notice_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: lst.model.rowCount() == 48, timeout=5_000)
    wait_idle(qtbot, window)
    assert lst.search.text() == "" and not lst.notice_bar.isVisible()
    assert window.review.current_case_id == open_id  # not the first row, by the way
    assert lst.current_case_id() == open_id


def test_a_filter_that_hides_the_open_case_says_so_and_shows_it_again(opened, qtbot):
    window = small_window(qtbot, opened)
    lst, page = window.review.list, window.review
    open_id = page.current_case_id
    met = lst.model.case_at(0).met_category
    combo = lst.combos["met_category"]
    combo.setCurrentIndex(combo.findData(next(c for c in CATS if c != met)))
    assert lst.model.rowCount() > 0 and lst.model.row_of(open_id) < 0
    assert lst.notice_bar.isVisible()
    assert lst.notice.text() == f"The open case {open_id} is outside the filter."
    assert page.current_case_id == open_id  # still on screen, only not in the list
    lst.notice_button.setFocus()
    qtbot.waitUntil(lst.notice_button.hasFocus)
    QTest.keyClick(lst.notice_button, Qt.Key.Key_Space)  # "Show it"
    wait_idle(qtbot, window)
    assert combo.currentIndex() == 0 and lst.model.rowCount() == 48
    assert lst.current_case_id() == open_id and not lst.notice_bar.isVisible()
    assert page.current_case_id == open_id
    # A filter that keeps the open case says nothing.
    combo.setCurrentIndex(combo.findData(met))
    assert not lst.notice_bar.isVisible()

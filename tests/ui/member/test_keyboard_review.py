"""Reviewing by keyboard alone, at 1366x768: no traps, focus always visible.

A case is decided and finalised with key presses only (confidence by
Alt+M), an arrow key chooses within a group of options, the focus is drawn
on every kind of control, and a final decision looks locked and says how to
reopen it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from tests.ui.member.test_review_loop import key, wait_saved
from tests.ui.member.test_small_screen import in_view, small_window
from tests.ui.ui_helpers import wait_idle

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
ALT = Qt.KeyboardModifier.AltModifier


def stored(qtbot, window, case_id):
    got = []
    window.db.with_ws(lambda ws: ws.decisions.get(case_id), got.append)
    qtbot.waitUntil(lambda: bool(got), timeout=10_000)
    return got[0]


def test_a_case_is_finalised_with_the_keyboard_alone(opened, qtbot):
    window = small_window(qtbot, opened)
    page, form = window.review, window.review.form
    case_id = page.current_case_id
    key(qtbot, window, Qt.Key.Key_L)                 # Ctrl+L: the list
    assert page.list.table.hasFocus()
    key(qtbot, window, Qt.Key.Key_2)                 # Ctrl+2: new assessment
    key(qtbot, window, Qt.Key.Key_E)                 # Ctrl+E: the rationale
    assert form.rationale.hasFocus()
    QTest.keyClicks(form.rationale, "Witnesses named in the report were never approached.")
    key(qtbot, window, Qt.Key.Key_M, ALT)            # Alt+M: medium confidence
    assert form.confidence_buttons["medium"].isChecked()
    key(qtbot, window, Qt.Key.Key_Return, CTRL | SHIFT)  # finalise, stay
    qtbot.waitUntil(lambda: form.locked, timeout=10_000)
    wait_saved(qtbot, window)
    saved = stored(qtbot, window, case_id)
    d = saved.decision
    assert (d.status, d.category, d.confidence) == ("final", "new_assessment", "medium")
    assert d.rationale.startswith("Witnesses named")
    # Alt+L and Alt+H are taken by the confidence, not by a menu's underlined letter.
    key(qtbot, window, Qt.Key.Key_R, CTRL | SHIFT)   # reopen
    qtbot.waitUntil(lambda: not form.locked, timeout=10_000)
    for letter, code in ((Qt.Key.Key_H, "high"), (Qt.Key.Key_L, "low")):
        key(qtbot, window, letter, ALT)
        assert form.confidence_buttons[code].isChecked()
    wait_saved(qtbot, window)
    assert stored(qtbot, window, case_id).decision.confidence == "low"
    assert QApplication.activePopupWidget() is None  # no menu opened on the way


def test_arrow_keys_choose_the_category_and_the_confidence(opened, qtbot):
    window = small_window(qtbot, opened)
    form = window.review.form
    case_id = window.review.current_case_id
    first = form.category_buttons["no_formal_action"]
    first.setFocus()
    qtbot.waitUntil(first.hasFocus)
    assert not any(b.isChecked() for b in form.category_buttons.values())
    QTest.keyClick(first, Qt.Key.Key_Down)
    second = form.category_buttons["new_assessment"]
    assert second.hasFocus() and second.isChecked()
    QTest.keyClick(second, Qt.Key.Key_Down)
    assert form.category_buttons["formal_risk_management"].isChecked()
    QTest.keyClick(form.category_buttons["formal_risk_management"], Qt.Key.Key_Up)
    assert second.isChecked()
    low = form.confidence_buttons["low"]
    low.setFocus()
    qtbot.waitUntil(low.hasFocus)
    QTest.keyClick(low, Qt.Key.Key_Right)
    assert form.confidence_buttons["medium"].isChecked()
    wait_idle(qtbot, window)
    wait_saved(qtbot, window)
    d = stored(qtbot, window, case_id).decision
    assert (d.category, d.confidence) == ("new_assessment", "medium")  # and saved


def _looks(widget):
    return widget.grab().toImage()


def test_focus_is_drawn_on_every_kind_of_control(opened, qtbot):
    window = small_window(qtbot, opened)
    page, form = window.review, window.review.form
    controls = [form.category_buttons["no_formal_action"], next(iter(form.concern_boxes.values())),
                form.finalise_button, page.list.combos["state"], page.list.search,
                form.rationale]
    outside = page.list.table
    for control in controls:
        outside.setFocus()
        qtbot.waitUntil(outside.hasFocus)
        plain = _looks(control)
        control.setFocus()
        qtbot.waitUntil(control.hasFocus)
        assert _looks(control) != plain, control.accessibleName() or control.text()


def test_a_final_decision_looks_locked_and_says_how_to_reopen(opened, qtbot):
    window = small_window(qtbot, opened)
    form = window.review.form
    concern = next(iter(form.concern_boxes.values()))
    before_box, before_text = _looks(concern), _looks(form.rationale)
    form.set_category("no_formal_action")
    form.rationale.setFocus()  # the form scrolls down to it
    form.rationale.setPlainText("The original action was proportionate and complete.")
    form.confidence_buttons["high"].click()
    qtbot.waitUntil(lambda: window.review.form_scroll.verticalScrollBar().value() > 0)
    window.review.controller.finalise()
    qtbot.waitUntil(lambda: form.locked, timeout=10_000)
    wait_idle(qtbot, window)
    assert "Final \u2014 reopen (Ctrl+Shift+R) to change" in form.banner.text()
    assert in_view(window.review, form.banner)  # scrolled back up to say so
    assert form.rationale.isReadOnly()
    assert _looks(concern) != before_box and _looks(form.rationale) != before_text
    for w in form._inputs():
        assert w.focusPolicy() == Qt.FocusPolicy.NoFocus
    qtbot.mouseClick(concern, Qt.MouseButton.LeftButton)
    assert not concern.isChecked()
    key(qtbot, window, Qt.Key.Key_R, CTRL | SHIFT)
    qtbot.waitUntil(lambda: not form.locked, timeout=10_000)
    assert "Final" not in form.banner.text()
    assert _looks(concern) == before_box


def test_tab_walks_the_form_in_the_order_it_is_seen(opened, qtbot):
    """The action boxes are made when a case is first shown, after the rest of the
    form: Tab must still reach them right after the category, not after the guidance."""
    window = small_window(qtbot, opened)
    page, form = window.review, window.review.form
    seen_regimes = set()
    for _ in range(12):  # several regimes: each has its own action boxes
        seen_regimes.add(form.regime)
        start = form.category_buttons["no_formal_action"]
        start.setFocus()
        qtbot.waitUntil(start.hasFocus)
        order = []
        for _ in range(len(form.action_boxes) + len(form.concern_boxes) + 2):
            QTest.keyClick(window.focusWidget(), Qt.Key.Key_Tab)
            order.append(window.focusWidget())
        expected = (list(form.action_boxes.values()) + list(form.concern_boxes.values())
                    + [form.rationale])
        assert order[:len(expected)] == expected
        assert order[len(expected)] in form.confidence_buttons.values()
        before = page.current_case_id
        page.step(1)
        qtbot.waitUntil(lambda: page.current_case_id != before, timeout=10_000)
        wait_idle(qtbot, window)
    assert len(seen_regimes) >= 2  # more than one set of action boxes was made and walked

"""Keyboard-first: every shortcut works from wherever the focus is, is in a
menu, is on the help sheet and in docs/keyboard.md; controls have names."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QComboBox, QLineEdit, QPlainTextEdit

from tests.ui.ui_helpers import wait_idle
from ui.coordinator.actions import MENU_ENTRIES
from ui.shortcuts import SHORTCUTS, ShortcutSheet, markdown_table

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
DOCS = Path(__file__).resolve().parents[2] / "docs" / "keyboard.md"


def press(qtbot, window, key, mods=CTRL):
    if not window.isActiveWindow():
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow, timeout=5_000)
    QTest.keyClick(window.focusWidget() or window, key, mods)
    wait_idle(qtbot, window)


def test_navigation_shortcuts_work_while_typing(opened, qtbot):
    review, form = opened.review, opened.review.form
    start = review.current_case_id
    form.rationale.setFocus()
    press(qtbot, opened, Qt.Key.Key_Down)
    qtbot.waitUntil(lambda: review.current_case_id != start, timeout=5_000)
    assert review.list.current_row() == 1
    press(qtbot, opened, Qt.Key.Key_Up)
    qtbot.waitUntil(lambda: review.current_case_id == start, timeout=5_000)
    press(qtbot, opened, Qt.Key.Key_2)
    assert form.category_buttons["new_assessment"].isChecked()
    press(qtbot, opened, Qt.Key.Key_E)
    assert form.rationale.hasFocus()
    press(qtbot, opened, Qt.Key.Key_F)
    assert review.list.search.hasFocus()
    press(qtbot, opened, Qt.Key.Key_L)
    assert review.list.table.hasFocus()
    press(qtbot, opened, Qt.Key.Key_F4, Qt.KeyboardModifier.NoModifier)
    assert review.case_view.tabs.currentIndex() == 2
    press(qtbot, opened, Qt.Key.Key_F6, Qt.KeyboardModifier.NoModifier)
    assert opened.pages.currentWidget() is opened.dashboard
    press(qtbot, opened, Qt.Key.Key_F5, Qt.KeyboardModifier.NoModifier)
    assert opened.pages.currentWidget() is opened.review


def test_next_undecided_skips_decided_cases(opened, qtbot):
    review, form = opened.review, opened.review.form
    model = review.list.model
    # Finalise the second case, go back to the first, then jump: the second is skipped.
    review.list.select_row(1)
    qtbot.waitUntil(lambda: review.current_case_id == model.case_at(1).case_id)
    wait_idle(qtbot, opened)
    form.set_category("no_formal_action")
    form.action_boxes["no_further_action"].click()
    form.rationale.setPlainText("The original handling was proportionate and fully recorded.")
    form.confidence_buttons["high"].click()
    press(qtbot, opened, Qt.Key.Key_Return, CTRL | SHIFT)  # finalise, stay
    assert model.case_at(1).state == "final"
    review.list.select_row(0)
    qtbot.waitUntil(lambda: review.current_case_id == model.case_at(0).case_id)
    press(qtbot, opened, Qt.Key.Key_Down, CTRL | SHIFT)
    qtbot.waitUntil(lambda: review.current_case_id == model.case_at(2).case_id, timeout=5_000)


def test_every_shortcut_is_in_a_menu_and_on_the_sheet(opened, qtbot):
    menu_actions = {a.objectName(): a for m in opened.menus.values() for a in m.actions()}
    for key, (_, _, shortcut, _) in SHORTCUTS.items():
        action = menu_actions[f"action_{key}"]
        assert action.shortcut() == QKeySequence(shortcut)
        assert action in opened.actions.values()
    for key, (_, shortcut, _) in MENU_ENTRIES.items():  # the Coordinator menu's
        assert menu_actions[f"action_{key}"].shortcut() == QKeySequence(shortcut)
    sheet = ShortcutSheet(opened)
    qtbot.addWidget(sheet)
    listed = [sheet.table.item(r, 0).text() for r in range(sheet.table.rowCount())]
    shortcuts = ([s for _, _, s, _ in SHORTCUTS.values() if s]
                 + [s for _, s, _ in MENU_ENTRIES.values()])
    assert sorted(listed) == sorted(shortcuts)
    assert len(shortcuts) == len(set(shortcuts))  # no two actions share a key


def test_docs_keyboard_md_matches_the_app():
    assert DOCS.read_text(encoding="utf-8") == markdown_table()


def test_controls_have_accessible_names(opened):
    kinds = (QAbstractButton, QComboBox, QLineEdit, QPlainTextEdit)
    unnamed = [type(w).__name__ + ":" + getattr(w, "text", lambda: "")()
               for kind in kinds for w in opened.findChildren(kind)
               if w.isVisible() and not w.accessibleName()
               and not (isinstance(w, QAbstractButton) and w.text())]
    assert unnamed == []


def test_readme_lists_the_same_shortcuts():
    readme = (DOCS.parents[1] / "README.md").read_text(encoding="utf-8")
    rows = [line for line in DOCS.read_text(encoding="utf-8").splitlines() if line.startswith("| ")]
    assert rows and all(row in readme for row in rows)

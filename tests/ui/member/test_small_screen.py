"""A day of reviewing on a 13-inch screen (1366x768): what must stay in reach.

The window is set to 1366x768 here, as on a small laptop with the window
maximised.  The form's fields must be on screen when they have the keyboard
focus, each case starts at the top of the form, the guidance folds away and
stays folded, the panes keep their widths from case to case and across
restarts, and the app reopens on the case the person was on.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QApplication

from tests.ui.ui_helpers import open_small, wait_idle
from ui import paths
from ui.member.case_file import TAB_CASE, TAB_HISTORY
from ui.member.case_table_model import COL_CASE, COL_PANEL

SMALL = (1366, 768)


def small_window(qtbot, window):
    window.resize(*SMALL)
    window.activateWindow()
    qtbot.waitUntil(lambda: window.width() == SMALL[0] and window.height() == SMALL[1])
    qtbot.waitUntil(window.isActiveWindow, timeout=5_000)
    QApplication.processEvents()
    return window


def in_view(page, widget) -> bool:
    """The whole of ``widget`` inside the form's visible area."""
    viewport = page.form_scroll.viewport()
    top_left = widget.mapTo(viewport, QPoint(0, 0))
    return viewport.rect().contains(QRect(top_left, widget.size()))


def focus(qtbot, widget) -> None:
    widget.setFocus()
    qtbot.waitUntil(widget.hasFocus, timeout=3_000)
    QApplication.processEvents()


def test_each_field_is_in_view_when_it_has_the_focus(opened, qtbot):
    window = small_window(qtbot, opened)
    page, form = window.review, window.review.form
    # The form does not fit whole at this size: that is why it must scroll itself.
    assert page.form_scroll.verticalScrollBar().maximum() > 0
    fields = [form.category_buttons["new_assessment"], next(iter(form.action_boxes.values())),
              next(iter(form.concern_boxes.values())), form.rationale,
              form.confidence_buttons["high"], form.category_buttons["no_formal_action"]]
    for widget in fields:
        focus(qtbot, widget)
        assert in_view(page, widget), widget.accessibleName()
    # The rationale brings its first lines and the confidence under it into view together.
    focus(qtbot, form.rationale)
    assert in_view(page, form.rationale)
    assert all(in_view(page, b) for b in form.confidence_buttons.values())
    # And the buttons that finish a case are outside the scrolling part: always shown.
    footer = form.footer
    assert footer.isVisible() and footer.mapTo(window, QPoint(0, 0)).y() + footer.height() \
        <= window.height()


def test_the_next_case_opens_at_the_top_of_the_form(opened, qtbot):
    window = small_window(qtbot, opened)
    page = window.review
    focus(qtbot, page.form.confidence_buttons["low"])
    bar = page.form_scroll.verticalScrollBar()
    assert bar.value() > 0
    first = page.current_case_id
    assert page.step(1)
    qtbot.waitUntil(lambda: page.current_case_id != first, timeout=10_000)
    wait_idle(qtbot, window)
    assert bar.value() == 0


def test_guidance_folds_away_and_stays_folded(make_window, opened, qtbot):
    window = small_window(qtbot, opened)
    pane = window.review.guidance_pane
    form_height = window.review.form_scroll.height()
    assert window.review.guidance.isVisible()
    qtbot.mouseClick(pane.toggle, Qt.MouseButton.LeftButton)
    QApplication.processEvents()
    assert pane.collapsed and not window.review.guidance.isVisible()
    qtbot.waitUntil(lambda: window.review.form_scroll.height() > form_height, timeout=3_000)
    assert pane.height() <= pane.toggle.sizeHint().height()
    window.close()
    window2 = make_window()
    qtbot.waitUntil(lambda: window2.review.current_case_id is not None, timeout=20_000)
    assert window2.review.guidance_pane.collapsed
    assert not window2.review.guidance.isVisible()
    window2.review.guidance_pane.set_collapsed(False)
    assert window2.review.guidance.isVisible()
    assert paths.settings().value("review/guidance_collapsed", type=bool) is False


def test_pane_widths_stay_from_case_to_case_and_across_restarts(make_window, opened, qtbot):
    window = small_window(qtbot, opened)
    page = window.review
    page.splitter.setSizes([330, 420, 616])
    sizes = page.splitter.sizes()
    regimes = set()
    for _ in range(12):  # several regimes, so several sets of action boxes are made
        before = page.current_case_id
        assert page.step(1)
        qtbot.waitUntil(lambda: page.current_case_id != before, timeout=10_000)
        wait_idle(qtbot, window)
        regimes.add(page.form.regime)
        assert page.splitter.sizes() == sizes
    assert len(regimes) >= 2  # more than one set of action boxes was made
    window.close()
    window2 = make_window()
    qtbot.waitUntil(lambda: window2.review.current_case_id is not None, timeout=20_000)
    small_window(qtbot, window2)
    assert window2.review.splitter.sizes() == sizes


def test_the_app_reopens_on_the_case_you_were_on(make_window, opened, qtbot, app_home):
    window = opened
    page = window.review
    for _ in range(5):
        before = page.current_case_id
        page.step(1)
        qtbot.waitUntil(lambda: page.current_case_id != before, timeout=10_000)
    wait_idle(qtbot, window)
    where = page.current_case_id
    assert page.list.model.row_of(where) == 5
    page.case_view.tabs.setCurrentIndex(TAB_HISTORY)
    window.close()
    # Only the id is kept, under a key that is not the case's text.
    settings_text = (app_home / "settings.ini").read_text(encoding="utf-8")
    assert where in settings_text
    assert page.case_view.case.summary[:40] not in settings_text

    window2 = make_window()
    qtbot.waitUntil(lambda: window2.review.current_case_id is not None, timeout=20_000)
    wait_idle(qtbot, window2)
    assert window2.review.current_case_id == where
    assert window2.review.list.current_case_id() == where
    assert window2.review.case_view.tabs.currentIndex() == TAB_CASE
    window2.close()


def test_another_workspace_does_not_open_on_this_ones_case(opened, qtbot, ui_bundle,
                                                           save_dialog, app_home, monkeypatch):
    page = opened.review
    page.step(3)
    qtbot.waitUntil(lambda: page.list.current_row() == 3, timeout=10_000)
    wait_idle(qtbot, opened)
    from PySide6.QtWidgets import QFileDialog
    other = app_home / "other.prw"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(other), "")))
    page.current_case_id = None
    open_small(qtbot, opened, ui_bundle)  # the same bundle, a new workspace
    assert page.list.current_row() == 0


def test_columns_show_panel_category_and_20_character_ids_whole(opened):
    lst = opened.review.list
    bold = QFont(lst.table.font())
    bold.setBold(True)
    fm = QFontMetrics(bold)
    header = lst.table.horizontalHeader()
    assert header.sectionSize(COL_PANEL) >= fm.horizontalAdvance("Panel category") + 24
    assert header.sectionSize(COL_PANEL) >= fm.horizontalAdvance("Formal risk mgmt") + 12
    long_id = "PSD/2019/004512-WXYZ"
    assert len(long_id) == 20
    rows = [replace(r, case_id=long_id if i == 7 else r.case_id)
            for i, r in enumerate(lst.model.all_rows())]
    lst.model.set_rows(rows)
    lst.fit_columns()
    assert header.sectionSize(COL_CASE) >= fm.horizontalAdvance(long_id) + 12

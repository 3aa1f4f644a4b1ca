"""The cases next to the open one are read ahead on the database thread, so a step
through the list shows the next case without a round trip; and what was read ahead
never hides a write queued after it (a save, an import): the case is then read again.
"""

from __future__ import annotations

from review.decisions import Decision
from tests.ui.ui_helpers import wait_idle


def _on_worker(qtbot, window, fn):
    """Run ``fn(ws)`` on the database thread and return its answer."""
    box: list = []
    window.db.with_ws(fn, box.append)
    qtbot.waitUntil(lambda: bool(box), timeout=10_000)
    return box[0]


def _settled(qtbot, window) -> None:
    """Until the read ahead (started once the case is painted) has been answered."""
    qtbot.waitUntil(lambda: not window.review._ahead_timer.isActive() and window.db.idle,
                    timeout=10_000)


def _row_of_open(window) -> int:
    return window.review.list.model.row_of(window.review.current_case_id)


def test_the_next_case_shows_at_once_and_its_consultation_is_logged(opened, qtbot):
    review = opened.review
    _settled(qtbot, opened)  # the neighbours have been read
    row = _row_of_open(opened)
    target = review.list.model.case_at(row + 1).case_id
    review.list.select_row(row + 1)
    assert review.current_case_id == target  # no wait for the database thread
    assert review.case_view.case.case_id == target and review.case_view.title.text() == target
    wait_idle(qtbot, opened)
    # (a fresh workspace: this is the first time it was opened)
    assert len(_on_worker(qtbot, opened, lambda ws: ws.consultations(target))) == 1
    # and back again, once what was read ahead is there (the job above was queued since)
    review.list.select_row(row + 2)
    _settled(qtbot, opened)
    previous = review.list.model.case_at(row + 1).case_id
    review.list.select_row(row + 1)
    assert review.current_case_id == previous


def test_a_write_queued_after_the_read_ahead_is_shown(opened, qtbot):
    review = opened.review
    wait_idle(qtbot, opened)
    row = _row_of_open(opened)
    target = review.list.model.case_at(row + 1).case_id
    # written on the database thread after the neighbour was read, as an import would
    _on_worker(qtbot, opened,
               lambda ws: ws.decisions.save(target, Decision(category="new_assessment")))
    review.list.select_row(row + 1)
    qtbot.waitUntil(lambda: review.current_case_id == target, timeout=10_000)
    wait_idle(qtbot, opened)
    assert review.form.category_buttons["new_assessment"].isChecked()
    assert review.form.saved_state.text().startswith("\u2713 Saved")


def test_a_change_made_before_stepping_on_is_there_on_stepping_back(opened, qtbot):
    review = opened.review
    wait_idle(qtbot, opened)
    row = _row_of_open(opened)
    here = review.current_case_id
    assert not review.form.category_buttons["no_formal_action"].isChecked()
    review.form.category_buttons["no_formal_action"].click()  # saved as the step is made
    review.list.select_row(row + 1)
    qtbot.waitUntil(lambda: review.current_case_id != here, timeout=10_000)
    wait_idle(qtbot, opened)
    review.list.select_row(row)
    qtbot.waitUntil(lambda: review.current_case_id == here, timeout=10_000)
    assert review.form.category_buttons["no_formal_action"].isChecked()
    history = _on_worker(qtbot, opened, lambda ws: ws.decisions.history(here))
    assert len(history) == 1 and review.case_view.tabs.tabText(2) == "History (1)"

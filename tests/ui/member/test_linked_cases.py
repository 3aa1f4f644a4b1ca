"""Linked cases in the case file: what each shows, in date order, right under the
header; Back and Forward after following one; the subject searched and filtered."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtTest import QTest

from ui.member.case_html import short_date
from tests.ui.ui_helpers import open_small, wait_idle

ALT = Qt.KeyboardModifier.AltModifier


@pytest.fixture(scope="module")
def panel_bundle(tmp_path_factory) -> Path:
    """Member R01 of a two-member panel: linked cases of their own and of the other's."""
    from review.demo.bundle import build_demo_bundles
    folder = tmp_path_factory.mktemp("linked")
    build_demo_bundles(folder, cases=60, reviewers=2, per_case=1, seed=5)
    return folder / "R01.prb"


@pytest.fixture
def window(make_window, save_dialog, panel_bundle, qtbot):
    w = make_window()
    open_small(qtbot, w, panel_bundle)
    return w


def _show(qtbot, window, case_id: str) -> None:
    window.review.open_linked(case_id)
    qtbot.waitUntil(lambda: window.review.current_case_id == case_id, timeout=10_000)
    wait_idle(qtbot, window)


def _press(qtbot, window, key) -> None:
    if not window.isActiveWindow():
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow, timeout=5_000)
    QTest.keyClick(window.focusWidget() or window, key, ALT)
    wait_idle(qtbot, window)


def _richest(window) -> str:
    """A case of this member whose subject has cases of theirs and of another member's."""
    rows = window.review.list.model.all_rows()
    mine = {}
    for r in rows:
        mine.setdefault(r.subject_id, []).append(r.case_id)
    best = max(rows, key=lambda r: (len(mine[r.subject_id]) > 1, r.subject_cases))
    assert best.subject_cases > len(mine[best.subject_id]) > 1, "fixture has no such subject"
    return best.case_id


def test_linked_cases_show_date_allegations_category_and_state_by_date(window, qtbot):
    case_id = _richest(window)
    _show(qtbot, window, case_id)
    view = window.review.case_view
    linked = view.linked
    assert [e.conduct_date for e in linked] == sorted(e.conduct_date for e in linked)
    assert any(e.mine for e in linked) and any(not e.mine for e in linked)
    text = view.browser.toPlainText()
    # Near the top: before the summary.
    assert text.index("Linked cases:") < text.index("Summary")
    at = [text.index(e.case_id, text.index("Linked cases:")) for e in linked]
    assert at == sorted(at)
    from datetime import date
    for e in linked:
        line = text[text.index(e.case_id, text.index("Linked cases:")):].split("\n")[0:6]
        block = " ".join(line)
        assert short_date(date.fromisoformat(e.conduct_date)) in block
        assert ("not started" if e.mine else "another member\u2019s") in block
    html = view.browser.toHtml()
    for e in linked:
        assert (f'href="case:{e.case_id}"' in html) == e.mine


def test_back_and_forward_after_following_a_link_by_keys_and_buttons(window, qtbot):
    review = window.review
    start = _richest(window)
    _show(qtbot, window, start)
    target = next(e.case_id for e in review.case_view.linked if e.mine)
    review.case_view.browser.anchorClicked.emit(QUrl(f"case:{target}"))
    qtbot.waitUntil(lambda: review.current_case_id == target, timeout=10_000)
    wait_idle(qtbot, window)
    assert review.case_view.back_button.isEnabled()
    assert not review.case_view.forward_button.isEnabled()
    _press(qtbot, window, Qt.Key.Key_Left)
    qtbot.waitUntil(lambda: review.current_case_id == start, timeout=10_000)
    assert review.case_view.forward_button.isEnabled()
    _press(qtbot, window, Qt.Key.Key_Right)
    qtbot.waitUntil(lambda: review.current_case_id == target, timeout=10_000)
    review.case_view.back_button.click()
    qtbot.waitUntil(lambda: review.current_case_id == start, timeout=10_000)
    wait_idle(qtbot, window)
    # Going somewhere new from here forgets what was forward, as a browser does.
    review.step(1)
    qtbot.waitUntil(lambda: review.current_case_id not in (start, None), timeout=10_000)
    wait_idle(qtbot, window)
    assert not review.case_view.forward_button.isEnabled()


def test_the_subject_is_searchable_and_clicking_it_filters_the_list(window, qtbot):
    review = window.review
    case_id = _richest(window)
    _show(qtbot, window, case_id)
    subject = review.case_view.case.subject_id
    of_subject = {r.case_id for r in review.list.model.all_rows() if r.subject_id == subject}
    model = review.list.model

    def shown() -> set[str]:
        return {model.case_at(i).case_id for i in range(model.rowCount())}

    review.list.search.setText(subject)
    qtbot.waitUntil(lambda: shown() == of_subject, timeout=10_000)
    review.list.clear_filters()
    assert model.rowCount() == model.total()
    assert f'href="subject:{subject}"' in review.case_view.subtitle.text()
    review.case_view.subtitle.linkActivated.emit(f"subject:{subject}")
    assert shown() == of_subject and not review.list.subject_bar.isHidden()
    assert subject in review.list.subject_label.text()
    assert review.list.count.text() == f"Showing {len(of_subject)} of {model.total()} cases"
    review.list.subject_clear.click()
    assert model.rowCount() == model.total() and review.list.subject_bar.isHidden()

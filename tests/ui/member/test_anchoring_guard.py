"""The anchoring guard: the Met's category and rationale stay hidden from the
member until they have chosen the panel's category for that case; the case
list, its filters and the dashboard never give them away meanwhile."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from review.cases import CATEGORIES
from ui.member.case_html import MET_HIDDEN
from ui.member.case_table_model import COL_MET, HIDDEN, CaseFilter
from ui.member.progress_stats import compute, status_text
from tests.ui.ui_helpers import open_small, wait_idle


@pytest.fixture(scope="module")
def guarded_bundle(ui_bundle, tmp_path_factory) -> Path:
    from review.bundle.contents import read_bundle, write_bundle
    from review.demo.bundle import demo_coordinator
    path = tmp_path_factory.mktemp("guarded") / "guarded.prb"
    write_bundle(path, replace(read_bundle(ui_bundle).contents, anchoring_guard=True),
                 demo_coordinator())
    return path


@pytest.fixture
def guarded(make_window, save_dialog, guarded_bundle, qtbot):
    w = make_window()
    open_small(qtbot, w, guarded_bundle)
    return w


def _rationale_words(case) -> str:
    return " ".join(case.met_rationale.split()[:6])


def test_the_guard_hides_the_met_view_until_a_category_is_chosen(guarded, qtbot):
    review = guarded.review
    view, form, model = review.case_view, review.form, review.list.model
    case = view.case
    assert view.met_hidden and "hidden" in view.badge.text()
    assert CATEGORIES[case.met_category] not in view.badge.text()
    text = " ".join(view.browser.toPlainText().split())
    assert " ".join(MET_HIDDEN.split()) in text and _rationale_words(case) not in text
    assert form.agreement.text() == ""
    # The list, its sort and filter, and the counts say nothing of it either.
    row = model.row_of(case.case_id)
    assert model.index(row, COL_MET).data() == HIDDEN
    assert all(r.met_category is None for r in model.all_rows())
    for code in CATEGORIES:
        assert CaseFilter(met_category=code).apply(model.all_rows()) == []
    stats = compute(model.all_rows())
    assert stats.met_hidden == model.total()
    assert all(stats.assigned_in(code) == 0 for code in CATEGORIES)
    assert f"Met category hidden {model.total()}" in status_text(stats)

    other = next(c for c in CATEGORIES if c != case.met_category)
    form.set_category(other)
    qtbot.waitUntil(lambda: not view.met_hidden, timeout=10_000)
    wait_idle(qtbot, guarded)
    text = " ".join(view.browser.toPlainText().split())
    assert _rationale_words(case) in text and " ".join(MET_HIDDEN.split()) not in text
    assert view.badge.text() == "Met: " + CATEGORIES[case.met_category]
    assert form.agreement.text() == ("\u2260 You differ from the Met: they chose "
                                     + CATEGORIES[case.met_category])
    assert model.index(model.row_of(case.case_id), COL_MET).data() != HIDDEN
    assert compute(model.all_rows()).met_hidden == model.total() - 1
    form.set_category(case.met_category)
    assert form.agreement.text() == "\u2713 You agree with the Met\u2019s category"


def test_reopening_a_case_with_a_category_shows_the_met_at_once(guarded, qtbot):
    review = guarded.review
    first = review.current_case_id
    met = review.case_view.case.met_category
    review.form.set_category(met)
    qtbot.waitUntil(lambda: not review.case_view.met_hidden, timeout=10_000)
    review.step(1)
    qtbot.waitUntil(lambda: review.current_case_id != first, timeout=10_000)
    wait_idle(qtbot, guarded)
    assert review.case_view.met_hidden  # the next case is still guarded
    review.step(-1)
    qtbot.waitUntil(lambda: review.current_case_id == first, timeout=10_000)
    wait_idle(qtbot, guarded)
    assert not review.case_view.met_hidden
    assert review.case_view.badge.text() == "Met: " + CATEGORIES[met]


def test_linked_cases_hide_the_met_category_of_own_undecided_cases(guarded, qtbot):
    review = guarded.review
    rows = review.list.model.all_rows()
    repeat = next(r for r in rows if r.subject_cases > 1)
    review.open_linked(repeat.case_id)
    qtbot.waitUntil(lambda: review.current_case_id == repeat.case_id, timeout=10_000)
    wait_idle(qtbot, guarded)
    linked = review.case_view.linked
    assert linked and all(e.mine and e.met_category is None for e in linked)
    assert "hidden for now" in review.case_view.browser.toPlainText()


def test_the_demo_has_the_guard_off(opened):
    view = opened.review.case_view
    assert not view.met_hidden
    assert view.badge.text() == "Met: " + CATEGORIES[view.case.met_category]
    assert all(r.met_category in CATEGORIES for r in opened.review.list.model.all_rows())
    assert _rationale_words(view.case) in " ".join(view.browser.toPlainText().split())

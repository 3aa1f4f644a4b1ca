"""Progress in the status bar and on the dashboard agrees with the store."""

from __future__ import annotations

from collections import Counter

from review.cases import CATEGORIES
from tests.ui.ui_helpers import wait_idle


def _simulate(qtbot, window):
    from review.demo.simulate import simulate
    done = []
    window.db.with_ws(lambda ws: (simulate(ws, seed=5), ws.decisions.progress())[1], done.append)
    qtbot.waitUntil(lambda: bool(done), timeout=20_000)
    window.review.load_rows()
    wait_idle(qtbot, window)
    return done[0]


def _panel_categories(qtbot, window) -> Counter:
    """Final decisions by the panel's own category, as the store holds them."""
    done = []
    window.db.with_ws(lambda ws: Counter(s.decision.category for s in ws.decisions.all()
                                         if s.decision.status == "final"
                                         and not s.decision.recused), done.append)
    qtbot.waitUntil(lambda: bool(done), timeout=10_000)
    return done[0]


def test_status_bar_and_dashboard_count_what_the_store_holds(opened, qtbot):
    progress = _simulate(qtbot, opened)
    everything = progress["all"]
    decided = everything.get("final", 0) + everything.get("recused", 0)
    text = opened.progress_label.text()
    assert f"Decided {decided:,} of 48" in text
    # final, recused and drafts counted apart; the categories are the panel's own
    assert f"{everything['final']:,} final, {everything.get('recused', 0):,} recused" in text
    drafts = everything.get("draft", 0)
    assert drafts > 1 and f"{drafts:,} drafts" in text
    panel = _panel_categories(qtbot, opened)
    short = {"no_formal_action": "no formal action", "new_assessment": "new assessment",
             "formal_risk_management": "formal risk mgmt"}
    assert "Panel: " + ", ".join(f"{short[c]} {panel[c]:,}" for c in CATEGORIES) in text
    assert [panel[c] for c in CATEGORIES] != \
        [progress[c].get("final", 0) for c in CATEGORIES]  # not the Met's counts
    opened._show_dashboard()
    d = opened.dashboard
    assert d.cards["assigned"].text() == "48"
    assert d.cards["final"].text() == str(everything.get("final", 0))
    assert d.cards["not_started"].text() == str(everything.get("not_started", 0))
    # The matrix: its final decisions add up, the diagonal is agreement.
    cats = list(CATEGORIES)
    cells = [[int(d.matrix.item(i, j).text()) for j in range(len(cats))] for i in range(len(cats))]
    assert sum(map(sum, cells)) == everything.get("final", 0)
    totals = [int(d.matrix.item(i, len(cats) + 1).text()) for i in range(len(cats))]
    assert totals == [sum(progress[c].values()) for c in cats]
    assert sum(int(label.text().replace(",", "")) for _, _, label in d.concern_labels) > 0


def test_a_finalised_case_moves_the_counts_at_once(opened, qtbot):
    form = opened.review.form
    before = opened.progress_label.text()
    assert "Decided 0 of 48" in before
    form.set_category("new_assessment")
    form.action_boxes["further_inquiry"].click()
    form.rationale.setPlainText("Key witnesses were never approached by the original team.")
    form.confidence_buttons["low"].click()
    opened.review.controller.finalise()
    wait_idle(qtbot, opened)
    assert "Decided 1 of 48" in opened.progress_label.text()


def test_patterns_read_only_the_members_own_final_decisions_and_open_their_cases(opened, qtbot):
    from review.insights.analysis import MEMBER, analyse, usable_decisions
    from review.insights.selection import escalated_cases
    _simulate(qtbot, opened)
    opened._show_dashboard()
    patterns = opened.dashboard.patterns
    qtbot.waitUntil(lambda: patterns.insights is not None, timeout=10_000)
    done = []
    opened.db.with_ws(lambda ws: (list(ws.iter_cases()), usable_decisions(
        {s.case_id: s.decision for s in ws.decisions.all()})), done.append)
    qtbot.waitUntil(lambda: bool(done), timeout=10_000)
    cases, decisions = done[0]
    expected = analyse(cases, decisions, scope=MEMBER)
    assert patterns.insights.decided == expected.decided == len(decisions)
    assert "One reviewer's own final decisions" in patterns.scope.text()
    assert "not the panel's result" in patterns.scope.text()
    # the member's view never shows the Met's own rates (they read undecided cases too)
    assert set(patterns.rate_charts) == {"escalated"}
    assert not patterns.matrix.isVisibleTo(opened.dashboard)
    row = next(i for i, u in enumerate(expected.under) if u.relative.group.k)
    wanted = escalated_cases(cases, decisions, expected.under[row].allegation)
    patterns.under.cellActivated.emit(row, 0)
    wait_idle(qtbot, opened)
    model = opened.review.list.model
    assert opened.pages.currentWidget() is opened.review
    assert sorted(model.case_at(i).case_id for i in range(model.rowCount())) == sorted(wanted)
    assert "Only the" in opened.review.list.subject_label.text()
    opened.review.list.subject_clear.click()
    assert model.rowCount() == 48

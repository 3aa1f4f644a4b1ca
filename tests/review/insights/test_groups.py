"""Rates by group: references, suppression, "not recorded" kept, flags over every comparison."""

import pytest
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import proportion_confint

from review.insights.groups import group_tables
from review.insights.rates import relative_rate
from tests.review.insights.cases import case, decision


def _table(tables, dim, outcome):
    return next(t for t in tables if t.dimension.key == dim and t.outcome.key == outcome)


def _row(table, value):
    return next(r for r in table.rows if r.value == value)


def _cases(groups):
    """groups: [(ethnicity, cases, escalated)] with Met 'no_formal_action' for all."""
    cases, decisions, i = [], {}, 0
    for ethnicity, n, up in groups:
        for j in range(n):
            c = case(i, ethnicity=ethnicity, met="no_formal_action")
            cases.append(c)
            decisions[c.case_id] = decision("new_assessment" if j < up else "no_formal_action")
            i += 1
    return cases, decisions


def test_escalation_by_ethnicity_against_white_by_hand():
    cases, decisions = _cases([("White", 100, 10), ("Black", 40, 12), ("Asian", 10, 2),
                               ("Mixed", 9, 9)])
    table = _table(group_tables(cases, decisions), "ethnicity", "escalated")
    white, black = _row(table, "White"), _row(table, "Black")
    assert white.is_reference and white.relative is None
    assert (black.rate.k, black.rate.n) == (12, 40)
    assert black.rate.interval == pytest.approx(proportion_confint(12, 40, method="wilson"))
    assert black.relative.ratio == pytest.approx(0.3 / 0.1)
    assert black.relative == relative_rate(black.rate, white.rate)
    # nine cases: suppressed and no relative rate, ten cases: shown
    mixed, asian = _row(table, "Mixed"), _row(table, "Asian")
    assert mixed.rate.suppressed and mixed.rate.text() == "fewer than 10"
    assert mixed.relative.ratio is None and not mixed.flagged
    assert not asian.rate.suppressed and asian.relative.ratio == pytest.approx(2.0)


def test_a_reference_group_under_ten_cases_is_never_used():
    cases, decisions = _cases([("White", 9, 1), ("Black", 40, 12)])
    table = _table(group_tables(cases, decisions), "ethnicity", "escalated")
    assert not table.reference_usable
    assert _row(table, "Black").relative.ratio is None
    assert _row(table, "Black").relative.text() == "fewer than 10"


def test_not_recorded_groups_are_shown_not_dropped():
    cases = [case(i, gender="not recorded" if i < 12 else "male") for i in range(40)]
    decisions = {c.case_id: decision("new_assessment") for c in cases}
    table = _table(group_tables(cases, decisions), "gender", "escalated")
    assert _row(table, "not recorded").rate.n == 12
    ethnic = _table(group_tables(cases, decisions), "ethnicity", "met_formal")
    assert _row(ethnic, "Not stated").rate.n == 0  # listed even when empty


def test_met_formal_action_counts_undecided_cases_and_panel_outcomes_do_not():
    cases = [case(i, met="formal_risk_management" if i % 4 == 0 else "new_assessment")
             for i in range(40)]
    decisions = {c.case_id: decision("formal_risk_management", ("misconduct_proceedings",))
                 for c in cases[:20]}
    tables = group_tables(cases, decisions)
    officer_met = _row(_table(tables, "role", "met_formal"), "officer")
    assert (officer_met.rate.k, officer_met.rate.n) == (10, 40)
    officer_proc = _row(_table(tables, "role", "proceedings"), "officer")
    assert (officer_proc.rate.k, officer_proc.rate.n) == (20, 20)


def test_a_case_counts_under_each_of_its_allegation_types():
    cases = [case(i, types=("sexual_misconduct", "discrimination") if i < 15 else ("other",))
             for i in range(45)]
    decisions = {c.case_id: decision("new_assessment") for c in cases}
    table = _table(group_tables(cases, decisions), "allegation", "escalated")
    assert _row(table, "sexual_misconduct").rate.n == 15
    assert _row(table, "discrimination").rate.n == 15
    assert _row(table, "other").is_reference and _row(table, "other").rate.n == 30


def test_flags_are_benjamini_hochberg_over_every_comparison_at_once():
    cases, decisions = _cases([("White", 300, 30), ("Black", 60, 20), ("Asian", 60, 10),
                               ("Mixed", 30, 5), ("Other", 12, 2)])
    tables = group_tables(cases, decisions)
    rows = [r for t in tables for r in t.rows if r.relative is not None and r.relative.p is not None]
    reject, *_ = multipletests([r.relative.p for r in rows], alpha=0.05, method="fdr_bh")
    assert [r.flagged for r in rows] == list(reject)
    assert _row(_table(tables, "ethnicity", "escalated"), "Black").flagged
    assert not _row(_table(tables, "ethnicity", "escalated"), "Mixed").flagged

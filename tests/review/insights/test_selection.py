"""A click on a figure opens exactly the cases the figure counts."""

from review.insights.analysis import analyse
from review.insights.patterns import delays
from review.insights.selection import (delay_cases, escalated_cases, group_cases, matrix_cases,
                                       subject_cases)
from tests.review.insights.cases import case, decision


def _panel():
    cases, decisions = [], {}
    for i in range(60):
        c = case(i, ethnicity=("White", "Black", "Asian")[i % 3], met="no_formal_action",
                 types=("sexual_misconduct",) if i % 4 == 0 else ("other",),
                 subject="S-REPEAT" if i < 5 else None, days=50 * i)
        cases.append(c)
        if i % 5:
            decisions[c.case_id] = decision("new_assessment" if i % 2 else "no_formal_action")
    return cases, decisions


def test_group_selection_matches_the_rates_k():
    cases, decisions = _panel()
    insights = analyse(cases, decisions)
    for table in insights.groups:
        for row in table.rows:
            ids = group_cases(cases, decisions, table.dimension.key, row.value, table.outcome.key)
            assert len(ids) == row.rate.k, (table.dimension.key, table.outcome.key, row.value)


def test_matrix_escalation_delay_and_subject_selections():
    cases, decisions = _panel()
    insights = analyse(cases, decisions)
    assert len(matrix_cases(cases, decisions, "no_formal_action", "new_assessment")) == \
        insights.matrix.counts["no_formal_action"]["new_assessment"]
    assert len(escalated_cases(cases, decisions)) == insights.matrix.escalated.k
    under = insights.under[0]
    assert len(escalated_cases(cases, decisions, "sexual_misconduct")) == under.relative.group.k
    for i, (_, k) in enumerate(delays(cases)[0].histogram()):
        assert len(delay_cases(cases, i)) == k
    assert subject_cases(cases, " s-repeat ") == [c.case_id for c in cases[:5]]

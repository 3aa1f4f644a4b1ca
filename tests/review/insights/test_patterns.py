"""Panel against Met, under-escalation, repeat subjects and delay, on hand-made lists."""

import datetime as dt
import statistics

import pytest

from review.insights.analysis import MEMBER, analyse
from review.insights.patterns import (category_matrix, delays, repeat_subjects,
                                      under_escalation)
from review.insights.rates import relative_rate, Rate
from tests.review.insights.cases import case, decision


def test_matrix_and_escalation_shares_by_hand():
    plan = [("no_formal_action", "new_assessment", 12), ("no_formal_action", "no_formal_action", 20),
            ("new_assessment", "no_formal_action", 3), ("formal_risk_management",
                                                         "formal_risk_management", 15)]
    cases, decisions, i = [], {}, 0
    for met, panel, n in plan:
        for _ in range(n):
            c = case(i, met=met)
            cases.append(c)
            decisions[c.case_id] = decision(panel)
            i += 1
    cases.append(case(i))  # undecided: not in the matrix
    m = category_matrix(cases, decisions)
    assert m.decided == 50
    assert m.counts["no_formal_action"]["new_assessment"] == 12
    assert (m.escalated.k, m.de_escalated.k, m.unchanged.k) == (12, 3, 35)
    assert m.cell_text("new_assessment", "no_formal_action") == "fewer than 10"
    assert m.cell_text("no_formal_action", "new_assessment") == "12"
    assert m.cell_text("new_assessment", "new_assessment") == "0"


def test_under_escalation_compares_with_all_other_decided_cases():
    cases, decisions = [], {}
    for i in range(30):
        c = case(i, met="no_formal_action", types=("sexual_misconduct",))
        cases.append(c)
        decisions[c.case_id] = decision("new_assessment" if i < 15 else "no_formal_action")
    for i in range(30, 130):
        c = case(i, met="no_formal_action", types=("domestic_abuse",))
        cases.append(c)
        decisions[c.case_id] = decision("new_assessment" if i < 40 else "no_formal_action")
    sm, disc = under_escalation(cases, decisions)
    assert sm.relative == relative_rate(Rate(15, 30), Rate(10, 100))
    assert sm.relative.ratio == pytest.approx(5.0)
    assert disc.relative.group.n == 0 and disc.relative.text() == "fewer than 10"


def test_repeat_subjects_bands_timelines_and_escalation():
    cases, decisions = [], {}
    i = 0
    # one subject with 6 cases (mixed-case spellings are one person), two with 2, ten alone
    for sid, n in (("S-A", 6), ("S-B", 2), ("S-C", 2)):
        for j in range(n):
            name = sid.lower() if (sid == "S-A" and j % 2) else sid
            c = case(i, subject=name, conduct=dt.date(2015 + (5 - j), 1, 1), met="no_formal_action")
            cases.append(c)
            decisions[c.case_id] = decision("new_assessment")
            i += 1
    for _ in range(10):
        c = case(i, met="no_formal_action")
        cases.append(c)
        decisions[c.case_id] = decision("no_formal_action" if i % 2 else "new_assessment")
        i += 1
    r = repeat_subjects(cases, decisions)
    assert r.bands == (("1", 10, 10), ("2", 2, 4), ("3–5", 0, 0), ("6 or more", 1, 6))
    subject, timeline = r.timelines[0]
    assert subject == "S-A" and len(timeline) == 6
    dates = [t.conduct_date for t in timeline]
    assert dates == sorted(dates)
    assert all(t.panel_category == "new_assessment" for t in timeline)
    assert r.relative == relative_rate(Rate(10, 10), Rate(5, 10))


def test_delay_median_shares_and_missing_dates():
    days = [30, 100, 200, 350, 401, 500, 650, 731, 800, 1000, 1200, 90]
    cases = [case(i, days=d, types=("domestic_abuse",)) for i, d in enumerate(days)]
    cases.append(case(99, reported=None))
    cases.append(case(98, days=-5))  # outcome before the report
    all_cases = delays(cases)[0]
    assert all_cases.median == statistics.median(days)
    assert all_cases.without_dates == 2
    over400, over730 = all_cases.over
    assert (over400.k, over400.n) == (sum(d > 400 for d in days), 12)
    assert (over730.k, over730.n) == (sum(d > 730 for d in days), 12)
    histogram = dict(all_cases.histogram())
    assert sum(histogram.values()) == 12 and histogram["1095+"] == 1
    by_type = {d.label: d for d in delays(cases)}
    assert not by_type["Domestic abuse"].suppressed
    assert by_type["Discrimination"].suppressed and by_type["Discrimination"].median is None


def test_member_scope_is_labelled_as_one_reviewers_view():
    cases = [case(i) for i in range(12)]
    decisions = {c.case_id: decision("new_assessment") for c in cases[:10]}
    out = analyse(cases, decisions, scope=MEMBER, reviewer="R01, Dr A")
    assert out.decided == 10 and "One reviewer's own" in out.scope_line
    assert "not the panel's result" in out.scope_line

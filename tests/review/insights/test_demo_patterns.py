"""The synthetic demo carries the patterns it was built with, and the analysis finds them,
and only them."""

import random
from collections import Counter
from functools import lru_cache

from review.cases import Case
from review.demo.data import generate_cases
from review.demo.simulate import synthetic_decision
from review.insights.analysis import analyse
from review.insights.groups import CATEGORY_ORDER
from tests.review.insights.cases import case, decision


@lru_cache(maxsize=1)
def _demo():
    cases = [Case.from_json(c) for c in generate_cases(1131, 0)]
    subjects = Counter(c.subject_id for c in cases)
    decisions = {c.case_id: synthetic_decision(c, random.Random(c.case_id),
                                               subjects[c.subject_id] > 1) for c in cases}
    return cases, decisions, analyse(cases, decisions)


def _rows(insights, dim, outcome):
    table = next(t for t in insights.groups
                 if t.dimension.key == dim and t.outcome.key == outcome)
    return {r.value: r for r in table.rows}


def test_the_demo_keeps_the_mets_category_totals():
    cases, _, _ = _demo()
    assert Counter(c.met_category for c in cases) == {
        "no_formal_action": 246, "new_assessment": 689, "formal_risk_management": 196}


def test_disparity_by_ethnicity_in_the_mets_formal_action_is_found():
    rows = _rows(_demo()[2], "ethnicity", "met_formal")
    for group in ("Black", "Asian"):
        assert rows[group].flagged and rows[group].relative.low > 1.0


def test_under_escalation_of_sexual_misconduct_and_discrimination_is_found():
    for found in _demo()[2].under:
        assert found.relative.low > 1.0, found.label
    rows = _rows(_demo()[2], "allegation", "escalated")
    assert rows["sexual_misconduct"].flagged


def test_a_long_tail_of_repeat_subjects_and_long_delays():
    insights = _demo()[2]
    bands = {name: subjects for name, subjects, _ in insights.repeat.bands}
    assert bands["2"] > bands["3–5"] > bands["6 or more"] > 0
    assert len(insights.repeat.timelines[0][1]) >= 12
    everyone = insights.delay[0]
    assert 0.15 <= everyone.over[1].value <= 0.25   # about a fifth over two years
    assert everyone.median > 200


def test_nothing_is_found_where_nothing_was_built_in():
    insights = _demo()[2]
    for dim in ("gender", "role"):
        for outcome in ("escalated", "proceedings", "met_formal"):
            assert not any(r.flagged for r in _rows(insights, dim, outcome).values()), (dim, outcome)


def test_no_flags_on_a_list_where_groups_and_outcomes_are_independent():
    rng = random.Random("independent")
    groups = ("White", "Black", "Asian", "Mixed", "Other", "Not stated")
    cases, decisions = [], {}
    for i in range(1500):
        c = case(i, ethnicity=rng.choice(groups), met=rng.choice(CATEGORY_ORDER),
                 gender=rng.choice(("male", "female")))
        cases.append(c)
        decisions[c.case_id] = decision(rng.choice(CATEGORY_ORDER))
    assert analyse(cases, decisions).flagged() == []

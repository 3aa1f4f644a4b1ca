"""Decision vocabulary and finalisation rules, field by field."""

from __future__ import annotations

from dataclasses import replace

import pytest

from review.decisions import (Decision, actions_for, check_draft, check_final, final_errors,
                              is_real_sentence)
from review.errors import DecisionInvalid

GOOD = Decision(category="new_assessment", actions=("further_inquiry",),
                rationale="The original inquiry never spoke to the neighbour who called 999.",
                confidence="medium")


def test_good_decision_finalises():
    assert check_final(GOOD, "2020", "officer").status == "final"


@pytest.mark.parametrize("change, field", [
    ({"category": None}, "category"),
    ({"rationale": ""}, "rationale"),
    ({"rationale": "n/a"}, "rationale"),
    ({"rationale": "ok ok ok ok ok ok"}, "rationale"),
    ({"rationale": "Agree."}, "rationale"),
    ({"confidence": None}, "confidence"),
    ({"actions": ("misconduct_proceedings",)}, "severity"),
    ({"severity": "misconduct"}, "severity"),
    ({"actions": ("no_further_action", "vetting_review")}, "actions"),
])
def test_each_rule_names_its_field(change, field):
    errors = final_errors(replace(GOOD, **change), "2020", "officer")
    assert field in errors and errors[field].endswith(".")
    with pytest.raises(DecisionInvalid) as info:
        check_final(replace(GOOD, **change), "2020", "officer")
    assert field in info.value.errors


def test_drafts_may_be_incomplete_but_not_outside_vocabulary():
    assert check_draft(Decision(rationale="thinking"), "2012", "officer").status == "draft"
    with pytest.raises(DecisionInvalid, match="cannot be saved") as info:
        check_draft(Decision(category="sack_them"), "2012", "officer")
    assert "category" in info.value.errors


@pytest.mark.parametrize("regime, offered, refused", [
    ("2012", "management_action", "rprp"),
    ("2020", "rprp", "management_action"),
])
def test_actions_follow_the_regulations_regime(regime, offered, refused):
    assert offered in actions_for(regime, "officer")
    assert refused not in actions_for(regime, "officer")
    with pytest.raises(DecisionInvalid, match="not offered under the Police"):
        check_draft(replace(GOOD, actions=(refused,)), regime, "officer")


def test_recusal_needs_a_reason_but_no_category():
    rec = Decision(recused=True, recusal_reason="", status="final")
    assert "recusal_reason" in final_errors(rec, "2020", "officer")
    rec = replace(rec, recusal_reason="I supervised the subject between 2015 and 2017.")
    assert final_errors(rec, "2020", "officer") == {}


def test_normalised_decisions_serialise_alike():
    a = replace(GOOD, actions=("vetting_review", "further_inquiry"), rationale=GOOD.rationale + "  ")
    b = replace(GOOD, actions=("further_inquiry", "vetting_review"))
    assert a.normalised().canonical() == b.normalised().canonical()
    assert Decision.from_json(a.to_json()) == a


@pytest.mark.parametrize("text, ok", [
    ("The investigation missed the neighbour's statement.", True),
    ("tbc", False), ("xxxx", False), ("see above", False), ("no no no no", False),
])
def test_real_sentence(text, ok):
    assert is_real_sentence(text) is ok


@pytest.mark.parametrize("field", ["rationale", "recusal_reason"])
def test_text_longer_than_an_excel_cell_allows_is_refused_by_field(field):
    from review.decisions import MAX_TEXT
    fits = replace(GOOD, **{field: "The panel weighed it. " + "x" * (MAX_TEXT - 22)})
    assert len(getattr(fits, field)) == MAX_TEXT
    check_draft(fits, "2020", "officer")  # exactly the limit is fine
    with pytest.raises(DecisionInvalid) as caught:
        check_draft(replace(fits, **{field: getattr(fits, field) + "y"}), "2020", "officer")
    assert set(caught.value.errors) == {field}
    assert f"{MAX_TEXT:,}" in caught.value.errors[field]

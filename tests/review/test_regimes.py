"""Which rules a case falls under, and the actions each regime and role is offered.

The Conduct Regulations follow the date the allegation came to the attention
of the appropriate authority (the date reported unless a case list gives it),
a regime stated in the case list wins, and police staff are under the force's
staff misconduct procedure.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from review.cases import REGIMES, Case, regime_for
from review.decisions import (ACTIONS, Decision, actions_for, check_draft, check_final,
                              final_errors, shape_errors)
from review.errors import CaseDataError, DecisionInvalid
from review.intake.cells import SheetRows
from review.intake.parse import import_cases, parse_cases

D = dt.date


def case(reported: str = "2015-03-14", role: str = "officer", **extra) -> Case:
    return Case(case_id="PR-1", original_ref="PSD/1", subject_id="S-1", subject_role=role,
                rank="PC", gender="male", ethnicity="White", allegation_types=("domestic_abuse",),
                summary="A summary.", conduct_date=D(2003, 1, 1),
                reported_date=D.fromisoformat(reported), outcome_date=D(2024, 1, 1),
                original_outcome="No case to answer", met_category="new_assessment",
                met_rationale="A rationale.", **extra)


@pytest.mark.parametrize("day, regime", [
    (D(2008, 11, 30), "2004"), (D(2008, 12, 1), "2008"),
    (D(2012, 11, 21), "2008"), (D(2012, 11, 22), "2012"),
    (D(2020, 1, 31), "2012"), (D(2020, 2, 1), "2020"),
    (D(1990, 1, 1), "2004"), (D(2030, 1, 1), "2020"),
])
def test_the_regulations_change_on_the_day(day, regime):
    assert regime_for(day) == regime
    assert case(day.isoformat()).regime == regime


def test_the_conduct_date_does_not_decide():
    """Conduct in 2003, reported in 2021: the 2020 Regulations, not 2004."""
    c = case("2021-06-01")
    assert c.conduct_date.year == 2003 and c.regime == "2020"
    assert c.regime_line == "2020 Regulations: reported 1 Jun 2021."


def test_the_attention_date_wins_over_the_date_reported():
    c = case("2020-01-31", attention_date=D(2020, 2, 1))
    assert c.regime == "2020"
    assert c.regime_line == "2020 Regulations: came to attention 1 Feb 2020."
    assert case("2020-01-31").regime == "2012"


def test_a_stated_regime_wins_over_both_dates():
    c = case("2021-06-01", attention_date=D(2021, 7, 1), stated_regime="2012")
    assert c.regulations == c.regime == "2012"
    assert c.regime_line == "2012 Regulations: stated in the case list."


def test_police_staff_are_under_the_staff_procedure_whatever_the_dates():
    for reported in ("2005-01-01", "2015-01-01", "2021-01-01"):
        c = case(reported, "staff", stated_regime="2012")
        assert c.regime == "staff" and c.regulations in ("2004", "2012", "2020")
        assert REGIMES[c.regime] == "Police staff misconduct procedure"
        assert c.regime_line.startswith("Police staff misconduct procedure:")
        assert "Regulations 20" not in c.regime_line


def test_the_new_fields_round_trip_and_old_bundles_read():
    c = case(attention_date=D(2015, 4, 1), stated_regime="2008")
    data = c.to_json()
    assert data["attention_date"] == "2015-04-01" and data["stated_regime"] == "2008"
    assert Case.from_json(data) == c
    old = case().to_json()
    assert "attention_date" not in old and "stated_regime" not in old
    assert Case.from_json(old).regime == "2012"


@pytest.mark.parametrize("change, message", [
    ({"stated_regime": "2016"}, "field 'stated_regime' has the unknown value '2016'"),
    ({"attention_date": "14/03/2015"}, "field 'attention_date' is not a date"),
    ({"attention_date": "2002-12-31"}, "came to attention before the conduct"),
])
def test_bad_new_fields_are_refused_by_name(change, message):
    with pytest.raises(CaseDataError, match=message):
        Case.from_json({**case().to_json(), **change})


# -- the actions each regime and role is offered ---------------------------------
def test_each_regime_offers_its_own_outcomes():
    a = {r: set(actions_for(r, "officer")) for r in ("2004", "2008", "2012", "2020")}
    for r in ("2008", "2012"):
        assert "management_action" in a[r] and "rprp" not in a[r]
        assert "practice_requiring_improvement" not in a[r]
    assert {"rprp", "practice_requiring_improvement"} <= a["2020"]
    assert "management_action" not in a["2020"]
    assert {"misconduct_hearing", "management_action", "written_warning", "caution",
            "reprimand", "fine", "reduction_in_rank", "requirement_to_resign",
            "dismissal"} <= a["2004"]
    assert not {"rprp", "misconduct_proceedings"} & a["2004"]
    assert ACTIONS["requirement_to_resign"][0] == "Requirement to resign"


def test_police_staff_are_offered_the_staff_procedure_outcomes():
    staff = actions_for("staff", "staff")
    assert list(staff) == ["further_inquiry", "refer_iopc", "misconduct_proceedings",
                           "management_action", "written_warning", "final_written_warning",
                           "dismissal", "vetting_review", "safeguarding_referral",
                           "barred_list_check", "no_further_action"]
    # The role decides, even where a stale regime says otherwise.
    assert actions_for("2012", "staff") == staff


@pytest.mark.parametrize("regime", ["2004", "2008", "2012", "2020"])
def test_regulation_13_is_offered_to_probationers_only(regime):
    assert "regulation_13" in actions_for(regime, "probationer")
    assert "regulation_13" not in actions_for(regime, "officer")
    assert "regulation_13" not in actions_for("staff", "staff")


def test_a_staff_case_cannot_carry_a_regulation_13_review():
    d = Decision(actions=("regulation_13",))
    assert shape_errors(d, "staff", "staff") == {
        "actions": "Regulation 13 review (probationers) applies to probationers only."}
    with pytest.raises(DecisionInvalid):
        check_draft(d, "2012", "officer")
    assert check_draft(d, "2012", "probationer").actions == ("regulation_13",)


GOOD = Decision(category="new_assessment", actions=("management_action",),
                rationale="The original inquiry never spoke to the neighbour who called 999.",
                confidence="medium")


def test_an_action_recorded_under_the_earlier_rule_stays_in_a_draft_but_not_in_a_final():
    # Saved as a 2012 case; the case is now under the 2020 Regulations.
    kept = ("management_action",)
    with pytest.raises(DecisionInvalid, match="not offered under the Police .Conduct. "
                                              "Regulations 2020"):
        check_draft(GOOD, "2020", "officer")
    assert check_draft(GOOD, "2020", "officer", kept).actions == kept
    errors = final_errors(GOOD, "2020", "officer", kept)
    assert errors == {"actions": "Management action or advice is not offered under the Police "
                                 "(Conduct) Regulations 2020; it was recorded under the earlier "
                                 "rule. Untick it to finalise."}
    assert check_final(replace(GOOD, actions=("rprp",)), "2020", "officer", kept).status == "final"
    # A recusal does not need it removed.
    recusal = replace(GOOD, recused=True, recusal_reason="I worked with the subject until 2019.")
    assert final_errors(recusal, "2020", "officer", kept) == {}


# -- the two optional columns of a case list -------------------------------------
HEADERS = ["Case ID", "Original reference", "Subject ID", "Subject role", "Allegation types",
           "Summary", "Conduct date", "Reported date", "Outcome date", "Original outcome",
           "Met category", "Met rationale"]
ROW = ["PR-1", "PSD/1", "S-1", "Police officer", "Domestic abuse", "A summary.", "01/03/2019",
       "14/03/2020", "01/06/2021", "No case to answer", "New assessment", "A rationale."]


def sheet(extra_headers: list[str], extra: list[object]) -> SheetRows:
    return SheetRows(HEADERS + extra_headers,
                     [(2, {h: v for h, v in zip(HEADERS + extra_headers, ROW + extra)
                           if v is not None})], "cases.xlsx")


def test_a_case_list_without_the_new_columns_goes_by_the_date_reported():
    (c,) = import_cases(sheet([], []))
    assert (c.attention_date, c.stated_regime, c.regime) == (None, None, "2020")


@pytest.mark.parametrize("headers, values, regime, attention", [
    (["Date of awareness"], ["30/01/2020"], "2012", D(2020, 1, 30)),
    (["Attention date"], [D(2020, 3, 1)], "2020", D(2020, 3, 1)),
    (["Regime"], [2012], "2012", None),
    (["Conduct regulations"], ["Police (Conduct) Regulations 2012"], "2012", None),
    (["Regulations", "Date came to attention"], ["2008 Regulations", "20/03/2020"], "2008",
     D(2020, 3, 20)),
    (["Regime"], [None], "2020", None),
])
def test_a_case_list_may_give_the_attention_date_and_the_regime(headers, values, regime,
                                                                attention):
    (c,) = import_cases(sheet(headers, values))
    assert (c.regime, c.attention_date) == (regime, attention)


@pytest.mark.parametrize("headers, values, message", [
    (["Regime"], ["2016 rules"], "cases.xlsx row 2, column M (Regime): '2016 rules' does not "
                                 "name one set of conduct regulations"),
    (["Regime"], ["2012 or 2020"], "column M (Regime): '2012 or 2020' does not name one"),
])
def test_bad_values_in_the_new_columns_name_row_column_and_value(headers, values, message):
    result = parse_cases(sheet(headers, values))
    assert result.cases == [] and message in str(result.problems.items[0])


def test_an_attention_date_before_the_conduct_is_a_warning_and_the_case_is_flagged():
    """As a report before the conduct: real records have such dates; kept as found."""
    result = parse_cases(sheet(["Attention date"], ["01/01/2019"]))
    (case,) = result.cases
    assert case.data_quality == ("date_order",)
    (warning,) = [p for p in result.problems.everything() if p.kind == "date_order"]
    assert warning.level == "warning"
    assert "column M (Attention date): 2019-01-01 is before the conduct date (2019-03-01)" \
        in str(warning)

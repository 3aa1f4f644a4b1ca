"""Agreement statistics against published values, hand-worked cases and properties.

Published reference values (each checked against the source text via search):
* Fleiss (1971) worked example as given by Wikipedia "Fleiss' kappa": 10 subjects,
  14 raters, 5 categories, P̄ = 0.378, P̄e = 0.213, κ = 0.210 (also the table in
  statsmodels' test_inter_rater.py, and 0.20993070442195522 in ClassEval_51).
* Krippendorff (2011) "Computing Krippendorff's Alpha-Reliability", §C: 4 observers,
  12 units, missing data, nominal α = 0.743 (same data as R irrCAC ``cac.raw4raters``,
  whose README prints α = 0.74342, percent agreement 0.8181818, and Fleiss
  pa = 0.8181818, pe = 0.2387153).
* Wikipedia "Krippendorff's alpha" computational example: 3 coders, 15 units,
  nominal α = 0.691 (also dallascard/krippendorff_alpha README).
* Wikipedia "Cohen's kappa": 50 grant proposals, 20/5/10/15, κ = 0.4 (confirmed in
  the copy at howcodex.com/statistics/cohen_kappa_coefficient.htm).
* Gwet (2014) Handbook of Inter-Rater Reliability via R irrCAC README (kgwet/irrCAC):
  ``cont3x3abstractors`` 3×3 table, Cohen κ = 0.7964094, Scott π = 0.7962397,
  Krippendorff α = 0.7972585, percent agreement 0.89; ``distrib.6raters`` (15
  subjects, 6 raters, 5 categories) Fleiss κ = 0.4139265 (pa 0.5511111, pe
  0.2340741), Krippendorff α = 0.4204384.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from review.cases import Case
from review.panel.agreement import (FieldAgreement, agreement_report, cohen_kappa, decision_fields,
                              field_ratings, fleiss_kappa, krippendorff_alpha_nominal,
                              offered_actions, pairwise_cohen, percent_agreement)
from review.panel.kappa import _mean_proportions
from review.decisions import ACTIONS, CONCERNS, Decision

N = None  # a missing rating, in the matrices below


def from_rows(rows, raters):
    """Units as rows of a reliability matrix (None = not rated) → ratings."""
    return {f"u{i + 1}": dict(zip(raters, row)) for i, row in enumerate(rows)}


def from_columns(columns, raters):
    """Krippendorff's layout: one row per observer, one column per unit."""
    return from_rows(list(zip(*columns)), raters)


def from_counts(table):
    """Subjects × categories counts (Fleiss layout) → ratings by anonymous raters."""
    return {f"s{i}": {f"r{j}": v for j, v in enumerate(c for c, n in enumerate(row)
                                                      for _ in range(n))}
            for i, row in enumerate(table)}


def from_contingency(table):
    """Two raters' contingency table (rows = rater A, columns = rater B) → ratings."""
    cells = [(a, b) for a, row in enumerate(table) for b, n in enumerate(row) for _ in range(n)]
    return {f"c{i}": {"A": a, "B": b} for i, (a, b) in enumerate(cells)}


WIKI_FLEISS = [[0, 0, 0, 0, 14], [0, 2, 6, 4, 2], [0, 0, 3, 5, 6], [0, 3, 9, 2, 0],
               [2, 2, 8, 1, 1], [7, 7, 0, 0, 0], [3, 2, 6, 3, 0], [2, 5, 3, 2, 2],
               [6, 5, 2, 1, 0], [0, 2, 2, 3, 7]]
IRRCAC_6RATERS = [[0, 0, 0, 6, 0], [0, 3, 0, 0, 3], [0, 1, 4, 0, 1], [0, 0, 0, 0, 6],
                  [0, 3, 0, 3, 0], [2, 0, 4, 0, 0], [0, 0, 4, 0, 2], [2, 0, 3, 1, 0],
                  [2, 0, 0, 4, 0], [0, 0, 0, 0, 6], [1, 0, 0, 5, 0], [1, 1, 0, 4, 0],
                  [0, 3, 3, 0, 0], [1, 0, 0, 5, 0], [0, 2, 0, 3, 1]]
KRIPP_2011 = from_columns([[1, 2, 3, 3, 2, 1, 4, 1, 2, N, N, N],    # observer A
                           [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, N, 3],    # B
                           [N, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, N],    # C
                           [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, N]],   # D
                          "ABCD")
WIKI_KRIPP = from_columns([[N, N, N, N, N, 3, 4, 1, 2, 1, 1, 3, 3, N, 3],
                           [1, N, 2, 1, 3, 3, 4, 3, N, N, N, N, N, N, N],
                           [N, N, 2, 1, 3, 4, 4, N, 2, 1, 1, 3, 3, N, 4]], "ABC")
ABSTRACTORS = from_contingency([[13, 0, 0], [0, 20, 7], [0, 4, 56]])
GRANTS = from_contingency([[20, 5], [10, 15]])  # rows: A yes/no; columns: B yes/no


@pytest.mark.parametrize("name, func, data, expected, tol", [
    ("Fleiss 1971 / Wikipedia", fleiss_kappa, from_counts(WIKI_FLEISS), 0.210, 5e-4),
    ("Fleiss 1971 / ClassEval", fleiss_kappa, from_counts(WIKI_FLEISS), 0.2099307044, 1e-9),
    ("irrCAC distrib.6raters", fleiss_kappa, from_counts(IRRCAC_6RATERS), 0.4139265, 5e-8),
    ("irrCAC distrib.6raters", krippendorff_alpha_nominal, from_counts(IRRCAC_6RATERS),
     0.4204384, 5e-8),
    ("irrCAC distrib.6raters", percent_agreement, from_counts(IRRCAC_6RATERS), 0.5511111, 5e-8),
    ("Krippendorff 2011 §C", krippendorff_alpha_nominal, KRIPP_2011, 0.743, 5e-4),
    ("irrCAC cac.raw4raters", krippendorff_alpha_nominal, KRIPP_2011, 0.74342, 5e-6),
    ("irrCAC cac.raw4raters", percent_agreement, KRIPP_2011, 0.8181818, 5e-8),
    ("Wikipedia Krippendorff", krippendorff_alpha_nominal, WIKI_KRIPP, 0.691, 5e-4),
    ("irrCAC cont3x3abstractors", krippendorff_alpha_nominal, ABSTRACTORS, 0.7972585, 5e-8),
    ("irrCAC cont3x3abstractors (Scott's π)", fleiss_kappa, ABSTRACTORS, 0.7962397, 5e-8),
    ("irrCAC cont3x3abstractors", percent_agreement, ABSTRACTORS, 0.89, 1e-12),
])
def test_published_values(name, func, data, expected, tol):
    assert func(data).value == pytest.approx(expected, abs=tol), name


@pytest.mark.parametrize("name, data, expected, tol", [
    ("Wikipedia grants", GRANTS, 0.4, 1e-12),
    ("irrCAC cont3x3abstractors", ABSTRACTORS, 0.7964094, 5e-8),
    # Hand-worked: A yes 60, B yes 70 of 100; P_o = (45+15)/100 = 0.6;
    # P_e = .6·.7 + .4·.3 = 0.54; κ = 0.06/0.46 = 0.130435.
    ("hand 45/15/25/15", from_contingency([[45, 15], [25, 15]]), 0.06 / 0.46, 1e-12),
    # A yes 60, B yes 30; P_o = 0.6; P_e = .6·.3 + .4·.7 = 0.46; κ = 0.14/0.54 = 0.259259.
    ("hand 25/35/5/35", from_contingency([[25, 35], [5, 35]]), 0.14 / 0.54, 1e-12),
])
def test_cohen_published_and_hand_worked(name, data, expected, tol):
    stat = cohen_kappa(data, "A", "B")
    assert stat.value == pytest.approx(expected, abs=tol), name
    assert stat.n_items == len(data) and stat.n_ratings == 2 * len(data)


def test_krippendorff_2011_counts_pairable_values():
    # Krippendorff (2011): unit 12 has one value and is unpairable; n = 40 pairable values.
    stat = krippendorff_alpha_nominal(KRIPP_2011)
    assert (stat.n_items, stat.n_ratings) == (11, 40)


def test_fleiss_with_varying_raters_on_krippendorff_data():
    # Observed: P_i per unit 1..11 = 1, 1/2, 1, 1, 1, 0, 1, 1/2, 1, 1, 1 → P̄ = 9/11
    # = 0.8181818, irrCAC's fleiss.kappa.raw "pa".
    # irrCAC averages π_c over all 12 units, unit 12 (one rating) included: its
    # pe = 0.2387153.  Our averaging helper reproduces that on the same 12 units:
    all_units = [Counter(v for v in unit.values() if v is not None)
                 for unit in KRIPP_2011.values()]
    pe_irrcac = sum(p * p for p in _mean_proportions(all_units).values())
    assert float(pe_irrcac) == pytest.approx(0.2387153, abs=5e-8)
    # We drop unit 12.  π over 11 units, in 44ths: cat1 12, cat2 13, cat3 10, cat4 5,
    # cat5 4 → P̄e = (144+169+100+25+16)/1936 = 227/968;
    # κ = (9/11 − 227/968) / (1 − 227/968) = (792 − 227)/741 = 565/741 = 0.762483.
    stat = fleiss_kappa(KRIPP_2011)
    assert stat.value == pytest.approx(565 / 741, abs=1e-12)
    assert (stat.n_items, stat.n_ratings) == (11, 40)
    assert "vary (2-4)" in stat.note


def test_fleiss_and_alpha_hand_worked_varying_counts():
    data = {"c1": {"a": "x", "b": "x", "c": "x"},            # m=3, P=1,   shares x 1
            "c2": {"a": "x", "b": "y", "c": None},           # m=2, P=0,   x 1/2, y 1/2
            "c3": {"a": "y", "b": "y", "c": "x", "d": "y"},  # m=4, P=6/12, x 1/4, y 3/4
            "c4": {"a": "y", "d": None}}                     # one rating: ignored
    # Fleiss: P̄ = (1 + 0 + 1/2)/3 = 1/2; π_x = (1 + 1/2 + 1/4)/3 = 7/12, π_y = 5/12;
    # P̄e = (49 + 25)/144 = 37/72; κ = (36/72 − 37/72)/(35/72) = −1/35.
    assert fleiss_kappa(data).value == pytest.approx(-1 / 35, abs=1e-12)
    # α: n = 9 pairable values; Σ_{c≠k} o_ck = 0 + (4−2)/1 + (16−10)/3 = 4;
    # n_x = 5, n_y = 4 → Σ_{c≠k} n_c n_k = 2·5·4 = 40; α = 1 − 8·4/40 = 0.2.
    alpha = krippendorff_alpha_nominal(data)
    assert alpha.value == pytest.approx(0.2, abs=1e-12)
    assert (alpha.n_items, alpha.n_ratings) == (3, 9)
    # Percent: (1 + 0 + 1/2)/3 = 1/2; unanimous: 1 of 3 cases.
    pa = percent_agreement(data)
    assert (pa.value, pa.unanimous, pa.n_items, pa.n_ratings) == (0.5, 1 / 3, 3, 9)


def test_krippendorff_binary_two_coders_hand_worked():
    a = [0, 1, 0, 0, 0, 0, 0, 0, 1, 0]
    b = [1, 1, 1, 0, 0, 1, 0, 0, 0, 0]
    # Units 1, 3, 6, 9 disagree: o_01 = o_10 = 4.  n = 20, n_0 = 14, n_1 = 6.
    # α = 1 − (n − 1)(o_01 + o_10)/(2 n_0 n_1) = 1 − 19·8/168 = 16/168 = 0.095238.
    assert krippendorff_alpha_nominal(from_columns([a, b], "AB")).value == \
        pytest.approx(16 / 168, abs=1e-12)
    # Cohen on the same data: P_o = 6/10; P_e = .2·.4 + .8·.6 = 0.56; κ = .04/.44.
    assert cohen_kappa(from_columns([a, b], "AB"), "A", "B").value == \
        pytest.approx(0.04 / 0.44, abs=1e-12)


def test_cohen_uses_only_shared_cases():
    data = {"c1": {"a": "x", "b": "x", "c": "y"},
            "c2": {"a": "x", "b": "y"},
            "c3": {"a": "y", "b": "y", "c": "y"},
            "c4": {"a": "y", "b": "y"},
            "c5": {"a": "x", "b": None, "c": "x"},   # b recused
            "c6": {"b": "x", "c": "x"}}              # a not assigned
    # a,b share c1..c4: P_o = 3/4; a: x 2, y 2; b: x 1, y 3; P_e = (2·1 + 2·3)/16 = 1/2;
    # κ = (3/4 − 1/2)/(1/2) = 1/2.
    stat = cohen_kappa(data, "a", "b")
    assert (stat.value, stat.n_items, stat.n_ratings) == (0.5, 4, 8)
    pairs = pairwise_cohen(data)
    assert list(pairs) == [("a", "b"), ("a", "c"), ("b", "c")]
    assert pairs[("a", "b")] == stat
    # a,c share c1, c3, c5: (x,y), (y,y), (x,x): P_o = 2/3; a: x 2, y 1; c: x 1, y 2;
    # P_e = (2·1 + 1·2)/9 = 4/9; κ = (6/9 − 4/9)/(5/9) = 2/5.
    assert pairs[("a", "c")].value == pytest.approx(0.4, abs=1e-12)


@pytest.mark.parametrize("func", [fleiss_kappa, krippendorff_alpha_nominal])
def test_undefined_when_every_rating_is_the_same(func):
    data = {"c1": {"a": False, "b": False}, "c2": {"a": False, "b": False, "c": False}}
    stat = func(data)
    assert stat.value is None and stat.note.startswith("undefined:")
    assert (stat.n_items, stat.n_ratings) == (2, 5)
    assert cohen_kappa(data, "a", "b").value is None
    assert percent_agreement(data).value == 1.0


@pytest.mark.parametrize("func", [percent_agreement, fleiss_kappa, krippendorff_alpha_nominal])
@pytest.mark.parametrize("data", [{}, {"c1": {}}, {"c1": {"a": "x", "b": None}},
                                  {"c1": {"a": "x"}, "c2": {"b": "y"}}])
def test_no_usable_case_is_undefined_not_an_error(func, data):
    stat = func(data)
    assert stat.value is None and stat.note.startswith("undefined:") and stat.n_items == 0


def test_cohen_edge_cases():
    assert cohen_kappa({"c1": {"a": "x"}, "c2": {"b": "x"}}, "a", "b").value is None
    # Each always gives a different single value: P_o = 0, P_e = 0 → κ = 0 (defined).
    assert cohen_kappa({"c1": {"a": "x", "b": "y"}, "c2": {"a": "x", "b": "y"}},
                       "a", "b").value == 0.0
    with pytest.raises(ValueError):
        cohen_kappa({}, "a", "a")


# ---- decisions → ratings → report -----------------------------------------------

def final(category, actions=(), concerns=()):
    return Decision(category=category, actions=actions, concerns=concerns,
                    rationale="A reasoned account of the decision.", confidence="high",
                    status="final")


DECISIONS = {
    "c1": {"r1": final("new_assessment", ("further_inquiry",), ("repeat_subject",)),
           "r2": final("new_assessment", ("further_inquiry", "vetting_review")),
           "r3": Decision(recused=True, recusal_reason="I supervised the subject.",
                          status="final")},
    "c2": {"r1": final("no_formal_action", ("no_further_action",)),
           "r2": final("formal_risk_management", ("management_action",)),
           "r3": final("no_formal_action", ("no_further_action",))},
    "c3": {"r1": final("new_assessment"),
           "r2": Decision(category="no_formal_action", status="draft"),
           "r3": None},
}


def test_field_ratings_maps_recusals_drafts_and_missing_to_none():
    assert field_ratings(DECISIONS, "category") == {
        "c1": {"r1": "new_assessment", "r2": "new_assessment", "r3": None},
        "c2": {"r1": "no_formal_action", "r2": "formal_risk_management",
               "r3": "no_formal_action"},
        "c3": {"r1": "new_assessment", "r2": None, "r3": None}}
    assert field_ratings(DECISIONS, "action:vetting_review")["c1"] == \
        {"r1": False, "r2": True, "r3": None}
    assert field_ratings(DECISIONS, "concern:repeat_subject")["c1"]["r1"] is True


def _case(case_id: str, reported: str, role: str = "officer", **extra) -> Case:
    return Case(case_id=case_id, original_ref="REF", subject_id="S-1", subject_role=role,
                rank="", gender="female", ethnicity="White", allegation_types=("other",),
                summary="A summary.", conduct_date=dt.date(2004, 1, 1),
                reported_date=dt.date.fromisoformat(reported),
                outcome_date=dt.date(2024, 1, 1), original_outcome="None",
                met_category="new_assessment", met_rationale="A rationale.", **extra)


def test_field_ratings_can_blank_actions_outside_the_regime():
    offered = offered_actions([_case("c1", "2020-02-01"), _case("c2", "2020-01-31"),
                               _case("c3", "2021-05-05")])
    rated = field_ratings(DECISIONS, "action:management_action", offered=offered)
    assert rated["c1"] == {"r1": None, "r2": None, "r3": None}
    assert rated["c2"] == {"r1": False, "r2": True, "r3": False}


def test_an_action_counts_only_where_both_reviewers_were_offered_it():
    """Regulation 13 only on probationers' cases, RPRP only under the 2020
    Regulations, written warnings only for police staff (and 2004)."""
    cases = [_case("p", "2015-01-01", "probationer"), _case("o", "2015-01-01"),
             _case("s", "2015-01-01", "staff"), _case("n", "2021-01-01"),
             _case("t", "2021-01-01", stated_regime="2012")]
    offered = offered_actions(cases)
    both = lambda a, b: {c: {"r1": final("new_assessment", a), "r2": final("new_assessment", b)}
                         for c in offered}  # noqa: E731
    decisions = both(("regulation_13",), ("further_inquiry",))
    rated = field_ratings(decisions, "action:regulation_13", offered=offered)
    assert rated["p"] == {"r1": True, "r2": False}
    assert all(rated[c] == {"r1": None, "r2": None} for c in "osnt")
    row = {r.field: r for r in agreement_report(decisions, offered=offered)}
    assert (row["action:regulation_13"].n_cases, row["action:regulation_13"].n_cases_excluded) \
        == (1, 4)
    assert row["action:regulation_13"].percent.value == 0
    # Agreement that nobody recommends RPRP counts on the 2020 case only (a
    # stated 2012 regime wins over the date), written warnings on the staff case.
    assert row["action:rprp"].n_cases == 1 and row["action:rprp"].percent.value == 1
    assert row["action:written_warning"].n_cases == 1
    assert row["action:management_action"].n_cases == 4   # p, o, t (2012), s (staff); not n
    # Without the offered lists every case counts.
    assert {r.field: r for r in agreement_report(decisions)}["action:rprp"].n_cases == 5


@pytest.mark.parametrize("field", ["severity", "action:sack_them", "concern:", "category:x"])
def test_unknown_field_is_refused(field):
    with pytest.raises(ValueError, match="not a decision field"):
        field_ratings(DECISIONS, field)


def test_agreement_report_has_one_row_per_field():
    rows = agreement_report(DECISIONS)
    assert [r.field for r in rows] == decision_fields()
    assert len(rows) == 1 + len(ACTIONS) + len(CONCERNS)
    assert all(isinstance(r, FieldAgreement) for r in rows)
    cat = rows[0]
    # c1: (NA, NA) → 1; c2: (NFA, FRM, NFA) → 2/6; c3 has one final rating: excluded.
    assert cat.percent.value == pytest.approx((1 + 1 / 3) / 2, abs=1e-12)
    assert (cat.n_cases, cat.n_ratings, cat.n_cases_excluded) == (2, 5, 1)
    assert list(cat.pairwise) == [("r1", "r2"), ("r1", "r3"), ("r2", "r3")]
    # r1/r3 share only c2 and agree on one value: κ undefined.
    assert cat.pairwise[("r1", "r3")].value is None
    assert cat.alpha == krippendorff_alpha_nominal(field_ratings(DECISIONS, "category"))
    # Nobody raised discrimination: percent 1, kappas undefined rather than "perfect".
    disc = rows[decision_fields().index("concern:discrimination")]
    assert disc.percent.value == 1.0 and disc.fleiss.value is None and disc.alpha.value is None


# ---- properties ---------------------------------------------------------------------

REVIEWERS = ["r0", "r1", "r2", "r3", "r4"]
values = st.one_of(st.none(), st.sampled_from(["a", "b", "c"]))
ratings_st = st.dictionaries(
    st.sampled_from([f"case{i}" for i in range(12)]),
    st.dictionaries(st.sampled_from(REVIEWERS), values, max_size=5), max_size=12)
MULTI = [percent_agreement, fleiss_kappa, krippendorff_alpha_nominal]


def all_stats(data):
    return [f(data) for f in MULTI] + list(pairwise_cohen(data).values())


@settings(max_examples=300)
@given(ratings_st)
def test_values_bounded_or_explicitly_undefined(data):
    for stat in all_stats(data):
        if stat.value is None:
            assert stat.note.startswith("undefined:")
        else:
            assert -1.0 <= stat.value <= 1.0
    pa = percent_agreement(data)
    if pa.value is not None:
        assert 0.0 <= pa.unanimous <= pa.value <= 1.0


@given(ratings_st)
def test_order_of_cases_and_reviewers_does_not_matter(data):
    reordered = {c: dict(reversed(list(r.items()))) for c, r in reversed(list(data.items()))}
    assert all_stats(reordered) == all_stats(data)
    for a, b in pairwise_cohen(data):
        assert cohen_kappa(data, b, a) == cohen_kappa(data, a, b)


@given(ratings_st, st.permutations(REVIEWERS), st.permutations(["a", "b", "c"]))
def test_relabelling_reviewers_or_values_does_not_matter(data, new_ids, new_values):
    rename = dict(zip(REVIEWERS, new_ids))
    recode = dict(zip(["a", "b", "c"], new_values)) | {None: None}
    renamed = {c: {rename[r]: v for r, v in rs.items()} for c, rs in data.items()}
    recoded = {c: {r: recode[v] for r, v in rs.items()} for c, rs in data.items()}
    for f in MULTI:
        assert f(renamed) == f(data) == f(recoded)
    pairs = pairwise_cohen(data)
    for (a, b), stat in pairs.items():
        assert cohen_kappa(renamed, rename[a], rename[b]) == stat == cohen_kappa(recoded, a, b)


@given(ratings_st, st.lists(st.tuples(st.sampled_from(REVIEWERS), values), max_size=6))
def test_single_ratings_and_missing_reviews_are_ignored(data, extras):
    padded = dict(data)
    for i, (reviewer, value) in enumerate(extras):       # one rating or none per case
        padded[f"extra{i}"] = {reviewer: value}
    padded["blank"] = {r: None for r in REVIEWERS}       # everyone recused / draft
    assert all_stats(padded) == all_stats(data)


@given(st.lists(st.tuples(st.sampled_from(["a", "b", "c"]),
                          st.sets(st.sampled_from(REVIEWERS), min_size=2)), max_size=10))
def test_perfect_agreement_is_one_or_undefined(cases):
    data = {f"c{i}": {r: v for r in raters} for i, (v, raters) in enumerate(cases)}
    used = {v for v, _ in cases}
    pa = percent_agreement(data)
    assert pa.value == pa.unanimous == (1.0 if cases else None)
    for f in (fleiss_kappa, krippendorff_alpha_nominal):
        # Defined exactly when two or more values occur; then it is 1.
        assert f(data).value == (1.0 if len(used) >= 2 else None)
    for stat in pairwise_cohen(data).values():
        assert stat.value in (1.0, None)


def classic_fleiss(table):
    """Fleiss (1971) verbatim, for a constant m: p_j = Σ_i n_ij / (N m)."""
    n_items, m = len(table), sum(table[0])
    p = [sum(row[j] for row in table) / (n_items * m) for j in range(len(table[0]))]
    p_bar = sum((sum(x * x for x in row) - m) / (m * (m - 1)) for row in table) / n_items
    p_e = sum(x * x for x in p)
    return (p_bar - p_e) / (1 - p_e)


@given(st.integers(2, 6).flatmap(lambda m: st.lists(
    st.lists(st.integers(0, m), min_size=3, max_size=3).filter(lambda r: sum(r) <= m)
    .map(lambda r, m=m: r + [m - sum(r)]), min_size=1, max_size=8)))
def test_constant_rater_count_reduces_to_fleiss_1971(table):
    stat = fleiss_kappa(from_counts(table))
    if stat.value is None:
        assert max(sum(row[j] for row in table) for j in range(4)) == sum(map(sum, table))
    else:
        assert stat.value == pytest.approx(classic_fleiss(table), abs=1e-9)


@given(st.lists(st.tuples(st.sampled_from("xyz"), st.sampled_from("xyz")), min_size=1,
                max_size=30))
def test_two_complete_raters_alpha_is_scott_pi_corrected_for_sample_size(pairs):
    # With two raters and no missing data Fleiss' κ is Scott's π, and Krippendorff's
    # α = π + (1 − π)/(2N) (Krippendorff 2011; irrCAC: 0.7962397 → 0.7972585, N = 100).
    data = {f"c{i}": {"A": a, "B": b} for i, (a, b) in enumerate(pairs)}
    pi, alpha = fleiss_kappa(data).value, krippendorff_alpha_nominal(data).value
    assert (pi is None) == (alpha is None)
    if pi is not None:
        assert alpha == pytest.approx(pi + (1 - pi) / (2 * len(pairs)), abs=1e-12)

"""Tests for the synthetic demo cases and documents (review/demo/data.py)."""

from __future__ import annotations

import collections
import re
import statistics

import pytest

from review.cases import CATEGORIES, Case
from review.demo.data import (FIRST_CONDUCT, LAST_CONDUCT, category_counts, generate_cases,
                              generate_documents)

MET = {"no_formal_action": 246, "new_assessment": 689, "formal_risk_management": 196}


@pytest.fixture(scope="module")
def cases() -> list[dict]:
    return generate_cases()


@pytest.fixture(scope="module")
def parsed(cases) -> list[Case]:
    return [Case.from_json(c) for c in cases]


@pytest.fixture(scope="module")
def documents(cases) -> dict[str, list[tuple[dict, bytes]]]:
    return {c["case_id"]: generate_documents(c) for c in cases}


def test_split_exact_at_1131(cases):
    assert len(cases) == 1131
    assert collections.Counter(c["met_category"] for c in cases) == MET
    assert category_counts(1131) == MET


@pytest.mark.parametrize("n", [0, 1, 2, 10, 100, 999, 5000])
def test_split_proportional_by_largest_remainder(n):
    counts = category_counts(n)
    assert sum(counts.values()) == n
    for k, v in MET.items():
        assert abs(counts[k] - n * v / 1131) < 1


@pytest.mark.parametrize("n, expected", [(10, (2, 6, 2)), (5000, (1088, 3046, 866))])
def test_generated_cases_follow_split(n, expected):
    got = collections.Counter(c["met_category"] for c in generate_cases(n))
    assert tuple(got[k] for k in CATEGORIES) == expected


def test_categories_are_shuffled_not_in_blocks(cases):
    cats = [c["met_category"] for c in cases]
    assert set(cats[:60]) == set(CATEGORIES)
    runs = 1 + sum(a != b for a, b in zip(cats, cats[1:]))
    assert runs > 300


def test_deterministic_and_seed_dependent(cases):
    assert generate_cases() == cases
    assert generate_cases(40, seed=7) == generate_cases(40, seed=7)
    assert generate_cases(40, seed=7) != generate_cases(40, seed=8)
    other = generate_cases(seed=1)
    assert [c["summary"] for c in other] != [c["summary"] for c in cases]


def test_every_case_round_trips_through_the_model(cases, parsed):
    assert [p.to_json() for p in parsed] == cases


def test_ids_and_references(cases):
    assert [c["case_id"] for c in cases] == [f"PR-{i:04d}" for i in range(1, 1132)]
    refs = [c["original_ref"] for c in cases]
    assert len(set(refs)) == len(refs)
    assert all(re.fullmatch(r"PSD/20\d\d/\d{5}", r) for r in refs)
    assert all(re.fullmatch(r"S-\d{4}", c["subject_id"]) for c in cases)


def test_summaries_distinct_and_well_formed(cases):
    summaries = [c["summary"] for c in cases]
    assert len(set(summaries)) == len(summaries)
    first_paragraphs = {s.split("\n\n")[0] for s in summaries}
    assert len(first_paragraphs) > 1000
    for s in summaries:
        assert 3 <= len(s.split("\n\n")) <= 5
        assert not re.search(r"[{}]|None|  ", s)


def test_conduct_dates_cover_every_regime(parsed):
    assert all(FIRST_CONDUCT <= c.conduct_date <= LAST_CONDUCT for c in parsed)
    regimes = collections.Counter(c.regime for c in parsed)
    assert regimes["2012"] >= 0.1 * len(parsed) and regimes["2020"] >= 0.1 * len(parsed)
    assert min(regimes["2004"], regimes["2008"]) >= 10 and regimes["staff"] >= 0.05 * len(parsed)
    assert regimes["staff"] == sum(c.subject_role == "staff" for c in parsed)
    by_role = {(c.regime, c.subject_role) for c in parsed}
    assert {("2004", "probationer"), ("2020", "probationer")} <= by_role
    years = collections.Counter(c.conduct_date.year for c in parsed)
    assert set(range(2012, 2023)) <= set(years)
    assert sum(years[y] for y in range(2005, 2012)) < 0.1 * len(parsed)


def test_some_cases_carry_an_attention_date_or_a_stated_regime(cases, parsed):
    attention = [c for c in parsed if c.attention_date is not None]
    stated = [c for c in parsed if c.stated_regime is not None]
    assert 0 < len(attention) < 0.1 * len(parsed) and 0 < len(stated) < 0.05 * len(parsed)
    assert all(c.reported_date < c.attention_date <= c.outcome_date for c in attention)
    # A stated regime is a transitional one: the regulations of the conduct's time.
    from review.cases import regime_for
    assert all(c.stated_regime == regime_for(c.conduct_date) != regime_for(
        c.attention_date or c.reported_date) for c in stated)
    assert all(c.subject_role != "staff" for c in stated)
    # Old bundles have neither key: they are written only when given.
    assert all("stated_regime" not in d for d in cases if d["subject_role"] == "staff")


def test_narratives_put_staff_under_their_own_procedure(parsed):
    for c in parsed:
        if c.subject_role == "staff":
            assert "Conduct) Regulations" not in c.summary
            assert "police staff misconduct procedure" in c.summary
        else:
            assert f"Police (Conduct) Regulations {c.regime}" in c.summary


def test_delays_are_long_tailed(parsed):
    assert all(c.reported_date >= c.conduct_date for c in parsed)
    assert all(c.outcome_date > c.reported_date for c in parsed)
    days = [c.days_to_outcome for c in parsed]
    assert 300 <= statistics.mean(days) <= 500
    assert 0.10 <= sum(d > 730 for d in days) / len(days) <= 0.30
    historic = sum((c.reported_date - c.conduct_date).days > 730 for c in parsed)
    assert 0 < historic < 0.1 * len(parsed)


def test_repeat_subjects_are_long_tailed(cases):
    per_subject = collections.Counter(c["subject_id"] for c in cases)
    hist = collections.Counter(per_subject.values())
    once, twice = hist[1], hist[2]
    three_to_five = sum(hist[k] for k in (3, 4, 5))
    six_plus = sum(v for k, v in hist.items() if k >= 6)
    assert once > twice > three_to_five > six_plus >= 1
    assert once > 0.5 * len(per_subject) and twice > 0.1 * len(per_subject)
    assert 6 <= max(per_subject.values()) <= 19


def test_repeat_subjects_are_plausible(parsed):
    by_subject = collections.defaultdict(list)
    for c in parsed:
        by_subject[c.subject_id].append(c)
    for cs in by_subject.values():
        assert len({(c.gender, c.ethnicity) for c in cs}) == 1
        assert len({c.subject_role for c in cs} - {"probationer", "officer"}) <= 1
        cs.sort(key=lambda c: c.conduct_date)
        for earlier in cs[:-1]:  # nobody is dismissed and then reported again
            assert not re.search(r"dismissed|Resigned|Regulation 13", earlier.original_outcome)


@pytest.mark.parametrize("role, pattern", [
    ("officer", r"PC|DC|PS|DS|Inspector|DI|Chief Inspector|Superintendent"),
    ("probationer", r"Probationer PC"),
    ("staff", r"Police staff \(Band [A-F]\)|PCSO|Designated detention officer"),
])
def test_rank_matches_role(parsed, role, pattern):
    ranks = [c.rank for c in parsed if c.subject_role == role]
    assert ranks and all(re.fullmatch(pattern, r) for r in ranks)


def test_role_and_allegation_shares(parsed):
    roles = collections.Counter(c.subject_role for c in parsed)
    assert roles["officer"] > roles["staff"] > 0 and roles["probationer"] > 0
    for c in parsed:
        assert 1 <= len(c.allegation_types) <= 2
        assert len(set(c.allegation_types)) == len(c.allegation_types)
    primary = collections.Counter(c.allegation_types[0] for c in parsed)
    main = primary["domestic_abuse"] + primary["sexual_violence"] + primary["sexual_misconduct"]
    assert main > 0.7 * len(parsed) and primary["discrimination"] > 0 and primary["other"] > 0


def test_original_outcomes(parsed):
    outcomes = collections.Counter(c.original_outcome for c in parsed)
    assert len(outcomes) >= 10
    ncta = sum(v for k, v in outcomes.items() if k.startswith("No case to answer"))
    assert 0.5 <= ncta / len(parsed) <= 0.65
    for c in parsed:
        if "management advice" in c.original_outcome or "management action" in c.original_outcome:
            assert c.regime in ("2004", "2008", "2012")
        if "police staff" in c.original_outcome or c.original_outcome.startswith("Staff "):
            assert c.regime == "staff" and c.subject_role == "staff"
        if "Misconduct hearing –" in c.original_outcome:
            assert c.regime == "2004"
        if "RPRP" in c.original_outcome or "practice requiring improvement" in c.original_outcome:
            assert c.regime == "2020"
        if "Regulation 13" in c.original_outcome:
            assert c.subject_role == "probationer"


def test_rationale_inquiries_and_risks_fit_category(parsed):
    by_cat = collections.defaultdict(list)
    for c in parsed:
        assert 0 <= len(c.lines_of_inquiry) <= 4 and 0 <= len(c.risk_measures) <= 3
        assert 1 <= len(re.split(r"(?<=\.) ", c.met_rationale)) <= 3
        by_cat[c.met_category].append(c)
    for c in by_cat["new_assessment"]:
        assert c.lines_of_inquiry and re.search(r"inquir", c.met_rationale)
    for c in by_cat["formal_risk_management"]:
        assert c.risk_measures and re.search(r"[Rr]isk|[Mm]easures", c.met_rationale)
    mean = lambda cs, f: statistics.mean(len(f(c)) for c in cs)  # noqa: E731
    loi, risk = (lambda c: c.lines_of_inquiry), (lambda c: c.risk_measures)
    assert mean(by_cat["new_assessment"], loi) > mean(by_cat["no_formal_action"], loi)
    assert mean(by_cat["new_assessment"], loi) > mean(by_cat["formal_risk_management"], loi)
    assert mean(by_cat["formal_risk_management"], risk) > mean(by_cat["new_assessment"], risk)


def test_document_refs(parsed):
    for c in parsed:
        assert 1 <= len(c.documents) <= 3
        for i, d in enumerate(c.documents, 1):
            assert d.doc_id == f"{c.case_id}-D{i}"
            assert d.filename == d.doc_id + (".pdf" if d.kind == "pdf" else ".txt")
    assert sum(any(d.kind == "pdf" for d in c.documents) for c in parsed) > 0.8 * len(parsed)


def test_documents_match_and_are_marked_synthetic(cases, documents):
    for c in cases:
        docs = documents[c["case_id"]]
        assert [ref for ref, _ in docs] == c["documents"]
        for ref, data in docs:
            if ref["kind"] == "pdf":
                assert data.startswith(b"%PDF") and data.rstrip().endswith(b"%%EOF")
                assert b"synthetic demo data" in data  # the document title in the metadata
                assert len(data) < 20_000
            else:
                text = data.decode("utf-8")
                assert c["case_id"] in text and "SYNTHETIC" in text


@pytest.mark.parametrize("index", [0, 1, 500, 1130])
def test_documents_are_deterministic(cases, documents, index):
    case = cases[index]
    assert generate_documents(case) == documents[case["case_id"]]
    assert generate_documents(dict(case)) == generate_documents(case)


def test_documents_depend_on_seed(cases):
    sample = cases[:30]
    assert ([generate_documents(c, seed=1) for c in sample]
            != [generate_documents(c) for c in sample])


def test_empty_and_negative():
    assert generate_cases(0) == []
    with pytest.raises(ValueError):
        generate_cases(-1)

"""Gwet's AC1 and the bootstrap intervals, checked against published values, hand
working and, here only, the reference libraries (irrCAC, krippendorff, statsmodels,
scikit-learn; the app itself never imports them).

* irrCAC (R and Python) on Krippendorff's 2011 data ``cac.raw4raters``: AC1 = 0.77544
  with the single-rated unit 12 in π_c (irrCAC's convention); 0.77515 without it (ours:
  a case needs two ratings).  ``distrib.6raters``: AC1 = 0.4448.
* Hand-worked two-rater table (Wikipedia grants: 20/5/10/15).
"""

from __future__ import annotations

import random
from collections import Counter

import pytest

from review.cases import CATEGORIES
from review.panel.agreement import agreement_report, decision_fields, field_ratings
from review.panel.bootstrap import Interval, bootstrap_intervals, percentile_interval
from review.panel.kappa import (cohen_kappa, fleiss_kappa, gwet_ac1, krippendorff_alpha_nominal,
                                percent_agreement)
from tests.review.panel.test_agreement import (DECISIONS, GRANTS, IRRCAC_6RATERS, KRIPP_2011,
                                               WIKI_FLEISS, from_counts)


def test_ac1_published_values():
    assert gwet_ac1(KRIPP_2011).value == pytest.approx(0.77515, abs=5e-6)
    assert gwet_ac1(from_counts(IRRCAC_6RATERS)).value == pytest.approx(0.4448, abs=5e-5)


def test_ac1_hand_worked_two_raters():
    # P_a = 35/50 = 0.7; π_yes = (25 + 30)/100 = 0.55; P_e = 2·0.55·0.45/(2−1) = 0.495.
    assert gwet_ac1(GRANTS).value == pytest.approx((0.7 - 0.495) / (1 - 0.495), abs=1e-12)


def test_ac1_stays_near_agreement_where_kappa_collapses():
    # 100 cases, two reviewers, "no" dominates: 96 agree on no, 4 split.
    data = {f"c{i}": {"A": False, "B": i < 4 and i % 2 == 0} for i in range(96)}
    data.update({f"d{i}": {"A": True, "B": False} for i in range(2)})
    data.update({f"e{i}": {"A": False, "B": False} for i in range(2)})
    kappa, ac1 = fleiss_kappa(data).value, gwet_ac1(data, 2).value
    assert percent_agreement(data).value == pytest.approx(0.96)
    assert kappa < 0.05 and ac1 > 0.95


def test_ac1_of_an_unused_yes_no_field_is_one_with_a_note_but_undefined_without_scale():
    data = {"c1": {"A": False, "B": False}, "c2": {"A": False, "B": False}}
    assert gwet_ac1(data, 2).value == 1.0 and "identical" in gwet_ac1(data, 2).note
    assert gwet_ac1(data).value is None and gwet_ac1(data).note.startswith("undefined:")
    assert gwet_ac1({}).value is None


# ---- reference libraries (tests only) ----------------------------------------------

def _random_ratings(seed: int, cases: int = 60, raters: str = "ABCD", values="xyz",
                    missing: float = 0.2):
    rng = random.Random(seed)
    out = {}
    for i in range(cases):
        row = {r: (None if rng.random() < missing else rng.choice(values)) for r in raters}
        if sum(v is not None for v in row.values()) >= 2:
            out[f"c{i:03}"] = row
    return out


@pytest.mark.parametrize("seed", range(5))
def test_against_irrcac_and_krippendorff(seed):
    pd = pytest.importorskip("pandas")
    raw = pytest.importorskip("irrCAC.raw")
    kd = pytest.importorskip("krippendorff")
    data = _random_ratings(seed)
    frame = pd.DataFrame([[row[r] for r in "ABCD"] for row in data.values()], columns=list("ABCD"))
    cac = raw.CAC(frame, digits=10)
    assert gwet_ac1(data).value == pytest.approx(cac.gwet()["est"]["coefficient_value"], abs=1e-8)
    assert fleiss_kappa(data).value == pytest.approx(cac.fleiss()["est"]["coefficient_value"],
                                                     abs=1e-8)
    codes = {"x": 0, "y": 1, "z": 2}
    matrix = [[float("nan") if row[r] is None else codes[row[r]] for row in data.values()]
              for r in "ABCD"]
    assert krippendorff_alpha_nominal(data).value == pytest.approx(
        kd.alpha(reliability_data=matrix, level_of_measurement="nominal"), abs=1e-10)


@pytest.mark.parametrize("seed", range(3))
def test_against_statsmodels_and_sklearn(seed):
    irr = pytest.importorskip("statsmodels.stats.inter_rater")
    metrics = pytest.importorskip("sklearn.metrics")
    data = _random_ratings(seed, missing=0.0)
    table, _ = irr.aggregate_raters([[row[r] for r in "ABCD"] for row in data.values()])
    assert fleiss_kappa(data).value == pytest.approx(irr.fleiss_kappa(table, method="fleiss"),
                                                     abs=1e-10)
    a, b = [row["A"] for row in data.values()], [row["C"] for row in data.values()]
    assert cohen_kappa(data, "A", "C").value == pytest.approx(
        metrics.cohen_kappa_score(a, b), abs=1e-10)
    assert gwet_ac1(data).value is not None


# ---- the bootstrap -----------------------------------------------------------------

def test_percentile_interval_interpolates_like_the_usual_definition():
    values = [float(v) for v in range(101)]          # 0 … 100
    iv = percentile_interval(values)
    assert (iv.low, iv.high, iv.resamples) == (pytest.approx(2.5), pytest.approx(97.5), 101)
    assert percentile_interval([]).low is None


def _direct(by_field, scales, resamples, seed):
    """The same bootstrap done the slow, obvious way: rebuild the ratings and recompute."""
    ids = sorted({c for r in by_field.values() for c in r})
    rng = random.Random(seed)
    out = {f: {s: [] for s in ("percent", "fleiss", "alpha", "ac1")} for f in by_field}
    for _ in range(resamples):
        drawn = rng.choices(list(range(len(ids))), k=len(ids))
        for f, ratings in by_field.items():
            sample = {f"{k}:{ids[i]}": ratings.get(ids[i], {}) for k, i in enumerate(drawn)}
            stats = {"percent": percent_agreement(sample), "fleiss": fleiss_kappa(sample),
                     "alpha": krippendorff_alpha_nominal(sample),
                     "ac1": gwet_ac1(sample, scales[f])}
            for s, stat in stats.items():
                if stat.value is not None:
                    out[f][s].append(stat.value)
    return {f: {s: percentile_interval(v) for s, v in per.items()} for f, per in out.items()}


def test_bootstrap_equals_recomputing_every_resample():
    by_field = {"one": _random_ratings(1, cases=40), "two": _random_ratings(2, cases=40,
                                                                        values=(True, False))}
    scales = {"one": 3, "two": 2}
    fast = bootstrap_intervals(by_field, scales, resamples=60, seed=7)
    slow = _direct(by_field, scales, 60, 7)
    for f in by_field:
        for s in ("percent", "fleiss", "alpha", "ac1"):
            assert fast[f][s].resamples == slow[f][s].resamples, (f, s)
            assert fast[f][s].low == pytest.approx(slow[f][s].low, abs=1e-12), (f, s)
            assert fast[f][s].high == pytest.approx(slow[f][s].high, abs=1e-12), (f, s)


def test_bootstrap_is_seeded_ordered_and_brackets_the_estimate():
    data = _random_ratings(3, cases=120, values="xy", missing=0.1)
    first = bootstrap_intervals({"f": data}, {"f": 2}, resamples=300)
    shuffled = dict(reversed(list(data.items())))
    assert bootstrap_intervals({"f": shuffled}, {"f": 2}, resamples=300) == first
    assert bootstrap_intervals({"f": data}, {"f": 2}, resamples=300, seed=99) != first
    for stat, value in (("percent", percent_agreement(data).value),
                        ("fleiss", fleiss_kappa(data).value),
                        ("alpha", krippendorff_alpha_nominal(data).value),
                        ("ac1", gwet_ac1(data, 2).value)):
        iv = first["f"][stat]
        assert iv.low < value < iv.high and iv.high - iv.low < 0.5, stat


def test_undefined_coefficients_get_no_interval():
    data = {f"c{i}": {"A": False, "B": False} for i in range(10)}
    iv = bootstrap_intervals({"f": data}, {"f": 2}, resamples=50)["f"]
    assert iv["fleiss"].low is None and iv["alpha"].low is None
    assert iv["percent"] == Interval(1.0, 1.0, 50) and iv["ac1"] == Interval(1.0, 1.0, 50)


def test_report_carries_ac1_intervals_and_pairwise_kappa_on_every_field():
    rows = agreement_report(DECISIONS)
    for row in rows:
        assert set(row.intervals) == {"percent", "fleiss", "alpha", "ac1"}
        assert row.pairwise or row.n_cases == 0 or row.field.startswith("action:")
    cat = rows[0]
    assert cat.ac1 == gwet_ac1(field_ratings(DECISIONS, "category"), len(CATEGORIES))
    disc = rows[decision_fields().index("concern:discrimination")]
    assert disc.ac1 == gwet_ac1(field_ratings(DECISIONS, "concern:discrimination"), 2)
    assert cat.interval("percent").low <= cat.percent.value <= cat.interval("percent").high
    assert Counter(r.field for r in rows) == Counter(decision_fields())

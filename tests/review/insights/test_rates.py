"""Rates, intervals, relative rates and flags, against statsmodels and by hand."""

import math

import pytest
from statsmodels.stats.contingency_tables import Table2x2
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import proportion_confint

from review.insights.rates import (MIN_CELL, Rate, benjamini_hochberg, relative_rate, wilson)


@pytest.mark.parametrize("k,n", [(0, 10), (1, 10), (5, 10), (10, 10), (45, 167), (3, 1131),
                                 (1100, 1131), (17, 40)])
def test_wilson_matches_statsmodels(k, n):
    low, high = wilson(k, n)
    ref_low, ref_high = proportion_confint(k, n, alpha=0.05, method="wilson")
    assert low == pytest.approx(ref_low, abs=1e-12)
    assert high == pytest.approx(ref_high, abs=1e-12)


def test_wilson_by_hand():
    # 8 of 20: p = 0.4, z = 1.96: centre (0.4 + 0.096)/1.192, half 1.96*sqrt(0.012 + 0.0024)/1.192
    z = 1.959963984540054
    centre = (0.4 + z * z / 40) / (1 + z * z / 20)
    half = z * math.sqrt(0.4 * 0.6 / 20 + z * z / 1600) / (1 + z * z / 20)
    assert wilson(8, 20) == pytest.approx((centre - half, centre + half))
    assert wilson(8, 20)[0] == pytest.approx(0.2188, abs=1e-4)
    assert wilson(8, 20)[1] == pytest.approx(0.6134, abs=1e-4)


@pytest.mark.parametrize("a,n1,c,n0", [(27, 100, 150, 1000), (12, 40, 30, 300), (5, 10, 5, 10),
                                       (60, 113, 120, 790), (10, 10, 3, 50)])
def test_relative_rate_matches_statsmodels(a, n1, c, n0):
    rr = relative_rate(Rate(a, n1), Rate(c, n0))
    table = Table2x2([[a, n1 - a], [c, n0 - c]], shift_zeros=False)
    assert rr.ratio == pytest.approx(table.riskratio)
    low, high = table.riskratio_confint(alpha=0.05)
    assert (rr.low, rr.high) == (pytest.approx(low), pytest.approx(high))
    assert rr.p == pytest.approx(table.riskratio_pvalue(), rel=1e-9, abs=1e-15)


def test_relative_rate_by_hand():
    # 20/50 against 10/100: RR 4; SE = sqrt(1/20 - 1/50 + 1/10 - 1/100) = sqrt(0.12)
    rr = relative_rate(Rate(20, 50), Rate(10, 100))
    se = math.sqrt(0.12)
    assert rr.ratio == pytest.approx(4.0)
    assert rr.low == pytest.approx(4 * math.exp(-1.959963984540054 * se))
    assert rr.high == pytest.approx(4 * math.exp(1.959963984540054 * se))
    assert rr.p < 0.001
    assert rr.text() == f"4.00 ({rr.low:.2f}–{rr.high:.2f})"


def test_relative_rate_cannot_be_estimated_with_zero_cases():
    rr = relative_rate(Rate(0, 40), Rate(10, 100))
    assert rr.ratio is None and rr.p is None
    assert "cannot be estimated" in rr.text()


def test_suppression_at_nine_and_ten():
    assert Rate(3, MIN_CELL - 1).suppressed and Rate(3, MIN_CELL - 1).text() == "fewer than 10"
    assert Rate(3, MIN_CELL - 1).value is None and Rate(3, MIN_CELL - 1).interval is None
    assert not Rate(3, MIN_CELL).suppressed
    assert Rate(3, MIN_CELL).text().startswith("30% (")
    assert relative_rate(Rate(5, 9), Rate(10, 100)).ratio is None
    assert relative_rate(Rate(5, 9), Rate(10, 100)).text() == "fewer than 10"
    assert relative_rate(Rate(5, 10), Rate(5, 9)).text() == "fewer than 10"
    assert relative_rate(Rate(5, 10), Rate(10, 100)).ratio == pytest.approx(5.0)


@pytest.mark.parametrize("pvalues", [
    [0.01, 0.04, 0.03, 0.2, 0.001],
    [0.049, 0.048, 0.047, 0.046],
    [0.5, 0.6, 0.9],
    [0.0001, 0.02, 0.03, 0.04, 0.05, 0.5, 0.9, 0.011, 0.012, 0.013],
])
def test_benjamini_hochberg_matches_statsmodels(pvalues):
    reject, *_ = multipletests(pvalues, alpha=0.05, method="fdr_bh")
    assert benjamini_hochberg(pvalues) == list(reject)


def test_benjamini_hochberg_skips_comparisons_not_made():
    flags = benjamini_hochberg([0.01, None, 0.04, None])
    reject, *_ = multipletests([0.01, 0.04], alpha=0.05, method="fdr_bh")
    assert flags == [reject[0], False, reject[1], False]


def test_bh_is_stricter_than_flagging_each_p_under_five_percent():
    pvalues = [0.04, 0.045, 0.03, 0.5, 0.6, 0.7, 0.8, 0.9, 0.35, 0.25]
    assert not any(benjamini_hochberg(pvalues))
    assert sum(p < 0.05 for p in pvalues) == 3

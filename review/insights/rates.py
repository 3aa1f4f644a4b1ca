"""Rates, relative rates and their intervals, with the suppression rule.

Every figure on the Insights page, in the consolidated PDF and in its
workbook comes from these few functions, so that the rule for small groups
and the interval methods are the same wherever a number is read:

- a rate k/n has a 95% **Wilson** interval (it behaves well near 0% and 100%
  and for small groups, where the textbook "±1.96·SE" interval does not);
- a relative rate (the rate in a group divided by the rate in the reference
  group) has a 95% interval by the **log method** (Katz): the interval of
  log(RR) is ±1.96·SE with SE² = 1/a − 1/n₁ + 1/c − 1/n₀;
- a group of fewer than :data:`MIN_CELL` cases is **suppressed**: no rate, no
  count, no interval ("fewer than 10"), and it is never a reference group;
- when many groups are compared at once, which differences to flag is decided
  with the **Benjamini–Hochberg** procedure, keeping the expected share of
  false flags at or below 5%.

The tests check each against statsmodels (in the test extras only).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import NormalDist

MIN_CELL = 10          # groups smaller than this are not shown
ALPHA = 0.05           # 95% intervals; 5% false-discovery rate
_Z = NormalDist().inv_cdf(1 - ALPHA / 2)
SUPPRESSED = "fewer than 10"


@dataclass(frozen=True)
class Rate:
    """k of n cases, with a 95% Wilson interval; ``suppressed`` when n < MIN_CELL."""

    k: int
    n: int

    @property
    def suppressed(self) -> bool:
        return self.n < MIN_CELL

    @property
    def value(self) -> float | None:
        return None if self.suppressed or self.n == 0 else self.k / self.n

    @property
    def interval(self) -> tuple[float, float] | None:
        return None if self.suppressed or self.n == 0 else wilson(self.k, self.n)

    def text(self) -> str:
        """"27% (21–34%), 45 of 167" or "fewer than 10"."""
        if self.suppressed:
            return SUPPRESSED
        low, high = self.interval
        interval = f"{percent(low, sign=False)}–{percent(high)}"
        return f"{percent(self.k / self.n)} ({interval}), {self.k:,} of {self.n:,}"


@dataclass(frozen=True)
class RelativeRate:
    """A group's rate over the reference group's, with a 95% log-method interval.

    ``ratio`` is None when either rate is suppressed or zero (a ratio with no
    cases of the outcome on one side cannot be estimated); ``p`` is the
    two-sided p-value of the hypothesis "the rates are equal" on the log
    scale, used only to decide flags by Benjamini–Hochberg."""

    group: Rate
    reference: Rate
    ratio: float | None
    low: float | None
    high: float | None
    p: float | None

    def text(self) -> str:
        if self.group.suppressed or self.reference.suppressed:
            return SUPPRESSED
        if self.ratio is None:
            return "cannot be estimated (no cases with this outcome on one side)"
        return f"{self.ratio:.2f} ({self.low:.2f}–{self.high:.2f})"


def wilson(k: int, n: int) -> tuple[float, float]:
    """The 95% Wilson score interval of k successes in n trials."""
    if n <= 0:
        raise ValueError("A rate needs at least one case.")
    if not 0 <= k <= n:
        raise ValueError(f"{k} of {n} is not a rate.")
    p = k / n
    denom = 1 + _Z ** 2 / n
    centre = (p + _Z ** 2 / (2 * n)) / denom
    half = _Z * math.sqrt(p * (1 - p) / n + _Z ** 2 / (4 * n * n)) / denom
    return max(0.0, centre - half), min(1.0, centre + half)


def relative_rate(group: Rate, reference: Rate) -> RelativeRate:
    a, n1, c, n0 = group.k, group.n, reference.k, reference.n
    if group.suppressed or reference.suppressed or a == 0 or c == 0:
        return RelativeRate(group, reference, None, None, None, None)
    ratio = (a / n1) / (c / n0)
    se = math.sqrt(1 / a - 1 / n1 + 1 / c - 1 / n0)
    log = math.log(ratio)
    if se == 0:  # both groups entirely with the outcome: equal rates, nothing to test
        return RelativeRate(group, reference, ratio, ratio, ratio, 1.0)
    p = 2 * (1 - NormalDist().cdf(abs(log) / se))
    return RelativeRate(group, reference, ratio, math.exp(log - _Z * se),
                        math.exp(log + _Z * se), p)


def benjamini_hochberg(pvalues: list[float | None], alpha: float = ALPHA) -> list[bool]:
    """Which of the p-values to flag with the false-discovery rate kept at ``alpha``.

    None (a comparison that could not be made) is never flagged and does not
    count among the comparisons."""
    ranked = sorted((p, i) for i, p in enumerate(pvalues) if p is not None)
    m = len(ranked)
    cutoff = 0
    for rank, (p, _) in enumerate(ranked, 1):
        if p <= alpha * rank / m:
            cutoff = rank
    flagged = {i for _, i in ranked[:cutoff]}
    return [i in flagged for i in range(len(pvalues))]


# axis tops for a chart of rates, and how many steps divide each into round percentages
_TOPS = ((0.1, 5), (0.2, 4), (0.25, 5), (0.3, 3), (0.4, 4), (0.5, 5), (0.6, 3), (0.8, 4),
         (1.0, 4))


def axis_top(highest: float) -> tuple[float, int]:
    """The smallest round top at or above ``highest``, with its number of steps."""
    return next(((top, steps) for top, steps in _TOPS if highest <= top), _TOPS[-1])


def percent(x: float, sign: bool = True) -> str:
    """0.274 → "27%"; below 10% one decimal ("4.5%"), so small rates do not read as 0%."""
    value = 100 * x
    digits = 1 if 0 < value < 10 else 0
    return f"{value:.{digits}f}{'%' if sign else ''}"

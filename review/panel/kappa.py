"""Agreement coefficients for nominal ratings with missing data: pure functions.

Input everywhere is ``ratings``: case id → {reviewer id: value}.  A value of
``None``, or a reviewer absent from a case, is "no usable rating" (missing
review, draft, recusal).  Values are nominal: only equality matters, so
category codes and True/False both work (do not mix ``1`` and ``True`` in
one field: Python treats them as equal).

Shared conventions
------------------
* A case enters the multi-rater statistics only with **two or more** usable
  ratings: one rating says nothing about agreement, and letting it shift the
  chance term would make the statistic move while a case merely awaits its
  second review.  ``n_items`` is the number of cases used and ``n_ratings``
  the usable ratings in them.
* Arithmetic is exact (``fractions.Fraction``) and converted to float once,
  so results do not depend on case or reviewer order, and the "expected
  agreement is 1" test is an exact comparison, not a tolerance.
* **Undefined values.**  When chance agreement is 1 (every rating in the
  data is the same value) a kappa or alpha is 0/0.  We return
  ``value=None`` with a note starting ``"undefined:"``, never 1.0 and never
  NaN: a field nobody ever ticks (a rare concern) would otherwise show
  "perfect reliability" while carrying no evidence of it.  Percent agreement
  is still defined (1.0) there.  No usable case also gives ``None``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from fractions import Fraction
from itertools import combinations
from typing import Hashable, Mapping

Ratings = Mapping[str, Mapping[str, Hashable | None]]

NO_CASES = "undefined: no case has two or more usable ratings"
ALL_SAME = "undefined: all ratings identical (chance agreement is 1)"


@dataclass(frozen=True)
class Stat:
    """One coefficient: its value (None when undefined), the data used, and why."""

    value: float | None
    n_items: int
    n_ratings: int
    note: str = ""


@dataclass(frozen=True)
class PercentAgreement(Stat):
    """Percent agreement plus ``unanimous``: the share of cases where all raters agree."""

    unanimous: float | None = None


def _cases(ratings: Ratings) -> list[Counter]:
    """Per usable case, how many raters gave each value (cases with ≥2 ratings only)."""
    out = []
    for by_reviewer in ratings.values():
        counts = Counter(v for v in by_reviewer.values() if v is not None)
        if sum(counts.values()) >= 2:
            out.append(counts)
    return out


def _case_agreement(counts: Counter) -> Fraction:
    """P_i = Σ_c n_ic(n_ic − 1) / (m_i(m_i − 1)): share of rater pairs that agree."""
    m = sum(counts.values())
    return Fraction(sum(n * (n - 1) for n in counts.values()), m * (m - 1))


def _kappa(observed: Fraction, expected: Fraction) -> float | None:
    """(P_o − P_e) / (1 − P_e), or None when P_e = 1 (see module docstring)."""
    if expected == 1:
        return None
    return float((observed - expected) / (1 - expected))


def percent_agreement(ratings: Ratings) -> PercentAgreement:
    """Mean pairwise percent agreement over cases with two or more ratings.

    For case i with m_i ≥ 2 ratings, n_ic of them equal to value c:

        P_i = Σ_c n_ic (n_ic − 1) / (m_i (m_i − 1))    (agreeing rater pairs / all pairs)
        value = (1/N) Σ_i P_i

    so a 2-of-3 split scores 1/3, not 0.  ``unanimous`` is the simpler share
    of the N cases in which all m_i ratings are equal.
    """
    cases = _cases(ratings)
    n_ratings = sum(sum(c.values()) for c in cases)
    if not cases:
        return PercentAgreement(None, 0, 0, NO_CASES, None)
    mean = sum((_case_agreement(c) for c in cases), Fraction(0)) / len(cases)
    unanimous = Fraction(sum(len(c) == 1 for c in cases), len(cases))
    return PercentAgreement(float(mean), len(cases), n_ratings, "", float(unanimous))


def _pair_values(ratings: Ratings, a: str, b: str) -> list[tuple[Hashable, Hashable]]:
    pairs = []
    for by_reviewer in ratings.values():
        va, vb = by_reviewer.get(a), by_reviewer.get(b)
        if va is not None and vb is not None:
            pairs.append((va, vb))
    return pairs


def cohen_kappa(ratings: Ratings, a: str, b: str) -> Stat:
    """Cohen's (1960) κ for reviewers ``a`` and ``b`` on the N cases both rated.

        P_o = (1/N) Σ_i [a_i = b_i]
        P_e = Σ_c p_a(c) p_b(c),   p_x(c) = (cases x rated c) / N
        κ   = (P_o − P_e) / (1 − P_e)

    Each reviewer keeps their own marginals (unlike Scott's π / Fleiss).
    Cases either of them did not rate (absent, None: recused, draft) are left
    out, so κ describes only the overlap.  Undefined (None) with no shared
    case, or when both used one and the same value throughout (P_e = 1).
    """
    if a == b:
        raise ValueError("Cohen's kappa needs two different reviewers.")
    pairs = _pair_values(ratings, a, b)
    n = len(pairs)
    if n == 0:
        return Stat(None, 0, 0, f"undefined: {a} and {b} share no rated case")
    observed = Fraction(sum(x == y for x, y in pairs), n)
    pa, pb = Counter(x for x, _ in pairs), Counter(y for _, y in pairs)
    expected = Fraction(sum(pa[c] * pb[c] for c in pa), n * n)
    value = _kappa(observed, expected)
    return Stat(value, n, 2 * n, ALL_SAME if value is None else "")


def pairwise_cohen(ratings: Ratings) -> dict[tuple[str, str], Stat]:
    """Cohen's κ for every pair of reviewers that share at least one rated case.

    Keys are ``(a, b)`` with ``a < b``; the dict is in sorted key order.
    """
    shared: set[tuple[str, str]] = set()
    for by_reviewer in ratings.values():
        raters = sorted(r for r, v in by_reviewer.items() if v is not None)
        shared.update(combinations(raters, 2))
    return {pair: cohen_kappa(ratings, *pair) for pair in sorted(shared)}


def _mean_proportions(cases: list[Counter]) -> dict[Hashable, Fraction]:
    """π_c = (1/N) Σ_i n_ic / m_i: each case's value shares, averaged over cases."""
    pi: dict[Hashable, Fraction] = {}
    for counts in cases:
        m = sum(counts.values())
        for value, n in counts.items():
            pi[value] = pi.get(value, Fraction(0)) + Fraction(n, m)
    return {value: total / len(cases) for value, total in pi.items()}


def fleiss_kappa(ratings: Ratings) -> Stat:
    """Fleiss' κ, generalised to a varying number of raters per case.

    Over the N cases with m_i ≥ 2 usable ratings (n_ic of them equal to c):

        P̄   = (1/N) Σ_i n_ic(n_ic − 1) / (m_i(m_i − 1))     summed over c
        π_c = (1/N) Σ_i n_ic / m_i
        P̄_e = Σ_c π_c²
        κ   = (P̄ − P̄_e) / (1 − P̄_e)

    With a constant m this *is* Fleiss (1971): π_c = Σ_i n_ic / (N m) = p_j.
    With varying m (partial overlap, recusals, missing reviews) it is the
    generalisation in Gwet (2014), *Handbook of Inter-Rater Reliability*,
    4th ed., ch. 2, as in R irrCAC ``fleiss.kappa.raw``, with one deliberate
    difference: irrCAC also averages π_c over cases with a single rating; we
    use only the N cases with two or more (see the module docstring), so
    every case is weighted equally whatever its number of reviewers.
    Nothing is discarded for having the "wrong" number of raters.
    """
    cases = _cases(ratings)
    n_ratings = sum(sum(c.values()) for c in cases)
    if not cases:
        return Stat(None, 0, 0, NO_CASES)
    observed = sum((_case_agreement(c) for c in cases), Fraction(0)) / len(cases)
    expected = sum((p * p for p in _mean_proportions(cases).values()), Fraction(0))
    value = _kappa(observed, expected)
    sizes = {sum(c.values()) for c in cases}
    note = ALL_SAME if value is None else (
        f"raters per case vary ({min(sizes)}-{max(sizes)}): generalised Fleiss (Gwet 2014)"
        if len(sizes) > 1 else "")
    return Stat(value, len(cases), n_ratings, note)


def krippendorff_alpha_nominal(ratings: Ratings) -> Stat:
    """Krippendorff's α for nominal data, coincidence-matrix form (Krippendorff 2011).

    Units (cases) with m_u < 2 usable values are unpairable and dropped.  In
    unit u every ordered pair of values from *different* raters adds
    1/(m_u − 1) to the coincidence matrix:

        o_ck = Σ_u  (number of ordered pairs (c, k) in u) / (m_u − 1)
        n_c  = Σ_k o_ck,    n = Σ_c n_c  (= pairable values)
        D_o  = (1/n) Σ_{c≠k} o_ck
        D_e  = 1/(n(n − 1)) Σ_{c≠k} n_c n_k
        α    = 1 − D_o / D_e = 1 − (n − 1) Σ_{c≠k} o_ck / Σ_{c≠k} n_c n_k

    Missing data need no special treatment: they simply make m_u smaller.
    Undefined (None) when D_e = 0, i.e. only one value occurs in the data.
    """
    cases = _cases(ratings)
    n = sum(sum(c.values()) for c in cases)
    if not cases:
        return Stat(None, 0, 0, NO_CASES)
    # Σ_{c≠k} o_ck: unit u has m_u² − Σ_c n_uc² ordered pairs of unequal values.
    disagree = Fraction(0)
    totals: Counter = Counter()
    for counts in cases:
        m = sum(counts.values())
        disagree += Fraction(m * m - sum(x * x for x in counts.values()), m - 1)
        totals.update(counts)  # n_c = number of pairable values equal to c
    expected = n * n - sum(x * x for x in totals.values())  # Σ_{c≠k} n_c n_k
    if expected == 0:
        return Stat(None, len(cases), n, ALL_SAME)
    return Stat(float(1 - (n - 1) * disagree / expected), len(cases), n)


def gwet_ac1(ratings: Ratings, categories: int | None = None) -> Stat:
    """Gwet's AC1 (Gwet 2008; *Handbook of Inter-Rater Reliability*, 4th ed., ch. 4).

    Over the N cases with m_i ≥ 2 usable ratings, with P̄ and π_c exactly as
    in :func:`fleiss_kappa` and q the number of categories of the scale:

        P_e = Σ_c π_c (1 − π_c) / (q − 1)
        AC1 = (P̄ − P_e) / (1 − P_e)

    Fleiss' chance term Σ π_c² grows towards 1 when one answer dominates, so
    κ collapses towards 0 (or becomes undefined) even when nearly every pair
    agrees; AC1's chance term shrinks instead, which keeps it close to the
    observed agreement on such skewed fields.  ``categories`` is q; by default
    the number of distinct values in the data (as R/Python irrCAC do).  Give
    it for a fixed scale (2 for yes/no) so that a field where everybody gave
    the same answer still has q = 2: AC1 is then 1.0, with a note.  As in
    :func:`fleiss_kappa`, π_c is averaged over the cases with two or more
    ratings only (irrCAC also counts single-rated cases there).
    """
    cases = _cases(ratings)
    n_ratings = sum(sum(c.values()) for c in cases)
    if not cases:
        return Stat(None, 0, 0, NO_CASES)
    pi = _mean_proportions(cases)
    q = categories if categories is not None else len(pi)
    if q < 2:
        return Stat(None, len(cases), n_ratings,
                    "undefined: a scale of one category leaves nothing to agree on")
    observed = sum((_case_agreement(c) for c in cases), Fraction(0)) / len(cases)
    expected = sum((p * (1 - p) for p in pi.values()), Fraction(0)) / (q - 1)
    note = "all ratings identical" if len(pi) == 1 else ""
    return Stat(_kappa(observed, expected), len(cases), n_ratings, note)

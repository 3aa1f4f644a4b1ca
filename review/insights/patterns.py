"""Panel against Met, under-escalation, repeat subjects and delay.

Each function takes the cases and the decisions to read (the panel's final
decisions, or one member's own) and returns plain values; the wording that
goes with each figure is in :mod:`review.insights.words`.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from dataclasses import dataclass
from typing import Iterable, Mapping

from review.cases import ALLEGATION_TYPES, Case
from review.decisions import Decision
from review.insights.groups import CATEGORY_ORDER, de_escalated, escalated
from review.insights.rates import MIN_CELL, Rate, RelativeRate, relative_rate
from review.intake.combine import subject_key

UNDER_ESCALATED_TYPES = ("sexual_misconduct", "discrimination")
REPEAT_BANDS = (("1", 1, 1), ("2", 2, 2), ("3–5", 3, 5), ("6 or more", 6, None))
DELAY_LIMITS = (400, 730)     # the review's average; two years
DELAY_BINS = (0, 90, 180, 270, 365, 400, 548, 730, 1095)  # days; the last bin is open


@dataclass(frozen=True)
class Matrix:
    counts: Mapping[str, Mapping[str, int]]   # Met category → panel category → cases
    decided: int
    escalated: Rate
    de_escalated: Rate
    unchanged: Rate

    def cell_text(self, met: str, panel: str) -> str:
        k = self.counts[met][panel]
        return "fewer than 10" if 0 < k < MIN_CELL else str(k)


def category_matrix(cases: Iterable[Case], decisions: Mapping[str, Decision]) -> Matrix:
    counts = {m: {p: 0 for p in CATEGORY_ORDER} for m in CATEGORY_ORDER}
    up = down = n = 0
    for case in cases:
        d = decisions.get(case.case_id)
        if d is None:
            continue
        n += 1
        counts[case.met_category][d.category] += 1
        up += escalated(case, d)
        down += de_escalated(case, d)
    return Matrix(counts, n, Rate(up, n), Rate(down, n), Rate(n - up - down, n))


@dataclass(frozen=True)
class UnderEscalation:
    allegation: str
    label: str
    relative: RelativeRate          # escalation in these cases against all other decided cases


def under_escalation(cases: Iterable[Case], decisions: Mapping[str, Decision]
                     ) -> list[UnderEscalation]:
    decided = [(c, decisions[c.case_id]) for c in cases if c.case_id in decisions]
    out = []
    for kind in UNDER_ESCALATED_TYPES:
        inside = [escalated(c, d) for c, d in decided if kind in c.allegation_types]
        outside = [escalated(c, d) for c, d in decided if kind not in c.allegation_types]
        out.append(UnderEscalation(kind, ALLEGATION_TYPES[kind], relative_rate(
            Rate(sum(inside), len(inside)), Rate(sum(outside), len(outside)))))
    return out


@dataclass(frozen=True)
class TimelineCase:
    case_id: str
    conduct_date: dt.date | None
    met_category: str
    panel_category: str | None      # None: no panel decision yet


@dataclass(frozen=True)
class RepeatSubjects:
    bands: tuple[tuple[str, int, int], ...]   # (band, subjects, their cases)
    timelines: tuple[tuple[str, tuple[TimelineCase, ...]], ...]  # most cases first
    relative: RelativeRate          # escalation, repeat subjects' cases against one-case subjects'


def repeat_subjects(cases: Iterable[Case], decisions: Mapping[str, Decision]) -> RepeatSubjects:
    by_subject: dict[str, list[Case]] = defaultdict(list)
    shown: dict[str, str] = {}
    for case in cases:
        key = subject_key(case.subject_id)
        by_subject[key].append(case)
        shown.setdefault(key, case.subject_id.strip())
    bands = []
    for name, low, high in REPEAT_BANDS:
        members = [v for v in by_subject.values()
                   if len(v) >= low and (high is None or len(v) <= high)]
        bands.append((name, len(members), sum(len(v) for v in members)))
    far_past = dt.date.min
    timelines = []
    for key, group in sorted(by_subject.items(), key=lambda kv: (-len(kv[1]), shown[kv[0]])):
        if len(group) < 2:
            continue
        ordered = sorted(group, key=lambda c: (c.conduct_date is None, c.conduct_date or far_past,
                                               c.case_id))
        timelines.append((shown[key], tuple(
            TimelineCase(c.case_id, c.conduct_date, c.met_category,
                         decisions[c.case_id].category if c.case_id in decisions else None)
            for c in ordered)))
    repeat, single = [0, 0], [0, 0]
    for group in by_subject.values():
        side = repeat if len(group) > 1 else single
        for c in group:
            if c.case_id in decisions:
                side[0] += escalated(c, decisions[c.case_id])
                side[1] += 1
    return RepeatSubjects(tuple(bands), tuple(timelines),
                          relative_rate(Rate(*repeat), Rate(*single)))


@dataclass(frozen=True)
class Delay:
    label: str                      # "All cases" or an allegation type
    days: tuple[int, ...]           # sorted; empty when suppressed
    without_dates: int              # cases lacking a date, or with the outcome before the report
    median: float | None
    over: tuple[Rate, ...]          # share over each of DELAY_LIMITS

    @property
    def suppressed(self) -> bool:
        return len(self.days) < MIN_CELL

    def histogram(self) -> list[tuple[str, int]]:
        """(bin label, cases) over DELAY_BINS; the last bin is open-ended."""
        edges = list(DELAY_BINS)
        out = []
        for i, low in enumerate(edges):
            high = edges[i + 1] if i + 1 < len(edges) else None
            k = sum(1 for d in self.days if d >= low and (high is None or d < high))
            out.append((f"{low}–{high - 1}" if high else f"{low}+", k))
        return out


def delays(cases: Iterable[Case]) -> list[Delay]:
    """Days from report to the original outcome: all cases, then by allegation type."""
    cases = list(cases)
    out = [_delay("All cases", cases)]
    for kind, label in ALLEGATION_TYPES.items():
        out.append(_delay(label, [c for c in cases if kind in c.allegation_types]))
    return out


def _delay(label: str, cases: list[Case]) -> Delay:
    days = sorted(d for d in (c.days_to_outcome for c in cases) if d is not None and d >= 0)
    missing = len(cases) - len(days)
    if len(days) < MIN_CELL:
        return Delay(label, (), missing, None, tuple(Rate(0, len(days)) for _ in DELAY_LIMITS))
    return Delay(label, tuple(days), missing, statistics.median(days),
                 tuple(Rate(sum(1 for d in days if d > lim), len(days)) for lim in DELAY_LIMITS))

"""Which cases stand behind a figure: what a click on a bar or a cell opens.

Each function returns case ids in list order, from the same cases and
decisions the figure was computed from, by the same tests, so that the list
a person opens holds exactly the cases the figure counts.
"""

from __future__ import annotations

from typing import Iterable, Mapping

from review.cases import Case
from review.decisions import Decision
from review.insights.groups import DIMENSIONS, OUTCOMES, escalated
from review.insights.patterns import DELAY_BINS
from review.intake.combine import subject_key


def group_cases(cases: Iterable[Case], decisions: Mapping[str, Decision], dimension: str,
                value: str, outcome: str) -> list[str]:
    """The group's cases that had the outcome (the k of a rate's k of n)."""
    dim = next(d for d in DIMENSIONS if d.key == dimension)
    test = next(o for o in OUTCOMES if o.key == outcome)
    out = []
    for case in cases:
        decision = decisions.get(case.case_id)
        if test.needs_panel and decision is None:
            continue
        if value in dim.of(case) and test.test(case, decision):
            out.append(case.case_id)
    return out


def matrix_cases(cases: Iterable[Case], decisions: Mapping[str, Decision], met: str,
                 panel: str) -> list[str]:
    return [c.case_id for c in cases if c.met_category == met and c.case_id in decisions
            and decisions[c.case_id].category == panel]


def escalated_cases(cases: Iterable[Case], decisions: Mapping[str, Decision],
                    allegation: str | None = None) -> list[str]:
    """Decided cases the panel escalated (of one allegation type, if given)."""
    return [c.case_id for c in cases if c.case_id in decisions
            and (allegation is None or allegation in c.allegation_types)
            and escalated(c, decisions[c.case_id])]


def delay_cases(cases: Iterable[Case], bin_index: int, allegation: str | None = None
                ) -> list[str]:
    """Cases whose days from report to outcome fall in histogram bin ``bin_index``."""
    low = DELAY_BINS[bin_index]
    high = DELAY_BINS[bin_index + 1] if bin_index + 1 < len(DELAY_BINS) else None
    out = []
    for c in cases:
        days = c.days_to_outcome
        if (days is not None and days >= low and (high is None or days < high)
                and (allegation is None or allegation in c.allegation_types)):
            out.append(c.case_id)
    return out


def subject_cases(cases: Iterable[Case], subject: str) -> list[str]:
    key = subject_key(subject)
    return [c.case_id for c in cases if subject_key(c.subject_id) == key]

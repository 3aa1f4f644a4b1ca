"""The whole analysis of one set of decisions, for a page, a PDF section or a sheet.

``analyse`` is run on the coordinator workspace's final decisions (agreed or
adjudicated) for the panel, or on one member's own final decisions, which
the result then says in its ``scope`` line: one reviewer's view is not the
panel's.  Cases without a decision still count where only the Met's record
is read (the Met's formal action, repeat subjects, delay).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Mapping

from review.cases import Case
from review.decisions import Decision
from review.insights.groups import GroupTable, group_tables
from review.insights.patterns import (Delay, Matrix, RepeatSubjects, UnderEscalation,
                                      category_matrix, delays, repeat_subjects,
                                      under_escalation)

PANEL = "panel"
MEMBER = "member"


@dataclass(frozen=True)
class Insights:
    scope: str                 # PANEL or MEMBER
    scope_line: str            # whose decisions these are, in words
    cases: int
    decided: int
    matrix: Matrix
    groups: tuple[GroupTable, ...]
    under: tuple[UnderEscalation, ...]
    repeat: RepeatSubjects
    delay: tuple[Delay, ...]

    def flagged(self, outcomes: tuple[str, ...] | None = None,
                dimensions: tuple[str, ...] | None = None) -> list[str]:
        """Each difference that survived the false-discovery-rate control, in words
        (only of these outcomes and dimensions, when given)."""
        out = []
        for table in self.groups:
            if (outcomes is not None and table.outcome.key not in outcomes) or \
                    (dimensions is not None and table.dimension.key not in dimensions):
                continue
            for row in table.rows:
                if row.flagged:
                    ref = next(r for r in table.rows if r.is_reference)
                    out.append(f"{table.outcome.label}: {row.label} against {ref.label}, "
                               f"relative rate {row.relative.text()}")
        return out


def usable_decisions(decisions: Mapping[str, Decision]) -> dict[str, Decision]:
    """Final, not recused, with a category: the decisions a rate can be read from."""
    return {cid: d for cid, d in decisions.items()
            if d is not None and not d.recused and d.status == "final" and d.category}


def analyse(cases: Iterable[Case], decisions: Mapping[str, Decision], *, scope: str = PANEL,
            reviewer: str = "") -> Insights:
    cases = list(cases)
    decided = usable_decisions(decisions)
    decided = {cid: d for cid, d in decided.items() if cid in {c.case_id for c in cases}}
    if scope == PANEL:
        line = (f"The panel's final decisions (agreed or adjudicated) on {len(decided):,} of "
                f"{len(cases):,} cases.")
    else:
        line = (f"One reviewer's own final decisions ({reviewer or 'this reviewer'}) on "
                f"{len(decided):,} of {len(cases):,} cases: not the panel's result.")
    return Insights(scope, line, len(cases), len(decided), category_matrix(cases, decided),
                    tuple(group_tables(cases, decided)), tuple(under_escalation(cases, decided)),
                    repeat_subjects(cases, decided), tuple(delays(cases)))

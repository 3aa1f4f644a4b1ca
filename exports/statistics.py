"""The counts that the summary pages and the Summary sheet show.

One function computes them so that the PDF and the workbook can never
disagree.  Category agreement, actions and concerns count final decisions
only (excluding recusals): a draft is not yet the member's decision.
"""

from __future__ import annotations

from dataclasses import dataclass

from review.cases import CATEGORIES
from review.decisions import ACTIONS, CONCERNS, REVIEW_STATES

from exports.snapshot import CaseRecord


@dataclass(frozen=True)
class ExportStatistics:
    states: dict[str, int]                      # review state → cases, every state listed
    met_categories: dict[str, int]              # Met category → cases (all cases)
    panel_categories: dict[str, int]            # panel category → final decisions
    matrix: dict[str, dict[str, int]]           # Met category → panel category → final decisions
    actions: dict[str, int]                     # action → final decisions recommending it
    concerns: dict[str, int]                    # concern → final decisions raising it
    final_compared: int                         # final, non-recused decisions with a category
    final_agreeing: int                         # … of which agree with the Met

    @property
    def agreement_percent(self) -> float | None:
        return None if not self.final_compared else 100.0 * self.final_agreeing / self.final_compared


def compute_statistics(records: tuple[CaseRecord, ...] | list[CaseRecord]) -> ExportStatistics:
    states = {k: 0 for k in REVIEW_STATES}
    met = {k: 0 for k in CATEGORIES}
    panel = {k: 0 for k in CATEGORIES}
    matrix = {m: {p: 0 for p in CATEGORIES} for m in CATEGORIES}
    actions = {k: 0 for k in ACTIONS}
    concerns = {k: 0 for k in CONCERNS}
    compared = agreeing = 0
    for r in records:
        states[r.state] = states.get(r.state, 0) + 1
        met[r.case.met_category] = met.get(r.case.met_category, 0) + 1
        if r.state != "final":
            continue
        d = r.saved.decision  # type: ignore[union-attr]  # final implies saved
        for a in d.actions:
            actions[a] = actions.get(a, 0) + 1
        for c in d.concerns:
            concerns[c] = concerns.get(c, 0) + 1
        if d.category is None:
            continue
        panel[d.category] = panel.get(d.category, 0) + 1
        row = matrix.setdefault(r.case.met_category, {p: 0 for p in CATEGORIES})
        row[d.category] = row.get(d.category, 0) + 1
        compared += 1
        agreeing += d.category == r.case.met_category
    return ExportStatistics(states, met, panel, matrix, actions, concerns, compared, agreeing)

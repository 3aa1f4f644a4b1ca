"""Progress numbers for the status bar and the dashboard, from the list's rows.

The case list already holds every case's state, categories and concerns in
memory, so the counts are computed here in microseconds instead of asking
the database again after each save.  No Qt.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from review.cases import CATEGORIES
from review.decisions import CONCERNS
from ui.member.case_rows import OVER_400, OVER_TWO_YEARS, CaseRow


@dataclass
class Stats:
    assigned: int = 0
    states: Counter = field(default_factory=Counter)
    by_met: dict[str, Counter] = field(default_factory=lambda: {k: Counter() for k in CATEGORIES})
    # (Met category, panel category) → final decisions
    matrix: Counter = field(default_factory=Counter)
    concerns: Counter = field(default_factory=Counter)
    over_400: int = 0
    over_two_years: int = 0
    repeat_subject_cases: int = 0
    # Cases whose Met category the anchoring guard still hides: counted here
    # only, never under a Met category (by_met and matrix leave them out).
    met_hidden: int = 0

    @property
    def decided(self) -> int:
        return self.states["final"] + self.states["recused"]

    def decided_in(self, met: str) -> int:
        c = self.by_met[met]
        return c["final"] + c["recused"]

    def assigned_in(self, met: str) -> int:
        return sum(self.by_met[met].values())

    @property
    def agreement(self) -> float | None:
        """Share of final decisions whose category is the Met's."""
        total = sum(self.matrix.values())
        if not total:
            return None
        return sum(n for (met, panel), n in self.matrix.items() if met == panel) / total


def compute(rows: list[CaseRow]) -> Stats:
    s = Stats(assigned=len(rows))
    for r in rows:
        s.states[r.state] += 1
        if r.met_category is None:
            s.met_hidden += 1
        else:
            s.by_met[r.met_category][r.state] += 1
        if r.state == "final" and r.panel_category:
            s.matrix[(r.met_category, r.panel_category)] += 1
        if r.state in ("final", "draft"):
            s.concerns.update(r.concerns)
        s.over_400 += r.days > OVER_400
        s.over_two_years += r.days > OVER_TWO_YEARS
        s.repeat_subject_cases += r.repeat_subject
    return s


def _count(n: int, one: str, many: str) -> str:
    return f"{n:,} {one if n == 1 else many}"


def status_text(s: Stats) -> str:
    """One line for the status bar: final, recused and draft counted apart, and the
    final decisions by the panel's own category (the Met's is in the list)."""
    if not s.assigned:
        return ""
    pct = 100 * s.decided / s.assigned
    parts = [f"Decided {s.decided:,} of {s.assigned:,} ({pct:.0f}%): "
             f"{s.states['final']:,} final, {s.states['recused']:,} recused",
             _count(s.states["draft"], "draft", "drafts")]
    panel = Counter()
    for (_, chosen), n in s.matrix.items():
        panel[chosen] += n
    short = {"no_formal_action": "no formal action", "new_assessment": "new assessment",
             "formal_risk_management": "formal risk mgmt"}
    parts.append("Panel: " + ", ".join(f"{short[k]} {panel[k]:,}" for k in CATEGORIES))
    if s.met_hidden:
        parts.append(f"Met category hidden {s.met_hidden:,}")
    return "   \u00b7   ".join(parts)


def concern_rows(s: Stats) -> list[tuple[str, int]]:
    return [(label, s.concerns[code]) for code, label in CONCERNS.items()]

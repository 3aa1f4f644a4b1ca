"""The case list's rows: one SQL query on the database thread, plain tuples.

Each row carries native values (dates as ISO text, days as int, codes not
labels) so that the table model can sort and filter on them directly,
without parsing display strings.  No Qt here: these run on the worker.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

_SELECT = """
SELECT c.case_id, c.position, c.subject_id, c.met_category, c.regime,
       c.reported_date, c.outcome_date,
       json_extract(c.data, '$.subject_role'), json_extract(c.data, '$.rank'),
       json_extract(c.data, '$.allegation_types'),
       coalesce(d.state, 'not_started'), d.category, json_extract(d.payload, '$.concerns'),
       d.saved_at, d.version,
       (SELECT count(*) FROM cases c2 WHERE c2.subject_id = c.subject_id)
     + (SELECT count(*) FROM linked_cases l WHERE l.subject_id = c.subject_id)
FROM cases c LEFT JOIN decisions d USING (case_id)
"""

# The review states in the order a list sorts them: work still to do first.
STATE_ORDER = {"not_started": 0, "draft": 1, "final": 2, "recused": 3}
DECIDED = ("final", "recused")
OVER_400 = 400
OVER_TWO_YEARS = 730


@dataclass(slots=True)
class CaseRow:
    case_id: str
    position: int
    subject_id: str
    met_category: str
    regime: str
    reported: str
    outcome: str
    role: str
    rank: str
    allegations: tuple[str, ...]
    state: str
    panel_category: str | None
    concerns: tuple[str, ...]
    saved_at: str | None
    version: int
    subject_cases: int  # cases of this subject in the whole reassessment
    days: int

    @property
    def decided(self) -> bool:
        return self.state in DECIDED

    @property
    def repeat_subject(self) -> bool:
        return self.subject_cases > 1


def _row(r: tuple) -> CaseRow:
    (case_id, position, subject_id, met, regime, reported, outcome, role, rank, allegations,
     state, panel, concerns, saved_at, version, subject_cases) = r
    days = (dt.date.fromisoformat(outcome) - dt.date.fromisoformat(reported)).days
    return CaseRow(case_id, position, subject_id, met, regime, reported, outcome, role or "",
                   rank or "", tuple(json.loads(allegations or "[]")), state, panel,
                   tuple(json.loads(concerns or "[]")), saved_at, version or 0,
                   subject_cases, days)


def load_rows(ws) -> list[CaseRow]:
    """Every case of the workspace, in bundle order, in one query."""
    return [_row(r) for r in ws.db.execute(_SELECT + " ORDER BY c.position")]


def load_row(ws, case_id: str) -> CaseRow | None:
    """One case's row again, after its decision changed."""
    r = ws.db.execute(_SELECT + " WHERE c.case_id = ?", [case_id]).fetchone()
    return _row(r) if r else None

"""The case list's rows: one SQL query on the database thread, plain tuples.

Each row carries native values (dates as ISO text, days as int, codes not
labels) so that the table model can sort and filter on them directly,
without parsing display strings.  No Qt here: these run on the worker.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

# Every cases column here is in the covering index ``cases_list`` (schema v3),
# so the list never reads a case's JSON.  Under the anchoring guard (the
# parameter) the Met's category of a case without a panel category is not
# even read into the row: no column, sort, filter or count can show it.  How many cases each subject has is
# counted once per list (a correlated count per row cost ~0.4 s at 100,000).
_SELECT = """
SELECT c.case_id, c.position, c.subject_id,
       CASE WHEN ? AND d.category IS NULL THEN NULL ELSE c.met_category END, c.regime,
       c.reported_date, c.outcome_date, c.subject_role, c.rank, c.allegations,
       coalesce(d.state, 'not_started'), d.category, d.payload ->> '$.concerns',
       d.saved_at, d.version
FROM cases c LEFT JOIN decisions d USING (case_id)
"""
_SUBJECT_CASES = """
SELECT subject_id, count(*) FROM (
    SELECT subject_id FROM cases WHERE {where}
    UNION ALL SELECT subject_id FROM linked_cases WHERE {where}
) GROUP BY subject_id
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
    met_category: str | None   # None: hidden by the anchoring guard until a category is chosen
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
    days: int           # report to outcome; -1 when either date is not recorded

    @property
    def decided(self) -> bool:
        return self.state in DECIDED

    @property
    def repeat_subject(self) -> bool:
        return self.subject_cases > 1


# Few distinct combinations of codes exist, so each is parsed once and its
# tuple shared: 100,000 splits or json.loads calls become dict lookups.
_ALLEGATIONS: dict[str | None, tuple[str, ...]] = {}
_CONCERNS: dict[str | None, tuple[str, ...]] = {}


def _codes(text: str | None) -> tuple[str, ...]:
    """Allegation codes, stored joined by commas."""
    out = _ALLEGATIONS.get(text)
    if out is None:
        out = _ALLEGATIONS[text] = tuple(text.split(",")) if text else ()
    return out


def _concerns(text: str | None) -> tuple[str, ...]:
    """A decision's concerns, a JSON list inside its payload."""
    out = _CONCERNS.get(text)
    if out is None:
        out = _CONCERNS[text] = tuple(json.loads(text)) if text else ()
    return out


def _row(r: tuple, subject_cases: dict[str, int]) -> CaseRow:
    (case_id, position, subject_id, met, regime, reported, outcome, role, rank, allegations,
     state, panel, concerns, saved_at, version) = r
    # -1: a date is not recorded, so the delay is not known (shown as such, never filtered in).
    days = (date.fromisoformat(outcome) - date.fromisoformat(reported)).days \
        if outcome and reported else -1
    return CaseRow(case_id, position, subject_id, met, regime, reported, outcome, role, rank,
                   _codes(allegations), state, panel, _concerns(concerns), saved_at,
                   version or 0, subject_cases[subject_id], days)


def load_rows(ws) -> list[CaseRow]:
    """Every case of the workspace, in bundle order, in one query."""
    counts = dict(ws.db.execute(_SUBJECT_CASES.format(where="1")))
    return [_row(r, counts) for r in ws.db.execute(_SELECT + " ORDER BY c.position",
                                                   [ws.anchoring_guard()])]


def load_row(ws, case_id: str) -> CaseRow | None:
    """One case's row again, after its decision changed."""
    r = ws.db.execute(_SELECT + " WHERE c.case_id = ?", [ws.anchoring_guard(), case_id]).fetchone()
    if r is None:
        return None
    counts = dict(ws.db.execute(_SUBJECT_CASES.format(where="subject_id = ?"), [r[2], r[2]]))
    return _row(r, counts)

"""Other cases of the same subject, as the case file lists them.

A member's own cases come from ``cases`` (with the member's decision state);
the subject's cases that other members review come from ``linked_cases``,
which the bundle fills with their conduct date, allegation types and Met
category only.  Bundles made before those fields were carried leave them
NULL: "not recorded".
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlite_utils

_SELECT = """
SELECT c.case_id, c.met_category, 1, c.conduct_date, c.allegations,
       coalesce(d.state, 'not_started'), d.category IS NOT NULL
FROM cases c LEFT JOIN decisions d USING (case_id)
WHERE c.subject_id = ? AND c.case_id != ?
UNION ALL
SELECT case_id, met_category, 0, conduct_date, allegations, NULL, 0
FROM linked_cases WHERE subject_id = ?
"""


@dataclass(frozen=True)
class LinkedEntry:
    case_id: str
    met_category: str | None            # None: hidden until the member chooses a category
    mine: bool                          # in this workspace (the member reviews it)
    conduct_date: str | None            # YYYY-MM-DD; None: not recorded
    allegations: tuple[str, ...] | None  # codes; None: not recorded
    state: str | None                   # the member's decision state; None: not theirs


def _sort_key(e: LinkedEntry) -> tuple:
    # By conduct date, oldest first; cases without a recorded date last.
    return (e.conduct_date is None, e.conduct_date or "", e.case_id)


def linked_entries(db: sqlite_utils.Database, case_id: str, subject_id: str,
                   guarded: bool) -> list[LinkedEntry]:
    """The subject's other cases, sorted by conduct date.

    ``guarded``: the anchoring guard is on, so the Met's category of the
    member's own cases is left out until the member has chosen a category
    for that case (the case list follows the same rule).
    """
    out = []
    for cid, met, mine, date, allegations, state, chosen in db.execute(
            _SELECT, [subject_id, case_id, subject_id]):
        hidden = guarded and mine and not chosen
        out.append(LinkedEntry(cid, None if hidden else met, bool(mine), date or None,
                               None if allegations is None else
                               tuple(a for a in allegations.split(",") if a),
                               state))
    return sorted(out, key=_sort_key)

"""What the full-text search covers for each case, from a bundle or from a workspace.

The bundle import indexes each case from the bundle; schema version 5
rebuilds the index from what a workspace already holds (each case's JSON and
its text documents) with the same text, so that an old workspace and a new
one answer a search alike.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Iterator

from review.cases import Case

if TYPE_CHECKING:
    import sqlite_utils

    from review.bundle.contents import Bundle


def search_notes(bundle: Bundle) -> dict[str, list[str]]:
    """case id → the text of its text documents, which the search also covers."""
    c = bundle.contents
    out: dict[str, list[str]] = {}
    for case in c.cases:
        for d in case.documents:
            if d.kind == "text":
                out.setdefault(case.case_id, []).append(
                    c.documents[d.filename].decode("utf-8", "replace"))
    return out


def search_text(case: Case, notes: list[str]) -> tuple[str, str]:
    """The indexed text of one case: (body, the Met's reassessment).

    The subject's pseudonym is in the body so that a search for a subject
    finds every case of that person.  The Met's rationale, lines of inquiry
    and risk measures are a column of their own, which a search leaves out
    for the cases whose Met view the anchoring guard still hides.
    """
    body = [case.case_id, case.subject_id, case.original_ref, case.summary,
            case.original_outcome, *(d.title for d in case.documents), *notes]
    met = [case.met_rationale, *case.lines_of_inquiry, *case.risk_measures]
    return "\n".join(body), "\n".join(met)


def workspace_texts(db: sqlite_utils.Database,
                    batch: int = 2000) -> Iterator[tuple[int, str, str]]:
    """(position, body, Met text) of every case a workspace holds, in batches
    of cases so that a large workspace is never in memory at once."""
    last = -1
    while True:
        rows = db.execute("SELECT position, data FROM cases WHERE position > ? "
                          "ORDER BY position LIMIT ?", [last, batch]).fetchall()
        if not rows:
            return
        cases = [(position, Case.from_json(json.loads(data))) for position, data in rows]
        text_docs = {d.filename for _, case in cases for d in case.documents if d.kind == "text"}
        contents: dict[str, bytes] = {}
        names = sorted(text_docs)
        for i in range(0, len(names), 500):  # SQLite caps the parameters of one statement
            chunk = names[i:i + 500]
            contents.update(db.execute(
                f"SELECT filename, content FROM documents WHERE filename IN "
                f"({','.join('?' * len(chunk))})", chunk).fetchall())
        for position, case in cases:
            notes = [contents[d.filename].decode("utf-8", "replace") for d in case.documents
                     if d.kind == "text" and d.filename in contents]
            yield (position, *search_text(case, notes))
        last = rows[-1][0]

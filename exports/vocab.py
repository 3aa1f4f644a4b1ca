"""Labels for the decision vocabulary, and the way lists are joined in cells.

Exports show labels (what people read in the app), and the workbook reader
turns them back into codes, so the mapping must be one-to-one: a code that
has no label is written as the code itself and read back as such.  Labels
that earlier versions wrote (``FORMER_LABELS``) still read back as their codes.
"""

from __future__ import annotations

from review.cases import ALLEGATION_TYPES, CATEGORIES, REGIMES, SUBJECT_ROLES
from review.decisions import (ACTIONS, CONCERNS, CONFIDENCE, FORMER_ACTION_LABELS, REVIEW_STATES,
                              SEVERITIES, STATUSES)

LIST_SEPARATOR = "; "

ACTION_LABELS: dict[str, str] = {code: label for code, (label, _) in ACTIONS.items()}
TABLES: dict[str, dict[str, str]] = {
    "category": CATEGORIES,
    "action": ACTION_LABELS,
    "severity": SEVERITIES,
    "concern": CONCERNS,
    "confidence": CONFIDENCE,
    "status": STATUSES,
    "state": REVIEW_STATES,
    "regime": REGIMES,
    "role": SUBJECT_ROLES,
    "allegation": ALLEGATION_TYPES,
}
FORMER_LABELS: dict[str, dict[str, str]] = {"action": FORMER_ACTION_LABELS}


def label(kind: str, code: str | None) -> str:
    """The label of a code; '' for None; the code itself when it has no label."""
    if code is None:
        return ""
    return TABLES[kind].get(code, code)


def code(kind: str, text: str | None) -> str | None:
    """The inverse of :func:`label`: None for an empty cell."""
    if text is None or text == "":
        return None
    for c, lab in TABLES[kind].items():
        if lab == text:
            return c
    return FORMER_LABELS.get(kind, {}).get(text, text)


def join_labels(kind: str, codes: tuple[str, ...] | list[str]) -> str:
    return LIST_SEPARATOR.join(label(kind, c) for c in codes)


def split_labels(kind: str, text: str | None) -> tuple[str, ...]:
    if not text:
        return ()
    return tuple(code(kind, part) or "" for part in text.split(LIST_SEPARATOR))

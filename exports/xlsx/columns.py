"""The columns of the Decisions and History sheets, both ways.

The writer turns a case record into a row of typed values and the verified
reader turns the row back into a :class:`Decision`; keeping both directions
side by side here is what makes every decision field round-trip.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from review.workspace.decision_store import SavedDecision
from review.cases import NOT_RECORDED
from review.decisions import Decision
from review.workspace.history import HistoryEntry

from exports import vocab
from exports.snapshot import CaseRecord, format_utc, parse_utc

DATETIME_FORMAT = "yyyy-mm-dd hh:mm:ss"


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    width: float          # Excel character widths
    wrap: bool = False
    number_format: str | None = None


DECISION_COLUMNS: tuple[Column, ...] = (
    Column("case_id", "Case ID", 13),
    Column("original_ref", "Original reference", 17),
    Column("met_category", "Met category", 22),
    Column("regime", "Regulations", 11),
    Column("state", "Review state", 12),
    Column("category", "Panel category", 22),
    Column("agrees", "Agrees with Met", 10, wrap=True),
    Column("actions", "Recommended actions", 36, wrap=True),
    Column("severity", "Severity", 16),
    Column("concerns", "Concerns", 28, wrap=True),
    Column("confidence", "Confidence", 11),
    Column("rationale", "Rationale", 70, wrap=True),
    Column("recused", "Recused", 9),
    Column("recusal_reason", "Recusal reason", 36, wrap=True),
    Column("status", "Decision status", 10, wrap=True),
    Column("version", "Version", 8),
    Column("first_saved", "First saved (UTC)", 19, number_format=DATETIME_FORMAT),
    Column("last_saved", "Last saved (UTC)", 19, number_format=DATETIME_FORMAT),
)

HISTORY_COLUMNS: tuple[Column, ...] = (
    Column("seq", "Entry", 7),
    Column("case_id", "Case ID", 13),
    Column("version", "Version", 8),
    Column("saved_at", "Saved (UTC)", 19, number_format=DATETIME_FORMAT),
    Column("member_id", "Member", 9),
    Column("state", "Review state", 12),
    Column("category", "Panel category", 22),
    Column("actions", "Recommended actions", 36, wrap=True),
    Column("severity", "Severity", 16),
    Column("concerns", "Concerns", 28, wrap=True),
    Column("confidence", "Confidence", 11),
    Column("rationale", "Rationale", 70, wrap=True),
    Column("recusal_reason", "Recusal reason", 30, wrap=True),
    Column("hash", "Entry hash (SHA-256)", 20),
    Column("prev_hash", "Previous entry hash", 20),
)

CONSULTATION_COLUMNS: tuple[Column, ...] = (
    Column("seq", "Entry", 7),
    Column("case_id", "Case ID", 13),
    Column("opened_at", "Opened (UTC)", 19, number_format=DATETIME_FORMAT),
)

DECISION_INDEX = {c.key: i for i, c in enumerate(DECISION_COLUMNS)}


def _decision_fields(d: Decision) -> dict[str, Any]:
    return {
        "state": vocab.label("state", d.review_state),
        "category": vocab.label("category", d.category) or None,
        "actions": vocab.join_labels("action", d.actions) or None,
        "severity": vocab.label("severity", d.severity) or None,
        "concerns": vocab.join_labels("concern", d.concerns) or None,
        "confidence": vocab.label("confidence", d.confidence) or None,
        "rationale": d.rationale or None,
        "recusal_reason": d.recusal_reason or None,
    }


def decision_row(record: CaseRecord) -> list[Any]:
    """One Decisions row: typed values in DECISION_COLUMNS order (strings still unescaped)."""
    case, saved = record.case, record.saved
    values: dict[str, Any] = {
        "case_id": case.case_id, "original_ref": case.original_ref or NOT_RECORDED,
        "met_category": vocab.label("category", case.met_category),
        "regime": case.regime, "state": vocab.label("state", record.state),
    }
    if saved is not None:
        d = saved.decision
        values.update(_decision_fields(d))
        agrees = d.agrees_with(case.met_category)
        values.update({
            "agrees": None if agrees is None or d.recused else ("Yes" if agrees else "No"),
            "recused": d.recused,
            "status": vocab.label("status", d.status),
            "version": saved.version,
            "first_saved": parse_utc(record.first_saved or saved.saved_at),
            "last_saved": parse_utc(saved.saved_at),
        })
    return [values.get(c.key) for c in DECISION_COLUMNS]


def history_row(entry: HistoryEntry) -> list[Any]:
    d = Decision.from_json(json.loads(entry.payload))
    values = {"seq": entry.seq, "case_id": entry.case_id, "version": entry.version,
              "saved_at": parse_utc(entry.saved_at), "member_id": entry.member_id,
              "hash": entry.hash, "prev_hash": entry.prev_hash, **_decision_fields(d)}
    return [values.get(c.key) for c in HISTORY_COLUMNS]


def consultation_row(entry) -> list[Any]:
    """One Consultations row (a :class:`review.workspace.database.Consultation`)."""
    return [entry.seq, entry.case_id, parse_utc(entry.opened_at)]


@dataclass(frozen=True)
class DecisionRow:
    """What the reader recovers from one verified Decisions row."""

    case_id: str
    met_category: str
    saved: SavedDecision | None
    first_saved: str | None


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _utc(value: Any) -> str | None:
    return format_utc(value) if isinstance(value, dt.datetime) else None


def read_decision_row(values: list[Any]) -> DecisionRow:
    """The inverse of :func:`decision_row`; ``values`` are unescaped Python values."""
    v = {c.key: (values[i] if i < len(values) else None) for i, c in enumerate(DECISION_COLUMNS)}
    case_id = _text(v["case_id"])
    met = vocab.code("category", v["met_category"]) or ""
    if v["status"] is None:  # every saved decision has a status; none means not started
        return DecisionRow(case_id, met, None, None)
    decision = Decision(
        category=vocab.code("category", v["category"]),
        actions=vocab.split_labels("action", v["actions"]),
        severity=vocab.code("severity", v["severity"]),
        concerns=vocab.split_labels("concern", v["concerns"]),
        rationale=_text(v["rationale"]),
        confidence=vocab.code("confidence", v["confidence"]),
        status=vocab.code("status", v["status"]) or "draft",
        recused=bool(v["recused"]),
        recusal_reason=_text(v["recusal_reason"]),
    )
    last = _utc(v["last_saved"]) or ""
    saved = SavedDecision(case_id, decision, int(v["version"] or 0), last)
    return DecisionRow(case_id, met, saved, _utc(v["first_saved"]))

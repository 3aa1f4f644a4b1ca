"""A consistent snapshot of what an export shows, taken from the workspace.

The app calls every workspace method on its single database thread, so the
snapshot is taken there (it is quick: a few queries) and the slow part, the
layout and signing, then works on this immutable value on any thread.
Taking the snapshot also verifies the history chain: a workspace whose
history was tampered with is not exported under the member's signature.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Callable

from review.cases import Case
from review.workspace.decision_store import SavedDecision
from review.workspace.history import HistoryEntry
from review.workspace.database import Consultation, Workspace, utc_now


@dataclass(frozen=True)
class CaseRecord:
    """One case with its current decision (if any) and every saved version."""

    case: Case
    saved: SavedDecision | None
    versions: tuple[HistoryEntry, ...]

    @property
    def case_id(self) -> str:
        return self.case.case_id

    @property
    def state(self) -> str:
        """not_started / draft / final / recused."""
        return "not_started" if self.saved is None else self.saved.decision.review_state

    @property
    def first_saved(self) -> str | None:
        return self.versions[0].saved_at if self.versions else None


@dataclass(frozen=True)
class ExportData:
    member_id: str
    member_name: str
    member_pinned_fingerprint: str | None   # what the coordinator's roster pins, if anything
    bundle_id: str
    bundle_title: str
    bundle_digest: str
    coordinator_name: str
    coordinator_fingerprint: str
    demo: bool
    exported_at: str                        # UTC, ISO 8601 with milliseconds and Z
    records: tuple[CaseRecord, ...]
    history: tuple[HistoryEntry, ...]
    history_head: str
    history_count: int
    # The consultation log: every opening of a case by the member, oldest first.
    consultations: tuple[Consultation, ...] = ()
    # The certificate (PEM) of the coordinator who signed the bundle: what a return is sealed for.
    coordinator_cert: str = ""

    @property
    def case_count(self) -> int:
        return len(self.records)

    @property
    def decision_count(self) -> int:
        """Cases with a saved decision (draft, final or recused)."""
        return sum(1 for r in self.records if r.saved is not None)


def collect_export_data(ws: Workspace, *, clock: Callable[[], str] = utc_now) -> ExportData:
    """Snapshot the workspace for export; raises HistoryError if the chain is broken.

    Call it on the thread that owns ``ws``.
    """
    report = ws.decisions.check_history()
    info = ws.info()
    history = tuple(ws.decisions.history())
    by_case: dict[str, list[HistoryEntry]] = defaultdict(list)
    for entry in history:
        by_case[entry.case_id].append(entry)
    saved = {s.case_id: s for s in ws.decisions.all()}
    records = tuple(
        CaseRecord(case, saved.get(case.case_id),
                   tuple(sorted(by_case.get(case.case_id, ()), key=lambda e: e.version)))
        for case in ws.iter_cases())
    row = ws.db.execute("SELECT fingerprint FROM roster WHERE reviewer_id = ?",
                        [info.member_id]).fetchone()
    return ExportData(
        member_id=info.member_id, member_name=info.member_name,
        member_pinned_fingerprint=(row[0] or None) if row else None,
        bundle_id=info.bundle_id, bundle_title=info.bundle_title,
        bundle_digest=info.bundle_digest, coordinator_name=info.coordinator_name,
        coordinator_fingerprint=info.coordinator_fingerprint, demo=info.demo,
        exported_at=clock(), records=records, history=history,
        history_head=report.head, history_count=report.entries,
        consultations=tuple(ws.consultations()),
        coordinator_cert=ws.meta().get("coordinator_cert", "") or "",
    )


def parse_utc(text: str) -> dt.datetime:
    """A stored UTC timestamp as a naive datetime (what spreadsheets hold), to the millisecond."""
    value = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    if value.tzinfo is not None:
        value = value.astimezone(dt.timezone.utc).replace(tzinfo=None)
    return value.replace(microsecond=value.microsecond // 1000 * 1000)


def format_utc(value: dt.datetime) -> str:
    """The inverse of :func:`parse_utc`: ISO 8601 with milliseconds and Z."""
    if value.tzinfo is not None:
        value = value.astimezone(dt.timezone.utc).replace(tzinfo=None)
    return value.isoformat(timespec="milliseconds") + "Z"


def display_utc(text: str | None) -> str:
    """``2026-01-05 09:00 UTC`` for people; '' for None."""
    if not text:
        return ""
    return parse_utc(text).strftime("%Y-%m-%d %H:%M UTC")

"""A consistent snapshot of the coordinator workspace for the consolidated outputs.

Taken on the thread that owns the workspace (quick: a few queries and the
agreement statistics), after which the layout and signing work on this
immutable value on any thread, like the member export's
:class:`exports.snapshot.ExportData`.  Taking the snapshot verifies the
coordinator's adjudication history chain: a tampered history is never
published under the coordinator's signature.

Blindness carries over: a case still awaiting reviews keeps its reviews
withheld (``CaseResult.reviews_visible`` is False), as the coordinator's
own views do, so that publishing a consolidated result in the middle of the
exercise cannot show one reviewer another's unfinished case.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Callable

from review.insights.analysis import Insights, analyse
from review.panel.agreement import FieldAgreement, agreement_report, offered_actions
from review.cases import CATEGORIES, NOT_RECORDED
from review.decisions import Decision
from review.workspace.history import HistoryEntry
from review.panel.merge import CASE_STATUSES, signer_label
from review.panel.record import PanelRecord, panel_record
from review.workspace.database import utc_now

DASH = "\u2014"
HOW_REACHED = {"agreed": "Agreed by the reviewers", "adjudicated": "Adjudicated by the coordinator",
               "disagreement": "Unresolved disagreement", "awaiting": "Awaiting reviews"}


@dataclass(frozen=True)
class CaseResult:
    case_id: str
    original_ref: str
    met_category: str
    regime: str
    status: str                                   # review.panel.merge.CASE_STATUSES
    differing: tuple[str, ...]                    # compared fields that differ
    reviews: tuple[tuple[str, Decision | None], ...]   # (reviewer id, decision) in id order
    final: Decision | None                        # agreed or adjudicated decision
    adjudication: tuple[HistoryEntry, ...]        # the coordinator's saved versions, if any
    record: PanelRecord | None = None             # how each field was decided (None while blind)

    @property
    def reviews_visible(self) -> bool:
        return self.status != "awaiting"

    @property
    def how_reached(self) -> str:
        return HOW_REACHED[self.status]

    @property
    def agrees_with_met(self) -> bool | None:
        if self.final is None or self.final.category is None:
            return None
        return self.final.category == self.met_category


@dataclass(frozen=True)
class FileRecord:
    seq: int
    source: str
    member_id: str | None
    member_name: str | None
    exported_at: str | None
    imported_at: str
    outcome: str                                  # accepted / superseded / refused
    reason: str
    fingerprint: str | None = None                # the certificate that signed it, if verified

    @property
    def signer(self) -> str:
        """'Name (R01)', or 'unknown signer (…)': a refused file is listed under whoever
        verifiably signed it, never under the member it claims to be from."""
        return signer_label(self.member_id, self.member_name, self.fingerprint)


@dataclass(frozen=True)
class ConsolidatedData:
    bundle_id: str
    bundle_title: str
    bundle_digest: str
    demo: bool
    coordinator_name: str                         # who signed the panel bundle
    coordinator_fingerprint: str
    generated_at: str                             # UTC ISO with Z
    roster: dict[str, str]                        # reviewer id → name
    cases: tuple[CaseResult, ...]
    files: tuple[FileRecord, ...]
    agreement: tuple[FieldAgreement, ...]
    history_head: str
    history_count: int
    history_first: str | None
    history_last: str | None
    insights: Insights | None = None              # patterns across the final decisions

    @property
    def case_count(self) -> int:
        return len(self.cases)

    @property
    def final_count(self) -> int:
        return sum(c.final is not None for c in self.cases)

    def status_counts(self) -> dict[str, int]:
        out = {k: 0 for k in CASE_STATUSES}
        for c in self.cases:
            out[c.status] += 1
        return out

    def disputed(self) -> list[CaseResult]:
        """Cases whose reviews disagreed: still open, or adjudicated."""
        return [c for c in self.cases if c.status in ("disagreement", "adjudicated")]

    def outcome_counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for f in self.files:
            out[f.outcome] = out.get(f.outcome, 0) + 1
        return out

    def category_matrix(self) -> dict[str, dict[str, int]]:
        """Met category → final category → cases (cases with a final category)."""
        matrix = {m: {p: 0 for p in CATEGORIES} for m in CATEGORIES}
        for c in self.cases:
            if c.final is not None and c.final.category in CATEGORIES:
                matrix.setdefault(c.met_category, {p: 0 for p in CATEGORIES})
                matrix[c.met_category][c.final.category] += 1
        return matrix


def raised_lines(kind: str, record: PanelRecord | None, codes=None) -> str | None:
    """'Label (raised by k of n)' per line, for actions or concerns.

    ``codes`` are the final record's (an adjudication's own list); without them, every code
    any reviewer raised.  A code no reviewer raised (the coordinator's own) says so."""
    from exports import vocab
    if record is None:
        return vocab.join_labels(kind[:-1], codes or ()) or None
    counts = dict(getattr(record, kind))
    shown = list(codes) if codes is not None else list(counts)
    lines = [f"{vocab.label(kind[:-1], code)} ({record.raised_text(counts.get(code, 0))})"
             for code in shown]
    return "\n".join(lines) or None


def confidence_lines(record: PanelRecord | None) -> str | None:
    """'R01: High' per reviewer: confidence is each reviewer's own, never combined."""
    from exports import vocab
    if record is None:
        return None
    return "\n".join(f"{rid}: {vocab.label('confidence', value) or DASH}"
                     for rid, value in record.confidence) or None


def decided_text(record: PanelRecord) -> str:
    """How the deciding fields (category, actions, severity) were decided, in words."""
    how = set(record.decided_by.values())
    if how == {"adjudicated"}:
        return "Adjudicated by the coordinator"
    if how == {"agreed"}:
        n = record.reviewers
        return f"Agreed by {n} of {n} reviewer{'s' if n != 1 else ''}"
    differ = [f for f, h in record.decided_by.items() if h == "differ"]
    return "Reviewers differ on " + ", ".join(differ) + ": to adjudicate"



def collect_consolidated(coord, *, clock: Callable[[], str] = utc_now) -> ConsolidatedData:
    """Snapshot a :class:`review.panel.workspace.CoordinatorWorkspace` (on its thread)."""
    report = coord.decisions.check_history()  # HistoryError if the chain was tampered with
    info, meta = coord.info(), coord.meta()
    reviews = coord.all_reviews()
    finals = coord.final_decisions()
    history = coord.decisions.history()
    by_case: dict[str, list[HistoryEntry]] = {}
    for e in history:
        by_case.setdefault(e.case_id, []).append(e)
    overview = {row.case_id: row for row in coord.overview()}
    offered: dict[str, frozenset[str]] = {}
    cases = []
    listed = list(coord.iter_cases())
    for case in listed:
        row = overview[case.case_id]
        offered.update(offered_actions((case,)))
        final = finals.get(case.case_id)
        revs = reviews.get(case.case_id, {})
        cases.append(CaseResult(
            case_id=case.case_id, original_ref=case.original_ref or NOT_RECORDED,
            met_category=case.met_category, regime=case.regime, status=row.status,
            differing=row.differing,
            reviews=tuple(sorted(revs.items())),
            final=final[1] if final else None,
            adjudication=tuple(by_case.get(case.case_id, ())),
            record=(panel_record(revs, row.status == "adjudicated")
                    if row.status != "awaiting" else None)))
    roster = coord.roster_names()
    files = tuple(FileRecord(int(r["seq"]), r["source"], r["member_id"],
                             roster.get(r["member_id"]) if r["member_id"] else None,
                             r["exported_at"], r["imported_at"], r["outcome"], r["reason"] or "",
                             r["fingerprint"])
                  for r in coord.imports())
    agreement = tuple(agreement_report(reviews, offered=offered))
    return ConsolidatedData(
        bundle_id=info.bundle_id, bundle_title=info.bundle_title,
        bundle_digest=info.bundle_digest, demo=info.demo,
        coordinator_name=info.member_name,
        coordinator_fingerprint=meta["coordinator_fingerprint"], generated_at=clock(),
        roster=dict(sorted(roster.items())), cases=tuple(cases), files=files,
        agreement=agreement, history_head=report.head, history_count=report.entries,
        history_first=history[0].saved_at if history else None,
        history_last=history[-1].saved_at if history else None,
        insights=analyse(listed, {cid: d for cid, (_, d) in finals.items()}))


def decision_payload(entry: HistoryEntry) -> Decision:
    return Decision.from_json(json.loads(entry.payload))


def shown_utc(text: str | None) -> str:
    """``2026-01-05 09:00 UTC``; a timestamp that does not parse (a refused file's claim)
    is shown as it is, never raised on."""
    from exports.snapshot import display_utc
    try:
        return display_utc(text)
    except (ValueError, TypeError):
        return str(text)


def cell_utc(text: str | None):
    """A naive UTC datetime for a spreadsheet cell, or the text when it does not parse."""
    from exports.snapshot import parse_utc
    if not text:
        return None
    try:
        return parse_utc(text)
    except (ValueError, TypeError):
        return str(text)

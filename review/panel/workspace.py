"""The coordinator's workspace: members' reviews merged, disagreements adjudicated.

It is a workspace like a member's (same encrypted file, same history
chain), opened from the whole-panel bundle that ``bundle create`` writes
(``panel.prb``: every case, the roster with pinned fingerprints, every
assignment).  Its own decisions are the coordinator's adjudications; the
members' reviews arrive through :meth:`CoordinatorWorkspace.import_export`.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, replace

from review.bundle.contents import Bundle
from review.workspace.decision_store import SaveResult
from review.decisions import Decision
from review.errors import WorkspaceError
from review.panel.merge import (MemberExport, check_export, case_status, differing_fields,
                                pinned_signer)
from review.panel.after_final import ChangedAfterFinal, changed_after_final
from review.panel.ancestry import History, Verdict, judge
from review.panel.record import raised
from review.workspace.database import Changes, Workspace

COORDINATOR_ID = "coordinator"


@dataclass(frozen=True)
class ImportOutcome:
    source: str
    outcome: str          # accepted / superseded / already imported / refused
    reason: str = ""
    member_id: str | None = None  # for a refused file: whose pinned certificate signed it
    changes: Changes = Changes()
    fingerprint: str | None = None


@dataclass(frozen=True)
class CaseOverview:
    case_id: str
    met_category: str
    assigned: tuple[str, ...]
    status: str                    # see review.panel.merge.CASE_STATUSES
    differing: tuple[str, ...]     # fields that differ (empty while blind)


class CoordinatorWorkspace(Workspace):
    ROLE = "coordinator"

    @staticmethod
    def _check_bundle(bundle: Bundle) -> None:
        if bundle.contents.member_id is not None:
            raise WorkspaceError(
                "This is a member's bundle. A coordinator workspace starts from the panel "
                "file (panel.prb) that bundle create wrote."
            )
        unpinned = [r.reviewer_id for r in bundle.contents.roster if not r.fingerprint]
        if unpinned:
            raise WorkspaceError(f"The roster pins no certificate for {', '.join(unpinned)}; "
                                 "exports from them could not be checked.")

    def _owner(self, bundle: Bundle) -> tuple[str, str]:
        return COORDINATOR_ID, bundle.signer_name

    def _more_meta(self, bundle: Bundle) -> dict[str, str]:
        # Kept in the same transaction as the rest: the digests the merge compares with.
        bundles = bundle.contents.member_bundles
        return {"member_bundles": json.dumps(bundles, sort_keys=True)} if bundles else {}

    def member_bundles(self) -> dict[str, str] | None:
        """Reviewer id → digest of the bundle written for them; None when the panel bundle
        (made by an older Panel Review) does not list them."""
        raw = self.meta().get("member_bundles")
        return json.loads(raw) if raw else None

    # -- panel facts --------------------------------------------------------
    def pinned(self) -> dict[str, str | None]:
        return dict(self.db.execute("SELECT reviewer_id, fingerprint FROM roster").fetchall())

    def roster_names(self) -> dict[str, str]:
        return dict(self.db.execute("SELECT reviewer_id, name FROM roster").fetchall())

    def assigned(self) -> dict[str, set[str]]:
        """reviewer id → case ids assigned to them."""
        out: dict[str, set[str]] = defaultdict(set)
        for cid, rid in self.db.execute("SELECT case_id, reviewer_id FROM assignments"):
            out[rid].add(cid)
        return out

    # -- importing members' exports -------------------------------------------
    def record_refusal(self, source: str, file_digest: str, reason: str) -> ImportOutcome:
        """Keep a file that could not even be verified in the list of refused files."""
        with self.db.atomic():
            self.db.execute(
                "INSERT OR IGNORE INTO imports (file_digest, source, imported_at, outcome, reason) "
                "VALUES (?, ?, ?, 'refused', ?)", [file_digest, source, self.clock(), reason])
        return ImportOutcome(source, "refused", reason)

    def import_export(self, exp: MemberExport) -> ImportOutcome:
        """Accept, supersede or refuse one verified member export; idempotent per file."""
        known = self.db.execute("SELECT outcome, reason, member_id FROM imports WHERE file_digest = ?",
                                [exp.file_digest]).fetchone()
        if known is not None:
            return ImportOutcome(exp.source, "already imported", known[1] or "", known[2])
        meta = self.meta()
        refusal = check_export(exp, bundle_id=meta["bundle_id"], pinned=self.pinned(),
                               assigned=self.assigned(),
                               coordinator=meta["coordinator_fingerprint"],
                               member_bundles=self.member_bundles())
        if refusal is not None:
            signer = pinned_signer(exp.fingerprint, self.pinned())
            with self.db.atomic():
                self.db.execute(
                    "INSERT INTO imports (file_digest, source, member_id, fingerprint, exported_at, "
                    "imported_at, outcome, reason) VALUES (?,?,?,?,?,?, 'refused', ?)",
                    [exp.file_digest, exp.source, signer, exp.fingerprint, exp.exported_at,
                     self.clock(), refusal.reason])
            return ImportOutcome(exp.source, "refused", refusal.reason, signer,
                                 fingerprint=exp.fingerprint)
        verdict = self._judge_history(exp)
        if verdict.outcome == "refused":
            signer = exp.member_id
            with self.db.atomic():
                self.db.execute(
                    "INSERT INTO imports (file_digest, source, member_id, fingerprint, exported_at, "
                    "imported_at, outcome, reason, history_count, history_head) "
                    "VALUES (?,?,?,?,?,?, 'refused', ?,?,?)",
                    [exp.file_digest, exp.source, signer, exp.fingerprint, exp.exported_at,
                     self.clock(), verdict.reason, exp.history.count, exp.history.head])
            return ImportOutcome(exp.source, "refused", verdict.reason, signer,
                                 fingerprint=exp.fingerprint)
        # The same history as the accepted export (another file of it) is kept as superseded.
        outcome = "superseded" if verdict.outcome in ("superseded", "same") else "accepted"
        with self.db.atomic():
            previous = self.db.execute("SELECT seq FROM imports WHERE member_id = ? AND "
                                       "outcome = 'accepted'", [exp.member_id]).fetchone()
            previous = previous[0] if previous else None
            if outcome == "accepted":  # the older export stays, marked as superseded
                self.db.execute("UPDATE imports SET outcome = 'superseded' WHERE member_id = ? "
                                "AND outcome = 'accepted'", [exp.member_id])
            seq = self.db.execute(
                "INSERT INTO imports (file_digest, source, member_id, fingerprint, exported_at, "
                "imported_at, outcome, reason, history_count, history_head, history_heads) "
                "VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                [exp.file_digest, exp.source, exp.member_id, exp.fingerprint, exp.exported_at,
                 self.clock(), outcome, verdict.reason or None, exp.history.count,
                 exp.history.head, exp.history.pack()]).lastrowid
            self.db.conn.executemany(
                "INSERT INTO review_versions (import_seq, case_id, member_id, payload, version) "
                "VALUES (?,?,?,?,?)",
                [(seq, cid, exp.member_id, d.canonical(), exp.versions.get(cid))
                 for cid, d in exp.decisions.items()])
            reason = verdict.reason
            if outcome == "accepted" and previous is not None:
                reason = self._flag_changes(seq, previous, exp) or reason
                if reason:
                    self.db.execute("UPDATE imports SET reason = ? WHERE seq = ?", [reason, seq])
        shown = "already imported" if verdict.outcome == "same" else outcome
        return ImportOutcome(exp.source, shown, reason, exp.member_id,
                             Changes(frozenset(exp.decisions), decisions=True))

    def _flag_changes(self, seq: int, previous: int, exp: MemberExport) -> str:
        """Record the decisions ``exp`` changed after the accepted import ``previous`` held
        them final; returns the sentence for the Imports page ('' when none)."""
        before = {cid: (Decision.from_json(json.loads(payload)), version)
                  for cid, payload, version in self.db.execute(
                      "SELECT case_id, payload, version FROM review_versions "
                      "WHERE import_seq = ?", [previous])}
        after = {cid: (d, exp.versions.get(cid)) for cid, d in exp.decisions.items()}
        changed = changed_after_final(exp.member_id, before, after)
        adjudicated = dict(self.db.execute("SELECT case_id, version FROM decisions").fetchall())
        now = self.clock()
        self.db.conn.executemany(
            "INSERT INTO changed_after_final (import_seq, case_id, member_id, old_import_seq, "
            "old_version, new_version, flagged_at, adjudication_version) VALUES (?,?,?,?,?,?,?,?)",
            [(seq, c.case_id, c.member_id, previous, c.old_version, c.new_version, now,
              adjudicated.get(c.case_id)) for c in changed])
        if not changed:
            return ""
        listed = "; ".join(f"{c.case_id} {c.label.removeprefix('changed after it was final: ')}"
                           for c in changed[:5])
        more = f" and {len(changed) - 5} more" if len(changed) > 5 else ""
        return f"{len(changed)} decision{'s' if len(changed) != 1 else ''} changed after it " \
               f"was final: {listed}{more}"

    def changes_after_final(self, case_id: str | None = None) -> list[ChangedAfterFinal]:
        """Every decision a member changed after an accepted export held it final, oldest
        flag first; ``needs_review`` while the case's adjudication is the one it found."""
        where, args = ("WHERE f.case_id = ?", [case_id]) if case_id else ("", [])
        adjudicated = dict(self.db.execute("SELECT case_id, version FROM decisions").fetchall())
        out = []
        for cid, rid, old_v, new_v, at, adj_v, old_p, new_p in self.db.execute(
                "SELECT f.case_id, f.member_id, f.old_version, f.new_version, f.flagged_at, "
                "f.adjudication_version, o.payload, n.payload FROM changed_after_final f "
                "JOIN review_versions o ON o.import_seq = f.old_import_seq AND o.case_id = f.case_id "
                "LEFT JOIN review_versions n ON n.import_seq = f.import_seq AND n.case_id = f.case_id "
                f"{where} ORDER BY f.import_seq, f.case_id", args):
            out.append(ChangedAfterFinal(
                cid, rid, old_v, new_v, Decision.from_json(json.loads(old_p)),
                Decision.from_json(json.loads(new_p)) if new_p else None, at,
                needs_review=adj_v is not None and adjudicated.get(cid) == adj_v))
        return out

    def _judge_history(self, exp: MemberExport) -> Verdict:
        """Accepted only if its history extends the accepted one's (review.panel.ancestry)."""
        row = self.db.execute(
            "SELECT history_count, history_head, history_heads, exported_at FROM imports "
            "WHERE member_id = ? AND outcome = 'accepted'", [exp.member_id]).fetchone()
        if row is None:
            return judge(exp.member_id, None, exp.history)
        if row[0] is None:  # accepted before imports recorded the history: by export time
            if row[3] is not None and row[3] >= exp.exported_at:
                return Verdict("superseded", "a newer export from the same member is already "
                                             "merged")
            return Verdict("accepted")
        return judge(exp.member_id, History.unpack(row[0], row[1], row[2]), exp.history)

    def imports(self) -> list[dict]:
        """Every file offered, in order; a refused file's ``member_id`` is its verified
        signer's roster id (None: unknown signer), whatever the file claimed."""
        cols = ["seq", "source", "member_id", "fingerprint", "exported_at", "imported_at",
                "outcome", "reason"]
        pinned = self.pinned()
        rows = [dict(zip(cols, r)) for r in self.db.execute(
            f"SELECT {', '.join(cols)} FROM imports ORDER BY seq")]
        for row in rows:  # files refused before signers were recorded held the claimed id
            if row["outcome"] == "refused":
                row["member_id"] = pinned_signer(row["fingerprint"], pinned)
        return rows

    # -- reading merged reviews -----------------------------------------------
    def all_reviews(self) -> dict[str, dict[str, Decision | None]]:
        """case id → {assigned reviewer → their current decision or None}."""
        out: dict[str, dict[str, Decision | None]] = {cid: {} for cid in self.case_ids()}
        for rid, cases in self.assigned().items():
            for cid in cases:
                out.setdefault(cid, {})[rid] = None
        for cid, rid, payload in self.db.execute(
                "SELECT v.case_id, v.member_id, v.payload FROM review_versions v "
                "JOIN imports i ON i.seq = v.import_seq WHERE i.outcome = 'accepted'"):
            out.setdefault(cid, {})[rid] = Decision.from_json(json.loads(payload))
        return out

    def overview(self) -> list[CaseOverview]:
        reviews = self.all_reviews()
        adjudicated = set(self.db.execute("SELECT case_id FROM decisions").fetchall())
        adjudicated = {r[0] for r in adjudicated}
        met = dict(self.db.execute("SELECT case_id, met_category FROM cases").fetchall())
        rows = []
        for cid in self.case_ids():
            revs = reviews.get(cid, {})
            status = case_status(revs, revs.keys(), cid in adjudicated)
            shown = status != "awaiting"  # blind until every assigned reviewer has finalised
            diff = differing_fields([d for d in revs.values() if d and not d.recused]) if shown else []
            rows.append(CaseOverview(cid, met[cid], tuple(sorted(revs)), status, tuple(diff)))
        return rows

    def visible_reviews(self, case_id: str) -> dict[str, Decision | None]:
        """A case's reviews, or an empty dict while the case is still blind."""
        revs = self.all_reviews().get(case_id, {})
        if case_status(revs, revs.keys(), False) == "awaiting":
            return {}
        return revs

    # -- adjudication -----------------------------------------------------------
    def adjudicate(self, case_id: str, decision: Decision) -> SaveResult:
        """Record the coordinator's final decision (same validation and history)."""
        if not self.visible_reviews(case_id):
            raise WorkspaceError(f"Case {case_id} is still awaiting reviews; it can be adjudicated "
                                 "once every assigned reviewer has finalised.")
        return self.decisions.finalise(case_id, decision)

    def final_decisions(self) -> dict[str, tuple[str, Decision]]:
        """case id → (how it was reached: 'adjudicated' or 'agreed', the decision).

        An agreed case's decision holds what the reviewers agreed on (category, actions,
        severity), every concern any of them raised and no confidence: confidence is each
        reviewer's own (see review.panel.record), never one reviewer's picked for the panel.
        """
        out: dict[str, tuple[str, Decision]] = {}
        adjudicated = {s.case_id: s.decision for s in self.decisions.all()}
        reviews = self.all_reviews()
        for row in self.overview():
            if row.case_id in adjudicated:
                out[row.case_id] = ("adjudicated", adjudicated[row.case_id])
            elif row.status == "agreed":
                decided = [d for _, d in sorted(reviews[row.case_id].items())
                           if d and not d.recused]
                concerns = tuple(code for code, _ in raised(decided, "concerns"))
                out[row.case_id] = ("agreed", replace(decided[0], concerns=concerns,
                                                      confidence=None, rationale=""))
        return out

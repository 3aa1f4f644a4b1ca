"""Saving decisions: every save commits a new version to the hash chain.

A save writes the decision's current state and appends a history entry in
one transaction, with ``synchronous=FULL``: when ``save`` returns, the
version is on disk and survives a killed process or a power cut.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable, Iterator

import sqlite_utils

from review.storage import guarded_write
from review.workspace import history as chain
from review.cases import CATEGORIES, Case
from review.decisions import Decision, check_draft, check_final
from review.errors import HistoryError, UnknownCase, WorkspaceError

_HISTORY_COLS = "seq, case_id, version, saved_at, member_id, payload, prev_hash, hash"


@dataclass(frozen=True)
class SavedDecision:
    case_id: str
    decision: Decision
    version: int
    saved_at: str


@dataclass(frozen=True)
class SaveResult:
    saved: SavedDecision
    new_version: bool  # False when the decision was already saved exactly so


class DecisionStore:
    def __init__(self, db: sqlite_utils.Database, meta: Callable[[], dict[str, str]],
                 clock: Callable[[], str]):
        self.db, self._meta, self.clock = db, meta, clock
        # Where the file is, so that a full or vanished disk can be named.
        self.path = Path(db.execute("PRAGMA database_list").fetchone()[2])

    def case(self, case_id: str) -> Case:
        row = self.db.execute("SELECT data FROM cases WHERE case_id = ?", [case_id]).fetchone()
        if row is None:
            raise UnknownCase(f"Case {case_id} is not in this workspace.")
        return Case.from_json(json.loads(row[0]))

    def _rules(self, case_id: str) -> tuple[str, str, tuple[str, ...]]:
        """(regime, subject role, actions saved so far) that a decision on the case is
        checked against: the actions saved so far may stay in a draft even when the
        case is no longer offered them (see ``review.decisions.shape_errors``)."""
        # The role from the case's JSON, not the list column: that column
        # arrived with schema 3, and a decision is checked the same on any schema.
        row = self.db.execute("SELECT regime, json_extract(data, '$.subject_role') FROM cases "
                              "WHERE case_id = ?", [case_id]).fetchone()
        if row is None:
            raise UnknownCase(f"Case {case_id} is not in this workspace.")
        current = self.get(case_id)
        return row[0], row[1], current.decision.actions if current else ()

    # -- reading ----------------------------------------------------------
    def get(self, case_id: str) -> SavedDecision | None:
        row = self.db.execute("SELECT payload, version, saved_at FROM decisions WHERE case_id = ?",
                              [case_id]).fetchone()
        if row is None:
            return None
        return SavedDecision(case_id, Decision.from_json(json.loads(row[0])), row[1], row[2])

    def all(self) -> Iterator[SavedDecision]:
        for cid, payload, version, saved_at in self.db.execute(
                "SELECT d.case_id, payload, version, saved_at FROM decisions d "
                "JOIN cases c USING (case_id) ORDER BY c.position"):
            yield SavedDecision(cid, Decision.from_json(json.loads(payload)), version, saved_at)

    def states(self) -> dict[str, str]:
        """case id → not_started / draft / final / recused, for every case."""
        return {cid: state or "not_started" for cid, state in self.db.execute(
            "SELECT c.case_id, d.state FROM cases c LEFT JOIN decisions d USING (case_id) "
            "ORDER BY c.position")}

    def progress(self) -> dict[str, dict[str, int]]:
        """Counts of review states, overall and per Met category."""
        out: dict[str, Counter] = {"all": Counter(), **{k: Counter() for k in CATEGORIES}}
        for cat, state in self.db.execute(
                "SELECT c.met_category, coalesce(d.state, 'not_started') FROM cases c "
                "LEFT JOIN decisions d USING (case_id)"):
            out["all"][state] += 1
            out[cat][state] += 1
        return {k: dict(v) for k, v in out.items()}

    def history(self, case_id: str | None = None) -> list[chain.HistoryEntry]:
        if case_id is None:
            rows = self.db.execute(f"SELECT {_HISTORY_COLS} FROM history ORDER BY seq")
        else:
            rows = self.db.execute(f"SELECT {_HISTORY_COLS} FROM history WHERE case_id = ? "
                                   "ORDER BY version", [case_id])
        return [chain.HistoryEntry(*r) for r in rows]

    def hashes(self) -> list[str]:
        """Every history entry's hash, oldest first: what an anchor is checked against."""
        return [h for (h,) in self.db.execute("SELECT hash FROM history ORDER BY seq")]

    # -- writing ----------------------------------------------------------
    def save(self, case_id: str, decision: Decision) -> SaveResult:
        """Save as it is (draft or final); a final decision must pass final checks."""
        rules = self._rules(case_id)
        check = check_final if decision.status == "final" else check_draft
        d = check(decision, *rules)
        return self._commit(case_id, d)

    def finalise(self, case_id: str, decision: Decision) -> SaveResult:
        return self._commit(case_id, check_final(decision, *self._rules(case_id)))

    def reopen(self, case_id: str) -> SaveResult:
        current = self.get(case_id)
        if current is None or current.decision.status != "final":
            raise WorkspaceError(f"Case {case_id} has no final decision to reopen.")
        return self._commit(case_id, replace(current.decision, status="draft"))

    def recuse(self, case_id: str, reason: str) -> SaveResult:
        current = self.get(case_id)
        base = current.decision if current else Decision()
        d = replace(base, recused=True, recusal_reason=reason, status="final")
        return self._commit(case_id, check_final(d, *self._rules(case_id)))

    def _commit(self, case_id: str, d: Decision) -> SaveResult:
        with guarded_write(f"the latest change to case {case_id} was not saved", self.path):
            return self._commit_now(case_id, d)

    def _commit_now(self, case_id: str, d: Decision) -> SaveResult:
        payload = d.canonical()
        conn = self.db.conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            row = conn.execute("SELECT payload, version, saved_at FROM decisions WHERE case_id = ?",
                               [case_id]).fetchone()
            if row is not None and row[0] == payload:
                conn.execute("ROLLBACK")
                return SaveResult(SavedDecision(case_id, d, row[1], row[2]), new_version=False)
            head = dict(conn.execute("SELECT key, value FROM meta WHERE key IN "
                                     "('history_head', 'history_count', 'member_id')").fetchall())
            version = (row[1] if row else 0) + 1
            entry = chain.make_entry((int(head["history_count"]), head["history_head"]), case_id,
                                     version, self.clock(), head["member_id"], payload)
            conn.execute(f"INSERT INTO history ({_HISTORY_COLS}) VALUES (?,?,?,?,?,?,?,?)",
                         [entry.seq, entry.case_id, entry.version, entry.saved_at,
                          entry.member_id, entry.payload, entry.prev_hash, entry.hash])
            conn.execute("INSERT OR REPLACE INTO decisions (case_id, version, saved_at, state, "
                         "category, payload) VALUES (?,?,?,?,?,?)",
                         [case_id, version, entry.saved_at, d.review_state, d.category, payload])
            conn.executemany("UPDATE meta SET value = ? WHERE key = ?",
                             [(entry.hash, "history_head"), (str(entry.seq), "history_count")])
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        return SaveResult(SavedDecision(case_id, d, version, entry.saved_at), new_version=True)

    # -- checking ---------------------------------------------------------
    def check_history(self) -> chain.ChainReport:
        """Verify the chain and that each current decision is its case's last version."""
        meta = self._meta()
        report = chain.check_chain(iter(self.history()), meta["history_head"],
                                   int(meta["history_count"]))
        last = {}
        for e in self.history():
            last[e.case_id] = e
        current = {s.case_id: s for s in self.all()}
        for cid in sorted(set(last) | set(current)):
            e, s = last.get(cid), current.get(cid)
            if e is None or s is None or e.version != s.version or \
                    json.loads(e.payload) != s.decision.to_json():
                raise HistoryError(f"The saved decision on case {cid} does not match its history.")
        return report

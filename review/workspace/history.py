"""The append-only, hash-chained history of saved decisions.

Each row's hash covers its own fields and the previous row's hash, so any
edited, deleted, inserted or reordered row breaks the chain from that point
on.  The workspace also keeps the head hash and the row count beside the
chain, so that cutting rows off the end is detected too.  Exports sign the
head, which makes the whole history tamper-evident outside the workspace,
and anchors it there: see ``check_anchor``.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any, Iterable, Sequence

from review.errors import HistoryError

GENESIS = "0" * 64


@dataclass(frozen=True)
class HistoryEntry:
    seq: int
    case_id: str
    version: int
    saved_at: str          # UTC, ISO 8601 with milliseconds
    member_id: str
    payload: str           # the decision's canonical JSON
    prev_hash: str
    hash: str

    @property
    def decision(self) -> dict[str, Any]:
        return json.loads(self.payload)


def entry_hash(seq: int, case_id: str, version: int, saved_at: str, member_id: str,
               payload: str, prev_hash: str) -> str:
    body = json.dumps([seq, case_id, version, saved_at, member_id, payload, prev_hash],
                      separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(body.encode()).hexdigest()


def make_entry(prev: tuple[int, str], case_id: str, version: int, saved_at: str,
               member_id: str, payload: str) -> HistoryEntry:
    """The next entry after ``prev`` = (last seq, last hash)."""
    seq = prev[0] + 1
    h = entry_hash(seq, case_id, version, saved_at, member_id, payload, prev[1])
    return HistoryEntry(seq, case_id, version, saved_at, member_id, payload, prev[1], h)


@dataclass(frozen=True)
class ChainReport:
    entries: int
    head: str


def check_chain(rows: Iterable[HistoryEntry], head: str, count: int) -> ChainReport:
    """Verify the chain; raise HistoryError naming the first row that fails."""
    prev, seq, versions = GENESIS, 0, {}
    for row in rows:
        seq += 1
        where = f"History entry {seq}"
        if row.seq != seq:
            raise HistoryError(f"{where} is missing or out of order (found entry {row.seq}).")
        if row.prev_hash != prev:
            raise HistoryError(f"{where} does not follow the entry before it: an entry was "
                               "removed, inserted or reordered.")
        if entry_hash(row.seq, row.case_id, row.version, row.saved_at, row.member_id,
                      row.payload, row.prev_hash) != row.hash:
            raise HistoryError(f"{where} (case {row.case_id}, version {row.version}) was "
                               "altered after it was saved.")
        if row.version != versions.get(row.case_id, 0) + 1:
            raise HistoryError(f"{where}: case {row.case_id} skips from version "
                               f"{versions.get(row.case_id, 0)} to {row.version}.")
        versions[row.case_id] = row.version
        prev = row.hash
    if seq != count or prev != head:
        raise HistoryError(f"The history holds {seq} entries but {count} were recorded: "
                           "entries were removed from its end or added outside Panel Review.")
    return ChainReport(seq, prev)


# -- anchors: the history as seen outside the workspace --------------------------
# The chain proves that no entry was altered, but not that the file is the newest
# copy: one put back from an older copy has an intact chain of its own.  What was
# seen outside the file pins it down (an export signs the count and head, and the
# app remembers them): the workspace extends it when its own chain, at the count
# that was seen, has exactly the head that was seen.

@dataclass(frozen=True)
class Anchor:
    """A point of the history seen outside the workspace: its count and head."""

    count: int
    head: str


@dataclass(frozen=True)
class AnchorCheck:
    extends: bool
    seen: Anchor                  # what was exported or last seen
    count: int                    # the workspace's versions now
    head_then: str | None         # the workspace's head at the seen version; None if shorter


def head_at(hashes: Sequence[str], count: int) -> str | None:
    """The chain's head after ``count`` versions, or None when it is shorter."""
    if count < 0 or count > len(hashes):
        return None
    return hashes[count - 1] if count else GENESIS


def check_anchor(hashes: Sequence[str], seen: Anchor) -> AnchorCheck:
    """Compare the workspace's history (its entries' hashes, oldest first) with ``seen``."""
    then = head_at(hashes, seen.count)
    return AnchorCheck(then == seen.head, seen, len(hashes), then)


def short(head: str | None) -> str:
    """A head as people compare it: its first 16 hexadecimal digits in groups of four."""
    if not head:
        return "nothing"
    return " ".join(head[i:i + 4] for i in range(0, 16, 4)) + "\u2026"

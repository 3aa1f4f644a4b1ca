"""Does a workspace's history still extend a history seen outside it?

The chain in a workspace proves that no entry was altered, but not that the
file is the newest copy: a workspace put back from an older copy (or one
whose later entries were dropped and the head rewritten to match) has an
intact chain of its own.  What was once seen outside the file pins it down:
an export signs the history's count and head, and the app remembers them.
The workspace extends that history when its own chain, at the version that
was seen, has exactly the head that was seen.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from review.workspace.history import GENESIS, HistoryEntry


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


def head_at(entries: Sequence[HistoryEntry], count: int) -> str | None:
    """The chain's head after ``count`` versions, or None when it is shorter."""
    if count < 0 or count > len(entries):
        return None
    return entries[count - 1].hash if count else GENESIS


def check_anchor(entries: Sequence[HistoryEntry], seen: Anchor) -> AnchorCheck:
    """Compare ``entries`` (the workspace's history, oldest first) with ``seen``."""
    then = head_at(entries, seen.count)
    return AnchorCheck(then == seen.head, seen, len(entries), then)


def short(head: str | None) -> str:
    """A head as people compare it: its first 16 hexadecimal digits in groups of four."""
    if not head:
        return "nothing"
    return " ".join(head[i:i + 4] for i in range(0, 16, 4)) + "\u2026"

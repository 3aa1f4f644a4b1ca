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

from review.workspace.history import GENESIS


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


def hashes_of(ws) -> list[str]:
    """The hashes of a workspace's history entries, oldest first (read on its own thread)."""
    return [h for (h,) in ws.db.execute("SELECT hash FROM history ORDER BY seq")]


def short(head: str | None) -> str:
    """A head as people compare it: its first 16 hexadecimal digits in groups of four."""
    if not head:
        return "nothing"
    return " ".join(head[i:i + 4] for i in range(0, 16, 4)) + "\u2026"

"""Decisions a member changed after they were final, between two accepted exports.

A member may revise a final decision (their history keeps every version).
When the export that replaces the accepted one changes a decision the
accepted one held as final, the coordinator must see it: the case may have
been settled, even adjudicated, on the earlier version.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

from review.decisions import Decision


@dataclass(frozen=True)
class ChangedAfterFinal:
    case_id: str
    member_id: str
    old_version: int | None
    new_version: int | None
    before: Decision
    after: Decision | None              # None: the new export holds no decision on the case
    flagged_at: str = ""
    needs_review: bool = False          # an adjudication recorded before it is not revised yet

    @property
    def label(self) -> str:
        """'changed after it was final: version 3 → 5'."""
        return f"changed after it was final: version {_v(self.old_version)} \u2192 " \
               f"{_v(self.new_version)}"


def _v(version: int | None) -> str:
    return str(version) if version is not None else "?"


def changed_after_final(member_id: str,
                        before: Mapping[str, tuple[Decision, int | None]],
                        after: Mapping[str, tuple[Decision, int | None]]
                        ) -> list[ChangedAfterFinal]:
    """Cases whose final decision in ``before`` is not the decision in ``after``.

    Both map case id → (decision, version); a version is None when the export
    did not say.  Sorted by case id.
    """
    out = []
    for cid, (old, old_version) in sorted(before.items()):
        if old.status != "final":
            continue
        new, new_version = after.get(cid, (None, None))
        if new is None or new.canonical() != old.canonical():
            out.append(ChangedAfterFinal(cid, member_id, old_version, new_version, old, new))
    return out

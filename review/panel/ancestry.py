"""Which of a member's exports is newest: the one whose history extends the other's.

A member's workspace keeps its saved versions in a hash chain; every export
signs the chain's count, its head and the head after each version (the
History sheet's "Entry hash" column, in entry order).  Export A extends
export B when B's head is A's head after B's count of versions: A's history
then begins with all of B's.  The export time the member's laptop wrote is
shown, never used: a wrong clock or an export made from a restored old copy
of the workspace must not replace the member's later work.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class History:
    """What one export proves about the history it was made from."""

    count: int
    head: str
    heads: tuple[str, ...] = ()     # head after versions 1..count; () when the export has none

    @property
    def provable(self) -> bool:
        return len(self.heads) == self.count and (not self.heads or self.heads[-1] == self.head)

    def continues(self, earlier: "History") -> bool:
        """True when this history begins with all of ``earlier``'s versions."""
        if earlier.count == 0:
            return True
        return (self.provable and earlier.count <= self.count
                and self.heads[earlier.count - 1] == earlier.head)

    def pack(self) -> str:
        """The heads as one text column (64 hex digits each, no separator)."""
        return "".join(self.heads)

    @classmethod
    def unpack(cls, count: int, head: str, packed: str | None) -> "History":
        packed = packed or ""
        heads = tuple(packed[i:i + 64] for i in range(0, len(packed), 64))
        return cls(count, head, heads)


@dataclass(frozen=True)
class Verdict:
    outcome: str          # accepted / superseded / same / refused
    reason: str = ""


def _versions(n: int) -> str:
    return f"{n:,} saved version" + ("" if n == 1 else "s")


def judge(member: str, accepted: History | None, offered: History) -> Verdict:
    """How a member's offered export stands against the one accepted from them.

    ``accepted`` is None when nothing was accepted from the member yet.  An
    export that cannot prove its history (it lists no heads) is accepted only
    as the first from its member.
    """
    if accepted is None:
        return Verdict("accepted")
    if (offered.count, offered.head) == (accepted.count, accepted.head):
        return Verdict("same", f"it holds the same {_versions(offered.count)} as the export "
                               f"already accepted from {member}")
    if not offered.provable:
        return Verdict("refused", f"{member}'s export does not list the versions of its history, "
                                  f"so it cannot show that it continues the "
                                  f"{_versions(accepted.count)} already accepted. Ask {member} to "
                                  "export again")
    if offered.count > accepted.count and offered.continues(accepted):
        return Verdict("accepted")
    if offered.count < accepted.count and accepted.continues(offered):
        return Verdict("superseded", f"older, already superseded: its {_versions(offered.count)} "
                                     f"are the first of the {accepted.count:,} already accepted "
                                     f"from {member}")
    return Verdict("refused", f"{member}'s new export has {_versions(offered.count)} and does "
                              f"not continue the {accepted.count:,} already accepted: it was made "
                              "from an older copy of their workspace, or changed after one. Ask "
                              f"{member} which is right")

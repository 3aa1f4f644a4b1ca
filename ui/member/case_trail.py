"""The cases opened, in order, for Back and Forward as in a web browser.

Opening a case (from the list, a linked-case link or a key) adds it after
the current one and forgets anything that was "forward"; Back and Forward
move along the trail without adding to it.  No Qt: tested on its own.
"""

from __future__ import annotations

LIMIT = 200  # cases remembered; the oldest go first


class CaseTrail:
    def __init__(self) -> None:
        self._ids: list[str] = []
        self._at = -1

    def visit(self, case_id: str) -> None:
        if self._at >= 0 and self._ids[self._at] == case_id:
            return  # shown again (a refresh, or Back and Forward arriving)
        del self._ids[self._at + 1:]
        self._ids.append(case_id)
        if len(self._ids) > LIMIT:
            del self._ids[0]
        self._at = len(self._ids) - 1

    def can_back(self) -> bool:
        return self._at > 0

    def can_forward(self) -> bool:
        return self._at < len(self._ids) - 1

    def back(self) -> str | None:
        """The case before the current one (now current), or None at the start."""
        if not self.can_back():
            return None
        self._at -= 1
        return self._ids[self._at]

    def forward(self) -> str | None:
        if not self.can_forward():
            return None
        self._at += 1
        return self._ids[self._at]

    def clear(self) -> None:
        self._ids, self._at = [], -1

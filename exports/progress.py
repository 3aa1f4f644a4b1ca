"""Progress reporting and cancellation for long exports.

The app runs an export on a worker thread and passes two callables: one
that receives progress (a fraction from 0 to 1 and a short message with no
case text) and one that says whether the person pressed Cancel.  Checking
happens between cases and between stages, so a cancel takes effect within
a fraction of a second and, because files are only written at the very
end, leaves nothing behind.
"""

from __future__ import annotations

from typing import Callable

from exports.errors import ExportCancelled

ProgressFn = Callable[[float, str], None]
CancelFn = Callable[[], bool]


class Progress:
    """Maps stages of known weight onto one 0..1 scale and checks for cancel."""

    def __init__(self, report: ProgressFn | None = None, should_cancel: CancelFn | None = None,
                 stages: dict[str, float] | None = None):
        self._report, self._cancel = report, should_cancel
        weights = {k: v for k, v in (stages or {}).items() if v > 0}
        total = sum(weights.values()) or 1.0
        self._starts: dict[str, float] = {}
        acc = 0.0
        for name, w in weights.items():
            self._starts[name] = acc / total
            acc += w
        self._spans = {k: w / total for k, w in weights.items()}

    def check(self) -> None:
        """Raise ExportCancelled when the person asked to stop."""
        if self._cancel is not None and self._cancel():
            raise ExportCancelled()

    def update(self, stage: str, done: float, message: str) -> None:
        """``done`` is the fraction (0..1) of ``stage`` completed."""
        self.check()
        if self._report is None:
            return
        start, span = self._starts.get(stage, 0.0), self._spans.get(stage, 0.0)
        self._report(min(1.0, start + span * max(0.0, min(1.0, done))), message)

    def finished(self, message: str) -> None:
        if self._report is not None:
            self._report(1.0, message)

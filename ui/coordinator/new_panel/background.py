"""Slow steps of the new-panel window (reading 20,000 rows, checking, signing) off the UI
thread, behind the app's delayed progress dialog (``ui.progress``), with Cancel.

``run_in_background`` waits in a local event loop, so a page's ``validatePage`` can
ask for a result and still keep the window painting and the Cancel button alive.
"""

from __future__ import annotations

from typing import Any, Callable

from PySide6.QtCore import QEventLoop, QObject, QThread, Signal, Slot
from PySide6.QtWidgets import QWidget

from ui.db_worker import CancelToken
from ui.progress import Cancelled, DelayedProgress

# fn(token, report): report(done, total) moves the bar; fn checks token.cancelled.
Job = Callable[[CancelToken, Callable[[int, int], None]], Any]


class _Runner(QThread):
    progressed = Signal(int, int)
    succeeded = Signal(object)
    failed = Signal(object)

    def __init__(self, fn: Job, token: CancelToken) -> None:
        super().__init__()
        self.setObjectName("panel-review-new-panel")
        self.fn, self.token = fn, token

    def run(self) -> None:
        try:
            result = self.fn(self.token, lambda done, total: self.progressed.emit(done, total))
        except BaseException as exc:  # handed to the main thread as an object
            self.failed.emit(exc)
        else:
            self.succeeded.emit(result)
        finally:
            self.fn = None  # a closure may hold the signing key: let it go with the thread


class _Relay(QObject):
    """Lives on the main thread, so the runner's signals arrive there (queued)."""

    def __init__(self, progress: DelayedProgress, loop: QEventLoop) -> None:
        super().__init__()
        self.progress, self.loop = progress, loop
        self.outcome: dict[str, Any] = {}

    @Slot(int, int)
    def moved(self, done: int, total: int) -> None:
        self.progress.set_value(round(100 * done / total) if total else 0)

    @Slot(object)
    def succeeded(self, result: Any) -> None:
        self.outcome["result"] = result
        self.loop.quit()

    @Slot(object)
    def failed(self, exc: BaseException) -> None:
        self.outcome["error"] = exc
        self.loop.quit()


def run_in_background(parent: QWidget, title: str, label: str, fn: Job, *,
                      steps: bool = False) -> Any:
    """``fn``'s result, computed on a thread of its own; raises what it raised (``Cancelled``
    when the person pressed Cancel and ``fn`` stopped for it)."""
    token = CancelToken()
    loop = QEventLoop()
    progress = DelayedProgress(parent, title, label, steps=100 if steps else 0)
    relay = _Relay(progress, loop)

    def cancel() -> None:
        token.cancelled = True
        progress.set_label("Cancelling: finishing the current step, then removing what it "
                           "made\u2026")

    progress.canceled.connect(cancel)
    runner = _Runner(fn, token)
    runner.progressed.connect(relay.moved)
    runner.succeeded.connect(relay.succeeded)
    runner.failed.connect(relay.failed)
    runner.start()
    loop.exec()
    runner.wait()
    progress.close()
    progress.deleteLater()
    if "error" in relay.outcome:
        raise relay.outcome["error"]
    return relay.outcome["result"]


def check(token: CancelToken) -> None:
    """Between steps: stop when the person cancelled."""
    if token.cancelled:
        raise Cancelled()

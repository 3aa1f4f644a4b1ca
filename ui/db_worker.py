"""The one thread that touches the workspace database.

Every read and write of the workspace runs here, one job after another, so
the window never waits on SQLite or on the passphrase's key derivation, and
the single SQLCipher connection is never used by two threads at once.
Results travel back to the main thread through queued signals; callbacks
run there, so they may touch widgets.

A job is a plain function ``fn(ctx)`` where ``ctx`` is the :class:`JobContext`
(``ctx.ws`` is the open Workspace or None).  Jobs that open or close a
workspace set ``ctx.ws`` themselves.
"""

from __future__ import annotations

import itertools
import logging
from dataclasses import dataclass, field
from typing import Any, Callable

from PySide6.QtCore import QObject, QThread, Signal, Slot

log = logging.getLogger(__name__)


@dataclass
class CancelToken:
    """Set by the progress dialog's Cancel; long jobs check it between steps."""

    cancelled: bool = False


@dataclass
class JobContext:
    ws: Any = None  # review.workspace.database.Workspace, imported lazily by the jobs
    token: CancelToken = field(default_factory=CancelToken)
    report: Callable[[str], None] = lambda text: None


class _Worker(QObject):
    finished = Signal(int, object)
    failed = Signal(int, object)
    progress = Signal(int, str)

    def __init__(self) -> None:
        super().__init__()
        self.ctx = JobContext()

    @Slot(int, object, object)
    def run(self, job_id: int, fn: Callable[[JobContext], Any], token: CancelToken) -> None:
        self.ctx.token = token
        self.ctx.report = lambda text: self.progress.emit(job_id, text)
        try:
            result = fn(self.ctx)
        except BaseException as exc:  # delivered to the main thread as an object
            # Only the class name: messages may quote case data.
            log.info("database job %d failed: %s", job_id, type(exc).__name__)
            self.failed.emit(job_id, exc)
        else:
            self.finished.emit(job_id, result)


class Database(QObject):
    """Main-thread handle: ``call(fn, on_done, on_error)`` queues a job."""

    _submit = Signal(int, object, object)
    busy_changed = Signal(bool)
    job_progress = Signal(int, str)
    unhandled_error = Signal(object)  # a failed job without its own on_error

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ids = itertools.count(1)
        self.last_job = 0  # the id of the last job queued: who reads ahead can tell nothing came since
        self._callbacks: dict[int, tuple[Callable | None, Callable | None]] = {}
        self._thread = QThread()
        self._thread.setObjectName("panel-review-database")
        self._worker = _Worker()
        self._worker.moveToThread(self._thread)
        self._submit.connect(self._worker.run)
        self._worker.finished.connect(self._on_finished)
        self._worker.failed.connect(self._on_failed)
        self._worker.progress.connect(self.job_progress)
        self._thread.start()
        self._closed = False
        # Belt and braces: a quitting app never leaves the workspace open or
        # the thread running, even if no window got its close event.
        from PySide6.QtCore import QCoreApplication
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)

    # -- submitting ---------------------------------------------------------
    def call(self, fn: Callable[[JobContext], Any], on_done: Callable[[Any], None] | None = None,
             on_error: Callable[[BaseException], None] | None = None,
             token: CancelToken | None = None) -> int:
        if self._closed:
            # The window is closing: a late timer (search, autosave) has nothing
            # left to act on, and the workspace is already closed.
            return -1
        job_id = self.last_job = next(self._ids)
        self._callbacks[job_id] = (on_done, on_error)
        if len(self._callbacks) == 1:
            self.busy_changed.emit(True)
        self._submit.emit(job_id, fn, token or CancelToken())
        return job_id

    def with_ws(self, fn: Callable[[Any], Any], on_done=None, on_error=None) -> int:
        """A job on the open workspace: ``fn(ws)``."""
        return self.call(lambda ctx: fn(_require_ws(ctx)), on_done, on_error)

    @property
    def idle(self) -> bool:
        return not self._callbacks

    @property
    def pending(self) -> int:
        return len(self._callbacks)

    # -- results (main thread) -----------------------------------------------
    def _pop(self, job_id: int):
        callbacks = self._callbacks.pop(job_id, (None, None))
        return callbacks

    @Slot(int, object)
    def _on_finished(self, job_id: int, result: Any) -> None:
        on_done, _ = self._callbacks.get(job_id, (None, None))
        try:
            if on_done is not None:
                on_done(result)
        finally:
            self._pop(job_id)
            if not self._callbacks:
                self.busy_changed.emit(False)

    @Slot(int, object)
    def _on_failed(self, job_id: int, exc: BaseException) -> None:
        _, on_error = self._callbacks.get(job_id, (None, None))
        try:
            if on_error is not None:
                on_error(exc)
            else:
                self.unhandled_error.emit(exc)
        finally:
            self._pop(job_id)
            if not self._callbacks:
                self.busy_changed.emit(False)

    # -- stopping --------------------------------------------------------------
    def shutdown(self, timeout_ms: int = 30_000) -> None:
        """Close the workspace after every queued job, then stop the thread.

        The last job closes the workspace and quits the thread's event loop
        itself, so nothing queued before it (a pending save) is skipped.
        """
        if self._closed:
            return

        def close_and_quit(ctx: JobContext) -> None:
            try:
                if ctx.ws is not None:
                    ctx.ws.close()
                    ctx.ws = None
            finally:
                QThread.currentThread().quit()

        self.call(close_and_quit)
        self._closed = True
        self._thread.wait(timeout_ms)
        # Deliver what the worker sent back while we waited (the last save's
        # confirmation), so nothing acknowledged is left unshown.
        from PySide6.QtCore import QCoreApplication
        QCoreApplication.processEvents()


def _require_ws(ctx: JobContext):
    if ctx.ws is None:
        from review.errors import WorkspaceError
        raise WorkspaceError("No workspace is open. Open a bundle or a workspace first.")
    return ctx.ws

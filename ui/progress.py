"""Long database jobs with a progress dialog that can cancel.

The dialog appears only when a job runs longer than half a second, so quick
work never flashes a window.  Cancel sets the job's token; the job checks it
between its steps and undoes what it made (a step already running, such as
verifying a bundle's signature, finishes first: its result is then thrown
away).
"""

from __future__ import annotations

import contextlib
from typing import Any, Callable

from PySide6.QtCore import QTimer, Qt
from PySide6.QtWidgets import QProgressDialog, QWidget

from ui.db_worker import CancelToken, Database, JobContext

SHOW_AFTER_MS = 500


class Cancelled(Exception):
    """The person cancelled a long job; nothing it made is left behind."""


def check_cancel(ctx: JobContext) -> None:
    if ctx.token.cancelled:
        raise Cancelled()


class ProgressJob:
    """Runs ``fn(ctx)`` on the database thread behind a delayed progress dialog."""

    def __init__(self, parent: QWidget, db: Database, title: str, label: str,
                 fn: Callable[[JobContext], Any], on_done: Callable[[Any], None],
                 on_error: Callable[[BaseException], None], *, cancellable: bool = True) -> None:
        self.token = CancelToken()
        self.dialog = QProgressDialog(label, "Cancel" if cancellable else "", 0, 0, parent)
        self.dialog.setWindowTitle(title)
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(0)
        self.dialog.setMinimumWidth(420)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.dialog.setAccessibleName(title)
        if not cancellable:
            self.dialog.setCancelButton(None)
        self.dialog.canceled.connect(self.cancel)
        self.dialog.hide()
        self._running = True
        self._on_done, self._on_error = on_done, on_error
        self.db = db
        self.job_id = -1
        db.job_progress.connect(self._progress)
        QTimer.singleShot(SHOW_AFTER_MS, self._show_if_running)
        self.job_id = db.call(fn, self._done, self._failed, token=self.token)

    def cancel(self) -> None:
        self.token.cancelled = True
        self.dialog.setLabelText("Cancelling: finishing the current step, then removing what "
                                 "it made\u2026")

    def _show_if_running(self) -> None:
        if self._running:
            self.dialog.show()

    def _progress(self, job_id: int, text: str) -> None:
        if job_id == self.job_id and not self.token.cancelled:
            self.dialog.setLabelText(text)

    def _finish(self) -> None:
        self._running = False
        with contextlib.suppress(RuntimeError):
            self.db.job_progress.disconnect(self._progress)
        self.dialog.hide()
        self.dialog.deleteLater()

    def _done(self, result: Any) -> None:
        self._finish()
        self._on_done(result)

    def _failed(self, exc: BaseException) -> None:
        self._finish()
        self._on_error(exc)

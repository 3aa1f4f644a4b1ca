"""Long jobs with a progress dialog that can cancel: every progress dialog of the app.

The dialog appears only when a job runs longer than half a second, so quick
work never flashes a window.  Cancel sets the job's token; the job checks it
between its steps and undoes what it made (a step already running, such as
verifying a bundle's signature, finishes first: its result is then thrown
away).

Why the dialog is built late and destroyed early: a ``QProgressDialog``
starts its own minimum-duration timer when it is constructed, and that timer
shows the dialog about four seconds later even if it was never shown and was
hidden since.  A quick job's hidden dialog then popped up over whatever modal
dialog the job's callback had opened (a passphrase prompt, a save dialog) and
took all input.  So no ``QProgressDialog`` exists until our own timer has seen
the job run for ``SHOW_AFTER_MS``; and when the job ends, that timer is
stopped and the dialog is destroyed before the job's callback runs.
"""

from __future__ import annotations

import contextlib
from typing import Any, Callable

import shiboken6
from PySide6.QtCore import QObject, QTimer, Qt, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from ui.db_worker import CancelToken, Database, JobContext

SHOW_AFTER_MS = 500
# Qt's own guess of when to show the dialog, pushed out of reach: we show it ourselves.
_NEVER_MS = 2_000_000_000


class Cancelled(Exception):
    """The person cancelled a long job; nothing it made is left behind."""


def check_cancel(ctx: JobContext) -> None:
    if ctx.token.cancelled:
        raise Cancelled()


class DelayedProgress(QObject):
    """A window-modal progress dialog that exists only while slow work runs.

    ``steps`` of 0 shows a busy bar; otherwise ``set_value`` moves it.  Call
    ``close`` when the work ends, before acting on its result.
    """

    canceled = Signal()

    def __init__(self, parent: QWidget, title: str, label: str, *, cancellable: bool = True,
                 steps: int = 0, accessible_name: str | None = None,
                 min_width: int = 420) -> None:
        super().__init__(parent)
        self._parent, self._title, self._label = parent, title, label
        self._cancellable, self._steps, self._value = cancellable, steps, 0
        self._accessible_name = accessible_name or title
        self._min_width = min_width
        self.dialog: QProgressDialog | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._show)
        self._timer.start(SHOW_AFTER_MS)

    def set_label(self, text: str) -> None:
        self._label = text
        if self.dialog is not None:
            self.dialog.setLabelText(text)

    def set_value(self, value: int) -> None:
        self._value = value
        if self.dialog is not None:
            self.dialog.setValue(value)

    def _show(self) -> None:
        dialog = QProgressDialog(self._label, "Cancel" if self._cancellable else "",
                                 0, self._steps, self._parent)
        dialog.setMinimumDuration(_NEVER_MS)
        dialog.setWindowTitle(self._title)
        dialog.setAccessibleName(self._accessible_name)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumWidth(self._min_width)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        if not self._cancellable:
            dialog.setCancelButton(None)
        if self._steps:
            dialog.setValue(self._value)
        dialog.canceled.connect(self.canceled)
        self.dialog = dialog
        dialog.show()

    def close(self) -> None:
        """Stop the timer and destroy the dialog, if it was ever built."""
        self._timer.stop()
        dialog, self.dialog = self.dialog, None
        if dialog is None:
            return
        with contextlib.suppress(RuntimeError):
            dialog.canceled.disconnect(self.canceled)
        dialog.reset()  # stops Qt's own timer too
        dialog.hide()
        if shiboken6.isValid(dialog):
            shiboken6.delete(dialog)


class ProgressJob:
    """Runs ``fn(ctx)`` on the database thread behind a delayed progress dialog."""

    def __init__(self, parent: QWidget, db: Database, title: str, label: str,
                 fn: Callable[[JobContext], Any], on_done: Callable[[Any], None],
                 on_error: Callable[[BaseException], None], *, cancellable: bool = True) -> None:
        self.token = CancelToken()
        self.progress = DelayedProgress(parent, title, label, cancellable=cancellable)
        self.progress.canceled.connect(self.cancel)
        self._on_done, self._on_error = on_done, on_error
        self.db = db
        self.job_id = -1
        db.job_progress.connect(self._progress)
        self.job_id = db.call(fn, self._done, self._failed, token=self.token)

    @property
    def canceled(self):
        """The signal emitted when the person presses Cancel."""
        return self.progress.canceled

    def cancel(self) -> None:
        self.token.cancelled = True
        self.progress.set_label("Cancelling: finishing the current step, then removing what "
                                "it made\u2026")

    def _progress(self, job_id: int, text: str) -> None:
        if job_id == self.job_id and not self.token.cancelled:
            self.progress.set_label(text)

    def _finish(self) -> None:
        with contextlib.suppress(RuntimeError):
            self.db.job_progress.disconnect(self._progress)
        self.progress.close()
        self.progress.deleteLater()

    def _done(self, result: Any) -> None:
        self._finish()
        self._on_done(result)

    def _failed(self, exc: BaseException) -> None:
        self._finish()
        self._on_error(exc)

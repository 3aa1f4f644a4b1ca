"""Errors as sentences in dialogs, never tracebacks.

The domain core's exceptions (``PanelReviewError``) already carry a complete
sentence for a person, shown as it is.  Anything else is a fault in the
program: the person gets a calm general sentence, and the log gets the
exception's class name only, because messages may quote case text.
"""

from __future__ import annotations

import logging
import sys

from PySide6.QtWidgets import QMessageBox, QWidget

log = logging.getLogger(__name__)

UNEXPECTED = ("Panel Review ran into an unexpected problem and did not finish what it was "
              "doing. Everything already shown as saved is safe. If it happens again, please "
              "tell the coordinator what you were doing at the time.")


def message_for(exc: BaseException) -> str:
    from review.errors import PanelReviewError
    from review.storage import storage_problem
    if isinstance(exc, PanelReviewError):
        return str(exc)
    # A full, read-only or vanished disk that reached here unnamed: still a sentence.
    storage = storage_problem(exc, "what was being done when it happened was not finished")
    if storage is not None:
        return str(storage)
    if isinstance(exc, OSError):
        reason = (exc.strerror or "it could not be read or written").lower()
        where = f"the file {exc.filename}" if exc.filename else "the disk"
        return (f"Panel Review could not use {where}: {reason}. Changes after the last one "
                "shown as saved were not written. Check the disk (free space, permissions), "
                "then try again.")
    return UNEXPECTED


def title_for(exc: BaseException) -> str:
    from review.errors import (DiskFull, FolderUnwritable, VerificationError, WorkspaceLocked,
                               WrongPassphrase)
    from review.storage import storage_problem
    exc = storage_problem(exc, "") or exc
    if isinstance(exc, DiskFull):
        return "Disk full"
    if isinstance(exc, FolderUnwritable):
        return "Cannot write to the folder"
    if isinstance(exc, WrongPassphrase):
        return "Wrong passphrase"
    if isinstance(exc, WorkspaceLocked):
        return "Workspace already open"
    if isinstance(exc, VerificationError):
        return "Verification failed"
    return "Panel Review"


def show_error(parent: QWidget | None, exc: BaseException, *, doing: str | None = None) -> None:
    """A modal dialog with the sentence for ``exc``; ``doing`` says what failed."""
    from review.errors import PanelReviewError
    from review.storage import storage_problem
    exc = storage_problem(exc, "what was being done when it happened was not finished") or exc
    if not isinstance(exc, PanelReviewError):
        log.warning("unexpected error%s: %s", f" while {doing}" if doing else "",
                    type(exc).__name__)
    text = message_for(exc)
    if doing and not isinstance(exc, PanelReviewError):
        text = f"Panel Review could not finish {doing}. {text}"
    box = QMessageBox(QMessageBox.Icon.Warning, title_for(exc), text, QMessageBox.StandardButton.Ok,
                      parent)
    box.setAccessibleName("Error")
    box.exec()


def install_excepthook() -> None:
    """An exception escaping a slot shows the general sentence, not a traceback."""

    def hook(exc_type, exc, tb) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        log.error("unexpected error in the window: %s", exc_type.__name__)
        try:
            show_error(None, exc)
        except Exception:  # the dialog itself failed: nothing more to do safely
            pass

    sys.excepthook = hook

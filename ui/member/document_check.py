"""A PDF is checked in a worker process before the viewer opens it.

A hostile document (a page tree that loops, half a million pages, millions
of drawing operations) would hold up QtPdf, and with it the window.  So the
bytes go first to the same check that ``bundle create`` runs
(:mod:`review.bundle.pdf_check`), in a worker process with a time and
memory limit, waited for on a thread of its own; the window stays free, and
asking for another document kills a check still running (within a tenth of a
second).  Only a document
that passed reaches QtPdf.
"""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, Signal

from review.bundle.pdf_check import PdfRefused
from review.bundle.pdf_worker import CheckCancelled, CheckerUnavailable, PdfChecker

VIEWER_TIME_LIMIT = 10.0   # seconds before "could not be shown in time"
IN_TIME = "This document could not be shown in time: it is too large or too complex to open " \
          "safely. Ask the coordinator for a fresh copy or a shorter version."


class DocumentCheck(QObject):
    # (filename, ticket, None when the document may be shown, else the sentence to show)
    done = Signal(str, int, object)

    def __init__(self, parent=None, time_limit: float = VIEWER_TIME_LIMIT) -> None:
        super().__init__(parent)
        self.checker = PdfChecker(time_limit=time_limit)
        self._lock = threading.Lock()
        self._ticket = 0

    def start(self, filename: str, content: bytes) -> int:
        """Check ``content`` off the window's thread; ``done`` carries the ticket returned."""
        self._ticket += 1  # a check still running sees it is no longer wanted, and stops
        ticket = self._ticket
        threading.Thread(target=self._run, args=(filename, ticket, content), daemon=True,
                         name="panel-review-document-check").start()
        return ticket

    def _run(self, filename: str, ticket: int, content: bytes) -> None:
        with self._lock:  # one check at a time; a newer ticket makes this one moot
            if ticket != self._ticket:
                return
            try:
                self.checker.check(content, still_wanted=lambda: ticket == self._ticket)
                verdict = None
            except CheckCancelled:
                return
            except PdfRefused as exc:
                text = str(exc)
                verdict = IN_TIME if "could not be checked within" in text else (
                    f"This document could not be shown: it {text}")
            except CheckerUnavailable:
                verdict = ("This document could not be checked before showing it, so it is not "
                           "shown. Restart Panel Review and try again.")
        self.done.emit(filename, ticket, verdict)

    def close(self) -> None:
        self.checker.cancel()
        self.checker.close()

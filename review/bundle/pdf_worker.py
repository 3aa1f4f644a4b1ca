"""The worker process that checks PDFs for ``bundle create``, within a time and memory limit.

One process checks the documents one after another (starting Python costs
more than checking a typical document); it runs with its address space
capped at :data:`review.bundle.pdf_check.MEMORY_LIMIT`, and the parent kills
it when one document takes longer than
:data:`review.bundle.pdf_check.TIME_LIMIT` seconds, reports that document and
starts a fresh worker for the next.  ``bundle create`` sends a path; the
app's viewer sends the document's bytes (decrypted, in memory: a pipe, never
a file).  Either way a verdict comes back, never content.
"""

from __future__ import annotations

import multiprocessing
import time
from pathlib import Path

from review.bundle import pdf_check
from review.errors import PanelReviewError
from review.bundle.pdf_check import PdfFacts, PdfRefused


def _limit_memory(limit: int) -> None:
    try:
        import resource
    except ImportError:  # not on Windows: the time limit still holds
        return
    try:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # a dump would hold a document
    except (ValueError, OSError):
        pass


def _serve(conn, memory_limit: int) -> None:
    # Import the parser first, then cap the address space: the cap is for what a
    # document makes the parser allocate, not for starting Python.
    import pyhanko.pdf_utils.reader  # noqa: F401
    _limit_memory(memory_limit)
    conn.send(("ready", None, None))
    while True:
        try:
            job = conn.recv()
        except EOFError:
            return
        if job is None:
            return
        try:  # a path (bundle create), or the bytes themselves (the app's viewer)
            facts = pdf_check.inspect_pdf(job if isinstance(job, bytes) else Path(job).read_bytes())
            conn.send(("ok", facts.pages, facts.warning))
        except PdfRefused as exc:
            conn.send(("refused", str(exc), None))
        except MemoryError:
            conn.send(("refused", "needs more memory to read than a document may.", None))
        except OSError as exc:
            conn.send(("refused", f"cannot be read ({exc.strerror}).", None))
        except Exception as exc:  # noqa: BLE001 - any parser failure is a refusal, named
            conn.send(("refused", f"cannot be read as a PDF ({type(exc).__name__}).", None))


class CheckerUnavailable(PanelReviewError):
    """The worker process could not be started (nothing was checked)."""


class CheckCancelled(Exception):
    """:meth:`PdfChecker.cancel` stopped the check (another document was asked for)."""


class PdfChecker:
    """Checks PDFs in a worker process; use as a context manager.

    One thread at a time may call :meth:`check`; :meth:`cancel` may be called from
    another thread to stop it (the worker is killed and started afresh next time)."""

    def __init__(self, time_limit: float | None = None, memory_limit: int | None = None):
        self.time_limit = time_limit if time_limit is not None else pdf_check.TIME_LIMIT
        self.memory_limit = memory_limit if memory_limit is not None else pdf_check.MEMORY_LIMIT
        self._proc = None
        self._conn = None
        self._cancelled = False
        self._busy = False

    def __enter__(self) -> "PdfChecker":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _start(self) -> None:
        ctx = multiprocessing.get_context("spawn")  # no fork of a process with threads
        self._conn, child = ctx.Pipe()
        self._proc = ctx.Process(target=_serve, args=(child, self.memory_limit), daemon=True,
                                 name="panel-review-pdf-check")
        self._proc.start()
        child.close()
        try:
            ready = self._conn.poll(60) and self._conn.recv()[0] == "ready"
        except (EOFError, OSError):
            ready = False
        if not ready:
            self._kill()
            raise CheckerUnavailable("The PDF documents could not be checked: the checking "
                                     "process did not start. Nothing was written.")

    def check(self, document: Path | bytes, still_wanted=None) -> PdfFacts:
        """The facts of one PDF (a path, or its bytes), or PdfRefused with the reason.

        ``still_wanted`` (a function) is asked every tenth of a second while the
        worker reads; when it says False the worker is killed (CheckCancelled)."""
        self._cancelled = False
        if self._proc is None or not self._proc.is_alive():
            self._start()
        conn = self._conn
        self._busy = True
        try:
            conn.send(document if isinstance(document, bytes) else str(document))
            if not self._wait(conn, still_wanted):
                self._kill()
                if self._cancelled:
                    raise CheckCancelled()
                raise PdfRefused(f"could not be checked within {self.time_limit:.0f} seconds: it "
                                 "would hold up a member's viewer too.")
            status, text, warning = conn.recv()
        except (EOFError, OSError):
            cancelled = self._cancelled
            self._kill()
            if cancelled:
                raise CheckCancelled() from None
            # the worker died: out of memory, most likely
            raise PdfRefused("needs more memory to read than a document may.") from None
        finally:
            self._busy = False
        if status != "ok":
            raise PdfRefused(text)
        return PdfFacts(text, warning)

    def _wait(self, conn, still_wanted) -> bool:
        """True when the verdict is there; False on the time limit or when no longer wanted."""
        if still_wanted is None:
            return conn.poll(self.time_limit)
        deadline = time.monotonic() + self.time_limit
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            if conn.poll(min(0.1, left)):
                return True
            if not still_wanted():
                self._cancelled = True
                return False

    def cancel(self) -> None:
        """Stop a check in progress (from any thread): its caller gets CheckCancelled.
        Without one, nothing happens (the worker stays for the next document)."""
        proc = self._proc
        if self._busy and proc is not None:
            self._cancelled = True
            proc.kill()

    def _kill(self) -> None:
        if self._proc is not None:
            self._proc.kill()
            self._proc.join(5)
        if self._conn is not None:
            self._conn.close()
        self._proc = self._conn = None

    def close(self) -> None:
        if self._proc is not None and self._proc.is_alive():
            try:
                self._conn.send(None)
            except (BrokenPipeError, OSError):
                pass
            self._proc.join(2)
        self._kill()

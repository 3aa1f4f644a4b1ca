"""File → Publish signed result…: the consolidated PDF and workbook, from the app.

The same steps as a member's export (``ui.export.flow``), with the
coordinator's rules (``exports.consolidated.publish``):

1. A snapshot of the coordinator workspace is taken on the database thread.
   It checks the adjudication history's chain first, so a tampered history
   is refused before anything else is asked.
2. Cases not decided yet (awaiting reviews, or a disagreement not
   adjudicated) are said in a sentence; the coordinator may publish an
   interim result, in which they read "to adjudicate", or stop.
3. The coordinator chooses the folder of their signing identity and unlocks
   it.  It must be the identity that signed the panel's bundles: another one
   is refused here, before the files are built.
4. Where to save: "<bundle title> – consolidated result – <date>" in the last
   folder published to, else Documents/Panel Review.
5. Building and signing run on a thread of their own behind the app's
   progress dialog, with Cancel; each file is written through a temporary
   file and a rename, so a failure or cancel leaves none behind.
6. The result dialog says where the files are and shows the fingerprint.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QObject, QThread, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from review.filenames import free_stem, joined_stem
from ui import errors as ui_errors
from ui import paths
from ui.db_worker import Database, JobContext
from ui.progress import Cancelled, DelayedProgress, ProgressJob, check_cancel

from ui.coordinator.unlock import IDENTITY_KEY  # one remembered folder for opening and signing
FOLDER_KEY = "coordinator/publish_folder"
PDF_FILTER = "Signed PDF (*.pdf)"
STEPS = 1000


def default_paths(data, folder: Path) -> tuple[Path, Path]:
    """``<bundle title> – consolidated result – <YYYY-MM-DD>.pdf/.xlsx``, never an existing
    name (`` (2)``... is added)."""
    stem = joined_stem(data.bundle_title or data.bundle_id, "consolidated result",
                       data.generated_at[:10])
    stem = free_stem(Path(folder), stem, (".pdf", ".xlsx"))
    return Path(folder) / f"{stem}.pdf", Path(folder) / f"{stem}.xlsx"


def undecided_sentence(counts: dict[str, int]) -> str | None:
    """What is not decided yet, in one sentence; None when every case is decided."""
    parts = []
    if counts.get("disagreement"):
        n = counts["disagreement"]
        parts.append(f"{n:,} disagreement{'s are' if n != 1 else ' is'} not adjudicated")
    if counts.get("awaiting"):
        n = counts["awaiting"]
        parts.append(f"{n:,} case{'s are' if n != 1 else ' is'} still awaiting reviews")
    if not parts:
        return None
    return (" and ".join(parts) + ". The published result will show "
            f"{'them' if sum(counts.get(k, 0) for k in ('disagreement', 'awaiting')) > 1 else 'it'}"
            " as not decided (\u201cto adjudicate\u201d or awaiting reviews). Publish an "
            "interim result anyway?")


class PublishThread(QThread):
    """Runs ``export_consolidated`` on the snapshot; never touches the workspace."""

    progressed = Signal(float, str)
    succeeded = Signal(object)
    failed = Signal(object)

    def __init__(self, data, identity, pdf_path: Path, xlsx_path: Path,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("panel-review-publish")
        self.data, self.identity = data, identity
        self.pdf_path, self.xlsx_path = pdf_path, xlsx_path
        self.cancelled = False

    def run(self) -> None:
        from exports.consolidated.publish import export_consolidated
        try:
            result = export_consolidated(
                self.data, self.identity, pdf_path=self.pdf_path, xlsx_path=self.xlsx_path,
                progress=lambda fraction, message: self.progressed.emit(fraction, message),
                should_cancel=lambda: self.cancelled)
        except BaseException as exc:  # delivered to the main thread as an object
            self.failed.emit(exc)
        else:
            self.succeeded.emit(result)
        finally:
            self.data = self.identity = None  # the key leaves memory with the thread


class PublishFlow(QObject):
    message = Signal(str)
    finished = Signal(object)    # exports.consolidated.publish.ConsolidatedResult
    failed = Signal(object)

    def __init__(self, window: QWidget, db: Database) -> None:
        super().__init__(window)
        self.window, self.db = window, db
        self.busy = False
        self.job: ProgressJob | None = None
        self.thread: PublishThread | None = None
        self.progress: DelayedProgress | None = None
        self.result_dialog = None

    def publish(self) -> None:
        if self.busy:
            self.message.emit("The signed result is already being published.")
            return
        self.busy = True

        def snapshot(ctx: JobContext):
            from exports.consolidated.publish import collect_consolidated
            ctx.report("Reading the reviews, adjudications and their history\u2026")
            data = collect_consolidated(ctx.ws)
            check_cancel(ctx)
            return data

        def failed(exc: BaseException) -> None:
            self.job, self.busy = None, False
            if not isinstance(exc, Cancelled):
                ui_errors.show_error(self.window, exc, doing="publishing the signed result")
            self.failed.emit(exc)

        self.job = ProgressJob(self.window, self.db, "Preparing the signed result",
                               "Reading the reviews, adjudications and their history\u2026",
                               snapshot, self._snapshot_taken, failed)

    def _snapshot_taken(self, data) -> None:
        self.job = None
        try:
            go = self._confirm_undecided(data) and self._ask(data)
        except Exception as exc:  # a folder that cannot be written, a wrong identity
            ui_errors.show_error(self.window, exc, doing="publishing the signed result")
            go = None
        if not go:
            self.busy = False
            return
        identity, pdf_path, xlsx_path = go
        self._start(data, identity, pdf_path, xlsx_path)

    def _confirm_undecided(self, data) -> bool:
        sentence = undecided_sentence(data.status_counts())
        if sentence is None:
            return True
        return ask_interim(self.window, sentence)

    def _ask(self, data):
        identity = self._unlock_identity(data)
        if identity is None:
            return None
        targets = self._ask_targets(data)
        return None if targets is None else (identity, *targets)

    # -- the coordinator's signing identity -------------------------------------------
    def _unlock_identity(self, data):
        from ui.coordinator.unlock import not_the_coordinator
        from ui.identity_unlock import unlock
        return unlock(
            self.window, key=IDENTITY_KEY,
            title="Choose the folder of the coordinator's signing identity",
            what="The consolidated result",
            refuse=not_the_coordinator(data.coordinator_name, data.coordinator_fingerprint,
                                       "The consolidated result is signed by the coordinator "
                                       "who signed the panel's bundles."))

    # -- where to save ------------------------------------------------------------------
    def _ask_targets(self, data) -> tuple[Path, Path] | None:
        from exports.errors import ExportError
        from ui.export import dialogs
        pdf, _ = default_paths(data, paths.last_folder(FOLDER_KEY))
        name, _ = QFileDialog.getSaveFileName(
            self.window, "Save the signed result as (the Excel workbook goes beside it, "
            "same name)", str(pdf), PDF_FILTER)
        if not name:
            return None
        chosen = Path(name)
        if chosen.suffix.lower() != ".pdf":
            chosen = chosen.with_name(chosen.name + ".pdf")
        folder = chosen.parent
        if not folder.is_dir() or not os.access(folder, os.W_OK | os.X_OK):
            raise ExportError(f"Panel Review cannot write in the folder {folder}. Choose a "
                              "folder you can save files in, then publish again.")
        xlsx = chosen.with_suffix(".xlsx")
        if xlsx.exists() and not dialogs.confirm_replace(self.window, xlsx):
            return None
        paths.remember_folder(FOLDER_KEY, folder)
        return chosen, xlsx

    # -- the background work -------------------------------------------------------------
    def _start(self, data, identity, pdf_path: Path, xlsx_path: Path) -> None:
        self.progress = DelayedProgress(self.window, "Publishing the signed result",
                                        "Building the consolidated PDF and Excel "
                                        "workbook\u2026", steps=STEPS,
                                        accessible_name="Publishing progress", min_width=480)
        self.progress.canceled.connect(self.cancel)
        self.thread = PublishThread(data, identity, pdf_path, xlsx_path, self)
        self.thread.progressed.connect(self._progressed)
        self.thread.succeeded.connect(self._succeeded)
        self.thread.failed.connect(self._failed)
        self.thread.start()

    def cancel(self) -> None:
        if self.thread is not None:
            self.thread.cancelled = True
            self.message.emit("Cancelling: nothing is written\u2026")

    def _progressed(self, fraction: float, message: str) -> None:
        if self.progress is None or self.thread is None or self.thread.cancelled:
            return
        self.progress.set_label(message)
        self.progress.set_value(int(round(max(0.0, min(1.0, fraction)) * STEPS)))

    def _finish(self) -> None:
        if self.thread is not None:
            self.thread.wait()
            self.thread.deleteLater()
            self.thread = None
        if self.progress is not None:
            self.progress.close()
            self.progress.deleteLater()
            self.progress = None
        self.busy = False

    def _succeeded(self, result) -> None:
        from ui.coordinator.published import PublishedDialog
        self._finish()
        self.message.emit(f"Signed result published: {result.pdf_path.name}, "
                          f"{result.xlsx_path.name}.")
        self.result_dialog = PublishedDialog(self.window, result)
        self.result_dialog.open()  # window-modal, does not block
        self.finished.emit(result)

    def _failed(self, exc: BaseException) -> None:
        from exports.errors import ExportCancelled
        self._finish()
        if isinstance(exc, ExportCancelled):
            self.message.emit(str(exc))
        else:
            ui_errors.show_error(self.window, exc, doing="publishing the signed result")
        self.failed.emit(exc)

    def shutdown(self, timeout_ms: int = 60_000) -> None:
        """Cancel a running publication and wait for its thread (it then writes nothing)."""
        if self.thread is not None and self.thread.isRunning():
            self.thread.cancelled = True
            self.thread.wait(timeout_ms)


def ask_interim(parent: QWidget, sentence: str) -> bool:
    """Publish although some cases are not decided? (Tests replace this.)"""
    answer = QMessageBox.question(
        parent, "Not every case is decided", sentence,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Cancel)
    return answer == QMessageBox.StandardButton.Yes

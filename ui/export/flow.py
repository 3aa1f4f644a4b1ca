"""File → Export signed PDF and Excel: the steps, in order.

1. Pending edits are flushed (``starting``), so the export holds every
   change shown as saved.
2. The member chooses the folder of their signing identity (remembered) and
   unlocks it; a wrong passphrase asks again, saying why.  A folder without
   an identity explains how to make one and offers to create it.
3. A snapshot of the workspace is taken on the database thread (it owns the
   workspace; the snapshot is quick).
4. The PDF and workbook together are sealed by default: both go inside one
   ``.prs`` file that only the coordinator who signed the bundle (their
   certificate is kept in the workspace) and the member can open.  "Save plain
   signed files instead" stays available, with a warning that anyone who gets
   them can read them; so does plain when the certificate cannot be used,
   saying why.  The member chooses where to save (default: "<member> –
   <bundle title> – <date>" in the last export folder, else in
   Documents/Panel Review).
5. Building and signing run on a thread of their own (they can take half a
   minute for 1,131 cases) behind a progress dialog that appears after half
   a second, with Cancel.  The database thread stays free meanwhile.
   ``exports.service.export_signed`` writes each file through a temporary
   file and a rename, so a cancelled or failed export leaves no file.
6. The result dialog says where the files are and shows the fingerprint.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from PySide6.QtCore import QObject, QThread, Signal
from PySide6.QtWidgets import QFileDialog, QWidget

from ui import errors as ui_errors
from ui import paths
from ui.db_worker import Database, JobContext
from ui.progress import Cancelled, DelayedProgress, ProgressJob, check_cancel

PDF_FILTER = "Signed PDF (*.pdf)"
SEALED_FILTER = "Sealed export (*.prs)"
XLSX_FILTER = "Signed Excel workbook (*.xlsx)"
IDENTITY_KEY = "export/identity_dir"
FOLDER_KEY = "export/last_folder"
STEPS = 1000  # progress bar resolution

KINDS = ("both", "pdf", "xlsx")


def _dialogs():
    """``ui.export.dialogs``, imported when first asked: it loads the signing library,
    and ``FOLDER_KEY`` is read at start-up (``ui.app``) when nothing is exported."""
    from ui.export import dialogs as export_dialogs
    return export_dialogs


class ExportThread(QThread):
    """Runs ``exports.service.export_signed`` on the snapshot; never touches the workspace."""

    progressed = Signal(float, str)
    succeeded = Signal(object)
    failed = Signal(object)

    def __init__(self, data, identity, pdf_path: Path | None, xlsx_path: Path | None,
                 parent: QObject | None = None, sealed_path: Path | None = None,
                 sealed_for: list | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("panel-review-export")
        self.data, self.identity = data, identity
        self.pdf_path, self.xlsx_path = pdf_path, xlsx_path
        self.sealed_path, self.sealed_for = sealed_path, sealed_for
        self.cancelled = False

    def run(self) -> None:
        from exports import service
        try:
            result = service.export_signed(
                self.data, self.identity, pdf_path=self.pdf_path, xlsx_path=self.xlsx_path,
                progress=lambda fraction, message: self.progressed.emit(fraction, message),
                should_cancel=lambda: self.cancelled, sealed_path=self.sealed_path,
                sealed_for=self.sealed_for)
        except BaseException as exc:  # delivered to the main thread as an object
            self.failed.emit(exc)
        else:
            self.succeeded.emit(result)
        finally:
            self.data = self.identity = None  # the key leaves memory with the thread


class ExportFlow(QObject):
    starting = Signal()          # flush the decision form before the snapshot
    message = Signal(str)        # for the status bar
    finished = Signal(object)    # exports.service.ExportResult
    failed = Signal(object)      # the exception (ExportCancelled when cancelled)

    def __init__(self, window: QWidget, db: Database) -> None:
        super().__init__(window)
        self.window, self.db = window, db
        self.busy = False
        self.job: ProgressJob | None = None
        self.thread: ExportThread | None = None
        self.progress: DelayedProgress | None = None
        self.result_dialog = None

    # -- the steps -----------------------------------------------------------------------
    def export(self, kind: str = "both") -> None:
        if kind not in KINDS:
            raise ValueError(kind)
        if self.busy:
            self.message.emit("An export is already running.")
            return
        self.starting.emit()  # queued before the snapshot, so it holds every edit
        identity = self._unlock_identity()
        if identity is None:
            return
        self.busy = True

        def snapshot(ctx: JobContext):
            from exports.service import collect_export_data
            if ctx.ws is None:
                from review.errors import WorkspaceError
                raise WorkspaceError("No workspace is open. Open a workspace first.")
            ctx.report("Reading your decisions and their history\u2026")
            data = collect_export_data(ctx.ws)
            check_cancel(ctx)
            return data

        def failed(exc: BaseException) -> None:
            self.job, self.busy = None, False
            if not isinstance(exc, Cancelled):
                ui_errors.show_error(self.window, exc, doing="the export")
            self.failed.emit(exc)

        self.job = ProgressJob(self.window, self.db, "Preparing the export",
                               "Reading your decisions and their history\u2026", snapshot,
                               lambda data: self._snapshot_taken(kind, identity, data), failed)

    def _snapshot_taken(self, kind: str, identity, data) -> None:
        self.job = None
        try:
            targets = self._ask_targets(kind, data, identity)
        except Exception as exc:  # a folder that cannot be written: say so now, not in 25 s
            self.busy = False
            ui_errors.show_error(self.window, exc, doing="the export")
            self.failed.emit(exc)
            return
        if targets is None:
            self.busy = False
            return
        self._start(data, identity, *targets)

    # -- the signing identity ------------------------------------------------------------
    def _unlock_identity(self):
        from ui import identity_unlock
        return identity_unlock.unlock(self.window, key=IDENTITY_KEY,
                                      title="Choose the folder of your signing identity",
                                      create=self._create_identity)

    def _create_identity(self, folder: Path):
        from review.errors import PanelReviewError
        from review.identity import Identity
        target = folder
        with contextlib.suppress(OSError):
            if any(folder.iterdir()):  # keep the key files in a folder of their own
                target = paths.unique_path(folder, "Panel Review signing identity", "")
        info = getattr(self.window, "info", None)
        answer = _dialogs().ask_new_identity(self.window, target,
                                                 getattr(info, "member_name", "") or "")
        if answer is None:
            return None
        name, passphrase = answer
        try:
            identity = Identity.generate(name)
            identity.save(target, passphrase)
        except (PanelReviewError, OSError) as exc:
            ui_errors.show_error(self.window, exc, doing="creating the signing identity")
            return None
        paths.settings().setValue(IDENTITY_KEY, str(target))
        self.message.emit(f"Signing identity created in {target}.")
        _dialogs().identity_created(self.window, identity.name, identity.fingerprint, target)
        return identity

    # -- where to save -------------------------------------------------------------------
    def _default_folder(self) -> Path:
        """The folder of the last export, else Documents/Panel Review."""
        return paths.last_folder(FOLDER_KEY)

    def _ask_targets(self, kind: str, data, identity=None) -> tuple | None:
        """(pdf, xlsx) or (pdf, xlsx, sealed file, recipients): the names inside a sealed
        file are the PDF's and the workbook's."""
        from exports.errors import ExportError
        from exports.service import default_export_paths
        pdf, xlsx = default_export_paths(data, self._default_folder())
        if kind == "both" and identity is not None:
            recipients, why_not = None, None
            from exports.sealed_return import return_recipients
            try:
                recipients = return_recipients(data, identity)
            except ExportError as exc:
                why_not = str(exc)
            choice = _dialogs().choose_sealing(self.window, data.coordinator_name, why_not)
            if choice is None:
                return None
            if choice == "sealed" and recipients:
                return self._ask_sealed_target(data, pdf, recipients)
        if kind == "xlsx":
            title, default, filters, suffix = ("Save the signed Excel workbook as", xlsx,
                                               XLSX_FILTER, ".xlsx")
        elif kind == "pdf":
            title, default, filters, suffix = "Save the signed PDF as", pdf, PDF_FILTER, ".pdf"
        else:
            title, default, filters, suffix = (
                "Save the signed PDF as (the Excel workbook goes beside it, same name)", pdf,
                PDF_FILTER, ".pdf")
        name, _ = QFileDialog.getSaveFileName(self.window, title, str(default), filters)
        if not name:
            return None
        chosen = _writable_choice(name, suffix)
        folder = chosen.parent
        if kind == "both":
            pdf_path, xlsx_path = chosen, chosen.with_suffix(".xlsx")
            # The save dialog asked about the PDF only; ask about its companion here.
            if xlsx_path.exists() and not _dialogs().confirm_replace(self.window, xlsx_path):
                return None
        elif kind == "pdf":
            pdf_path, xlsx_path = chosen, None
        else:
            pdf_path, xlsx_path = None, chosen
        paths.remember_folder(FOLDER_KEY, folder)
        return pdf_path, xlsx_path

    def _ask_sealed_target(self, data, pdf: Path, recipients: list) -> tuple | None:
        from exports.sealed_return import SUFFIX
        from review.filenames import free_stem
        stem = free_stem(pdf.parent, pdf.stem, (SUFFIX,))
        name, _ = QFileDialog.getSaveFileName(
            self.window, f"Save the export sealed for {data.coordinator_name} and you as",
            str(pdf.parent / f"{stem}{SUFFIX}"), SEALED_FILTER)
        if not name:
            return None
        chosen = _writable_choice(name, SUFFIX)
        folder = chosen.parent
        paths.remember_folder(FOLDER_KEY, folder)
        # Nothing is written under these two names: they are the names inside the sealed file.
        return chosen.with_suffix(".pdf"), chosen.with_suffix(".xlsx"), chosen, recipients

    # -- the background work -------------------------------------------------------------
    def _start(self, data, identity, pdf_path: Path | None, xlsx_path: Path | None,
               sealed_path: Path | None = None, sealed_for: list | None = None) -> None:
        what = " and ".join(n for n, p in (("PDF", pdf_path), ("Excel workbook", xlsx_path)) if p)
        self.progress = DelayedProgress(self.window, "Exporting",
                                        f"Building the signed {what}\u2026", steps=STEPS,
                                        accessible_name="Export progress", min_width=480)
        self.progress.canceled.connect(self.cancel)
        self.thread = ExportThread(data, identity, pdf_path, xlsx_path, self, sealed_path,
                                   sealed_for)
        self.thread.progressed.connect(self._progressed)
        self.thread.succeeded.connect(self._succeeded)
        self.thread.failed.connect(self._failed)
        self.thread.start()

    def cancel(self) -> None:
        if self.thread is not None:
            self.thread.cancelled = True
            self.message.emit("Cancelling the export\u2026")

    def _progressed(self, fraction: float, message: str) -> None:
        if self.progress is None or self.thread is None or self.thread.cancelled:
            return
        self.progress.set_label(f"{message}\u2026" if message and not message.endswith(
            ("\u2026", ".")) else message)
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
        from ui.export.result import ExportResultDialog
        self._finish()
        self.message.emit("Export finished: " + ", ".join(
            p.name for p in (result.sealed_path, result.pdf_path, result.xlsx_path)
            if p is not None) + ".")
        self.result_dialog = ExportResultDialog(self.window, result)
        self.result_dialog.open()  # window-modal, does not block
        self.finished.emit(result)

    def _failed(self, exc: BaseException) -> None:
        from exports.errors import ExportCancelled
        self._finish()
        if isinstance(exc, ExportCancelled):
            self.message.emit(str(exc))
        else:
            ui_errors.show_error(self.window, exc, doing="the export")
        self.failed.emit(exc)

    # -- closing the window ----------------------------------------------------------------
    def shutdown(self, timeout_ms: int = 60_000) -> None:
        """Cancel a running export and wait for its thread (it then writes nothing)."""
        if self.thread is not None and self.thread.isRunning():
            self.thread.cancelled = True
            self.thread.wait(timeout_ms)


def _writable_choice(name: str, suffix: str) -> Path:
    """The file chosen, with its suffix, in a folder this user can write in."""
    from exports.errors import ExportError
    chosen = Path(name)
    if chosen.suffix.lower() != suffix:
        chosen = chosen.with_name(chosen.name + suffix)
    folder = chosen.parent
    if not folder.is_dir() or not os.access(folder, os.W_OK | os.X_OK):
        raise ExportError(f"Panel Review cannot write in the folder {folder}. Choose a "
                          "folder you can save files in, then export again.")
    return chosen

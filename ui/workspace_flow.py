"""Opening work: a coordinator's bundle, the built-in demo, or a workspace.

Each flow asks what it needs on the main thread (files, passphrase), then
does the slow part on the database thread behind a progress dialog.  A new
workspace replaces the open one only once it is open, so a wrong passphrase
or a refused bundle leaves the current work as it was.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFileDialog, QWidget

from ui import passphrase_dialog, paths
from ui.db_worker import Database, JobContext
from ui.errors import show_error
from ui.progress import Cancelled, ProgressJob, check_cancel

BUNDLE_FILTER = "Panel Review bundles (*.prb);;All files (*)"
WORKSPACE_FILTER = "Panel Review workspaces (*.prw);;All files (*)"
# Folders offered next time (settings hold folders only, never file names of cases).
BUNDLE_FOLDER_KEY = "open/bundle_folder"
WORKSPACE_FOLDER_KEY = "open/workspace_folder"


def _swap_in(ctx: JobContext, ws):
    """Make ``ws`` the open workspace, closing the one before it."""
    old, ctx.ws = ctx.ws, ws
    if old is not None:
        old.close()
    return ws.info()


def _remove_workspace_files(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", ".lock"):
        with contextlib.suppress(OSError):
            os.unlink(f"{path}{suffix}")


class WorkspaceFlow(QObject):
    opened = Signal(object)  # review.workspace.database.WorkspaceInfo
    # Emitted just before the open job is queued: pending edits of the current
    # workspace must be queued first, so they land in the right workspace.
    switching = Signal()

    demo_cases = 1131  # tests use a smaller demo

    def __init__(self, parent: QWidget, db: Database) -> None:
        super().__init__(parent)
        self.window, self.db = parent, db
        self.current_path: Path | None = None
        self.job: ProgressJob | None = None

    # -- a coordinator's bundle ---------------------------------------------------
    def open_bundle(self, bundle: Path | None = None, reader=None) -> None:
        from review.workspace.database import Workspace
        self._new_workspace(
            bundle, Workspace, open_title="Open a bundle", stem_suffix="",
            save_title="Save the new workspace as",
            report="Checking the bundle\u2019s signature and every case in it, then copying "
                   "it into the new workspace\u2026",
            progress=("Opening the bundle", "Checking the bundle\u2026"), reader=reader)

    # -- the Coordinator mode: a workspace from the whole-panel file ----------------
    def open_coordinator_bundle(self, bundle: Path | None = None, reader=None) -> None:
        """A new coordinator workspace from ``panel.prb`` (see review.panel.workspace)."""
        from review.panel.workspace import CoordinatorWorkspace
        self._new_workspace(
            bundle, CoordinatorWorkspace, open_title="Choose the panel file (panel.prb)",
            stem_suffix=" coordinator", save_title="Save the coordinator workspace as",
            report="Checking the panel file\u2019s signature, its roster and every case, then "
                   "copying it into the coordinator workspace\u2026",
            progress=("Opening the panel file", "Checking the panel file\u2026"), reader=reader)

    def _new_workspace(self, bundle: Path | None, kind, *, open_title: str, stem_suffix: str,
                       save_title: str, report: str, progress: tuple[str, str],
                       reader=None) -> None:
        """Ask for the bundle; a sealed one also for the identity it is sealed for (the
        DEMO's opens with the public DEMO key).  Check its signature; show who signed it
        and ask the member to compare the fingerprint; then ask where to keep the
        workspace and its passphrase, and make it (``kind.create``) on the database
        thread.  Nothing is written before the member has continued, and nothing
        decrypted ever reaches the disk except into the encrypted workspace."""
        if bundle is None:
            name, _ = QFileDialog.getOpenFileName(self.window, open_title,
                                                  str(paths.last_folder(BUNDLE_FOLDER_KEY)),
                                                  BUNDLE_FILTER)
            if not name:
                return
            bundle = Path(name)
            paths.remember_folder(BUNDLE_FOLDER_KEY, bundle.parent)
        bundle = Path(bundle)
        if reader is None:
            from ui import sealed_open
            reader = sealed_open.reader_for(self.window, bundle)
            if reader is sealed_open.CANCELLED:
                return

        # Imported here: they load the signature code, which opening a workspace never needs.
        from ui import trust_dialog
        from ui.trust_dialog import BundleSigner

        def check(ctx: JobContext):
            from review.bundle.contents import read_bundle
            from review.workspace.database import Workspace
            ctx.report(progress[1])
            read = read_bundle(bundle, reader=reader)
            c = read.contents
            if kind is Workspace and c.member_id is None:
                return None  # a sealed panel file, chosen as a bundle: the coordinator's flow
            kind._check_bundle(read)  # the wrong kind of file is refused before the question
            member = next((r.name for r in c.roster if r.reviewer_id == c.member_id), "")
            return BundleSigner(c.title, c.bundle_id, member, read.signer_name,
                                read.signer_fingerprint, c.demo,
                                sealed=read.sealed or read.demo_key,
                                panel=c.member_id is None)

        def checked(signer: "BundleSigner | None") -> None:
            self.job = None
            if signer is None:
                self.open_coordinator_bundle(bundle, reader)
                return
            if not trust_dialog.confirm_signer(self.window, signer):
                return
            self._create(bundle, kind, signer, stem_suffix, save_title, report, progress, reader)

        self.job = ProgressJob(self.window, self.db, progress[0], progress[1], check, checked,
                               self._failed)

    def _create(self, bundle: Path, kind, signer, stem_suffix: str,
                save_title: str, report: str, progress: tuple[str, str], reader=None) -> None:
        from review.filenames import free_stem, joined_stem
        folder = paths.last_folder(WORKSPACE_FOLDER_KEY)
        stem = joined_stem(signer.title, signer.member_name or stem_suffix.strip())
        suggested = folder / f"{free_stem(folder, stem, ('.prw',))}.prw"
        name, _ = QFileDialog.getSaveFileName(self.window, save_title, str(suggested),
                                              WORKSPACE_FILTER)
        if not name:
            return
        target = Path(name)
        if target.suffix.lower() != ".prw":
            target = target.with_suffix(".prw")
        passphrase = passphrase_dialog.ask_new(self.window, target.name)
        if passphrase is None:
            return
        paths.remember_folder(WORKSPACE_FOLDER_KEY, target.parent)

        def job(ctx: JobContext):
            ctx.report(report)
            # The signer the member just accepted, and no other, even if the file changed since.
            ws = kind.create(target, passphrase, bundle, expected_signer=signer.fingerprint,
                             reader=reader)
            if ctx.token.cancelled:
                ws.close()
                _remove_workspace_files(target)
                raise Cancelled()
            # The coordinator just accepted and the roster's members become known signers
            # for verifying files later (the DEMO's key is public, so it is never learnt).
            from review.keyring import learn_and_save, learn_workspace
            learn_and_save(lambda keyring: learn_workspace(keyring, ws))
            return _swap_in(ctx, ws)

        self._run(*progress, job)

    # -- the built-in demo ---------------------------------------------------------
    def open_demo(self) -> None:
        n = self.demo_cases
        target = paths.unique_path(paths.home(), "DEMO workspace", ".prw")
        passphrase = passphrase_dialog.ask_new(self.window, f"{target.name} (DEMO)")
        if passphrase is None:
            return

        def job(ctx: JobContext):
            from review.demo.bundle import build_demo_bundles
            from review.workspace.database import Workspace
            bundle = paths.demo_dir() / f"demo-{n}.prb"
            if not bundle.is_file():
                ctx.report(f"Writing the DEMO bundle: {n:,} synthetic cases and their "
                           "documents\u2026")
                partial = bundle.with_name(bundle.name + ".partial")
                build_demo_bundles(partial, cases=n)
                if ctx.token.cancelled:
                    partial.unlink(missing_ok=True)
                    raise Cancelled()
                partial.replace(bundle)
            check_cancel(ctx)
            ctx.report(f"Checking the DEMO bundle and copying its {n:,} cases into "
                       "the new workspace\u2026")
            ws = Workspace.create(target, passphrase, bundle)
            if ctx.token.cancelled:
                ws.close()
                _remove_workspace_files(target)
                raise Cancelled()
            return _swap_in(ctx, ws)

        self._run("Preparing the demo", f"Preparing the DEMO: {n:,} synthetic cases\u2026", job)

    # -- an existing workspace -----------------------------------------------------
    def open_workspace(self, path: Path | None = None, error: str | None = None) -> None:
        if path is None:
            name, _ = QFileDialog.getOpenFileName(self.window, "Open a workspace",
                                                  str(paths.last_folder(WORKSPACE_FOLDER_KEY)),
                                                  WORKSPACE_FILTER)
            if not name:
                return
            path = Path(name)
            paths.remember_folder(WORKSPACE_FOLDER_KEY, path.parent)
        path = Path(path)
        if self.current_path is not None and path.resolve() == self.current_path.resolve():
            return  # already open in this window
        if not path.is_file():
            show_error(self.window, _missing(path))
            return
        passphrase = passphrase_dialog.ask_existing(self.window, path.name, error)
        if passphrase is None:
            return

        def job(ctx: JobContext):
            from review.errors import WorkspaceError
            from review.workspace.database import Workspace
            try:
                return _swap_in(ctx, Workspace.open(path, passphrase))
            except WorkspaceError as exc:
                if "coordinator's workspace" not in str(exc):
                    raise
            # A coordinator's workspace (the Coordinator mode): open it as such.
            from review.panel.workspace import CoordinatorWorkspace
            return _swap_in(ctx, CoordinatorWorkspace.open(path, passphrase))

        def failed(exc: BaseException) -> None:
            from review.errors import WrongPassphrase
            if isinstance(exc, WrongPassphrase):
                self.open_workspace(path, error=str(exc))  # ask again, saying why
            else:
                show_error(self.window, exc)

        self._run("Opening the workspace", f"Unlocking {path.name}\u2026", job, failed,
                  cancellable=False)

    # -- shared ------------------------------------------------------------------
    def _failed(self, exc: BaseException) -> None:
        self.job = None
        if not isinstance(exc, Cancelled):
            show_error(self.window, exc)

    def _run(self, title, label, job, on_error=None, cancellable=True) -> None:
        self.switching.emit()
        self.job = ProgressJob(self.window, self.db, title, label, job, self._opened,
                               on_error or self._failed, cancellable=cancellable)

    def _opened(self, info) -> None:
        self.job = None
        self.current_path = Path(info.path)
        paths.remember_workspace(Path(info.path))
        self.opened.emit(info)


def _missing(path: Path):
    from review.errors import WorkspaceError
    return WorkspaceError(f"There is no workspace at {path}. It may have been moved or deleted.")

"""The export API that the app and the command line call (verification: exports.verify).

Threading: :func:`collect_export_data` reads the workspace and must run on
the thread that owns it (the app's database thread); :func:`export_signed`
is pure computation on that snapshot and runs on any worker thread, with a
progress callback and a cancel check.  Both files are built and signed in
memory and written only at the end, each to a temporary file that replaces
its target by a rename, so a cancelled or failed export leaves no file
(or partial file) behind and never damages an older export.

In the app::

    data = collect_export_data(ws)                  # on the database thread
    # then on a worker thread:
    identity = load_identity(folder, passphrase)    # WrongPassphrase: ask again
    result = export_signed(data, identity, pdf_path=pdf, xlsx_path=xlsx,
                           progress=report,         # (fraction 0..1, message)
                           should_cancel=cancelled) # () -> bool
    # ExportCancelled: say so; any other PanelReviewError: show str(err)
    # result.pdf_path, result.xlsx_path, format_fingerprint(result.fingerprint)
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from review.atomic import remove_stale_temp_files, write_pair
from review.storage import guarded_write
from review.filenames import free_stem, joined_stem
from review.identity import Identity, format_fingerprint, load_identity
from review.workspace.database import Workspace

from exports.errors import ExportError
from exports.snapshot import ExportData, collect_export_data
from exports.progress import CancelFn, Progress, ProgressFn

__all__ = ["ExportResult", "collect_export_data", "default_export_paths", "export_signed",
           "export_workspace"]


@dataclass(frozen=True)
class ExportResult:
    pdf_path: Path | None
    xlsx_path: Path | None
    signer_name: str
    fingerprint: str          # hex; show it with review.identity.format_fingerprint
    pdf_pages: int | None
    case_count: int
    decision_count: int
    exported_at: str
    sealed_path: Path | None = None   # both files inside one sealed file (exports.sealed_return)
    sealed_for: tuple[str, ...] = ()  # who can open it: "the coordinator, Dr A", "R01, Dr M"
    inside: tuple[str, ...] = ()      # the names of the files inside it


def default_export_paths(data: ExportData, folder: Path) -> tuple[Path, Path]:
    """``<member name> – <bundle title> – <YYYY-MM-DD>.pdf/.xlsx`` in ``folder``, names that
    every system accepts; `` (2)``... is added when either file exists, so a default
    name never overwrites an earlier export."""
    stem = joined_stem(data.member_name or data.member_id, data.bundle_title or data.bundle_id,
                       data.exported_at[:10])
    stem = free_stem(Path(folder), stem, (".pdf", ".xlsx"))
    return Path(folder) / f"{stem}.pdf", Path(folder) / f"{stem}.xlsx"


def export_signed(data: ExportData, identity: Identity, *, pdf_path: Path | None = None,
                  xlsx_path: Path | None = None, progress: ProgressFn | None = None,
                  should_cancel: CancelFn | None = None, sealed_path: Path | None = None,
                  sealed_for: list | None = None) -> ExportResult:
    """Build, sign and write the requested files; ExportCancelled if cancelled.

    With ``sealed_path`` and ``sealed_for`` (review.seal.Recipient list) the
    files are not written on their own: both go, under the names of
    ``pdf_path`` and ``xlsx_path``, into one file sealed for those people.
    """
    if pdf_path is None and xlsx_path is None:
        raise ExportError("Choose at least one file to export: a PDF, an Excel workbook or both.")
    if pdf_path is not None and xlsx_path is not None and Path(pdf_path) == Path(xlsx_path):
        raise ExportError("The PDF and the workbook need two different file names.")
    pinned = data.member_pinned_fingerprint
    if pinned and pinned.lower() != identity.fingerprint:
        raise ExportError(
            f"This signing identity ({format_fingerprint(identity.fingerprint)[:19]}…) is not the "
            f"one the coordinator registered for {data.member_name} "
            f"({format_fingerprint(pinned)[:19]}…). Sign with your registered identity, or ask "
            "the coordinator to update the roster.")
    tracker = Progress(progress, should_cancel, {
        "pdf": 80.0 if pdf_path else 0.0, "sign": 4.0 if pdf_path else 0.0,
        "xlsx": 14.0 if xlsx_path else 0.0, "write": 2.0})
    tracker.check()
    pdf_bytes = xlsx_bytes = None
    pages = None
    if pdf_path is not None:
        from exports.pdf.report import Signer, build_report
        from exports.pdf.sign import export_record, sign_report
        layout = build_report(data, Signer(identity.name, identity.fingerprint), tracker, "pdf")
        tracker.update("sign", 0.0, "Signing the PDF")
        pdf_bytes, pages = sign_report(layout, identity, export_record(data, identity)), layout.pages
        tracker.update("sign", 1.0, "PDF signed")
    if xlsx_path is not None:
        from exports.xlsx.writer import build_workbook
        xlsx_bytes = build_workbook(data, identity, tracker, "xlsx")
    tracker.update("write", 0.0, "Writing the files")
    inside: dict[str, bytes] = {}
    if sealed_path is not None:
        from exports.sealed_return import pack_return
        inside = {Path(p).name: b for p, b in ((pdf_path, pdf_bytes), (xlsx_path, xlsx_bytes))
                  if p is not None and b is not None}
        write_all([(sealed_path, pack_return(inside, identity, list(sealed_for or [])))])
        pdf_path = xlsx_path = None
    else:
        write_all([(pdf_path, pdf_bytes), (xlsx_path, xlsx_bytes)])
    tracker.finished("Export finished")
    return ExportResult(Path(pdf_path) if pdf_path else None,
                        Path(xlsx_path) if xlsx_path else None, identity.name,
                        identity.fingerprint, pages, data.case_count, data.decision_count,
                        data.exported_at, Path(sealed_path) if sealed_path else None,
                        tuple(r.label for r in sealed_for or ()) if sealed_path else (),
                        tuple(inside))


def write_all(files: list[tuple[Path | None, bytes | None]], what: str = "The export") -> None:
    """Write every file through its own temporary file, committed together as a pair
    (review.atomic.write_pair): a kill leaves both old files or both new ones.

    ``what`` names the output in the error message (the consolidated export passes its own).
    """
    written = [(Path(p), c) for p, c in files if p is not None and c is not None]
    for folder in {p.parent for p, _ in written}:   # what a killed export left there goes first
        remove_stale_temp_files(folder)
    try:
        with guarded_write(f"{what[0].lower()}{what[1:]} was not written and no file was changed",
                           written[0][0] if written else None):
            write_pair(written)
    except OSError as exc:
        raise ExportError(f"{what} could not be written ({exc.strerror or exc}); no file "
                          "was changed.") from None


def export_workspace(workspace: Path, workspace_passphrase: str, identity_dir: Path,
                     identity_passphrase: str, *, pdf_path: Path | None = None,
                     xlsx_path: Path | None = None, progress: ProgressFn | None = None,
                     should_cancel: CancelFn | None = None,
                     clock=None, seal_for: Path | None = None) -> ExportResult:
    """Open a workspace, snapshot it, close it, then export (the command line's path)."""
    identity = load_identity(Path(identity_dir), identity_passphrase)
    with Workspace.open(Path(workspace), workspace_passphrase) as ws:
        data = collect_export_data(ws, **({"clock": clock} if clock else {}))
    if seal_for is not None:
        return _export_sealed(data, identity, Path(workspace).parent, seal_for,
                              progress, should_cancel)
    if pdf_path is None and xlsx_path is None:
        pdf_path, xlsx_path = default_export_paths(data, Path(workspace).parent)
    return export_signed(data, identity, pdf_path=pdf_path, xlsx_path=xlsx_path,
                         progress=progress, should_cancel=should_cancel)


def _export_sealed(data: ExportData, identity: Identity, folder: Path, cert_file: Path,
                   progress, should_cancel) -> ExportResult:
    """Both files, sealed for the coordinator (``cert_file``) and the member, next to the
    workspace under the usual name with the suffix .prs."""
    from exports.sealed_return import SUFFIX
    from review.bundle.roster import load_certificate_file
    from review.intake.cells import BadValue
    from review.identity import common_name
    from review.seal import Recipient
    try:
        coordinator = load_certificate_file(Path(cert_file))
    except BadValue as exc:
        raise ExportError(f"--seal-for: {exc}") from None
    pdf, xlsx = default_export_paths(data, folder)
    stem = free_stem(folder, pdf.stem, (SUFFIX,))
    return export_signed(data, identity, pdf_path=pdf, xlsx_path=xlsx, progress=progress,
                         should_cancel=should_cancel, sealed_path=folder / f"{stem}{SUFFIX}",
                         sealed_for=[Recipient(f"the coordinator, {common_name(coordinator)}",
                                               coordinator),
                                     Recipient(f"{data.member_id}, {identity.name}",
                                               identity.certificate)])

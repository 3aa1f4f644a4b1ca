"""The consolidated outputs' API: what ``merge --pdf/--xlsx``, demo-panel and the app call.

Threading as for a member's export (:mod:`exports.service`)::

    data = collect_consolidated(coord)               # on the workspace's thread
    # then on any thread:
    identity = load_identity(folder, passphrase)     # the coordinator's identity
    result = export_consolidated(data, identity, pdf_path=pdf, xlsx_path=xlsx,
                                 progress=report, should_cancel=cancelled)

Both files are built and signed in memory and only then written, each
through a temporary file renamed over its target, so a failure or cancel
leaves no file (or partial file) behind.  The signing identity must be the
coordinator's: the one that signed the panel's bundles.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from review.identity import Identity, format_fingerprint

from exports.consolidated.data import ConsolidatedData, collect_consolidated
from exports.errors import ExportError
from exports.progress import CancelFn, Progress, ProgressFn
from exports.service import write_all

__all__ = ["ConsolidatedResult", "ConsolidatedData", "collect_consolidated",
           "export_consolidated"]


@dataclass(frozen=True)
class ConsolidatedResult:
    pdf_path: Path | None
    xlsx_path: Path | None
    signer_name: str
    fingerprint: str
    pdf_pages: int | None
    case_count: int
    final_count: int
    generated_at: str


def export_consolidated(data: ConsolidatedData, identity: Identity, *,
                        pdf_path: Path | None = None, xlsx_path: Path | None = None,
                        progress: ProgressFn | None = None,
                        should_cancel: CancelFn | None = None) -> ConsolidatedResult:
    """Build, sign and write the requested consolidated files."""
    if pdf_path is None and xlsx_path is None:
        raise ExportError("Choose at least one consolidated file to write: a PDF, an Excel "
                          "workbook or both.")
    if pdf_path is not None and xlsx_path is not None and \
            Path(pdf_path).resolve() == Path(xlsx_path).resolve():
        raise ExportError("The consolidated PDF and workbook need two different file names.")
    if identity.fingerprint != (data.coordinator_fingerprint or "").lower():
        raise ExportError(
            f"This signing identity ({identity.name}, "
            f"{format_fingerprint(identity.fingerprint)[:19]}\u2026) is not the coordinator's that signed the panel's bundles "
            f"({data.coordinator_name}, {format_fingerprint(data.coordinator_fingerprint)[:19]}"
            "\u2026). Sign the consolidated result with the coordinator's identity.")
    tracker = Progress(progress, should_cancel, {
        "pdf": 85.0 if pdf_path else 0.0, "sign": 3.0 if pdf_path else 0.0,
        "xlsx": 10.0 if xlsx_path else 0.0, "write": 2.0})
    tracker.check()
    pdf_bytes = xlsx_bytes = None
    pages = None
    if pdf_path is not None:
        from exports.consolidated.pdf import build_consolidated_pdf, consolidated_record, \
            sign_consolidated
        layout = build_consolidated_pdf(data, identity.name, identity.fingerprint, tracker, "pdf")
        tracker.update("sign", 0.0, "Signing the PDF")
        pdf_bytes = sign_consolidated(layout, identity, consolidated_record(data, identity))
        pages = layout.pages
        tracker.update("sign", 1.0, "PDF signed")
    if xlsx_path is not None:
        from exports.consolidated.xlsx import build_consolidated_workbook
        xlsx_bytes = build_consolidated_workbook(data, identity, tracker, "xlsx")
    tracker.update("write", 0.0, "Writing the files")
    write_all([(pdf_path, pdf_bytes), (xlsx_path, xlsx_bytes)], "The consolidated result")
    tracker.finished("Consolidated result written")
    return ConsolidatedResult(Path(pdf_path) if pdf_path else None,
                              Path(xlsx_path) if xlsx_path else None, identity.name,
                              identity.fingerprint, pages, data.case_count, data.final_count,
                              data.generated_at)

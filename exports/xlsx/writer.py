"""The signed Excel workbook: Summary, Decisions, History, Consultations, About, signature.

The workbook is built in memory; the signature is computed from the cells
exactly as a reader will see them (via :func:`read_grid`), then the
hidden Signature sheet is added and the bytes are returned for an atomic
write.  Nothing is written to disk here, not even openpyxl's usual
temporary files (see :mod:`exports.xlsx.memory`).
"""

from __future__ import annotations

import math
from typing import Any

from review.identity import Identity, format_fingerprint
from review.workspace.database import utc_now

from exports.snapshot import ExportData, display_utc
from exports.progress import Progress
from exports.statistics import compute_statistics
from exports.xlsx.cells import ColumnStyles, put_row, put_text, read_grid, style_header
from exports.xlsx.columns import CONSULTATION_COLUMNS, DECISION_COLUMNS, HISTORY_COLUMNS, Column, \
    consultation_row, decision_row, history_row
from exports.xlsx.signature import FORMAT, FORMAT_VERSION, SheetSeal, seal_sheet, signed_message, \
    write_signature_sheet
from exports.xlsx.memory import workbook_bytes
from exports.xlsx.summary import write_summary

# Signed sheets and the column (0-based) holding each row's key, if any.
SIGNED_SHEETS: dict[str, int | None] = {"Summary": None, "Decisions": 0, "History": 0,
                                        "Consultations": 0, "About": None}
MAX_ROW_LINES = 12  # taller rows are capped; the full text is in the cell


def build_workbook(data: ExportData, identity: Identity, progress: Progress | None = None,
                   stage: str = "xlsx") -> bytes:
    """The signed workbook as bytes."""
    from openpyxl import Workbook
    progress = progress or Progress()
    wb = Workbook()
    stats = compute_statistics(data.records)
    write_summary(wb.active, data, stats)
    progress.update(stage, 0.05, "Writing the Decisions sheet")
    write_table(wb.create_sheet("Decisions"), DECISION_COLUMNS,
                (decision_row(r) for r in data.records), progress, stage, 0.05, 0.45,
                len(data.records), freeze="B2")
    progress.update(stage, 0.45, "Writing the History sheet")
    write_table(wb.create_sheet("History"), HISTORY_COLUMNS,
                (history_row(e) for e in data.history), progress, stage, 0.45, 0.7,
                len(data.history), freeze="C2")
    progress.update(stage, 0.7, "Writing the Consultations sheet")
    write_table(wb.create_sheet("Consultations"), CONSULTATION_COLUMNS,
                (consultation_row(c) for c in data.consultations), progress, stage, 0.7, 0.75,
                len(data.consultations), freeze="A2")
    _write_about(wb.create_sheet("About"), data, identity)

    progress.update(stage, 0.75, "Signing the workbook")
    seals: list[SheetSeal] = [seal_sheet(name, read_grid(wb[name]), key)
                              for name, key in SIGNED_SHEETS.items()]
    core = manifest_core(data, identity, seals)
    signature = identity.sign(signed_message(core, seals))
    write_signature_sheet(wb, core, seals, identity.cert_pem, signature)
    wb.active = 0
    wb.properties.creator = "Panel Review"
    wb.properties.title = "Signed decisions"
    progress.update(stage, 0.85, "Compressing the workbook")
    content = workbook_bytes(wb)
    progress.update(stage, 1.0, "Workbook signed")
    return content


def manifest_core(data: ExportData, identity: Identity, seals: list[SheetSeal]) -> dict:
    return {
        "format": FORMAT, "format_version": FORMAT_VERSION,
        "member_id": data.member_id, "member_name": data.member_name,
        "signer_name": identity.name, "certificate_sha256": identity.fingerprint,
        "bundle_id": data.bundle_id, "bundle_title": data.bundle_title,
        "bundle_digest": data.bundle_digest,
        "coordinator_fingerprint": data.coordinator_fingerprint, "demo": data.demo,
        "exported_at": data.exported_at, "signed_at": utc_now(),
        "history_head": data.history_head,
        "history_count": data.history_count, "case_count": data.case_count,
        "decision_count": data.decision_count,
        "sheets": [s.core() for s in seals],
    }


def write_table(ws, columns: tuple[Column, ...], rows, progress: Progress | None = None,
                stage: str = "", start: float = 0.0, end: float = 1.0, total: int = 0, *,
                freeze: str) -> int:
    """Header, typed rows, widths, frozen header, autofilter; returns the last row written.

    With ``progress``, every 100th row reports its share of ``start``..``end`` of ``stage``.
    Shared by the member's and the consolidated workbook.
    """
    from openpyxl.styles import Alignment
    from openpyxl.utils import get_column_letter
    put_row(ws, 1, [c.header for c in columns])
    style_header(ws, 1, len(columns))
    wrap, top = Alignment(wrap_text=True, vertical="top"), Alignment(vertical="top")
    styles = ColumnStyles(ws, [wrap if c.wrap else top for c in columns],
                          [c.number_format for c in columns])
    wrapped = [(c.width, i) for i, c in enumerate(columns) if c.wrap]
    n = 1
    for n, values in enumerate(rows, start=2):
        styles.append_row(ws, values)  # row n: the header is row 1
        lines = 1
        for width, i in wrapped:
            if i < len(values) and isinstance(values[i], str):
                lines = max(lines, _lines(values[i], width))
        if lines > 1:
            ws.row_dimensions[n].height = 15 * min(lines, MAX_ROW_LINES)
        if progress is not None and n % 100 == 0:
            progress.update(stage, start + (end - start) * n / max(total, 1),
                            f"Writing row {n - 1:,} of {total:,}")
    for i, c in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(i)].width = c.width
    ws.freeze_panes = freeze
    ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{max(n, 2)}"
    ws.print_title_rows = "1:1"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    return n


def _lines(text: str, width: float) -> int:
    """Lines a wrapped cell needs at ``width`` characters (a generous estimate)."""
    per_line = max(1, int(width * 1.1))
    return sum(max(1, math.ceil(len(part) / per_line)) for part in text.split("\n"))


def write_label_rows(ws, rows: list[tuple[str, Any]]) -> None:
    """An About sheet's rows: a bold label, then its value (text, or a number as a
    number), wrapped; the first label is the sheet's title."""
    from openpyxl.styles import Alignment, Font
    wrap = Alignment(wrap_text=True, vertical="top")
    for r, (label, value) in enumerate(rows, start=1):
        put_text(ws, r, 1, label)
        cell = ws.cell(row=r, column=2)
        if isinstance(value, int):
            cell.value = value
        else:
            put_text(ws, r, 2, value)
        cell.alignment = wrap
        ws.cell(row=r, column=1).font = Font(bold=True)
    ws.cell(row=1, column=1).font = Font(bold=True, size=14)


def _write_about(ws, data: ExportData, identity: Identity) -> None:
    rows = [
        ("About this workbook", ""),
        ("Panel member", data.member_name),
        ("Member ID", data.member_id),
        ("Signed by (certificate name)", identity.name),
        ("Certificate fingerprint (SHA-256)", format_fingerprint(identity.fingerprint)),
        ("Bundle", data.bundle_title),
        ("Bundle ID", data.bundle_id),
        ("Bundle digest (SHA-256)", data.bundle_digest),
        ("Coordinator", data.coordinator_name),
        ("Coordinator fingerprint", format_fingerprint(data.coordinator_fingerprint)),
        ("Exported (UTC)", display_utc(data.exported_at)),
        ("Cases", data.case_count),
        ("Decisions saved", data.decision_count),
        ("History versions", data.history_count),
        ("History chain head (SHA-256)", data.history_head),
        ("Case openings logged", len(data.consultations)),
        ("Synthetic demo data", "Yes" if data.demo else "No"),
        ("", ""),
        ("How to check it", "The hidden Signature sheet holds the member's signature over "
                            "every cell of the Summary, Decisions, History, Consultations and "
                            "About sheets. The Consultations sheet is the log of every time "
                            "the member opened a case. "
                            "Run: panel-review verify FILE. Editing, adding or deleting any "
                            "signed cell or row makes the workbook INVALID and names the cell."),
    ]
    write_label_rows(ws, rows)
    ws.row_dimensions[len(rows)].height = 60
    ws.column_dimensions["A"].width = 34
    ws.column_dimensions["B"].width = 90

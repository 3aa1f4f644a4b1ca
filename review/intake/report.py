"""The problems file: every problem of a check, one row each, for a coordinator to sort.

``--problems FILE`` writes it as ``.csv`` (UTF-8 with a byte-order mark, so
Excel opens it as such) or ``.xlsx`` (one sheet, Problems, with a filter on
the header row).  Columns: Severity, Kind, File, Row, Column, Header, Value
(the cell as found, whole), Problem, What to do.  Rows are in file and row
order; sorting by Kind or Row in Excel groups them.  Every cell is written
as text or a number, never as a formula, whatever it holds.

The file holds values from the case list (it is the coordinator's own
working file, like the list itself); it is written atomically where asked,
and never anywhere else.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Sequence

from review.atomic import atomic_write_bytes
from review.errors import PanelReviewError
from review.intake.problems import KINDS, Problem

HEADERS = ("Severity", "Kind", "File", "Row", "Column", "Header", "Value", "Problem",
           "What to do")
MAX_CELL = 32_767                 # what an Excel cell holds
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


class ReportError(PanelReviewError):
    """The problems file cannot be written where asked."""


def problem_rows(problems: Sequence[Problem]) -> list[list]:
    return [[p.level, p.kind, p.file, p.row if p.row is not None else "", p.column or "",
             p.header or "", p.value if p.value is not None else "", p.message,
             KINDS.get(p.kind, KINDS["invalid"])[2]] for p in problems]


def check_report_path(path: Path) -> None:
    """Refuse an unusable name before any work is done."""
    if Path(path).suffix.casefold() not in (".csv", ".xlsx"):
        raise ReportError(f"The problems file {Path(path).name} must end in .csv or .xlsx.")
    if Path(path).is_dir():
        raise ReportError(f"{path} is a folder; give a file name ending in .csv or .xlsx.")


def write_problems(path: Path, problems: Sequence[Problem]) -> Path:
    """Write every problem to ``path`` (.csv or .xlsx); returns the path."""
    path = Path(path)
    check_report_path(path)
    rows = problem_rows(problems)
    if path.suffix.casefold() == ".csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\r\n")
        writer.writerow(HEADERS)
        # A leading = + - @ would be a formula to Excel: a quote mark keeps it text.
        writer.writerows([_csv_safe(v) for v in row] for row in rows)
        data = ("\ufeff" + buf.getvalue()).encode("utf-8")
    else:
        data = xlsx_bytes([("Problems", HEADERS, rows)])
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_bytes(path, data)
    return path


def _csv_safe(value: object) -> object:
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def xlsx_bytes(sheets: Sequence[tuple[str, Sequence[str], Sequence[Sequence[object]]]]) -> bytes:
    """A workbook of plain sheets (title, headers, rows); text is never a formula."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    wb = Workbook(write_only=True)
    bold = Font(bold=True)
    for title, headers, rows in sheets:
        ws = wb.create_sheet(title)
        head = []
        for h in headers:
            cell = _text_cell(ws, h, WriteOnlyCell)
            cell.font = bold
            head.append(cell)
        ws.append(head)
        for row in rows:
            ws.append([_text_cell(ws, v, WriteOnlyCell) if isinstance(v, str) else v
                       for v in row])
        ws.freeze_panes = "A2"
        ws.auto_filter.ref = f"A1:{_letter(len(headers))}{len(rows) + 1}"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _text_cell(ws, text: str, cell_type):
    cell = cell_type(ws)
    # Set as a string directly: openpyxl's value setter would make '=...' a formula.
    cell._value = _ILLEGAL.sub("?", text)[:MAX_CELL]
    cell.data_type = "s"
    return cell


def _letter(index: int) -> str:
    letters = ""
    while index > 0:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters

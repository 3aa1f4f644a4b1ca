"""Writing cells that can never become formulas, and reading them back canonically.

Every piece of text, whoever typed it, goes through :func:`put_text`: the
cell is forced to the string type (so openpyxl writes no ``<f>`` element
even for ``=HYPERLINK(...)``) and carries Excel's quote-prefix flag, which
keeps it text even when someone later edits the cell in Excel.  The value
itself is not altered, so it round-trips exactly.
"""

from __future__ import annotations

import datetime as dt
from copy import copy
from typing import Any, Sequence

from exports.xlsx.canonical import Canonical, canonical_value, escape_text
from exports.errors import ExportError, SignedFileInvalid

HEADER_FILL = "DCE6F1"


TEXT, VALUE, EMPTY = "text", "value", "empty"  # what _store put in a cell
# Excel's limit on the characters in one cell: a longer one makes Excel "repair" the
# workbook, and a repaired workbook no longer verifies.
MAX_CELL_CHARS = 32_767


def _kind(value: Any) -> str:
    """TEXT, VALUE or EMPTY: how a value is written; TypeError for an unsupported type."""
    if value is None or value == "":
        return EMPTY
    if isinstance(value, str):
        return TEXT
    if not isinstance(value, (bool, int, float, dt.datetime, dt.date)):
        raise TypeError(f"unsupported cell value type {type(value).__name__}")
    return VALUE


def _store(cell, value: Any) -> str:
    """Put ``value`` in ``cell`` (text always as a string cell); which kind it was."""
    kind = _kind(value)
    if kind == TEXT:
        # Set as a string directly: openpyxl's value setter would guess a formula from a
        # leading '=' (and re-check for characters that escape_text has already escaped).
        text = escape_text(value)
        if len(text) > MAX_CELL_CHARS:
            raise ExportError(
                f"Cell {cell.coordinate} of the {cell.parent.title} sheet would hold "
                f"{len(text):,} characters, and an Excel cell holds at most "
                f"{MAX_CELL_CHARS:,}. Shorten that text (a rationale or a reason), then "
                "export again. Nothing was written.")
        cell._value = text
        cell.data_type = "s"
    else:
        cell.value = value if kind == VALUE else None
    return kind


def put_text(ws, row: int, col: int, text: str | None):
    """A string cell (or an empty one for None/'')."""
    cell = ws.cell(row=row, column=col)
    if _store(cell, None if text is None else str(text)) == TEXT:
        cell.quotePrefix = True
    return cell


def put_value(ws, row: int, col: int, value: Any, number_format: str | None = None):
    """Any typed value; strings are written as by :func:`put_text`."""
    cell = ws.cell(row=row, column=col)
    kind = _store(cell, value)
    if kind == TEXT:
        cell.quotePrefix = True
    elif kind == VALUE and number_format:
        cell.number_format = number_format
    return cell


def put_row(ws, row: int, values: Sequence[Any], formats: Sequence[str | None] | None = None) -> None:
    for col, value in enumerate(values, start=1):
        put_value(ws, row, col, value, formats[col - 1] if formats else None)


class ColumnStyles:
    """Each column's cell style for text, typed values and empty cells, resolved once.

    Assigning a style object to a cell makes openpyxl hash it and look it up in
    the workbook's style tables, which took most of the time of writing a large
    sheet.  Here each style is resolved once, on a scratch cell, and its cells
    get a copy of the small array of style ids that openpyxl keeps per cell
    (as openpyxl's own worksheet copy does).  The styles are the ones
    :func:`put_value` gives: text is quote-prefixed, a number format applies
    to typed values only.
    """

    def __init__(self, ws, aligns: Sequence[Any], formats: Sequence[str | None]) -> None:
        from openpyxl.cell import Cell
        self._styles: dict[str, list] = {TEXT: [], VALUE: [], EMPTY: []}
        self._formats = list(formats)
        for align, number_format in zip(aligns, formats):
            cell = Cell(ws)
            cell.alignment = align
            self._styles[EMPTY].append(copy(cell._style))
            cell.quotePrefix = True
            self._styles[TEXT].append(copy(cell._style))
            cell.quotePrefix = False
            if number_format:
                cell.number_format = number_format
            self._styles[VALUE].append(copy(cell._style))

    def append_row(self, ws, values: Sequence[Any]) -> None:
        """Write one row of values (as :func:`put_row` would) below the sheet's last row."""
        from openpyxl.cell import Cell
        styles, cells = self._styles, []
        for col, value in enumerate(values):
            kind = _kind(value)
            cell = Cell(ws, style_array=styles[kind][col])  # a copy of the column's style
            _store(cell, value)
            if kind == VALUE and self._formats[col]:
                # a date's own default format (set by openpyxl on assignment) gives way to
                # the column's, as in put_value
                cell._style.numFmtId = styles[VALUE][col].numFmtId
            cells.append(cell)
        ws.append(cells)


def style_header(ws, row: int, ncols: int) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill
    bold, fill = Font(bold=True), PatternFill("solid", fgColor=HEADER_FILL)
    align = Alignment(wrap_text=True, vertical="top")
    for col in range(1, ncols + 1):
        cell = ws.cell(row=row, column=col)
        cell.font, cell.fill, cell.alignment = bold, fill, align


# A signed sheet of a 1,131-case export holds well under a million cells; a
# sheet whose filled cells span more is hostile (one cell at XFD1048576 would
# otherwise make a grid of 17 billion) and is refused before it is built.
MAX_GRID_CELLS = 20_000_000


class GridTooLarge(SignedFileInvalid):
    """A sheet's filled cells span more than :data:`MAX_GRID_CELLS`."""

    def __init__(self, sheet: str):
        super().__init__(f"The sheet '{sheet}' is far larger than any export (cells were "
                         "filled in far outside the table), so it was not read.")


def read_grid(ws) -> list[list[Canonical]]:
    """Every cell's canonical value, trailing empty rows and columns trimmed.

    Built from the cells the sheet holds, not from its declared or stored
    dimensions, so blank rows, a huge ``<dimension>`` or far-away empty
    cells cost nothing; GridTooLarge if the filled cells span too much.
    """
    cells = getattr(ws, "_cells", None)
    if cells is None:  # a read-only or foreign worksheet: the plain way
        return _read_grid_dense(ws)
    filled: dict[tuple[int, int], Canonical] = {}
    for (r, c), cell in cells.items():
        v = canonical_value(cell.value, cell.data_type)
        if v is not None:
            filled[(r, c)] = v
    if not filled:
        return []
    height = max(r for r, _ in filled)
    width = max(c for _, c in filled)
    if height * width > MAX_GRID_CELLS:
        raise GridTooLarge(ws.title)
    grid: list[list[Canonical]] = [[None] * width for _ in range(height)]
    for (r, c), v in filled.items():
        grid[r - 1][c - 1] = v
    return grid


def _read_grid_dense(ws) -> list[list[Canonical]]:
    grid: list[list[Canonical]] = []
    if ws.max_row and ws.max_column:
        if ws.max_row * ws.max_column > MAX_GRID_CELLS:
            raise GridTooLarge(ws.title)
        for row in ws.iter_rows(min_row=1, min_col=1, max_row=ws.max_row, max_col=ws.max_column):
            grid.append([canonical_value(c.value, c.data_type) for c in row])
    while grid and all(v is None for v in grid[-1]):
        grid.pop()
    width = max((max((i + 1 for i, v in enumerate(r) if v is not None), default=0)
                 for r in grid), default=0)
    return [r[:width] + [None] * (width - len(r)) for r in grid]


def cell_ref(row: int, col: int) -> str:
    from openpyxl.utils import get_column_letter
    return f"{get_column_letter(col)}{row}"

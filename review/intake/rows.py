"""A file's rows as :class:`SheetRows`: the header row found, blank rows left out.

The header row is the first row that is not blank; below it, a row is kept
when one of its columns with a header holds something besides spaces.  CSV
records become row dicts here (:class:`_Collector`); calamine's rows stay
lists, the grid of :class:`SheetRows` (:func:`_collect`).
"""

from __future__ import annotations

import datetime as dt

from review.intake.cells import CaseListError, Problem, SheetRows

MAX_ROWS = 250_000               # non-blank rows below the header
MAX_COLUMNS = 500


class _Collector:
    """Turns rows of {column number: value} into SheetRows, skipping blank rows."""

    def __init__(self, source: str):
        self.source = source
        self.headers: list[str] | None = None
        self.header_row = 1
        self.keys: dict[int, str] = {}
        self.key_list: list[str | None] = []
        self.rows: list[tuple[int, dict[str, object]]] = []

    def _set_headers(self, number: int, cells: dict[int, object]) -> None:
        width = max(cells)
        if width > MAX_COLUMNS:
            raise CaseListError([Problem(self.source, number, None, (
                f"The header row has more than {MAX_COLUMNS} columns; is this the right sheet?"))])
        headers = [""] * width
        for col, value in cells.items():
            headers[col - 1] = _header_text(value)
        self.headers, self.header_row = headers, number
        for col, header in enumerate(headers, 1):
            if header and header not in self.keys.values():
                self.keys[col] = header
        self.key_list = [self.keys.get(col) for col in range(1, width + 1)]

    def add(self, number: int, cells: dict[int, object]) -> None:
        """A row whose blank cells are left out (an empty dict for a blank row)."""
        if self.headers is None:
            if not _all_blank(cells.values()):
                self._set_headers(number, cells)
            return
        keys = self.keys
        row = {keys[c]: v for c, v in cells.items() if c in keys}
        self._keep(number, row)

    def add_list(self, number: int, values: list[str]) -> None:
        """A CSV record: texts in column order, '' for blank."""
        if self.headers is None:
            cells = {i: v for i, v in enumerate(values, 1) if v}
            if cells:
                self.add(number, cells)
            return
        row = {k: v for k, v in zip(self.key_list, values) if v and k is not None}
        self._keep(number, row)

    def _keep(self, number: int, row: dict[str, object]) -> None:
        if row and not _all_blank(row.values()):
            if len(self.rows) >= MAX_ROWS:
                raise CaseListError([Problem(self.source, number, None, (
                    f"The table has more than {MAX_ROWS:,} rows below its header; split it "
                    "or remove what is not a case."))])
            self.rows.append((number, row))

    def result(self) -> SheetRows:
        return SheetRows(self.headers or [], self.rows, self.source, self.header_row)


def _all_blank(values) -> bool:
    return all(isinstance(v, str) and not v.strip() for v in values)


def _header_text(value: object) -> str:
    if isinstance(value, str):
        return " ".join(value.split())
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return str(value)


def _collect(values: list[list], source: str) -> SheetRows:
    """Calamine's rows (row 1 first; '' for a blank cell, numbers as floats).

    The rows below the header stay lists (the grid of :class:`SheetRows`): at
    100,000 rows, making a dict of each costs more than every check after it.
    """
    collector = _Collector(source)
    number = 0
    for number, row in enumerate(values, 1):
        cells = {c: v for c, v in enumerate(row, 1) if v != "" and v is not None}
        if cells and not _all_blank(cells.values()):
            collector.add(number, cells)
            break
    if collector.headers is None:
        return collector.result()
    at = {header: col - 1 for col, header in collector.keys.items()}
    used = sorted(at.values())
    need = used[-1] + 1 if used else 0
    numbers: list[int] = []
    kept: list[list] = []
    # Below the header, one short loop per row (the hot loop at 100,000 rows): a row is
    # kept when one of its columns with a header holds something besides spaces.
    for number, row in enumerate(values[number:], number + 1):
        if len(row) < need:
            row = [*row, *[""] * (need - len(row))]
        for i in used:
            v = row[i]
            if v != "" and v is not None and (type(v) is not str or not v.isspace()):
                break
        else:
            continue
        if len(kept) >= MAX_ROWS:
            raise CaseListError([Problem(source, number, None, (
                f"The table has more than {MAX_ROWS:,} rows below its header; split it "
                "or remove what is not a case."))])
        numbers.append(number)
        kept.append(row)
    return SheetRows(collector.headers, None, source, collector.header_row,
                     grid=(numbers, kept, at))

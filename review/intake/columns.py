"""Reading a case list column by column: each distinct value parsed once.

:class:`review.intake.table.RowReader` reads one row at a time; at 100,000
rows and 17 columns that is 1.7 million calls of Python.  Here each column's
distinct values are parsed once and the column is then looked up in C, and
columns of mostly distinct text (summaries, ids) are checked as a whole:
when no cell has a control character, a spreadsheet error or too many
characters, each cell's text is its stripped value, exactly what
:func:`review.intake.cells.cell_text` would return.  Anything else goes
through the column's own parser, so every value, problem and message is the
row reader's; the problems are added in row order, as it adds them.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import fields as dataclass_fields
from operator import is_
from typing import Any, Iterable, Mapping

from review.cases import Case
from review.intake.cells import SPREADSHEET_ERRORS, BadValue, Problem, SheetRows
from review.intake.table import Placed, RowReader, as_found

MISSING = object()                      # a blank cell, or one whose text is only spaces
_UNSEEN = object()
_EMPTY = BadValue("The cell is empty.", "empty_required")     # what a required blank holds
_SAFE_KEYS = {str, dt.date, dt.datetime, type(None)}     # equal only when the same value
# Every byte but the control characters that cell_text refuses or rewrites.
_NOT_CONTROL = bytes(i for i in range(256) if not (i < 9 or 11 <= i < 32 or i == 127))
_SAMPLE = 2_000     # of a text column's first cells: more than half distinct, check them as one


def read_columns(sheet: SheetRows, placed: Iterable[Placed], *,
                 values: Mapping[str, Mapping[str, str]] | None = None,
                 defaults: Mapping[str, Any] | None = None
                 ) -> tuple[dict[str, list], list[tuple[int, int, Problem]]]:
    """({field: one value per row of ``sheet``}, [(row position, column order, problem)]).

    A cell with a problem (a required one blank, too) holds a BadValue in the
    field's list, where the row reader leaves the field out of the row.  Sorted by position and
    order, the problems are in the row reader's order.

    The same values and problems as :class:`RowReader` row by row: a required
    field's blank cell is ``empty_required``, an optional one takes its
    default, a value that cannot be used is a problem of its kind.  Fields
    whose column is missing are left out.
    """
    values, defaults = values or {}, defaults or {}
    order = sorted(placed, key=lambda p: p.index)
    source = sheet.source
    numbers = sheet.numbers
    fields: dict[str, list] = {}
    found: list[tuple[int, int, Problem]] = []      # (row position, column order, problem)
    for k, p in enumerate(order):
        column = p.column
        raw = sheet.column(p.header)
        parse = RowReader._parser(column, values)
        text = getattr(parse, "text", None) if parse is column.parse else None
        out, odd = _parsed(raw, parse, text)
        required = column.required and column.name not in defaults
        default = defaults.get(column.name, column.default)
        empty = f"The {column.label} is empty; every row needs one."
        if odd:                         # a blank cell or a problem somewhere in the column
            for i, v in enumerate(out):
                if v is MISSING:
                    if required:
                        found.append((i, k, Problem(source, numbers[i], p.letter, empty,
                                                    p.header, kind="empty_required")))
                        out[i] = _EMPTY
                    else:
                        out[i] = default
                elif type(v) is BadValue:
                    found.append((i, k, Problem(source, numbers[i], p.letter, str(v), p.header,
                                                kind=v.kind, value=as_found(raw[i]))))
        fields[column.name] = out
    return fields, found


def _parsed(raw: list, parse, text: tuple[int, bool] | None) -> tuple[list, bool]:
    """Each cell parsed (its value, MISSING, or the BadValue it raised), and whether
    any cell is MISSING or a BadValue."""
    if text is not None and len(set(raw[:_SAMPLE])) > _SAMPLE // 2:
        # Mostly distinct texts (summaries, ids): checked as they are, without a set.
        out = _plain_column(raw, *text, getattr(parse, "pattern", None))
        if out is not None:
            return out
    distinct = set(raw)
    # A number or a boolean equal to another value is merged with it in the set, but
    # only with another number or boolean: the set's types show whether any is there.
    types = set(map(type, distinct))
    if not types <= _SAFE_KEYS:
        # Numbers and booleans: 1, 1.0 and True are equal keys but read differently.
        memo: dict = {}
        out = []
        for v in raw:
            if type(v) in _SAFE_KEYS:
                r = memo.get(v, _UNSEEN)
                if r is _UNSEEN:
                    r = memo[v] = _one(parse, v)
                out.append(r)
            else:
                out.append(_one(parse, v))
        return out, any(r is MISSING or type(r) is BadValue for r in out)
    memo = {v: _one(parse, v) for v in distinct}
    if all(map(is_, memo, memo.values())):     # every cell read as it is (texts, dates)
        return raw.copy(), False
    odd = not _VALUE_TYPES.isdisjoint(map(type, memo.values()))
    return list(map(memo.__getitem__, raw)), odd


_VALUE_TYPES = {BadValue, type(MISSING)}
_LINES: dict = {}


def _every_line(pattern, text: str) -> bool:
    """Whether every line of ``text`` (each ending in a new line) matches ``pattern``,
    a pattern that matches no new line (the ids' are character classes without one)."""
    lines = _LINES.get(pattern)
    if lines is None:
        lines = _LINES[pattern] = re.compile(f"(?:(?:{pattern.pattern})\n)*")
    return lines.fullmatch(text) is not None


def _one(parse, raw: object):
    if raw is None or raw == "":
        return MISSING
    try:
        value = parse(raw)
    except BadValue as exc:
        return exc
    return MISSING if value is None else value


def _plain_column(raw: list, limit: int, multiline: bool, pattern) -> tuple[list, bool] | None:
    """Each cell's text, when every cell is blank or plain text that cell_text keeps as
    it is, stripped (and, for ids, ASCII matching ``pattern``); else None, and the
    column is parsed value by value."""
    try:
        texts = list(map(str.strip, raw))
    except TypeError:                   # not all text
        return None
    if not SPREADSHEET_ERRORS.isdisjoint(texts) or max(map(len, texts), default=0) > limit:
        return None
    for i in range(0, len(texts), 256):     # in slices: one large string costs more
        joined = "".join(texts[i:i + 256])
        if (not multiline and "\n" in joined) or joined.encode(
                "utf-8", "surrogatepass").translate(None, _NOT_CONTROL):
            return None
    if pattern is not None:
        ids = "\n".join(filter(None, texts)) + "\n"
        # ASCII ids (no NFKC), each matching the pattern: one regular expression for all.
        if not (ids.isascii() and ".." not in ids and _every_line(pattern, ids)):
            return None
    if "" in texts:
        return [t or MISSING for t in texts], True
    return texts, False


def without_blank_rows(sheet: SheetRows, placed: Mapping[str, Placed]) -> SheetRows:
    """The sheet without its rows that are blank in every column placed (rarely any)."""
    headers = [p.header for p in placed.values()]
    if not headers:
        return sheet
    first = sheet.column(headers[0])
    maybe = [i for i, v in enumerate(first) if v is None or v == ""]
    if not maybe:
        return sheet
    others = [sheet.column(h) for h in headers[1:]]
    blank = {i for i in maybe if all(c[i] is None or c[i] == "" for c in others)}
    if not blank:
        return sheet
    return SheetRows(sheet.headers, [r for i, r in enumerate(sheet.rows) if i not in blank],
                     sheet.source, sheet.header_row)


def one_of(sheet: SheetRows, group: tuple[str, ...], placed: Mapping[str, Placed],
           fields: dict[str, list]) -> list[tuple[int, int, Problem]]:
    """A problem for each row that gives none of ``group``'s fields (of which one must
    be given) with the first one's cell blank, ordered after the row's cell problems."""
    given = [name for name in group if name in placed]
    if not given:
        return []
    p = placed.get(group[0]) or placed[given[0]]
    raw = sheet.column(p.header)
    columns = [fields[name] for name in group]
    rows = [i for i, v in enumerate(columns[0]) if v is None or type(v) is BadValue]
    for c in columns[1:]:
        rows = [i for i in rows if c[i] is None or type(c[i]) is BadValue]
    message = f"The {p.column.label} is empty; every row needs one."
    return [(i, len(placed), Problem(sheet.source, sheet.numbers[i], p.letter, message,
                                     p.header, kind="empty_required"))
            for i in rows if raw[i] is None or raw[i] == ""]


_CASE_FIELDS = [f.name for f in dataclass_fields(Case)]


def cases_of(fields: dict[str, list], good: list[int]) -> list[Case]:
    """Cases of the rows ``good`` (every field usable), as review.intake.parse._case makes
    them: ``Case(**fields)``, flagged when its dates are out of order."""
    n = len(next(iter(fields.values())))
    columns = [fields[name] if name in fields else [()] * n for name in _CASE_FIELDS]
    if len(good) != n:
        columns = [[c[i] for i in good] for c in columns]
    flag = _CASE_FIELDS.index("data_quality")
    c, a, r, o = (columns[_CASE_FIELDS.index(name)] for name in (
        "conduct_date", "attention_date", "reported_date", "outcome_date"))
    # Real records have dates out of order (a warning): the case says so, and is kept as found.
    columns[flag] = [("date_order",) if (c_ and r_ and r_ < c_) or (r_ and o_ and o_ < r_)
                     or (c_ and a_ and a_ < c_) else () for c_, a_, r_, o_ in zip(c, a, r, o)]
    return list(map(Case, *columns))


def row_of(fields: dict[str, list], i: int) -> dict[str, Any]:
    """One row's fields, as the row reader gave them: a cell with a problem left out."""
    return {name: col[i] for name, col in fields.items() if type(col[i]) is not BadValue}


def casefolded(ids: list) -> tuple[list, list]:
    """(each row's case id, None where it has none; the same, casefolded)."""
    if set(map(type, ids)) != {str}:
        ids = [c if type(c) is str else None for c in ids]
    if None not in ids:
        joined = "\n".join(ids)
        if joined.isascii() and joined.count("\n") == len(ids) - 1:
            return ids, joined.lower().split("\n")     # casefold is lower for ASCII
    return ids, [c.casefold() if c is not None else None for c in ids]

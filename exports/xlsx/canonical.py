"""Canonical cell values: the form in which a workbook's cells are signed.

The signature must survive a load-and-save by openpyxl (or by Excel) and
still catch any edited value, so it covers values *as a reader sees them*,
never raw XML: a typed pair per cell, with None for an empty cell and ""
treated as empty, integral floats as integers, datetimes to the millisecond
and text after OOXML unescaping.  A formula is its own type, so a cell
replaced by a formula never matches the text that was signed, even if its
cached value would; the one exception is a constant truth value,
``=TRUE()`` or ``=FALSE()``, which is how LibreOffice saves every true/false
cell and which no reader can tell from the value it stands for.

Per-cell tags (32 bits of SHA-256) only locate an edit; integrity comes
from the full SHA-256 digest of each sheet, and both are signed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from json.encoder import encode_basestring as _quote  # json.dumps' own, for ensure_ascii=False
from typing import Any, Sequence

# Characters XML 1.0 cannot carry; OOXML writes them as _xHHHH_ (Excel reads it back).
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_ESCAPE = re.compile(r"_x[0-9A-Fa-f]{4}_")
_UNESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")

# LibreOffice writes a true/false cell as the formula TRUE() or FALSE() with its value.
_CONSTANT_TRUTH = {"=TRUE()": True, "=FALSE()": False, "=TRUE": True, "=FALSE": False}

TAG_HEX = 8  # hex digits of SHA-256 per cell: enough to point at the edited cell

Canonical = list | None  # ["s", text] / ["n", "12"] / ["b", true] / ["d", iso] / ["f", formula] …


def escape_text(text: str) -> str:
    """Text as stored in a cell: literal ``_xHHHH_`` protected, illegal characters escaped."""
    if "_x" in text:  # (a quick test first: this runs for every cell of an export)
        text = _ESCAPE.sub(lambda m: "_x005F" + m.group(0), text)
    return _ILLEGAL.sub(lambda m: f"_x{ord(m.group(0)):04X}_", text)


def unescape_text(text: str) -> str:
    """The inverse of :func:`escape_text` (and of Excel's own escaping)."""
    if "_x" not in text:
        return text
    return _UNESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)


def _datetime_ms(value: dt.datetime) -> str:
    # openpyxl stores datetimes as day fractions, so a value may come back a
    # microsecond off; rounding to the millisecond makes it exact again.
    if value.tzinfo is not None:
        value = value.astimezone(dt.timezone.utc).replace(tzinfo=None)
    value = value + dt.timedelta(microseconds=500)
    return value.replace(microsecond=value.microsecond // 1000 * 1000).isoformat(
        timespec="milliseconds")


def canonical_value(value: Any, data_type: str | None = None) -> Canonical:
    """The signed form of a cell's value as openpyxl returns it (see module doc)."""
    if value is None:
        return None
    if data_type == "f" or type(value).__name__ in ("ArrayFormula", "DataTableFormula"):
        formula = str(getattr(value, "text", value))
        constant = _CONSTANT_TRUTH.get(formula.replace(" ", "").upper())
        return ["b", constant] if constant is not None else ["f", formula]
    if isinstance(value, bool):
        return ["b", value]
    if isinstance(value, int):
        return ["n", str(value)]
    if isinstance(value, float):
        return ["n", str(int(value)) if value.is_integer() else repr(value)]
    if isinstance(value, dt.datetime):
        return ["d", _datetime_ms(value)]
    if isinstance(value, dt.date):
        return ["d", value.isoformat()]
    if isinstance(value, dt.time):
        return ["t", value.isoformat()]
    if isinstance(value, dt.timedelta):
        return ["t", repr(value.total_seconds())]
    if isinstance(value, str):
        if data_type == "e":
            return ["e", value]
        text = unescape_text(value)
        return None if text == "" else ["s", text]
    return ["?", repr(value)]


def _json(obj: Any) -> bytes:
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def cell_tag(sheet: str, column: int, value: Canonical) -> str:
    """A short digest of one cell's value and column (not its row, so a deleted row is found)."""
    return hashlib.sha256(_json([sheet, column, value])).hexdigest()[:TAG_HEX]


def _value_json(value: Canonical) -> str:
    """``_json(value)`` as text, spelled out for the common cell values (json.dumps per
    cell was most of the cost of sealing a sheet); anything else goes through json."""
    if value is None:
        return "null"
    if len(value) == 2 and type(value[0]) is str:
        kind, v = value
        if type(v) is str:
            return f"[{_quote(kind)},{_quote(v)}]"
        if type(v) is bool:
            return f"[{_quote(kind)},{'true' if v else 'false'}]"
    return _json(value).decode()


def row_tags(sheet: str, row: Sequence[Canonical]) -> str:
    """The tags of a row's cells in column order: :func:`cell_tag` of each, concatenated."""
    head = f"[{_quote(sheet)},"
    sha = hashlib.sha256
    return "".join(sha(f"{head}{col},{_value_json(v)}]".encode()).hexdigest()[:TAG_HEX]
                   for col, v in enumerate(row, start=1))


def split_tags(tags: str) -> list[str]:
    return [tags[i:i + TAG_HEX] for i in range(0, len(tags), TAG_HEX)]


def grid_digest(sheet: str, grid: Sequence[Sequence[Canonical]]) -> str:
    """SHA-256 over a whole sheet's canonical values, row by row."""
    return hashlib.sha256(_json([sheet, [list(r) for r in grid]])).hexdigest()


def canonical_json(obj: Any) -> bytes:
    """The bytes that get signed: sorted keys, no spaces, UTF-8."""
    return _json(obj)

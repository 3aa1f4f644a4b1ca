"""The hidden Signature sheet: what is signed and how it is laid out.

The signed message covers a *core* (member, certificate fingerprint,
bundle, export time, history head, counts, and for every signed sheet its
size and the SHA-256 of its canonical values) and, for every row of every
signed sheet, its key (case id or entry number) and one short tag per cell.
The verifier recomputes all of it from the visible cells; the digests make
any edit fail, the tags say which cell it was.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from typing import Callable

from review.identity import SIGNATURE_ALGORITHM

from exports.xlsx.canonical import Canonical, canonical_json, grid_digest, row_tags, split_tags, \
    unescape_text
from exports.errors import SignedFileInvalid
from exports.xlsx.cells import ColumnStyles, cell_ref, put_text

SHEET = "Signature"
FORMAT = "panel-review/signed-workbook"
FORMAT_VERSION = 1
_TABLE_ROW = 8  # first row of the per-row tag table
_NOTE = ("This hidden sheet holds the {signer}'s signature over the other sheets. Editing any "
         "signed cell makes the workbook INVALID. Check it with: panel-review verify FILE")


@dataclass(frozen=True)
class SheetSeal:
    name: str
    cols: int
    digest: str
    rows: tuple[tuple[str, str], ...]   # (key, tags) per row, header row included

    def core(self) -> dict:
        return {"name": self.name, "rows": len(self.rows), "cols": self.cols, "digest": self.digest}


def seal_sheet(name: str, grid: list[list[Canonical]], key_col: int | None) -> SheetSeal:
    """The signed description of one sheet's canonical grid."""
    cols = max((len(r) for r in grid), default=0)
    grid = [r + [None] * (cols - len(r)) for r in grid]
    rows = tuple((_key(r, key_col), row_tags(name, r)) for r in grid)
    return SheetSeal(name, cols, grid_digest(name, grid), rows)


def _key(row: list[Canonical], key_col: int | None) -> str:
    if key_col is None or key_col >= len(row) or row[key_col] is None:
        return ""
    return str(row[key_col][1])


def signed_message(core: dict, seals: list[SheetSeal]) -> bytes:
    return canonical_json({"core": core, "rows": {s.name: [list(r) for r in s.rows] for s in seals}})


def write_signature_sheet(wb, core: dict, seals: list[SheetSeal], cert_pem: bytes,
                          signature: bytes, signer: str = "member") -> None:
    """``signer`` says whose signature it is in the sheet's note: the member's, or the
    coordinator's on the consolidated workbook."""
    ws = wb.create_sheet(SHEET)
    ws.sheet_state = "hidden"
    put_text(ws, 1, 1, "Panel Review signature")
    put_text(ws, 1, 2, _NOTE.format(signer=signer))
    for row, (label, value) in enumerate([
            ("manifest", canonical_json(core).decode()), ("certificate", cert_pem.decode("ascii")),
            ("signature", base64.b64encode(signature).decode("ascii")),
            ("algorithm", SIGNATURE_ALGORITHM)], start=2):
        put_text(ws, row, 1, label)
        put_text(ws, row, 2, value)
    for col, head in enumerate(("sheet", "row", "key", "cell tags"), start=1):
        put_text(ws, _TABLE_ROW - 1, col, head)
    from openpyxl.styles import Alignment
    plain = ColumnStyles(ws, [Alignment()] * 4, [None] * 4)  # as put_text styles them
    for seal in seals:  # from _TABLE_ROW on, just below the header
        for n, (key, tags) in enumerate(seal.rows, start=1):
            plain.append_row(ws, [seal.name, n, key, tags])
    ws.column_dimensions["B"].width = 60


@dataclass(frozen=True)
class ParsedSignature:
    core: dict
    seals: dict[str, SheetSeal]
    cert_pem: bytes
    signature: bytes
    message: bytes


def _text(ws, row: int, col: int) -> str:
    value = ws.cell(row=row, column=col).value
    return "" if value is None else unescape_text(str(value))


def _table_rows(ws):
    """The values of columns A-D of each row of the tag table that has any cell.

    Only rows that hold cells are visited, so a cell planted at row 1,048,576
    costs one row, not a million.
    """
    cells = getattr(ws, "_cells", None)
    if cells is None:
        yield from ws.iter_rows(min_row=_TABLE_ROW, max_col=4, values_only=True)
        return
    for r in sorted({r for r, c in cells if r >= _TABLE_ROW and c <= 4}):
        yield tuple(cells[(r, c)].value if (r, c) in cells else None for c in range(1, 5))


def read_signature_sheet(wb) -> ParsedSignature:
    """Parse the Signature sheet; SignedFileInvalid if it is missing or malformed."""
    if SHEET not in wb.sheetnames:
        raise SignedFileInvalid("It carries no Panel Review signature: the hidden Signature "
                                "sheet is missing. It was not exported by Panel Review or the "
                                "sheet was deleted.")
    ws = wb[SHEET]
    damaged = SignedFileInvalid("The hidden Signature sheet is damaged, so the workbook cannot "
                                "be verified.")
    try:
        core = json.loads(_text(ws, 2, 2))
        cert_pem = _text(ws, 3, 2).encode("ascii")
        signature = base64.b64decode(_text(ws, 4, 2), validate=True)
        if not isinstance(core, dict) or not isinstance(core.get("sheets"), list):
            raise damaged
        rows: dict[str, list[tuple[str, str]]] = {s["name"]: [] for s in core["sheets"]}
        for r in _table_rows(ws):
            if all(v is None for v in r):
                continue
            name = unescape_text(str(r[0]))
            rows[name].append((unescape_text(str(r[2] or "")), unescape_text(str(r[3] or ""))))
        seals = {s["name"]: SheetSeal(s["name"], int(s["cols"]), str(s["digest"]),
                                      tuple(rows[s["name"]])) for s in core["sheets"]}
    except SignedFileInvalid:
        raise
    except (ValueError, KeyError, TypeError, UnicodeError):
        raise damaged from None
    if any(len(seals[s["name"]].rows) != s["rows"] for s in core["sheets"]):
        raise damaged
    algorithm = _text(ws, 5, 2)
    if algorithm != SIGNATURE_ALGORITHM:
        raise SignedFileInvalid(f"The workbook names the signature algorithm {algorithm[:40]!r}, "
                                "which this program does not use: the hidden Signature sheet "
                                "was edited.")
    message = signed_message(core, [seals[s["name"]] for s in core["sheets"]])
    return ParsedSignature(core, seals, cert_pem, signature, message)


RowName = Callable[[SheetSeal, int], str]
Describe = Callable[[SheetSeal, int, int, list[list[Canonical]]], str]


def check_sheet(seal: SheetSeal, grid: list[list[Canonical]], row_name: RowName,
                describe: Describe) -> None:
    """Raise SignedFileInvalid, naming the first changed cell or row, unless the visible
    ``grid`` is what ``seal`` signed.  ``row_name`` and ``describe`` word a row and a
    cell of this kind of workbook ("the row of case PR-0001", "Rationale, PR-0001")."""
    cols = seal.cols
    area = [(r[:cols] + [None] * (cols - len(r[:cols]))) for r in grid]
    if len(area) == len(seal.rows) and grid_digest(seal.name, area) == seal.digest \
            and all(len(r) <= cols for r in grid):
        return
    reason, cell = _locate(seal, grid, row_name, describe)
    raise SignedFileInvalid(reason, cell=cell)


def _locate(seal: SheetSeal, grid: list[list[Canonical]], row_name: RowName,
            describe: Describe) -> tuple[str, str | None]:
    """The first difference between the signed sheet and the visible one: (sentence, cell)."""
    name, cols = seal.name, seal.cols
    signed = [tags for _, tags in seal.rows]
    actual = [row_tags(name, (r[:cols] + [None] * cols)[:cols]) for r in grid]
    for i in range(max(len(signed), len(actual))):
        if i < len(signed) and i < len(actual) and signed[i] == actual[i]:
            continue
        ref = f"{name}!{cell_ref(i + 1, 1)}"
        if i >= len(actual):
            return (f"{ref}: {row_name(seal, i)} (row {i + 1} when signed) is missing: rows "
                    "were deleted from the end of the sheet.", ref)
        if i >= len(signed):
            return f"{ref}: row {i + 1} was added after signing.", ref
        if i + 1 < len(signed) and signed[i + 1] == actual[i]:
            return (f"{ref}: {row_name(seal, i)} (row {i + 1} when signed) was deleted.", ref)
        if i + 1 < len(actual) and signed[i] == actual[i + 1]:
            return f"{ref}: a row was inserted above {row_name(seal, i)} after signing.", ref
        for j, (a, b) in enumerate(zip(split_tags(signed[i]), split_tags(actual[i]))):
            if a != b:
                ref = f"{name}!{cell_ref(i + 1, j + 1)}"
                now = grid[i][j] if j < len(grid[i]) else None
                if now is not None and now[0] == "f":  # judged by rule, not by its result
                    return (f"{ref} ({describe(seal, i, j, grid)}) holds a formula "
                            f"({str(now[1])[:40]!r}) where a value was signed: a signed cell "
                            "may hold no formula but TRUE() or FALSE().", ref)
                return (f"{ref} ({describe(seal, i, j, grid)}) was changed after signing.",
                        ref)
        break
    for i, r in enumerate(grid):
        for j in range(cols, len(r)):
            if r[j] is not None:
                ref = f"{name}!{cell_ref(i + 1, j + 1)}"
                return f"{ref} was filled in after signing, outside the signed cells.", ref
    return f"The sheet '{name}' was changed after signing.", None

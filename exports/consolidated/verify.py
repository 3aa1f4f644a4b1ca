"""Verifying the coordinator's consolidated workbook.

The same per-cell seal as a member's export (:mod:`exports.xlsx.signature`),
under the format name ``panel-review/consolidated-workbook``: the signature
over the manifest, the certificate it names, then every signed sheet's
digest, recomputed from the visible cells.  On a difference the per-row
tags name the first edited cell with its column heading and case.

:func:`read_if_consolidated` is what ``panel-review verify`` calls for a
workbook (through :func:`exports.verify.consolidated_report`): it returns None
when the workbook is not a consolidated one (the member-export verifier then
handles it), the verified workbook, or raises
SignedFileInvalid with the reason and the cell.
"""

from __future__ import annotations

import hashlib
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from review.panel.agreement import decision_fields
from review.identity import common_name

from exports.consolidated.layout import (FORMAT, FORMAT_VERSION, INSIGHT_DELAY, INSIGHT_GROUPS,
                                          INSIGHT_REPEAT, INSIGHTS, PAIRWISE_HEADERS,
                                          SHEET_COLUMNS,
                                          SIGNED_SHEETS)
from exports.xlsx.canonical import Canonical
from exports.errors import SignedFileInvalid
from exports.xlsx.cells import read_grid
from exports.xlsx.package import check_package
from exports.xlsx.presentation import check_presentation
from exports.xlsx.signature import SHEET, SheetSeal, check_sheet, read_signature_sheet



# The sheets that are one table each (Agreement holds a second table below its first).
TABLES = ("Final decisions", "Reviews", "Disagreements", "Files", INSIGHT_GROUPS, INSIGHT_DELAY,
          INSIGHT_REPEAT)


@dataclass(frozen=True)
class VerifiedConsolidated:
    path: Path
    file_digest: str
    signer_name: str
    fingerprint: str
    coordinator_name: str
    bundle_id: str
    bundle_title: str
    bundle_digest: str
    demo: bool
    generated_at: str
    signed_at: str
    history_head: str
    case_count: int
    final_count: int


def _format_of(wb) -> str | None:
    """The signature record's format name, or None when there is no readable record."""
    try:
        return read_signature_sheet(wb).core.get("format")
    except SignedFileInvalid:
        return None


def read_consolidated_workbook(path: Path, *, content: bytes | None = None,
                               wb=None) -> VerifiedConsolidated:
    """Verify completely; SignedFileInvalid names the reason or the first edited cell.

    ``content`` and ``wb`` (the file's bytes and the workbook loaded from them) spare a
    second read when the caller has them already.
    """
    from exports.xlsx.verify import _load, verify_signature_record
    path = Path(path)
    if content is None:
        if not path.is_file():
            raise SignedFileInvalid(f"There is no file at {path}.")
        content = path.read_bytes()  # read once: what is verified is what is digested
        wb = None
    wb = wb if wb is not None else _load(content)
    sig = read_signature_sheet(wb)
    core = sig.core
    cert, fingerprint = verify_signature_record(
        sig, FORMAT, FORMAT_VERSION,
        "It is not a consolidated Panel Review workbook of a version this program knows.")
    signed = [s["name"] for s in core["sheets"]]
    if set(signed) != set(SIGNED_SHEETS):
        raise SignedFileInvalid("The workbook's signature record does not cover the sheets of a "
                                "consolidated result.")
    for name in wb.sheetnames:
        if name not in signed and name != SHEET:
            raise SignedFileInvalid(f"The sheet '{name}' was added after signing.")
    for name in signed:
        if name not in wb.sheetnames:
            raise SignedFileInvalid(f"The sheet '{name}' was deleted or renamed after signing.")
        headers = [c.header for c in SHEET_COLUMNS.get(name, ())]
        check_sheet(sig.seals[name], read_grid(wb[name]), _row_name,
                    lambda seal, i, j, grid, h=headers: _describe(seal, i, j, grid, h))
    check_presentation(wb, signed, SHEET, {
        name: [c.number_format for c in SHEET_COLUMNS[name]] for name in TABLES})
    check_package(content)  # the consolidated workbook has no charts
    return VerifiedConsolidated(
        path=path, file_digest=hashlib.sha256(content).hexdigest(),
        signer_name=common_name(cert), fingerprint=fingerprint,
        coordinator_name=str(core.get("coordinator_name", "")),
        bundle_id=str(core.get("bundle_id", "")), bundle_title=str(core.get("bundle_title", "")),
        bundle_digest=str(core.get("bundle_digest", "")), demo=bool(core.get("demo")),
        generated_at=str(core.get("generated_at", "")), signed_at=str(core.get("signed_at", "")),
        history_head=str(core.get("history_head", "")),
        case_count=int(core.get("case_count", 0)), final_count=int(core.get("final_count", 0)))


def _row_name(seal: SheetSeal, i: int) -> str:
    key = seal.rows[i][0] if i < len(seal.rows) else ""
    if i == 0 and seal.name not in ("About", INSIGHTS):
        return "the heading row"
    return f"the row of {key}" if key else "a row"


def _describe(seal: SheetSeal, i: int, j: int, grid: list[list[Canonical]],
              headers: list[str]) -> str:
    if i == 0 and headers:
        return "a column heading; columns were inserted, deleted or renamed"
    pairwise = seal.name == "Agreement" and i > len(decision_fields()) + 2
    if seal.name == "Agreement" and i > len(decision_fields()):
        headers = list(PAIRWISE_HEADERS) if pairwise else []
    column = headers[j] if j < len(headers) else None
    if column is None:  # About, and the title above the pairwise table: label in column A
        label = grid[i][0] if i < len(grid) and grid[i] and j > 0 else None
        return f"the value for '{label[1]}'" if label else "a signed cell"
    key = seal.rows[i][0] if i < len(seal.rows) else ""
    if pairwise and j > 1 and i < len(grid) and len(grid[i]) > 1 and grid[i][1]:
        key = f"{key}, {grid[i][1][1]}"  # the field and the reviewer pair name the row
    return f"{column}, {key}" if key else column


_SHEET_NAME = re.compile(rb'<(?:\w+:)?sheet\b[^>]*?\bname="([^"]*)"')


def looks_consolidated(path: Path) -> bool:
    """A cheap look at the sheet names (no workbook is loaded): a consolidated result has
    'Final decisions' and no member's 'Decisions' sheet.  It only routes the file to a
    verifier; the verifier decides.  Misrouting a tampered file can only make it INVALID."""
    try:
        with zipfile.ZipFile(path) as z:
            info = z.getinfo("xl/workbook.xml")
            if info.file_size > 1 << 20:
                return False
            names = set(_SHEET_NAME.findall(z.read(info)))
    except (OSError, KeyError, zipfile.BadZipFile, RuntimeError, ValueError):
        return False
    return b"Final decisions" in names and b"Decisions" not in names


def read_if_consolidated(path: Path) -> VerifiedConsolidated | None:
    """The verified consolidated workbook at ``path``, or None when it is another kind of file."""
    from exports.xlsx.verify import _load
    path = Path(path)
    if not looks_consolidated(path):
        return None
    content = path.read_bytes()
    wb = _load(content)
    if _format_of(wb) != FORMAT:
        return None
    return read_consolidated_workbook(path, content=content, wb=wb)

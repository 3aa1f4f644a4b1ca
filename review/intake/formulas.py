"""Formula cells in a case list's worksheet: each one refused and named.

A workbook stores beside every formula the value that the program which last
calculated it wrote, and that is all a reader such as calamine sees.  Any
program can write any value there: a crafted file carried
"PSD/1999/CACHED-BY-ATTACKER" where Excel shows "PSD/2019/34402".  So a case
list may hold values only, and the coordinator is told to paste values.

Most lists have no formula at all, so the worksheet's XML is first searched
as bytes; only when an ``<f>`` element may be there is it parsed (streaming,
with defusedxml) to name each cell.
"""

from __future__ import annotations

import posixpath
import re
import threading
import zipfile
from pathlib import Path
from typing import Callable

from review.intake.cells import CaseListError, Problem, column_letter

_MAYBE_FORMULA = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?f[\s>/]")
_CELL_REF = re.compile(r"([A-Z]{1,3})([0-9]+)")
_OFFICE_DOCUMENT = ("http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
                    "officeDocument")
_R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
MESSAGE = ("This cell holds a formula, and what it shows depends on the program that last "
           "calculated it. Copy the sheet and paste it as values (Paste Special, Values only), "
           "then read the file again.")


def refuse_formulas(path: Path, sheet_name: str, source: str) -> None:
    """Raise CaseListError naming every formula cell of the worksheet ``sheet_name``."""
    with zipfile.ZipFile(path) as zf:
        part = _sheet_part(zf, sheet_name)
        if part is None or part not in zf.namelist():
            return
        with zf.open(part) as f:
            # Searched for the bytes first: a regular expression is slower than the search.
            if not any((b"<f" in chunk or b":f" in chunk) and _MAYBE_FORMULA.search(chunk)
                       for chunk in _overlapping_chunks(f)):
                return
        with zf.open(part) as f:
            cells = _formula_cells(f)
    if cells:
        raise CaseListError([Problem(source, row, col, MESSAGE, kind="formula")
                             for row, col in cells], total=len(cells))


def refuse_formulas_beside(path: Path, sheet_name: str, source: str) -> Callable[..., None]:
    """:func:`refuse_formulas` on a thread of its own; returns the function that waits
    for it and raises what it raised (unless ``quiet``).

    Calamine parses the worksheet without holding Python's lock, so the search
    for formulas (a second pass over the same XML) runs beside it instead of after.
    """
    raised: list[BaseException] = []

    def run() -> None:
        try:
            refuse_formulas(path, sheet_name, source)
        except BaseException as exc:        # handed to the caller by wait()
            raised.append(exc)

    thread = threading.Thread(target=run, name="formula-check", daemon=True)
    thread.start()

    def wait(quiet: bool = False) -> None:
        thread.join()
        if raised and not quiet:
            raise raised[0]
    return wait


def _overlapping_chunks(f, size: int = 1 << 20):
    tail = b""
    while chunk := f.read(size):
        yield tail + chunk
        tail = chunk[-16:]


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _sheet_part(zf: zipfile.ZipFile, sheet_name: str) -> str | None:
    """The zip path of the worksheet called ``sheet_name``, through the workbook's links."""
    from defusedxml import ElementTree
    workbook = "xl/workbook.xml"
    if "_rels/.rels" in zf.namelist():
        for rel in ElementTree.fromstring(zf.read("_rels/.rels")):
            if rel.get("Type") == _OFFICE_DOCUMENT:
                workbook = rel.get("Target", workbook).lstrip("/")
    rels_path = posixpath.join(posixpath.dirname(workbook), "_rels",
                               posixpath.basename(workbook) + ".rels")
    if workbook not in zf.namelist() or rels_path not in zf.namelist():
        return None
    rid = next((s.get(_R_ID) for s in ElementTree.fromstring(zf.read(workbook)).iter()
                if _local(s.tag) == "sheet" and s.get("name") == sheet_name), None)
    for rel in ElementTree.fromstring(zf.read(rels_path)):
        if rel.get("Id") == rid:
            target = rel.get("Target", "")
            if target.startswith("/"):
                return target.lstrip("/")
            return posixpath.normpath(posixpath.join(posixpath.dirname(workbook), target))
    return None


def _formula_cells(f) -> list[tuple[int, str]]:
    """(row, column letter) of every cell with an ``<f>`` child, in sheet order."""
    from defusedxml.ElementTree import iterparse
    found: list[tuple[int, str]] = []
    row = col = 0
    has_formula = False
    for event, el in iterparse(f, events=("start", "end")):
        name = _local(el.tag)
        if event == "start":
            if name == "row":
                row = int(el.get("r") or row + 1)
                col = 0
            elif name == "c":
                ref = _CELL_REF.fullmatch(el.get("r") or "")
                col = _column_number(ref.group(1)) if ref else col + 1
                if ref:
                    row = int(ref.group(2))
                has_formula = False
            elif name == "f":
                has_formula = True
        elif name == "c":
            if has_formula:
                found.append((row, column_letter(col)))
            el.clear()
        elif name == "row":
            el.clear()
    return found


def _column_number(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n

"""Case lists and rosters from files (XLSX or CSV), and ``bundle create`` from files.

:func:`read_table` reads a spreadsheet into the neutral :class:`SheetRows`;
:func:`create_bundles_from_files` hands the case list, roster and mapping to
``review.bundle.create``.  A file that cannot be read at all is a
:class:`CaseListError` naming it; its content is judged in ``review``.

The table
    The sheet named "Cases" (or "Roster", for a roster) when there is one,
    else the first visible worksheet.  The header row is the first row that
    is not blank; blank rows are skipped; row numbers are the spreadsheet's.
    A cell that holds a formula is a problem naming it: what it shows
    depends on the program that last calculated it, so the coordinator is
    asked to paste values instead.
    Sheets often carry thousands of formatted empty rows below the data;
    they are skipped, however many there are, and a row below a long gap is
    still read: no case is left out silently.

XLSX
    Read by python-calamine (Rust; several times faster than openpyxl, which
    stays for writing): dates as dates (datetimes when they carry a time),
    numbers as floats, ``_xHHHH_`` escapes undone.  A formula gives the value
    last calculated and stored in the file; one never calculated, and an
    error cell (``#N/A``), read as blank.  First, zipfile's directory is
    checked (at most 10,000 parts, stored or deflated, 1 GiB unpacked in all,
    no part over 16 MiB packed more than 200 to 1), then the first 64 KiB of
    every part: XML whose prolog holds a DTD (or does not end there, or is
    UTF-16 without its byte-order mark) is refused, so neither entity
    expansion ("billion laughs") nor external entities (XXE) reach a parser;
    calamine itself expands no entities.

CSV
    UTF-8, with or without a byte-order mark ("CSV UTF-8" in Excel); commas,
    or semicolons or tabs when the header line has more of those.  Other
    encodings are refused with a sentence that says how to save the file.
"""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path
from typing import Any, Callable

from review.identity import Identity
from review.intake.cells import CaseListError, Problem, SheetRows
from review.intake.formulas import refuse_formulas_beside
from review.intake.rows import _collect, _Collector

MAX_FILE_BYTES = 512 << 20
MAX_PARTS = 10_000
MAX_XML_BYTES = 1 << 30          # one workbook unpacked, all parts together
MAX_RATIO, MAX_RATIO_FROM = 200, 16 << 20   # unpacked / packed, for parts over 16 MiB
PROLOG_BYTES = 64 << 10          # of each part, where a DTD would be
MAX_CSV_FIELD = 16 << 20
MAX_MAPPING_BYTES = 1 << 20

_OLE_MAGIC = b"\xd0\xcf\x11\xe0"
_CSV_SUFFIXES = {".csv", ".tsv", ".txt"}
_XLSX_SUFFIXES = {".xlsx", ".xlsm"}


# -- tables ------------------------------------------------------------------
def read_table(path: Path, *, what: str = "case list", sheet: str | None = None,
               strict: bool = False) -> SheetRows:
    """Read an XLSX or CSV file into SheetRows; raises CaseListError when it cannot be read.

    ``sheet`` names the worksheet to prefer (default: "Cases" for a case
    list, "Roster" for a roster).
    """
    path = Path(path)
    source = path.name

    def fail(message: str) -> CaseListError:
        return CaseListError([Problem(source, None, None, message, kind="unreadable_file")])

    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise fail(f"The {what} {path} does not exist.") from None
    except OSError as exc:
        raise fail(f"The {what} {path} cannot be read ({exc.strerror}).") from None
    if path.is_dir():
        raise fail(f"{path} is a folder; give the {what} file itself.")
    if size > MAX_FILE_BYTES:
        raise fail(f"The file is {size >> 20:,} MiB; a {what} may have up to "
                   f"{MAX_FILE_BYTES >> 20} MiB.")
    suffix = path.suffix.casefold()
    try:
        with open(path, "rb") as f:
            head = f.read(8)
    except OSError as exc:
        raise fail(f"The {what} cannot be read ({exc.strerror}).") from None
    if suffix == ".xls" or head.startswith(_OLE_MAGIC):
        raise fail("It is an old-style .xls workbook, or an Excel workbook protected by a "
                   "password; remove any password and save it as .xlsx, or as CSV UTF-8.")
    if suffix in _XLSX_SUFFIXES or (suffix not in _CSV_SUFFIXES and head.startswith(b"PK")):
        return _read_xlsx(path, source, sheet or ("Roster" if what == "roster" else "Cases"),
                          strict=strict)
    if suffix in _CSV_SUFFIXES:
        return _read_csv(path, source)
    raise fail(f"It is neither an Excel workbook (.xlsx) nor a CSV file (.csv); save the "
               f"{what} as one of those.")


# -- CSV ---------------------------------------------------------------------
def _read_csv(path: Path, source: str) -> SheetRows:
    import csv
    # Enormous cells are judged (with their row and column) by the importer, not
    # refused unplaced by the csv module's default 128 KiB limit.
    csv.field_size_limit(max(csv.field_size_limit(), MAX_CSV_FIELD))

    def fail(message: str, row: int | None = None) -> CaseListError:
        return CaseListError([Problem(source, row, None, message, kind="unreadable_file")])

    encoding_help = ("It is not UTF-8 text{where}. In Excel use Save As > 'CSV UTF-8 (Comma "
                     "delimited)', or save it as .xlsx.")
    with open(path, "rb") as f:
        head = f.read(64 << 10)
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise fail(encoding_help.format(where=" (it is UTF-16)"))
    first_line = head.split(b"\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=lambda d: (first_line.count(d.encode()), d == ","))
    collector = _Collector(source)
    number = 0
    try:
        with open(path, encoding="utf-8-sig", newline="") as f:
            reader = csv.reader(f, delimiter=delimiter)
            for number, record in enumerate(reader, 1):
                collector.add_list(number, record)
    except UnicodeDecodeError:
        raise fail(encoding_help.format(where=_first_bad_line(path))) from None
    except csv.Error as exc:
        raise fail(f"It is not a well-formed CSV file at row {number + 1} ({exc}).",
                   number + 1) from None
    return collector.result()


def _first_bad_line(path: Path) -> str:
    data = path.read_bytes()
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        return f" (see line {line})"
    return ""


# -- XLSX --------------------------------------------------------------------
_DTD_REFUSED = ("It contains an XML document type declaration, which no spreadsheet needs and "
                "which can be used to attack the computer that reads it, so it was refused "
                "unread. Open it in Excel and save it again, or save it as CSV.")
_DAMAGED = ("It is not an Excel workbook (.xlsx), or it is damaged; open it in Excel and save "
            "it again as .xlsx, or as CSV UTF-8.")
# XML in UTF-16 or UTF-32 must start with its byte-order mark (XML 1.0, 4.3.3).
_XML_BOMS = ((b"\x00\x00\xfe\xff", "utf-32-be"), (b"\xff\xfe\x00\x00", "utf-32-le"),
             (b"\xfe\xff", "utf-16-be"), (b"\xff\xfe", "utf-16-le"))
_PROLOG = re.compile(r"\s*(?:<\?.*?\?>\s*|<!--.*?-->\s*)*", re.S)


def _read_xlsx(path: Path, source: str, prefer: str, *, strict: bool = False) -> SheetRows:
    """The worksheet ``prefer`` (else the first visible one; with ``strict``, only it)."""
    def fail(message: str) -> CaseListError:
        return CaseListError([Problem(source, None, None, message, kind="unreadable_file")])

    try:
        with open(path, "rb") as f:
            with zipfile.ZipFile(f) as zf:
                _check_package(zf, fail)
        from python_calamine import CalamineWorkbook
        wb = CalamineWorkbook.from_path(str(path))
        try:
            sheets = wb.sheets_metadata
            if not sheets:
                raise fail("It has no worksheet.")
            chosen = next((m for m in sheets if m.name.casefold() == prefer.casefold()), None)
            if chosen is None and strict:
                return SheetRows([], [], source)
            if chosen is None:
                chosen = next((m for m in sheets if str(m.visible).endswith("Visible")
                               and str(m.typ).endswith("WorkSheet")), sheets[0])
            # Calamine reads a formula's stored result, which any program may have written:
            # each formula is refused, looked for while calamine reads the sheet.
            formulas = refuse_formulas_beside(path, chosen.name, source)
            try:
                values = wb.get_sheet_by_name(chosen.name).to_python(skip_empty_area=False)
            except BaseException:
                formulas(quiet=True)    # calamine's own error is the one to tell
                raise
            formulas()
        finally:
            wb.close()
    except CaseListError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError, TypeError,
            IndexError, KeyError, RuntimeError) as exc:
        if isinstance(exc, OSError) and exc.strerror:
            raise fail(f"It cannot be read ({exc.strerror}).") from None
        raise fail(_DAMAGED) from None
    except Exception as exc:           # python_calamine's own errors (XmlError, ...)
        if not type(exc).__module__.startswith("python_calamine"):
            raise
        if type(exc).__name__ == "XmlError":
            if "entity" in str(exc):    # only a DTD declares entities: refused, never expanded
                raise fail(_DTD_REFUSED) from None
            raise fail(f"It is damaged: part of it is not well-formed XML ({exc}).") from None
        raise fail(_DAMAGED) from None
    return _collect(values, source)


def _check_package(zf: zipfile.ZipFile, fail: Callable[[str], CaseListError]) -> None:
    """The caps, from the zip directory (declared sizes hold), and the DTD check."""
    infos = zf.infolist()
    if len(infos) > MAX_PARTS:
        raise fail(f"It has more than {MAX_PARTS:,} parts; it is not a workbook to read.")
    if sum(info.file_size for info in infos) > MAX_XML_BYTES:
        raise fail(f"It is too large to read: it unpacks to over {MAX_XML_BYTES >> 20:,} MiB.")
    for info in infos:
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise fail(_DAMAGED)        # Excel writes nothing else
        if info.file_size > MAX_RATIO_FROM and info.file_size > MAX_RATIO * info.compress_size:
            raise fail(f"It is too large to read: {info.filename} unpacks to "
                       f"{info.file_size >> 20:,} MiB from {info.compress_size >> 10:,} KiB.")
        with zf.open(info) as part:     # bounded by the checks above
            if _prolog_declares_dtd(part.read(PROLOG_BYTES)):
                raise fail(_DTD_REFUSED)


def _prolog_declares_dtd(head: bytes) -> bool:
    """Whether the XML prolog in ``head`` holds a DTD, or runs past it (no workbook's does)."""
    encoding = next((e for bom, e in _XML_BOMS if head.startswith(bom)), None)
    if encoding is None and b"\x00" in head[:4]:     # UTF-16 or 32 without its mark: refused
        return head.strip(b" \t\r\n\x00")[:1] == b"<"
    text = head.decode(encoding or "latin-1", "ignore").lstrip("\ufeff\xef\xbb\xbf")
    rest = text[_PROLOG.match(text).end():]       # past the declaration, PIs, comments
    return rest.startswith("<!") or (not rest and bool(text.strip()))


# -- mapping files -----------------------------------------------------------
def read_mapping(path: Path):
    """A mapping file as a :class:`review.intake.mapping.CaseMapping`: JSON (flat or full),
    a CSV of two columns (their header, our field), or an XLSX workbook with Columns, Values
    and Settings sheets."""
    from review.intake.mapping import columns_from_csv, from_json, from_sheets
    path = Path(path)
    source = path.name

    def fail(message: str, row: int | None = None) -> CaseListError:
        return CaseListError([Problem(source, row, None, message, kind="mapping")])

    try:
        if path.stat().st_size > MAX_MAPPING_BYTES:
            raise fail(f"A mapping file may have up to {MAX_MAPPING_BYTES >> 10} KiB.")
        problems: list[Problem] = []
        if path.suffix.casefold() in _XLSX_SUFFIXES:      # the template's workbook
            mapping = from_sheets({name: _read_xlsx(path, source, name, strict=True)
                                   for name in ("Columns", "Values", "Settings")},
                                  source, problems)
            if problems:
                raise CaseListError(problems)
            return mapping
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise fail(f"The mapping file {path} does not exist.") from None
    except UnicodeDecodeError:
        raise fail("It is not UTF-8 text.") from None
    except OSError as exc:
        raise fail(f"The mapping file cannot be read ({exc.strerror}).") from None
    if path.suffix.casefold() == ".json":
        try:
            data = json.loads(text)
        except ValueError as exc:
            raise fail(f"It is not valid JSON ({exc}).") from None
        mapping = from_json(data, source, problems)
    else:
        mapping = from_json(columns_from_csv(text, source, problems), source, problems)
    if problems:
        raise CaseListError(problems)
    return mapping


# -- bundle create -----------------------------------------------------------
def create_bundles_from_files(cases_file: Path, roster_file: Path, documents_dir: Path | None,
                              per_case: int, seed: int,
                              identity: Identity | Callable[[], Identity], out_dir: Path,
                              mapping_file: Path | None = None, title: str | None = None, *,
                              bundle_id: str | None = None, created_at: str | None = None,
                              anchoring_guard: bool = True, leave_out: bool = False,
                              demo: bool = False, seal: bool = False):
    """``panel-review bundle create``: read the files, check everything, write the bundles.

    Returns a :class:`review.bundle.create.CreateResult`.  Raises
    CaseListError (every problem of every input, nothing written) or
    AssignmentError.  ``identity`` may be a function that unlocks the
    coordinator's identity; it is called only once every input has passed.
    """
    from review.bundle.create import NOTHING_WRITTEN, create_bundles
    problems: list[Problem] = []
    total = 0
    tables: dict[str, Any] = {}
    for key, reader in (("cases", lambda: read_table(cases_file, what="case list")),
                        ("roster", lambda: read_table(roster_file, what="roster")),
                        ("mapping", lambda: read_mapping(mapping_file) if mapping_file else None)):
        try:
            tables[key] = reader()
        except CaseListError as exc:
            problems.extend(exc.problems)
            total += exc.total
    if problems:
        raise CaseListError(problems, total=total, footer=NOTHING_WRITTEN)
    return create_bundles(
        tables["cases"], tables["roster"], roster_dir=Path(roster_file).parent,
        identity=identity, out_dir=Path(out_dir),
        documents_dir=Path(documents_dir) if documents_dir else None, per_case=per_case,
        seed=seed, mapping=tables["mapping"],
        mapping_source=Path(mapping_file).name if mapping_file else "mapping file",
        title=title, bundle_id=bundle_id, created_at=created_at, leave_out=leave_out,
        anchoring_guard=anchoring_guard, demo=demo, seal=seal)

"""Case lists and rosters from files (XLSX or CSV), and ``bundle create`` from files.

:func:`read_table` reads a spreadsheet into the neutral
:class:`review.case_import.SheetRows`; :func:`create_bundles_from_files`
reads the case list, the roster and the mapping file and hands them to
:func:`review.bundle_create.create_bundles`.  A file that cannot be read
at all is a :class:`CaseListError` naming it; everything else about its
content is judged in ``review``.

The table
    The sheet named "Cases" (or "Roster", for a roster) when there is one,
    else the first visible worksheet.  The header row is the first row that
    is not blank; blank rows anywhere are skipped (100,000 trailing blank
    rows cost well under a second); row numbers are the spreadsheet's.
    Cells are taken as the workbook last calculated them (a formula's cached
    value; a formula never calculated is blank).

XLSX
    Read by a small streaming reader of our own rather than by openpyxl,
    which took 0.7 s for the 1,131 cases and over a minute for 100,000
    rows.  It reads only the parts a table needs (relationships, workbook,
    styles for date formats, shared strings, one worksheet).  Worksheets and
    shared strings in the shapes that Excel, LibreOffice and openpyxl write
    are read by pattern, every character accounted for; anything else
    (namespace prefixes, comments, CDATA, a DTD, another encoding) is read
    by expat instead, which gives the same values.
    No DTD is ever processed: the pattern reader does not start on a part
    with ``<!`` before its data, and expat refuses any document type
    declaration outright (as ``defusedxml`` does with ``forbid_dtd=True``),
    so neither entity expansion ("billion laughs") nor external entities
    (XXE) can happen.  Sizes are capped before anything is allocated: the
    file (512 MiB), the number of parts (10,000) and the unpacked XML
    (1 GiB in all, counted as it streams, so a zip bomb stops early).

CSV
    UTF-8, with or without a byte-order mark ("CSV UTF-8" in Excel);
    separated by commas, or by semicolons or tabs when the header line has
    more of those.  Other encodings are refused with a sentence that says
    how to save the file.
"""

from __future__ import annotations

import codecs
import datetime as dt
import json
import re
import zipfile
from pathlib import Path
from typing import Any, Callable
from xml.parsers import expat

from review.case_import import CaseListError, Problem, SheetRows, normalise_header
from review.identity import Identity

MAX_FILE_BYTES = 512 << 20
MAX_PARTS = 10_000
MAX_XML_BYTES = 1 << 30          # unpacked XML read from one workbook, in all
MAX_SMALL_PART = 64 << 20        # relationships, workbook, styles
MAX_ROWS = 250_000               # non-blank rows below the header
MAX_COLUMNS = 500
MAX_CSV_FIELD = 16 << 20
MAX_MAPPING_BYTES = 1 << 20

_OLE_MAGIC = b"\xd0\xcf\x11\xe0"
_CSV_SUFFIXES = {".csv", ".tsv", ".txt"}
_XLSX_SUFFIXES = {".xlsx", ".xlsm"}


# -- tables ------------------------------------------------------------------
def read_table(path: Path, *, what: str = "case list", sheet: str | None = None) -> SheetRows:
    """Read an XLSX or CSV file into SheetRows; raises CaseListError when it cannot be read.

    ``sheet`` names the worksheet to prefer (default: "Cases" for a case
    list, "Roster" for a roster).
    """
    path = Path(path)
    source = path.name

    def fail(message: str) -> CaseListError:
        return CaseListError([Problem(source, None, None, message)])

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
        prefer = sheet or ("Roster" if what == "roster" else "Cases")
        return _XlsxReader(path, source).read(prefer)
    if suffix in _CSV_SUFFIXES:
        return _read_csv(path, source)
    raise fail(f"It is neither an Excel workbook (.xlsx) nor a CSV file (.csv); save the "
               f"{what} as one of those.")


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
    for v in values:
        if not isinstance(v, str) or v.strip():
            return False
    return True


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


# -- CSV ---------------------------------------------------------------------
def _read_csv(path: Path, source: str) -> SheetRows:
    import csv
    # Enormous cells are judged (with their row and column) by the importer, not
    # refused unplaced by the csv module's default 128 KiB limit.
    csv.field_size_limit(max(csv.field_size_limit(), MAX_CSV_FIELD))

    def fail(message: str, row: int | None = None) -> CaseListError:
        return CaseListError([Problem(source, row, None, message)])

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
class _Refused(Exception):
    """A workbook part that must not be read: the message is a sentence."""


def _safe_parser() -> expat.XMLParserType:
    """An expat parser that refuses any DTD, so no entity can be declared or fetched."""
    parser = expat.ParserCreate()

    def forbid(*_args: Any) -> None:
        raise _Refused("dtd")

    parser.StartDoctypeDeclHandler = forbid
    parser.EntityDeclHandler = forbid
    parser.UnparsedEntityDeclHandler = forbid
    parser.ExternalEntityRefHandler = forbid
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.buffer_text = True
    parser.buffer_size = 1 << 16
    return parser


class _LocalNames(dict):
    """Element name -> local name ('x:c' -> 'c'), computed once per name."""

    def __missing__(self, name: str) -> str:
        local = name.rpartition(":")[2]
        self[name] = local
        return local


_COLUMNS: dict[str, int] = {}


def _column_number(letters: str) -> int:
    number = _COLUMNS.get(letters)
    if number is None:
        number = 0
        for ch in letters.upper():
            if not "A" <= ch <= "Z":
                raise ValueError(letters)
            number = number * 26 + ord(ch) - 64
        if not 0 < number <= 16384:
            raise ValueError(letters)
        _COLUMNS[letters] = number
    return number


_OOXML_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")
_EPOCH_1900, _EPOCH_1904 = dt.datetime(1899, 12, 30), dt.datetime(1904, 1, 1)
_BUILTIN_DATE_FORMATS = set(range(14, 18)) | {22} | set(range(27, 37)) | set(range(50, 59))
_BUILTIN_TIME_FORMATS = set(range(18, 22)) | {45, 46, 47}
_FORMAT_NOISE = re.compile(r'"[^"]*"|\\.|_.|\*.|\[(?![hms]+\])[^\]]*\]')


def _format_kind(code: str) -> str | None:
    """'date', 'time' or None for an Excel number format code."""
    section = _FORMAT_NOISE.sub("", code.split(";")[0]).casefold()
    if "d" in section or "y" in section:
        return "date"
    if "h" in section or "s" in section:
        return "time"
    if "m" in section and "general" not in section:
        return "date"   # 'mmm', 'mm-yy': months
    return None


def _unescape(text: str) -> str:
    return _OOXML_ESCAPE.sub(lambda m: chr(int(m[1], 16)), text) if "_x" in text else text


class _NotSimple(Exception):
    """The fast reader met something it does not know: read the part exactly instead."""


# The fast reader's shapes: what Excel, LibreOffice and openpyxl write.  Every
# character of sheetData must be covered by these tokens, or the part is read
# by expat instead.  Possessive quantifiers: no backtracking over long texts.
_SHEET_TOKEN = re.compile(
    r'(\s*+(?:(<row\b[^>]*+>)|</row>'
    r'|<c r="([A-Z]{1,3})[0-9]++"([^>/]*+)'
    r'(?:/>|>(?:<f(?: [^>]*+)?(?:(?<=/)>|(?<!/)>[^<]*+</f>))?(?:<v>([^<]*+)</v>)?</c>'
    r'|><is><t(?: xml:space="preserve")?>([^<]*+)</t></is></c>)))')
_ROW_NUMBER = re.compile(r'\sr="([0-9]{1,7})"')
_CELL_ATTRIBUTE = re.compile(r'\s+([A-Za-z_:][\w:.-]*)="([^"<&]*)"')
_SI_SIMPLE = re.compile(r'\s*+<si>(?:<t(?: xml:space="preserve")?>([^<]*+)</t>|<t/>)')
_RICH_NOISE = re.compile(r'<rPh\b[^>]*+>.*?</rPh>|<phoneticPr\b[^>]*+/>|<rPr>.*?</rPr>|<rPr/>',
                         re.S)
_RICH_RUNS = re.compile(r'\s*+<si>(?:<r><t(?: xml:space="preserve")?>[^<]*+</t></r>|<r><t/></r>)*+')
_RICH_TEXT = re.compile(r'<t(?: xml:space="preserve")?>([^<]*+)</t>')
_XML_REFERENCE = re.compile(r"&(?:(lt|gt|amp|quot|apos)|#([0-9]{1,7})|#x([0-9A-Fa-f]{1,6}));")
_XML_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"', "apos": "'"}


def _check_prolog(prolog: str) -> None:
    """Before the fast reader starts: nothing but the declaration and plain start tags."""
    if "<!" in prolog or "<?" in prolog[1:]:
        raise _NotSimple()                      # a DTD, comment or CDATA: expat decides
    m = re.match(r'\s*<\?xml[^>]*?encoding="([^"]*)"', prolog)
    if m and m[1].casefold().replace("-", "") != "utf8":
        raise _NotSimple()


def _cell_attributes(rest: str) -> tuple[str, str]:
    """(style, type) from a cell's attributes after r; _NotSimple for anything unusual."""
    if _CELL_ATTRIBUTE.sub("", rest).strip():
        raise _NotSimple()
    found = dict(_CELL_ATTRIBUTE.findall(rest))
    return found.get("s", "0"), found.get("t", "n")


def _rich_text(item: str) -> str:
    """The text of a shared string with phonetic runs or formatted runs."""
    plain = _RICH_NOISE.sub("", item)
    m = _SI_SIMPLE.fullmatch(plain)
    if m:
        return m[1] or ""
    if not _RICH_RUNS.fullmatch(plain):
        raise _NotSimple()
    return "".join(_RICH_TEXT.findall(plain))


def _resolve_reference(m: re.Match) -> str:
    if m[1]:
        return _XML_NAMED[m[1]]
    code = int(m[2]) if m[2] else int(m[3], 16)
    if not (code in (0x9, 0xA, 0xD) or 0x20 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD
            or 0x10000 <= code <= 0x10FFFF):
        raise _NotSimple()                      # not an XML character: expat says so
    return chr(code)


def _fast_text(text: str) -> str:
    """Character data as expat gives it: line ends normalised, then references resolved."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "&" in text:
        if "&" in _XML_REFERENCE.sub("", text):
            raise _NotSimple()                  # an entity that is not one of XML's own
        text = _XML_REFERENCE.sub(_resolve_reference, text)
    return text


class _XlsxReader:
    """Streams the parts of one workbook that a table needs."""

    def __init__(self, path: Path, source: str, *, fast: bool = True):
        self.path, self.source, self.fast = path, source, fast
        self.budget = MAX_XML_BYTES

    def fail(self, message: str, row: int | None = None) -> CaseListError:
        return CaseListError([Problem(self.source, row, None, message)])

    def read(self, prefer: str) -> SheetRows:
        try:
            with zipfile.ZipFile(self.path) as zf:
                self._zip = zf
                return self._read(zf, prefer)
        except _Refused as exc:
            if str(exc) == "dtd":
                raise self.fail(
                    "It contains an XML document type declaration, which no spreadsheet needs "
                    "and which can be used to attack the computer that reads it, so it was "
                    "refused unread. Open it in Excel and save it again, or save it as CSV."
                ) from None
            raise self.fail(str(exc)) from None
        except expat.ExpatError as exc:
            raise self.fail(f"It is damaged: part of it is not well-formed XML "
                            f"({expat.ErrorString(exc.code)}, line {exc.lineno}).") from None
        except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError,
                IndexError, KeyError, NotImplementedError, RuntimeError) as exc:
            if isinstance(exc, OSError) and exc.strerror:
                raise self.fail(f"It cannot be read ({exc.strerror}).") from None
            raise self.fail("It is not an Excel workbook (.xlsx), or it is damaged; open it "
                            "in Excel and save it again as .xlsx, or as CSV UTF-8.") from None

    def _read(self, zf: zipfile.ZipFile, prefer: str) -> SheetRows:
        infos = zf.infolist()
        if len(infos) > MAX_PARTS:
            raise _Refused(f"It has more than {MAX_PARTS:,} parts; it is not a workbook to read.")
        self.parts = {i.filename.casefold(): i for i in infos}
        workbook = self._target("", "_rels/.rels", "officeDocument") or "xl/workbook.xml"
        rels_name = _join(_dirname(workbook), f"_rels/{workbook.rsplit('/', 1)[-1]}.rels")
        rels = self._relationships(rels_name, _dirname(workbook))
        sheets, date1904 = self._workbook(workbook)
        chosen = self._choose(sheets, rels, prefer)
        strings_part = next((t for t, kind in rels.values() if kind == "sharedStrings"), None)
        shared: list[str] = []
        if strings_part is not None and strings_part.casefold() in self.parts:
            shared = self._fast_or_exact(strings_part, self._shared_strings_fast,
                                         self._shared_strings)
        dates, times = self._styles(next((t for t, kind in rels.values() if kind == "styles"),
                                         None))
        epoch = _EPOCH_1904 if date1904 else _EPOCH_1900

        def read_sheet(method):
            def run(name: str):
                collector = _Collector(self.source)
                method(name, shared, dates, times, epoch, collector)
                return collector.result()
            return run

        return self._fast_or_exact(chosen, read_sheet(self._sheet_fast), read_sheet(self._sheet))

    def _fast_or_exact(self, name: str, fast, exact):
        """The fast reading of a part, or the exact (expat) one when the fast one meets
        anything it does not know; both give the same result where both apply."""
        if self.fast:
            budget = self.budget
            try:
                return fast(name)
            except _NotSimple:
                self.budget = budget
        return exact(name)

    def _text_chunks(self, name: str, limit: int, chunk_size: int = 8 << 20):
        """A part as UTF-8 text in pieces, within the size caps; _NotSimple when not UTF-8."""
        info = self.parts.get(name.casefold())
        if info is None:
            raise KeyError(name)
        decoder = codecs.getincrementaldecoder("utf-8-sig")()
        total = 0
        with self._zip.open(info) as f:
            while True:
                chunk = f.read(chunk_size)
                total += len(chunk)
                self.budget -= len(chunk)
                if total > limit or self.budget < 0:
                    raise _Refused(f"It is too large to read: {info.filename} unpacks to more "
                                   f"than {min(limit, MAX_XML_BYTES) >> 20:,} MiB.")
                try:
                    text = decoder.decode(chunk, not chunk)
                except UnicodeDecodeError:
                    raise _NotSimple() from None
                yield text, not chunk
                if not chunk:
                    return

    def _elements_after(self, name: str, opening: str, closing: str, separator: str):
        """Pieces of a part between ``opening``'s tag and ``closing``, cut after each
        ``separator``; checks the prolog (no DTD, no comment, UTF-8)."""
        buf, started = "", False
        for text, final in self._text_chunks(name, MAX_XML_BYTES):
            buf += text
            if not started:
                i = buf.find(opening)
                if i < 0:
                    if len(buf) > (16 << 20) or final:
                        raise _NotSimple()
                    continue
                _check_prolog(buf[:i])
                j = buf.find(">", i)
                if j < 0:
                    continue
                if buf[j - 1] == "/":           # an empty <sheetData/> or <sst/>
                    return
                buf, started = buf[j + 1:], True
            k = buf.find(closing)
            if k >= 0:
                yield buf[:k]
                return
            cut = buf.rfind(separator)
            if cut >= 0:
                cut += len(separator)
                yield buf[:cut]
                buf = buf[cut:]
            if final:
                raise _NotSimple()              # truncated: let expat say what is wrong

    # parts ---------------------------------------------------------------
    def _feed(self, name: str, parser: expat.XMLParserType, limit: int) -> None:
        info = self.parts.get(name.casefold())
        if info is None:
            raise KeyError(name)
        total = 0
        with self._zip.open(info) as f:
            while True:
                chunk = f.read(1 << 20)
                if not chunk:
                    break
                total += len(chunk)
                self.budget -= len(chunk)
                if total > limit or self.budget < 0:
                    raise _Refused(f"It is too large to read: {info.filename} unpacks to more "
                                   f"than {min(limit, MAX_XML_BYTES) >> 20:,} MiB.")
                parser.Parse(chunk, False)
        parser.Parse(b"", True)

    def _elements(self, name: str) -> list[tuple[str, dict[str, str], str | None]]:
        """(local name, attributes, parent's local name) of every element of a small part."""
        out: list[tuple[str, dict[str, str], str | None]] = []
        stack: list[str] = []
        local = _LocalNames()
        parser = _safe_parser()

        def start(tag: str, attrs: dict[str, str]) -> None:
            name_ = local[tag]
            out.append((name_, attrs, stack[-1] if stack else None))
            stack.append(name_)

        def end(_tag: str) -> None:
            stack.pop()

        parser.StartElementHandler, parser.EndElementHandler = start, end
        self._feed(name, parser, MAX_SMALL_PART)
        return out

    def _relationships(self, name: str, base: str) -> dict[str, tuple[str, str]]:
        """Id -> (part name, kind) where kind is the end of the relationship type."""
        if name.casefold() not in self.parts:
            return {}
        rels = {}
        for tag, attrs, _ in self._elements(name):
            if tag == "Relationship" and attrs.get("TargetMode") != "External":
                target = attrs.get("Target", "")
                part = target.lstrip("/") if target.startswith("/") else _join(base, target)
                rels[attrs.get("Id", "")] = (part, attrs.get("Type", "").rsplit("/", 1)[-1])
        return rels

    def _target(self, base: str, rels_name: str, kind: str) -> str | None:
        for part, k in self._relationships(rels_name, base).values():
            if k == kind:
                return part
        return None

    def _workbook(self, name: str) -> tuple[list[tuple[str, str, str]], bool]:
        sheets, date1904 = [], False
        for tag, attrs, _ in self._elements(name):
            if tag == "sheet":
                rid = next((v for k, v in attrs.items() if k.endswith(":id")), "")
                sheets.append((attrs.get("name", ""), rid, attrs.get("state", "visible")))
            elif tag == "workbookPr":
                date1904 = attrs.get("date1904", "0").casefold() in ("1", "true")
        return sheets, date1904

    def _choose(self, sheets: list[tuple[str, str, str]], rels: dict[str, tuple[str, str]],
                prefer: str) -> str:
        worksheets = [(name, rels[rid][0], state) for name, rid, state in sheets
                      if rid in rels and rels[rid][1] == "worksheet"]
        if not worksheets:
            raise _Refused("It has no worksheet.")
        for name, part, _ in worksheets:
            if name.casefold() == prefer.casefold():
                return part
        visible = [w for w in worksheets if w[2] == "visible"] or worksheets
        return visible[0][1]

    def _shared_strings(self, name: str) -> list[str]:
        strings: list[str] = []
        buf: list[str] = []
        state = {"t": False, "rph": 0}
        local = _LocalNames()
        parser = _safe_parser()

        def start(tag: str, _attrs: dict[str, str]) -> None:
            name_ = local[tag]
            if name_ == "t":
                state["t"] = not state["rph"]
            elif name_ == "si":
                buf.clear()
            elif name_ == "rPh":
                state["rph"] += 1

        def end(tag: str) -> None:
            name_ = local[tag]
            if name_ == "t":
                state["t"] = False
            elif name_ == "si":
                strings.append(_unescape("".join(buf)))
            elif name_ == "rPh":
                state["rph"] -= 1

        def text(data: str) -> None:
            if state["t"]:
                buf.append(data)

        parser.StartElementHandler, parser.EndElementHandler = start, end
        parser.CharacterDataHandler = text
        self._feed(name, parser, MAX_XML_BYTES)
        return strings

    def _styles(self, name: str | None) -> tuple[set[str], set[str]]:
        """Cell style indexes (as written in cells' s attributes) that show dates, and times."""
        if name is None or name.casefold() not in self.parts:
            return set(), set()
        custom: dict[int, str] = {}
        formats: list[int] = []
        for tag, attrs, parent in self._elements(name):
            if tag == "numFmt" and parent == "numFmts":
                custom[int(attrs.get("numFmtId", "-1"))] = attrs.get("formatCode", "")
            elif tag == "xf" and parent == "cellXfs":
                formats.append(int(attrs.get("numFmtId", "0")))
        dates, times = set(), set()
        for index, fid in enumerate(formats):
            if fid in custom:
                kind = _format_kind(custom[fid])
            else:
                kind = ("date" if fid in _BUILTIN_DATE_FORMATS else
                        "time" if fid in _BUILTIN_TIME_FORMATS else None)
            if kind == "date":
                dates.add(str(index))
            elif kind == "time":
                times.add(str(index))
        return dates, times

    def _shared_strings_fast(self, name: str) -> list[str]:
        strings: list[str] = []
        for piece in self._elements_after(name, "<sst", "</sst>", "</si>"):
            items = piece.split("</si>")
            if items[-1].strip():
                raise _NotSimple()
            for item in items[:-1]:
                m = _SI_SIMPLE.fullmatch(item)
                if m:
                    text = m[1] or ""
                else:
                    text = _rich_text(item)
                strings.append(_unescape(_fast_text(text)))
        return strings

    def _sheet_fast(self, name: str, shared: list[str], dates: set[str], times: set[str],
                    epoch: dt.datetime, collector: _Collector) -> None:
        """Stream one worksheet by pattern: Excel's own shapes only, else _NotSimple."""
        styles: dict[str, tuple[str, str]] = {}
        special = dates | times
        remembered: dict[tuple[str, str, str], object] = {}
        row_number = 0
        cells: dict[int, object] | None = None
        columns = _COLUMNS
        for piece in self._elements_after(name, "<sheetData", "</sheetData>", "</row>"):
            used = 0
            for whole, row_tag, letters, rest, vtext, itext in _SHEET_TOKEN.findall(piece):
                used += len(whole)
                if letters:
                    if cells is None:
                        raise _NotSimple()      # a cell outside a row
                    text = vtext or itext
                    if not text:
                        continue
                    style = styles.get(rest)
                    if style is None:
                        style = styles[rest] = _cell_attributes(rest)
                    ctype = style[1]
                    if ctype == "s":
                        value: object = shared[int(text)]
                    elif ctype == "inlineStr" or ctype == "str":
                        if "&" in text or "\r" in text:
                            text = _fast_text(text)
                        value = _unescape(text) if "_x" in text else text
                    elif ctype == "n" and style[0] not in special:
                        try:
                            value = int(text)
                        except ValueError:
                            value = float(text)
                    else:
                        key = (ctype, style[0], text)
                        value = remembered.get(key)     # dates recur: convert each once
                        if value is None:
                            value = _cell_value(ctype, style[0], _fast_text(text), shared,
                                                dates, times, epoch)
                            if value is None or value == "":
                                continue
                            if len(remembered) < 100_000:
                                remembered[key] = value
                    cells[columns.get(letters) or _column_number(letters)] = value
                elif row_tag:
                    if row_tag[-2] == "/":
                        cells = None            # an empty row
                        continue
                    m = _ROW_NUMBER.search(row_tag)
                    if not m:
                        raise _NotSimple()
                    row_number = int(m[1])
                    cells = {}
                else:                           # </row>
                    if cells is None:
                        raise _NotSimple()
                    if cells:
                        collector.add(row_number, cells)
                    cells = None
            if used != len(piece.rstrip()):     # tokens end in '>': no gap anywhere
                raise _NotSimple()

    def _sheet(self, name: str, shared: list[str], dates: set[str], times: set[str],
               epoch: dt.datetime, collector: _Collector) -> None:
        """Stream one worksheet into ``collector`` with expat: any valid XML."""
        local = _LocalNames()
        parser = _safe_parser()
        buf: list[str] = []
        row_number = 0
        column = 0
        cells: dict[int, object] = {}
        ctype, cstyle = "n", "0"
        capture = has_value = in_is = False
        rph = 0
        digits = "0123456789"

        def start(tag: str, attrs: dict[str, str]) -> None:
            nonlocal row_number, column, cells, ctype, cstyle, capture, has_value, in_is, rph
            name_ = local[tag]
            if name_ == "c":
                ref = attrs.get("r")
                column = _column_number(ref.rstrip(digits)) if ref else column + 1
                ctype = attrs.get("t", "n")
                cstyle = attrs.get("s", "0")
                has_value = False
                buf.clear()
            elif name_ == "v":
                capture = has_value = True
                buf.clear()
            elif name_ == "row":
                r = attrs.get("r")
                row_number = int(r) if r else row_number + 1
                column = 0
                cells = {}
            elif name_ == "is":
                in_is = has_value = True
                buf.clear()
            elif name_ == "t":
                capture = in_is and not rph
            elif name_ == "rPh":
                rph += 1

        def end(tag: str) -> None:
            nonlocal capture, in_is, rph
            name_ = local[tag]
            if name_ == "c":
                if has_value:
                    value = _cell_value(ctype, cstyle, "".join(buf), shared, dates, times, epoch)
                    if value is not None and value != "":
                        cells[column] = value
            elif name_ == "v" or name_ == "t":
                capture = False
            elif name_ == "row":
                if cells:
                    collector.add(row_number, cells)
            elif name_ == "is":
                in_is = False
            elif name_ == "rPh":
                rph -= 1

        def text(data: str) -> None:
            if capture:
                buf.append(data)

        parser.StartElementHandler, parser.EndElementHandler = start, end
        parser.CharacterDataHandler = text
        self._feed(name, parser, MAX_XML_BYTES)


def _cell_value(ctype: str, style: str, text: str, shared: list[str], dates: set[str],
                times: set[str], epoch: dt.datetime) -> object:
    if ctype == "s":
        return shared[int(text)]
    if ctype == "n":
        if not text:
            return None
        try:
            number: int | float = int(text)
        except ValueError:
            number = float(text)
        if style in dates or style in times:
            if not -1 < number < 2_958_466:         # Excel's own range: up to 9999-12-31
                return "#VALUE!"
            moment = epoch + dt.timedelta(days=number)
            if style in times and number < 1:
                return moment.time()
            return moment
        return number
    if ctype in ("inlineStr", "str"):
        return _unescape(text)
    if ctype == "b":
        return text.strip() in ("1", "true")
    if ctype == "e":
        return text
    if ctype == "d":
        try:
            return dt.datetime.fromisoformat(text)
        except ValueError:
            return "#VALUE!"
    return text


def _dirname(part: str) -> str:
    return part.rsplit("/", 1)[0] if "/" in part else ""


def _join(base: str, target: str) -> str:
    parts: list[str] = []
    for piece in (base.split("/") if base else []) + target.split("/"):
        if piece in ("", "."):
            continue
        if piece == "..":
            if parts:
                parts.pop()
        else:
            parts.append(piece)
    return "/".join(parts)


# -- mapping files -----------------------------------------------------------
_MAPPING_HEADERS = {"field", "our field", "panel review field", "maps to", "to", "column"}


def read_mapping(path: Path) -> dict[str, str | None]:
    """A mapping file: JSON ``{"their header": "our_field" | "ignore" | null}``, or a CSV of
    two columns (their header, our field), with or without a header line."""
    path = Path(path)
    source = path.name

    def fail(message: str, row: int | None = None) -> CaseListError:
        return CaseListError([Problem(source, row, None, message)])

    try:
        if path.stat().st_size > MAX_MAPPING_BYTES:
            raise fail(f"A mapping file may have up to {MAX_MAPPING_BYTES >> 10} KiB.")
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
        if not isinstance(data, dict) or not all(
                isinstance(k, str) and (v is None or isinstance(v, str)) for k, v in data.items()):
            raise fail('It must be one JSON object of "their header": "our field" pairs.')
        return dict(data)
    import csv
    import io
    out: dict[str, str | None] = {}
    problems = []
    rows = list(csv.reader(io.StringIO(text)))
    for number, row in enumerate(rows, 1):
        cells = [c.strip() for c in row]
        if not any(cells):
            continue
        if len(cells) < 2 or len([c for c in cells[2:] if c]):
            problems.append(Problem(source, number, None, "Each line needs two cells: their "
                                    "header, then the field it gives (or 'ignore')."))
            continue
        theirs, ours = cells[0], cells[1]
        if number == 1 and normalise_header(ours) in _MAPPING_HEADERS:
            continue
        if normalise_header(theirs) in {normalise_header(k) for k in out}:
            problems.append(Problem(source, number, "A", f"The header {theirs!r} is mapped twice."))
            continue
        out[theirs] = ours or None
    if problems:
        raise CaseListError(problems)
    return out


# -- bundle create -----------------------------------------------------------
def create_bundles_from_files(cases_file: Path, roster_file: Path, documents_dir: Path | None,
                              per_case: int, seed: int,
                              identity: Identity | Callable[[], Identity], out_dir: Path,
                              mapping_file: Path | None = None, title: str | None = None, *,
                              bundle_id: str | None = None, created_at: str | None = None):
    """``panel-review bundle create``: read the files, check everything, write the bundles.

    Returns a :class:`review.bundle_create.CreateResult`.  Raises
    CaseListError (every problem of every input, nothing written) or
    AssignmentError.  ``identity`` may be a function that unlocks the
    coordinator's identity; it is called only once every input has passed.
    """
    from review.bundle_create import NOTHING_WRITTEN, create_bundles
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
        title=title, bundle_id=bundle_id, created_at=created_at)

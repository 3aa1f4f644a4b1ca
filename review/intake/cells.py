"""Reading spreadsheet cells: the neutral table, problems with row and column,
and the typed readers (text, dates, lists, vocabularies) that case lists and
rosters share.

Nothing here knows which columns a case list has; ``review.intake.parse``
and ``review.bundle.roster`` do.  Every reader raises :class:`BadValue` with a
sentence that quotes at most a short part of the cell, never case text.
"""

from __future__ import annotations

import datetime as dt
import re
from operator import itemgetter
from typing import Mapping

from review.cases import ALLEGATION_TYPES, CATEGORIES, ETHNICITIES, GENDERS, SUBJECT_ROLES
from review.intake.problems import CaseListError, Problem, ProblemList  # noqa: F401 (their home)

CASE_ID_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
SUBJECT_ID_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9 ._/:#-]{0,63}")
EARLIEST_DATE, LATEST_DATE = dt.date(1950, 1, 1), dt.date(2100, 12, 31)
SPREADSHEET_ERRORS = frozenset({"#N/A", "#VALUE!", "#REF!", "#DIV/0!", "#NUM!", "#NAME?",
                                "#NULL!", "#SPILL!", "#CALC!", "#GETTING_DATA"})
LIST_SEPARATORS = re.compile(r"[;,|\n]")
LINE_SEPARATORS = re.compile(r"[;\n]")
IGNORE = "ignore"


# -- the neutral table and the problems found in it --------------------------
class SheetRows:
    """A table as read from a file, before any meaning is given to it.

    ``headers[i]`` is the header of column i + 1 (A, B, ...), ``""`` where the
    header cell is empty.  ``rows`` holds the non-blank rows below the header
    as (row number as the spreadsheet shows it, {header: value}); a value is
    text, a number, a bool or a date/datetime, and blank cells are left out.
    When two columns share a header, only the first is in the row dicts.

    A spreadsheet read by calamine keeps its rows as lists (``grid``: the
    row numbers and one list per row, blank cells ``""``), and the row dicts
    are made only when asked for: a 100,000-row list is checked column by
    column (:meth:`column`) without them.
    """

    def __init__(self, headers: list[str], rows: list[tuple[int, dict[str, object]]] | None = None,
                 source: str = "", header_row: int = 1, *,
                 grid: tuple[list[int], list[list], dict[str, int]] | None = None):
        self.headers, self.source, self.header_row = headers, source, header_row
        self._rows = rows if rows is not None or grid is not None else []
        self._grid = grid           # (row numbers, rows as lists, header -> list index)
        self._columns: dict[int, list] = {}

    @property
    def rows(self) -> list[tuple[int, dict[str, object]]]:
        if self._rows is None:
            numbers, lists, at = self._grid
            self._rows = [(n, {h: v for h, i in at.items() if (v := r[i]) != "" and v is not None})
                          for n, r in zip(numbers, lists)]
        return self._rows

    @property
    def numbers(self) -> list[int]:
        """The row numbers of :attr:`rows`, in order."""
        if self._grid is not None:
            return self._grid[0]
        return [n for n, _ in self.rows]

    def __len__(self) -> int:
        return len(self._grid[0]) if self._grid is not None else len(self.rows)

    def column(self, header: str) -> list:
        """Every row's value under ``header``, in row order; None or "" where blank.

        From a grid, the list is kept for the next caller: do not change it."""
        if self._grid is not None:
            i = self._grid[2].get(header)
            if i is None:
                return [None] * len(self)
            if i not in self._columns:      # asked for again by the checks: kept
                self._columns[i] = list(map(itemgetter(i), self._grid[1]))
            return self._columns[i]
        return [values.get(header) for _, values in self.rows]

    def __eq__(self, other: object) -> bool:
        return isinstance(other, SheetRows) and (self.headers, self.rows, self.source,
                                                 self.header_row) == (
            other.headers, other.rows, other.source, other.header_row)

    def __repr__(self) -> str:
        return f"SheetRows({self.source!r}, {len(self):,} rows, headers={self.headers!r})"


def column_letter(index: int) -> str:
    """1 -> A, 27 -> AA."""
    letters = ""
    while index > 0:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def normalise_header(text: str) -> str:
    """Lower case, punctuation and underscores as single spaces: 'Allegation type(s)' -> 'allegation type s'."""
    return " ".join(re.sub(r"[^0-9a-z]+", " ", str(text).casefold()).split())


# -- cell values -------------------------------------------------------------
class BadValue(ValueError):
    """A cell's value cannot be used; the message is a sentence (no location), ``kind``
    one of :data:`review.intake.problems.KINDS`."""

    def __init__(self, message: str, kind: str = "bad_text"):
        super().__init__(message)
        self.kind = kind


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def quote(value: object, limit: int = 30) -> str:
    """A cell's value for a message: short values quoted, longer ones only counted.

    Messages never carry case text (see review.errors), and a long value in a
    date or category column is usually a summary typed in the wrong column.
    """
    text = _CONTROL.sub("?", str(value))
    if len(text) > limit:
        return f"The text of {len(text):,} characters"
    return repr(text)


def shown(name: object, limit: int = 80) -> str:
    """A name (a header, a file name, an id) for a message, quoted and cut short."""
    text = _CONTROL.sub("?", str(name))
    return repr(text if len(text) <= limit else text[:limit] + "...")


def cell_text(value: object, *, limit: int, multiline: bool = False) -> str | None:
    """A cell as text, stripped; None when blank.  Numbers are fine as text."""
    if value is None:
        return None
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return None
        if text[0] == "#" and text in SPREADSHEET_ERRORS:
            raise BadValue(f"The cell holds the spreadsheet error {text}; put the value itself "
                           "in the cell.")
        if _CONTROL.search(text):
            # Word's line breaks (\v) and Windows/old-Mac ends of line become new lines.
            text = text.replace("\r\n", "\n").translate({0x0D: "\n", 0x0B: "\n", 0x0C: "\n"})
            bad = _CONTROL.search(text)
            if bad:
                raise BadValue(f"The text contains a control character (code "
                               f"{ord(bad.group()):#04x}) that cannot go into a bundle; remove it.")
        if not multiline and "\n" in text:
            text = " ".join(text.split())
    elif isinstance(value, bool):
        raise BadValue("The cell holds TRUE or FALSE where text is expected.")
    elif isinstance(value, int):
        text = str(value)
    elif isinstance(value, float):
        text = str(int(value)) if value.is_integer() else str(value)
    elif isinstance(value, (dt.date, dt.datetime)):
        raise BadValue("The cell holds a date where text is expected.")
    elif isinstance(value, (dt.time, dt.timedelta)):
        raise BadValue("The cell holds a time where text is expected.")
    else:
        raise BadValue("The cell does not hold text.")
    if len(text) > limit:
        raise BadValue(f"The text is {len(text):,} characters long; the limit is {limit:,}.")
    return text


_MONTHS = {m: i for i, name in enumerate(
    ("january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"), 1) for m in (name, name[:3], name[:4])}
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]00:00(?::00(?:\.0+)?)?Z?)?")
_UK = re.compile(r"(\d{1,2})([/.-])(\d{1,2})\2(\d{4})")
_WORDS = re.compile(r"(\d{1,2})(?:st|nd|rd|th)? ([A-Za-z]+)\.?,? (\d{4})")
DATE_HINT = "write dates as 14/03/2019 or 2019-03-14"


def cell_date(value: object) -> dt.date | None:
    """A cell as a date: a spreadsheet date, or ISO, UK (day first) or '14 March 2019' text."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        day = value.date()
    elif isinstance(value, dt.date):
        day = value
    elif isinstance(value, str):
        text = value.strip()
        if not text:
            return None
        if text[0] == "#" and text in SPREADSHEET_ERRORS:
            raise BadValue(f"The cell holds the spreadsheet error {text}; put the date itself "
                           "in the cell.")
        day = _date_from_text(text)
    elif isinstance(value, bool):
        raise BadValue("TRUE or FALSE is not a date.", "not_a_date")
    elif isinstance(value, (int, float)):
        raise BadValue(f"The number {value} is not a date; format the column as dates, "
                       f"or {DATE_HINT}.", "not_a_date")
    elif isinstance(value, (dt.time, dt.timedelta)):
        raise BadValue("The cell holds a time, not a date.", "not_a_date")
    else:
        raise BadValue("The cell does not hold a date.", "not_a_date")
    if not EARLIEST_DATE <= day <= LATEST_DATE:
        raise BadValue(f"{day.isoformat()} is not a plausible date for a case "
                       f"(before {EARLIEST_DATE.year} or after {LATEST_DATE.year}).",
                       "date_out_of_range")
    return day


def _date_from_text(text: str) -> dt.date:
    try:
        m = _ISO.fullmatch(text)
        if m:
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        m = _UK.fullmatch(text)
        if m:
            return dt.date(int(m[4]), int(m[3]), int(m[1]))
        m = _WORDS.fullmatch(text)
        if m and m[2].casefold() in _MONTHS:
            return dt.date(int(m[3]), _MONTHS[m[2].casefold()], int(m[1]))
    except ValueError:
        pass
    raise BadValue(f"{quote(text)} is not a date; {DATE_HINT}.", "not_a_date")


def split_list(text: str, separators: re.Pattern = LIST_SEPARATORS) -> list[str]:
    return [part.strip() for part in separators.split(text) if part.strip()]


class Vocabulary:
    """Codes and labels (and a few synonyms) of one closed list, matched loosely."""

    def __init__(self, what: str, table: Mapping[str, str], extra: Mapping[str, str] = {}):
        self.what = what
        self.codes: dict[str, str] = {}
        for code, label in table.items():
            self.codes[normalise_header(code)] = code
            self.codes[normalise_header(label)] = code
        for synonym, code in extra.items():
            self.codes[normalise_header(synonym)] = code
        self.allowed = ", ".join(table.values())
        self.allowed_codes = list(table)
        self.seen: dict[str, str] = {}

    def code(self, text: str) -> str:
        found = self.seen.get(text)
        if found is not None:
            return found
        key = normalise_header(text.split("(")[0]) if "(" in text else normalise_header(text)
        found = self.codes.get(key)
        if found is None:
            raise BadValue(f"{quote(text)} is not {self.what}; use one of: {self.allowed}.",
                           "unknown_value")
        if len(self.seen) < 10_000:
            self.seen[text] = found
        return found


CATEGORY_WORDS = Vocabulary("a reassessment category", CATEGORIES)
ROLE_WORDS = Vocabulary("a subject role", SUBJECT_ROLES, {
    "police officer": "officer", "probationary officer": "probationer",
    "probationary constable": "probationer", "member of staff": "staff"})
ALLEGATION_WORDS = Vocabulary("an allegation type", ALLEGATION_TYPES)
GENDER_WORDS = Vocabulary("a recorded gender", {g: g for g in GENDERS}, {
    "f": "female", "m": "male", "woman": "female", "man": "male", "unknown": "not recorded",
    "not known": "not recorded", "not stated": "not recorded"})
ETHNICITY_WORDS = Vocabulary("an ethnicity group", {e: e for e in ETHNICITIES}, {
    "white british": "White", "black or black british": "Black", "black british": "Black",
    "asian or asian british": "Asian", "asian british": "Asian",
    "mixed or multiple ethnic groups": "Mixed", "mixed multiple ethnic groups": "Mixed",
    "other ethnic group": "Other", "not recorded": "Not stated", "unknown": "Not stated",
    "prefer not to say": "Not stated"})

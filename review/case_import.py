"""Case lists from spreadsheets: raw rows become Cases, with every problem collected.

A case list is a table (XLSX or CSV; ``exports.case_list`` reads the file into
:class:`SheetRows`).  Its header row is the first row that is not blank; the
columns may come in any order and are recognised by their headers, compared
ignoring case, spaces, underscores and punctuation.  A header that is not
recognised is ignored; a mapping file (``their header -> our field``) names
the rest, or ignores a column (map it to ``ignore``).

Columns (field name: the headers recognised, strongest first)
-------------------------------------------------------------

Required (every row needs a value):

================  ===========================================================
case_id           Case ID, Case ref, Case reference, Case number, Case no,
                  Case, ID
original_ref      Original reference, Original ref, Original investigation
                  ref(erence), PSD ref(erence), Investigation ref(erence),
                  Reference
subject_id        Subject ID, Subject pseudonym, Officer ID (pseudonymised),
                  Subject ref, Pseudonym, Subject, Officer ID
subject_role      Subject role, Officer or staff, Employment type, Role:
                  officer / staff / probationer, or Police officer / Police
                  staff / Probationer
allegation_types  Allegation types, Allegation type(s), Allegation type,
                  Allegations, Allegation, Type(s) of allegation: one or more
                  of Domestic abuse, Sexual violence, Sexual misconduct,
                  Discrimination, Other (labels or codes), separated by
                  ``;`` ``,`` ``|`` or new lines
summary           Summary, Case summary, Allegation summary, Description,
                  Details
conduct_date      Conduct date, Date of conduct, Incident date, Date of
                  incident, Alleged conduct date
reported_date     Reported date, Date reported, Report date, Date of report,
                  Received date, Date received
outcome_date      Outcome date, Date of outcome, Finalised date, Date
                  finalised, Closed date, Date closed
original_outcome  Original outcome, Investigation outcome, Outcome, Finding,
                  Result
met_category      Met category, Met's category, Met reassessment category,
                  Reassessment category, Category: No formal action / New
                  assessment / Formal risk management (labels or codes)
met_rationale     Met rationale, Met's rationale, Reassessment rationale, Met
                  reasoning, Rationale
================  ===========================================================

Optional (a missing column or an empty cell takes the default):

================  ===========================================================
rank              Rank, Rank/grade, Grade (default: empty)
gender            Gender, Sex: female / male / not recorded, also F / M /
                  unknown (default "not recorded")
ethnicity         Ethnicity, Ethnic group, Subject ethnicity: White / Black /
                  Asian / Mixed / Other / Not stated, also the ONS group names
                  (default "Not stated")
lines_of_inquiry  Lines of inquiry, Lines of enquiry, New/Missed lines of
                  inquiry: one per line or separated by ``;`` (default none)
risk_measures     Risk measures, Risk management measures, Risk management:
                  likewise
================  ===========================================================

The field names themselves (``case_id``) are recognised too.  When several
columns could give one field, the strongest header wins (``Case ID`` over
``ID``); two equally strong ones are a problem.  Documents are not a column:
they come from the documents folder (see ``review.bundle_create``).

Values
------

* Dates: real spreadsheet dates, ISO text (``2019-03-14``), UK text
  (``14/03/2019``, also ``14-03-2019``, ``14.3.2019``) or ``14 March 2019``.
  Slashed dates are always day first.  A number in a date column is refused
  (format the column as dates), and so is a date before 1950 or after 2100.
  conduct date <= reported date <= outcome date.
* Categories, roles, genders, ethnicities and allegation types accept codes
  or labels, in any case.
* Case ids: letters, digits, ``.``, ``_`` and ``-``, starting with a letter
  or digit, up to 64 characters; unique ignoring case.  Subject ids: letters,
  digits, spaces and ``._/:#-``, up to 64 characters.
* Text caps: summary and Met rationale 100,000 characters; original outcome
  10,000; each line of inquiry or risk measure 2,000 (20,000 in all); other
  text 200.  Control characters other than tab and new line are refused.

Every problem is collected (with the file, the row as the spreadsheet shows
it and the column letter and header) and raised together as one
:class:`CaseListError`; nothing is half-imported.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Mapping, Sequence

from review.cases import Case

# Cell readers live in review.sheet_cells; the ones rosters and exports take
# from here stay importable from here.
from review.sheet_cells import (  # noqa: F401
    CASE_ID_PATTERN, SUBJECT_ID_PATTERN, LINE_SEPARATORS, IGNORE, SheetRows, Problem,
    CaseListError, ProblemList, column_letter, normalise_header, BadValue, quote,
    shown, cell_text, cell_date, split_list, Vocabulary, CATEGORY_WORDS, ROLE_WORDS,
    ALLEGATION_WORDS, GENDER_WORDS, ETHNICITY_WORDS)


# -- the columns of a case list ----------------------------------------------
@dataclass(frozen=True)
class Column:
    """A field that a table may carry, its headers, and how its cells are read."""

    name: str
    label: str
    required: bool
    parse: Callable[[object], Any]      # raises BadValue; returns None for a blank cell
    synonyms: tuple[str, ...] = ()      # besides the name and the label, strongest first
    default: Any = None
    repeats: bool = False               # values recur (categories, dates): remember them

    def headers(self) -> list[str]:
        return [normalise_header(h) for h in (self.label, self.name, *self.synonyms)]


def text_column(limit: int, *, multiline: bool = False) -> Callable[[object], str | None]:
    return functools.partial(cell_text, limit=limit, multiline=multiline)


def _identifier(pattern: re.Pattern, what: str, example: str) -> Callable[[object], str | None]:
    def parse(value: object) -> str | None:
        text = cell_text(value, limit=64)
        if text is not None and (not pattern.fullmatch(text) or ".." in text):
            raise BadValue(f"{quote(text)} is not a usable {what}: use letters, digits and "
                           f"{example}, starting with a letter or digit (up to 64 characters).")
        return text
    return parse


def _choice(words: Vocabulary, limit: int = 200) -> Callable[[object], str | None]:
    def parse(value: object) -> str | None:
        text = cell_text(value, limit=limit)
        return None if text is None else words.code(text)
    return parse


def _allegations(value: object) -> tuple[str, ...] | None:
    text = cell_text(value, limit=1000, multiline=True)
    if text is None:
        return None
    codes: list[str] = []
    for part in split_list(text):
        code = ALLEGATION_WORDS.code(part)
        if code not in codes:
            codes.append(code)
    return tuple(codes) or None


def _lines(value: object) -> tuple[str, ...] | None:
    text = cell_text(value, limit=20_000, multiline=True)
    if text is None:
        return None
    items = split_list(text, LINE_SEPARATORS)
    for item in items:
        if len(item) > 2_000:
            raise BadValue(f"One entry is {len(item):,} characters long; each may have up to "
                           "2,000.")
    return tuple(items)


CASE_COLUMNS: tuple[Column, ...] = (
    Column("case_id", "Case ID", True,
           _identifier(CASE_ID_PATTERN, "case id", "'.', '_' or '-'"),
           ("case ref", "case reference", "case number", "case no", "case", "id")),
    Column("original_ref", "Original reference", True, text_column(200),
           ("original ref", "original investigation ref", "original investigation reference",
            "psd ref", "psd reference", "investigation ref", "investigation reference",
            "reference")),
    Column("subject_id", "Subject ID", True,
           _identifier(SUBJECT_ID_PATTERN, "subject id", "spaces or '._/:#-'"),
           ("subject pseudonym", "officer id pseudonymised", "officer id pseudonymized",
            "subject ref", "pseudonym", "subject", "officer id")),
    Column("subject_role", "Subject role", True, _choice(ROLE_WORDS),
           ("officer or staff", "officer staff", "employment type", "role"), repeats=True),
    Column("rank", "Rank", False, text_column(200), ("rank grade", "grade"), "", True),
    Column("gender", "Gender", False, _choice(GENDER_WORDS), ("sex",), "not recorded", True),
    Column("ethnicity", "Ethnicity", False, _choice(ETHNICITY_WORDS),
           ("ethnic group", "ethnicity group", "subject ethnicity"), "Not stated", True),
    Column("allegation_types", "Allegation types", True, _allegations,
           ("allegation type s", "allegation type", "allegation types s", "allegations",
            "allegation", "type of allegation", "types of allegation"), repeats=True),
    Column("summary", "Summary", True, text_column(100_000, multiline=True),
           ("case summary", "allegation summary", "description", "details")),
    Column("conduct_date", "Conduct date", True, cell_date,
           ("date of conduct", "incident date", "date of incident", "alleged conduct date"),
           repeats=True),
    Column("reported_date", "Reported date", True, cell_date,
           ("date reported", "report date", "date of report", "received date", "date received"),
           repeats=True),
    Column("outcome_date", "Outcome date", True, cell_date,
           ("date of outcome", "finalised date", "date finalised", "closed date", "date closed"),
           repeats=True),
    Column("original_outcome", "Original outcome", True, text_column(10_000, multiline=True),
           ("investigation outcome", "outcome", "finding", "result")),
    Column("met_category", "Met category", True, _choice(CATEGORY_WORDS),
           ("met s category", "met reassessment category", "reassessment category",
            "category"), repeats=True),
    Column("met_rationale", "Met rationale", True, text_column(100_000, multiline=True),
           ("met s rationale", "reassessment rationale", "met reasoning", "rationale")),
    Column("lines_of_inquiry", "Lines of inquiry", False, _lines,
           ("lines of enquiry", "new lines of inquiry", "missed lines of inquiry",
            "lines of inquiry missed"), ()),
    Column("risk_measures", "Risk measures", False, _lines,
           ("risk management measures", "risk management"), ()),
)


# -- matching headers to columns ----------------------------------------------
@dataclass(frozen=True)
class Placed:
    """A column found in the table: its field, position and header."""

    column: Column
    index: int          # 1-based
    header: str         # as written in the table (the row dicts' key)

    @property
    def letter(self) -> str:
        return column_letter(self.index)


def read_mapping_entries(mapping: Mapping[str, Any] | None, columns: Sequence[Column],
                         source: str, problems: ProblemList) -> dict[str, str | None]:
    """A mapping file's entries as {normalised header: field name, or None to ignore}."""
    if not mapping:
        return {}
    by_word = {normalise_header(w): c.name for c in columns for w in (c.name, c.label)}
    out: dict[str, str | None] = {}
    for theirs, ours in mapping.items():
        key = normalise_header(theirs)
        if not key:
            problems.add(Problem(source, None, None, "An entry maps an empty header; remove it."))
            continue
        if ours is None or normalise_header(str(ours)) in ("", IGNORE):
            out[key] = None
            continue
        name = by_word.get(normalise_header(str(ours)))
        if name is None:
            problems.add(Problem(source, None, None, (
                f"The header {shown(theirs)} is mapped to {shown(ours)}, which is not a field; "
                f"the fields are {', '.join(c.name for c in columns)} (or 'ignore').")))
            continue
        out[key] = name
    return out


def place_columns(sheet: SheetRows, columns: Sequence[Column], problems: ProblemList, *,
                  mapping: Mapping[str, Any] | None = None, mapping_source: str = "mapping file",
                  what: str = "case list", alternatives: Sequence[tuple[str, ...]] = ()
                  ) -> dict[str, Placed]:
    """Which column of ``sheet`` gives each field; problems for missing or doubled ones.

    A mapping entry decides for its header.  Otherwise the strongest header
    wins when several columns could give a field (``Case ID`` over ``ID``);
    two columns with equally strong headers are a problem.  ``alternatives``
    lists groups of optional fields of which at least one must be present.
    """
    mapped = read_mapping_entries(mapping, columns, mapping_source, problems)
    present = {normalise_header(h) for h in sheet.headers if h}
    for key in mapped:
        if key not in present:
            problems.add(Problem(mapping_source, None, None, (
                f"It maps the header {shown(key)}, which the {what} {sheet.source} does not have.")))
    by_name = {c.name: c for c in columns}
    strength: dict[str, tuple[str, int]] = {}
    for c in columns:
        for rank, word in enumerate(c.headers()):
            strength.setdefault(word, (c.name, rank))
    explicit = {name for name in mapped.values() if name}
    candidates: dict[str, list[tuple[int, int, str]]] = {}
    for index, header in enumerate(sheet.headers, 1):
        if not header:
            continue
        key = normalise_header(header)
        if key in mapped:
            if mapped[key]:
                candidates.setdefault(mapped[key], []).append((-1, index, header))
            continue
        hit = strength.get(key)
        if hit and hit[0] not in explicit:
            candidates.setdefault(hit[0], []).append((hit[1], index, header))
    placed: dict[str, Placed] = {}
    for name, found in candidates.items():
        found.sort()
        best = [f for f in found if f[0] == found[0][0]]
        if len(best) > 1:
            cols = " and ".join(f"{column_letter(i)} ({h})" for _, i, h in best)
            problems.add(Problem(sheet.source, sheet.header_row, column_letter(best[1][1]), (
                f"Columns {cols} both give the {by_name[name].label}; keep one, or name the "
                "one to use in a mapping file."), best[1][2]))
        placed[name] = Placed(by_name[name], found[0][1], found[0][2])
    for c in columns:
        if c.required and c.name not in placed:
            examples = ", ".join(repr(h) for h in (c.label, *c.synonyms[:2]))
            problems.add(Problem(sheet.source, sheet.header_row, None, (
                f"There is no {c.label} column (a header such as {examples}); add one, or "
                "name it in a mapping file.")))
    for group in alternatives:
        if not any(name in placed for name in group):
            labels = " or ".join(by_name[n].label for n in group)
            problems.add(Problem(sheet.source, sheet.header_row, None,
                                 f"There is no {labels} column; the {what} needs one of them."))
    return placed


_MISSING = object()


class RowReader:
    """Parses rows of one table: the placed columns, in column order.

    Values of columns whose values recur (categories, dates) are remembered,
    so that 100,000 rows parse each distinct category or date once.
    """

    def __init__(self, placed: Iterable[Placed], source: str, problems: ProblemList):
        order = sorted(placed, key=lambda p: p.index)
        self.headers = [p.header for p in order]
        self.source, self.problems = source, problems
        self.plan = [(p.column.name, p.header, p.letter, p.column.parse, p.column.required,
                      p.column.default, {} if p.column.repeats else None,
                      f"The {p.column.label} is empty; every row needs one.") for p in order]

    def is_blank(self, values: Mapping[str, object]) -> bool:
        """Nothing in the columns that matter: a blank row for this table."""
        return not any(map(values.__contains__, self.headers))

    def __call__(self, row_number: int, values: Mapping[str, object]
                 ) -> tuple[dict[str, Any], bool]:
        """({field: value}, whether every cell was usable) for one row.

        A required field whose cell is blank is a problem; an optional one
        takes its default.  Fields whose column is missing are left out.
        """
        out: dict[str, Any] = {}
        ok = True
        get = values.get
        for name, header, letter, parse, required, default, seen, empty in self.plan:
            raw = get(header)
            if raw is None:
                if required:
                    self.problems.add(Problem(self.source, row_number, letter, empty, header))
                    ok = False
                else:
                    out[name] = default
                continue
            remember = seen is not None and (type(raw) is str or type(raw) is dt.datetime)
            value = seen.get(raw, _MISSING) if remember else _MISSING
            if value is _MISSING:
                try:
                    value = parse(raw)
                except BadValue as exc:
                    value = exc
                if remember and len(seen) < 50_000:
                    seen[raw] = value
            if value is None:
                if required:
                    self.problems.add(Problem(self.source, row_number, letter, empty, header))
                    ok = False
                else:
                    out[name] = default
            elif isinstance(value, BadValue):
                self.problems.add(Problem(self.source, row_number, letter, str(value), header))
                ok = False
            else:
                out[name] = value
        return out, ok


# -- cases -------------------------------------------------------------------
@dataclass
class ImportResult:
    """What a case list gave: the cases, when all of it is usable, and the problems."""

    cases: list[Case]
    problems: ProblemList
    case_ids: dict[str, str] = field(default_factory=dict)     # casefold -> as written
    subject_ids: dict[str, str] = field(default_factory=dict)  # casefold -> as written


def parse_cases(sheet: SheetRows, mapping: Mapping[str, Any] | None = None, *,
                mapping_source: str = "mapping file") -> ImportResult:
    """Turn a case list into Cases, collecting every problem (never raises for bad data).

    ``case_ids`` and ``subject_ids`` list every usable id found, even on rows
    with other problems, so that documents and the roster can be checked
    against the list in the same run.
    """
    problems = ProblemList()
    placed = place_columns(sheet, CASE_COLUMNS, problems, mapping=mapping,
                           mapping_source=mapping_source)
    complete = all(c.name in placed for c in CASE_COLUMNS if c.required)
    read = RowReader(placed.values(), sheet.source, problems)
    result = ImportResult([], problems)
    first_row: dict[str, int] = {}
    src = sheet.source
    optional = {c.name: c.default for c in CASE_COLUMNS if not c.required}
    seen = 0
    for row_number, values in sheet.rows:
        if read.is_blank(values):
            continue
        seen += 1
        data, ok = read(row_number, values)
        cid = data.get("case_id")
        if cid is not None:
            key = cid.casefold()
            if key in first_row:
                p = placed["case_id"]
                problems.add(Problem(src, row_number, p.letter, (
                    f"The case id {shown(cid)} is already used on row {first_row[key]}."),
                    p.header))
                ok = False
            else:
                first_row[key] = row_number
                result.case_ids[key] = cid
        sid = data.get("subject_id")
        if sid is not None:
            result.subject_ids.setdefault(sid.casefold(), sid)
        ok = _check_dates(data, placed, row_number, src, problems) and ok
        if ok and complete and not problems.count:
            for name, default in optional.items():
                data.setdefault(name, default)
            result.cases.append(Case(**data))
    if not seen and (placed or not sheet.headers):
        problems.add(Problem(src, None, None, "It lists no cases below its header row."))
    if problems:
        result.cases = []
    return result


def _check_dates(data: dict[str, Any], placed: Mapping[str, Placed], row: int, source: str,
                 problems: ProblemList) -> bool:
    conduct, reported, outcome = (data.get(k) for k in ("conduct_date", "reported_date",
                                                        "outcome_date"))
    for earlier, later, name, sentence in (
            (conduct, reported, "reported_date", "is before the conduct date"),
            (reported, outcome, "outcome_date", "is before the reported date")):
        if earlier is not None and later is not None and later < earlier:
            p = placed[name]
            problems.add(Problem(source, row, p.letter, (
                f"{later.isoformat()} {sentence} ({earlier.isoformat()})."), p.header))
            return False
    return True


def import_cases(sheet: SheetRows, mapping: Mapping[str, Any] | None = None, *,
                 mapping_source: str = "mapping file") -> list[Case]:
    """Cases of a case list, or CaseListError listing every problem."""
    result = parse_cases(sheet, mapping, mapping_source=mapping_source)
    result.problems.raise_if_any()
    return result.cases

"""Case lists from spreadsheets: raw rows become Cases, with every problem collected.

A case list is a table (XLSX or CSV; ``review.intake.files`` reads the file into
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
attention_date    Date came to attention, Attention date, Date of awareness,
                  Date came to the attention of the appropriate authority,
                  Awareness date: when it differs from the date reported
                  (default: the date reported decides the regulations)
stated_regime     Regime, Regulations, Conduct regulations, Conduct regime:
                  2004 / 2008 / 2012 / 2020, or the regulations' names such
                  as Police (Conduct) Regulations 2012; it wins over the
                  dates, for transitional cases (default: by date)
================  ===========================================================

The field names themselves (``case_id``) are recognised too.  When several
columns could give one field, the strongest header wins (``Case ID`` over
``ID``); two equally strong ones are a problem.  Documents are not a column:
they come from the documents folder (see ``review.bundle.create``).

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

import re
from dataclasses import dataclass, field
from typing import Any, Mapping

from review.cases import REGULATIONS, Case
from review.intake.cells import (ALLEGATION_WORDS, CASE_ID_PATTERN, CATEGORY_WORDS,
                                 ETHNICITY_WORDS, GENDER_WORDS, LINE_SEPARATORS, ROLE_WORDS,
                                 SUBJECT_ID_PATTERN, BadValue, Problem, ProblemList, SheetRows,
                                 cell_date, cell_text, shown, split_list)
from review.intake.table import (Column, Placed, RowReader, choice_column, identifier_column,
                                 place_columns, text_column)


# -- the columns of a case list ----------------------------------------------
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


def _regulations(value: object) -> str | None:
    """2012, "2012 Regulations", "Police (Conduct) Regulations 2012" → "2012"."""
    if isinstance(value, (int, float)) and not isinstance(value, bool) and value == int(value):
        value = str(int(value))
    text = cell_text(value, limit=200)
    if text is None:
        return None
    years = set(re.findall(r"(?<!\d)(2004|2008|2012|2020)(?!\d)", text))
    if len(years) != 1:
        raise BadValue(f"{shown(text)} does not name one set of conduct regulations: use "
                       f"{', '.join(REGULATIONS)} or a name such as {REGULATIONS['2012']}.")
    return years.pop()


CASE_COLUMNS: tuple[Column, ...] = (
    Column("case_id", "Case ID", True,
           identifier_column(CASE_ID_PATTERN, "case id", "'.', '_' or '-'"),
           ("case ref", "case reference", "case number", "case no", "case", "id")),
    Column("original_ref", "Original reference", True, text_column(200),
           ("original ref", "original investigation ref", "original investigation reference",
            "psd ref", "psd reference", "investigation ref", "investigation reference",
            "reference")),
    Column("subject_id", "Subject ID", True,
           identifier_column(SUBJECT_ID_PATTERN, "subject id", "spaces or '._/:#-'"),
           ("subject pseudonym", "officer id pseudonymised", "officer id pseudonymized",
            "subject ref", "pseudonym", "subject", "officer id")),
    Column("subject_role", "Subject role", True, choice_column(ROLE_WORDS),
           ("officer or staff", "officer staff", "employment type", "role"), repeats=True),
    Column("rank", "Rank", False, text_column(200), ("rank grade", "grade"), "", True),
    Column("gender", "Gender", False, choice_column(GENDER_WORDS), ("sex",), "not recorded", True),
    Column("ethnicity", "Ethnicity", False, choice_column(ETHNICITY_WORDS),
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
    Column("met_category", "Met category", True, choice_column(CATEGORY_WORDS),
           ("met s category", "met reassessment category", "reassessment category",
            "category"), repeats=True),
    Column("met_rationale", "Met rationale", True, text_column(100_000, multiline=True),
           ("met s rationale", "reassessment rationale", "met reasoning", "rationale")),
    Column("lines_of_inquiry", "Lines of inquiry", False, _lines,
           ("lines of enquiry", "new lines of inquiry", "missed lines of inquiry",
            "lines of inquiry missed"), ()),
    Column("risk_measures", "Risk measures", False, _lines,
           ("risk management measures", "risk management"), ()),
    Column("attention_date", "Date came to attention", False, cell_date,
           ("attention date", "date of awareness", "awareness date",
            "date came to the attention of the appropriate authority"), None, True),
    Column("stated_regime", "Regime", False, _regulations,
           ("regulations", "conduct regulations", "conduct regime"), None, True),
)


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
    conduct, reported, outcome, attention = (
        data.get(k) for k in ("conduct_date", "reported_date", "outcome_date", "attention_date"))
    for earlier, later, name, sentence in (
            (conduct, attention, "attention_date", "is before the conduct date"),
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

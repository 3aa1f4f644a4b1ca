"""Case lists from spreadsheets: raw rows become Cases, with every problem collected.

A case list is a table (XLSX or CSV; ``review.intake.files`` reads the file into
:class:`SheetRows`).  Its header row is the first row that is not blank; the
columns may come in any order and are recognised by their headers, compared
ignoring case, spaces, underscores and punctuation.  A header that is not
recognised is a warning (``column_ignored``, or ``column_resembles`` naming
the field it looks like); the mapping (:mod:`review.intake.mapping`) names
the rest, ignores a column, maps their values to ours, gives defaults, and
may combine the rows of one case (:mod:`review.intake.combine`).

Columns (field name: the headers recognised, strongest first)
-------------------------------------------------------------

Required (every row needs a value; ``subject_role`` may come from a default,
``reported_date`` may be empty when the row gives the date the matter came to
attention or its regime):

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

Optional (a missing column or an empty cell takes the default; the app
shows an empty text or date as "not recorded"): original_ref, summary,
conduct_date, outcome_date, original_outcome and met_rationale (listed above
with the required ones for their headers), and:

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
  Dates out of order are a warning (``date_order``), as are dates in the
  future, before 1970 or that look like placeholders (review.intake.quality).
* Categories, roles, genders, ethnicities and allegation types accept codes
  or labels, in any case.
* Case ids: letters, digits, ``.``, ``_`` and ``-``, starting with a letter
  or digit, up to 64 characters; unique ignoring case.  Subject ids: letters,
  digits, spaces and ``._/:#-``, up to 64 characters.
* Text caps: summary and Met rationale 100,000 characters; original outcome
  10,000; each line of inquiry or risk measure 2,000 (20,000 in all); other
  text 200.  Control characters other than tab and new line are refused.

Every problem is collected (with the file, the row as the spreadsheet shows
it, the column letter and header, the value as found and a kind) and raised
together as one :class:`CaseListError`; nothing is half-imported, unless
rows with errors are left out in the open (``leave_out``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Any, Mapping

from review.cases import REGULATIONS, Case
from review.intake.cells import (ALLEGATION_WORDS, CASE_ID_PATTERN, CATEGORY_WORDS,
                                 ETHNICITY_WORDS, GENDER_WORDS, LINE_SEPARATORS, ROLE_WORDS,
                                 SUBJECT_ID_PATTERN, BadValue, Problem, ProblemList, SheetRows,
                                 cell_date, cell_text, shown, split_list)
from review.intake.columns import (casefolded, cases_of, one_of, read_columns, row_of,
                                   without_blank_rows)
from review.intake.combine import combine, unify_subjects
from review.intake.mapping import CaseMapping, checked_defaults, checked_values
from review.intake.quality import check_quality
from review.intake.table import Column, choice_column, identifier_column, place_columns, text_column


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


_allegations.words, _allegations.many = ALLEGATION_WORDS, True     # type: ignore[attr-defined]


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
    Column("original_ref", "Original reference", False, text_column(200),
           ("original ref", "original investigation ref", "original investigation reference",
            "psd ref", "psd reference", "investigation ref", "investigation reference",
            "reference"), ""),
    Column("subject_id", "Subject ID", True,
           identifier_column(SUBJECT_ID_PATTERN, "subject id", "spaces or '._/:#-'"),
           ("subject pseudonym", "officer id pseudonymised", "officer id pseudonymized",
            "subject ref", "pseudonym", "subject", "officer id")),
    Column("subject_role", "Subject role", True, choice_column(ROLE_WORDS),
           ("officer or staff", "officer staff", "employment type", "role"), repeats=True),
    Column("rank", "Rank", False, text_column(200), ("rank grade", "grade"), "", True),
    Column("gender", "Gender", False, choice_column(GENDER_WORDS), ("sex",), "not recorded", True),
    Column("ethnicity", "Ethnicity", False, choice_column(ETHNICITY_WORDS),
           ("ethnic group", "ethnicity group", "subject ethnicity"), "Not stated", True,
           ("race", "ethnic origin", "ethnic")),
    Column("allegation_types", "Allegation types", True, _allegations,
           ("allegation type s", "allegation type", "allegation types s", "allegations",
            "allegation", "type of allegation", "types of allegation"), repeats=True),
    Column("summary", "Summary", False, text_column(100_000, multiline=True),
           ("case summary", "allegation summary", "description", "details"), "",
           hints=("narrative", "allegation text", "circumstances")),
    Column("conduct_date", "Conduct date", False, cell_date,
           ("date of conduct", "incident date", "date of incident", "alleged conduct date"),
           repeats=True),
    Column("reported_date", "Reported date", False, cell_date,
           ("date reported", "report date", "date of report", "received date", "date received"),
           repeats=True),
    Column("outcome_date", "Outcome date", False, cell_date,
           ("date of outcome", "finalised date", "date finalised", "closed date", "date closed"),
           repeats=True),
    Column("original_outcome", "Original outcome", False, text_column(10_000, multiline=True),
           ("investigation outcome", "outcome", "finding", "result"), "", True),
    Column("met_category", "Met category", True, choice_column(CATEGORY_WORDS),
           ("met s category", "met reassessment category", "reassessment category",
            "category"), repeats=True),
    Column("met_rationale", "Met rationale", False, text_column(100_000, multiline=True),
           ("met s rationale", "reassessment rationale", "met reasoning", "rationale"), ""),
    Column("lines_of_inquiry", "Lines of inquiry", False, _lines,
           ("lines of enquiry", "new lines of inquiry", "missed lines of inquiry",
            "lines of inquiry missed"), (), True),
    Column("risk_measures", "Risk measures", False, _lines,
           ("risk management measures", "risk management"), (), True),
    Column("attention_date", "Date came to attention", False, cell_date,
           ("attention date", "date of awareness", "awareness date",
            "date came to the attention of the appropriate authority"), None, True),
    Column("stated_regime", "Regime", False, _regulations,
           ("regulations", "conduct regulations", "conduct regime"), None, True),
)


# Of each group, every row needs one field: the regime follows from the date the matter came
# to attention (the date reported unless given apart), or the list states it.
REQUIRED_ONE_OF: tuple[tuple[str, ...], ...] = (("reported_date", "attention_date",
                                                  "stated_regime"),)
OPTIONAL_DEFAULTS = {c.name: c.default for c in CASE_COLUMNS if not c.required}


# -- cases -------------------------------------------------------------------
@dataclass
class ImportResult:
    """What a case list gave: the cases (all usable ones when rows are left out), problems."""

    cases: list[Case]
    problems: ProblemList
    count: int = 0      # the cases usable: len(cases), or counted only (make_cases=False)
    case_ids: dict[str, str] = field(default_factory=dict)     # casefold -> as written
    subject_ids: dict[str, str] = field(default_factory=dict)  # subject key -> as kept
    rows_per_case: dict[str, int] = field(default_factory=dict)  # case id -> rows combined
    left_out: list[dict[str, Any]] = field(default_factory=list)  # {"row", "case_id", "kinds"}
    mapping: CaseMapping = field(default_factory=CaseMapping)

    def describe(self) -> list[str]:
        """Lines for people: rows combined into cases, and rows left out."""
        lines = []
        if self.mapping.combine_rows and self.rows_per_case:
            spread = Counter(self.rows_per_case.values())
            rows = sum(self.rows_per_case.values())
            lines.append(f"Combined {rows:,} rows into {len(self.rows_per_case):,} cases: "
                         + ", ".join(f"{n:,} from {k} row{'s' if k != 1 else ''}"
                                     for k, n in sorted(spread.items())) + ".")
            most = max(self.rows_per_case, key=self.rows_per_case.__getitem__)
            if self.rows_per_case[most] > 1:
                lines.append(f"  most rows: {most} ({self.rows_per_case[most]:,})")
        if self.left_out:
            lines.append(f"Left out {len(self.left_out):,} rows with errors: rows "
                         + ", ".join(str(x["row"]) for x in self.left_out[:12])
                         + (" ..." if len(self.left_out) > 12 else "") + ".")
        return lines


def parse_cases(sheet: SheetRows, mapping: CaseMapping | Mapping[str, Any] | None = None, *,
                mapping_source: str = "mapping file", leave_out: bool = False,
                today: dt.date | None = None, make_cases: bool = True) -> ImportResult:
    """Turn a case list into Cases, collecting every problem (never raises for bad data).

    ``case_ids`` and ``subject_ids`` list every usable id found, even on rows
    with other problems, so that documents and the roster can be checked
    against the list in the same run.  With ``leave_out``, the cases of rows
    without errors are kept while the list as a whole is usable, and every
    row left out is listed (and a warning); otherwise any error leaves no case.
    Without ``make_cases`` (``cases check``) the cases are counted, not made.
    """
    mapping = CaseMapping.of(mapping, mapping_source)
    problems = ProblemList()
    src = sheet.source
    by_name = {c.name: c for c in CASE_COLUMNS}
    defaults = checked_defaults(mapping, by_name, problems)
    values = checked_values(mapping, by_name, problems)
    groups = [tuple(n for n in g if n in by_name) for g in REQUIRED_ONE_OF]
    placed = place_columns(sheet, CASE_COLUMNS, problems, mapping=mapping.columns,
                           mapping_source=mapping.source, provided=defaults,
                           alternatives=[g for g in groups if g], report_unused=True)
    usable = not problems       # the columns and the mapping: row problems come next
    # Fields without a column: the mapping's default, else the field's own (optional ones).
    absent = {**{n: v for n, v in OPTIONAL_DEFAULTS.items() if n not in placed},
              **{n: v for n, v in defaults.items() if n not in placed}}
    sheet = without_blank_rows(sheet, placed)
    n, numbers = len(sheet), sheet.numbers
    fields, found = read_columns(sheet, placed.values(), values=values, defaults=defaults)
    fields.update((name, [value] * n) for name, value in absent.items())
    found += [f for group in groups for f in one_of(sheet, group, placed, fields)]
    for _, _, problem in sorted(found, key=lambda f: (f[0], f[1])):    # in row order
        problems.add(problem)
    bad_rows = {numbers[i] for i, _, _ in found}
    if not n and (placed or not sheet.headers):
        problems.add(Problem(src, None, None, "It lists no cases below its header row."))
    result = ImportResult([], problems, mapping=mapping)
    if "subject_id" in fields:
        result.subject_ids, fields["subject_id"] = unify_subjects(
            numbers, fields["subject_id"], placed, src, problems)
    check_quality(numbers, fields, placed, src, problems, today)
    cases, count = _group(numbers, fields, placed, src, problems, mapping.combine_rows,
                          bad_rows, result, usable, make_cases)
    usable = usable and bool(n)
    if leave_out and usable:
        result.cases, result.count = cases, count
        _list_left_out(numbers, fields.get("case_id") or [None] * n, bad_rows, problems,
                       result, src)
    elif not problems and usable:
        result.cases, result.count = cases, count
    return result


def _group(numbers: list[int], fields: dict[str, list], placed, src, problems,
           combine_rows: bool, bad_rows: set[int], result: ImportResult,
           complete: bool, make: bool = True) -> tuple[list[Case], int]:
    """Cases from rows (one per row, or one per case id with ``combine_rows``), and
    how many; without ``make``, a list with one case per row is counted, not made.

    ``complete``: no column is missing, so every field is in every row without errors.
    """
    ids, keys = casefolded(fields.get("case_id") or [None] * len(numbers))
    result.case_ids = {k: c for k, c in zip(keys, ids) if k is not None}
    if len(result.case_ids) == len(ids) - ids.count(None):
        # Every case id once (the usual list): a case per row, made column by column.
        result.rows_per_case = dict.fromkeys((c for c in ids if c is not None), 1)
        if not complete:
            return [], 0
        good = ([i for i, (n, c) in enumerate(zip(numbers, ids))
                 if c is not None and n not in bad_rows]
                if bad_rows or None in ids else range(len(ids)))
        return (cases_of(fields, good) if make else []), len(good)
    result.case_ids = {}
    by_id: dict[str, list[tuple[int, dict[str, Any]]]] = {}
    for i, (number, cid, key) in enumerate(zip(numbers, ids, keys)):
        if cid is None:
            continue
        group = by_id.get(key)
        if group is None:
            by_id[key] = [(number, row_of(fields, i))]
            result.case_ids[key] = cid
        elif combine_rows:
            group.append((number, row_of(fields, i)))
        else:
            p = placed["case_id"]
            problems.add(Problem(src, number, p.letter, (
                f"The case id {shown(cid)} is already used on row {group[0][0]}."), p.header,
                kind="duplicate_case_id", value=cid))
            bad_rows.add(number)
    cases = []
    for key, group in by_id.items():
        if len(group) == 1:
            number, merged = group[0]
            if complete and number not in bad_rows:
                cases.append(_case(merged))
            result.rows_per_case[merged["case_id"]] = 1
            continue
        merged, ok = combine(group, placed, src, problems)
        numbers_of = [n for n, _ in group]
        if not ok or any(n in bad_rows for n in numbers_of):
            bad_rows.update(numbers_of)     # a case is whole or left out, never half-read
        elif complete:
            cases.append(_case(merged))
        result.rows_per_case[merged["case_id"]] = len(group)
    return cases, len(cases)


def _case(fields: dict[str, Any]) -> Case:
    case = Case(**fields)
    # Real records have dates out of order (a warning): the case says so, and is kept as found.
    return replace(case, data_quality=("date_order",)) if case.dates_out_of_order() else case


def _list_left_out(numbers: list[int], ids: list, bad_rows: set[int], problems: ProblemList,
                   result: ImportResult, src: str) -> None:
    kinds: dict[int, list[str]] = {}
    for p in problems.items:
        if p.file == src and p.row is not None:
            kinds.setdefault(p.row, []).append(p.kind)
    for number, cid in zip(numbers, ids):
        if number in bad_rows:
            cid = cid if type(cid) is str else None
            found = sorted(set(kinds.get(number, ["rows_disagree"])))
            result.left_out.append({"row": number, "case_id": cid, "kinds": found})
            problems.add(Problem(src, number, None, (
                "This row is left out of the bundles: " + ", ".join(found) + "."),
                kind="row_left_out", value=cid))


def import_cases(sheet: SheetRows, mapping: CaseMapping | Mapping[str, Any] | None = None, *,
                 mapping_source: str = "mapping file") -> list[Case]:
    """Cases of a case list, or CaseListError listing every problem."""
    result = parse_cases(sheet, mapping, mapping_source=mapping_source)
    result.problems.raise_if_any()
    return result.cases

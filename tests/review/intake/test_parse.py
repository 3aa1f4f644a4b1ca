"""Case lists: rows become Cases, and every problem is reported with its row and column."""

from __future__ import annotations

import dataclasses
import datetime as dt
import time

import pytest

from review.intake.cells import CaseListError, cell_date, column_letter, normalise_header, SheetRows
from review.intake.parse import CASE_COLUMNS, import_cases, parse_cases
from review.cases import ALLEGATION_TYPES, CATEGORIES, SUBJECT_ROLES, Case
from review.errors import CaseDataError
from review.demo.data import generate_cases

HEADERS = ["Case ID", "Original reference", "Subject ID", "Subject role", "Rank", "Gender",
           "Ethnicity", "Allegation types", "Summary", "Conduct date", "Reported date",
           "Outcome date", "Original outcome", "Met category", "Met rationale",
           "Lines of inquiry", "Risk measures", "Date came to attention", "Regime"]
FIELDS = [c.name for c in CASE_COLUMNS]
LETTER = {h: column_letter(i) for i, h in enumerate(HEADERS, 1)}


def human_row(d: dict) -> list:
    """A demo case as a person would type it: labels, UK and real dates, lists in cells."""
    return [d["case_id"], d["original_ref"], d["subject_id"], SUBJECT_ROLES[d["subject_role"]],
            d["rank"], d["gender"], d["ethnicity"],
            "; ".join(ALLEGATION_TYPES[a] for a in d["allegation_types"]), d["summary"],
            dt.datetime.fromisoformat(d["conduct_date"]),
            dt.date.fromisoformat(d["reported_date"]).strftime("%d/%m/%Y"), d["outcome_date"],
            d["original_outcome"], CATEGORIES[d["met_category"]], d["met_rationale"],
            "\n".join(d["lines_of_inquiry"]), "; ".join(d["risk_measures"]),
            d.get("attention_date") and dt.date.fromisoformat(d["attention_date"]),
            d.get("stated_regime") and f"Police (Conduct) Regulations {d['stated_regime']}"]


def sheet(rows: list[list], headers: list[str] = HEADERS, source: str = "cases.xlsx",
          first: int = 2) -> SheetRows:
    """SheetRows as review.intake.files gives them: blank cells left out."""
    return SheetRows(list(headers), [
        (first + i, {h: v for h, v in zip(headers, row) if v is not None and v != ""})
        for i, row in enumerate(rows)], source)


@pytest.fixture(scope="module")
def demo():
    return generate_cases(30, seed=5)


def expected(d: dict) -> Case:
    return dataclasses.replace(Case.from_json(d), documents=())


def test_a_good_list_gives_exactly_the_cases(demo):
    cases = import_cases(sheet([human_row(d) for d in demo]))
    assert cases == [expected(d) for d in demo]


@pytest.mark.parametrize("names", [
    {"Case ID": "Case ref", "Original reference": "PSD ref", "Subject ID": "Officer ID (pseudonymised)",
     "Met category": "Reassessment category", "Allegation types": "Allegation type(s)",
     "Conduct date": "Date of conduct", "Reported date": "date_reported", "Met rationale": "RATIONALE"},
    {"Case ID": "case number", "Original reference": "Investigation ref", "Subject ID": "Subject",
     "Met category": "Category", "Allegation types": "Allegations", "Summary": "Case summary",
     "Original outcome": "Outcome", "Lines of inquiry": "Lines of enquiry"},
    {"Case ID": "ID", "Subject ID": "subject pseudonym", "Met category": "met_category",
     "Subject role": "Role", "Gender": "Sex", "Ethnicity": "Ethnic group"},
])
@pytest.mark.parametrize("reverse", [False, True])
def test_header_synonyms_in_any_column_order(demo, names, reverse):
    headers = [names.get(h, h) for h in HEADERS]
    rows = [human_row(d) for d in demo]
    if reverse:
        headers, rows = headers[::-1], [r[::-1] for r in rows]
    assert import_cases(sheet(rows, headers)) == [expected(d) for d in demo]


def test_optional_columns_may_be_missing(demo):
    keep = [h for h in HEADERS if h not in ("Rank", "Gender", "Ethnicity", "Lines of inquiry",
                                             "Risk measures")]
    rows = [[v for h, v in zip(HEADERS, human_row(d)) if h in keep] for d in demo[:3]]
    case = import_cases(sheet(rows, keep))[0]
    assert (case.rank, case.gender, case.ethnicity, case.lines_of_inquiry, case.risk_measures) == \
        ("", "not recorded", "Not stated", (), ())


BAD_CELLS = [
    ("Conduct date", "31/02/2019", "'31/02/2019' is not a date; write dates as 14/03/2019"),
    ("Conduct date", "soon", "'soon' is not a date"),
    ("Reported date", 43466, "The number 43466 is not a date; format the column as dates"),
    ("Outcome date", True, "TRUE or FALSE is not a date."),
    ("Conduct date", "1899-12-31", "1899-12-31 is not a plausible date for a case"),
    ("Met category", "Maybe later", "'Maybe later' is not a reassessment category; use one of: "
                                    "No formal action, New assessment, Formal risk management."),
    ("Allegation types", "Domestic abuse; Harassment", "'Harassment' is not an allegation type"),
    ("Subject role", "Chief", "'Chief' is not a subject role"),
    ("Gender", "x", "'x' is not a recorded gender"),
    ("Ethnicity", "Martian", "'Martian' is not an ethnicity group"),
    ("Summary", "x" * 100_001, "The text is 100,001 characters long; the limit is 100,000."),
    ("Met rationale", "y" * 250_000, "The text is 250,000 characters long; the limit is 100,000."),
    ("Rank", "z" * 201, "The text is 201 characters long; the limit is 200."),
    ("Summary", dt.datetime(2020, 1, 1), "The cell holds a date where text is expected."),
    ("Original outcome", dt.time(10, 0), "The cell holds a time where text is expected."),
    ("Subject ID", "   ", "The Subject ID is empty; every row needs one."),
    ("Reported date", None, "The Reported date is empty; every row needs one."),
    ("Case ID", None, "The Case ID is empty; every row needs one."),
    ("Case ID", "PR 0001", "'PR 0001' is not a usable case id"),
    ("Case ID", "PR..1", "'PR..1' is not a usable case id"),
    ("Subject ID", "S;1", "'S;1' is not a usable subject id"),
    ("Met rationale", "#N/A", "The cell holds the spreadsheet error #N/A"),
    ("Summary", "bad\x01char", "The text contains a control character (code 0x01)"),
    ("Lines of inquiry", "a" * 2001, "One entry is 2,001 characters long; each may have up to 2,000."),
]


@pytest.mark.parametrize("header, value, message", BAD_CELLS)
def test_each_bad_cell_is_reported_with_its_row_and_column(demo, header, value, message):
    rows = [human_row(d) for d in demo[:4]]
    rows[1][HEADERS.index(header)] = value
    result = parse_cases(sheet(rows))
    assert result.cases == []
    assert [(p.file, p.row, p.column, p.header) for p in result.problems.items] == \
        [("cases.xlsx", 3, LETTER[header], header)]
    text = str(result.problems.items[0])
    assert text.startswith(f"cases.xlsx row 3, column {LETTER[header]} ({header}): ")
    assert message in text
    assert "xxxxxxxxxx" not in text and "yyyyyyyyyy" not in text   # no case text in messages


def test_dates_out_of_order(demo):
    rows = [human_row(d) for d in demo[:2]]
    rows[1][HEADERS.index("Reported date")] = "01/01/2011"
    rows[1][HEADERS.index("Conduct date")] = "2011-02-01"
    result = parse_cases(sheet(rows))
    [problem] = [p for p in result.problems.warnings if p.kind == "date_order"]
    assert str(problem) == ("cases.xlsx row 3, column K (Reported date): 2011-01-01 is before the "
                            "conduct date (2011-02-01).")
    assert problem.level == "warning" and problem.value == "2011-01-01"
    # Out of order is a warning to check, not an error: the case is kept as found, flagged.
    assert not result.problems.items and len(result.cases) == 2
    flagged = result.cases[1]
    assert flagged.data_quality == ("date_order",) and result.cases[0].data_quality == ()
    assert Case.from_json(flagged.to_json()) == flagged
    unflagged = {k: v for k, v in flagged.to_json().items() if k != "data_quality"}
    with pytest.raises(CaseDataError, match="its dates are out of order"):
        Case.from_json(unflagged)


def test_duplicate_case_ids_ignoring_case(demo):
    rows = [human_row(d) for d in demo[:4]]
    rows[3][0] = rows[1][0].lower()
    [problem] = parse_cases(sheet(rows)).problems.items
    assert (problem.row, problem.column) == (5, "A")
    assert f"The case id '{rows[3][0]}' is already used on row 3." in str(problem)


def test_missing_required_columns_are_named_at_the_header_row(demo):
    keep = [h for h in HEADERS if h not in ("Subject ID", "Met category")]
    rows = [[v for h, v in zip(HEADERS, human_row(d)) if h in keep] for d in demo[:3]]
    problems = parse_cases(sheet(rows, keep)).problems.items
    assert [(p.row, p.column) for p in problems] == [(1, None), (1, None)]
    assert "There is no Subject ID column (a header such as 'Subject ID', 'subject pseudonym'" \
        in str(problems[0])
    assert "There is no Met category column" in str(problems[1])
    assert {p.kind for p in problems} == {"missing_column"}


def test_every_problem_is_reported_together(demo):
    keep = [h for h in HEADERS if h != "Subject role"]
    rows = [[v for h, v in zip(HEADERS, human_row(d)) if h in keep] for d in demo[:8]]
    col = {h: i for i, h in enumerate(keep)}
    rows[0][col["Conduct date"]] = "31/02/2019"
    rows[3][col["Met category"]] = "Unknown"
    rows[5][col["Case ID"]] = rows[2][col["Case ID"]]
    rows[6][col["Allegation types"]] = "Theft"
    with pytest.raises(CaseListError) as exc:
        import_cases(sheet(rows, keep))
    located = [(p.row, p.column) for p in exc.value.problems]
    letter = {h: column_letter(i + 1) for i, h in enumerate(keep)}
    assert located == [(1, None), (2, letter["Conduct date"]), (5, letter["Met category"]),
                       (7, "A"), (8, letter["Allegation types"])]
    assert len(str(exc.value).splitlines()) == 5
    assert exc.value.exit_code == 2


def test_a_long_list_of_problems_is_summarised_by_kind_and_kept_whole(demo):
    row = human_row(demo[0])
    rows = []
    for i in range(300):
        r = list(row)
        r[0] = f"X-{i}"
        r[HEADERS.index("Conduct date")] = "never"
        rows.append(r)
    with pytest.raises(CaseListError) as exc:
        import_cases(sheet(rows))
    lines = str(exc.value).splitlines()
    assert exc.value.total == 300 and len(exc.value.problems) == 300
    assert [p.row for p in exc.value.problems] == list(range(2, 302))
    assert {p.kind for p in exc.value.problems} == {"not_a_date"}
    assert {p.value for p in exc.value.problems} == {"never"}
    assert lines[0] == "300 errors:"
    assert lines[1].split() [:4] == ["300", "Not", "a", "date"]
    assert "[not_a_date]: rows 2, 3, 4, 5, 6 ... of cases.xlsx" in lines[1]
    assert len(lines) == 2


@pytest.mark.parametrize("value", [
    "14/03/2019", "14/3/2019", "14-03-2019", "14.03.2019", "2019-03-14", "2019-3-14",
    "2019-03-14T00:00:00", "14 March 2019", "14 Mar 2019", "14th March 2019", " 14/03/2019 ",
    dt.datetime(2019, 3, 14), dt.datetime(2019, 3, 14, 13, 5), dt.date(2019, 3, 14)])
def test_date_forms(value):
    assert cell_date(value) == dt.date(2019, 3, 14)


@pytest.mark.parametrize("value", ["03/14/2019", "14/03/19", "2019/03/14", "14 Marchember 2019",
                                   "2019-02-29", "0/1/2019"])
def test_dates_that_are_not(value):
    with pytest.raises(ValueError, match="is not a date"):
        cell_date(value)


@pytest.mark.parametrize("category, code", [
    ("NEW ASSESSMENT", "new_assessment"), ("new_assessment", "new_assessment"),
    ("No formal action (correct action was taken at the time)", "no_formal_action"),
    (" formal-risk-management ", "formal_risk_management")])
@pytest.mark.parametrize("allegations", [
    "Domestic abuse; Sexual misconduct", "domestic_abuse,sexual_misconduct",
    "Domestic abuse | Sexual misconduct", "Domestic abuse\nSexual misconduct\n",
    "DOMESTIC ABUSE;Sexual Misconduct;domestic abuse"])
def test_labels_and_codes_in_any_case(demo, category, code, allegations):
    row = human_row(demo[0])
    row[HEADERS.index("Met category")] = category
    row[HEADERS.index("Allegation types")] = allegations
    row[HEADERS.index("Subject role")] = "police STAFF"
    [case] = import_cases(sheet([row]))
    assert case.met_category == code
    assert case.allegation_types == ("domestic_abuse", "sexual_misconduct")
    assert case.subject_role == "staff"


def test_numbers_are_fine_where_text_is_needed(demo):
    row = human_row(demo[0])
    row[0], row[1], row[4] = 1001, 12345.0, 3
    [case] = import_cases(sheet([row]))
    assert (case.case_id, case.original_ref, case.rank) == ("1001", "12345", "3")


def test_lists_split_on_new_lines_or_semicolons(demo):
    row = human_row(demo[0])
    row[HEADERS.index("Lines of inquiry")] = "Interview the neighbour\r\nCheck the 999 call; \n"
    row[HEADERS.index("Risk measures")] = "Restricted duties"
    [case] = import_cases(sheet([row]))
    assert case.lines_of_inquiry == ("Interview the neighbour", "Check the 999 call")
    assert case.risk_measures == ("Restricted duties",)


def test_a_mapping_names_the_columns_synonyms_do_not_know(demo):
    headers = ["Ref", "PSD ref", "Subject", "Role", "Rank", "Gender", "Ethnicity", "Type",
               "Narrative", "Conduct date", "Reported date", "Outcome date", "Outcome",
               "Met category", "Why", "Lines of inquiry", "Risk measures", "Category"]
    rows = [human_row(d) + ["ignored"] for d in demo[:5]]
    mapping = {"ref": "case_id", "TYPE": "Allegation types", "narrative": "summary",
               "Why": "met_rationale", "Category": "ignore"}
    assert import_cases(sheet(rows, headers), mapping) == [expected(d) for d in demo[:5]]


def test_mapping_problems_are_named(demo):
    rows = [human_row(d) for d in demo[:2]]
    result = parse_cases(sheet(rows), {"Case ID": "case_idd", "Notes": "summary"},
                         mapping_source="map.json")
    text = [str(p) for p in result.problems.items]
    assert text[0].startswith("map.json: The header 'Case ID' is mapped to 'case_idd', which is "
                              "not a field")
    assert text[1] == ("map.json: It maps the header 'notes', which the case list cases.xlsx "
                       "does not have.")


def test_two_columns_for_one_field(demo):
    headers = HEADERS + ["Case ref", "Case number"]
    rows = [human_row(d) + ["A", "B"] for d in demo[:2]]
    # "Case ID" is the strongest header: the weaker synonyms are left alone.
    assert len(import_cases(sheet(rows, headers))) == 2
    headers = ["Case ref" if h == "Case ID" else h for h in HEADERS] + ["Case number", "Summary"]
    rows = [human_row(d) + ["B", "again"] for d in demo[:2]]
    problems = parse_cases(sheet(rows, headers)).problems.items
    assert [(p.row, p.column) for p in problems] == [(1, "U")]
    assert "Columns I (Summary) and U (Summary) both give the Summary" in str(problems[0])


def test_every_synonym_belongs_to_one_field():
    seen: dict[str, str] = {}
    for column in CASE_COLUMNS:
        for header in column.headers():
            assert seen.setdefault(header, column.name) == column.name, header
    assert normalise_header("Allegation type(s)") == "allegation type s"


def test_1131_rows_import_well_under_a_second():
    rows = [human_row(d) for d in generate_cases(1131, seed=0)]
    table = sheet(rows)
    start = time.process_time()
    cases = import_cases(table)
    assert time.process_time() - start < 1.0
    assert len(cases) == 1131

"""Real case lists: a 20,000-row export with foreign words, gaps and repeats comes in whole.

The list is made by tests/review/intake/messy.py; each test checks one promise:
every kind counted in the summary, every problem in the problems file, a
mapping from the template makes the list acceptable, rows combine into
cases, subjects are people, and what real records lack is "not recorded".
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from collections import Counter
from pathlib import Path

import pytest

from main import main
from review.bundle.assign import assign
from review.cases import Case
from review.intake.cells import SheetRows
from review.intake.check import check_case_list
from review.intake.files import read_mapping
from review.intake.parse import parse_cases
from review.intake.problems import KINDS
from tests.review.intake.messy import HEADERS, MAPPING, messy_rows

TODAY = dt.date(2026, 1, 1)


def write_xlsx(path: Path, rows: list[list]) -> Path:
    from openpyxl import Workbook
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Cases")
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def as_sheet(rows: list[list], source: str = "messy.xlsx") -> SheetRows:
    head = rows[0]
    return SheetRows(head, [(i + 2, {h: v for h, v in zip(head, r) if v not in (None, "")})
                            for i, r in enumerate(rows[1:])], source)


@pytest.fixture(scope="module")
def messy(tmp_path_factory) -> Path:
    return write_xlsx(tmp_path_factory.mktemp("messy") / "messy.xlsx", messy_rows(20_000))


@pytest.fixture(scope="module")
def mapping_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("mapping") / "mapping.json"
    path.write_text(json.dumps(MAPPING), encoding="utf-8")
    return path


def test_the_summary_counts_every_kind_and_the_file_holds_every_problem(messy, tmp_path):
    report = tmp_path / "problems.csv"
    result = check_case_list(messy, problems_file=report)
    assert result.exit_code == 2
    kinds = Counter(p.kind for p in result.problems)
    # Errors and warnings of many kinds, none hidden behind the first rows.
    assert {"missing_column", "duplicate_case_id", "unknown_value", "bad_identifier",
            "not_a_date", "date_out_of_range", "column_ignored", "column_resembles",
            "subject_variants", "date_order", "future_date", "old_date", "placeholder_date",
            "not_recorded"} <= set(kinds)
    text = "\n".join(result.lines)
    assert len(result.lines) <= 45
    for kind, count in kinds.items():
        [line] = [x for x in result.lines if f"[{kind}]" in x]
        assert line.split()[0] == f"{count:,}", line
    assert "ignored: Complaint code, Notes" in text
    assert "Race (like ethnicity)" in text and "Narrative (like summary)" in text
    assert f"Every problem ({len(result.problems):,}, one row each) was written to" in text
    with open(report, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0] == ["Severity", "Kind", "File", "Row", "Column", "Header", "Value", "Problem",
                       "What to do"]
    assert len(rows) - 1 == len(result.problems) > 30_000
    assert Counter(r[1] for r in rows[1:]) == kinds
    numbers = [int(r[3]) for r in rows[1:] if r[3]]
    assert numbers == sorted(numbers)                    # row order; sortable by kind in Excel
    bad_date = next(r for r in rows[1:] if r[1] == "not_a_date")
    assert bad_date[2:7] == ["messy.xlsx", "14", "J", "Date Received", "sometime"]


def test_the_problems_workbook_keeps_whole_values_and_no_formula(tmp_path):
    rows = messy_rows(50)
    long_value = "=HYPERLINK(\"x\") " + "a" * 300            # in a closed field: its whole self
    rows[2][4] = long_value
    cases = tmp_path / "cases.csv"
    with open(cases, "w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([[v.isoformat() if isinstance(v, dt.date) else v for v in r]
                                 for r in rows])
    result = check_case_list(cases, problems_file=tmp_path / "problems.xlsx")
    from openpyxl import load_workbook
    ws = load_workbook(tmp_path / "problems.xlsx", read_only=True).worksheets[0]
    got = [list(r) for r in ws.iter_rows(values_only=True)]
    assert len(got) - 1 == len(result.problems)
    [hit] = [r for r in got if r[6] == long_value]
    assert hit[1] == "bad_text" and hit[3] == 3 and hit[0] == "error"
    cells = [c for row in load_workbook(tmp_path / "problems.xlsx").worksheets[0].iter_rows()
             for c in row]
    assert all(c.data_type != "f" for c in cells)


def test_a_mapping_from_the_template_makes_the_list_acceptable(tmp_path):
    rows = messy_rows(3_000, broken=False)
    cases = write_xlsx(tmp_path / "cases.xlsx", rows)
    assert check_case_list(cases).exit_code == 2
    template = tmp_path / "mapping.xlsx"
    assert main(["cases", "template", str(cases), "--out", str(template)]) == 0
    from openpyxl import load_workbook
    wb = load_workbook(template)
    columns = {r[1].value: r for r in wb["Columns"].iter_rows(min_row=2)}
    assert columns["Race"][2].value is None and columns["Race"][3].value == "ethnicity"
    assert columns["Case Ref"][2].value == "case_id"
    values = {(r[0].value, r[1].value): r for r in wb["Values"].iter_rows(min_row=2)}
    assert values[("allegation_types", "Sexual misconduct")][4].value == "yes"
    assert values[("gender", "U")][2].value is None          # nothing close: left to fill
    assert ("ethnicity", "HISPANIC") in values                # a column that only resembles
    assert {r[0].value: r[1].value for r in wb["Settings"].iter_rows(min_row=2)
            }["combine_rows"] == "TRUE"
    # The coordinator fills the blanks in Excel; mapped values are found ignoring case.
    for header, field in MAPPING["columns"].items():
        columns[header][2].value = field
    for (name, theirs), row in values.items():
        ours = {k.casefold(): v for k, v in MAPPING["values"].get(name, {}).items()}
        if theirs.strip().casefold() in ours:
            row[2].value = ours[theirs.strip().casefold()]
    wb.save(template)
    assert set(read_mapping(template).values) >= {"subject_role", "ethnicity", "gender"}
    result = check_case_list(cases, template, tmp_path / "problems.xlsx")
    assert result.exit_code == 0, "\n".join(result.lines)
    assert result.cases > 1_000
    warned = {p.kind for p in result.problems}
    assert {"repeated_narrative", "subject_variants", "future_date", "placeholder_date",
            "old_date", "date_order", "not_recorded"} <= warned
    assert main(["cases", "check", str(cases), "--mapping", str(template)]) == 0


def test_combine_rows_unites_allegations_and_keeps_every_text():
    rows = [HEADERS,
            ["C1", "S-1", "Sworn", "PC", "F", "WHITE", "Domestic Violence", "First text.",
             dt.date(2015, 1, 2), "03/01/2015", None, "Sustained", "NFA", "", "", ""],
            ["C1", "s-1 ", "Sworn", "", "F", "WHITE", "Sexual Assault", "Second text.",
             dt.date(2014, 12, 30), "05/01/2015", dt.date(2016, 1, 1), "", "NFA", "", "", ""],
            ["C2", "S-2", "Civilian", "", "M", "BLACK", "Racial Slur", "", None, "01/02/2016",
             None, "", "FRM", "", "", ""]]
    result = parse_cases(as_sheet(rows), MAPPING, today=TODAY)
    assert not result.problems, result.problems.items
    one, two = result.cases
    assert one.allegation_types == ("domestic_abuse", "sexual_violence")
    assert one.summary == "First text.\n\nSecond text."
    assert one.conduct_date == dt.date(2014, 12, 30) and one.outcome_date == dt.date(2016, 1, 1)
    assert one.subject_id == "S-1" and result.rows_per_case == {"C1": 2, "C2": 1}
    assert "Combined 3 rows into 2 cases: 1 from 1 row, 1 from 2 rows." in result.describe()
    # What the record lacks is empty, and flagged.
    assert two.summary == "" and two.conduct_date is None and two.days_to_outcome is None
    assert {"summary", "conduct_date", "outcome_date", "rank"} <= set(two.not_recorded)
    assert Case.from_json(two.to_json()) == two
    rows[2][1] = "S-9"
    rows[2][12] = "FRM"
    result = parse_cases(as_sheet(rows), MAPPING, today=TODAY)
    kinds = [(p.kind, p.row, p.column) for p in result.problems.items]
    assert kinds == [("rows_disagree", 3, "B"), ("rows_disagree", 3, "M")]
    assert result.cases == []


def test_defaults_fill_a_field_the_list_has_no_column_for():
    rows = [["Case ID", "Subject", "Allegation", "Met category", "Date reported"],
            ["C1", "S-1", "Other", "New assessment", "01/02/2016"]]
    assert [p.kind for p in parse_cases(as_sheet(rows)).problems.items] == ["missing_column"]
    [case] = parse_cases(as_sheet(rows), {"defaults": {"subject_role": "Police officer"}}).cases
    assert case.subject_role == "officer" and case.original_ref == ""


def test_subject_variants_are_one_person_for_links_and_conflicts():
    rows = [HEADERS] + [[f"C{i}", s, "Sworn", "", "F", "WHITE", "Other", "", None, "01/02/2016",
                         None, "", "NFA", "", "", ""]
                        for i, s in enumerate(["AB-12", "ab-12", " Ab-12 ", "ＡＢ-12", "CD-3"])]
    result = parse_cases(as_sheet(rows), MAPPING, today=TODAY)
    assert [c.subject_id for c in result.cases] == ["AB-12"] * 4 + ["CD-3"]
    [warning] = [p for p in result.problems.warnings if p.kind == "subject_variants"]
    assert "'AB-12' (2 rows), 'ab-12' (1 row), 'Ab-12' (1 row)" in warning.message
    # A conflict declared in any spelling holds for every variant.
    pairs = assign([(c.case_id, c.subject_id) for c in result.cases], ["R1", "R2", "R3"], 2,
                   conflicts={"R1": ["ab-12 "], "R2": ["c4"]})
    assert not [cid for cid, rid in pairs if rid == "R1" and cid != "C4"]
    assert ("C4", "R2") not in pairs
    from review.bundle.roster import parse_roster
    roster = SheetRows(["Reviewer ID", "Name", "Fingerprint", "Conflicts"], [
        (2, {"Reviewer ID": "R1", "Name": "A", "Fingerprint": "ab" * 32,
             "Conflicts": "aB-12; S-NOBODY"})], "roster.csv")
    reviewers, problems = parse_roster(roster, base_dir=Path("."), case_ids=result.case_ids,
                                       subject_ids=result.subject_ids)
    assert reviewers[0].conflicts == ("AB-12", "S-NOBODY")
    assert not problems and [p.kind for p in problems.warnings] == ["unknown_conflict"]


def test_a_cp1252_csv_is_refused_with_its_line_and_how_to_save_it(tmp_path):
    path = tmp_path / "export.csv"
    with open(path, "w", encoding="cp1252", newline="") as f:
        csv.writer(f).writerows([HEADERS, ["C1", "S-1", "Sworn", "", "F", "WHITE", "Other",
                                           "Caf\xe9 \u2013 \xa3 5", "", "01/02/2016"]])
    result = check_case_list(path, problems_file=tmp_path / "p.csv")
    assert result.exit_code == 2
    [problem] = result.problems
    assert problem.kind == "unreadable_file" and problem.file == "export.csv"
    assert "not UTF-8 text (see line 2)" in problem.message and "CSV UTF-8" in problem.message
    assert "[unreadable_file]" in result.lines[1]
    with open(tmp_path / "p.csv", encoding="utf-8-sig") as f:
        assert len(list(csv.reader(f))) == 2


def test_twenty_thousand_rows_read_and_checked_quickly(messy, mapping_file):
    import time
    start = time.perf_counter()
    result = check_case_list(messy, mapping_file)
    took = time.perf_counter() - start
    assert result.exit_code == 2 and result.cases == 0
    assert len([p for p in result.problems if p.level == "error"]) == 5
    assert took < 20, took


def test_every_kind_has_a_title_and_what_to_do():
    for kind, (level, title, hint) in KINDS.items():
        assert level in ("error", "warning") and title and hint.endswith("."), kind
        assert re.fullmatch(r"[a-z_]+", kind)

"""The column reader gives the row reader's values and problems, cell for cell.

``review.intake.columns`` parses each distinct value once and checks columns of
mostly distinct text as a whole; ``review.intake.table.RowReader`` reads one
cell at a time.  Both read the same sheets here, as calamine's grid and as row
dicts, clean (the whole-column checks hold) and with odd cells among thousands
of plain ones (they fall back to the cell-by-cell parsers).
"""

from __future__ import annotations

import datetime as dt

import pytest

from review.intake.cells import BadValue, ProblemList, SheetRows
from review.intake.columns import read_columns
from review.intake.parse import CASE_COLUMNS, parse_cases
from review.intake.table import RowReader, place_columns

HEADERS = ["Case ID", "Original reference", "Subject ID", "Subject role", "Allegation types",
           "Summary", "Conduct date", "Reported date", "Met category", "Met rationale", "Rank"]
ROWS = 3_000

ODD = {
    "Case ID": [" C-pad ", "C..1", "\uff21\uff22-1", "bad id!", 7.0, True, "", "   ", "x" * 65],
    "Original reference": ["two\nlines", "#N/A", "ctrl\x02", 12.5, 3.0, False, "r" * 201, ""],
    "Subject ID": ["S..2", "\uff33-9", "S 1", " s-1 ", 4.0, dt.date(2020, 1, 1), ""],
    "Subject role": ["Police officer", "nobody", 1.0, "", "STAFF"],
    "Allegation types": ["Domestic abuse; bogus", "sexual violence,discrimination", "", 2.0],
    "Summary": ["  padded  ", "", "   ", "#N/A", "has\x01control", "line\r\nbreak",
                "tab\there", "x" * 100_001, 12.0, True, dt.date(2020, 1, 1), "\v"],
    "Conduct date": [dt.datetime(2019, 3, 14, 12), "2019-03-14", "14/03/2019", 43000.0, True,
                     "", "1949-01-01", "not a date", dt.time(12, 0)],
    "Reported date": ["", "31/02/2019", dt.date(2101, 1, 1), "14 March 2019"],
    "Met category": ["nfa", "bogus", 1.0, "", "New assessment (NA)"],
    "Met rationale": ["", "ctrl\x1f", "  x  ", 5.0],
    "Rank": ["", "PC", 1.0, "two\nlines"],
}


def plain(header: str, i: int) -> object:
    """The i-th plain value of a column: distinct texts and ids, recurring choices."""
    return {"Case ID": f"C-{i:05d}", "Original reference": f"PSD/{i}",
            "Subject ID": f"S-{i % 1_700}", "Subject role": ("officer", "Police staff")[i % 2],
            "Allegation types": ("Domestic abuse", "Sexual violence; Other")[i % 2],
            "Summary": f"Summary of case {i}.\nA second paragraph {i * 7}.",
            "Conduct date": dt.date(2010, 1, 1) + dt.timedelta(days=i % 900),
            "Reported date": dt.date(2013, 1, 1) + dt.timedelta(days=i),
            "Met category": ("No formal action", "New assessment")[i % 2],
            "Met rationale": f"Rationale {i % 40}", "Rank": ("PC", "DS", "")[i % 3]}[header]


def grid(with_odd: bool) -> tuple[list[int], list[list]]:
    lists = []
    for i in range(ROWS):
        row = [plain(h, i) for h in HEADERS]
        if with_odd and i % 7 == 3:
            for k, h in enumerate(HEADERS):
                if (i // 7 + k) % 3 == 0:
                    row[k] = ODD[h][(i // 21 + k) % len(ODD[h])]
        lists.append(row)
    return list(range(2, ROWS + 2)), lists


def sheets(with_odd: bool) -> tuple[SheetRows, SheetRows]:
    """The same table as calamine's grid and as row dicts (blank cells left out)."""
    numbers, lists = grid(with_odd)
    at = {h: i for i, h in enumerate(HEADERS)}
    as_grid = SheetRows(HEADERS, None, "list.xlsx", grid=(numbers, lists, at))
    as_rows = SheetRows(HEADERS, [(n, {h: v for h, v in zip(HEADERS, r) if v != ""})
                                  for n, r in zip(numbers, lists)], "list.xlsx")
    return as_grid, as_rows


def by_row(sheet: SheetRows, **kwargs):
    problems = ProblemList()
    placed = place_columns(sheet, CASE_COLUMNS, ProblemList())
    read = RowReader(placed.values(), sheet.source, problems, **kwargs)
    rows = [read(n, cells)[0] for n, cells in sheet.rows]
    return rows, [repr(p) for p in problems.items + problems.warnings]


def by_column(sheet: SheetRows, **kwargs):
    placed = place_columns(sheet, CASE_COLUMNS, ProblemList())
    fields, found = read_columns(sheet, placed.values(), **kwargs)
    found.sort(key=lambda f: (f[0], f[1]))
    rows = [{name: col[i] for name, col in fields.items() if type(col[i]) is not BadValue}
            for i in range(len(sheet))]
    return rows, [repr(p) for _, _, p in found]


@pytest.mark.parametrize("with_odd", [False, True], ids=["clean", "odd cells"])
@pytest.mark.parametrize("form", [0, 1], ids=["grid", "row dicts"])
def test_every_value_and_problem_is_the_row_readers(with_odd, form):
    sheet = sheets(with_odd)[form]
    rows, problems = by_row(sheet)
    assert by_column(sheet) == (rows, problems)
    if with_odd:
        kinds = {p.split("kind='")[1].split("'")[0] for p in problems}
        assert {"bad_identifier", "bad_text", "not_a_date", "date_out_of_range",
                "unknown_value", "empty_required"} <= kinds
        assert "'AB-1'" in repr(rows)           # full-width, read through NFKC
    else:
        assert not problems


def test_mapped_values_and_defaults_are_the_row_readers():
    sheet = sheets(True)[0]
    kwargs = {"values": {"met_category": {"bogus": "No formal action"}, "subject_role": {"nobody": "staff"}},
              "defaults": {"subject_role": "officer"}}
    rows, problems = by_row(sheet, **kwargs)
    assert by_column(sheet, **kwargs) == (rows, problems)
    assert not any("header='Met category'" in p and "'bogus'" in p for p in problems)
    assert not any("'nobody'" in p for p in problems)
    assert any("header='Met category'" in p and "unknown_value" in p for p in problems)


@pytest.mark.parametrize("with_odd", [False, True], ids=["clean", "odd cells"])
def test_a_grid_and_its_row_dicts_give_the_same_cases_and_problems(with_odd):
    as_grid, as_rows = sheets(with_odd)
    a, b = (parse_cases(s, today=dt.date(2026, 1, 1), leave_out=True) for s in (as_grid, as_rows))
    assert [repr(p) for p in a.problems.everything()] == [repr(p) for p in b.problems.everything()]
    assert a.cases == b.cases and a.left_out == b.left_out and a.count == len(a.cases)
    assert len(a.cases) == ROWS if not with_odd else 0 < len(a.cases) < ROWS
    counted = parse_cases(as_grid, today=dt.date(2026, 1, 1), leave_out=True, make_cases=False)
    assert counted.count == len(a.cases)
    # Counted, not made, when each case has one row; a case id used twice is grouped as before.
    assert counted.cases == ([] if not with_odd else a.cases)

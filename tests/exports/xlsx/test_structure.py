"""The workbook people read: sheets, charts, typed columns, frozen header, filters."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

from exports.xlsx.columns import DECISION_COLUMNS, HISTORY_COLUMNS


@pytest.fixture(scope="module")
def workbook(exported):
    return openpyxl.load_workbook(exported.xlsx)


def test_sheets_in_order_and_signature_hidden(workbook):
    assert workbook.sheetnames == ["Summary", "Decisions", "History", "Consultations", "About",
                                   "Signature"]
    assert workbook["Signature"].sheet_state == "hidden"
    assert all(workbook[n].sheet_state == "visible" for n in workbook.sheetnames[:5])
    assert workbook.active.title == "Summary"


def test_summary_has_native_charts(workbook):
    charts = workbook["Summary"]._charts
    assert len(charts) == 5
    titles = [c.title.tx.rich.p[0].r[0].t for c in charts]
    assert "Recommended actions" in titles and "Panel category within each Met category" in titles


def test_summary_counts_match_the_data(workbook, exported):
    from exports.statistics import compute_statistics
    stats = compute_statistics(exported.data.records)
    ws = workbook["Summary"]
    cells = {ws.cell(r, 1).value: ws.cell(r, 2).value for r in range(1, ws.max_row + 1)}
    assert cells["Final"] == stats.states["final"]
    assert cells["Recused"] == stats.states["recused"]
    assert cells["Vetting review"] == stats.actions["vetting_review"]


@pytest.mark.parametrize("sheet, columns", [("Decisions", DECISION_COLUMNS),
                                            ("History", HISTORY_COLUMNS)])
def test_tables_have_frozen_header_filter_and_widths(workbook, sheet, columns):
    ws = workbook[sheet]
    assert [c.value for c in ws[1]] == [c.header for c in columns]
    assert ws.freeze_panes in ("B2", "C2")
    assert ws.auto_filter.ref and ws.auto_filter.ref.startswith("A1:")
    letter = openpyxl.utils.get_column_letter
    for i, col in enumerate(columns, start=1):
        assert ws.column_dimensions[letter(i)].width == pytest.approx(col.width)
    assert all(ws.cell(1, i).font.b for i in range(1, len(columns) + 1))


def test_decisions_one_row_per_case_with_typed_columns(workbook, exported):
    ws = workbook["Decisions"]
    assert ws.max_row == exported.data.case_count + 1
    keys = [c.key for c in DECISION_COLUMNS]
    saved_rows = [r for r in range(2, ws.max_row + 1)
                  if ws.cell(r, keys.index("version") + 1).value is not None]
    assert len(saved_rows) == exported.data.decision_count
    for r in saved_rows:
        assert isinstance(ws.cell(r, keys.index("version") + 1).value, int)
        assert isinstance(ws.cell(r, keys.index("last_saved") + 1).value, dt.datetime)
        assert isinstance(ws.cell(r, keys.index("first_saved") + 1).value, dt.datetime)
        assert isinstance(ws.cell(r, keys.index("recused") + 1).value, bool)
    rationale = ws.cell(saved_rows[0], keys.index("rationale") + 1)
    assert rationale.alignment.wrap_text


def test_about_sheet_names_member_fingerprint_and_bundle(workbook, exported, member_identity):
    from review.identity import format_fingerprint
    ws = workbook["About"]
    about = {ws.cell(r, 1).value: ws.cell(r, 2).value for r in range(1, ws.max_row + 1)}
    assert about["Panel member"] == exported.data.member_name
    assert about["Certificate fingerprint (SHA-256)"] == format_fingerprint(
        member_identity.fingerprint)
    assert about["Bundle ID"] == exported.data.bundle_id
    assert about["History chain head (SHA-256)"] == exported.data.history_head

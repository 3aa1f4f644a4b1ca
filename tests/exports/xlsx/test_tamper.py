"""Any edit to a signed workbook is INVALID and names the cell or the reason."""

from __future__ import annotations

import shutil

import openpyxl
import pytest

from exports.errors import SignedFileInvalid
from exports.service import export_signed
from exports.xlsx.columns import DECISION_COLUMNS
from exports.xlsx.verify import read_signed_workbook


def _edit(path, change) -> None:
    wb = openpyxl.load_workbook(path)
    change(wb)
    wb.save(path)


def _invalid(path) -> SignedFileInvalid:
    with pytest.raises(SignedFileInvalid) as info:
        read_signed_workbook(path)
    return info.value


def test_unchanged_file_is_valid(exported):
    assert read_signed_workbook(exported.xlsx).decision_count == exported.data.decision_count


def test_file_only_resaved_by_openpyxl_stays_valid(xlsx_copy):
    _edit(xlsx_copy, lambda wb: None)
    _edit(xlsx_copy, lambda wb: None)  # twice: nothing drifts
    assert read_signed_workbook(xlsx_copy).decision_count > 0


def _row_of(path, case_id) -> int:
    ws = openpyxl.load_workbook(path)["Decisions"]
    return next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == case_id)


@pytest.mark.parametrize("column", range(1, len(DECISION_COLUMNS) + 1),
                         ids=[c.key for c in DECISION_COLUMNS])
def test_changing_any_decision_cell_names_it(xlsx_copy, exported, column):
    row = _row_of(xlsx_copy, exported.special["full"])

    def change(wb):
        cell = wb["Decisions"].cell(row, column)
        cell.value = {str: "changed", int: 99, bool: not cell.value}.get(type(cell.value), "x")
    _edit(xlsx_copy, change)
    err = _invalid(xlsx_copy)
    ref = f"Decisions!{openpyxl.utils.get_column_letter(column)}{row}"
    assert err.cell == ref and ref in err.reason
    assert DECISION_COLUMNS[column - 1].header in err.reason


@pytest.mark.parametrize("value", ["", None, " ", "=1+1", 0])
def test_clearing_or_retyping_a_rationale_is_detected(xlsx_copy, exported, value):
    row = _row_of(xlsx_copy, exported.special["markup"])
    col = [c.key for c in DECISION_COLUMNS].index("rationale") + 1
    _edit(xlsx_copy, lambda wb: setattr(wb["Decisions"].cell(row, col), "value", value))
    assert _invalid(xlsx_copy).cell == f"Decisions!{openpyxl.utils.get_column_letter(col)}{row}"


@pytest.mark.parametrize("where", ["first", "middle", "last"])
def test_deleting_a_row_is_detected(xlsx_copy, exported, where):
    n = exported.data.case_count + 1
    row = {"first": 2, "middle": n // 2, "last": n}[where]
    case_id = exported.data.records[row - 2].case_id
    _edit(xlsx_copy, lambda wb: wb["Decisions"].delete_rows(row))
    err = _invalid(xlsx_copy)
    assert case_id in err.reason and ("deleted" in err.reason)
    assert err.cell == f"Decisions!A{row}"


def test_inserting_a_row_is_detected(xlsx_copy):
    _edit(xlsx_copy, lambda wb: wb["Decisions"].insert_rows(5))
    err = _invalid(xlsx_copy)
    assert "inserted" in err.reason and err.cell == "Decisions!A5"


def test_appending_a_decision_row_is_detected(xlsx_copy, exported):
    row = exported.data.case_count + 2
    _edit(xlsx_copy, lambda wb: setattr(wb["Decisions"].cell(row, 1), "value", "PR-9999"))
    err = _invalid(xlsx_copy)
    assert err.cell == f"Decisions!A{row}" and "added" in err.reason


def test_deleting_a_column_is_detected(xlsx_copy):
    _edit(xlsx_copy, lambda wb: wb["Decisions"].delete_cols(4))
    err = _invalid(xlsx_copy)
    assert err.cell == "Decisions!D1" and "column" in err.reason


def test_a_note_outside_the_table_is_detected(xlsx_copy):
    col = openpyxl.utils.get_column_letter(len(DECISION_COLUMNS) + 2)
    _edit(xlsx_copy, lambda wb: setattr(wb["Decisions"][f"{col}3"], "value", "note"))
    assert _invalid(xlsx_copy).cell == f"Decisions!{col}3"


@pytest.mark.parametrize("sheet, ref", [("History", "C3"), ("About", "B2"), ("Summary", "B6")])
def test_other_signed_sheets_are_covered(xlsx_copy, sheet, ref):
    _edit(xlsx_copy, lambda wb: setattr(wb[sheet][ref], "value", "edited"))
    err = _invalid(xlsx_copy)
    assert err.cell == f"{sheet}!{ref}"


def test_history_sheet_holds_every_version(exported):
    ws = openpyxl.load_workbook(exported.xlsx)["History"]
    assert ws.max_row - 1 == exported.data.history_count
    assert [ws.cell(r, 1).value for r in range(2, ws.max_row + 1)] == \
        [e.seq for e in exported.data.history]


def test_added_sheet_is_detected(xlsx_copy):
    _edit(xlsx_copy, lambda wb: wb.create_sheet("Corrected decisions"))
    assert "added" in _invalid(xlsx_copy).reason


def test_deleted_sheet_is_detected(xlsx_copy):
    _edit(xlsx_copy, lambda wb: wb.remove(wb["History"]))
    assert "History" in _invalid(xlsx_copy).reason


def test_missing_signature_sheet_is_detected(xlsx_copy):
    _edit(xlsx_copy, lambda wb: wb.remove(wb["Signature"]))
    assert "no Panel Review signature" in _invalid(xlsx_copy).reason


def test_edited_signature_record_is_detected(xlsx_copy):
    def change(wb):
        ws = wb["Signature"]
        ws["D9"] = "0" * len(ws["D9"].value)  # a tag of the Summary sheet's second row
    _edit(xlsx_copy, change)
    assert "signature does not match" in _invalid(xlsx_copy).reason


@pytest.fixture(scope="module")
def other_members_export(export_data, other_identity, tmp_path_factory):
    """The same decisions, except one, exported and signed by another member."""
    import dataclasses
    from review.workspace.decision_store import SavedDecision
    records = list(export_data.records)
    first = next(i for i, r in enumerate(records) if r.saved is not None)
    r = records[first]
    changed = dataclasses.replace(r.saved.decision, rationale="A different member's view of it.")
    records[first] = dataclasses.replace(r, saved=SavedDecision(r.case_id, changed, r.saved.version,
                                                                r.saved.saved_at))
    data = dataclasses.replace(export_data, records=tuple(records))
    path = tmp_path_factory.mktemp("other") / "other.xlsx"
    export_signed(data, other_identity, xlsx_path=path)
    return path, first


def test_swapping_in_another_members_signature_cells_is_detected(xlsx_copy, other_members_export):
    other = openpyxl.load_workbook(other_members_export[0])["Signature"]

    def change(wb):
        for ref in ("B3", "B4"):  # certificate and signature
            wb["Signature"][ref] = other[ref].value
    _edit(xlsx_copy, change)
    assert "certificate" in _invalid(xlsx_copy).reason


def test_swapping_in_another_members_whole_signature_sheet_names_the_cell(
        xlsx_copy, other_members_export):
    other_path, first = other_members_export
    other = openpyxl.load_workbook(other_path)["Signature"]

    def change(wb):
        ws = wb["Signature"]
        for row in other.iter_rows():
            for c in row:
                ws[c.coordinate] = c.value
    _edit(xlsx_copy, change)
    err = _invalid(xlsx_copy)
    col = [c.key for c in DECISION_COLUMNS].index("rationale") + 1
    assert err.cell == f"Decisions!{openpyxl.utils.get_column_letter(col)}{first + 2}"


def test_another_members_export_is_itself_valid_but_names_its_signer(other_members_export,
                                                                     other_identity):
    v = read_signed_workbook(other_members_export[0])
    assert v.fingerprint == other_identity.fingerprint and v.signer_name == "Prof B Other"


@pytest.mark.parametrize("content", [b"", b"PK\x03\x04 not really a zip", b"%PDF-1.7 nope"])
def test_damaged_files_are_invalid_not_crashes(tmp_path, content):
    path = tmp_path / "damaged.xlsx"
    path.write_bytes(content)
    assert "damaged" in _invalid(path).reason


def test_truncated_workbook_is_invalid(xlsx_copy):
    data = xlsx_copy.read_bytes()
    xlsx_copy.write_bytes(data[: len(data) // 2])
    assert "damaged" in _invalid(xlsx_copy).reason


def test_file_digest_identifies_the_file_not_its_name(exported, tmp_path):
    import hashlib
    target = tmp_path / "renamed.xlsx"
    shutil.copyfile(exported.xlsx, target)
    digest = read_signed_workbook(target).file_digest
    assert digest == hashlib.sha256(exported.xlsx.read_bytes()).hexdigest()

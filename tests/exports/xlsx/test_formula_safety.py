"""No cell is ever a formula from user text, in the XML or when read back."""

from __future__ import annotations

import io
import re
import zipfile

import openpyxl
import pytest

from exports.xlsx.cells import put_text
from exports.xlsx.columns import DECISION_COLUMNS
from tests.exports.conftest import FORMULA_RATIONALE


def _sheet_xml(path, sheet_name: str) -> str:
    wb = openpyxl.load_workbook(path)
    index = wb.sheetnames.index(sheet_name) + 1
    with zipfile.ZipFile(path) as z:
        return z.read(f"xl/worksheets/sheet{index}.xml").decode("utf-8")


@pytest.mark.parametrize("sheet", ["Summary", "Decisions", "History", "About", "Signature"])
def test_no_formula_element_anywhere(exported, sheet):
    xml = _sheet_xml(exported.xlsx, sheet)
    assert "<f>" not in xml and "<f " not in xml


def test_hyperlink_rationale_stays_text(exported):
    wb = openpyxl.load_workbook(exported.xlsx)
    ws = wb["Decisions"]
    col = [c.key for c in DECISION_COLUMNS].index("rationale") + 1
    row = next(r for r in range(2, ws.max_row + 1)
               if ws.cell(r, 1).value == exported.special["formula"])
    cell = ws.cell(row, col)
    assert cell.value == FORMULA_RATIONALE
    assert cell.data_type == "s" and cell.quotePrefix  # Excel keeps it text even when edited
    xml = _sheet_xml(exported.xlsx, "Decisions")
    ref = cell.coordinate
    element = re.search(rf'<c r="{ref}"[^>]*>.*?</c>', xml, re.S).group(0)
    assert 't="inlineStr"' in element and "HYPERLINK" in element and "<f>" not in element
    assert not ws.cell(row, col).hyperlink


def test_hyperlink_rationale_in_history_stays_text(exported):
    ws = openpyxl.load_workbook(exported.xlsx)["History"]
    texts = [c for row in ws.iter_rows() for c in row if c.value == FORMULA_RATIONALE]
    assert texts and all(c.data_type == "s" for c in texts)


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1", "\n=1",
                                  "=HYPERLINK(\"http://x\")", "#N/A", "#REF!"])
def test_any_leading_character_is_written_as_a_string(text):
    wb = openpyxl.Workbook()
    ws = wb.active
    put_text(ws, 1, 1, text)
    buf = io.BytesIO()
    wb.save(buf)
    back = openpyxl.load_workbook(io.BytesIO(buf.getvalue())).active["A1"]
    assert back.value == text and back.data_type == "s" and back.quotePrefix
    with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as z:
        assert "<f>" not in z.read("xl/worksheets/sheet1.xml").decode()


def test_text_longer_than_an_excel_cell_is_refused_not_cut():
    """Excel holds 32,767 characters a cell; openpyxl would cut silently, Excel would
    "repair" a longer one. The writer refuses, naming the cell."""
    from exports.errors import ExportError
    from exports.xlsx.cells import MAX_CELL_CHARS
    ws = openpyxl.Workbook().active
    ws.title = "Decisions"
    assert put_text(ws, 2, 8, "r" * MAX_CELL_CHARS).value == "r" * MAX_CELL_CHARS
    with pytest.raises(ExportError, match=r"Cell H3 of the Decisions sheet .*32,768"):
        put_text(ws, 3, 8, "r" * (MAX_CELL_CHARS + 1))

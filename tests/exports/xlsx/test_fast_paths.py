"""The export's fast paths give exactly what the plain openpyxl and json paths give.

The cells of a sheet are serialised by :mod:`exports.xlsx.memory` rather than by
openpyxl's per-cell writer, row tags are hashed from JSON spelled out by hand, and
column styles are copied rather than assigned; each must be indistinguishable from
the slow path it replaces, byte for byte, or signatures and readers would differ.
"""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl.styles import Alignment
from openpyxl.worksheet._writer import WorksheetWriter

from exports.xlsx.canonical import cell_tag, row_tags
from exports.xlsx.cells import ColumnStyles, put_row, put_value
from exports.xlsx.memory import fast_writer_class

AWKWARD = [" leading space", "trailing space ", "a&<>\"'\r\n\tb\u2028\u00e9\U0001F600]]>",
           "=HYPERLINK(\"http://evil.example\")", "bell \x07 and _x0041_", "x" * 5000]
VALUES = AWKWARD + [1, -2.5, 1e-7, 10 ** 20, True, False, None, "",
                    dt.datetime(2020, 1, 2, 3, 4, 5, 123000), dt.date(2021, 5, 6)]


def _both(make_sheet) -> tuple[bytes, bytes, bool]:
    """Both writers' XML, each of its own copy (writing a sheet sets some of its defaults)."""
    plain = WorksheetWriter(make_sheet(), out=io.BytesIO())
    plain.write()
    fast = fast_writer_class()(make_sheet(), out=io.BytesIO())
    fast.write()
    return plain.read(), fast.read(), fast.cells is not None


def _awkward_sheet():
    ws = openpyxl.Workbook().active
    put_row(ws, 1, VALUES)
    put_row(ws, 3, VALUES, ["yyyy-mm-dd"] * len(VALUES))
    ws.row_dimensions[5].height = 30          # an empty row that only has a height
    ws.cell(row=7, column=40).value = 3
    return ws


def test_sheet_xml_is_what_openpyxl_writes(exported):
    plain, fast, used = _both(_awkward_sheet)
    assert used and fast == plain
    for name in openpyxl.load_workbook(exported.xlsx).sheetnames:  # a real export, read back
        plain, fast, used = _both(lambda: openpyxl.load_workbook(exported.xlsx)[name])
        assert used and fast == plain, name


def test_a_formula_is_left_to_openpyxl():
    def sheet():
        ws = openpyxl.Workbook().active
        ws["A1"] = "=SUM(B1:B2)"
        return ws
    plain, fast, used = _both(sheet)
    assert not used and fast == plain


def test_column_styles_match_put_value():
    book = openpyxl.Workbook()
    slow, fast = book.create_sheet("slow"), book.create_sheet("fast")
    aligns = [Alignment(wrap_text=True, vertical="top"), Alignment(vertical="top")] * 20
    formats = ["yyyy-mm-dd hh:mm:ss", None] * 20
    for col, value in enumerate(VALUES, start=1):
        put_value(slow, 1, col, value, formats[col - 1]).alignment = aligns[col - 1]
    ColumnStyles(fast, aligns[:len(VALUES)], formats[:len(VALUES)]).append_row(fast, VALUES)
    for col in range(1, len(VALUES) + 1):
        a, b = slow.cell(row=1, column=col), fast.cell(row=1, column=col)
        # the same workbook, so the same style ids mean the same font, format, alignment...
        assert (a.value, a.data_type, list(a._style)) == (b.value, b.data_type, list(b._style))


canonical = st.one_of(
    st.none(), st.tuples(st.sampled_from("snbdtfe?"), st.text()).map(list),
    st.tuples(st.just("b"), st.booleans()).map(list))


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=20), st.lists(canonical, max_size=6))
def test_row_tags_are_the_cell_tags(sheet, row):
    try:
        expected = "".join(cell_tag(sheet, c, v) for c, v in enumerate(row, start=1))
    except UnicodeEncodeError:  # a lone surrogate: neither path can encode it
        with pytest.raises(UnicodeEncodeError):
            row_tags(sheet, row)
        return
    assert row_tags(sheet, row) == expected

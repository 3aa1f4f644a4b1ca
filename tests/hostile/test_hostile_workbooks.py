"""Hostile signed workbooks for ``verify`` and the merge: a clean INVALID, never a crash.

tests/exports/xlsx/test_tamper.py edits cells through openpyxl; here the
workbook's XML parts themselves are made hostile (entity expansion,
external entities, enormous cells and dimensions, 100,000 blank rows,
wrong types) and the signature is edited or stripped.  Each must end in
:class:`SignedFileInvalid` (or, for changes that alter no signed value,
a valid result), quickly, and without writing any file.
"""

from __future__ import annotations

import io
import re
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest

from hostile_helpers import listing
from exports.errors import SignedFileInvalid
from exports.xlsx.verify import read_signed_workbook


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {i.filename: z.read(i) for i in z.infolist()}


def _write_parts(path: Path, parts: dict[str, bytes]) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    path.write_bytes(buf.getvalue())


def _sheet_part(parts: dict[str, bytes], index: int) -> str:
    return f"xl/worksheets/sheet{index}.xml"


BILLION_LAUGHS = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
                  + b"".join(b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1
                                                            else b"&lol;") * 10)
                             for i in range(1, 10))
                  + b"]>")
XXE = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'


def _with_dtd(xml: bytes, dtd: bytes, entity: bytes) -> bytes:
    body = re.sub(rb"^<\?xml[^>]*\?>", b"", xml)
    # put a reference to the entity into the first inline or shared string
    if b"<t>" in body:
        body = body.replace(b"<t>", b"<t>" + entity, 1)
    else:  # no text element: into the first attribute value (a sheet name, a content type)
        body = re.sub(rb'(<\w+ [^>]*?\w+=")', rb"\1" + entity, body, count=1)
    return dtd + body


def _mutations():
    """name → function(parts) → parts; each a hostile or edited workbook."""
    def dtd(part, kind):
        def f(p):
            p = dict(p)
            name = {"sheet": "xl/worksheets/sheet2.xml", "strings": "xl/sharedStrings.xml",
                    "workbook": "xl/workbook.xml", "content types": "[Content_Types].xml"}[part]
            if name not in p:
                pytest.skip(f"{name} not in this workbook")
            p[name] = _with_dtd(p[name], BILLION_LAUGHS if kind == "laughs" else XXE,
                                b"&lol9;" if kind == "laughs" else b"&xxe;")
            return p
        return f

    def sheet_xml(change):
        def f(p):
            p = dict(p)
            p["xl/worksheets/sheet2.xml"] = change(p["xl/worksheets/sheet2.xml"])
            return p
        return f

    def blank_rows(xml: bytes) -> bytes:
        rows = b"".join(b'<row r="%d"/>' % r for r in range(2000, 102000))
        return xml.replace(b"</sheetData>", rows + b"</sheetData>")

    def blank_cells(xml: bytes) -> bytes:
        rows = b"".join(b'<row r="%d"><c r="A%d"/></row>' % (r, r) for r in range(2000, 102000))
        return xml.replace(b"</sheetData>", rows + b"</sheetData>")

    def far_cells(xml: bytes) -> bytes:
        cells = (b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c>'
                 b'</row>')
        return xml.replace(b"</sheetData>", cells + b"</sheetData>")

    def huge_dimension(xml: bytes) -> bytes:
        return re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:XFD1048576"/>', xml)

    def enormous_cell(xml: bytes) -> bytes:
        big = b"A" * (40 << 20)
        cells = b'<row r="5000"><c r="A5000" t="inlineStr"><is><t>' + big + b"</t></is></c></row>"
        return xml.replace(b"</sheetData>", cells + b"</sheetData>")

    def wrong_type(xml: bytes) -> bytes:
        # the first number becomes an error value of the same text
        out, n = re.subn(rb'(<c r="[A-Z]+\d+"(?: s="\d+")?) t="n"><v>', rb'\1 t="e"><v>', xml,
                         count=1)
        assert n == 1
        return out

    def text_to_number(xml: bytes) -> bytes:
        out, n = re.subn(rb'(<c r="A2"(?: s="\d+")?) t="inlineStr"><is><t>[^<]*</t></is>',
                         rb'\1 t="n"><v>7</v>', xml, count=1)
        assert n == 1
        return out

    def formula(xml: bytes) -> bytes:
        out, n = re.subn(rb'(<c r="[A-Z]+\d+"(?: s="\d+")?) t="n"><v>([^<]*)</v>',
                         rb'\1><f>0+\2</f><v>\2</v>', xml, count=1)
        assert n == 1
        return out

    def garbage(xml: bytes) -> bytes:
        return xml[: len(xml) // 2]

    return {
        "billion-laughs-sheet": dtd("sheet", "laughs"),

        "billion-laughs-workbook": dtd("workbook", "laughs"),
        "xxe-sheet": dtd("sheet", "xxe"),
        "xxe-workbook": dtd("workbook", "xxe"),
        "xxe-content-types": dtd("content types", "xxe"),
        "100000-blank-rows": sheet_xml(blank_rows),
        "100000-blank-cells": sheet_xml(blank_cells),
        "cell-at-the-far-corner": sheet_xml(far_cells),
        "huge-dimension": sheet_xml(huge_dimension),
        "enormous-cell": sheet_xml(enormous_cell),
        "wrong-cell-type": sheet_xml(wrong_type),
        "text-turned-number": sheet_xml(text_to_number),
        "formula-over-a-value": sheet_xml(formula),
        "truncated-sheet-xml": sheet_xml(garbage),
        "no-workbook-part": lambda p: {k: v for k, v in p.items() if k != "xl/workbook.xml"},
        "no-sheets": lambda p: {k: v for k, v in p.items() if not k.startswith("xl/worksheets")},
        "no-workbook-relationships": lambda p: {k: v for k, v in p.items()
                                                if k != "xl/_rels/workbook.xml.rels"},
    }


MUTATIONS = _mutations()
# Changes that alter no value a reader sees may verify; everything else must not.
MAY_STAY_VALID = {"100000-blank-rows", "100000-blank-cells", "huge-dimension"}


@pytest.fixture
def xlsx(signed_export, tmp_path) -> Path:
    target = tmp_path / "export.xlsx"
    target.write_bytes(signed_export[1].read_bytes())
    return target


def test_the_fixture_is_valid(signed_export):
    v = read_signed_workbook(signed_export[1])
    assert v.decision_count == 2


@pytest.mark.parametrize("kind", sorted(MUTATIONS))
def test_hostile_workbook_parts(kind, xlsx, tmp_path, private_tmp):
    parts = MUTATIONS[kind](_parts(xlsx))
    _write_parts(xlsx, parts)
    before = listing(tmp_path)
    started = time.monotonic()
    try:
        read_signed_workbook(xlsx)
    except SignedFileInvalid as exc:
        assert str(exc) and "Traceback" not in str(exc)
        assert "root:" not in str(exc)  # no file content (/etc/passwd) in the message
    else:
        assert kind in MAY_STAY_VALID, f"{kind} verified as VALID"
    assert time.monotonic() - started < 60, "hostile workbook took too long"
    assert listing(tmp_path) == before
    assert listing(private_tmp) == {}


def _edit(path: Path, change) -> None:
    wb = openpyxl.load_workbook(path)
    change(wb)
    wb.save(path)


def _sig(wb):
    return wb["Signature"]


@pytest.mark.parametrize("kind", ["signature-cleared", "signature-shortened", "signature-bitflip",
                                  "manifest-edited", "certificate-cleared", "sheet-removed",
                                  "table-row-deleted", "algorithm-changed", "unhidden-and-moved"])
def test_edited_or_stripped_signature(kind, xlsx):
    def change(wb):
        ws = _sig(wb)
        if kind == "signature-cleared":
            ws["B4"] = None
        elif kind == "signature-shortened":
            ws["B4"] = ws["B4"].value[:-8]
        elif kind == "signature-bitflip":
            v = ws["B4"].value
            ws["B4"] = v[:10] + ("A" if v[10] != "A" else "B") + v[11:]
        elif kind == "manifest-edited":
            ws["B2"] = ws["B2"].value.replace('"case_count":3', '"case_count":4')
        elif kind == "certificate-cleared":
            ws["B3"] = None
        elif kind == "sheet-removed":
            del wb["Signature"]
        elif kind == "table-row-deleted":
            ws.delete_rows(9)
        elif kind == "algorithm-changed":
            ws["B5"] = "none"
        elif kind == "unhidden-and-moved":
            ws.sheet_state = "visible"
            wb.move_sheet("Signature", offset=-3)
            ws["B4"] = ws["B4"].value[::-1]
    _edit(xlsx, change)
    with pytest.raises(SignedFileInvalid):
        read_signed_workbook(xlsx)


def test_consultations_sheet_is_sealed(xlsx):
    """The consultation log is signed like the decisions: an edited opening is named."""
    wb = openpyxl.load_workbook(xlsx)
    assert wb["Consultations"]["B1"].value == "Case ID"
    _edit(xlsx, lambda wb: wb["Consultations"].cell(2, 2, "PR-0003"))
    with pytest.raises(SignedFileInvalid) as info:
        read_signed_workbook(xlsx)
    assert info.value.cell == "Consultations!B2"


def test_a_deleted_consultation_row_is_detected(xlsx):
    _edit(xlsx, lambda wb: wb["Consultations"].delete_rows(3))
    with pytest.raises(SignedFileInvalid, match="consultation entry"):
        read_signed_workbook(xlsx)

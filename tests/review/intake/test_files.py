"""Reading case lists and rosters from XLSX and CSV files (review.intake.files)."""

from __future__ import annotations

import csv
import datetime as dt
import json
import zipfile
from pathlib import Path

import pytest

from review.intake import files as case_list
from review.intake import rows
from review.intake.files import read_mapping, read_table
from review.intake.cells import CaseListError

pytestmark = pytest.mark.filterwarnings("ignore:Workbook contains no default style")

NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
REL_NS = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'


# -- helpers: workbooks written with openpyxl, and by hand -------------------
def openpyxl_book(path: Path, rows: list[list], *, title: str = "Cases", before=None,
                  date_format: str | None = None) -> Path:
    from openpyxl import Workbook
    wb = Workbook()
    ws = wb.active
    if before:
        ws.title = before
        ws = wb.create_sheet(title)
    else:
        ws.title = title
    for row in rows:
        ws.append(row)
    if date_format:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, (dt.date, dt.datetime)):
                    cell.number_format = date_format
    wb.save(path)
    return path


def handmade_book(path: Path, sheet_data: str, *, shared: list[str] | None = None,
                  shared_xml: str | None = None, prolog: str = "", workbook_pr: str = "",
                  num_fmts: str = "", cell_xfs: str = '<xf numFmtId="0"/>', dimension: str = "",
                  extra_parts: dict[str, str] | None = None) -> Path:
    """A minimal workbook whose sheetData (and shared strings) are given as XML."""
    if shared is not None:
        shared_xml = (f'<?xml version="1.0" encoding="UTF-8"?><sst {NS}>'
                      + "".join(f"<si><t>{s}</t></si>" for s in shared) + "</sst>")
    parts = {
        "_rels/.rels": '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats'
                       '.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
                       'schemas.openxmlformats.org/officeDocument/2006/relationships/'
                       'officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<?xml version="1.0"?><workbook {NS} {REL_NS}>{workbook_pr}<sheets>'
                           '<sheet name="Cases" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": (
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
            'package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
            '2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/'
            '2006/relationships/styles" Target="styles.xml"/>'
            '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/'
            '2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>'),
        "xl/styles.xml": f'<?xml version="1.0"?><styleSheet {NS}>{num_fmts}<cellXfs>{cell_xfs}'
                         '</cellXfs></styleSheet>',
        "xl/worksheets/sheet1.xml": f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                                    f'{prolog}<worksheet {NS}>{dimension}<sheetData>{sheet_data}'
                                    '</sheetData></worksheet>',
    }
    if shared_xml is not None:
        parts["xl/sharedStrings.xml"] = shared_xml
    parts.update(extra_parts or {})
    parts["[Content_Types].xml"] = (
        '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats'
        '-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        + "".join(f'<Override PartName="/xl/{name}" ContentType="application/vnd.openxml'
                  f'formats-officedocument.spreadsheetml.{kind}+xml"/>' for name, kind in (
                      ("workbook.xml", "sheet.main"), ("worksheets/sheet1.xml", "worksheet"),
                      ("styles.xml", "styles"), ("sharedStrings.xml", "sharedStrings"))
                  if "xl/" + name in parts)
        + "</Types>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, text in parts.items():
            zf.writestr(name, text)
    return path


def inline_row(number: int, values: list[str]) -> str:
    cells = "".join(f'<c r="{chr(65 + i)}{number}" t="inlineStr"><is><t>{v}</t></is></c>'
                    for i, v in enumerate(values))
    return f'<row r="{number}">{cells}</row>'


# -- CSV ---------------------------------------------------------------------
def test_csv_with_bom_blank_rows_and_header_below_a_blank_line(tmp_path):
    path = tmp_path / "cases.csv"
    path.write_bytes("\ufeff".encode() + b",,\nCase ID,Summary,Notes\nPR-1,First,\n,,\n"
                     b"PR-2,\"Two\nlines\",x\n,,\n,,\n")
    sheet = read_table(path)
    assert sheet.headers == ["Case ID", "Summary", "Notes"]
    assert sheet.header_row == 2
    assert sheet.rows == [(3, {"Case ID": "PR-1", "Summary": "First"}),
                          (5, {"Case ID": "PR-2", "Summary": "Two\nlines", "Notes": "x"})]
    assert sheet.source == "cases.csv"


@pytest.mark.parametrize("delimiter", [";", "\t"])
def test_csv_semicolon_or_tab_separated(tmp_path, delimiter):
    path = tmp_path / "cases.csv"
    path.write_text(delimiter.join(["Case ID", "Met category"]) + "\n"
                    + delimiter.join(["PR-1", "New assessment"]) + "\n", encoding="utf-8")
    assert read_table(path).rows == [(2, {"Case ID": "PR-1", "Met category": "New assessment"})]


@pytest.mark.parametrize("content, expected", [
    ("Case ID,Summary\nPR-1,caf\xe9\n".encode("cp1252"), "not UTF-8 text (see line 2)"),
    ("Case ID,Summary\n".encode("utf-16"), "not UTF-8 text (it is UTF-16)"),
])
def test_csv_in_another_encoding_is_refused_with_advice(tmp_path, content, expected):
    path = tmp_path / "cases.csv"
    path.write_bytes(content)
    with pytest.raises(CaseListError) as exc:
        read_table(path)
    assert expected in str(exc.value) and "CSV UTF-8" in str(exc.value)
    assert exc.value.exit_code == 2


def test_csv_enormous_cell_is_read_for_the_importer_to_place(tmp_path):
    path = tmp_path / "cases.csv"
    path.write_text("Case ID,Summary\nPR-1," + "x" * 300_000 + "\n", encoding="utf-8")
    assert len(read_table(path).rows[0][1]["Summary"]) == 300_000


def test_csv_100000_trailing_blank_rows_are_skipped(tmp_path):
    path = tmp_path / "cases.csv"
    path.write_text("Case ID,Summary\nPR-1,x\n" + ",,,,\n" * 100_000, encoding="utf-8")
    sheet = read_table(path)
    assert sheet.rows == [(2, {"Case ID": "PR-1", "Summary": "x"})]


# -- XLSX: values --------------------------------------------------------------
def test_xlsx_values_dates_numbers_and_the_cases_sheet(tmp_path):
    path = openpyxl_book(tmp_path / "cases.xlsx", [
        ["Case ID", "Conduct date", "When", "Count", "Flag", "Text"],
        ["PR-1", dt.date(2019, 3, 14), dt.datetime(2020, 1, 2, 10, 30), 7, True, "a & b < c"],
        [None, None, None, None, None, None],
        ["PR-2", dt.date(2021, 12, 31), None, 2.5, False, "line one\nline two"],
    ], before="Notes", date_format="dd/mm/yyyy")
    sheet = read_table(path)
    assert sheet.headers == ["Case ID", "Conduct date", "When", "Count", "Flag", "Text"]
    assert sheet.rows == [
        (2, {"Case ID": "PR-1", "Conduct date": dt.date(2019, 3, 14),
             "When": dt.datetime(2020, 1, 2, 10, 30), "Count": 7, "Flag": True,
             "Text": "a & b < c"}),
        (4, {"Case ID": "PR-2", "Conduct date": dt.date(2021, 12, 31), "Count": 2.5,
             "Flag": False, "Text": "line one\nline two"}),
    ]


def test_xlsx_first_visible_sheet_when_none_is_called_cases(tmp_path):
    from openpyxl import Workbook
    wb = Workbook()
    wb.active.title = "Hidden"
    wb.active.append(["nothing"])
    wb.active.sheet_state = "hidden"
    ws = wb.create_sheet("List")
    ws.append(["Case ID"])
    ws.append(["PR-9"])
    wb.save(tmp_path / "book.xlsx")
    assert read_table(tmp_path / "book.xlsx").rows == [(2, {"Case ID": "PR-9"})]


def test_shared_strings_rich_text_phonetics_and_escapes(tmp_path):
    shared_xml = (
        f'<?xml version="1.0" encoding="UTF-8"?><sst {NS} count="5" uniqueCount="5">'
        "<si><t>Case ID</t></si>"
        '<si><t xml:space="preserve">  Summary </t></si>'
        "<si><r><rPr><b/><sz val=\"11\"/></rPr><t>Bold</t></r><r><t xml:space=\"preserve\">"
        " and plain</t></r></si>"
        "<si><t>\u5c71\u7530</t><rPh sb=\"0\" eb=\"2\"><t>\u30e4\u30de\u30c0</t></rPh>"
        "<phoneticPr fontId=\"1\"/></si>"
        "<si><t>tab&#9;amp&amp;quote&quot;_x000D_line</t></si>"
        "</sst>")
    rows = ('<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>'
            '<row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2" t="s"><v>3</v></c></row>'
            '<row r="3"><c r="A3" t="s"><v>4</v></c><c r="B3"><f>1+1</f><v>2</v></c></row>')
    path = handmade_book(tmp_path / "rich.xlsx", rows, shared_xml=shared_xml)
    with pytest.raises(CaseListError) as info:  # a formula is named, not read as its result
        read_table(path)
    assert [(p.row, p.column) for p in info.value.problems] == [(3, "B")]
    path = handmade_book(tmp_path / "rich.xlsx", rows.replace("<f>1+1</f>", ""),
                         shared_xml=shared_xml)
    sheet = read_table(path)
    assert sheet.headers == ["Case ID", "Summary"]
    assert sheet.rows == [(2, {"Case ID": "Bold and plain", "Summary": "\u5c71\u7530"}),
                          (3, {"Case ID": 'tab\tamp&quote"\rline', "Summary": 2})]


def test_1904_workbooks_and_custom_date_formats(tmp_path):
    path = handmade_book(tmp_path / "mac.xlsx", (
        inline_row(1, ["Date", "Time", "Number"])
        + '<row r="2"><c r="A2" s="1"><v>42000</v></c><c r="B2" s="2"><v>0.5</v></c>'
          '<c r="C2" s="3"><v>42000</v></c></row>'),
        workbook_pr='<workbookPr date1904="1"/>',
        num_fmts='<numFmts><numFmt numFmtId="164" formatCode="d\\ mmmm\\ yyyy"/>'
                 '<numFmt numFmtId="165" formatCode="#,##0.00\\ &quot;days&quot;"/></numFmts>',
        cell_xfs='<xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="20"/><xf numFmtId="165"/>')
    sheet = read_table(path)
    assert sheet.rows == [(2, {"Date": dt.date(2018, 12, 28), "Time": dt.time(12, 0),
                               "Number": 42000})]


def test_prefixed_or_unusual_xml_is_read(tmp_path):
    """Namespace prefixes, comments and CDATA, as a script might write them."""
    sheet_xml = (
        '<?xml version="1.0"?><x:worksheet xmlns:x="http://schemas.openxmlformats.org/'
        'spreadsheetml/2006/main"><x:sheetData><!-- made by a script -->'
        '<x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>Case ID</x:t></x:is></x:c></x:row>'
        '<x:row r="3"><x:c r="A3" t="inlineStr"><x:is><x:t><![CDATA[PR-<1>]]></x:t></x:is>'
        '</x:c></x:row></x:sheetData></x:worksheet>')
    path = handmade_book(tmp_path / "odd.xlsx", "", extra_parts={
        "xl/worksheets/sheet1.xml": sheet_xml})
    assert read_table(path).rows == [(3, {"Case ID": "PR-<1>"})]


def test_a_cell_of_an_unusual_shape_is_never_skipped(tmp_path):
    """Rich inline text and a comment amid the rows."""
    path = handmade_book(tmp_path / "mixed.xlsx", (
        inline_row(1, ["Case ID", "Summary"]) + "<!-- exported 2024 -->"
        + '<row r="2"><c r="A2" t="inlineStr"><is><t>PR-1</t></is></c>'
          '<c r="B2" t="inlineStr"><is><r><rPr><b/></rPr><t>Bold</t></r>'
          '<r><t xml:space="preserve"> rest</t></r>'
          "</is></c></row>"))
    assert read_table(path).rows == [(2, {"Case ID": "PR-1", "Summary": "Bold rest"})]


def test_100000_trailing_blank_rows_are_skipped(tmp_path):
    data = inline_row(1, ["Case ID", "Summary"]) + inline_row(2, ["PR-1", "x"])
    blank = "".join(f'<row r="{n}"><c r="A{n}" s="1"/><c r="B{n}" t="inlineStr"><is><t></t>'
                    f'</is></c></row>' for n in range(3, 100_003))
    path = handmade_book(tmp_path / "blank.xlsx", data + blank,
                         cell_xfs='<xf numFmtId="0"/><xf numFmtId="0"/>',
                         dimension='<dimension ref="A1:B100002"/>')   # as Excel writes it
    sheet = read_table(path)
    assert sheet.rows == [(2, {"Case ID": "PR-1", "Summary": "x"})]


def test_blank_gaps_are_skipped_and_rows_below_a_long_gap_are_still_read(tmp_path):
    """No case may be left out silently, however far below a gap it sits."""
    gap = 1500
    styled = "".join(f'<row r="{n}"><c r="A{n}" s="1"/></row>' for n in range(3, 3 + gap // 2))
    rows = (inline_row(1, ["Case ID"]) + inline_row(2, ["PR-1"]) + styled   # some rows absent
            + inline_row(2 + gap + 1, ["PR-2"])
            + inline_row(3 + 2 * gap + 2, ["PR-3"]))
    path = handmade_book(tmp_path / "gaps.xlsx", rows,
                         cell_xfs='<xf numFmtId="0"/><xf numFmtId="0"/>')
    assert read_table(path).rows == [(2, {"Case ID": "PR-1"}), (gap + 3, {"Case ID": "PR-2"}),
                                     (2 * gap + 5, {"Case ID": "PR-3"})]


def test_a_dimension_that_understates_the_sheet_is_ignored(tmp_path):
    path = handmade_book(tmp_path / "dim.xlsx", inline_row(1, ["Case ID", "Summary"])
                         + inline_row(5, ["PR-1", "x"]), dimension='<dimension ref="A1"/>')
    assert read_table(path).rows == [(5, {"Case ID": "PR-1", "Summary": "x"})]


def test_styled_blank_rows_from_openpyxl_are_skipped(tmp_path):
    from openpyxl import Workbook
    from openpyxl.styles import Font
    wb = Workbook()
    ws = wb.active
    ws.title = "Cases"
    ws.append(["Case ID", "Summary"])
    ws.append(["PR-1", "x"])
    for r in range(3, 2003):
        ws.cell(r, 1).font = Font(bold=True)
        ws.cell(r, 2).value = "   "
    wb.save(tmp_path / "styled.xlsx")
    assert read_table(tmp_path / "styled.xlsx").rows == [(2, {"Case ID": "PR-1", "Summary": "x"})]


# -- XLSX: hostile and broken files --------------------------------------------
BILLION_LAUGHS = ('<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;'
                  '&lol;&lol;&lol;&lol;&lol;">' + "".join(
                      f'<!ENTITY lol{i} "' + f"&lol{i - 1};" * 10 + '">' for i in range(3, 10))
                  + "]>")


def xxe(secret: Path) -> str:
    return f'<!DOCTYPE foo [<!ENTITY xxe SYSTEM "file://{secret}">]>'


@pytest.mark.parametrize("part", ["sheet", "shared strings", "workbook", "relationships"])
@pytest.mark.parametrize("attack", ["billion laughs", "xxe"])
def test_entity_expansion_and_external_entities_are_refused(tmp_path, part, attack):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-VALUE")
    dtd = BILLION_LAUGHS if attack == "billion laughs" else xxe(secret)
    ref = "&lol9;" if attack == "billion laughs" else "&xxe;"
    sheet = inline_row(1, ["Case ID"]) + '<row r="2"><c r="A2" t="s"><v>0</v></c></row>'
    kwargs: dict = {"shared": ["PR-1"]}
    if part == "sheet":
        sheet = inline_row(1, ["Case ID"]) + inline_row(2, [ref])
        kwargs["prolog"] = dtd
    elif part == "shared strings":
        kwargs = {"shared_xml": f'<?xml version="1.0"?>{dtd}<sst {NS}><si><t>{ref}</t></si></sst>'}
    elif part == "workbook":
        kwargs["extra_parts"] = {"xl/workbook.xml": (
            f'<?xml version="1.0"?>{dtd}<workbook {NS} {REL_NS}><sheets><sheet name="{ref}" '
            'sheetId="1" r:id="rId1"/></sheets></workbook>')}
    else:
        kwargs["extra_parts"] = {"_rels/.rels": (
            f'<?xml version="1.0"?>{dtd}<Relationships xmlns="http://schemas.openxmlformats.org'
            '/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
            'openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
            f'Target="xl/workbook.xml" Description="{ref}"/></Relationships>')}
    path = handmade_book(tmp_path / "evil.xlsx", sheet, **kwargs)
    with pytest.raises(CaseListError) as exc:
        read_table(path)
    message = str(exc.value)
    assert message.startswith("evil.xlsx: It contains an XML document type declaration")
    assert "TOP-SECRET" not in message and "lol" not in message


def test_a_dtd_after_a_long_comment_is_refused(tmp_path):
    path = handmade_book(tmp_path / "evil.xlsx", inline_row(1, ["&lol9;"]),
                         prolog="<!--" + " " * 100_000 + "-->" + BILLION_LAUGHS)
    with pytest.raises(CaseListError, match="^evil.xlsx: It contains an XML document type"):
        read_table(path)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-32", "utf-16-le"])
@pytest.mark.parametrize("prolog, refused", [
    ('<?xml version="1.0"?>\n<worksheet>', False),
    ("<!-- <a> --><?pi x?> <worksheet>", False),
    ('<?xml version="1.0"?><!-- hi --> <?pi x?>\n<!DOCTYPE w><worksheet>', True),
    ("\n  <!DOCTYPE w><worksheet>", True),
    ("<!--" + " " * 70_000 + "--><worksheet>", True),       # a prolog too long to look through
])
def test_the_prolog_check(encoding, prolog, refused):
    head = prolog.encode(encoding)[:case_list.PROLOG_BYTES]
    # XML in UTF-16 without its byte-order mark is not XML: refused, whatever it holds.
    assert case_list._prolog_declares_dtd(head) is (refused or encoding == "utf-16-le")


def test_openpyxl_with_defusedxml_refuses_them_too(tmp_path, monkeypatch):
    """Defence in depth: should the prolog check miss a DTD, openpyxl's defusedxml stops it."""
    monkeypatch.setattr(case_list, "_prolog_declares_dtd", lambda head: False)
    path = handmade_book(tmp_path / "evil.xlsx", inline_row(1, ["&lol9;"]), prolog=BILLION_LAUGHS)
    with pytest.raises(CaseListError, match="^evil.xlsx: It contains an XML document type"):
        read_table(path)


def test_a_zip_bomb_stops_at_the_cap(tmp_path, monkeypatch):
    monkeypatch.setattr(case_list, "MAX_XML_BYTES", 5 << 20)
    rows = inline_row(1, ["Case ID"]) + "".join(
        inline_row(n, ["PR-" + "0" * 2000]) for n in range(2, 4000))   # ~8 MiB unpacked
    path = handmade_book(tmp_path / "bomb.xlsx", rows)
    assert path.stat().st_size < 200_000
    with pytest.raises(CaseListError, match="too large to read"):
        read_table(path)


def test_a_part_packed_beyond_any_spreadsheet_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(case_list, "MAX_RATIO_FROM", 1 << 20)
    rows = inline_row(1, ["Case ID"]) + inline_row(2, ["PR-1"]) + " " * (4 << 20)
    path = handmade_book(tmp_path / "bomb.xlsx", rows)
    with pytest.raises(CaseListError, match="xl/worksheets/sheet1.xml unpacks to 4 MiB from"):
        read_table(path)


@pytest.mark.parametrize("name, content, expected", [
    ("cases.xlsx", b"this is not a zip", "not an Excel workbook (.xlsx), or it is damaged"),
    ("cases.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "protected by a password"),
    ("cases.xls", b"anything", "old-style .xls"),
    ("cases.ods", b"anything", "neither an Excel workbook"),
])
def test_files_that_are_not_workbooks(tmp_path, name, content, expected):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(CaseListError) as exc:
        read_table(path)
    assert expected in str(exc.value)
    assert str(exc.value).startswith(name + ": ")


def test_damaged_xml_and_missing_files(tmp_path):
    path = handmade_book(tmp_path / "bad.xlsx", inline_row(1, ["Case ID"]) + "<row r='2'><c>")
    with pytest.raises(CaseListError, match="It is damaged: part of it is not well-formed XML"):
        read_table(path)
    with pytest.raises(CaseListError, match="does not exist"):
        read_table(tmp_path / "nowhere.xlsx")


def test_a_cell_index_beyond_the_shared_strings_is_damage(tmp_path):
    path = handmade_book(tmp_path / "bad.xlsx", '<row r="1"><c r="A1" t="s"><v>7</v></c></row>',
                         shared=["Case ID"])
    with pytest.raises(CaseListError, match="damaged"):
        read_table(path)


# -- mapping files -------------------------------------------------------------
def test_mapping_files_json_and_csv(tmp_path):
    (tmp_path / "m.json").write_text(json.dumps({"Ref": "case_id", "Notes": None}))
    assert read_mapping(tmp_path / "m.json").columns == {"Ref": "case_id", "Notes": None}
    with open(tmp_path / "m.csv", "w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows([["Their header", "Field"], ["Ref", "case_id"], ["Notes", ""]])
    assert read_mapping(tmp_path / "m.csv").columns == {"Ref": "case_id", "Notes": None}


@pytest.mark.parametrize("name, text, expected", [
    ("m.json", "{not json", "not valid JSON"),
    ("m.json", '["Ref", "case_id"]', "one JSON object"),
    ("m.csv", "Ref,case_id\nref,summary\n", "m.csv row 2, column A: The header 'ref' is mapped twice"),
    ("m.csv", "Ref\n", "m.csv row 1: Each line needs two cells"),
])
def test_bad_mapping_files(tmp_path, name, text, expected):
    (tmp_path / name).write_text(text, encoding="utf-8")
    with pytest.raises(CaseListError) as exc:
        read_mapping(tmp_path / name)
    assert expected in str(exc.value)


def test_too_many_columns_or_rows_are_refused(tmp_path, monkeypatch):
    wide = tmp_path / "wide.csv"
    wide.write_text(",".join(f"H{i}" for i in range(501)) + "\n", encoding="utf-8")
    with pytest.raises(CaseListError, match="wide.csv row 1: The header row has more than 500"):
        read_table(wide)
    monkeypatch.setattr(rows, "MAX_ROWS", 5)
    long = tmp_path / "long.csv"
    long.write_text("Case ID\n" + "".join(f"PR-{i}\n" for i in range(10)), encoding="utf-8")
    with pytest.raises(CaseListError, match="long.csv row 7: The table has more than 5 rows"):
        read_table(long)
    from openpyxl import Workbook
    wb = Workbook()
    for row in [["Case ID"], [None], *([f"PR-{i}"] for i in range(10))]:
        wb.active.append(row)
    wb.save(tmp_path / "long.xlsx")         # blank rows do not count: row 3 is the first
    with pytest.raises(CaseListError, match="long.xlsx row 8: The table has more than 5 rows"):
        read_table(tmp_path / "long.xlsx")


def test_xlsx_formula_cells_are_problems_naming_each_cell(tmp_path):
    """What a formula shows depends on the program that last calculated it: paste values."""
    import openpyxl
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Case ID", "Summary", "Conduct date"])
    ws.append(["PR-0001", "A plain summary.", dt.date(2020, 1, 2)])
    ws.append(["PR-0002", '="Formal"&" risk"', "=C2+1"])
    path = tmp_path / "cases.xlsx"
    wb.save(path)
    with pytest.raises(CaseListError) as info:
        read_table(path)
    problems = [(p.file, p.row, p.column) for p in info.value.problems]
    assert problems == [("cases.xlsx", 3, "B"), ("cases.xlsx", 3, "C")]
    assert all("formula" in p.message and "paste" in p.message.lower()
               for p in info.value.problems)
    ws.cell(3, 2).value, ws.cell(3, 3).value = "Formal risk", dt.date(2020, 1, 3)
    wb.save(path)
    assert len(read_table(path).rows) == 2  # values pasted: read as usual


def test_a_formula_is_refused_whatever_value_is_stored_with_it(tmp_path):
    """A reader sees only the value stored with a formula, which any program may write."""
    path = handmade_book(tmp_path / "formulas.xlsx", (
        inline_row(1, ["Case ID", "Summary", "N"])
        + '<row r="2"><c r="A2" t="inlineStr"><is><t>PR-1</t></is></c>'
          '<c r="B2" t="str"><f>"Sum "&amp;C2</f><v>Sum 2</v></c><c r="C2"><v>2</v></c></row>'
          '<row r="3"><c r="A3" t="inlineStr"><is><t>PR-2</t></is></c>'
          '<c r="B3"><f>C3*3</f></c><c r="C3"><v>4</v></c></row>'))
    with pytest.raises(CaseListError) as info:
        read_table(path)
    assert [(p.row, p.column, p.kind) for p in info.value.problems] == [
        (2, "B", "formula"), (3, "B", "formula")]

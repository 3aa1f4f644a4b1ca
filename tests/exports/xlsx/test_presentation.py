"""What a reader sees is what was signed: each change to how a signed workbook looks (a
number format, hidden rows, a white font, a hyperlink, a comment, the sheets' order and
visibility, a macro project) is refused with its own sentence, for a member's workbook and
for the consolidated one."""

from __future__ import annotations

import shutil
import zipfile
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest
from openpyxl.comments import Comment
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from tests.conftest import PASSPHRASE

from exports.errors import SignedFileInvalid
from exports.verify import verify_file

FORMAL = "Formal risk management"


@dataclass(frozen=True)
class Kind:
    """Where a workbook of one kind keeps its decisions: sheet and 1-based columns."""
    file: str
    sheet: str
    case_col: int
    category_col: int
    rationale_col: int


KINDS = {"member": Kind("exports/R01.xlsx", "Decisions", 1, 6, 12),
         "consolidated": Kind("consolidated.xlsx", "Final decisions", 1, 7, 13)}


@pytest.fixture(scope="module")
def panel(tmp_path_factory) -> Path:
    from exports.rehearsal import run_demo_panel
    folder = tmp_path_factory.mktemp("presentation") / "panel"
    run_demo_panel(folder, PASSPHRASE, reviewers=2, cases=30, seed=3, say=lambda _line: None)
    return folder


def _first(ws, col: int, wanted) -> int:
    return next(r for r in range(2, ws.max_row + 1) if wanted(ws.cell(r, col).value))


def _formal_rows(ws, kind: Kind) -> list[int]:
    return [r for r in range(2, ws.max_row + 1) if ws.cell(r, kind.category_col).value == FORMAL]


def number_format(wb, kind):
    ws = wb[kind.sheet]
    r = _formal_rows(ws, kind)[0]
    ws.cell(r, kind.category_col).number_format = '"No formal action"'
    return f"{kind.sheet}!{ws.cell(r, kind.category_col).coordinate}"


def hide_formal_rows(wb, kind):
    ws = wb[kind.sheet]
    rows = _formal_rows(ws, kind)
    for r in rows:
        ws.row_dimensions[r].hidden = True
    return f"{kind.sheet}!A{rows[0]}"


def white_rationale(wb, kind):
    ws = wb[kind.sheet]
    r = _first(ws, kind.rationale_col, lambda v: isinstance(v, str) and len(v) > 10)
    ws.cell(r, kind.rationale_col).font = Font(color="FFFFFFFF")
    return f"{kind.sheet}!{ws.cell(r, kind.rationale_col).coordinate}"


def unc_hyperlink(wb, kind):
    cell = wb[kind.sheet].cell(2, kind.case_col)
    cell.hyperlink = r"\\records-server\panel\corrections.docx"
    return f"{kind.sheet}!{cell.coordinate}"


def correction_comment(wb, kind):
    ws = wb[kind.sheet]
    cell = ws.cell(_formal_rows(ws, kind)[0], kind.category_col)
    cell.comment = Comment("CORRECTION: read as No formal action", "Panel office")
    return f"{kind.sheet}!{cell.coordinate}"


def unhide_signature(wb, kind):
    wb["Signature"].sheet_state = "visible"


def reorder_sheets(wb, kind):
    wb.move_sheet(kind.sheet, offset=2)


def shaded_cell(wb, kind):
    cell = wb[kind.sheet].cell(3, kind.category_col)
    cell.fill = PatternFill("solid", fgColor="FF000000")
    return f"{kind.sheet}!{cell.coordinate}"


def drop_down(wb, kind):
    dv = DataValidation(type="list", formula1='"Yes,No"')
    dv.add("B2:B5")
    wb[kind.sheet].add_data_validation(dv)
    return f"{kind.sheet}!B2"


def conditional_format(wb, kind):
    wb[kind.sheet].conditional_formatting.add(
        "A2:A9", CellIsRule(operator="notEqual", formula=['""'], font=Font(color="FFFFFFFF")))
    return f"{kind.sheet}!A2"


# a table's number column: (sheet, column) where each number must keep its own format
NUMBER_COLUMNS = {"Decisions": ("Decisions", 16), "Final decisions": ("Files", 1)}


def count_as_percentage(wb, kind):
    sheet, col = NUMBER_COLUMNS[kind.sheet]
    ws = wb[sheet]
    cell = ws.cell(_first(ws, col, lambda v: isinstance(v, int)), col)
    cell.number_format = "0.0%"  # one of the exporter's formats, but not this column's
    return f"{sheet}!{cell.coordinate}"


# edit → (words the refusal must contain, whether it names the cell the edit returns)
EDITS = {
    "number format showing other words": (number_format, "number format"),
    "formal risk management rows hidden": (hide_formal_rows, "was hidden after signing"),
    "rationale in white font": (white_rationale, "coloured font"),
    "count shown as a percentage": (count_as_percentage, "number format '0.0%'"),
    "UNC hyperlink on a case id": (unc_hyperlink, "hyperlink"),
    "correction comment": (correction_comment, "comment"),
    "Signature sheet unhidden": (unhide_signature, "'Signature' sheet was unhidden"),
    "sheets reordered": (reorder_sheets, "reordered"),
    "black fill": (shaded_cell, "fill"),
    "data validation": (drop_down, "data validation"),
    "conditional format": (conditional_format, "conditional format"),
}


def _copy(panel: Path, kind: Kind, tmp_path: Path) -> Path:
    target = tmp_path / Path(kind.file).name
    shutil.copyfile(panel / kind.file, target)
    return target


@pytest.mark.parametrize("kind", sorted(KINDS))
@pytest.mark.parametrize("edit", sorted(EDITS))
def test_presentation_edit_is_refused_with_its_sentence(panel, tmp_path, kind, edit):
    path = _copy(panel, KINDS[kind], tmp_path)
    change, words = EDITS[edit]
    wb = openpyxl.load_workbook(path)
    named = change(wb, KINDS[kind])
    wb.save(path)
    report = verify_file(path)
    assert not report.valid and words in report.reason, report.reason
    if named:
        assert report.cell == named and named in report.reason, report.reason


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_resaved_by_openpyxl_without_an_edit_stays_valid(panel, tmp_path, kind):
    path = _copy(panel, KINDS[kind], tmp_path)
    openpyxl.load_workbook(path).save(path)
    report = verify_file(path)
    assert report.valid, report.reason


def _add_parts(path: Path, parts: dict[str, bytes], types: str = "", rels: str = "") -> None:
    with zipfile.ZipFile(path) as z:
        old = [(i, z.read(i)) for i in z.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in old:
            if info.filename == "[Content_Types].xml" and types:
                data = data.replace(b"</Types>", types.encode() + b"</Types>")
            if info.filename == "xl/_rels/workbook.xml.rels" and rels:
                data = data.replace(b"</Relationships>", rels.encode() + b"</Relationships>")
            z.writestr(info, data)
        for name, data in parts.items():
            z.writestr(name, data)


VBA_TYPE = ('<Override PartName="/xl/vbaProject.bin" '
            'ContentType="application/vnd.ms-office.vbaProject"/>')
VBA_REL = ('<Relationship Id="rIdVba" Target="vbaProject.bin" Type="http://schemas.microsoft.'
           'com/office/2006/relationships/vbaProject"/>')
PACKAGE_EDITS = {
    "VBA project added": ({"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0" + b"\0" * 60}, VBA_TYPE,
                          VBA_REL, "macro (VBA) project (xl/vbaProject.bin)"),
    "external link added": ({"xl/externalLinks/externalLink1.xml": b"<externalLink/>"}, "", "",
                            "link to another workbook (xl/externalLinks/externalLink1.xml)"),
    "picture added": ({"xl/media/image1.png": b"\x89PNG\r\n"}, "", "",
                      "picture (xl/media/image1.png)"),
    "external relationship": ({}, "", '<Relationship Id="rIdX" TargetMode="External" Target='
                              '"file://records-server/x.xlsx" Type="http://schemas.openxml'
                              'formats.org/officeDocument/2006/relationships/hyperlink"/>',
                              "links to something outside the file"),
}


@pytest.mark.parametrize("kind", sorted(KINDS))
@pytest.mark.parametrize("edit", sorted(PACKAGE_EDITS))
def test_added_part_is_refused_naming_it(panel, tmp_path, kind, edit):
    path = _copy(panel, KINDS[kind], tmp_path)
    parts, types, rels, words = PACKAGE_EDITS[edit]
    _add_parts(path, parts, types, rels)
    report = verify_file(path)
    assert not report.valid and words in report.reason, report.reason


def test_a_text_box_over_the_cells_is_refused(panel, tmp_path):
    """A drawing on the Decisions sheet (a shape can print other words over a cell)."""
    path = _copy(panel, KINDS["member"], tmp_path)
    with zipfile.ZipFile(path) as z:
        drawing = z.read("xl/drawings/drawing1.xml")
    shape = (b'<twoCellAnchor><from><col>5</col><colOff>0</colOff><row>1</row><rowOff>0'
             b'</rowOff></from><to><col>6</col><colOff>0</colOff><row>2</row><rowOff>0</rowOff>'
             b'</to><sp><nvSpPr><cNvPr id="9" name="Text 1"/><cNvSpPr/></nvSpPr><spPr/></sp>'
             b'<clientData/></twoCellAnchor>')
    closing = drawing.rindex(b"</")
    patched = drawing[:closing] + shape + drawing[closing:]
    with zipfile.ZipFile(path) as z:
        old = [(i, z.read(i)) for i in z.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in old:
            z.writestr(info, patched if info.filename == "xl/drawings/drawing1.xml" else data)
    with pytest.raises(SignedFileInvalid, match="shape, text box or picture"):
        from exports.xlsx.verify import read_signed_workbook
        read_signed_workbook(path)

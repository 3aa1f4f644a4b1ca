"""The parts of a signed workbook's package: only those the exporter writes, or their equals.

An .xlsx file is a ZIP of XML parts tied together by relationships.  The
exporter writes the workbook, its sheets, styles, theme and properties, and
on a member's Summary sheet a drawing of native charts.  A program that
opens and saves the file without an edit may add what changes nothing a
reader sees: LibreOffice writes the text into a shared-strings part, adds
custom document properties and gives each sheet with a filter an empty
drawing.  Anything else is refused, naming the part: a macro project,
comments, pictures, shapes or text boxes drawn over the cells, embedded
objects, external links and any relationship that leaves the file.

Every part parsed here is parsed with defusedxml.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile

from exports.errors import SignedFileInvalid

_ALLOWED_PARTS = re.compile(
    r"\[Content_Types\]\.xml|_rels/\.rels|docProps/(?:core|app|custom)\.xml"
    r"|xl/(?:workbook|styles|sharedStrings)\.xml|xl/_rels/workbook\.xml\.rels"
    r"|xl/theme/theme\d+\.xml|xl/worksheets/sheet\d+\.xml|xl/worksheets/_rels/sheet\d+\.xml\.rels"
    r"|xl/drawings/drawing\d+\.xml|xl/drawings/_rels/drawing\d+\.xml\.rels"
    r"|xl/charts/chart\d+\.xml")
# What a part that is not allowed most likely is, for the sentence that refuses it.
_PART_KINDS = [("vbaproject", "a macro (VBA) project"), ("comment", "cell comments"),
               ("vmldrawing", "cell comments or form controls"),
               ("externallink", "a link to another workbook"), ("media/", "a picture"),
               ("embeddings/", "an embedded object"), ("activex", "an ActiveX control"),
               ("ctrlprops", "a form control"), ("pivot", "a pivot table"),
               ("tables/", "a table definition"), ("connections", "a data connection"),
               ("querytable", "a query table"), ("customxml", "custom XML data"),
               ("calcchain", "formulas")]
# Relationship types (the last part of the type URI) the exporter and LibreOffice write.
_ALLOWED_RELATIONS = {"officeDocument", "core-properties", "extended-properties",
                      "custom-properties", "worksheet", "styles", "theme", "sharedStrings",
                      "drawing", "chart"}
_REFUSED_CONTENT = ("macroenabled", "vbaproject", "activex", "oleobject")
_DRAWING_NS = "{http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing}"
_MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
MAX_PART_BYTES = 64 << 20  # a relationship or drawing part of an export is a few kB


def check_package(content: bytes, chart_sheets: frozenset[str] = frozenset()) -> None:
    """SignedFileInvalid naming the first part or feature the exporter never writes.

    ``chart_sheets`` are the sheets on which the exporter draws charts."""
    with zipfile.ZipFile(io.BytesIO(content)) as z:
        names = [i.filename for i in z.infolist() if not i.is_dir()]
        for name in names:
            if not _ALLOWED_PARTS.fullmatch(name):
                kind = next((k for key, k in _PART_KINDS if key in name.lower()), None)
                what = f"{kind} ({name})" if kind else f"a part the export never writes ({name})"
                raise SignedFileInvalid(f"The workbook holds {what}, which was added after "
                                        "signing.")
        _check_content_types(_read(z, "[Content_Types].xml"))
        for name in names:
            if name.endswith(".rels"):
                _check_relations(name, _read(z, name))
        _check_drawings(z, set(names), chart_sheets)


def _read(z: zipfile.ZipFile, name: str):
    from defusedxml import ElementTree
    info = z.getinfo(name)
    if info.file_size > MAX_PART_BYTES:
        raise SignedFileInvalid(f"The workbook's part {name} is far larger than any export's.")
    try:
        return ElementTree.fromstring(z.read(info))
    except Exception as exc:  # parse errors and defusedxml refusals have many classes
        raise SignedFileInvalid(f"The workbook's part {name} is damaged or hostile "
                                f"({type(exc).__name__}), so it cannot be verified.") from None


def _check_content_types(root) -> None:
    for element in root:
        declared = (element.get("ContentType") or "").lower()
        if any(word in declared for word in _REFUSED_CONTENT):
            raise SignedFileInvalid("The workbook was turned into a macro-enabled or "
                                    f"object-bearing file after signing ({declared}).")


def _check_relations(name: str, root) -> None:
    for rel in root.iter(f"{_PKG_REL_NS}Relationship"):
        kind = (rel.get("Type") or "").rsplit("/", 1)[-1]
        if (rel.get("TargetMode") or "").lower() == "external":
            raise SignedFileInvalid(f"The workbook links to something outside the file "
                                    f"({kind} to {str(rel.get('Target'))[:80]!r}, in {name}), "
                                    "which was added after signing.")
        if kind not in _ALLOWED_RELATIONS:
            raise SignedFileInvalid(f"The workbook carries a relationship the export never "
                                    f"writes ({kind}, in {name}): it was added after signing.")


def _targets(z: zipfile.ZipFile, names: set[str], source: str) -> dict[str, str]:
    """Relationship id → target part of ``source``, for the parts that exist."""
    folder, base = posixpath.split(source)
    rels = posixpath.join(folder, "_rels", base + ".rels")
    if rels not in names:
        return {}
    found = {}
    for rel in _read(z, rels).iter(f"{_PKG_REL_NS}Relationship"):
        target = rel.get("Target") or ""
        path = target.lstrip("/") if target.startswith("/") else \
            posixpath.normpath(posixpath.join(folder, target))
        found[rel.get("Id")] = path
    return found


def _check_drawings(z: zipfile.ZipFile, names: set[str], chart_sheets: frozenset[str]) -> None:
    """A drawing may hold only charts, and only on a sheet where the exporter draws them;
    a shape, text box or picture could cover a cell with other words."""
    book = _targets(z, names, "xl/workbook.xml")
    for sheet in _read(z, "xl/workbook.xml").iter(f"{_MAIN_NS}sheet"):
        title = sheet.get("name") or ""
        part = book.get(sheet.get(f"{_REL_NS}id"))
        if part not in names:
            continue
        for drawing in _targets(z, names, part).values():
            if drawing not in names or not drawing.startswith("xl/drawings/"):
                continue
            for anchor in _read(z, drawing):
                held = [child.tag.removeprefix(_DRAWING_NS) for child in anchor
                        if child.tag.removeprefix(_DRAWING_NS) in
                        ("sp", "pic", "grpSp", "cxnSp", "graphicFrame", "contentPart")]
                if any(h != "graphicFrame" for h in held) or \
                        (held and title not in chart_sheets):
                    what = "a chart" if held == ["graphicFrame"] else "a shape, text box or picture"
                    raise SignedFileInvalid(f"The sheet '{title}' has {what} drawn on it "
                                            f"({drawing}) that was added after signing.")

"""Saving a workbook entirely in memory, with a faster writer for the cells.

openpyxl's ordinary save writes each worksheet's XML to a named temporary
file first (``/tmp/openpyxl.*``), which would put rationales and case text
on disk in the clear.  This writer keeps each worksheet in a BytesIO; it
relies on openpyxl 3.1's ExcelWriter, and a test checks that an export
creates no temporary file.

The cells (``<sheetData>``) are serialised here as text rather than by
openpyxl's per-cell lxml elements, which took most of the time of saving a
large sheet.  The output is byte for byte what openpyxl writes (a test
compares the two on awkward values); a sheet holding anything this writer
does not handle (formulas, rich text, comments, hyperlinks) is left to
openpyxl entirely.
"""

from __future__ import annotations

import datetime as dt
import functools
import io


TYPES = {"s": "inlineStr"}  # cell type attribute by data type, where they differ


class _Unsupported(Exception):
    """A cell that only openpyxl's own writer handles."""


def _esc(value: str) -> str:
    # As lxml writes text: markup characters and CR escaped (a parser would turn a raw CR
    # into LF); the non-ASCII characters become references when the sheet is encoded.
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") \
        .replace("\r", "&#13;")


def sheet_data(ws, rows) -> bytes:
    """``<sheetData>`` for ``rows`` (as ``WorksheetWriter.rows`` gives them); _Unsupported
    if a cell needs openpyxl's own writer."""
    from openpyxl.cell._writer import _set_attributes
    from openpyxl.compat import safe_string
    dims, styles = ws.row_dimensions, ws.parent._cell_styles  # what cell.style_id adds to
    ids: dict[bytes, int] = {}

    def style_id(style) -> int:
        # cell.style_id, remembered by the style's bytes: hashing openpyxl's style array
        # (in Python) for each of 40,000 cells was a good part of writing them
        key = style.tobytes()
        found = ids.get(key)
        if found is None:
            found = ids[key] = styles.add(style)
        return found

    out = ["<sheetData>"]
    for row_idx, cells in rows:
        attrs = "".join(f' {k}="{_esc(v)}"' for k, v in dims[row_idx]) \
            if row_idx in dims else ""
        out.append(f'<row r="{row_idx}"{attrs}>')
        for cell in cells:
            if cell._comment is not None or cell.hyperlink is not None:
                raise _Unsupported
            styled = cell.has_style
            if cell._value is None and not styled:
                continue
            kind = cell.data_type
            if kind == "d":  # openpyxl's own attributes and conversion for a date
                value, c_attrs = _set_attributes(cell, styled)
                head = "<c" + "".join(f' {k}="{v}"' for k, v in c_attrs.items()) + ">"
            else:            # the same attributes as _set_attributes gives, in its order
                value = cell._value
                style = f' s="{style_id(cell._style)}"' if styled else ""
                head = f'<c r="{cell.coordinate}"{style} t="{TYPES.get(kind, kind)}">'
            if value is None or value == "":
                out.append(head + "</c>")
            elif kind == "s":
                if not isinstance(value, str):
                    raise _Unsupported  # rich text
                space = ' xml:space="preserve"' if value != value.strip() else ""
                out.append(f"{head}<is><t{space}>{_esc(value)}</t></is></c>")
            elif kind in ("n", "b", "d", "e"):
                out.append(f"{head}<v>{_esc(safe_string(value))}</v></c>")
            else:
                raise _Unsupported  # formulas
        out.append("</row>")
    out.append("</sheetData>")
    # lxml writes ASCII, with character references for anything else: so does this.
    return "".join(out).encode("ascii", "xmlcharrefreplace")


@functools.cache
def fast_writer_class():
    """openpyxl's worksheet writer with :func:`sheet_data` spliced in for the cells."""
    from openpyxl.worksheet._writer import WorksheetWriter
    from openpyxl.xml.functions import Element

    class FastRowsWriter(WorksheetWriter):
        cells: bytes | None = None

        def write_rows(self):
            try:
                self.cells = sheet_data(self.ws, self.rows())
            except _Unsupported:
                self.cells = None
                super().write_rows()
                return
            self.xf.send(Element("sheetData"))  # a placeholder that read() replaces

        def read(self):
            xml = super().read()
            if self.cells is None:
                return xml
            # The first <sheetData/> is the placeholder: only the sheet's properties,
            # views, format and column widths come before it, never any cell text.
            return xml.replace(b"<sheetData/>", self.cells, 1)

    return FastRowsWriter


def workbook_bytes(wb) -> bytes:
    """The .xlsx bytes of ``wb``, written without any temporary file."""
    from zipfile import ZIP_DEFLATED, ZipFile

    from openpyxl.drawing.spreadsheet_drawing import SpreadsheetDrawing
    from openpyxl.writer.excel import ExcelWriter

    class MemoryExcelWriter(ExcelWriter):
        def write_worksheet(self, ws):  # as ExcelWriter.write_worksheet, with a BytesIO
            ws._drawing = SpreadsheetDrawing()
            ws._drawing.charts = ws._charts
            ws._drawing.images = ws._images
            writer = fast_writer_class()(ws, out=io.BytesIO())
            writer.write()
            ws._rels = writer._rels
            self._archive.writestr(ws.path[1:], writer.read())
            self.manifest.append(ws)

    out = io.BytesIO()
    with ZipFile(out, "w", ZIP_DEFLATED, allowZip64=True) as archive:
        wb.properties.modified = dt.datetime.now(tz=dt.timezone.utc).replace(tzinfo=None)
        MemoryExcelWriter(wb, archive).save()
    return out.getvalue()

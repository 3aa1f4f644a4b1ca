"""Saving a workbook entirely in memory.

openpyxl's ordinary save writes each worksheet's XML to a named temporary
file first (``/tmp/openpyxl.*``), which would put rationales and case text
on disk in the clear.  This writer keeps each worksheet in a BytesIO; it
relies on openpyxl 3.1's ExcelWriter, and a test checks that an export
creates no temporary file.
"""

from __future__ import annotations

import datetime as dt
import io


def workbook_bytes(wb) -> bytes:
    """The .xlsx bytes of ``wb``, written without any temporary file."""
    from zipfile import ZIP_DEFLATED, ZipFile

    from openpyxl.drawing.spreadsheet_drawing import SpreadsheetDrawing
    from openpyxl.worksheet._writer import WorksheetWriter
    from openpyxl.writer.excel import ExcelWriter

    class MemoryExcelWriter(ExcelWriter):
        def write_worksheet(self, ws):  # as ExcelWriter.write_worksheet, with a BytesIO
            ws._drawing = SpreadsheetDrawing()
            ws._drawing.charts = ws._charts
            ws._drawing.images = ws._images
            writer = WorksheetWriter(ws, out=io.BytesIO())
            writer.write()
            ws._rels = writer._rels
            self._archive.writestr(ws.path[1:], writer.read())
            self.manifest.append(ws)

    out = io.BytesIO()
    with ZipFile(out, "w", ZIP_DEFLATED, allowZip64=True) as archive:
        wb.properties.modified = dt.datetime.now(tz=dt.timezone.utc).replace(tzinfo=None)
        MemoryExcelWriter(wb, archive).save()
    return out.getvalue()

"""Ways of altering a signed PDF, shared by the PDF tests (not a test module)."""

from __future__ import annotations

import io
import re

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.pdf_utils.writer import copy_into_new_writer


def contents_span(pdf: bytes) -> tuple[int, int, int]:
    """(start, end of the DER signature, end of the padded hex string) inside /Contents <…>."""
    m = re.search(rb"/Contents <([0-9a-fA-F]+)>", pdf)
    start, end = m.start(1), m.end(1)
    used = len(m.group(1).rstrip(b"0"))
    return start, start + used, end


def flip_byte(pdf: bytes, where: str) -> bytes:
    start, used_end, end = contents_span(pdf)
    pos = {"header": 20, "first_third": len(pdf) // 3, "before_signature": start - 40,
           "signature_der": start + 200, "signature_padding": used_end + 100,
           "after_signature": end + 40, "last_byte": len(pdf) - 2}[where]
    out = bytearray(pdf)
    if start <= pos < end:  # stay a hex digit so the file still parses
        out[pos] = ord("1") if out[pos] != ord("1") else ord("2")
    else:
        out[pos] ^= 0x01
    return bytes(out)


def draw_over_first_page(pdf: bytes) -> bytes:
    """An incremental update that paints a white box and new text over page 1."""
    w = IncrementalPdfFileWriter(io.BytesIO(pdf))
    stream = generic.StreamObject(stream_data=b"q 1 1 1 rg 0 0 600 850 re f Q "
                                              b"BT /F1 24 Tf 72 700 Td (Nothing to see) Tj ET")
    w.add_stream_to_page(0, w.add_object(stream))
    out = io.BytesIO()
    w.write(out)
    return out.getvalue()


def empty_incremental_update(pdf: bytes) -> bytes:
    w = IncrementalPdfFileWriter(io.BytesIO(pdf))
    w.root["/PanelReviewNote"] = generic.TextStringObject("edited")
    w.update_root()
    out = io.BytesIO()
    w.write(out)
    return out.getvalue()


def resave(pdf: bytes) -> bytes:
    """A full rewrite of the file, as a PDF editor's "Save as" does."""
    out = io.BytesIO()
    copy_into_new_writer(PdfFileReader(io.BytesIO(pdf), strict=False)).write(out)
    return out.getvalue()

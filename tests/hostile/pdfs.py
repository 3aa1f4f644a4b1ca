"""Hand-made hostile and damaged PDFs: small files that hold up or break a PDF viewer.

Each is written object by object with a correct cross-reference table, so
that what is wrong is only what the name says.
"""

from __future__ import annotations

import zlib


def _pdf(objects: list[bytes], root: int = 1) -> bytes:
    """A PDF from numbered object bodies (object i + 1 is objects[i])."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, root, xref)
    return bytes(out)


def _stream(data: bytes, compress: bool = True) -> bytes:
    if compress:
        data = zlib.compress(data, 9)
        return b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + \
            b"\nendstream"
    return b"<< /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"


def ordinary(pages: int = 2) -> bytes:
    """A plain document with a line of text per page."""
    kids = b" ".join(b"%d 0 R" % (3 + 2 * i) for i in range(pages))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages)]
    for i in range(pages):
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R "
                       b">>" % (4 + 2 * i))
        objects.append(_stream(b"BT /F1 12 Tf 72 720 Td (Page %d) Tj ET" % (i + 1), False))
    return _pdf(objects)


def page_tree_loop() -> bytes:
    """The page tree's node lists its own parent among its kids: a walk never ends."""
    return _pdf([b"<< /Type /Catalog /Pages 2 0 R >>",
                 b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                 b"<< /Type /Pages /Parent 2 0 R /Kids [2 0 R] /Count 1 >>"])


def many_pages(n: int) -> bytes:
    """``n`` real pages (sharing one empty content stream)."""
    kids = b" ".join(b"%d 0 R" % (4 + i) for i in range(n))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, n), _stream(b"", False)]
    objects += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R >>"] * n
    return _pdf(objects)


def heavy_page(operations: int) -> bytes:
    """One page whose drawing instructions are ``operations`` tiny line segments,
    compressed so the file stays small."""
    content = b"0 0 m 1 1 l S\n" * operations
    return _pdf([b"<< /Type /Catalog /Pages 2 0 R >>",
                 b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                 b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
                 _stream(content)])


def deep_tree(depth: int) -> bytes:
    """A chain of page-tree nodes ``depth`` levels deep with one page at the bottom."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>"]
    for level in range(depth):
        objects.append(b"<< /Type /Pages /Kids [%d 0 R] /Count 1 >>" % (3 + level))
    objects.append(b"<< /Type /Page /MediaBox [0 0 595 842] >>")
    return _pdf(objects)


def truncated(data: bytes, keep: float = 0.5) -> bytes:
    return data[:int(len(data) * keep)]

"""The synthetic demo documents' PDF form: one marked A4 page of text.

Each page carries the DEMO / SYNTHETIC watermark and banners, so that no
page of a demo document can pass for a real file.  The output is
byte-identical for the same text (reportlab's invariant mode: no dates, no
random ids), which keeps demo bundles reproducible.  Reportlab is imported
on use, never at start-up.
"""

from __future__ import annotations

import io

from review.demo import text as T


def _wrap(text: str, font: str, size: float, width: float, cache: dict) -> list[str]:
    """Greedy word wrap with cached word widths (reportlab's pure-Python widths are slow)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    def w(word: str) -> float:
        if (word, font) not in cache:
            cache[word, font] = stringWidth(word, font, 1000)
        return cache[word, font] * size / 1000

    lines, current, used, space = [], [], 0.0, w(" ")
    for word in text.split():
        extra = w(word) + (space if current else 0)
        if current and used + extra > width:
            lines.append(" ".join(current))
            current, used, extra = [], 0.0, w(word)
        current.append(word)
        used += extra
    return lines + ([" ".join(current)] if current else [])


# Word widths by (word, font), shared by every page: the demo's cases are
# written from a small vocabulary, so each word is measured once for the
# whole bundle rather than once per line it appears on.
_WIDTHS: dict = {}


def one_page_pdf(title: str, header: list[str], body: list[str]) -> bytes:
    """One A4 page: marking, title, header lines and paragraphs (cut at the page end)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    c.setTitle(f"{title} (synthetic demo data)")
    c.setAuthor("Panel Review demo generator")
    width, height = A4
    margin = 56
    c.saveState()
    c.setFillGray(0.9)
    c.setFont("Helvetica-Bold", 54)
    c.translate(width / 2, height / 2)
    c.rotate(40)
    c.drawCentredString(0, 0, "DEMO / SYNTHETIC")
    c.restoreState()
    c.setFillColorRGB(0.7, 0, 0)
    c.setFont("Helvetica-Bold", 9)
    for y in (height - 36, 30):
        c.drawString(margin, y, T.SYNTHETIC_BANNER)
    c.setFillGray(0)
    c.setFont("Helvetica-Bold", 14)
    c.drawString(margin, height - 72, title)
    text = c.beginText(margin, height - 96)
    for i, para in enumerate(header + body):
        size = 8.5 if i < len(header) else 10
        text.setFont("Helvetica", size, size * 1.35)
        for line in _wrap(para, "Helvetica", size, width - 2 * margin, _WIDTHS):
            if text.getY() < 60:
                break
            text.textLine(line)
        text.moveCursor(0, 6)
    c.drawText(text)
    c.showPage()
    c.save()
    return buf.getvalue()

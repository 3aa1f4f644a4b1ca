"""reportlab flowables and the page canvas of the PDF report.

This module imports reportlab at the top, so only the layout code imports
it (lazily): importing :mod:`exports` must stay cheap at app start-up.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from exports.pdf.style import MARGIN, Styles
from exports.progress import Progress

SIGNATURE_HEIGHT = 96.0  # points: room for pyHanko's six-line stamp at 8 pt


@dataclass
class Slot:
    """Where the signature box landed: filled in while the page is drawn."""

    page: int = -1
    box: tuple[float, float, float, float] = (0, 0, 0, 0)


class Outline(Flowable):
    """Zero-size: adds a bookmark for the section that follows."""

    def __init__(self, title: str, level: int, key: str | None = None):
        super().__init__()
        self.title, self.level, self.key = title, level, key or f"s-{title}"
        self.width = self.height = 0

    def wrap(self, aw, ah):
        return 0, 0

    def draw(self):
        self.canv.bookmarkPage(self.key)
        self.canv.addOutlineEntry(self.title, self.key, level=self.level, closed=True)


class CaseMarker(Outline):
    """Bookmark for a case; also reports progress and honours cancel while laying out."""

    def __init__(self, case_id: str, index: int, total: int, progress: Progress, stage: str):
        super().__init__(f"Case {case_id}", 1, key=f"case-{index}")
        self.index, self.total, self.progress, self.stage = index, total, progress, stage

    def draw(self):
        super().draw()
        if self.index % 10 == 0 or self.index == self.total - 1:
            self.progress.update(self.stage, 0.05 + 0.95 * (self.index + 1) / max(self.total, 1),
                                 f"Laying out case {self.index + 1:,} of {self.total:,}")


class SignatureSlot(Flowable):
    """Reserves the signature box and records where on which page it landed."""

    def __init__(self, slot: Slot):
        super().__init__()
        self.slot = slot

    def wrap(self, aw, ah):
        self.width = min(aw, 360)
        return self.width, SIGNATURE_HEIGHT

    def draw(self):
        x, y = self.canv.absolutePosition(0, 0)
        self.slot.page = self.canv.getPageNumber() - 1
        self.slot.box = (x, y, x + self.width, y + SIGNATURE_HEIGHT)


def numbered_canvas(header: tuple[str, str], footer: str, styles: Styles):
    """A Canvas class that holds pages back until the end to print "Page x of y"."""
    f = styles.fonts
    left, right = header

    def fit(text: str, size: float, width: float) -> str:
        while text and stringWidth(text, f.regular, size) > width:
            text = text[:-2] + "\u2026"
        return text

    class NumberedCanvas(Canvas):
        pages = 0

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._held: list[dict] = []

        def showPage(self):  # hold the page until the total is known
            self._held.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._held)
            type(self).pages = total
            for state in self._held:
                self.__dict__.update(state)
                self._decorate(total)
                Canvas.showPage(self)
            Canvas.save(self)

        def _decorate(self, total: int) -> None:
            w, h = self._pagesize
            self.saveState()
            self.setFont(f.regular, 7.5)
            self.setFillColor(colors.HexColor("#555555"))
            right_w = stringWidth(right, f.regular, 7.5)
            self.drawString(MARGIN, h - MARGIN + 4, fit(left, 7.5, w - 2 * MARGIN - right_w - 20))
            self.drawRightString(w - MARGIN, h - MARGIN + 4, right)
            self.setStrokeColor(colors.HexColor("#BBBBBB"))
            self.line(MARGIN, h - MARGIN, w - MARGIN, h - MARGIN)
            self.line(MARGIN, MARGIN - 4, w - MARGIN, MARGIN - 4)
            self.drawString(MARGIN, MARGIN - 14, fit(footer, 7.5, w - 2 * MARGIN - 80))
            self.drawRightString(w - MARGIN, MARGIN - 14, f"Page {self._pageNumber} of {total}")
            self.restoreState()

    return NumberedCanvas


def a4_document(buf, *, title: str, author: str, subject: str):
    """The A4 page template both signed PDFs use: (document, body frame width).

    One body frame within the margins, leaving room for the header and the
    "page x of y" footer that :func:`numbered_canvas` draws.
    """
    from reportlab import rl_config
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate
    # Compressed streams are binary anyway; ASCII85 on top only costs time (pure Python).
    rl_config.useA85 = 0
    width = A4[0] - 2 * MARGIN
    doc = BaseDocTemplate(buf, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN,
                          topMargin=MARGIN + 10, bottomMargin=MARGIN + 6,
                          title=title, author=author, subject=subject, creator="Panel Review")
    frame = Frame(MARGIN, MARGIN + 6, width, A4[1] - 2 * MARGIN - 16, id="body",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    doc.addPageTemplates([PageTemplate("page", [frame])])
    return doc, width

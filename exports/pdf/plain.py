"""Flowables of plain text, cheap enough for thousands of them.

The member's PDF lays out a thousand cases, each with several small tables
(facts, decision, history), a few paragraphs, and a 1,131-row overview.
reportlab's Table draws each line of each cell as a text object of its own
and re-reads its style commands per table, and its Paragraph parses markup
and keeps per-word fragments; together they were most of the report's cost.

* :class:`TextGrid` draws all of a table's text in one text object and all of
  its rules in one path; it splits between rows, repeating the header row.
* :class:`PlainText` is a paragraph of plain text, left-aligned, optionally
  with a bold label run in ("Summary. The complainant..."); it splits
  between lines.

Text is never read as markup here: what a person typed is drawn as it is,
so there is nothing to escape.  Lines are broken by ``cell_lines`` in
:mod:`exports.pdf.style`.  This module imports reportlab at the top, like
the other flowables: only the layout code imports it.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import getAscent, stringWidth
from reportlab.platypus import Flowable

from exports.pdf.style import Styles, cell_lines

GRID = colors.HexColor("#B8B8B8")
HEAD = colors.HexColor("#DCE6F1")
ZEBRA = colors.HexColor("#F4F6F8")
H_PAD, V_PAD = 3.0, 2.0  # as the ruled reportlab tables of the report


@dataclass(frozen=True)
class GridLook:
    """What a grid's rows look like: fonts, size, which cells are bold or shaded."""

    regular: str
    bold: str
    size: float
    leading: float
    header: bool = True        # the first row is a shaded, bold header, repeated on a split
    label_cols: tuple[int, ...] = ()
    zebra: bool = False

    @classmethod
    def of(cls, styles: Styles, **kw) -> "GridLook":
        return cls(styles.fonts.regular, styles.fonts.bold, styles.cell.fontSize,
                   styles.cell.leading, **kw)


class TextGrid(Flowable):
    """Rows of plain-text cells (lines separated by ``\\n``) in columns of fixed widths."""

    def __init__(self, rows: list[list[str]], widths: list[float], look: GridLook,
                 _lines: list[list[list[str]]] | None = None, _first: int = 0):
        super().__init__()
        self.widths, self.look = list(widths), look
        self.lines = _lines if _lines is not None else \
            [[str(cell).split("\n") for cell in row] for row in rows]
        self.first = _first  # index in the whole table of this part's first body row
        self.heights = [max(len(c) for c in row) * look.leading + 2 * V_PAD
                        for row in self.lines]
        self.width, self.height = sum(self.widths), sum(self.heights)

    def wrap(self, aw, ah):
        return self.width, self.height

    def split(self, aw, ah):
        """Two parts if at least one row beyond the header fits in ``ah``, else none."""
        head = 1 if self.look.header else 0
        used, n = 0.0, 0
        for h in self.heights:
            if used + h > ah:
                break
            used, n = used + h, n + 1
        if n <= head or n >= len(self.lines):
            return []
        rest = self.lines[:head] + self.lines[n:]
        return [TextGrid([], self.widths, self.look, self.lines[:n], self.first),
                TextGrid([], self.widths, self.look, rest, self.first + n - head)]

    def draw(self):
        canv, look = self.canv, self.look
        head = 1 if look.header else 0
        tops, y = [], self.height
        for h in self.heights:
            tops.append(y)
            y -= h
        canv.saveState()
        for i, (top, h) in enumerate(zip(tops, self.heights)):
            shade = HEAD if i < head else \
                ZEBRA if look.zebra and (self.first + i - head) % 2 == 1 else None
            if shade is not None:
                canv.setFillColor(shade)
                canv.rect(0, top - h, self.width, h, stroke=0, fill=1)
        canv.setFillColor(colors.black)
        text = canv.beginText()
        font = None
        for i, (row, top) in enumerate(zip(self.lines, tops)):
            x = 0.0
            for col, (cell, w) in enumerate(zip(row, self.widths)):
                want = look.bold if i < head or col in look.label_cols else look.regular
                if want != font:
                    text.setFont(want, look.size, look.leading)
                    font = want
                if any(cell):  # one origin per cell; T* (textLine) steps down by the leading
                    text.setTextOrigin(x + H_PAD, top - V_PAD - look.size)
                    for line in cell:
                        text.textLine(line)
                x += w
        canv.drawText(text)
        rules = canv.beginPath()
        for y in tops + [0.0]:
            rules.moveTo(0, y)
            rules.lineTo(self.width, y)
        x = 0.0
        for w in [0.0] + self.widths:
            x += w
            rules.moveTo(x, 0)
            rules.lineTo(x, self.height)
        canv.setStrokeColor(GRID)
        canv.setLineWidth(0.4)
        canv.drawPath(rules, stroke=1, fill=0)
        canv.restoreState()


class PlainText(Flowable):
    """A paragraph of plain text in one style, with an optional bold label run in.

    Laid out like a reportlab Paragraph of the same style (first baseline one
    ascent below the top, then one leading per line, the label followed by a
    gap of 0.6 of the font size, as for a bullet), minus the markup.
    """

    def __init__(self, text: str, style, label: str = "", bold: str = "",
                 _lines: list[str] | None = None, _space_before: float | None = None):
        super().__init__()
        self.text, self.style, self.label, self.bold = text, style, label, bold
        self._lines, self._for_width = _lines, None
        self.spaceBefore = style.spaceBefore if _space_before is None else _space_before
        self.spaceAfter = style.spaceAfter

    def _indent(self) -> float:
        if not self.label:
            return 0.0
        return stringWidth(self.label, self.bold, self.style.fontSize) + 0.6 * self.style.fontSize

    def _layout(self, width: float) -> list[str]:
        if self._lines is not None:
            return self._lines
        if self._for_width != width:
            s = self.style
            self._cache = cell_lines(self.text, width, s.fontName, s.fontSize,
                                     first=width - self._indent()).split("\n")
            self._for_width = width
        return self._cache

    def wrap(self, aw, ah):
        self.width = aw
        self.height = len(self._layout(aw)) * self.style.leading
        return aw, self.height

    def split(self, aw, ah):
        lines = self._layout(aw)
        n = int(ah // self.style.leading)
        if n < 1 or n >= len(lines):
            return []
        return [PlainText(self.text, self.style, self.label, self.bold, lines[:n]),
                PlainText("", self.style, _lines=lines[n:], _space_before=0)]

    def draw(self):
        s, lines = self.style, self._layout(self.width)
        text = self.canv.beginText()
        text.setFillColor(s.textColor)
        y = self.height - getAscent(s.fontName, s.fontSize)
        x = 0.0
        if self.label:
            text.setFont(self.bold, s.fontSize, s.leading)
            text.setTextOrigin(0, y)
            text.textOut(self.label)
            x = self._indent()
        text.setFont(s.fontName, s.fontSize, s.leading)
        text.setTextOrigin(x, y)
        text.textLine(lines[0])
        if len(lines) > 1:  # T* starts each line where the last origin was: back to the margin
            text.setTextOrigin(0, y - s.leading)
            for line in lines[1:]:
                text.textLine(line)
        self.canv.drawText(text)

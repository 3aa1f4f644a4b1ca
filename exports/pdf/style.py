"""Fonts, paragraph styles and the one way user text enters a PDF.

reportlab's Paragraph reads a markup language, so any text a person (or a
case spreadsheet) supplied must be escaped before it is laid out: ``<b>``,
``<img src=...>``, ``<a href=...>`` and ``&amp;`` then print literally
instead of formatting, fetching or linking.  :func:`esc` is that escape;
nothing else puts user text into a Paragraph.

Fonts are embedded TrueType: DejaVu Sans where the system has it (wide
coverage of names in Latin, Greek and Cyrillic scripts), else Bitstream
Vera, which ships with reportlab and so is always there.
"""

from __future__ import annotations

import functools
import os
import re
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

MARGIN = 40.0  # page margin in points (A4), shared by the layout and the page canvas

_CANDIDATES = [
    ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSansMono.ttf",
     ["/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/dejavu",
      "/usr/share/fonts/TTF", "/Library/Fonts", os.path.expanduser("~/.fonts")]),
]


@dataclass(frozen=True)
class Fonts:
    regular: str
    bold: str
    mono: str


_fonts: Fonts | None = None


def fonts() -> Fonts:
    """Register the fonts once per process and return their names."""
    global _fonts
    if _fonts is None:
        _fonts = _register()
    return _fonts


def _register() -> Fonts:
    import reportlab
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    chosen = None
    for regular, bold, mono, folders in _CANDIDATES:
        for folder in folders:
            if (Path(folder) / regular).is_file() and (Path(folder) / bold).is_file():
                chosen = (Path(folder) / regular, Path(folder) / bold,
                          Path(folder) / mono if (Path(folder) / mono).is_file() else None)
                break
        if chosen:
            break
    if chosen is None:
        base = Path(reportlab.__file__).parent / "fonts"
        chosen = (base / "Vera.ttf", base / "VeraBd.ttf", None)
    pdfmetrics.registerFont(TTFont("PR-Regular", str(chosen[0])))
    pdfmetrics.registerFont(TTFont("PR-Bold", str(chosen[1])))
    mono = "Courier"
    if chosen[2] is not None:
        pdfmetrics.registerFont(TTFont("PR-Mono", str(chosen[2])))
        mono = "PR-Mono"
    # <b> in our own markup must map to the embedded bold, not to Helvetica-Bold.
    for bold, italic, name in ((0, 0, "PR-Regular"), (1, 0, "PR-Bold"),
                               (0, 1, "PR-Regular"), (1, 1, "PR-Bold")):
        addMapping("PR-Regular", bold, italic, name)
    return Fonts("PR-Regular", "PR-Bold", mono)


def esc(text: object) -> str:
    """User text as Paragraph markup that prints literally; newlines kept as line breaks."""
    if text is None:
        return ""
    return escape(str(text)).replace("\r\n", "\n").replace("\r", "\n").replace("\n", "<br/>")


def blocks(text: object) -> list[str]:
    """User text split at blank lines (its paragraphs), line ends normalised; at least one."""
    norm = "" if text is None else str(text).replace("\r\n", "\n").replace("\r", "\n")
    return [p for p in _BLANK_LINE.split(norm) if p.strip()] or [""]


_BLANK_LINE = re.compile(r"\n[ \t]*\n")


def cell_lines(text: object, width: float, font: str, size: float,
               first: float | None = None) -> str:
    """Plain text broken into lines of at most ``width`` points, joined by newlines.

    ``first``, if given, is the width of the first line (narrower after a run-in
    label).  A table draws a plain-string cell line by line with no markup parsing,
    far more cheaply than a Paragraph, but never wraps it: this does, splitting a
    word that is wider than the line by characters.
    """
    space = text_width(" ", font, size)
    lines: list[str] = []
    limit = lambda: width if lines or first is None else first  # noqa: E731
    for part in str(text).splitlines() or [""]:
        line, used = "", 0.0
        for word in part.split():
            w = text_width(word, font, size)
            if not line and not lines and first is not None and first < w <= width:
                lines.append("")  # fits a full line but not beside the label: start below
            while w > limit():  # a word longer than the line: end the line, then cut it
                if line:
                    lines.append(line)
                    line, used = "", 0.0
                cut = _fitting(word, limit(), font, size)
                lines.append(word[:cut])
                word = word[cut:]
                w = text_width(word, font, size)
            if line and used + space + w > limit():
                lines.append(line)
                line, used = "", 0.0
            line, used = (f"{line} {word}", used + space + w) if line else (word, w)
        lines.append(line)
    return "\n".join(lines)


@functools.lru_cache(maxsize=100_000)
def text_width(text: str, font: str, size: float) -> float:
    """reportlab's stringWidth, remembered: laying out a report measures the same words
    (and table labels) tens of thousands of times, and each measure is a pure-Python
    loop over the characters.  Font names are registered once per process (see
    :func:`fonts`), so a name always means the same metrics."""
    from reportlab.pdfbase.pdfmetrics import stringWidth
    return stringWidth(text, font, size)


def _fitting(word: str, width: float, font: str, size: float) -> int:
    """How many leading characters of ``word`` fit in ``width`` (at least one)."""
    used = 0.0
    for i, ch in enumerate(word):
        used += text_width(ch, font, size)
        if used > width:
            return max(1, i)
    return len(word)


def clip(text: str, limit: int) -> str:
    """Shorten text for a table cell (a cell cannot span pages); the full text is elsewhere."""
    text = str(text)
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "\u2026"


class Styles:
    """The paragraph styles of the report, built on the registered fonts."""

    def __init__(self) -> None:
        from reportlab.lib import colors
        from reportlab.lib.styles import ParagraphStyle
        f = fonts()
        self.fonts = f
        base = ParagraphStyle("body", fontName=f.regular, fontSize=9, leading=12,
                              splitLongWords=True, spaceAfter=4)
        self.body = base
        self.small = ParagraphStyle("small", parent=base, fontSize=7.5, leading=9.5, spaceAfter=0)
        self.cell = ParagraphStyle("cell", parent=base, fontSize=7.5, leading=9, spaceAfter=0)
        self.cell_bold = ParagraphStyle("cellb", parent=self.cell, fontName=f.bold)
        self.mono = ParagraphStyle("mono", parent=base, fontName=f.mono, fontSize=8, leading=10)
        self.title = ParagraphStyle("title", parent=base, fontName=f.bold, fontSize=20,
                                    leading=24, spaceAfter=10)
        self.subtitle = ParagraphStyle("subtitle", parent=base, fontSize=12, leading=15,
                                       spaceAfter=14, textColor=colors.HexColor("#333333"))
        self.h1 = ParagraphStyle("h1", parent=base, fontName=f.bold, fontSize=15, leading=18,
                                 spaceBefore=4, spaceAfter=8)
        self.h2 = ParagraphStyle("h2", parent=base, fontName=f.bold, fontSize=11.5, leading=14,
                                 spaceBefore=6, spaceAfter=4)
        self.h3 = ParagraphStyle("h3", parent=base, fontName=f.bold, fontSize=9.5, leading=12,
                                 spaceBefore=4, spaceAfter=2)
        self.banner = ParagraphStyle("banner", parent=base, fontName=f.bold, fontSize=11,
                                     leading=14, textColor=colors.HexColor("#9C2A00"))

"""A text note, read-only, with the same zoom and find as a PDF.

Zoom scales the note's font from the app's own size, so 100% is the size
the rest of the window uses; it stays when another note is shown.  The case
search's words stay highlighted; find marks its matches in a second colour
and the current one stronger.
"""

from __future__ import annotations

import re

from PySide6.QtCore import Signal
from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit

from ui.member.case_html import HIGHLIGHT, highlight_pattern
from ui.member.reader_bar import clamp, step, wheel_zooms

FOUND, CURRENT = "#cfe3ff", "#ffb74d"
MARKED_AT_MOST = 2000  # matches beyond this are counted and visited, not all painted at once


class NotePane(QPlainTextEdit):
    zoom_changed = Signal()
    matches_changed = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setAccessibleName("Text note")
        self._base = 0.0  # the app's size, read at the first zoom (the style sheet sets it)
        self._zoom = 1.0
        self._terms: list[str] = []
        self.find_text = ""
        self.matches: list[tuple[int, int]] = []  # (start, end) in the note's text
        self.match_index = -1

    def show_note(self, text: str, terms: list[str]) -> None:
        self.setPlainText(text)
        self._terms = list(terms)
        if self.find_text:
            self.find(self.find_text)
        else:
            self._paint()

    def set_terms(self, terms: list[str]) -> None:
        self._terms = list(terms)
        self._paint()

    # -- zoom --------------------------------------------------------------------------
    def zoom(self) -> float:
        return self._zoom

    def fit(self) -> str:
        return ""  # a note wraps to any width: there is nothing to fit

    def set_zoom(self, factor: float) -> None:
        if not self._base:
            self._base = self.font().pointSizeF()
        self._zoom = clamp(factor)
        # A style sheet of its own: the app's sheet sets every widget's font size and
        # would win over setFont.
        size = round(self._base * self._zoom, 1)
        self.setStyleSheet("" if self._zoom == 1.0 else f"font-size: {size}pt;")
        self.zoom_changed.emit()

    def set_fit(self, fit: str) -> None:
        self.set_zoom(1.0)

    def zoom_by(self, steps: int) -> None:
        self.set_zoom(step(self._zoom, steps))

    def wheelEvent(self, event) -> None:
        if not wheel_zooms(event, self.zoom_by):
            super().wheelEvent(event)

    # -- find --------------------------------------------------------------------------
    def find(self, text: str) -> None:
        self.find_text = text
        self.matches, self.match_index = [], -1
        if text:
            body = self.toPlainText()
            self.matches = [m.span() for m in re.finditer(re.escape(text), body, re.IGNORECASE)]
        if self.matches:
            self.show_match(0)
        else:
            self._paint()
        self.matches_changed.emit()

    def searching(self) -> bool:
        return False

    def find_next(self, forward: bool = True) -> None:
        if self.matches:
            self.show_match(self.match_index + (1 if forward else -1)
                            if self.match_index >= 0 else 0)
            self.matches_changed.emit()

    def show_match(self, index: int) -> None:
        self.match_index = index % len(self.matches)
        start, end = self.matches[self.match_index]
        cursor = QTextCursor(self.document())
        cursor.setPosition(end)
        self.setTextCursor(cursor)  # scrolls there; the selection colour is the painting's
        cursor.setPosition(start, QTextCursor.MoveMode.KeepAnchor)
        self.ensureCursorVisible()
        self._paint()

    def _paint(self) -> None:
        marks = []
        body = self.toPlainText()
        pattern = highlight_pattern(self._terms)
        if pattern is not None:
            marks += [self._mark(m.start(), m.end(), HIGHLIGHT)
                      for m in pattern.finditer(body)][:MARKED_AT_MOST]
        marks += [self._mark(a, b, FOUND) for a, b in self.matches[:MARKED_AT_MOST]]
        if self.match_index >= 0:
            marks.append(self._mark(*self.matches[self.match_index], CURRENT))
        self.setExtraSelections(marks)

    def _mark(self, start: int, end: int, colour: str) -> QTextEdit.ExtraSelection:
        fmt = QTextCharFormat()
        fmt.setBackground(QColor(colour))
        cursor = QTextCursor(self.document())
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        sel = QTextEdit.ExtraSelection()
        sel.cursor, sel.format = cursor, fmt
        return sel

    def highlight_count(self) -> int:
        """How many of the case search's words are marked (find's matches not counted)."""
        colour = QColor(HIGHLIGHT)
        return sum(1 for s in self.extraSelections() if s.format.background().color() == colour)

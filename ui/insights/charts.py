"""The Insights charts, drawn with QPainter: rates with their intervals, the delay
histogram and the repeat-subject timeline.

Each chart is one widget that paints its rows and says which row was
clicked (or chosen with the arrow keys and Enter), so that the page can open
the cases behind it.  A suppressed group is grey text, never a bar, and
cannot be clicked.  The numbers drawn are those of
:mod:`review.insights` and nothing else.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from review.insights.groups import CATEGORY_ORDER, GroupTable
from review.insights.patterns import Delay, RepeatSubjects
from review.insights.rates import SUPPRESSED, axis_top, percent

BAR, REFERENCE, FLAG, GRID, TEXT, MUTED = ("#2f5d8a", "#9aa3ad", "#d9822b", "#e3e6ea", "#1f2a37",
                                           "#6b7280")
FOCUS = "#fff4c2"
ROW = 22


class _RowChart(QWidget):
    """A chart of clickable rows, one per item, with a keyboard cursor."""

    row_clicked = Signal(int)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._cursor = -1
        self._hover = -1
        self.top_margin = 24

    # the subclass says how many rows there are and which can be opened
    def rows(self) -> int:
        return 0

    def clickable(self, row: int) -> bool:
        return True

    def row_at(self, y: float) -> int:
        i = int((y - self.top_margin) // ROW)
        return i if 0 <= i < self.rows() else -1

    def mouseMoveEvent(self, event) -> None:
        row = self.row_at(event.position().y())
        self._hover = row if row >= 0 and self.clickable(row) else -1
        self.setCursor(Qt.CursorShape.PointingHandCursor if self._hover >= 0
                       else Qt.CursorShape.ArrowCursor)
        self.update()

    def leaveEvent(self, _event) -> None:
        self._hover = -1
        self.update()

    def mousePressEvent(self, event) -> None:
        row = self.row_at(event.position().y())
        if row >= 0 and self.clickable(row):
            self._cursor = row
            self.update()
            self.row_clicked.emit(row)

    def keyPressEvent(self, event) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Down, Qt.Key.Key_Up) and self.rows():
            step = 1 if key == Qt.Key.Key_Down else -1
            self._cursor = max(0, min(self.rows() - 1, self._cursor + step))
            self.update()
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space) and \
                0 <= self._cursor < self.rows() and self.clickable(self._cursor):
            self.row_clicked.emit(self._cursor)
        else:
            super().keyPressEvent(event)

    def _row_background(self, p: QPainter, i: int, y: float) -> None:
        if i == self._hover or (i == self._cursor and self.hasFocus()):
            p.fillRect(QRectF(0, y, self.width(), ROW), QColor(FOCUS))

    def _title(self, p: QPainter, text: str) -> None:
        font = QFont(self.font())
        font.setBold(True)
        p.setFont(font)
        p.setPen(QColor(TEXT))
        p.drawText(QRectF(0, 0, self.width(), self.top_margin - 4),
                   Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text)
        p.setFont(self.font())


class RateChart(_RowChart):
    """Rates of one outcome by group: bar, 95% whisker, "RR …" beside it."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.table: GroupTable | None = None

    def set_table(self, table: GroupTable) -> None:
        self.table = table
        self.setFixedHeight(self.top_margin + ROW * len(table.rows) + 22)
        self.setAccessibleName(f"{table.outcome.label}, by {table.dimension.label.lower()}")
        self.setToolTip("Bars: rate. Whiskers: 95% interval. Click a bar, or choose it with "
                        "the arrow keys and Enter, to open those cases.")
        self.update()

    def rows(self) -> int:
        return len(self.table.rows) if self.table else 0

    def _bold_font(self) -> QFont:
        font = QFont(self.font())
        font.setBold(True)
        return font

    def clickable(self, row: int) -> bool:
        r = self.table.rows[row]
        return not r.rate.suppressed and r.rate.k > 0

    def paintEvent(self, _event) -> None:
        if self.table is None:
            return
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        self._title(p, f"{self.table.outcome.label}, by {self.table.dimension.label.lower()}")
        metrics = QFontMetrics(self._bold_font())
        label_w = 12 + max(metrics.horizontalAdvance(r.label + (" (ref.)" if r.is_reference
                                                                else ""))
                           for r in self.table.rows)
        text_w = 232
        x0, plot = label_w, max(40, self.width() - label_w - text_w - 8)
        shown = [r.rate.interval[1] for r in self.table.rows if r.rate.interval]
        top, steps = axis_top(max(shown, default=0.05))
        scale = plot / top
        bottom = self.top_margin + ROW * len(self.table.rows)
        p.setPen(QPen(QColor(GRID), 1))
        for t in range(steps + 1):
            x = x0 + plot * t / steps
            p.drawLine(int(x), self.top_margin, int(x), bottom)
            p.setPen(QColor(MUTED))
            p.drawText(QRectF(x - 30, bottom + 2, 60, 16), Qt.AlignmentFlag.AlignCenter,
                       percent(top * t / steps))
            p.setPen(QPen(QColor(GRID), 1))
        for i, row in enumerate(self.table.rows):
            y = self.top_margin + ROW * i
            self._row_background(p, i, y)
            p.setFont(self._bold_font() if row.flagged else self.font())
            p.setPen(QColor(TEXT))
            name = row.label + (" (ref.)" if row.is_reference else "")
            p.drawText(QRectF(0, y, label_w - 6, ROW),
                       Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, name)
            p.setFont(self.font())
            if row.rate.suppressed or row.rate.interval is None:
                p.setPen(QColor(MUTED))
                p.drawText(QRectF(x0 + 4, y, plot, ROW), Qt.AlignmentFlag.AlignVCenter,
                           SUPPRESSED if row.rate.suppressed else "no cases")
                continue
            colour = REFERENCE if row.is_reference else FLAG if row.flagged else BAR
            p.fillRect(QRectF(x0, y + 5, row.rate.value * scale, ROW - 10), QColor(colour))
            low, high = row.rate.interval
            mid = y + ROW / 2
            p.setPen(QPen(QColor(TEXT), 1.2))
            p.drawLine(int(x0 + low * scale), int(mid), int(x0 + high * scale), int(mid))
            for edge in (low, high):
                p.drawLine(int(x0 + edge * scale), int(mid - 4), int(x0 + edge * scale),
                           int(mid + 4))
            text = f"{percent(row.rate.value)} of {row.rate.n}"
            if row.relative is not None:
                text += f"  RR {row.relative.text()}" + (" \u25cf" if row.flagged else "")
            p.setPen(QColor(TEXT))
            p.drawText(QRectF(x0 + plot + 8, y, text_w + 200, ROW),
                       Qt.AlignmentFlag.AlignVCenter, text)
        p.end()


class DelayChart(QWidget):
    """Cases by days from report to outcome; a click on a bin opens its cases."""

    bin_clicked = Signal(int)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.bins: list[tuple[str, int]] = []
        self.setFixedHeight(170)
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName("Days from report to outcome")
        self._cursor = -1

    def set_delay(self, delay: Delay) -> None:
        self.bins = delay.histogram()
        self.update()

    def _bin_at(self, x: float) -> int:
        if not self.bins:
            return -1
        i = int((x - 10) // ((self.width() - 20) / len(self.bins)))
        return i if 0 <= i < len(self.bins) and self.bins[i][1] else -1

    def mousePressEvent(self, event) -> None:
        i = self._bin_at(event.position().x())
        if i >= 0:
            self._cursor = i
            self.bin_clicked.emit(i)

    def keyPressEvent(self, event) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Left, Qt.Key.Key_Right) and self.bins:
            step = 1 if key == Qt.Key.Key_Right else -1
            self._cursor = max(0, min(len(self.bins) - 1, self._cursor + step))
            self.update()
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space) and self._cursor >= 0:
            self.bin_clicked.emit(self._cursor)
        else:
            super().keyPressEvent(event)

    def paintEvent(self, _event) -> None:
        if not self.bins:
            return
        p = QPainter(self)
        top = max(k for _, k in self.bins) or 1
        step = (self.width() - 20) / len(self.bins)
        base, plot_h = self.height() - 22, self.height() - 46
        for i, (label, k) in enumerate(self.bins):
            low = int(label.split("\u2013")[0].rstrip("+"))
            colour = FLAG if low >= 730 else BAR if low >= 400 else "#b8c7d6"
            h = plot_h * k / top
            x = 10 + i * step
            if i == self._cursor and self.hasFocus():
                p.fillRect(QRectF(x, 0, step, self.height()), QColor(FOCUS))
            p.fillRect(QRectF(x + 3, base - h, step - 6, h), QColor(colour))
            p.setPen(QColor(TEXT))
            p.drawText(QRectF(x, base - h - 18, step, 16), Qt.AlignmentFlag.AlignCenter, str(k))
            p.setPen(QColor(MUTED))
            p.drawText(QRectF(x, base + 2, step, 18), Qt.AlignmentFlag.AlignCenter, label)
        p.end()


_MOVE = {"up": FLAG, "down": BAR, "same": REFERENCE, None: "#ffffff"}


def _move(met: str, panel: str | None) -> str | None:
    if panel is None:
        return None
    a, b = CATEGORY_ORDER.index(met), CATEGORY_ORDER.index(panel)
    return "up" if b > a else "down" if b < a else "same"


class TimelineChart(_RowChart):
    """One line per repeat subject, a dot per case at its conduct date."""

    def __init__(self, limit: int = 15, parent=None) -> None:
        super().__init__(parent)
        self.limit = limit
        self.lines: list = []
        self.setAccessibleName("Repeat subjects' cases over time")

    def set_repeat(self, repeat: RepeatSubjects) -> None:
        self.lines = list(repeat.timelines[:self.limit])
        self.setFixedHeight(self.top_margin + ROW * len(self.lines) + 24)
        self.update()

    def rows(self) -> int:
        return len(self.lines)

    def paintEvent(self, _event) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        self._title(p, f"The {len(self.lines)} subjects with the most cases (orange: panel "
                       "raised the Met's category; blue: lowered; grey: kept; white: not decided)")
        dates = [t.conduct_date for _, tl in self.lines for t in tl if t.conduct_date]
        if not dates:
            p.end()
            return
        first, last = min(dates).year, max(dates).year + 1
        span = (dt.date(last, 1, 1) - dt.date(first, 1, 1)).days or 1
        x0, plot = 130, self.width() - 160
        bottom = self.top_margin + ROW * len(self.lines)
        for year in range(first, last + 1):
            x = x0 + plot * (dt.date(year, 1, 1) - dt.date(first, 1, 1)).days / span
            p.setPen(QPen(QColor(GRID), 1))
            p.drawLine(int(x), self.top_margin, int(x), bottom)
            p.setPen(QColor(MUTED))
            p.drawText(QRectF(x - 25, bottom + 2, 50, 16), Qt.AlignmentFlag.AlignCenter, str(year))
        for i, (subject, timeline) in enumerate(self.lines):
            y = self.top_margin + ROW * i
            self._row_background(p, i, y)
            p.setPen(QColor(TEXT))
            p.drawText(QRectF(0, y, x0 - 8, ROW),
                       Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                       f"{subject} ({len(timeline)})")
            for t in timeline:
                if t.conduct_date is None:
                    continue
                x = x0 + plot * (t.conduct_date - dt.date(first, 1, 1)).days / span
                p.setPen(QPen(QColor(TEXT), 0.8))
                p.setBrush(QColor(_MOVE[_move(t.met_category, t.panel_category)]))
                p.drawEllipse(QRectF(x - 4.5, y + ROW / 2 - 4.5, 9, 9))
        p.end()

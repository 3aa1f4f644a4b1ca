"""The Insights view: the coordinator's Insights tab, and a reduced one on a member's dashboard.

It shows one :class:`review.insights.analysis.Insights` with the sentences
of :mod:`review.insights.words` under each figure, and turns a click on a
bar, a bin, a timeline row or a table cell into ``show_cases(ids, label)``,
the exact cases the figure counts (:mod:`review.insights.selection`).  The
member's view (``full=False``) reads only that member's own decisions and
says so at the top.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QGridLayout, QGroupBox, QHBoxLayout,
                               QHeaderView, QLabel, QScrollArea, QTableWidget, QTableWidgetItem,
                               QVBoxLayout, QWidget)

from review.cases import CATEGORIES
from review.insights import selection, words
from review.insights.groups import CATEGORY_ORDER, DIMENSIONS
from ui.insights.charts import DelayChart, RateChart, TimelineChart


_SHORT = {"no_formal_action": "No formal action", "new_assessment": "New assessment",
          "formal_risk_management": "Formal risk mgmt"}


def _words(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setObjectName("Muted")
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


def _table(headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().hide()
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
    table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    return table


def _fill(table: QTableWidget, rows: list[list[str]]) -> None:
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            item = QTableWidgetItem(text)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            table.setItem(r, c, item)
    table.resizeRowsToContents()
    table.setFixedHeight(table.horizontalHeader().height() + 4 +
                         sum(table.rowHeight(r) for r in range(len(rows))))


class InsightsView(QScrollArea):
    """The coordinator's Insights tab: the whole panel, scrolling."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.panel = InsightsPanel(full=True)
        self.setWidget(self.panel)
        self.show_cases = self.panel.show_cases
        self.set_data = self.panel.set_data


class InsightsPanel(QWidget):
    show_cases = Signal(list, str)   # case ids, and what they are, for the case list's bar

    def __init__(self, full: bool = True, parent=None) -> None:
        super().__init__(parent)
        self.full = full
        self.cases: list = []
        self.decisions: dict = {}
        self.insights = None
        v = QVBoxLayout(self)
        v.setContentsMargins(16, 12, 16, 12) if full else v.setContentsMargins(0, 0, 0, 0)
        self.scope = QLabel("Computing\u2026")
        self.scope.setWordWrap(True)
        self.scope.setTextFormat(Qt.TextFormat.PlainText)
        self.scope.setStyleSheet("font-weight: 600;")
        v.addWidget(self.scope)

        top = QHBoxLayout()
        # a member's dashboard has the matrix already: there, only the shares
        box = QGroupBox("Panel against the Met" if full else "Escalation")
        bv = QVBoxLayout(box)
        self.matrix = _table(["Met \u2193 / panel \u2192"] + [_SHORT[c] for c in CATEGORY_ORDER])
        self.matrix.setAccessibleName("Met category against panel category")
        self.matrix.cellActivated.connect(self._matrix_clicked)
        self.matrix.cellClicked.connect(self._matrix_clicked)
        bv.addWidget(self.matrix)
        self.shares = _words("")
        bv.addWidget(self.shares)
        matrix_words = _words(words.MATRIX)
        bv.addWidget(matrix_words)
        for widget in (self.matrix, matrix_words):
            widget.setVisible(full)
        bv.addStretch(1)
        top.addWidget(box, 1)
        box = QGroupBox("Under-escalation")
        bv = QVBoxLayout(box)
        self.under = _table(["Allegation", "Escalated", "Other cases", "Relative rate"])
        self.under.setWordWrap(True)
        self.under.setAccessibleName("Under-escalation")
        self.under.cellActivated.connect(self._under_clicked)
        self.under.cellClicked.connect(self._under_clicked)
        bv.addWidget(self.under)
        bv.addWidget(_words(words.UNDER))
        top.addWidget(box, 1)
        v.addLayout(top)

        box = QGroupBox("Rates by group")
        gv = QVBoxLayout(box)
        pick = QHBoxLayout()
        pick.addWidget(QLabel("Group by:"))
        self.dimension = QComboBox()
        self.dimension.setAccessibleName("Group by")
        for dim in DIMENSIONS if full else [d for d in DIMENSIONS if d.key == "allegation"]:
            self.dimension.addItem(dim.label, dim.key)
        self.dimension.currentIndexChanged.connect(self._show_groups)
        pick.addWidget(self.dimension)
        pick.addStretch(1)
        gv.addLayout(pick)
        self.flags = _words("")
        gv.addWidget(self.flags)
        grid = QGridLayout()
        self.rate_charts: dict[str, RateChart] = {}
        outcomes = ("escalated", "proceedings", "met_formal") if full else ("escalated",)
        for i, key in enumerate(outcomes):
            chart = RateChart()
            chart.row_clicked.connect(lambda row, k=key: self._group_clicked(k, row))
            self.rate_charts[key] = chart
            grid.addWidget(chart, i // 2, i % 2)
        gv.addLayout(grid)
        gv.addWidget(_words(words.GROUPS))
        v.addWidget(box)

        self.repeat_box = QGroupBox("Repeat subjects")
        rv = QVBoxLayout(self.repeat_box)
        self.bands = _words("")
        rv.addWidget(self.bands)
        self.timeline = TimelineChart()
        self.timeline.row_clicked.connect(self._subject_clicked)
        rv.addWidget(self.timeline)
        rv.addWidget(_words(words.REPEAT))
        self.delay_box = QGroupBox("Delay: days from report to outcome")
        dv = QVBoxLayout(self.delay_box)
        self.delay_chart = DelayChart()
        self.delay_chart.bin_clicked.connect(self._bin_clicked)
        dv.addWidget(self.delay_chart)
        self.delay = _table(["Cases", "Median days", "Over 400 days", "Over two years",
                             "Without usable dates"])
        self.delay.setAccessibleName("Delay by allegation type")
        dv.addWidget(self.delay)
        dv.addWidget(_words(words.DELAY))
        for extra in (self.repeat_box, self.delay_box):
            extra.setVisible(full)
            v.addWidget(extra)
        method = _words(words.METHOD)
        method.setVisible(full)
        v.addWidget(method)
        v.addStretch(1)

    # -- showing ----------------------------------------------------------------------
    def set_data(self, insights, cases: list, decisions: dict) -> None:
        self.insights, self.cases, self.decisions = insights, cases, decisions
        self.scope.setText(insights.scope_line)
        m = insights.matrix
        _fill(self.matrix, [[CATEGORIES[met]] + [m.cell_text(met, p) for p in CATEGORY_ORDER]
                            for met in CATEGORY_ORDER])
        self.shares.setText(f"Escalated: {m.escalated.text()}.  De-escalated: "
                            f"{m.de_escalated.text()}.  Kept: {m.unchanged.text()}.")
        _fill(self.under, [[u.label, u.relative.group.text(), u.relative.reference.text(),
                            u.relative.text()] for u in insights.under])
        flagged = insights.flagged(tuple(self.rate_charts),
                                   tuple(self.dimension.itemData(i)
                                         for i in range(self.dimension.count())))
        self.flags.setText("Flagged: " + "; ".join(flagged) if flagged else words.NO_FLAGS)
        self._show_groups()
        r = insights.repeat
        self.bands.setText("   ".join(f"{band} case{'s' if band != '1' else ''}: {n} subjects"
                                       for band, n, _ in r.bands)
                           + f".   Escalated, repeat against one-case subjects: relative rate "
                             f"{r.relative.text()}.")
        self.timeline.set_repeat(r)
        self.delay_chart.set_delay(insights.delay[0])
        _fill(self.delay, [[d.label, "" if d.median is None else f"{d.median:,.0f}",
                            d.over[0].text(), d.over[1].text(), str(d.without_dates)]
                           for d in insights.delay])

    def _show_groups(self) -> None:
        if self.insights is None:
            return
        key = self.dimension.currentData()
        for table in self.insights.groups:
            if table.dimension.key == key and table.outcome.key in self.rate_charts:
                self.rate_charts[table.outcome.key].set_table(table)

    # -- opening the cases behind a figure ---------------------------------------------
    def _emit(self, ids: list[str], label: str) -> None:
        if ids:
            self.show_cases.emit(ids, label)

    def _matrix_clicked(self, row: int, column: int) -> None:
        if row < len(CATEGORY_ORDER) and 1 <= column <= len(CATEGORY_ORDER):
            met, panel = CATEGORY_ORDER[row], CATEGORY_ORDER[column - 1]
            self._emit(selection.matrix_cases(self.cases, self.decisions, met, panel),
                       f"Met {CATEGORIES[met]}, panel {CATEGORIES[panel]}")

    def _under_clicked(self, row: int, _column: int) -> None:
        if self.insights and row < len(self.insights.under):
            u = self.insights.under[row]
            self._emit(selection.escalated_cases(self.cases, self.decisions, u.allegation),
                       f"{u.label} cases the panel escalated")

    def _group_clicked(self, outcome: str, row: int) -> None:
        chart = self.rate_charts[outcome]
        group = chart.table.rows[row]
        self._emit(selection.group_cases(self.cases, self.decisions, chart.table.dimension.key,
                                         group.value, outcome),
                   f"{chart.table.outcome.label}: {group.label}")

    def _subject_clicked(self, row: int) -> None:
        subject, _ = self.timeline.lines[row]
        self._emit(selection.subject_cases(self.cases, subject), f"Subject {subject}'s cases")

    def _bin_clicked(self, index: int) -> None:
        label = self.delay_chart.bins[index][0]
        self._emit(selection.delay_cases(self.cases, index), f"{label} days to outcome")

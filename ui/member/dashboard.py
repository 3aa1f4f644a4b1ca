"""The progress dashboard: counts, the Met-vs-panel matrix, concerns raised,
and the patterns in the member's own decisions.

Everything above the patterns is drawn from ``progress_stats.Stats``; the page
holds no data of its own and is refreshed whenever the case list's rows
change.  A cell of the matrix opens the case list filtered to the cases it
counts.  The patterns (a reduced Insights view, :mod:`ui.insights.page`) read
only this member's final decisions, say so, and never show the Met's
category of a case the member has not decided (the anchoring guard).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (QFrame, QGridLayout, QGroupBox, QHBoxLayout, QHeaderView, QLabel,
                               QProgressBar, QScrollArea, QTableWidget, QTableWidgetItem,
                               QVBoxLayout, QWidget)

from review.cases import CATEGORIES
from ui import theme
from ui.member.case_table_model import UNDECIDED
from ui.insights.page import InsightsPanel
from ui.member.progress_stats import Stats, concern_rows


def compute_own_insights(ws):
    """On the database thread: the member's own final decisions, analysed."""
    from review.insights.analysis import MEMBER, analyse, usable_decisions
    cases = list(ws.iter_cases())
    decisions = usable_decisions({s.case_id: s.decision for s in ws.decisions.all()})
    info = ws.info()
    return (analyse(cases, decisions, scope=MEMBER,
                    reviewer=f"{info.member_id}, {info.member_name}"), cases, decisions)


def _card(title: str) -> tuple[QFrame, QLabel]:
    frame = QFrame()
    frame.setFrameShape(QFrame.Shape.StyledPanel)
    frame.setStyleSheet("QFrame { background: #f7f9fb; border: 1px solid #d9dde3; "
                        "border-radius: 6px; }  QLabel { border: none; }")
    v = QVBoxLayout(frame)
    value = QLabel("0")
    value.setStyleSheet("font-size: 20pt; font-weight: 600; color: #1f2a37;")
    value.setAccessibleName(title)
    caption = QLabel(title)
    caption.setObjectName("Muted")
    v.addWidget(value)
    v.addWidget(caption)
    return frame, value


def cell_filter(row: int, column: int) -> dict[str, str]:
    """The case-list filter values for the cases a matrix cell counts."""
    cats = list(CATEGORIES)
    values = {} if row >= len(cats) else {"met_category": cats[row]}
    if column < len(cats):  # final decisions of that panel category
        values.update(state="final", panel_category=cats[column])
    elif column == len(cats):  # "Not decided"
        values["state"] = UNDECIDED
    return values  # "Total": the Met category alone (or every case)


class DashboardPage(QScrollArea):
    show_cases = Signal(dict)   # case-list filter values (see cell_filter)
    show_case_ids = Signal(list, str)  # the cases behind a pattern, and what they are

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        body = QWidget()
        self.setWidget(body)
        outer = QVBoxLayout(body)
        outer.setContentsMargins(24, 16, 24, 16)
        title = QLabel("Progress")
        title.setObjectName("PageTitle")
        outer.addWidget(title)
        self.subtitle = QLabel()
        self.subtitle.setTextFormat(Qt.TextFormat.PlainText)  # bundle title and name: free text
        self.subtitle.setObjectName("Muted")
        outer.addWidget(self.subtitle)

        cards = QHBoxLayout()
        self.cards: dict[str, QLabel] = {}
        for key, label in (("assigned", "Cases assigned to you"), ("final", "Final decisions"),
                           ("recused", "Recusals"), ("draft", "Drafts in progress"),
                           ("not_started", "Not started"), ("agreement", "Agree with the Met")):
            frame, value = _card(label)
            self.cards[key] = value
            cards.addWidget(frame)
        outer.addLayout(cards)

        row = QHBoxLayout()
        box = QGroupBox("Decided, by the Met\u2019s category")
        grid = QGridLayout(box)
        self.bars: dict[str, tuple[QProgressBar, QLabel]] = {}
        for i, (code, label) in enumerate(CATEGORIES.items()):
            name = QLabel(label)
            bar = QProgressBar()
            bar.setAccessibleName(f"Decided: {label}")
            bar.setTextVisible(False)
            fg, _ = theme.CATEGORY_COLOURS[code]
            bar.setStyleSheet(f"QProgressBar {{ border: 1px solid #d9dde3; border-radius: 4px; "
                              f"background: #f1f3f5; height: 14px; }} QProgressBar::chunk "
                              f"{{ background: {fg}; border-radius: 3px; }}")
            count = QLabel()
            grid.addWidget(name, i, 0)
            grid.addWidget(bar, i, 1)
            grid.addWidget(count, i, 2)
            self.bars[code] = (bar, count)
        grid.setColumnStretch(1, 1)
        row.addWidget(box, 1)

        box = QGroupBox("Concerns raised (final decisions and drafts)")
        self.concerns = QGridLayout(box)
        self.concern_labels: list[tuple[QLabel, QProgressBar, QLabel]] = []
        for i in range(6):
            name, bar, count = QLabel(), QProgressBar(), QLabel()
            bar.setTextVisible(False)
            bar.setStyleSheet("QProgressBar { border: 1px solid #d9dde3; border-radius: 4px; "
                              "background: #f1f3f5; height: 12px; } QProgressBar::chunk "
                              "{ background: #6a4c93; border-radius: 3px; }")
            self.concerns.addWidget(name, i, 0)
            self.concerns.addWidget(bar, i, 1)
            self.concerns.addWidget(count, i, 2)
            self.concern_labels.append((name, bar, count))
        self.concerns.setColumnStretch(1, 1)
        row.addWidget(box, 1)
        outer.addLayout(row)

        box = QGroupBox("The Met\u2019s category (rows) against the panel\u2019s (columns), "
                        "final decisions")
        v = QVBoxLayout(box)
        cats = list(CATEGORIES)
        self.matrix = QTableWidget(len(cats) + 1, len(cats) + 2)
        self.matrix.setAccessibleName("Met category against panel category")
        self.matrix.setHorizontalHeaderLabels([CATEGORIES[c] for c in cats]
                                              + ["Not decided", "Total"])
        self.matrix.setVerticalHeaderLabels([CATEGORIES[c] for c in cats] + ["Total"])
        self.matrix.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.matrix.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.matrix.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.matrix.verticalHeader().setDefaultSectionSize(32)
        self.matrix.setFixedHeight(32 * (len(cats) + 2) + 6)
        self.matrix.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.matrix.setToolTip("Click a number (or press Enter on it) to list those cases")
        self.matrix.cellClicked.connect(lambda r, c: self.show_cases.emit(cell_filter(r, c)))
        self.matrix.cellActivated.connect(lambda r, c: self.show_cases.emit(cell_filter(r, c)))
        v.addWidget(self.matrix)
        self.agreement_note = QLabel()
        self.agreement_note.setObjectName("Muted")
        self.agreement_note.setWordWrap(True)
        v.addWidget(self.agreement_note)
        outer.addWidget(box)

        self.delays = QLabel()
        self.delays.setWordWrap(True)
        outer.addWidget(self.delays)
        box = QGroupBox("Patterns in your decisions (one reviewer\u2019s view, not the panel\u2019s)")
        v = QVBoxLayout(box)
        self.patterns = InsightsPanel(full=False)
        self.patterns.show_cases.connect(self.show_case_ids)
        v.addWidget(self.patterns)
        outer.addWidget(box)
        outer.addStretch(1)

    def show_stats(self, s: Stats, title: str = "") -> None:
        self.subtitle.setText(title)
        self.cards["assigned"].setText(f"{s.assigned:,}")
        for key in ("final", "recused", "draft", "not_started"):
            self.cards[key].setText(f"{s.states[key]:,}")
        a = s.agreement
        self.cards["agreement"].setText("\u2014" if a is None else f"{100 * a:.0f}%")
        for code, (bar, count) in self.bars.items():
            done, total = s.decided_in(code), s.assigned_in(code)
            bar.setRange(0, max(total, 1))
            bar.setValue(done)
            count.setText(f"{done:,} of {total:,}")
        top = max([n for _, n in concern_rows(s)] + [1])
        for (name, bar, count), (label, n) in zip(self.concern_labels, concern_rows(s)):
            name.setText(label)
            bar.setRange(0, top)
            bar.setValue(n)
            count.setText(f"{n:,}")
        self._fill_matrix(s)
        self.delays.setText(
            f"<b>Delay and repeat subjects in your cases:</b> {s.over_400:,} took over 400 days "
            f"from report to outcome, {s.over_two_years:,} over two years; "
            f"{s.repeat_subject_cases:,} concern a subject with more than one case.")

    def _fill_matrix(self, s: Stats) -> None:
        cats = list(CATEGORIES)
        bold = QFont()
        bold.setBold(True)
        col_totals = [0] * (len(cats) + 2)
        for i, met in enumerate(cats):
            values = [s.matrix[(met, p)] for p in cats]
            undecided = s.assigned_in(met) - sum(values) - s.by_met[met]["recused"]
            values += [undecided, s.assigned_in(met)]
            for j, n in enumerate(values):
                item = QTableWidgetItem(f"{n:,}")
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                if j < len(cats) and i == j:
                    _, bg = theme.CATEGORY_COLOURS[met]
                    item.setBackground(QBrush(QColor(bg)))
                    item.setFont(bold)
                    item.setToolTip("The panel agrees with the Met")
                self.matrix.setItem(i, j, item)
                col_totals[j] += n
        for j, n in enumerate(col_totals):
            item = QTableWidgetItem(f"{n:,}")
            item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            item.setFont(bold)
            self.matrix.setItem(len(cats), j, item)
        final = sum(s.matrix.values())
        agree = sum(n for (m, p), n in s.matrix.items() if m == p)
        hidden = (f" {s.met_hidden:,} case{'s' if s.met_hidden != 1 else ''} whose Met "
                  "category stays hidden until you choose yours "
                  f"{'are' if s.met_hidden != 1 else 'is'} not counted above."
                  if s.met_hidden else "")
        self.agreement_note.setText(
            (f"{agree:,} of {final:,} final decisions agree with the Met\u2019s category; "
             f"{final - agree:,} differ. Recusals are not counted here." if final else
             "No final decisions yet.") + hidden)

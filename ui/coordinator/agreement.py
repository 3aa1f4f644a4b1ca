"""Agreement between reviewers, per decision field, in words a coordinator can use.

The upper table has one row per field (the panel's category, each action,
each concern): percent agreement, the share of unanimous cases, Fleiss' κ,
Krippendorff's α, Gwet's AC1 (each with its 95% bootstrap interval in
brackets) and how many cases were rated.  The lower table gives
Cohen's κ for every reviewer pair on the field selected above.  An
undefined value (e.g. everybody always answered the same) shows "—", with
the reason as its tooltip.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (QAbstractItemView, QHeaderView, QLabel, QSplitter, QTableWidget,
                               QTableWidgetItem, QVBoxLayout, QWidget)

from review.panel.agreement import field_label

LOW = 0.4          # below: worth a calibration discussion
LOW_COLOUR = "#9a3c00"
DASH = "\u2014"


def compute(ws):
    """Runs on the database thread (two to three seconds for 1,131 cases, most of it the
    bootstrap intervals)."""
    from review.panel.agreement import agreement_report, offered_actions
    return agreement_report(ws.all_reviews(), offered=offered_actions(ws.iter_cases()))



INTERVAL_TIP = ("In brackets: the 95% interval. Recomputed on 1,000 panels drawn at random "
                "from these cases, the value fell inside this range 95 times in 100; a wide "
                "range means few cases or mixed answers, so read the value with caution.")


def with_interval(value: float, interval, percent: bool = False) -> str:
    """'0.62 (0.55–0.69)' or '55% (52–58%)'; just the value when no interval is defined."""
    if percent:
        text = f"{value:.0%}"
        if interval is not None and interval.low is not None:
            text += f" ({interval.low * 100:.0f}\u2013{interval.high:.0%})"
        return text
    text = _signed(value)
    if interval is not None and interval.low is not None:
        text += f" ({_signed(interval.low)}\u2013{_signed(interval.high)})"
    return text


def _signed(value: float) -> str:
    """Two decimals with a true minus sign, so '(−0.13–−0.06)' does not read as a dash."""
    return f"{value:.2f}".replace("-", "\u2212")


def _number(value: float | None, note: str, percent: bool = False,
            interval=None) -> QTableWidgetItem:
    if value is None:
        item = QTableWidgetItem(DASH)
        item.setToolTip(note[0].upper() + note[1:] if note else "Undefined.")
    else:
        item = QTableWidgetItem(with_interval(value, interval, percent))
        tips = [INTERVAL_TIP] if interval is not None and interval.low is not None else []
        if note:
            tips.append(note[0].upper() + note[1:] + ".")
        if not percent and value < LOW:
            item.setForeground(QBrush(QColor(LOW_COLOUR)))
            tips.insert(0, "Below 0.40: agreement is weak on this field; worth a calibration "
                           "discussion with the panel.")
        if tips:
            item.setToolTip("\n\n".join(tips))
    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    item.setData(Qt.ItemDataRole.UserRole, value)
    return item


def _count(n: int) -> QTableWidgetItem:
    item = QTableWidgetItem(f"{n:,}")
    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    item.setData(Qt.ItemDataRole.UserRole, n)
    return item


def _table(headers: list[str], name: str) -> QTableWidget:
    t = QTableWidget(0, len(headers))
    t.setHorizontalHeaderLabels(headers)
    t.setAccessibleName(name)
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    t.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    t.setAlternatingRowColors(True)
    t.verticalHeader().hide()
    t.verticalHeader().setDefaultSectionSize(24)
    header = t.horizontalHeader()
    header.setHighlightSections(False)
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    for i in range(1, len(headers)):
        header.setSectionResizeMode(i, QHeaderView.ResizeMode.ResizeToContents)
    return t


class AgreementPane(QWidget):
    FIELD_HEADERS = ["Field", "Agreement", "Unanimous", "Fleiss \u03ba", "Krippendorff \u03b1",
                     "Gwet AC1", "Cases rated", "Not rated"]
    (COL_PERCENT, COL_UNANIMOUS, COL_FLEISS, COL_ALPHA, COL_AC1, COL_CASES,
     COL_EXCLUDED) = range(1, 8)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.report = []
        self.names: dict[str, str] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        self.intro = QLabel(
            "How often the reviewers of a case gave the same answer, field by field. Only final "
            "reviews count; drafts, recusals and cases still awaiting a review are left out "
            "(\u201cNot rated\u201d). <b>Agreement</b> is the share of reviewer pairs that gave the "
            "same answer; <b>Fleiss \u03ba</b>, <b>Krippendorff \u03b1</b> and <b>Gwet AC1</b> "
            "correct it for agreement expected by chance: 1 is perfect, 0 is chance level; "
            "values below 0.40 are shown in orange. Where one answer dominates (most cases "
            "\u201cno\u201d), \u03ba and \u03b1 fall towards 0 even when nearly everyone "
            "agrees; <b>AC1</b> counts chance differently and stays close to the agreement "
            "there. <b>In brackets</b>: the 95% interval, the range the value would likely "
            "take with another panel of similar cases (bootstrap over cases). "
            "\u201c\u2014\u201d means the value cannot be computed; hover over it for the "
            "reason.")
        self.intro.setWordWrap(True)
        self.intro.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.intro)
        self.status = QLabel("Computing\u2026")
        self.status.setObjectName("Muted")
        layout.addWidget(self.status)
        split = QSplitter(Qt.Orientation.Vertical)
        self.fields = _table(self.FIELD_HEADERS, "Agreement per field")
        self.fields.currentCellChanged.connect(lambda row, *_: self._show_pairs(row))
        split.addWidget(self.fields)
        lower = QWidget()
        lv = QVBoxLayout(lower)
        lv.setContentsMargins(0, 6, 0, 0)
        self.pairs_title = QLabel()
        self.pairs_title.setObjectName("CaseTitle")
        lv.addWidget(self.pairs_title)
        self.pairs = _table(["Reviewer pair", "Cohen \u03ba", "Cases both rated"],
                            "Cohen's kappa per reviewer pair")
        self.pairs.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        lv.addWidget(self.pairs, 1)
        split.addWidget(lower)
        split.setSizes([480, 220])
        layout.addWidget(split, 1)

    def set_report(self, report, names: dict[str, str]) -> None:
        self.report, self.names = list(report), names
        t = self.fields
        t.setRowCount(len(self.report))
        for row, fa in enumerate(self.report):
            label = QTableWidgetItem(field_label(fa.field))
            label.setData(Qt.ItemDataRole.UserRole, fa.field)
            t.setItem(row, 0, label)
            t.setItem(row, self.COL_PERCENT, _number(fa.percent.value, fa.percent.note, True,
                                                     fa.interval("percent")))
            t.setItem(row, self.COL_UNANIMOUS, _number(fa.percent.unanimous, fa.percent.note,
                                                        True))
            t.setItem(row, self.COL_FLEISS, _number(fa.fleiss.value, fa.fleiss.note, False,
                                                    fa.interval("fleiss")))
            t.setItem(row, self.COL_ALPHA, _number(fa.alpha.value, fa.alpha.note, False,
                                                   fa.interval("alpha")))
            t.setItem(row, self.COL_AC1, _number(fa.ac1.value, fa.ac1.note, False,
                                                 fa.interval("ac1")))
            t.setItem(row, self.COL_CASES, _count(fa.n_cases))
            t.setItem(row, self.COL_EXCLUDED, _count(fa.n_cases_excluded))
        rated = self.report[0].n_cases if self.report else 0
        self.status.setText(f"Based on {rated:,} case{'s' if rated != 1 else ''} with two or more "
                            "final reviews." if rated else
                            "No case has two final reviews yet: import the members' exports "
                            "first.")
        if self.report:
            t.selectRow(0)
            self._show_pairs(0)

    def _show_pairs(self, row: int) -> None:
        if not 0 <= row < len(self.report):
            self.pairs.setRowCount(0)
            return
        fa = self.report[row]
        self.pairs_title.setText(f"Cohen\u2019s \u03ba per reviewer pair \u2014 "
                                 f"{field_label(fa.field)}")
        items = sorted(fa.pairwise.items())
        self.pairs.setRowCount(len(items))
        for i, ((a, b), stat) in enumerate(items):
            self.pairs.setItem(i, 0, QTableWidgetItem(
                f"{self.names.get(a, a)} ({a})  \u2194  {self.names.get(b, b)} ({b})"))
            self.pairs.setItem(i, 1, _number(stat.value, stat.note))
            self.pairs.setItem(i, 2, _count(stat.n_items))

    def show_computing(self) -> None:
        self.status.setText("Computing agreement\u2026")

    # -- for tests -----------------------------------------------------------------
    def row_for(self, field: str) -> int:
        return next(i for i, fa in enumerate(self.report) if fa.field == field)

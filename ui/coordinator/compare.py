"""The reviewers' decisions on one case, side by side, field by field.

One column per assigned reviewer, one row per field (category, actions,
severity, concerns, confidence, rationale); rows on which the reviewers
differ are tinted and marked.  A last column says what the panel's result
records for each field and how it was decided (review.panel.record):
agreed or adjudicated, actions and concerns raised by k of n reviewers.  While the case is blind (not every assigned
reviewer has finalised) nothing of any review is shown: only how many
are in.
"""

from __future__ import annotations

import html
import textwrap

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (QAbstractItemView, QHeaderView, QLabel, QTableWidget,
                               QTableWidgetItem, QVBoxLayout, QWidget)

from review.cases import CATEGORIES
from review.decisions import ACTIONS, CONCERNS, CONFIDENCE, SEVERITIES, Decision
from review.panel.merge import COMPARED_FIELDS
from review.panel.record import RULE, PanelRecord, panel_record
from ui.coordinator.model import FIELD_LABELS, is_in

ROWS = ("category", "actions", "severity", "concerns", "confidence", "rationale")
DIFFER_TINT = "#fdebd0"
DIFFER_TEXT = "#8a4b00"


def blind_text(reviews_in: int, assigned: int) -> str:
    return (f"Reviews stay hidden until every assigned reviewer has finalised "
            f"({reviews_in} of {assigned} in).")


def field_text(d: Decision | None, field: str) -> str:
    """How one field of one review reads in the comparison."""
    if d is None:
        return "No review merged yet" if field == "category" else ""
    if d.recused:
        return f"Recused: {d.recusal_reason}" if field == "category" else ""
    if field == "category":
        return CATEGORIES.get(d.category, "\u2014")
    if field == "actions":
        return "\n".join(ACTIONS[a][0] if a in ACTIONS else a for a in d.actions) or "None"
    if field == "severity":
        return SEVERITIES.get(d.severity, "\u2014")
    if field == "concerns":
        return "\n".join(CONCERNS.get(c, c) for c in d.concerns) or "None"
    if field == "confidence":
        return CONFIDENCE.get(d.confidence, "\u2014")
    return d.rationale


RECORD_HEADER = "Panel record"
DECIDED = {"agreed": "Agreed", "adjudicated": "Adjudicated (the coordinator decides)",
           "differ": "Reviewers differ: to adjudicate"}


def _summary(d: Decision) -> str:
    """One line of a decision: status, category and actions."""
    parts = [field_text(d, f).replace("\n", ", ") for f in ("category", "actions")]
    return f"{d.status}; " + "; ".join(p for p in parts if p)


def record_text(record: PanelRecord, field: str) -> str:
    """The last column: what the panel's result records for the field, and how."""
    if field in record.decided_by and field != "actions":
        return DECIDED[record.decided_by[field]]
    if field in ("actions", "concerns"):
        names = ACTIONS if field == "actions" else CONCERNS
        lines = []
        for code, k in getattr(record, field):
            name = names.get(code, code)
            name = name[0] if isinstance(name, tuple) else name
            lines.append(f"{name}: {record.raised_text(k)}")
        how = [DECIDED[record.decided_by[field]]] if field in record.decided_by else []
        return "\n".join(how + (lines or ["None raised"]))
    if field == "confidence":
        return "Each reviewer's own, not combined"
    return "Each reviewer's own"


class _FittingTable(QTableWidget):
    """A table as tall as its rows: the page around it scrolls, not the table."""

    def __init__(self, *args) -> None:
        super().__init__(*args)
        self._fit_later = QTimer(self, singleShot=True, interval=0)  # dies with the table
        self._fit_later.timeout.connect(self.fit)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit_later.start()

    def fit(self) -> None:
        self.resizeRowsToContents()
        height = self.horizontalHeader().height() + 2 * self.frameWidth()
        height += sum(self.rowHeight(r) for r in range(self.rowCount()))
        self.setFixedHeight(max(height, 60))


class ReviewComparison(QWidget):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Reviews")
        self.message.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.message)
        # A reviewer's decision that a later export changed after it was final.
        self.changed = QLabel()
        self.changed.setWordWrap(True)
        self.changed.setAccessibleName("Decisions changed after they were final")
        self.changed.setTextFormat(Qt.TextFormat.RichText)
        self.changed.setStyleSheet(f"color: {DIFFER_TEXT};")
        self.changed.hide()
        layout.addWidget(self.changed)
        self.table = _FittingTable(0, 0)
        self.table.setAccessibleName("Reviewers' decisions side by side")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.setWordWrap(True)
        self.table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignLeft
                                                        | Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.table)
        self.differing: tuple[str, ...] = ()
        self.reviewers: list[str] = []
        self.record: PanelRecord | None = None
        self.clear()

    def clear(self, text: str = "Choose a case in the list.") -> None:
        self.differing, self.reviewers = (), []
        self.changed.hide()
        self.message.setText(text)
        self.table.clear()
        self.table.setRowCount(0)
        self.table.setColumnCount(0)
        self.table.hide()

    def show_blind(self, reviews_in: int, assigned: int) -> None:
        self.clear()
        self.message.setText(f"<b>{blind_text(reviews_in, assigned)}</b> Nothing of their "
                             "content is shown before then, so that no review can be "
                             "influenced by another.")

    def show_reviews(self, reviews: dict[str, Decision | None], names: dict[str, str],
                     differing: tuple[str, ...], adjudicated: bool = False) -> None:
        self.differing = tuple(f for f in differing if f in COMPARED_FIELDS)
        self.reviewers = sorted(reviews)
        self.record = panel_record(reviews, adjudicated)
        if self.differing:
            fields = ", ".join(FIELD_LABELS[f].lower() for f in self.differing)
            self.message.setText(f"<b>The reviewers differ on: {fields}.</b> Those rows are "
                                 "marked \u2260 and tinted.")
        else:
            self.message.setText("<b>The reviewers agree on every compared field.</b>")
        t = self.table
        t.clear()
        t.setColumnCount(len(self.reviewers) + 1)
        t.setRowCount(len(ROWS))
        # the name wrapped, then the id: beside the adjudication form a column is narrow,
        # and a header on one line is clipped from both ends
        t.setHorizontalHeaderLabels([f"{textwrap.fill(names.get(r, r), 12)}\n({r})"
                                     for r in self.reviewers] + [RECORD_HEADER])
        for col, rid in enumerate(self.reviewers):
            t.horizontalHeaderItem(col).setToolTip(f"{names.get(rid, rid)} ({rid})")
        t.horizontalHeaderItem(len(self.reviewers)).setToolTip(RULE)
        t.setVerticalHeaderLabels([("\u2260 " if f in self.differing else "") + FIELD_LABELS[f]
                                   for f in ROWS])
        bold = QFont()
        bold.setBold(True)
        for row, field in enumerate(ROWS):
            header = t.verticalHeaderItem(row)
            header.setToolTip("The reviewers differ here." if field in self.differing else "")
            if field in self.differing:
                header.setForeground(QBrush(QColor(DIFFER_TEXT)))
                header.setFont(bold)
            for col, rid in enumerate(self.reviewers):
                d = reviews.get(rid)
                item = QTableWidgetItem(field_text(d, field))
                item.setTextAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
                if field in self.differing:
                    item.setBackground(QBrush(QColor(DIFFER_TINT)))
                if d is not None and not is_in(d):
                    item.setForeground(QBrush(QColor("#8a8f98")))
                t.setItem(row, col, item)
            item = QTableWidgetItem(record_text(self.record, field))
            item.setTextAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            item.setToolTip(RULE)
            t.setItem(row, len(self.reviewers), item)
        t.show()
        t.fit()

    def show_changes(self, changes, names: dict[str, str]) -> None:
        """Each ``review.panel.after_final.ChangedAfterFinal`` of the case, both versions shown."""
        if not changes:
            self.changed.hide()
            return
        lines = []
        for c in changes:
            who = html.escape(f"{names.get(c.member_id, c.member_id)} ({c.member_id})")
            lines.append(f"<b>\u26a0 {who}: {html.escape(c.label)}.</b><br>"
                         f"Version {c.old_version or '?'}: {html.escape(_summary(c.before))}<br>"
                         f"Version {c.new_version or '?'}: "
                         f"{html.escape(_summary(c.after)) if c.after else 'no decision'}"
                         + ("<br><b>The adjudication recorded before this change is marked for "
                            "review:</b> record it again once you have looked." if c.needs_review
                            else ""))
        self.changed.setText("<br><br>".join(lines))
        self.changed.show()

    # -- for tests and accessibility ---------------------------------------------------
    def cell(self, field: str, reviewer: str) -> str:
        item = self.table.item(ROWS.index(field), self.reviewers.index(reviewer))
        return item.text() if item else ""

    def record_cell(self, field: str) -> str:
        item = self.table.item(ROWS.index(field), len(self.reviewers))
        return item.text() if item else ""

    def highlighted(self) -> list[str]:
        """Fields whose row is tinted as differing."""
        out = []
        for row, field in enumerate(ROWS):
            item = self.table.item(row, 0)
            if item is not None and item.background().color() == QColor(DIFFER_TINT):
                out.append(field)
        return out

"""The left of the coordinator's Cases tab: counts per status, search, the rule, the table.

The counts double as a status filter; the search box narrows the table to
the rows holding every word typed (``CoordinatorCaseModel.set_search``).
The legend says which fields make a case "agreed", built from
``review.panel.merge.DECIDING_FIELDS`` (the rule the statuses are computed
by), with the whole rule of ``review.panel.record`` as its tooltip.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QAbstractItemView, QButtonGroup, QGridLayout, QHeaderView, QLabel,
                               QLineEdit, QPushButton, QTableView, QVBoxLayout, QWidget)

from review.panel.merge import CASE_STATUSES, COMPARED_FIELDS, DECIDING_FIELDS
from review.panel.record import RULE
from ui.coordinator.model import (COL_CASE, COL_DIFFERING, COL_IN, COL_MET, COL_REVIEWERS,
                                  COL_STATUS, FIELD_LABELS, STATUS_COLOURS, CoordinatorCaseModel)


def _listed(fields) -> str:
    names = [FIELD_LABELS[f].lower() for f in fields]
    return ", ".join(names[:-1]) + " and " + names[-1] if len(names) > 1 else "".join(names)


def legend_text() -> str:
    """Which fields make a case agreed, from the same constants the statuses use."""
    others = [f for f in COMPARED_FIELDS if f not in DECIDING_FIELDS]
    return (f"<b>Agreed</b> = every reviewer who did not recuse chose the same "
            f"{_listed(DECIDING_FIELDS)}. Differences in {_listed(others)} are shown but do "
            "not make a disagreement.")


class StatusStrip(QWidget):
    """Counts per status; each is also a filter button ("All" shows every case)."""

    chosen = Signal(object)  # a status code, or None for all

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        # two to a row: on one row the five chips alone are wider than a laptop's third
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        self.group = QButtonGroup(self)
        self.buttons: dict[str | None, QPushButton] = {}
        for code in (None, *CASE_STATUSES):
            button = QPushButton()
            button.setCheckable(True)
            button.setObjectName("StatusChip")
            fg, bg = STATUS_COLOURS.get(code, ("#1f2a37", "#f1f3f5"))
            button.setStyleSheet(
                f"QPushButton {{ color: {fg}; background: {bg}; border: 1px solid {bg}; "
                "border-radius: 12px; padding: 4px 12px; font-weight: 600; }"
                f"QPushButton:checked {{ border: 2px solid {fg}; }}")
            button.clicked.connect(lambda _=False, c=code: self.chosen.emit(c))
            self.group.addButton(button)
            self.buttons[code] = button
            i = len(self.buttons) - 1
            layout.addWidget(button, i // 2, i % 2)
        layout.setColumnStretch(2, 1)
        self.buttons[None].setChecked(True)
        self.set_counts({c: 0 for c in CASE_STATUSES})

    def set_counts(self, counts: dict[str, int]) -> None:
        total = sum(counts.values())
        for code, button in self.buttons.items():
            label = "All cases" if code is None else CASE_STATUSES[code]
            n = total if code is None else counts.get(code, 0)
            button.setText(f"{label}  {n:,}")
            button.setAccessibleName(f"Show {label.lower()}: {n}")
            button.setToolTip(f"Show {'every case' if code is None else 'only ' + label.lower()}")

    def select(self, code: str | None) -> None:
        self.buttons[code].setChecked(True)


class CaseOverview(QWidget):
    """Counts and filter, search box, legend, the overview table and how many it shows."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        lv = QVBoxLayout(self)
        lv.setContentsMargins(8, 8, 4, 8)
        self.strip = StatusStrip()
        lv.addWidget(self.strip)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search: case id, reviewer, Met category, status, "
                                       "differing field (Ctrl+F)")
        self.search.setAccessibleName("Search the coordinator's cases")
        self.search.setClearButtonEnabled(True)
        lv.addWidget(self.search)
        self.legend = QLabel(legend_text())
        self.legend.setObjectName("Muted")
        self.legend.setWordWrap(True)
        self.legend.setTextFormat(Qt.TextFormat.RichText)  # our own words only
        self.legend.setToolTip(RULE)
        self.legend.setAccessibleName("When a case is agreed")
        lv.addWidget(self.legend)
        self.model = CoordinatorCaseModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Cases overview")
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(COL_CASE, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(26)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        for col, width in ((COL_CASE, 72), (COL_MET, 118), (COL_STATUS, 112), (COL_IN, 74),
                           (COL_REVIEWERS, 80)):
            self.table.setColumnWidth(col, width)
        header.setSectionResizeMode(COL_DIFFERING, QHeaderView.ResizeMode.Stretch)
        lv.addWidget(self.table, 1)
        self.count_note = QLabel()
        self.count_note.setObjectName("Muted")
        self.count_note.setWordWrap(True)
        lv.addWidget(self.count_note)

    def note(self) -> None:
        shown, total = self.model.rowCount(), len(self.model.all_rows())
        narrowed = " matching the search" if self.model.search_text else ""
        self.count_note.setText(f"{shown:,} of {total:,} cases shown{narrowed}. Click a count "
                                "above to show only those cases.")

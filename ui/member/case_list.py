"""The left pane: search, filters and the case list.

Filters map one-to-one onto ``CaseFilter``; each combo's first entry says
"any ...", so the combos need no separate labels.  Full-text search runs on
the database thread (SQLite FTS5) after a short pause in typing; the hits
become one more filter.  A line under the count says when nothing matches
or when the case on screen is hidden by the filters, with a button that
undoes the cause.
"""

from __future__ import annotations

from itertools import islice

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QGridLayout, QHBoxLayout,
                               QHeaderView, QLabel, QLineEdit, QPushButton, QTableView,
                               QVBoxLayout, QWidget)

from review.cases import ALLEGATION_TYPES, CATEGORIES, REGIME_SHORT
from review.decisions import CONCERNS, REVIEW_STATES
from ui.member.case_table_model import (CASE_ID_ROLE, COL_ALLEGATIONS, COL_CASE, COL_DAYS, COL_MET,
                                 COL_PANEL, COL_REGIME, COL_REPORTED, COL_ROLE, COL_STATUS,
                                 COL_SUBJECT, UNDECIDED, CaseFilter, CaseTableModel,
                                 search_mask)

SEARCH_DELAY_MS = 250

# combo name → (accessible name, [(label, value)...]); the first entry is "any"
FILTERS = {
    "met_category": ("Met category filter",
                     [("Any Met category", None)] + [(v, k) for k, v in CATEGORIES.items()]),
    "state": ("Status filter", [("Any status", None)] + [(v, k) for k, v in REVIEW_STATES.items()]
              + [("Not yet decided", UNDECIDED)]),
    "panel_category": ("Panel category filter", [("Any panel category", None)]
                       + [(f"Panel: {v}", k) for k, v in CATEGORIES.items()]),
    "allegation": ("Allegation filter", [("Any allegation", None)]
                   + [(v, k) for k, v in ALLEGATION_TYPES.items()]),
    "concern": ("Concern filter", [("Any concern raised", None)]
                + [(v, k) for k, v in CONCERNS.items()]),
    "regime": ("Regulations filter", [("Any regime", None)]
               + [(v, k) for k, v in REGIME_SHORT.items()]),
    "repeat_subject": ("Repeat subject filter", [("Any subject", None),
                                                  ("Repeat subjects (2+ cases)", True),
                                                  ("Subjects with one case", False)]),
    "age": ("Time to outcome filter", [("Any time to outcome", None),
                                       ("Up to 400 days", "under_400"),
                                       ("Over 400 days", "over_400"),
                                       ("Over two years", "over_two_years")]),
}


class CaseListPane(QWidget):
    case_activated = Signal(str)          # the current row changed to this case
    search_requested = Signal(str)        # the window runs it on the database thread
    search_cleared = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.model = CaseTableModel(self)
        self._search: dict[str, object] = {}   # the search's part of the CaseFilter
        self._subject: str | None = None       # one subject's cases only (from the case header)
        self._only: frozenset[str] | None = None  # the cases behind an Insights figure
        self._terms: list[str] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 4, 4)

        self.search = QLineEdit()
        self.search.setPlaceholderText("Search narratives and documents (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Search cases")
        layout.addWidget(self.search)
        self._search_timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(lambda: self.search_requested.emit(self.search.text()))
        self.search.textChanged.connect(lambda _: self._search_timer.start())
        self.search.returnPressed.connect(self._search_now)

        grid = QGridLayout()
        grid.setHorizontalSpacing(6)
        grid.setVerticalSpacing(4)
        self.combos: dict[str, QComboBox] = {}
        for i, (name, (accessible, items)) in enumerate(FILTERS.items()):
            combo = QComboBox()
            combo.setAccessibleName(accessible)
            combo.setToolTip(accessible)
            for label, value in items:
                combo.addItem(label, value)
            combo.currentIndexChanged.connect(self._apply)
            self.combos[name] = combo
            grid.addWidget(combo, i // 2, i % 2)
        layout.addLayout(grid)

        subject_row = QHBoxLayout()
        self.subject_label = QLabel()
        self.subject_label.setTextFormat(Qt.TextFormat.PlainText)  # a pseudonym: free text
        self.subject_label.setAccessibleName("Subject filter")
        self.subject_clear = QPushButton("Show all subjects")
        self.subject_clear.setAccessibleName("Show all subjects")
        self.subject_clear.clicked.connect(lambda: self.show_subject(None))  # and show_only
        subject_row.addWidget(self.subject_label, 1)
        subject_row.addWidget(self.subject_clear)
        self.subject_bar = QWidget()
        self.subject_bar.setLayout(subject_row)
        subject_row.setContentsMargins(0, 0, 0, 0)
        self.subject_bar.hide()
        layout.addWidget(self.subject_bar)

        row = QHBoxLayout()
        self.count = QLabel()
        self.count.setObjectName("Muted")
        self.count.setAccessibleName("Cases shown")
        row.addWidget(self.count, 1)
        self.clear_button = QPushButton("Clear filters")
        self.clear_button.setAccessibleName("Clear search and filters")
        self.clear_button.clicked.connect(self.clear_filters)
        row.addWidget(self.clear_button)
        layout.addLayout(row)

        # Why the list is empty, or that the open case is not in it, and the way back.
        self.open_case_id: str | None = None   # the case on screen (the page sets it)
        self.notice_bar = QWidget()
        notice = QHBoxLayout(self.notice_bar)
        notice.setContentsMargins(0, 0, 0, 0)
        self.notice = QLabel(objectName="FieldError", wordWrap=True)
        self.notice.setTextFormat(Qt.TextFormat.PlainText)  # it quotes the search text
        self.notice.setAccessibleName("List notice")
        notice.addWidget(self.notice, 1)
        self.notice_button = QPushButton()
        self.notice_button.clicked.connect(self._notice_action)
        notice.addWidget(self.notice_button)
        self.notice_bar.hide()
        layout.addWidget(self.notice_bar)

        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Case list")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(COL_CASE, Qt.SortOrder.AscendingOrder)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(26)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for col, width in ((COL_STATUS, 108), (COL_MET, 122), (COL_SUBJECT, 84),
                           (COL_ROLE, 100), (COL_ALLEGATIONS, 170), (COL_DAYS, 56),
                           (COL_REGIME, 60), (COL_REPORTED, 90)):
            self.table.setColumnWidth(col, width)
        self.fit_columns()
        layout.addWidget(self.table, 1)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self.model.modelReset.connect(self._update_count)

    def fit_columns(self) -> None:
        """"Panel category" and the longest case id in the list shown whole (ids of 20
        characters included), measured in the fonts the list is drawn in (bold ids and
        headers, after the style sheet) rather than guessed pixels; short ids leave
        room for the other columns."""
        bold = QFont(self.table.font())
        bold.setBold(True)
        fm = QFontMetrics(bold)
        panel = max(fm.horizontalAdvance(t) for t in ("Panel category", "Formal risk mgmt"))
        self.table.setColumnWidth(COL_PANEL, panel + 34)  # padding and the sort arrow
        ids = [r.case_id for r in self.model.all_rows()]
        n = max(map(len, ids), default=0)
        # ids of one length differ little in width: a sample of the longest will do
        widest = max((fm.horizontalAdvance(i)
                      for i in islice((i for i in ids if len(i) == n), 200)), default=0)
        header = fm.horizontalAdvance("Case") + 30  # and its sort arrow
        self.table.setColumnWidth(COL_CASE, max(widest + 20, header, 72))

    # -- filters and search ----------------------------------------------------------
    def current_filter(self) -> CaseFilter:
        values = {name: combo.currentData() for name, combo in self.combos.items()}
        return CaseFilter(**self._search, **values, subject=self._subject, only_ids=self._only)

    def show_subject(self, subject: str | None) -> None:
        """Show only ``subject``'s cases (None: every subject's again)."""
        self._subject = subject or None
        self._only = None
        self.subject_label.setText(f"Only the cases of subject {subject}" if subject else "")
        self.subject_clear.setText("Show all subjects")
        self.subject_clear.setAccessibleName("Show all subjects")
        self.subject_bar.setVisible(bool(subject))
        self._apply()

    def show_only(self, case_ids, label: str) -> None:
        """Show only the cases behind an Insights figure (the bar under the filters says
        which; its button shows every case again)."""
        self.clear_filters()
        self._only = frozenset(case_ids)
        self.subject_label.setText(f"Only the {len(self._only):,} cases of: {label}")
        self.subject_clear.setText("Show all cases")
        self.subject_clear.setAccessibleName("Show all cases")
        self.subject_bar.setVisible(True)
        self._apply()

    def _apply(self) -> None:
        keep = self.current_case_id() or self.open_case_id
        self.model.set_filter(self.current_filter())
        self.select_case(keep, emit=False)
        # Only now: hiding the notice moves the focus off its button, often to the
        # table, which would open its first row if no row were current yet.
        self.refresh_notice()

    def set_filters(self, **values) -> None:
        """Show exactly the cases these filter values select (others "any", no search)."""
        for name, combo in self.combos.items():
            combo.blockSignals(True)
            combo.setCurrentIndex(max(combo.findData(values.get(name)), 0))
            combo.blockSignals(False)
        if self._search or self.search.text():
            self.search.blockSignals(True)
            self.search.clear()
            self.search.blockSignals(False)
            self._search, self._terms = {}, []
            self.search_cleared.emit()
        self._apply()

    def set_open_case(self, case_id: str | None) -> None:
        self.open_case_id = case_id
        self.refresh_notice()

    def refresh_notice(self) -> None:
        shown, total = self.model.rowCount(), self.model.total()
        text = button = None
        hidden = (self.open_case_id is not None and shown < total
                  and self.model.row_of(self.open_case_id) < 0)  # a full list hides nothing
        if total and not shown:
            query = self.search.text().strip()
            if self._search and query:
                text, button = f"No case matches \u201c{query}\u201d", "Clear search"
                if any(c.currentIndex() for c in self.combos.values()):
                    text += " with these filters"
            else:
                text, button = "No case matches these filters", "Clear filters"
            text += "." if not hidden else f"; the open case {self.open_case_id} is not shown."
        elif hidden:
            text = f"The open case {self.open_case_id} is outside the filter."
            button = "Show it"
        self.notice.setText(text or "")
        self.notice_button.setText(button or "")
        self.notice_button.setAccessibleName(button or "")
        self.notice_bar.setVisible(text is not None)

    def _notice_action(self) -> None:
        action = self.notice_button.text()
        if action == "Clear search":
            self.search.clear()
            self._search_now()
        else:  # Clear filters, or Show it: every case, the open one selected
            self.clear_filters()
        self.select_case(self.open_case_id, emit=False)
        self.table.setFocus()  # the button just hid itself


    def _search_now(self) -> None:
        self._search_timer.stop()
        self.search_requested.emit(self.search.text())

    def set_search_result(self, text: str, ids: list[str] | None) -> None:
        """Apply a search's hits (None: no search) if the box still says ``text``."""
        if text != self.search.text():
            return  # the person typed on; a newer search is coming
        self._search = {} if ids is None else self._search_filter(ids)
        self._terms = text.split() if ids is not None else []
        self._apply()

    def _search_filter(self, ids: list[str]) -> dict[str, object]:
        # Hits from Workspace.search carry their positions: a mask over those
        # filters without looking up case ids (see CaseFilter.search_mask).
        positions = getattr(ids, "positions", None)
        if positions is None:
            return {"search_ids": frozenset(ids)}
        size = max(self.model.position_bound(), max(positions, default=-1) + 1)
        return {"search_mask": search_mask(positions, size)}

    def search_terms(self) -> list[str]:
        return list(self._terms)

    def clear_filters(self) -> None:
        for combo in self.combos.values():
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self._search, self._terms = {}, []
        self._subject = None
        self._only = None
        self.subject_bar.hide()
        self._apply()
        self.search_cleared.emit()

    def _update_count(self) -> None:
        shown, total = self.model.rowCount(), self.model.total()
        self.count.setText(f"Showing all {total:,} cases" if shown == total
                           else f"Showing {shown:,} of {total:,} cases")

    # -- the current case ------------------------------------------------------------
    def current_case_id(self) -> str | None:
        index = self.table.currentIndex()
        return index.data(CASE_ID_ROLE) if index.isValid() else None

    def select_case(self, case_id: str | None, *, emit: bool = True) -> bool:
        row = self.model.row_of(case_id) if case_id else -1
        if row < 0:
            return False
        index = self.model.index(row, COL_CASE)
        sel = self.table.selectionModel()
        if not emit:
            sel.blockSignals(True)
        sel.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                            | QItemSelectionModel.SelectionFlag.Rows)
        if not emit:
            sel.blockSignals(False)
            self.table.viewport().update()
        self.table.scrollTo(index)
        return True

    def select_row(self, row: int) -> bool:
        case = self.model.case_at(row)
        return self.select_case(case.case_id) if case else False

    def current_row(self) -> int:
        return self.table.currentIndex().row()

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.case_activated.emit(current.data(CASE_ID_ROLE))

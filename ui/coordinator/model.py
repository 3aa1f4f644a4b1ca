"""The coordinator's case overview: one table model that sorts and filters itself.

Like the member's case list (``ui.member.case_table_model``), sorting and filtering
happen inside the model over plain rows, not through a proxy.  SORT_ROLE
gives a cell's native value, CASE_ID_ROLE a row's case id and STATUS_ROLE
its status code (awaiting / agreed / disagreement / adjudicated).

A row never carries the content of a blind case's reviews: only how many
of its assigned reviewers have finalised (``reviews_in``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont

from review.cases import CATEGORIES
from review.panel.merge import CASE_STATUSES
from ui.row_table_model import RowTableModel
from ui import theme

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
CASE_ID_ROLE = Qt.ItemDataRole.UserRole + 2
STATUS_ROLE = Qt.ItemDataRole.UserRole + 3

COL_CASE, COL_MET, COL_STATUS, COL_IN, COL_REVIEWERS, COL_DIFFERING = range(6)
HEADERS = ["Case", "Met category", "Status", "Reviews in", "Reviewers", "Differing fields"]
HEADER_TIPS = {
    COL_IN: "Assigned reviewers whose final decision (or recusal) has been merged.",
    COL_STATUS: "Awaiting reviews: not every assigned reviewer has finalised, so the reviews "
                "stay hidden. Agreed: category, actions and severity match. Disagreement: "
                "they do not. Adjudicated: you recorded the final decision.",
    COL_DIFFERING: "Fields on which the reviewers differ (shown once the case is no longer "
                   "blind). Concerns and confidence are shown but do not by themselves make a "
                   "disagreement.",
}
STATUS_ORDER = {code: i for i, code in enumerate(("disagreement", "awaiting", "agreed",
                                                   "adjudicated"))}
# status → (text colour, tint)
STATUS_COLOURS = {
    "awaiting": ("#5f6670", "#eef0f3"),
    "agreed": ("#1b5e20", "#e3f1e4"),
    "disagreement": ("#8a4b00", "#fdebd0"),
    "adjudicated": ("#3f2a78", "#ebe5f7"),
}
FIELD_LABELS = {"category": "Category", "actions": "Actions", "severity": "Severity",
                "concerns": "Concerns", "confidence": "Confidence", "rationale": "Rationale"}
SHORT_CAT = {"no_formal_action": "No formal action", "new_assessment": "New assessment",
             "formal_risk_management": "Formal risk mgmt"}
_CAT_ORDER = {k: i for i, k in enumerate(CATEGORIES)}


@dataclass(frozen=True)
class OverviewRow:
    position: int
    case_id: str
    met_category: str
    assigned: tuple[str, ...]
    reviews_in: int
    status: str
    differing: tuple[str, ...]

    @property
    def reviews_text(self) -> str:
        return f"{self.reviews_in}/{len(self.assigned)}"


def is_in(decision) -> bool:
    """A review counts as "in" once it is final or a recusal."""
    return decision is not None and (decision.status == "final" or decision.recused)


def load_overview(ws) -> list[OverviewRow]:
    """Rows for every case, in bundle order (runs on the database thread)."""
    reviews = ws.all_reviews()
    rows = []
    for i, o in enumerate(ws.overview()):
        revs = reviews.get(o.case_id, {})
        rows.append(OverviewRow(i, o.case_id, o.met_category, o.assigned,
                                sum(1 for r in o.assigned if is_in(revs.get(r))), o.status,
                                o.differing))
    return rows


def status_counts(rows: list[OverviewRow]) -> dict[str, int]:
    counts = {code: 0 for code in CASE_STATUSES}
    for r in rows:
        counts[r.status] = counts.get(r.status, 0) + 1
    return counts


def sort_value(r: OverviewRow, column: int) -> Any:
    if column == COL_CASE:
        return r.position
    if column == COL_MET:
        return _CAT_ORDER.get(r.met_category, 99)
    if column == COL_STATUS:
        return STATUS_ORDER.get(r.status, 99)
    if column == COL_IN:
        return r.reviews_in
    if column == COL_REVIEWERS:
        return ", ".join(r.assigned)
    return len(r.differing)


class CoordinatorCaseModel(RowTableModel):
    headers, header_tips = HEADERS, HEADER_TIPS

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._all: list[OverviewRow] = []
        self._rows: list[OverviewRow] = []
        self._status: str | None = None
        self._only: frozenset[str] | None = None   # the cases behind an Insights figure
        self._words: list[str] = []
        self._names: dict[str, str] = {}
        self._sort: tuple[int, Qt.SortOrder] | None = None
        self._bold = QFont()
        self._bold.setBold(True)

    # -- loading, filtering, sorting ---------------------------------------------------
    def set_rows(self, rows: list[OverviewRow]) -> None:
        self.beginResetModel()
        self._all = list(rows)
        self._rows = self._visible()
        self.endResetModel()

    def set_status_filter(self, status: str | None) -> None:
        self.beginResetModel()
        self._status = status
        self._rows = self._visible()
        self.endResetModel()

    def set_only(self, case_ids) -> None:
        """Show only these cases (None: every case again), within the status filter."""
        self.beginResetModel()
        self._only = None if case_ids is None else frozenset(case_ids)
        self._rows = self._visible()
        self.endResetModel()

    def set_search(self, text: str, names: dict[str, str] | None = None) -> None:
        """Show only the rows that hold every word of ``text`` (any case, any order) in
        their case id, Met category, status, reviewers (id or name) or differing fields."""
        self.beginResetModel()
        self._words = text.casefold().split()
        if names is not None:
            self._names = dict(names)
        self._rows = self._visible()
        self.endResetModel()

    @property
    def status_filter(self) -> str | None:
        return self._status

    @property
    def search_text(self) -> str:
        return " ".join(self._words)

    def _haystack(self, r: OverviewRow) -> str:
        parts = [r.case_id, SHORT_CAT.get(r.met_category, r.met_category),
                 CATEGORIES.get(r.met_category, ""), CASE_STATUSES.get(r.status, r.status)]
        parts += [f"{rid} {self._names.get(rid, '')}" for rid in r.assigned]
        if r.status != "awaiting":  # a blind case's differing fields are not known
            parts += [FIELD_LABELS.get(f, f) for f in r.differing]
        return " ".join(parts).casefold()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(HEADERS):
            return
        self.layoutAboutToBeChanged.emit()
        old = self.persistentIndexList()
        old_ids = [(self._rows[i.row()].case_id, i.column()) for i in old]
        self._sort = (column, order)
        self._rows = self._visible()
        where = {r.case_id: i for i, r in enumerate(self._rows)}
        self.changePersistentIndexList(
            old, [self.index(where[cid], col) for cid, col in old_ids])
        self.layoutChanged.emit()

    def _visible(self) -> list[OverviewRow]:
        rows = [r for r in self._all if (self._status is None or r.status == self._status)
                and (self._only is None or r.case_id in self._only)
                and all(w in self._haystack(r) for w in self._words)]
        if self._sort is not None:
            col, order = self._sort
            rows.sort(key=lambda r: (sort_value(r, col), r.position),
                      reverse=order == Qt.SortOrder.DescendingOrder)
        return rows

    # -- lookups ------------------------------------------------------------------------
    def all_rows(self) -> list[OverviewRow]:
        return self._all

    def counts(self) -> dict[str, int]:
        return status_counts(self._all)

    # -- QAbstractTableModel ------------------------------------------------------------
    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        r, col = self._rows[index.row()], index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            text = self._display(r, col)
            return text if role == Qt.ItemDataRole.DisplayRole else (text or "none")
        if role == SORT_ROLE:
            return sort_value(r, col)
        if role == CASE_ID_ROLE:
            return r.case_id
        if role == STATUS_ROLE:
            return r.status
        if role in (Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.BackgroundRole):
            return self._colour(r, col, role == Qt.ItemDataRole.ForegroundRole)
        if role == Qt.ItemDataRole.FontRole and col in (COL_CASE, COL_STATUS):
            return self._bold
        if role == Qt.ItemDataRole.TextAlignmentRole and col == COL_IN:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(r, col)
        return None

    def _display(self, r: OverviewRow, col: int) -> str:
        if col == COL_CASE:
            return r.case_id
        if col == COL_MET:
            return SHORT_CAT.get(r.met_category, r.met_category)
        if col == COL_STATUS:
            return CASE_STATUSES.get(r.status, r.status)
        if col == COL_IN:
            return r.reviews_text
        if col == COL_REVIEWERS:
            return ", ".join(r.assigned)
        if r.status == "awaiting":
            return "hidden until all are in"
        return ", ".join(FIELD_LABELS.get(f, f).lower() for f in r.differing) or "none"

    def _colour(self, r: OverviewRow, col: int, fg: bool) -> QBrush | None:
        if col == COL_MET:
            brushes = theme.category_brushes(r.met_category)
            return None if brushes is None else brushes[0 if fg else 1]
        if col == COL_STATUS:
            text, tint = STATUS_COLOURS.get(r.status, ("#3c4043", "#ffffff"))
            return QBrush(QColor(text if fg else tint))
        if col == COL_DIFFERING and fg and r.status == "awaiting":
            return QBrush(QColor("#8a8f98"))
        return None

    def _tooltip(self, r: OverviewRow, col: int) -> str | None:
        if col == COL_MET:
            return CATEGORIES.get(r.met_category)
        if col == COL_STATUS and r.status == "awaiting":
            return (f"{r.reviews_in} of {len(r.assigned)} reviews in; the reviews stay hidden "
                    "until every assigned reviewer has finalised.")
        if col == COL_DIFFERING and r.differing:
            return "Reviewers differ on: " + ", ".join(FIELD_LABELS.get(f, f).lower()
                                                        for f in r.differing)
        return None

"""The current case's saved versions: when, and what changed. Read-only.

Each row is one entry of the hash-chained history; "what changed" compares
it with the version before.  Selecting a row shows that version in full
below the table.
"""

from __future__ import annotations

import datetime as dt
import html
import json

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtWidgets import (QAbstractItemView, QHeaderView, QLabel, QSplitter, QTableView,
                               QTextBrowser, QVBoxLayout, QWidget)

from review.cases import CATEGORIES
from review.decisions import ACTIONS, CONCERNS, CONFIDENCE, SEVERITIES

COL_VERSION, COL_SAVED, COL_STATE, COL_CHANGES = range(4)
_HEADERS = ["Version", "Saved", "State", "What changed"]
_STATE = {"draft": "Draft", "final": "Final"}


def local_time(iso_utc: str) -> str:
    """ISO UTC from the store → the reviewer's local time, to the second."""
    try:
        t = dt.datetime.fromisoformat(iso_utc.replace("Z", "+00:00")).astimezone()
    except ValueError:
        return iso_utc
    return t.strftime("%d %b %Y %H:%M:%S")


def state_of(d: dict) -> str:
    if d.get("recused"):
        return "Recused" + (" (reopened)" if d.get("status") == "draft" else "")
    return _STATE.get(d.get("status"), d.get("status") or "")


def _labels(codes, vocab) -> str:
    return ", ".join(vocab.get(c, (c,))[0] if vocab is ACTIONS else vocab.get(c, c)
                     for c in codes) or "none"


def describe_changes(before: dict | None, after: dict) -> str:
    """What differs between two saved versions, in words."""
    if before is None:
        return "First saved version."
    out = []
    if after.get("recused") != before.get("recused"):
        out.append("recused" if after.get("recused") else "recusal withdrawn")
    if after.get("status") != before.get("status"):
        out.append("finalised" if after.get("status") == "final" else "reopened as a draft")
    if after.get("category") != before.get("category"):
        out.append("category: " + CATEGORIES.get(after.get("category"), "none"))
    if after.get("actions") != before.get("actions"):
        out.append("actions: " + _labels(after.get("actions") or [], ACTIONS))
    if after.get("severity") != before.get("severity"):
        out.append("severity: " + SEVERITIES.get(after.get("severity"), "none"))
    if after.get("concerns") != before.get("concerns"):
        out.append("concerns: " + _labels(after.get("concerns") or [], CONCERNS))
    if after.get("rationale") != before.get("rationale"):
        out.append("rationale edited")
    if after.get("confidence") != before.get("confidence"):
        out.append("confidence: " + CONFIDENCE.get(after.get("confidence"), "none"))
    if after.get("recusal_reason") != before.get("recusal_reason") and after.get("recused"):
        out.append("recusal reason edited")
    text = "; ".join(out) or "no change"
    return text[0].upper() + text[1:] + "."


class HistoryModel(QAbstractTableModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: list[tuple[int, str, dict, str]] = []

    def set_entries(self, entries) -> None:
        if not entries and not self._rows:
            return  # no history before, none now: a reset would only size the table again
        self.beginResetModel()
        self._rows, before = [], None
        for e in entries:
            payload = json.loads(e.payload)
            self._rows.append((e.version, e.saved_at, payload, describe_changes(before, payload)))
            before = payload
        self.endResetModel()

    def payload(self, row: int) -> dict | None:
        return self._rows[row][2] if 0 <= row < len(self._rows) else None

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(_HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _HEADERS[section] if 0 <= section < len(_HEADERS) else None
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        version, saved_at, payload, changes = self._rows[index.row()]
        col = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return [str(version), local_time(saved_at), state_of(payload), changes][col]
        if role == Qt.ItemDataRole.UserRole:
            return [version, saved_at, state_of(payload), changes][col]
        return None


def version_html(payload: dict) -> str:
    rows = [("State", state_of(payload)),
            ("Category", CATEGORIES.get(payload.get("category"), "\u2014")),
            ("Actions", _labels(payload.get("actions") or [], ACTIONS)),
            ("Severity", SEVERITIES.get(payload.get("severity"), "\u2014")),
            ("Concerns", _labels(payload.get("concerns") or [], CONCERNS)),
            ("Confidence", CONFIDENCE.get(payload.get("confidence"), "\u2014"))]
    if payload.get("recused"):
        rows.append(("Recusal reason", payload.get("recusal_reason") or ""))
    out = ['<table cellpadding="3">']
    out += [f"<tr><td><b>{k}</b></td><td>{html.escape(v)}</td></tr>" for k, v in rows]
    out.append("</table><p><b>Rationale</b></p><p>"
               + (html.escape(payload.get("rationale") or "") or "<i>none yet</i>") + "</p>")
    return "".join(out)


class HistoryView(QWidget):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        self.note = QLabel("Every saved version of your decision on this case, oldest first. "
                           "The history cannot be edited.")
        self.note.setObjectName("Muted")
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        split = QSplitter(Qt.Orientation.Vertical)
        self.model = HistoryModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Decision history")
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(COL_VERSION, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_SAVED, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_STATE, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_CHANGES, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        split.addWidget(self.table)
        self.detail = QTextBrowser()
        self.detail.setAccessibleName("Selected version")
        split.addWidget(self.detail)
        split.setSizes([260, 200])
        layout.addWidget(split, 1)
        self._detail_stale = True  # see _show_detail
        self.table.selectionModel().currentRowChanged.connect(self._show)

    def set_entries(self, entries) -> None:
        self.model.set_entries(entries)
        if entries:
            self.table.selectRow(len(entries) - 1)
        else:
            self._show_detail()

    def _show(self, _current, _previous) -> None:
        self._show_detail()

    def _show_detail(self) -> None:
        """The selected version in full, laid out only when it can be seen: in the
        review page this view is a tab, mostly hidden while cases are switched."""
        self._detail_stale = not self.isVisible()
        if self._detail_stale:
            return
        payload = self.model.payload(self.table.currentIndex().row())
        self.detail.setHtml(version_html(payload) if payload is not None else
                            "<p>No decision has been saved on this case yet.</p>")

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._detail_stale:
            self._show_detail()

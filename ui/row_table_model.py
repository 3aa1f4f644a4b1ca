"""What every read-only case table shares: rows with a ``case_id``, fixed
headers with tooltips, selectable cells, and lookups by row or case id.

Each table keeps its own model (column constants, display, sort role); this
base holds only the plumbing that does not differ between them.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt


# Combined once: flags() runs for every visible cell on every repaint, and
# or-ing Python enum members there cost more than the rest of the call.
_CELL_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable \
    | Qt.ItemFlag.ItemNeverHasChildren


class RowTableModel(QAbstractTableModel):
    headers: list[str] = []
    header_tips: dict[int, str] = {}

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: list[Any] = []   # what is shown, in order; subclasses fill it

    def row_of(self, case_id: str) -> int:
        for i, r in enumerate(self._rows):
            if r.case_id == case_id:
                return i
        return -1

    def case_at(self, row: int):
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.headers):
            if role == Qt.ItemDataRole.DisplayRole:
                return self.headers[section]
            if role == Qt.ItemDataRole.ToolTipRole:
                return self.header_tips.get(section)
        return None

    def flags(self, index):
        return _CELL_FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags

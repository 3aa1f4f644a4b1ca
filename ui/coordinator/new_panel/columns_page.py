"""Page 2: which of their columns gives each field (a choice box per column, starting
from what the core recognises, or from the saved mapping), with the first rows."""

from __future__ import annotations

from collections import Counter

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QComboBox, QHeaderView, QLabel,
                               QSplitter, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
                               QWizardPage)

from ui.coordinator.new_panel.choices import Choices

PREVIEW_ROWS = 8
NOT_USED = "(not used)"


def _shown(value: object) -> str:
    import datetime as dt
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = "" if value is None else " ".join(str(value).split())
    return text if len(text) <= 80 else text[:79] + "\u2026"


class ColumnsPage(QWizardPage):
    def __init__(self, choices: Choices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.choices = choices
        self.setTitle("Columns")
        self.setSubTitle("Each of their columns and the field it gives. Change a match with "
                         "its choice box; a column left unused is listed as a warning.")
        layout = QVBoxLayout(self)
        self.summary = QLabel()
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        split = QSplitter(Qt.Orientation.Vertical)
        self.table = QTableWidget(0, 5)
        self.table.setObjectName("columns_table")
        self.table.setAccessibleName("Their columns and the field each gives")
        self.table.setHorizontalHeaderLabels(["Column", "Their header", "Gives the field",
                                              "Looks like", "Filled"])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        split.addWidget(self.table)
        self.preview = QTableWidget(0, 0)
        self.preview.setObjectName("preview_table")
        self.preview.setAccessibleName(f"The first {PREVIEW_ROWS} rows of the case list")
        self.preview.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        split.addWidget(self.preview)
        split.setSizes([300, 180])
        layout.addWidget(split, 1)
        self.combine = QCheckBox("Rows that share a case id are one case (one row per "
                                 "allegation): combine them")
        self.combine.setObjectName("combine_rows")
        layout.addWidget(self.combine)
        self.combos: dict[str, QComboBox] = {}

    def initializePage(self) -> None:
        from review.intake.parse import CASE_COLUMNS
        from review.intake.table import resembles
        c = self.choices
        sheet = c.sheet
        filled = Counter(h for _, row in sheet.rows for h in row)
        self.table.setRowCount(0)
        self.combos = {}
        headers = [(i, h) for i, h in enumerate(sheet.headers, 1) if h]
        self.table.setRowCount(len(headers))
        from review.intake.cells import column_letter
        for row, (index, header) in enumerate(headers):
            self.table.setItem(row, 0, QTableWidgetItem(column_letter(index)))
            self.table.setItem(row, 1, QTableWidgetItem(header))
            combo = QComboBox()
            combo.setAccessibleName(f"Field given by {header}")
            combo.addItem(NOT_USED, None)
            for column in CASE_COLUMNS:
                combo.addItem(f"{column.label} ({column.name})", column.name)
            combo.setCurrentIndex(max(0, combo.findData(c.columns.get(header))))
            combo.currentIndexChanged.connect(lambda _=0, h=header: self._changed(h))
            self.table.setCellWidget(row, 2, combo)
            # The core's hint for a header it did not take: the field it resembles.
            like = resembles(header, CASE_COLUMNS) if c.auto.get(header) is None else None
            self.table.setItem(row, 3, QTableWidgetItem(like.label if like else ""))
            count = QTableWidgetItem(f"{filled.get(header, 0):,}")
            count.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.table.setItem(row, 4, count)
            self.combos[header] = combo
        for col in (0, 3, 4):
            self.table.resizeColumnToContents(col)
        self.combine.setChecked(c.combine_rows)
        self._fill_preview()

    def _changed(self, header: str) -> None:
        field = self.combos[header].currentData()
        if field:   # one column per field: the one it had before lets it go
            for other, combo in self.combos.items():
                if other != header and combo.currentData() == field:
                    combo.blockSignals(True)
                    combo.setCurrentIndex(0)
                    combo.blockSignals(False)
        self._fill_preview()

    def chosen(self) -> dict[str, str | None]:
        return {h: combo.currentData() for h, combo in self.combos.items()}

    def _fill_preview(self) -> None:
        sheet = self.choices.sheet
        chosen = self.chosen()
        headers = [h for h in sheet.headers if h]
        self.preview.clear()
        self.preview.setColumnCount(len(headers))
        self.preview.setHorizontalHeaderLabels(
            [f"{h}\n\u2192 {chosen.get(h) or 'not used'}" for h in headers])
        rows = sheet.rows[:PREVIEW_ROWS]
        self.preview.setRowCount(len(rows))
        self.preview.setVerticalHeaderLabels([str(n) for n, _ in rows])
        for r, (_, values) in enumerate(rows):
            for col, h in enumerate(headers):
                self.preview.setItem(r, col, QTableWidgetItem(_shown(values.get(h))))
        self.preview.resizeColumnsToContents()
        used = sum(1 for f in chosen.values() if f)
        self.summary.setText(
            f"{sheet.source}: {len(sheet.rows):,} rows, {len(headers)} columns; {used} give a "
            f"field, {len(headers) - used} not used.")

    def cleanupPage(self) -> None:
        self.validatePage()     # Back to the files: the choices return with the same list

    def validatePage(self) -> bool:
        self.choices.columns = self.chosen()
        self.choices.combine_rows = self.combine.isChecked()
        return True

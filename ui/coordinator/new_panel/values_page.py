"""Page 3: every distinct value found in each closed-list field (roles, categories,
genders...), with a choice box each: one of ours, or left as a problem."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QHeaderView, QLabel, QTableWidget,
                               QTableWidgetItem, QVBoxLayout, QWidget, QWizardPage)

from ui.coordinator.new_panel.choices import Choices

LEAVE = "(leave as a problem)"
STATES = {"yes": "recognised", "suggested": "suggested", "no": "not recognised"}


class ValuesPage(QWizardPage):
    def __init__(self, choices: Choices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.choices = choices
        self.found: list[list] = []    # [field, their value, suggested, count, recognised]
        self.setTitle("Values")
        self.setSubTitle("Each value found in a field with a fixed list, and the value of ours "
                         "it stands for. A value left as a problem is an error on its rows.")
        layout = QVBoxLayout(self)
        self.summary = QLabel()
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.table = QTableWidget(0, 5)
        self.table.setObjectName("values_table")
        self.table.setAccessibleName("Their values and ours")
        self.table.setHorizontalHeaderLabels(["Field", "Their value", "Rows", "Matched",
                                              "Our value"])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 1)
        self.combos: list[tuple[str, str, str, QComboBox]] = []   # field, theirs, suggested

    def initializePage(self) -> None:
        from review.intake.mapping import value_key
        from review.intake.parse import CASE_COLUMNS
        words = {c.name: c.words for c in CASE_COLUMNS if c.words}
        labels = {c.name: c.label for c in CASE_COLUMNS}
        saved = self.choices.saved.values if self.choices.saved is not None else {}
        # Choices made earlier in this window win over the saved ones (Back, then Next).
        made = {f: {value_key(t): o for t, o in table.items()}
                for f, table in self.choices.values.items()}
        self.table.setRowCount(len(self.found))
        self.combos = []
        open_values = 0
        for row, (name, theirs, suggested, count, known) in enumerate(self.found):
            state = "yes" if known == "yes" else ("suggested" if suggested else "no")
            cells = [labels.get(name, name), theirs, f"{count:,}", STATES[state]]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if col == 2:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, col, item)
            combo = QComboBox()
            combo.setAccessibleName(f"Our value for {theirs}")
            combo.addItem(LEAVE, "")
            for label in words[name].allowed.split(", "):
                combo.addItem(label, label)
            key = value_key(theirs)
            start = made.get(name, {}).get(key) or saved.get(name, {}).get(key) or suggested
            combo.setCurrentIndex(max(0, combo.findData(
                start, flags=Qt.MatchFlag.MatchFixedString)))
            combo.currentIndexChanged.connect(self._count)
            self.table.setCellWidget(row, 4, combo)
            self.combos.append((name, theirs, suggested if known == "yes" else "", combo))
            open_values += state == "no"
        self.table.resizeColumnToContents(0)
        self.table.resizeColumnToContents(2)
        self.table.resizeColumnToContents(3)
        self._count()

    def _count(self) -> None:
        fields = len({name for name, *_ in self.combos})
        left = sum(1 for *_, combo in self.combos if not combo.currentData())
        self.summary.setText(f"{len(self.combos):,} distinct values in {fields} fields; "
                             f"{left:,} left as a problem." if self.combos else
                             "No field with a fixed list has a column: nothing to match here.")

    def set_choice(self, field: str, theirs: str, ours: str) -> None:
        """Choose ``ours`` for one of their values (as a person would in the box)."""
        for name, value, _, combo in self.combos:
            if name == field and value == theirs:
                combo.setCurrentIndex(combo.findData(ours))
                return
        raise KeyError((field, theirs))

    def _keep(self) -> None:
        values: dict[str, dict[str, str]] = {}
        for name, theirs, recognised, combo in self.combos:
            ours = combo.currentData()
            if ours and ours != recognised:     # a value already matched needs no entry
                values.setdefault(name, {})[theirs] = ours
        self.choices.values = values

    def cleanupPage(self) -> None:
        self._keep()        # Back to the columns: the choices return with the page

    def validatePage(self) -> bool:
        self._keep()
        return self.wizard().save_mapping()

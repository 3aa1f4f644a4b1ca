"""Page 1: the case list, the roster, the documents folder, the coordinator's signing
identity, the output folder, and the reviewers per case."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtWidgets import (QCheckBox, QFileDialog, QFormLayout, QHBoxLayout, QLabel,
                               QLineEdit, QPushButton, QSpinBox, QWidget, QWizardPage)

from ui import paths
from ui.coordinator.new_panel.choices import Choices, mapping_path

FOLDER_KEY = "new_panel/folder"          # settings hold folders only, never case text
IDENTITY_KEY = "export/identity_dir"     # the same identity the exports sign with
SHEETS = "Case lists (*.xlsx *.xlsm *.csv *.tsv *.txt);;All files (*)"


class FilesPage(QWizardPage):
    def __init__(self, choices: Choices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.choices = choices
        self.setTitle("Files")
        self.setSubTitle("Choose the case list, the panel's roster, the documents and your "
                         "signing identity. Nothing is written until the last page.")
        form = QFormLayout(self)
        self.cases = self._path_row(form, "&Case list (XLSX or CSV):", "cases", file=True)
        self.roster = self._path_row(form, "&Roster of members:", "roster", file=True)
        self.documents = self._path_row(form, "&Documents folder (optional):", "documents")
        self.identity = self._path_row(form, "Your signing &identity (folder):", "identity")
        self.out = self._path_row(form, "&Output folder (new or empty):", "out")
        self.title_edit = QLineEdit()
        self.title_edit.setObjectName("title")
        self.title_edit.setPlaceholderText("Panel reassessment - N cases")
        form.addRow("Bundle &title:", self.title_edit)
        self.per_case = QSpinBox()
        self.per_case.setObjectName("per_case")
        self.per_case.setRange(1, 9)
        self.per_case.setValue(2)
        self.per_case.setMaximumWidth(80)
        form.addRow("Reviewers &per case:", self.per_case)
        self.use_saved = QCheckBox()
        self.use_saved.setObjectName("use_saved")
        self.use_saved.setChecked(True)
        self.use_saved.setVisible(False)
        form.addRow("", self.use_saved)
        self.cases.textChanged.connect(self._offer_saved)
        remembered = str(paths.settings().value(IDENTITY_KEY, "") or "")
        if remembered and Path(remembered).is_dir():
            self.identity.setText(remembered)
        stamp = dt.date.today().isoformat()
        self.out.setText(str(paths.unique_path(paths.documents(), f"Panel bundles {stamp}", "")))
        for edit in (self.cases, self.roster, self.identity, self.out):
            edit.textChanged.connect(self.completeChanged)

    def _path_row(self, form: QFormLayout, label: str, name: str, *, file: bool = False
                  ) -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName(name)
        edit.setAccessibleName(label.replace("&", "").rstrip(":"))
        button = QPushButton("Browse\u2026")
        button.setAccessibleName(f"Browse for the {edit.accessibleName().lower()}")
        button.clicked.connect(lambda: self._browse(edit, file))
        row = QHBoxLayout()
        row.addWidget(edit, 1)
        row.addWidget(button)
        caption = QLabel(label)
        caption.setBuddy(edit)     # Alt+letter goes to the field, not the button
        form.addRow(caption, row)
        return edit

    def _browse(self, edit: QLineEdit, file: bool) -> None:
        start = edit.text() or str(paths.last_folder(FOLDER_KEY))
        if file:
            name, _ = QFileDialog.getOpenFileName(self, "Choose a file", start, SHEETS)
        else:
            name = QFileDialog.getExistingDirectory(self, "Choose a folder", start)
        if name:
            edit.setText(name)
            paths.remember_folder(FOLDER_KEY, Path(name).parent if file else Path(name))

    def _offer_saved(self) -> None:
        text = self.cases.text().strip()
        saved = mapping_path(Path(text)) if text and Path(text).name else None
        shown = bool(saved and saved.is_file())
        self.use_saved.setVisible(shown)
        if shown:
            self.use_saved.setText(f"Start from the mapping saved beside it ({saved.name})")

    def isComplete(self) -> bool:
        return all(e.text().strip() for e in (self.cases, self.roster, self.identity, self.out))

    def validatePage(self) -> bool:
        c = self.choices
        c.cases_file = Path(self.cases.text().strip())
        c.roster_file = Path(self.roster.text().strip())
        docs = self.documents.text().strip()
        c.documents_dir = Path(docs) if docs else None
        c.identity_dir = Path(self.identity.text().strip())
        c.out_dir = Path(self.out.text().strip())
        c.title = self.title_edit.text().strip()
        c.per_case = self.per_case.value()
        c.use_saved = not self.use_saved.isHidden() and self.use_saved.isChecked()
        return self.wizard().read_files()


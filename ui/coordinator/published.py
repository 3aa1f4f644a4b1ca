"""What a publication made: where the consolidated files are, who signed, the fingerprint.

Laid out like the member's export result (``ui.export.result``), whose
selectable value labels it reuses, so that the fingerprint can be copied
into the message that announces the result.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout,
                               QWidget)

from ui.export.result import _value, fingerprint_lines, readable_time


class PublishedDialog(QDialog):
    def __init__(self, parent: QWidget | None, result) -> None:
        super().__init__(parent)
        self.result = result
        self.setWindowTitle("Signed result published")
        self.setAccessibleName("Signed result published")
        self.setMinimumWidth(680)
        layout = QVBoxLayout(self)
        title = QLabel("The panel\u2019s signed result is ready")
        title.setObjectName("CaseTitle")
        layout.addWidget(title)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.files = [Path(p) for p in (result.pdf_path, result.xlsx_path) if p is not None]
        form.addRow("Folder:", _value(str(self.folder), "Folder"))
        if result.pdf_path is not None:
            pages = f"   ({result.pdf_pages:,} pages)" if result.pdf_pages else ""
            form.addRow("Signed PDF:", _value(f"{Path(result.pdf_path).name}{pages}",
                                              "Signed PDF"))
        if result.xlsx_path is not None:
            form.addRow("Signed Excel:", _value(Path(result.xlsx_path).name,
                                                "Signed Excel workbook"))
        form.addRow("Signed by:", _value(result.signer_name, "Signed by"))
        form.addRow("Certificate\nfingerprint:", _value(fingerprint_lines(result.fingerprint),
                                                       "Certificate fingerprint", mono=True))
        undecided = result.case_count - result.final_count
        contents = f"{result.case_count:,} cases, {result.final_count:,} with a final decision"
        if undecided:
            contents += f"; {undecided:,} not decided yet (an interim result)"
        form.addRow("Contents:", _value(contents, "Contents"))
        form.addRow("Published at:", _value(readable_time(result.generated_at),
                                            "Published at"))
        layout.addLayout(form)
        note = QLabel("Anyone can check the files with \u201cpanel-review verify FILE\u201d: it "
                      "names the signer and its fingerprint, which must be the one above. Any "
                      "later change to a file makes its signature invalid.")
        note.setObjectName("Muted")
        note.setWordWrap(True)
        layout.addWidget(note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.open_folder = buttons.addButton("Open the &folder",
                                             QDialogButtonBox.ButtonRole.ActionRole)
        self.open_folder.setToolTip(str(self.folder))
        self.open_folder.clicked.connect(self.show_folder)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    @property
    def folder(self) -> Path:
        return Path(self.files[0]).parent

    def show_folder(self) -> bool:
        """The containing folder in the file manager (never the files themselves)."""
        return QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.folder)))

    def text(self) -> str:
        """Everything the dialog says, for tests and for copying."""
        return "\n".join(label.text() for label in self.findChildren(QLabel))

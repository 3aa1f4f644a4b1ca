"""What a finished export made: where the files are, who signed, the fingerprint.

Every value is selectable text, so it can be copied into an e-mail to the
coordinator.  "Open the folder" shows the containing folder in the system's
file manager; the app never opens the exported files in another program
by itself.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QFontDatabase
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout,
                               QWidget)

from review.identity import format_fingerprint


def _value(text: str, name: str, *, mono: bool = False) -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                  | Qt.TextInteractionFlag.TextSelectableByKeyboard)
    label.setWordWrap(True)
    label.setAccessibleName(name)
    if mono:
        label.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
    return label


def fingerprint_lines(hex_fp: str) -> str:
    """The grouped fingerprint on two lines of eight groups, for reading aloud."""
    groups = format_fingerprint(hex_fp).split(" ")
    return " ".join(groups[:8]) + "\n" + " ".join(groups[8:])


def readable_time(stamp: str) -> str:
    """``2026-11-22T20:55:31.053Z`` → ``2026-11-22 20:55:31 UTC``."""
    if stamp.endswith("Z") and "T" in stamp:
        return stamp[:-1].split(".")[0].replace("T", " ") + " UTC"
    return stamp


class ExportResultDialog(QDialog):
    def __init__(self, parent: QWidget | None, result) -> None:
        super().__init__(parent)
        self.result = result
        self.setWindowTitle("Export finished")
        self.setAccessibleName("Export finished")
        self.setMinimumWidth(680)
        layout = QVBoxLayout(self)
        sealed = getattr(result, "sealed_path", None)
        title = QLabel("Your sealed export is ready" if sealed else "Your signed export is ready")
        title.setObjectName("CaseTitle")
        layout.addWidget(title)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.files = [Path(p) for p in (sealed, result.pdf_path, result.xlsx_path)
                      if p is not None]
        form.addRow("Folder:", _value(str(self.folder), "Folder"))
        if sealed is not None:
            form.addRow("Sealed file:", _value(Path(sealed).name, "Sealed file"))
            form.addRow("Sealed for:", _value("\n".join(result.sealed_for), "Sealed for"))
            form.addRow("Inside:", _value("\n".join(
                f"{name}   (signed PDF, {result.pdf_pages:,} pages)"
                if name.endswith(".pdf") and result.pdf_pages else name
                for name in result.inside), "Files inside the sealed file"))
        if result.pdf_path is not None:
            pages = f"   ({result.pdf_pages:,} pages)" if result.pdf_pages else ""
            form.addRow("Signed PDF:", _value(f"{Path(result.pdf_path).name}{pages}",
                                              "Signed PDF"))
        if result.xlsx_path is not None:
            form.addRow("Signed Excel:", _value(Path(result.xlsx_path).name,
                                                "Signed Excel workbook"))
        form.addRow("Signed by:", _value(result.signer_name, "Signed by"))
        self.fingerprint = _value(fingerprint_lines(result.fingerprint),
                                  "Certificate fingerprint", mono=True)
        form.addRow("Certificate\nfingerprint:", self.fingerprint)
        form.addRow("Contents:", _value(
            f"{result.case_count:,} cases, {result.decision_count:,} recorded decisions",
            "Contents"))
        form.addRow("Exported at:", _value(readable_time(result.exported_at), "Exported at"))
        layout.addLayout(form)

        send = ("Send the sealed file to the coordinator: only the people it is sealed for "
                "can open it." if sealed else
                "These files are NOT sealed: anyone who gets them can read them. Send the "
                "Excel workbook (and the PDF if asked) to the coordinator.")
        note = QLabel(f"{send} The fingerprint above is how the coordinator knows the files "
                      "are yours: it must match the one they registered for you. Any later "
                      "change to a file makes its signature invalid.")
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

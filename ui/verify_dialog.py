"""File → Verify a signed file: what ``panel-review verify`` says, in a window.

A member checks a file before sending it, a coordinator one that arrived by
email.  Each file gets the same sentence as the command line: "VALID, signed
by Dr A (R01) — known from bundle …", or that the signature is intact but the
signer is NOT known (with the fingerprint to check), or INVALID and why.
Every value comes from the file, so it is shown as plain text and inert: a
name carrying escape codes, a right-to-left override or a zero-width
character shows them as visible marks and cannot pose as something else.

Verifying reads only the chosen files (never the workspace), on the database
thread behind the shared progress dialog, so a long PDF does not freeze the
window.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QLabel,
                               QScrollArea, QVBoxLayout, QWidget)

from ui import paths
from ui.errors import show_error
from ui.theme import set_tone

FILE_FILTER = "Signed PDF or Excel files (*.pdf *.xlsx);;All files (*)"
FOLDER_KEY = "verify/folder"


@dataclass(frozen=True)
class Verdict:
    """One file's result: the headline sentence and the rows below it (all plain text)."""

    name: str
    headline: str
    tone: str                       # "ok", "warn" or "error"
    rows: tuple[tuple[str, str], ...]


def verdict_for(path: Path, keyring) -> Verdict:
    """Verify one file and say what ``verify`` would (runs off the main thread)."""
    from review.inert import inert
    from exports.errors import UnsupportedFile
    from exports.verify import verify_file
    name = inert(Path(path).name)
    try:
        report = verify_file(Path(path))
    except UnsupportedFile as exc:
        return Verdict(name, f"Not checked: {inert(exc)}", "error", ())
    known, headline = report.verdict(keyring)
    tone = "error" if not report.valid else "ok" if known else "warn"
    return Verdict(name, headline, tone, tuple(report.details()))


def _plain(text: str, name: str) -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)  # never rich text: the values come from files
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                  | Qt.TextInteractionFlag.TextSelectableByKeyboard)
    label.setAccessibleName(name)
    return label


class VerifyDialog(QDialog):
    def __init__(self, parent: QWidget | None, verdicts: list[Verdict]) -> None:
        super().__init__(parent)
        self.setWindowTitle("Verify signed files")
        self.setAccessibleName("Verify signed files")
        self.resize(760, 460)
        layout = QVBoxLayout(self)
        body = QWidget()
        column = QVBoxLayout(body)
        self.headlines: list[QLabel] = []
        for v in verdicts:
            title = _plain(v.name, "File")
            font = title.font()
            font.setBold(True)
            title.setFont(font)
            column.addWidget(title)
            headline = _plain(v.headline, f"Result for {v.name}")
            headline.setObjectName("VerifyResult")
            set_tone(headline, "tone", v.tone)
            self.headlines.append(headline)
            column.addWidget(headline)
            form = QFormLayout()
            for label, value in v.rows:
                form.addRow(f"{label}:", _plain(value, label))
            column.addLayout(form)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        layout.addWidget(scroll, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


def verify_files(window, files: list[Path] | None = None) -> None:
    """Ask for files (unless given), verify them off the main thread, show the results."""
    from ui.progress import ProgressJob
    if files is None:
        names, _ = QFileDialog.getOpenFileNames(window, "Choose signed PDF or Excel files",
                                                str(paths.last_folder(FOLDER_KEY)), FILE_FILTER)
        files = [Path(n) for n in names]
    if not files:
        return
    paths.remember_folder(FOLDER_KEY, files[0].parent)

    def job(ctx):
        from review.keyring import Keyring
        keyring = Keyring()
        out = []
        for i, path in enumerate(files):
            ctx.report(f"Checking file {i + 1} of {len(files)}\u2026")
            out.append(verdict_for(path, keyring))
        return out

    def done(verdicts: list[Verdict]) -> None:
        window.verify_job = None
        window.verify_dialog = VerifyDialog(window, verdicts)
        window.verify_dialog.open()

    def failed(exc: BaseException) -> None:
        window.verify_job = None
        show_error(window, exc)

    window.verify_job = ProgressJob(window, window.db, "Verifying", "Checking signatures\u2026",
                                    job, done, failed, cancellable=False)

"""Dialogs of the signed export: the identity's passphrase, no identity yet, a new identity.

The module-level functions (``ask_identity_passphrase``, ``no_identity``,
``ask_new_identity``, ``confirm_replace``) are what the export flow calls;
tests replace them.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from PySide6.QtWidgets import (QDialog, QFormLayout, QLabel, QLineEdit,
                               QMessageBox, QVBoxLayout, QWidget)

from review.identity import MIN_PASSPHRASE, format_fingerprint
from ui.passphrase_dialog import (error_label, hint_label, ok_cancel, repeat_problem,
                                  secret_field, set_hint)

CREATE_COMMAND = 'panel-review identity create --name "Your Name" --out FOLDER'


class IdentityPassphraseDialog(QDialog):
    """Unlock a signing identity; a previous attempt's error is shown above the field."""

    def __init__(self, parent: QWidget | None, name: str, fingerprint: str,
                 error: str | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Unlock your signing identity")
        self.setMinimumWidth(480)
        layout = QVBoxLayout(self)
        intro = QLabel(f"The export will be signed as <b>{escape(name)}</b>. Enter the "
                       "passphrase of this signing identity (not the workspace\u2019s, unless "
                       "you chose the same one).")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        fp = QLabel(f"Certificate fingerprint: {format_fingerprint(fingerprint)}")
        fp.setObjectName("Muted")
        fp.setWordWrap(True)
        fp.setAccessibleName("Certificate fingerprint")
        layout.addWidget(fp)
        self.error = error_label(error)
        layout.addWidget(self.error)
        form = QFormLayout()
        self.field = secret_field("Signing identity passphrase")
        form.addRow("&Passphrase:", self.field)
        layout.addLayout(form)
        buttons, self.ok = ok_cancel(self, "Unlock and continue")
        layout.addWidget(buttons)
        self.field.textChanged.connect(lambda t: self.ok.setEnabled(bool(t)))
        self.ok.setEnabled(False)
        self.field.setFocus()

    def passphrase(self) -> str:
        return self.field.text()


class NewIdentityDialog(QDialog):
    """A name and a passphrase (twice) for a new signing identity."""

    def __init__(self, parent: QWidget | None, folder: Path, name: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle("Create a signing identity")
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        intro = QLabel(
            f"A signing identity is a key and a certificate that prove an export is yours. It "
            f"will be saved in <b>{escape(str(folder))}</b>. Choose a passphrase of at least "
            f"{MIN_PASSPHRASE} characters to protect the key; it cannot be recovered if lost. "
            "Afterwards, tell the coordinator the certificate fingerprint shown with the export.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.name = QLineEdit(name)
        self.name.setAccessibleName("Your name")
        form.addRow("Your &name:", self.name)
        self.first = secret_field("Passphrase")
        form.addRow("&Passphrase:", self.first)
        self.second = secret_field("Repeat the passphrase")
        form.addRow("&Repeat it:", self.second)
        layout.addLayout(form)
        self.hint = hint_label()
        layout.addWidget(self.hint)
        buttons, self.ok = ok_cancel(self, "Create identity")
        layout.addWidget(buttons)
        for field in (self.name, self.first, self.second):
            field.textChanged.connect(self._check)
        self._check()

    def problem(self) -> str | None:
        found = self._problem()
        return found[0] if found else None

    def _problem(self) -> tuple[str, str] | None:
        if not self.name.text().strip():
            return "Type your name as it should appear on your exports.", "muted"
        first = self.first.text()
        if len(first) < MIN_PASSPHRASE:
            return (f"The passphrase needs at least {MIN_PASSPHRASE} characters "
                    f"({len(first)} so far)."), "muted"
        return repeat_problem(first, self.second.text())

    def _check(self) -> None:
        found = self._problem()
        self.ok.setEnabled(found is None)
        set_hint(self.hint, *(found or ("The two passphrases match.", "ok")))


# -- entry points (tests replace these) ----------------------------------------------
def ask_identity_passphrase(parent: QWidget | None, name: str, fingerprint: str,
                            error: str | None = None) -> str | None:
    dialog = IdentityPassphraseDialog(parent, name, fingerprint, error)
    return dialog.passphrase() if dialog.exec() == QDialog.DialogCode.Accepted else None


def ask_new_identity(parent: QWidget | None, folder: Path, name: str) -> tuple[str, str] | None:
    """(name, passphrase) for a new identity in ``folder``, or None."""
    dialog = NewIdentityDialog(parent, folder, name)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.name.text().strip(), dialog.first.text()


def no_identity(parent: QWidget | None, folder: Path) -> str | None:
    """The folder holds no identity: "another", "create" or None (cancel)."""
    box = QMessageBox(QMessageBox.Icon.Information, "No signing identity here",
                      f"{folder} does not hold a signing identity (it has no cert.pem and "
                      "key.pem).\n\nExports are signed with your own signing identity. If you "
                      "already have one, choose its folder. If not, create one here, or with "
                      f"the command line:\n\n    {CREATE_COMMAND}\n\nthen send the "
                      "certificate fingerprint it shows to the coordinator.",
                      QMessageBox.StandardButton.Cancel, parent)
    box.setAccessibleName("No signing identity")
    another = box.addButton("Choose another folder\u2026", QMessageBox.ButtonRole.AcceptRole)
    create = box.addButton("Create an identity\u2026", QMessageBox.ButtonRole.ActionRole)
    box.setDefaultButton(another)
    box.exec()
    clicked = box.clickedButton()
    if clicked is another:
        return "another"
    if clicked is create:
        return "create"
    return None


def confirm_replace(parent: QWidget | None, path: Path) -> bool:
    answer = QMessageBox.question(
        parent, "Replace the file?",
        f"{path.name} already exists in {path.parent}. Replace it with the new export?",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes

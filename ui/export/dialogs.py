"""Dialogs of the signed export: the identity's passphrase, no identity yet, a new identity.

The module-level functions (``ask_identity_passphrase``, ``no_identity``,
``ask_new_identity``, ``identity_created``, ``choose_sealing``, ``confirm_replace``) are what the
export flow calls; tests replace them.  They speak of a seal and a
fingerprint, not of key files and certificate formats: panel members are
not programmers.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QApplication, QDialog, QDialogButtonBox, QFormLayout, QLabel,
                               QLineEdit, QMessageBox, QPushButton, QVBoxLayout, QWidget)

from review.identity import MIN_PASSPHRASE, format_fingerprint
from ui.passphrase_dialog import (error_label, hint_label, new_passphrase_problem, ok_cancel,
                                  repeat_problem, secret_field, set_hint)


class IdentityPassphraseDialog(QDialog):
    """Unlock a signing identity; a previous attempt's error is shown above the field."""

    def __init__(self, parent: QWidget | None, name: str, fingerprint: str,
                 error: str | None = None, what: str = "The export",
                 purpose: str = "sign", intro: str | None = None,
                 ok_text: str = "Unlock and continue") -> None:
        super().__init__(parent)
        self.setWindowTitle("Unlock your signing identity")
        self.setMinimumWidth(480)
        layout = QVBoxLayout(self)
        # "open": a sealed file is opened with the identity's key instead of signed with it.
        done = "will be signed as" if purpose == "sign" else "is sealed for"
        intro = QLabel(intro or (
            f"{escape(what)} {done} <b>{escape(name)}</b>. Enter the passphrase of this "
            "signing identity (not the workspace\u2019s, unless you chose the same one)."))
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
        buttons, self.ok = ok_cancel(self, ok_text)
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
            "Your signing identity is your personal seal: every file you export is sealed "
            "with it, so the coordinator can tell that the file is yours and that nobody has "
            f"changed it since. It will be kept in the folder <b>{escape(str(folder))}</b>. "
            f"Choose a passphrase of at least {MIN_PASSPHRASE} characters to protect it; "
            "nobody can recover it if you forget it. At the end you will see a fingerprint "
            "(a code of 64 letters and digits) to send to the coordinator.")
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
        return new_passphrase_problem(first, MIN_PASSPHRASE) or repeat_problem(
            first, self.second.text())

    def _check(self) -> None:
        found = self._problem()
        self.ok.setEnabled(found is None)
        set_hint(self.hint, *(found or ("The two passphrases match.", "ok")))


class IdentityCreatedDialog(QDialog):
    """The new identity's fingerprint, to send to the coordinator, with a Copy button."""

    def __init__(self, parent: QWidget | None, name: str, fingerprint: str,
                 folder: Path) -> None:
        super().__init__(parent)
        self.fingerprint_hex = fingerprint
        self.setWindowTitle("Your signing identity is ready")
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        intro = QLabel(f"The signing identity of <b>{escape(name)}</b> is saved in "
                       f"<b>{escape(str(folder))}</b>. Keep that folder, and its passphrase, "
                       "for as long as the panel sits.<br><br>Send this fingerprint to the "
                       "coordinator, so that they can recognise the files you export:")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        from ui.trust_dialog import fingerprint_lines
        self.fingerprint = QLabel(fingerprint_lines(fingerprint))
        self.fingerprint.setAccessibleName("Fingerprint to send to the coordinator")
        self.fingerprint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.fingerprint.font()
        font.setFamily("monospace")
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.fingerprint.setFont(font)
        layout.addWidget(self.fingerprint)
        self.copied = QLabel("")
        self.copied.setObjectName("Muted")
        layout.addWidget(self.copied)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Continue")
        self.copy = QPushButton("&Copy")
        self.copy.setToolTip("Copy the fingerprint, to paste into a message to the coordinator")
        buttons.addButton(self.copy, QDialogButtonBox.ButtonRole.ActionRole)
        self.copy.clicked.connect(self.copy_fingerprint)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)

    def copy_fingerprint(self) -> None:
        QApplication.clipboard().setText(format_fingerprint(self.fingerprint_hex))
        self.copied.setText("Copied. Paste it into a message to the coordinator.")


# -- entry points (tests replace these) ----------------------------------------------
def ask_identity_passphrase(parent: QWidget | None, name: str, fingerprint: str,
                            error: str | None = None, what: str = "The export",
                            purpose: str = "sign") -> str | None:
    """``what`` names what is signed (a member's export, or the consolidated result), or
    with ``purpose="open"`` the sealed file being opened."""
    dialog = IdentityPassphraseDialog(parent, name, fingerprint, error, what, purpose)
    return dialog.passphrase() if dialog.exec() == QDialog.DialogCode.Accepted else None


def ask_new_identity(parent: QWidget | None, folder: Path, name: str) -> tuple[str, str] | None:
    """(name, passphrase) for a new identity in ``folder``, or None."""
    dialog = NewIdentityDialog(parent, folder, name)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.name.text().strip(), dialog.first.text()


def identity_created(parent: QWidget | None, name: str, fingerprint: str,
                     folder: Path) -> None:
    IdentityCreatedDialog(parent, name, fingerprint, folder).exec()


def no_identity(parent: QWidget | None, folder: Path) -> str | None:
    """The folder holds no identity: "another", "create" or None (cancel)."""
    box, another, create = no_identity_box(parent, folder)
    box.exec()
    clicked = box.clickedButton()
    if clicked is another:
        return "another"
    if clicked is create:
        return "create"
    return None


def no_identity_box(parent: QWidget | None, folder: Path):
    """The message box of ``no_identity`` and its two buttons, not yet shown."""
    box = QMessageBox(QMessageBox.Icon.Information, "No signing identity here",
                      f"There is no signing identity in the folder {folder}.\n\nEvery file "
                      "you export is sealed with your own signing identity, so that the "
                      "coordinator can tell it is yours. If you already have one, choose its "
                      "folder. If not, create one now: it takes a name and a passphrase, and "
                      "then shows the fingerprint to send to the coordinator.",
                      QMessageBox.StandardButton.Cancel, parent)
    box.setAccessibleName("No signing identity")
    another = box.addButton("Choose another folder\u2026", QMessageBox.ButtonRole.AcceptRole)
    create = box.addButton("Create an identity\u2026", QMessageBox.ButtonRole.ActionRole)
    box.setDefaultButton(another)
    return box, another, create


PLAIN_EXPORT_WARNING = ("Plain signed files are not sealed: anyone who gets them (by email, "
                        "on a USB stick) can read your rationales and the cases they are about.")


def choose_sealing(parent: QWidget | None, coordinator: str, why_not: str | None) -> str | None:
    """"sealed", "plain" or None (cancel).  Sealed is the default; with ``why_not`` (the
    coordinator's certificate cannot be used) only plain files can be saved."""
    box, sealed, plain = sealing_box(parent, coordinator, why_not)
    box.exec()
    clicked = box.clickedButton()
    if sealed is not None and clicked is sealed:
        return "sealed"
    if clicked is plain:
        return "plain"
    return None


def sealing_box(parent: QWidget | None, coordinator: str, why_not: str | None):
    """The message box of ``choose_sealing`` and its buttons (sealed is None when sealing is
    not possible), not yet shown."""
    if why_not:
        text = (f"{why_not}\n\nYou can still save the signed PDF and Excel workbook as plain "
                f"files. {PLAIN_EXPORT_WARNING}")
    else:
        text = (f"Your signed PDF and Excel workbook will be saved inside one sealed file "
                f"(.prs) that only the coordinator, {coordinator}, and you can open. Send "
                f"that one file.\n\n{PLAIN_EXPORT_WARNING}")
    box = QMessageBox(QMessageBox.Icon.Warning if why_not else QMessageBox.Icon.Question,
                      "Seal the export", text, QMessageBox.StandardButton.Cancel, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)      # the name comes from the bundle
    box.setAccessibleName("Seal the export")
    sealed = None
    if not why_not:
        sealed = box.addButton("&Seal for the coordinator and me\u2026",
                               QMessageBox.ButtonRole.AcceptRole)
    plain = box.addButton("Save &plain signed files instead\u2026",
                          QMessageBox.ButtonRole.ActionRole)
    box.setDefaultButton(sealed or plain)
    return box, sealed, plain


def confirm_replace(parent: QWidget | None, path: Path) -> bool:
    answer = QMessageBox.question(
        parent, "Replace the file?",
        f"{path.name} already exists in {path.parent}. Replace it with the new export?",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes

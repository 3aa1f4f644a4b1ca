"""The coordinator's identity, unlocked to open sealed returns at Coordinator → Import.

A sealed return (``.prs``) opens only with the private key of someone it is
sealed for.  The coordinator chooses the folder of their signing identity
(remembered, the same folder the consolidated result is signed with) and
types its passphrase once: the page keeps the unlocked identity for as long
as the window is open, so the next import does not ask again.  The identity
must be the one that signed the panel's bundles; any other is refused before
the passphrase is asked.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from PySide6.QtWidgets import QDialog, QFileDialog, QFormLayout, QLabel, QVBoxLayout, QWidget

from review.identity import format_fingerprint
from ui import errors as ui_errors
from ui import paths
from ui.passphrase_dialog import error_label, ok_cancel, secret_field

IDENTITY_KEY = "coordinator/identity_dir"   # as ui.coordinator.publish: a folder, never case text


class UnlockDialog(QDialog):
    """The passphrase of the coordinator's identity, to open sealed exports."""

    def __init__(self, parent: QWidget | None, name: str, fingerprint: str, files: int,
                 error: str | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Open sealed exports")
        self.setAccessibleName("Open sealed exports")
        self.setMinimumWidth(500)
        layout = QVBoxLayout(self)
        they, them = ("they are", "them") if files != 1 else ("it is", "it")
        intro = QLabel(
            f"{files} of the files chosen {'are' if files != 1 else 'is'} sealed: only "
            f"<b>{escape(name)}</b>, the coordinator {they} sealed for, can open {them}. "
            "Enter the passphrase of your signing identity; it is asked once while Panel "
            "Review stays open, and nothing opened is written to disk.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        fp = QLabel(f"Certificate fingerprint: {format_fingerprint(fingerprint)}")
        fp.setObjectName("Muted")
        fp.setWordWrap(True)
        layout.addWidget(fp)
        self.error = error_label(error)
        layout.addWidget(self.error)
        form = QFormLayout()
        self.field = secret_field("Signing identity passphrase")
        form.addRow("&Passphrase:", self.field)
        layout.addLayout(form)
        buttons, self.ok = ok_cancel(self, "Open and import")
        layout.addWidget(buttons)
        self.field.textChanged.connect(lambda t: self.ok.setEnabled(bool(t)))
        self.ok.setEnabled(False)
        self.field.setFocus()


def ask_passphrase(parent: QWidget | None, name: str, fingerprint: str, files: int,
                   error: str | None = None) -> str | None:
    """The passphrase, or None when the coordinator cancels (tests replace this)."""
    dialog = UnlockDialog(parent, name, fingerprint, files, error)
    return dialog.field.text() if dialog.exec() == QDialog.DialogCode.Accepted else None


def choose_folder(parent: QWidget | None, start: str) -> str:
    return QFileDialog.getExistingDirectory(
        parent, "Choose the folder of your signing identity, to open the sealed exports", start)


def unlock_coordinator(parent: QWidget | None, coordinator_name: str,
                       coordinator_fingerprint: str, files: int):
    """The coordinator's identity, unlocked; None when cancelled or refused (said why)."""
    from review.errors import PanelReviewError, WrongPassphrase
    from review.identity import CERT_FILE, common_name, fingerprint_of, load_certificate, \
        load_identity
    s = paths.settings()
    remembered = str(s.value(IDENTITY_KEY, "") or "")
    start = remembered if remembered and Path(remembered).is_dir() else str(Path.home())
    name = choose_folder(parent, start)
    if not name:
        return None
    folder = Path(name)
    try:
        if not (folder / CERT_FILE).is_file():
            raise PanelReviewError(f"There is no signing identity in {folder}. Choose the "
                                   "folder of the identity that signed the panel's bundles.")
        cert = load_certificate(folder)
        wanted = (coordinator_fingerprint or "").lower()
        if fingerprint_of(cert) != wanted:
            raise PanelReviewError(
                f"The identity in {folder} ({common_name(cert)}, "
                f"{format_fingerprint(fingerprint_of(cert))[:19]}\u2026) did not sign the "
                f"panel's bundles ({coordinator_name}, {format_fingerprint(wanted)[:19]}\u2026). "
                "Sealed exports open with the identity of the coordinator who signed them.")
    except PanelReviewError as exc:
        ui_errors.show_error(parent, exc, doing="opening the sealed exports")
        return None
    error = None
    while True:
        passphrase = ask_passphrase(parent, common_name(cert), fingerprint_of(cert), files, error)
        if passphrase is None:
            return None
        try:
            identity = load_identity(folder, passphrase)
        except WrongPassphrase as exc:
            error = str(exc)  # ask again, saying why
            continue
        except PanelReviewError as exc:
            ui_errors.show_error(parent, exc, doing="opening the sealed exports")
            return None
        s.setValue(IDENTITY_KEY, str(folder))
        return identity

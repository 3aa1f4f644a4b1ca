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

from PySide6.QtWidgets import QDialog, QWidget

from review.identity import format_fingerprint
from ui.export.dialogs import IdentityPassphraseDialog

IDENTITY_KEY = "coordinator/identity_dir"   # a folder, never case text; publish signs with it too


class UnlockDialog(IdentityPassphraseDialog):
    """The passphrase of the coordinator's identity, to open sealed exports."""

    def __init__(self, parent: QWidget | None, name: str, fingerprint: str, files: int,
                 error: str | None = None) -> None:
        they, them = ("they are", "them") if files != 1 else ("it is", "it")
        super().__init__(
            parent, name, fingerprint, error, ok_text="Open and import", intro=(
                f"{files} of the files chosen {'are' if files != 1 else 'is'} sealed: only "
                f"<b>{escape(name)}</b>, the coordinator {they} sealed for, can open {them}. "
                "Enter the passphrase of your signing identity; it is asked once while Panel "
                "Review stays open, and nothing opened is written to disk."))
        self.setWindowTitle("Open sealed exports")
        self.setAccessibleName("Open sealed exports")
        self.setMinimumWidth(500)


def ask_passphrase(parent: QWidget | None, name: str, fingerprint: str, files: int,
                   error: str | None = None) -> str | None:
    """The passphrase, or None when the coordinator cancels (tests replace this)."""
    dialog = UnlockDialog(parent, name, fingerprint, files, error)
    return dialog.field.text() if dialog.exec() == QDialog.DialogCode.Accepted else None


def not_the_coordinator(coordinator_name: str, coordinator_fingerprint: str, then: str):
    """Why an identity that did not sign the panel's bundles is refused (``then`` says for
    what the coordinator's own is needed), or None for the coordinator's own."""
    from review.identity import common_name, fingerprint_of
    wanted = (coordinator_fingerprint or "").lower()

    def refuse(cert) -> str | None:
        if fingerprint_of(cert) == wanted:
            return None
        return (f"The identity chosen ({common_name(cert)}, "
                f"{format_fingerprint(fingerprint_of(cert))[:19]}\u2026) did not sign the "
                f"panel's bundles ({coordinator_name}, {format_fingerprint(wanted)[:19]}\u2026). "
                f"{then}")
    return refuse


def unlock_coordinator(parent: QWidget | None, coordinator_name: str,
                       coordinator_fingerprint: str, files: int):
    """The coordinator's identity, unlocked; None when cancelled."""
    from ui.identity_unlock import unlock
    return unlock(
        parent, key=IDENTITY_KEY,
        title="Choose the folder of your signing identity, to open the sealed exports",
        refuse=not_the_coordinator(coordinator_name, coordinator_fingerprint,
                                   "Sealed exports open with the identity of the coordinator "
                                   "who signed them."),
        ask=lambda name, fingerprint, error: ask_passphrase(parent, name, fingerprint, files,
                                                            error))

"""File → Change workspace passphrase / Change signing identity passphrase.

Both ask for the current passphrase and a new one twice, with the same live
checks as creating one (12 characters, not a common passphrase, the two
alike), then re-encrypt on the database thread behind the shared progress
dialog: the workspace by SQLCipher's rekey (the workspace stays open), the
identity by re-wrapping its key (same key, same fingerprint, so the roster
pin still holds).  A wrong current passphrase asks again and changes
nothing.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from PySide6.QtWidgets import QDialog, QFileDialog, QFormLayout, QLabel, QVBoxLayout, QWidget

from ui import paths
from ui.errors import show_error
from ui.passphrase_dialog import (error_label, hint_label, new_passphrase_problem, ok_cancel,
                                  repeat_problem, secret_field, set_hint)


class ChangePassphraseDialog(QDialog):
    def __init__(self, parent: QWidget | None, what: str, error: str | None = None) -> None:
        super().__init__(parent)
        from review.passphrases import MIN_PASSPHRASE
        self.min_length = MIN_PASSPHRASE
        self.setWindowTitle("Change the passphrase")
        self.setMinimumWidth(480)
        layout = QVBoxLayout(self)
        intro = QLabel(f"Change the passphrase of {escape(what)}. Choose a new one of at least "
                       f"{MIN_PASSPHRASE} characters; the old one stops working once it is "
                       "changed, and nobody can recover a forgotten one.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.error = error_label(error)
        layout.addWidget(self.error)
        form = QFormLayout()
        self.current = secret_field("Current passphrase")
        form.addRow("&Current passphrase:", self.current)
        self.first = secret_field("New passphrase")
        form.addRow("&New passphrase:", self.first)
        self.second = secret_field("Repeat the new passphrase")
        form.addRow("&Repeat it:", self.second)
        layout.addLayout(form)
        self.hint = hint_label()
        layout.addWidget(self.hint)
        buttons, self.ok = ok_cancel(self, "Change passphrase")
        layout.addWidget(buttons)
        for field in (self.current, self.first, self.second):
            field.textChanged.connect(self._check)
        self.current.setFocus()
        self._check()

    def _problem(self) -> tuple[str, str] | None:
        if not self.current.text():
            return "Type the current passphrase.", "muted"
        first = self.first.text()
        if first and first == self.current.text():
            return "The new passphrase is the current one; choose another.", "error"
        return new_passphrase_problem(first, self.min_length) or repeat_problem(
            first, self.second.text())

    def _check(self) -> None:
        found = self._problem()
        self.ok.setEnabled(found is None)
        set_hint(self.hint, *(found or ("The two new passphrases match.", "ok")))

    def answer(self) -> tuple[str, str]:
        return self.current.text(), self.first.text()


def ask_change(parent: QWidget | None, what: str,
               error: str | None = None) -> tuple[str, str] | None:
    """(current, new) passphrases, or None when cancelled; tests replace it."""
    dialog = ChangePassphraseDialog(parent, what, error)
    return dialog.answer() if dialog.exec() == QDialog.DialogCode.Accepted else None


def _run(window, what: str, change, done_message: str, error: str | None = None) -> None:
    """Ask, run ``change(ctx, current, new)`` on the database thread, ask again if the
    current passphrase was wrong."""
    from review.errors import WrongPassphrase
    from ui.progress import ProgressJob
    answer = ask_change(window, what, error)
    if answer is None:
        return
    current, new = answer

    def failed(exc: BaseException) -> None:
        window.passphrase_job = None
        if isinstance(exc, WrongPassphrase):
            _run(window, what, change, done_message, str(exc))
        else:
            show_error(window, exc)

    def done(_result) -> None:
        window.passphrase_job = None
        window.statusBar().showMessage(done_message, 8000)

    window.passphrase_job = ProgressJob(
        window, window.db, "Changing the passphrase", "Re-encrypting with the new passphrase\u2026",
        lambda ctx: change(ctx, current, new), done, failed, cancellable=False)


def change_workspace_passphrase(window) -> None:
    info = getattr(window, "info", None)
    if info is None:
        return
    name = Path(info.path).name

    def change(ctx, current: str, new: str) -> None:
        ctx.ws.change_passphrase(new, current=current)

    _run(window, f"the workspace {name}", change,
         f"The passphrase of {name} was changed; use the new one next time.")


def change_identity_passphrase(window) -> None:
    from review.errors import PanelReviewError
    from review.identity import common_name, load_certificate
    from review.inert import inert
    from ui.export.flow import IDENTITY_KEY
    remembered = str(paths.settings().value(IDENTITY_KEY, "") or "")
    start = remembered if remembered and Path(remembered).is_dir() else str(Path.home())
    name = QFileDialog.getExistingDirectory(window, "Choose the folder of your signing identity",
                                            start)
    if not name:
        return
    folder = Path(name)
    try:
        person = inert(common_name(load_certificate(folder)))
    except PanelReviewError as exc:
        show_error(window, exc)
        return

    def change(ctx, current: str, new: str) -> None:
        from review.identity import change_identity_passphrase as rewrap
        rewrap(folder, current, new)

    _run(window, f"the signing identity of {person}", change,
         f"The passphrase of {person}'s signing identity was changed; the fingerprint is the "
         "same.")

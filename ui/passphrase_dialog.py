"""Asking for the workspace passphrase: to open one, or to protect a new one.

Creating asks twice and checks the length live (``MIN_PASSPHRASE``); opening
shows the previous attempt's error above the field so the person can retry
without another dialog in between.  ``ask_new``/``ask_existing`` are the
entry points the window calls (tests replace them).
"""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit,
                               QPushButton, QVBoxLayout, QWidget)

from ui.theme import set_tone


# -- parts of every passphrase dialog (the workspace's here, the identity's in export_dialogs)
def error_label(error: str | None) -> QLabel:
    """The previous attempt's error, above the fields; hidden when there is none."""
    label = QLabel(error or "")
    label.setObjectName("FieldError")
    label.setWordWrap(True)
    label.setVisible(bool(error))
    return label


def secret_field(accessible_name: str) -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setAccessibleName(accessible_name)
    return field


def hint_label() -> QLabel:
    """Says, live, what still keeps OK disabled: muted while it only guides, in the
    theme's error colour when something typed is wrong (see ``set_hint``)."""
    label = QLabel()
    label.setObjectName("Hint")
    label.setWordWrap(True)
    return label


def set_hint(label: QLabel, text: str, tone: str = "muted") -> None:
    """``tone``: "muted" (what to do next), "error" (what is wrong), "ok" (all is well)."""
    label.setText(text)
    set_tone(label, "tone", tone)


def new_passphrase_problem(first: str, minimum: int) -> tuple[str, str] | None:
    """(hint, tone) while a new passphrase is too short or too common; None once it is not."""
    if len(first) < minimum:
        return (f"The passphrase needs at least {minimum} characters "
                f"({len(first)} so far)."), "muted"
    from review.passphrases import passphrase_problem  # light: no libraries
    problem = passphrase_problem(first)
    return (problem, "error") if problem else None


def repeat_problem(first: str, second: str) -> tuple[str, str] | None:
    """(hint, tone) while the repeated passphrase is not yet the first; None once it is.
    Still typing it (a start of the first) only guides; anything else is a mismatch."""
    if second == first:
        return None
    if first.startswith(second):
        return "Repeat the same passphrase in the second field.", "muted"
    return "The two passphrases differ. Repeat the same passphrase in the second field.", \
        "error"


def ok_cancel(dialog: QDialog, ok_text: str) -> tuple[QDialogButtonBox, QPushButton]:
    """OK (named ``ok_text``) and Cancel, wired to accept and reject ``dialog``."""
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                               | QDialogButtonBox.StandardButton.Cancel)
    ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
    ok.setText(ok_text)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons, ok



class PassphraseDialog(QDialog):
    def __init__(self, parent: QWidget | None, *, create: bool, target: str,
                 error: str | None = None) -> None:
        super().__init__(parent)
        self.create = create
        # Imported here, not at start-up: review.workspace.encrypted brings SQLCipher and
        # sqlite-utils (~0.15 s), which the window does not need before a workspace opens.
        from review.workspace.encrypted import MIN_PASSPHRASE
        self.min_length = MIN_PASSPHRASE
        self.setWindowTitle("Choose a passphrase" if create else "Unlock workspace")
        self.setMinimumWidth(460)
        layout = QVBoxLayout(self)
        if create:
            intro = (f"The workspace <b>{escape(target)}</b> is encrypted on this computer. Choose a "
                     f"passphrase of at least {self.min_length} characters; you will need it "
                     "each time you open the workspace. It cannot be recovered if lost.")
        else:
            intro = f"Enter the passphrase of the workspace <b>{escape(target)}</b>."
        text = QLabel(intro)
        text.setWordWrap(True)
        layout.addWidget(text)
        self.error = error_label(error)
        layout.addWidget(self.error)

        form = QFormLayout()
        self.first = secret_field("Passphrase")
        form.addRow("&Passphrase:", self.first)
        self.second = secret_field("Repeat the passphrase")
        if create:
            form.addRow("&Repeat it:", self.second)
        layout.addLayout(form)
        self.hint = hint_label()
        layout.addWidget(self.hint)

        self.buttons, self.ok = ok_cancel(self, "Create workspace" if create else "Open")
        layout.addWidget(self.buttons)
        self.first.textChanged.connect(self._check)
        self.second.textChanged.connect(self._check)
        self.first.setFocus()
        self._check()

    def problem(self) -> str | None:
        """Why OK is not yet possible, as a sentence; None when it is."""
        found = self._problem()
        return found[0] if found else None

    def _problem(self) -> tuple[str, str] | None:
        first, minimum = self.first.text(), self.min_length
        if not first:
            return ("Type the passphrase." if not self.create else
                    f"Type a passphrase of at least {minimum} characters."), "muted"
        if self.create:
            return new_passphrase_problem(first, minimum) or repeat_problem(
                first, self.second.text())
        return None

    def _check(self) -> None:
        found = self._problem()
        self.ok.setEnabled(found is None)
        if found is None:
            set_hint(self.hint, "The two passphrases match." if self.create else "", "ok")
        else:
            set_hint(self.hint, *found)

    def passphrase(self) -> str:
        return self.first.text()


def ask_new(parent: QWidget | None, target: str) -> str | None:
    """A new passphrase (asked twice), or None if the person cancelled."""
    dialog = PassphraseDialog(parent, create=True, target=target)
    return dialog.passphrase() if dialog.exec() == QDialog.DialogCode.Accepted else None


def ask_existing(parent: QWidget | None, target: str, error: str | None = None) -> str | None:
    dialog = PassphraseDialog(parent, create=False, target=target, error=error)
    return dialog.passphrase() if dialog.exec() == QDialog.DialogCode.Accepted else None

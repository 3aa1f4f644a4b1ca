"""Recusal: the person declares a conflict of interest and gives its reason.

The reason must be a real sentence (the same rule the domain core applies
when it records the recusal).  The dialog stays quiet until there is
something to say: no error before the person has typed, only once they try
to recuse with an empty or too short reason, or clear what they had typed.
While they type, the line says in muted words what is still missing.
"""

from __future__ import annotations

from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QVBoxLayout,
                               QWidget)

from review.decisions import is_real_sentence
from ui.passphrase_dialog import hint_label, set_hint

NEEDS_SENTENCE = "Write at least one full sentence about the conflict."


class RecuseDialog(QDialog):
    def __init__(self, parent: QWidget | None, case_id: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Recuse from case {case_id}")
        self.setMinimumWidth(480)
        layout = QVBoxLayout(self)
        intro = QLabel(f"Recusing records that you will not decide case <b>{case_id}</b> "
                       "because of a conflict of interest. The coordinator will assign it to "
                       "another member. Say what the conflict is, in at least one full sentence.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.reason = QPlainTextEdit()
        self.reason.setAccessibleName("Reason for recusal")
        self.reason.setTabChangesFocus(True)
        self.reason.setMinimumHeight(90)
        layout.addWidget(self.reason)
        self.hint = hint_label()
        layout.addWidget(self.hint)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText("Recuse")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._typed = False
        self.reason.textChanged.connect(self._check)
        self.reason.setFocus()

    def valid(self) -> bool:
        return is_real_sentence(self.reason.toPlainText())

    def _check(self) -> None:
        text = self.reason.toPlainText()
        if text.strip():
            self._typed = True
        if self.valid():
            set_hint(self.hint, "")
        elif not self._typed:
            set_hint(self.hint, "")            # nothing typed yet: nothing to complain about
        elif not text.strip():
            set_hint(self.hint, NEEDS_SENTENCE, "error")  # typed, then cleared
        else:
            set_hint(self.hint, NEEDS_SENTENCE, "muted")  # still typing

    def accept(self) -> None:
        if not self.valid():  # tried to recuse without a reason: now say so, as an error
            self._typed = True
            set_hint(self.hint, NEEDS_SENTENCE, "error")
            self.reason.setFocus()
            return
        super().accept()


def ask_reason(parent: QWidget | None, case_id: str) -> str | None:
    dialog = RecuseDialog(parent, case_id)
    if dialog.exec() == QDialog.DialogCode.Accepted:
        return dialog.reason.toPlainText().strip()
    return None

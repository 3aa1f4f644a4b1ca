"""Recusal: the person declares a conflict of interest and gives its reason.

The reason must be a real sentence (the same rule the domain core applies
when it records the recusal), checked live so OK is only offered when the
recusal will be accepted.
"""

from __future__ import annotations

from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QVBoxLayout,
                               QWidget)

from review.decisions import is_real_sentence


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
        self.hint = QLabel()
        self.hint.setObjectName("FieldError")
        self.hint.setWordWrap(True)
        layout.addWidget(self.hint)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText("Recuse")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.reason.textChanged.connect(self._check)
        self._check()

    def _check(self) -> None:
        ok = is_real_sentence(self.reason.toPlainText())
        self.ok.setEnabled(ok)
        self.hint.setText("" if ok else "Write at least one full sentence about the conflict.")


def ask_reason(parent: QWidget | None, case_id: str) -> str | None:
    dialog = RecuseDialog(parent, case_id)
    if dialog.exec() == QDialog.DialogCode.Accepted:
        return dialog.reason.toPlainText().strip()
    return None

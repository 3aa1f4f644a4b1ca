"""The coordinator's adjudicated decision: the member's decision form, re-worded.

It reuses ``ui.member.decision_form.DecisionForm`` (same fields, same options per
regime, same per-field messages from ``final_errors``) but nothing is saved
as the coordinator types: an adjudication is recorded in one step with
"Record adjudicated decision", and every recorded version stays in the
history.  A recorded adjudication is read-only until "Revise" is pressed.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QGroupBox, QHBoxLayout, QLabel, QPushButton, QWidget

from ui.member.decision_form import DecisionForm


class AdjudicationForm(DecisionForm):
    record_requested = Signal()
    revise_requested = Signal()

    def __init__(self, parent=None) -> None:
        self.status = "awaiting"
        super().__init__(parent)
        for label in self.findChildren(QLabel, "CaseTitle"):
            label.setText("Adjudicated decision")
        self.saved_state.setText("")
        for box in self.findChildren(QGroupBox):
            box.setTitle(box.title().replace(" (required to finalise)", " (required)"))
        self.rationale.setPlaceholderText("Explain the panel\u2019s final decision and how the "
                                          "reviewers\u2019 differences were resolved.")
        for b in (self.finalise_next_button, self.finalise_button, self.reopen_button,
                  self.recuse_button):
            b.hide()
            b.setEnabled(False)
        # One column of boxes: the form stands beside the reviews, in half the width.
        self.action_pages.columns = 1
        concerns = next(iter(self.concern_boxes.values())).parentWidget().layout()
        for i, check in enumerate(self.concern_boxes.values()):
            concerns.removeWidget(check)
            concerns.addWidget(check, i, 0)
        row = QHBoxLayout()
        self.record_button = QPushButton("Record adjudicated decision")
        self.record_button.setObjectName("Primary")
        self.record_button.setAccessibleName("Record adjudicated decision")
        self.record_button.setToolTip("Check the decision and record it as the panel's final "
                                      "decision on this case; the history keeps every version.")
        self.record_button.clicked.connect(self.record_requested)
        self.revise_button = QPushButton("Revise adjudication")
        self.revise_button.setAccessibleName("Revise adjudication")
        self.revise_button.setToolTip("Change the recorded adjudication; the version recorded "
                                      "now stays in the history.")
        self.revise_button.clicked.connect(self.revise_requested)
        row.addWidget(self.record_button)
        row.addWidget(self.revise_button)
        row.addStretch(1)
        self.footer.layout().addLayout(row)
        self.revise_button.hide()

    def set_locked(self, d) -> None:
        super().set_locked(d)
        for b in (self.finalise_next_button, self.finalise_button, self.reopen_button,
                  self.recuse_button):
            b.hide()
        if not hasattr(self, "record_button"):
            return  # during DecisionForm.__init__
        self.record_button.setVisible(not self.locked)
        self.revise_button.setVisible(self.locked)
        if self.locked:
            self.set_banner("adjudicated", "<b>Adjudicated.</b> This is the panel\u2019s final "
                            "decision on the case. Revise it to record a new version; the "
                            "history keeps both.")
        elif self.status == "adjudicated":
            self.set_banner("draft", "<b>Revising the adjudication.</b> Record it to save a new "
                                     "version; the history keeps the earlier one.")
        elif self.status == "agreed":
            self.set_banner("final", "<b>The reviewers agree:</b> their shared decision stands "
                                     "as the panel\u2019s decision. Record an adjudication only "
                                     "to override it.")
        else:
            self.set_banner("draft", "<b>Not recorded yet.</b> Complete every field, then record "
                                     "the adjudicated decision. Nothing is saved until you do.")

    def refresh(self, force: bool = False) -> None:
        super().refresh(force)
        text = self.summary.text()
        self.summary.setText(text.replace("before finalising", "before recording")
                             .replace("ready to finalise", "ready to record"))
        # the form speaks of the panel's adjudication, not of "you" the reviewer
        self.agreement.setText(self.agreement.text()
                               .replace("You agree with", "The adjudication agrees with")
                               .replace("You differ from", "The adjudication differs from"))

    def show_blind(self) -> None:
        """A blind case cannot be adjudicated: the form stays empty and disabled."""
        self.status = "awaiting"
        self.setEnabled(False)
        self.set_banner("muted", "This case can be adjudicated once every assigned reviewer "
                                 "has finalised.")
        self.record_button.hide()
        self.revise_button.hide()
        self.summary.setText("")
        for label in self.errors.values():
            label.hide()

    def load_case(self, case, saved, status: str) -> None:
        self.status = status
        self.load(case, saved)
        self.saved_state.setText(f"Version {saved.version}" if saved else "")
        if saved is None:
            self.touched = set()
            self.refresh()


class StartFrom(QWidget):
    """"Start from this reviewer's answer": a reviewer to choose and the button that copies
    their decision into the adjudication form (the coordinator then edits and records it)."""

    chosen = Signal(str)  # a reviewer id

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.reviewer = QComboBox()
        self.reviewer.setAccessibleName("Reviewer whose answer to start from")
        self.reviewer.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.reviewer.setMinimumContentsLength(12)
        self.button = QPushButton("Start from this reviewer\u2019s answer")
        self.button.setAccessibleName("Start from this reviewer's answer")
        self.button.setToolTip("Fill the adjudication form with this reviewer's category, "
                               "actions, severity, concerns, confidence and rationale; change "
                               "what you need, then record it. Nothing is recorded until you do.")
        self.button.clicked.connect(self._clicked)
        row.addWidget(self.reviewer, 1)
        row.addWidget(self.button)

    def set_reviews(self, reviews: dict, names: dict[str, str], open_: bool) -> None:
        """Offer each reviewer who decided (not recused); ``open_`` when the form takes input."""
        self.reviewer.clear()
        for rid in sorted(reviews):
            d = reviews[rid]
            if d is not None and not d.recused and d.status == "final":
                self.reviewer.addItem(f"{names.get(rid, rid)} ({rid})", rid)
        self.setVisible(self.reviewer.count() > 0)
        self.set_open(open_)

    def set_open(self, open_: bool) -> None:
        self.reviewer.setEnabled(open_)
        self.button.setEnabled(open_ and self.reviewer.count() > 0)

    def _clicked(self) -> None:
        rid = self.reviewer.currentData()
        if rid:
            self.chosen.emit(rid)

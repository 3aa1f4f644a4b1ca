"""The decision form: every field of a panel member's decision on one case.

The form only shows and collects; saving is the controller's job.  Options
follow the case's regime and subject role (``actions_for``), and each field has
its own message line fed by ``final_errors`` as the person works, so what
still stops finalising is visible beside the field concerned.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QButtonGroup, QCheckBox, QGridLayout, QGroupBox, QHBoxLayout,
                               QLabel, QPlainTextEdit, QPushButton, QRadioButton, QScrollArea,
                               QVBoxLayout, QWidget)

from review.cases import CATEGORIES, REGIMES
from review.decisions import CONCERNS, CONFIDENCE, SEVERITIES, Decision, actions_for, final_errors
from ui import theme
from ui.member.action_pages import ActionPages
from ui.member.form_inputs import ArrowChooses, InputLock

FIELDS = ("category", "actions", "severity", "concerns", "rationale", "confidence")


class DecisionForm(QWidget):
    edited = Signal(bool)            # True: save at once; False: typing, save after a pause
    finalise_requested = Signal(bool)  # True: then go to the next undecided case
    reopen_requested = Signal()
    recuse_requested = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.regime, self.role = "2020", "officer"
        # Saved actions the case is not offered under its regime (recorded under
        # an earlier rule): allowed to stay in a draft, see shape_errors.
        self.kept: tuple[str, ...] = ()
        self.met_category: str | None = None
        self.locked = False
        self._lock = InputLock()
        self.touched: set[str] = set()
        self._loading = False
        self.errors: dict[str, QLabel] = {}
        outer = QVBoxLayout(self)
        outer.setContentsMargins(8, 8, 8, 8)

        head = QHBoxLayout()
        title = QLabel("Your decision")
        title.setObjectName("CaseTitle")
        head.addWidget(title)
        head.addStretch(1)
        self.saved_state = QLabel("No case open")
        self.saved_state.setObjectName("SavedState")
        self.saved_state.setAccessibleName("Save state")
        head.addWidget(self.saved_state)
        outer.addLayout(head)
        self.banner = QLabel()
        self.banner.setObjectName("DecisionBanner")  # coloured by its "tone" (theme)
        self.banner.setWordWrap(True)
        self.banner.setAccessibleName("Decision state")
        outer.addWidget(self.banner)

        # -- category ------------------------------------------------------------
        box = QGroupBox("Panel category")
        grid = QGridLayout(box)
        self.category_group = QButtonGroup(self)
        self.category_buttons: dict[str, QRadioButton] = {}
        for i, (code, label) in enumerate(CATEGORIES.items()):
            button = QRadioButton(f"&{i + 1}  {label}")
            button.setToolTip(f"Ctrl+{i + 1}")
            button.setAccessibleName(f"Panel category: {label}")
            self.category_group.addButton(button, i)
            self.category_buttons[code] = button
            grid.addWidget(button, i, 0)
        grid.setVerticalSpacing(2)
        self.agreement = QLabel()
        self.agreement.setAccessibleName("Agreement with the Met")
        self.agreement.setWordWrap(True)
        grid.addWidget(self.agreement, 0, 1, 3, 1, Qt.AlignmentFlag.AlignTop)
        grid.setColumnStretch(1, 1)
        grid.addWidget(self._field_error("category"), 3, 0, 1, 2)
        self.category_group.idClicked.connect(lambda _: self._changed("category", True))
        ArrowChooses(self.category_group)
        outer.addWidget(box)

        # -- actions (one set of boxes per action list, made when first needed) and severity --
        self.actions_box = QGroupBox("Recommended actions")
        box_layout = QVBoxLayout(self.actions_box)
        self.regime_line = QLabel()  # which regime or procedure applies, and why
        self.regime_line.setObjectName("Muted")
        self.regime_line.setWordWrap(True)
        self.regime_line.setAccessibleName("Regime")
        box_layout.addWidget(self.regime_line)
        # Made after the rest of the form, the boxes would come last in Tab order (after
        # the guidance): they come where they are seen, after the category.
        self.action_pages = ActionPages(tab_after=list(self.category_buttons.values())[-1])
        self.action_pages.toggled.connect(lambda: self._changed("actions", True))
        box_layout.addWidget(self.action_pages)
        outer.addWidget(self.actions_box)
        sev = QHBoxLayout()
        self.severity_label = QLabel("Misconduct proceedings for:")
        sev.addWidget(self.severity_label)
        self.severity_group = QButtonGroup(self)
        self.severity_buttons: dict[str, QRadioButton] = {}
        for i, (code, label) in enumerate(SEVERITIES.items()):
            button = QRadioButton(label)
            button.setAccessibleName(f"Severity: {label}")
            self.severity_group.addButton(button, i)
            self.severity_buttons[code] = button
            sev.addWidget(button)
        sev.addStretch(1)
        self.severity_group.idClicked.connect(lambda _: self._changed("severity", True))
        ArrowChooses(self.severity_group)
        box_layout.addLayout(sev)
        box_layout.addWidget(self._field_error("actions"))
        box_layout.addWidget(self._field_error("severity"))

        # -- concerns ---------------------------------------------------------------
        box = QGroupBox("Concerns raised")
        grid = QGridLayout(box)
        self.concern_boxes: dict[str, QCheckBox] = {}
        for i, (code, label) in enumerate(CONCERNS.items()):
            check = QCheckBox(label)
            check.setAccessibleName(f"Concern: {label}")
            check.toggled.connect(lambda _=False: self._changed("concerns", True))
            self.concern_boxes[code] = check
            grid.addWidget(check, i // 2, i % 2)
        outer.addWidget(box)

        # -- rationale and confidence ---------------------------------------------------
        box = QGroupBox("Rationale (required to finalise)")
        v = QVBoxLayout(box)
        self.rationale = QPlainTextEdit()
        self.rationale.setAccessibleName("Rationale")
        self.rationale.setPlaceholderText("Explain the decision, including a decision not to act "
                                          "(Ctrl+E to come here).")
        self.rationale.setTabChangesFocus(True)
        self.rationale.setMinimumHeight(96)
        self.rationale.textChanged.connect(lambda: self._changed("rationale", False))
        v.addWidget(self.rationale)
        v.addWidget(self._field_error("rationale"))
        conf = QHBoxLayout()
        conf.addWidget(QLabel("Confidence:"))
        self.confidence_group = QButtonGroup(self)
        self.confidence_buttons: dict[str, QRadioButton] = {}
        for i, (code, label) in enumerate(CONFIDENCE.items()):
            button = QRadioButton(label)
            button.setAccessibleName(f"Confidence: {label}")
            self.confidence_group.addButton(button, i)
            self.confidence_buttons[code] = button
            conf.addWidget(button)
        conf.addStretch(1)
        self.confidence_group.idClicked.connect(lambda _: self._changed("confidence", True))
        ArrowChooses(self.confidence_group)
        v.addLayout(conf)
        v.addWidget(self._field_error("confidence"))
        outer.addWidget(box, 1)

        # -- finishing -------------------------------------------------------------------
        # The footer (what is left to do, and the buttons) is placed by the
        # page below the scrolling fields, so the buttons are always in view.
        self.footer = QWidget()
        foot = QVBoxLayout(self.footer)
        foot.setContentsMargins(8, 4, 8, 6)
        self.summary = QLabel()
        self.summary.setObjectName("Muted")
        self.summary.setWordWrap(True)
        foot.addWidget(self.summary)
        buttons = QHBoxLayout()
        for name, text, tip, slot in (
                ("finalise_next_button", "Finalise && next", "Finalise, then open the next "
                 "undecided case (Ctrl+Return)", lambda: self.finalise_requested.emit(True)),
                ("finalise_button", "Finalise", "Ctrl+Shift+Return",
                 lambda: self.finalise_requested.emit(False)),
                ("reopen_button", "Reopen", "Make the final decision a draft again; the "
                 "history keeps both (Ctrl+Shift+R)", self.reopen_requested),
                ("recuse_button", "Recuse\u2026", "Declare a conflict of interest and step "
                 "aside from this case", self.recuse_requested)):
            b = QPushButton(text)
            b.setToolTip(tip)
            b.clicked.connect(slot)
            b.setAccessibleName(text.replace("&&", "and").rstrip("\u2026"))
            buttons.addWidget(b)
            setattr(self, name, b)
        self.finalise_next_button.setObjectName("Primary")
        buttons.addStretch(1)
        foot.addLayout(buttons)
        self.setEnabled(False)

    def _field_error(self, name: str) -> QLabel:
        label = self.errors[name] = QLabel(objectName="FieldError", wordWrap=True)
        label.setAccessibleName(f"Problem with {name}")
        label.hide()
        return label

    # -- loading a case ---------------------------------------------------------------
    @property
    def action_boxes(self) -> dict[str, QCheckBox]:
        """The action boxes of the case on screen, code → box."""
        return self.action_pages.boxes

    def _build_actions(self, case, saved_actions: tuple[str, ...]) -> bool:
        """Show the case's regime, why it applies, and its action boxes (plus a box for
        each saved action it is no longer offered); True if the boxes were made."""
        self.actions_box.setTitle(f"Recommended actions \u2014 {REGIMES[case.regime]}")
        self.regime_line.setText(case.regime_line)
        offered = actions_for(case.regime, case.subject_role)
        self.kept = tuple(a for a in saved_actions if a not in offered)
        # No severity under the 2004 Regulations: gross misconduct came in 2008.
        proceedings = "misconduct_proceedings" in offered
        for w in (self.severity_label, *self.severity_buttons.values()):
            w.setVisible(proceedings)
        return self.action_pages.show_actions(offered, self.kept)

    def setEnabled(self, enabled: bool) -> None:  # the footer lives outside the form
        super().setEnabled(enabled)
        self.footer.setEnabled(enabled)

    def load(self, case, saved) -> bool:
        """Show ``saved`` (a SavedDecision or None) for ``case``; emits nothing.

        Returns True when the action boxes were made anew (the form's width
        may then have changed).
        """
        self._loading = True
        try:
            self.setEnabled(True)
            self.regime, self.role = case.regime, case.subject_role
            self.met_category = case.met_category
            d = saved.decision if saved else Decision()
            rebuilt = self._build_actions(case, d.actions)
            self._set_checked_group(self.category_group, self.category_buttons, d.category)
            self._set_checked(self.action_boxes, d.actions)
            self._set_checked_group(self.severity_group, self.severity_buttons, d.severity)
            self._set_checked(self.concern_boxes, d.concerns)
            if self.rationale.toPlainText() != d.rationale:
                self.rationale.setPlainText(d.rationale)
            self._set_checked_group(self.confidence_group, self.confidence_buttons, d.confidence)
            # A draft someone already worked on shows all its open points.
            self.touched = set(FIELDS) if saved and d.status == "draft" else set()
            self.set_locked(saved.decision if saved else None)
        finally:
            self._loading = False
        self.refresh()
        return rebuilt

    @staticmethod
    def _set_checked(boxes: dict[str, QCheckBox], codes) -> None:
        """Tick exactly ``codes``; a loaded case is not an edit, so no signals."""
        for code, check in boxes.items():
            check.blockSignals(True)
            check.setChecked(code in codes)
            check.blockSignals(False)

    @staticmethod
    def _set_checked_group(group: QButtonGroup, buttons: dict, code: str | None) -> None:
        group.setExclusive(False)  # so that "nothing chosen" can be shown
        for c, b in buttons.items():
            b.blockSignals(True)
            b.setChecked(c == code)
            b.blockSignals(False)
        group.setExclusive(True)

    def set_locked(self, d: Decision | None) -> None:
        """A final or recused decision is read-only until it is reopened.

        ``d`` None: nothing was saved on the case yet, and the banner says so
        rather than calling it a draft.
        """
        self.locked = bool(d and (d.status == "final" or d.recused))
        if self._lock.apply(list(self._inputs()), self.rationale, self.locked) \
                and not self.locked:
            self.action_pages.order_tabs()
        self.finalise_button.setVisible(not self.locked)
        self.finalise_next_button.setVisible(not self.locked)
        self.recuse_button.setVisible(not self.locked)
        self.reopen_button.setVisible(self.locked)
        if d is not None and d.recused:
            self.reopen_button.setText("Withdraw recusal")
            self.set_banner("recused", f"<b>Recused.</b> Reason: {html.escape(d.recusal_reason)}")
        elif d is not None and d.status == "final":
            self.reopen_button.setText("Reopen")
            self.set_banner("final", "<b>Final \u2014 reopen (Ctrl+Shift+R) to change.</b> "
                                     "The history keeps both versions.")
        elif d is None:
            self.set_banner("not_started", "<b>No decision yet.</b> Every change is saved as "
                                           "you make it; finalise when the decision is "
                                           "complete.")
        else:
            self._draft_banner()

    def _draft_banner(self) -> None:
        self.set_banner("draft", "<b>Draft.</b> Every change is saved as you make it; "
                                 "finalise when the decision is complete.")

    def set_banner(self, tone: str, text: str) -> None:
        """The state line under the title; ``tone`` is a key of ``theme.BANNER_TONES``."""
        self.banner.setText(text)
        theme.set_tone(self.banner, "tone", tone)

    def _inputs(self):
        yield from self.category_buttons.values()
        yield from self.action_boxes.values()
        yield from self.severity_buttons.values()
        yield from self.concern_boxes.values()
        yield from self.confidence_buttons.values()

    # -- reading the form ---------------------------------------------------------------
    def decision(self) -> Decision:
        def chosen(buttons: dict) -> str | None:
            return next((c for c, b in buttons.items() if b.isChecked()), None)
        actions = tuple(c for c, b in self.action_boxes.items() if b.isChecked())
        severity = chosen(self.severity_buttons) if "misconduct_proceedings" in actions else None
        return Decision(category=chosen(self.category_buttons), actions=actions,
                        severity=severity,
                        concerns=tuple(c for c, b in self.concern_boxes.items() if b.isChecked()),
                        rationale=self.rationale.toPlainText(),
                        confidence=chosen(self.confidence_buttons))

    def set_category(self, code: str) -> bool:
        if self.locked or not self.isEnabled():
            return False
        self.category_buttons[code].setChecked(True)
        self._changed("category", True)
        return True

    def set_confidence(self, code: str) -> bool:
        if self.locked or not self.isEnabled():
            return False
        self.confidence_buttons[code].setChecked(True)
        self._changed("confidence", True)
        return True

    def _changed(self, field: str, immediate: bool) -> None:
        if self._loading or self.locked:
            return
        self.touched.add(field)
        if self.banner.property("tone") == "not_started":
            self._draft_banner()  # the first change makes (and saves) a draft
        if field == "actions":
            self.touched.add("severity")
            # An earlier-rule action, once unticked, is gone: the case is not offered it.
            self.kept = tuple(a for a in self.kept if self.action_boxes[a].isChecked())
        self.refresh()
        self.edited.emit(immediate)

    # -- live validation -----------------------------------------------------------------
    def final_problems(self) -> dict[str, str]:
        return final_errors(self.decision(), self.regime, self.role, self.kept)

    def refresh(self, force: bool = False) -> None:
        """Per-field messages for the fields touched so far (all when ``force``)."""
        if force:
            self.touched = set(FIELDS)
        proceedings = "misconduct_proceedings" in self.action_boxes and \
            self.action_boxes["misconduct_proceedings"].isChecked()
        for b in self.severity_buttons.values():
            b.setEnabled(proceedings)
        self.severity_label.setEnabled(proceedings)
        d = self.decision()
        agrees = d.agrees_with(self.met_category) if self.met_category else None
        # Only once a category is chosen: under the anchoring guard, the Met's first showing.
        self.agreement.setText("" if agrees is None else
                               "\u2713 You agree with the Met\u2019s category" if agrees else
                               "\u2260 You differ from the Met: they chose "
                               f"{CATEGORIES[self.met_category]}")
        problems = {} if self.locked else final_errors(d, self.regime, self.role, self.kept)
        for name, label in self.errors.items():
            text = problems.get(name) if name in self.touched else None
            label.setText(text or "")
            label.setVisible(bool(text))
        if self.locked:
            self.summary.setText("")
        elif problems:
            n = len(problems)
            self.summary.setText(f"{n} thing{'s' if n != 1 else ''} to complete before "
                                 "finalising.")
        else:
            self.summary.setText("Complete: ready to finalise.")

    def point_out_problems(self) -> str | None:
        """Mark every field that keeps the decision from being final, and scroll to and
        focus the first; a sentence saying how many (None when there are none)."""
        problems = self.final_problems()
        if not problems:
            return None
        self.refresh(force=True)
        name = next((n for n in FIELDS if n in problems), None)
        widget = None if name is None else {
            "category": self.category_buttons["no_formal_action"],
            "rationale": self.rationale,
            "confidence": self.confidence_buttons["medium"],
            "severity": self.severity_buttons["misconduct"],
        }.get(name) or next(iter(self.action_boxes.values()), None)
        if widget is not None:
            widget.setFocus()
            parent = self.parentWidget()  # the scroll area the form is in, if any
            while parent is not None and not isinstance(parent, QScrollArea):
                parent = parent.parentWidget()
            if parent is not None:
                parent.ensureWidgetVisible(widget, 40, 40)
        n = len(problems)
        return (f"{n} field{'s' if n != 1 else ''} still need{'' if n != 1 else 's'} "
                "attention (marked in the form).")

    # -- the saved indicator ----------------------------------------------------------------
    def set_save_state(self, state: str, text: str) -> None:
        """``state``: saved / pending / failed / none: the label's colour follows it."""
        self.saved_state.setText(text)
        theme.set_tone(self.saved_state, "state", state)

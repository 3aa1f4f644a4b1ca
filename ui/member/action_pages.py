"""The decision form's action boxes: one page of check boxes per list of actions.

Which actions a case is offered depends on its regime and its subject's role
(``review.decisions.actions_for``).  A decision saved before the regime
followed the law may hold an action the case is no longer offered; it gets a
box of its own, ticked and marked "recorded under the earlier rule", so that
nothing saved disappears from view and the member can untick it.
"""

from __future__ import annotations

import re

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QGridLayout, QStackedWidget, QWidget

from review.decisions import ACTIONS
from ui.member.form_inputs import tab_after

EARLIER_RULE = "recorded under the earlier rule"
# "Misconduct hearing (2004 Regulations)": the box title names the regime already.
_REGIME_SUFFIX = re.compile(r" \((?:\d{4} )?[Rr]egulations\)$")


class ActionPages(QStackedWidget):
    toggled = Signal()
    columns = 2  # the coordinator's narrower form, beside the reviews, sets 1

    def __init__(self, parent=None, *, tab_after: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tab_after = tab_after     # the boxes follow it in Tab order
        self.boxes: dict[str, QCheckBox] = {}
        # the boxes of each action list seen so far, and the page that holds them
        self._sets: dict[tuple, tuple[QWidget, dict[str, QCheckBox]]] = {}

    def show_actions(self, offered: dict[str, str], earlier: tuple[str, ...] = ()) -> bool:
        """Show the boxes for ``offered`` plus ``earlier`` (codes saved but no longer
        offered); True if they had to be made.

        Each list gets its boxes once and keeps them: consecutive cases mostly
        share a list, and making boxes cost more than the rest of a case
        switch put together.
        """
        key = (tuple(offered.items()), earlier)
        made = key not in self._sets
        if made:
            self._sets[key] = self._make_page(key[0], earlier)
        page, self.boxes = self._sets[key]
        if page is not self.currentWidget() or made:
            self.setCurrentWidget(page)
            self.order_tabs()
        return made

    def order_tabs(self) -> None:
        """Put the boxes on show right after the category in Tab order.

        Each time a page comes to the front, not only when made (a page made later took
        that place), and again when the form is unlocked: Qt leaves the order alone while
        either widget takes no focus, as a locked form's inputs do.
        """
        if self._tab_after is not None:
            tab_after(self._tab_after, self.boxes.values())

    def _make_page(self, items: tuple, earlier: tuple[str, ...]) -> tuple[QWidget, dict]:
        page = QWidget()
        grid = QGridLayout(page)
        grid.setContentsMargins(0, 0, 0, 0)
        boxes: dict[str, QCheckBox] = {}
        for i, (code, label) in enumerate(items):
            check = QCheckBox(_REGIME_SUFFIX.sub("", label))
            check.setToolTip(label)
            check.setAccessibleName(f"Action: {label}")
            boxes[code] = check
            grid.addWidget(check, i // self.columns, i % self.columns)
        for j, code in enumerate(earlier):
            label = ACTIONS[code][0] if code in ACTIONS else code
            check = QCheckBox(f"{label} \u2014 {EARLIER_RULE}")
            check.setObjectName("EarlierRuleAction")
            check.setToolTip("Saved when the regime went by the conduct date; this case is "
                             "not offered it now. It stays as saved until you untick it; "
                             "finalising asks you to.")
            check.setAccessibleName(f"Action {EARLIER_RULE}: {label}")
            boxes[code] = check
            grid.addWidget(check, -(-len(items) // self.columns) + j, 0, 1, self.columns)
        for check in boxes.values():
            check.toggled.connect(lambda _=False: self.toggled.emit())
        self.addWidget(page)
        return page, boxes

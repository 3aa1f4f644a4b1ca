"""Arrow keys that choose, not only move, within a group of radio buttons.

Qt moves the focus between auto-exclusive radio buttons on an arrow key but
chooses the next one only when the one left was already checked, so on a
case with no category yet Down merely wandered.  Here an arrow always
chooses the neighbour in the group's order (wrapping), as a click would:
the form sees the change and saves it.

Each button gets widget-context shortcuts for the four arrows, matched by Qt
itself, rather than a Python event filter: a filter is called for every
paint and palette event of every button, dozens per case switch.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QAbstractButton, QButtonGroup

_STEPS = {Qt.Key.Key_Down: 1, Qt.Key.Key_Right: 1, Qt.Key.Key_Up: -1, Qt.Key.Key_Left: -1}


class ArrowChooses(QObject):
    """Made for ``group`` (and parented to it)."""

    def __init__(self, group: QButtonGroup) -> None:
        super().__init__(group)
        self.group = group
        for button in group.buttons():
            for key, step in _STEPS.items():
                shortcut = QShortcut(QKeySequence(key), button)
                shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
                shortcut.setAutoRepeat(True)
                shortcut.activated.connect(lambda b=button, s=step: self.choose(b, s))

    def choose(self, current: QAbstractButton, step: int) -> None:
        buttons = [b for b in self.group.buttons() if b.isEnabled() and b.isVisible()]
        if current not in buttons:
            return
        target = buttons[(buttons.index(current) + step) % len(buttons)]
        target.setFocus(Qt.FocusReason.TabFocusReason)
        if not target.isChecked():
            target.click()  # emits idClicked: the form records and saves the choice

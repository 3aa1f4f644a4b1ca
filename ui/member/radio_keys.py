"""Arrow keys that choose, not only move, within a group of radio buttons.

Qt moves the focus between auto-exclusive radio buttons on an arrow key but
chooses the next one only when the one left was already checked, so on a
case with no category yet Down merely wandered.  Here an arrow always
chooses the neighbour in the group's order (wrapping), as a click would:
the form sees the change and saves it.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QButtonGroup

_FORWARD = {Qt.Key.Key_Down, Qt.Key.Key_Right}
_BACK = {Qt.Key.Key_Up, Qt.Key.Key_Left}


class ArrowChooses(QObject):
    """Installed on every button of ``group`` (and parented to it)."""

    def __init__(self, group: QButtonGroup) -> None:
        super().__init__(group)
        self.group = group
        for button in group.buttons():
            button.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:
        if event.type() != QEvent.Type.KeyPress:
            return False
        if event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            return False  # Ctrl+Down and the like are the window's shortcuts
        key = event.key()
        if key not in _FORWARD and key not in _BACK:
            return False
        buttons = [b for b in self.group.buttons() if b.isEnabled() and b.isVisible()]
        if watched not in buttons or not watched.hasFocus():
            return False
        step = 1 if key in _FORWARD else -1
        target = buttons[(buttons.index(watched) + step) % len(buttons)]
        target.setFocus(Qt.FocusReason.TabFocusReason)
        if not target.isChecked():
            target.click()  # emits idClicked: the form records and saves the choice
        return True

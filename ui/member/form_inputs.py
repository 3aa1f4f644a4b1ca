"""How the decision form's inputs take the keyboard, and how they look when locked.

Arrow keys choose within a group of options: Qt moves the focus between
auto-exclusive radio buttons on an arrow key but chooses the next one only
when the one left was already checked, so on a case with no category yet
Down merely wandered.  Here an arrow always chooses the neighbour in the
group's order (wrapping), as a click would, so the form sees the change and
saves it.  Each button gets widget-context shortcuts for the four arrows,
matched by Qt itself, rather than a Python event filter: a filter is called
for every paint and palette event of every button, dozens per case switch.

A final or recused decision is read-only until it is reopened, and looks
it: its inputs stop taking clicks and keys and are greyed.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QColor, QKeySequence, QPalette, QShortcut
from PySide6.QtWidgets import QAbstractButton, QButtonGroup, QPlainTextEdit, QWidget

from ui import theme

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


def tab_after(previous: QWidget, widgets) -> None:
    """Put ``widgets`` in the Tab order right after ``previous``, in their order."""
    for w in widgets:
        QWidget.setTabOrder(previous, w)
        previous = w


def lock_inputs(inputs: list[QWidget], text: QPlainTextEdit, locked: bool) -> None:
    """Make ``inputs`` and ``text`` read-only and greyed (``locked``), or usable again.

    Not setEnabled(False): disabled ticks are drawn faint and hard to read, and a
    final decision must stay legible.  The inputs just stop taking clicks and keys.
    """
    policy = Qt.FocusPolicy.NoFocus if locked else Qt.FocusPolicy.StrongFocus
    for w in inputs:
        w.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, locked)
        w.setFocusPolicy(policy)
    text.setReadOnly(locked)
    _look_locked([*inputs, text], locked)


class InputLock:
    """lock_inputs for one form, skipped when its inputs are already in that state.

    Most case switches go between cases of the same lock on the same boxes: locking
    them again (and putting the boxes back in Tab order) changed nothing and cost
    about 0.5 ms of the switch.
    """

    def __init__(self) -> None:
        self._applied: tuple[bool, list] | None = None  # the lock, the inputs it is on

    def apply(self, inputs: list[QWidget], text: QPlainTextEdit, locked: bool) -> bool:
        """Lock or unlock ``inputs`` and ``text``; False if they already were."""
        last = self._applied
        if last is not None and last[0] == locked and len(last[1]) == len(inputs) \
                and all(a is b for a, b in zip(last[1], inputs)):
            return False
        lock_inputs(inputs, text, locked)
        self._applied = (locked, inputs)
        return True


def _look_locked(widgets, locked: bool) -> None:
    """Grey the text and the boxes of ``widgets``: a final decision looks read-only
    rather than merely refusing input.

    Through their palettes: a style-sheet property on each input, re-polished, took
    8-9 ms whenever a case switch changed the lock.  (The group boxes' palettes do
    not reach inputs that the style sheet styles.)
    """
    widgets = [w for w in widgets if bool(w.property("lockedLook")) is not locked]
    if not widgets:
        return
    palette = QPalette()  # no roles set: the widget goes back to the palette it inherits
    if locked:
        palette = QPalette(widgets[0].palette())
        for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text,
                     QPalette.ColorRole.ButtonText):
            palette.setColor(role, QColor(theme.LOCKED_TEXT))
        palette.setColor(QPalette.ColorRole.Base, QColor(theme.LOCKED_BASE))
    for w in widgets:
        w.setPalette(palette)
        w.setProperty("lockedLook", locked)

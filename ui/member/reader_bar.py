"""The bar above a document: zoom, the page in view, find, and pop out.

It only shows and asks; the reader connects it to whichever document is on
screen.  The zoom steps are shared by PDFs and text notes, so that Ctrl+plus
moves both through the same 50% to 400%.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (QComboBox, QHBoxLayout, QLabel, QLineEdit, QSpinBox, QToolButton,
                               QVBoxLayout, QWidget)

from ui.theme import ERROR_TEXT

ZOOM_STEPS = (0.5, 0.67, 0.75, 0.9, 1.0, 1.1, 1.25, 1.5, 1.75, 2.0, 2.5, 3.0, 4.0)
FIT_WIDTH, FIT_PAGE = "Fit width", "Fit page"


def clamp(factor: float) -> float:
    return min(ZOOM_STEPS[-1], max(ZOOM_STEPS[0], factor))


def step(factor: float, steps: int) -> float:
    """The zoom ``steps`` stops up (or down) from ``factor``, which need not be a stop."""
    if steps > 0:
        bigger = [z for z in ZOOM_STEPS if z > factor * 1.01]
        return bigger[min(steps, len(bigger)) - 1] if bigger else ZOOM_STEPS[-1]
    smaller = [z for z in ZOOM_STEPS if z < factor * 0.99]
    return smaller[max(steps, -len(smaller))] if smaller else ZOOM_STEPS[0]


def wheel_zooms(event, zoom_by) -> bool:
    """Ctrl and the wheel zoom (a notch a stop); True when the event was taken for that."""
    if not event.modifiers() & Qt.KeyboardModifier.ControlModifier:
        return False
    delta = event.angleDelta().y()
    if delta:
        zoom_by(1 if delta > 0 else -1)
    event.accept()
    return True


def percent(factor: float) -> str:
    return f"{round(factor * 100)}%"


def parse_percent(text: str) -> float | None:
    """"150%", "150" or "1.5x" as a zoom factor; None if it is not a number."""
    text = text.strip().rstrip("%").strip()
    try:
        value = float(text.rstrip("xX")) * (1 if text[-1:] in "xX" and text else 0.01)
    except ValueError:
        return None
    return clamp(value) if value > 0 else None


def tool_button(text: str, tip: str, name: str) -> QToolButton:
    """A flat tool button with its tooltip and the name a screen reader says."""
    button = QToolButton()
    button.setText(text)
    button.setToolTip(tip)
    button.setAccessibleName(name)
    button.setAutoRaise(True)
    return button


class FindField(QLineEdit):
    """Enter finds the next match; Shift+Enter the previous one."""
    back = Signal()

    def keyPressEvent(self, event) -> None:
        if (event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
                and event.modifiers() & Qt.KeyboardModifier.ShiftModifier):
            self.back.emit()
            event.accept()
            return
        super().keyPressEvent(event)


class ReaderBar(QWidget):
    zoom_chosen = Signal(float)   # a factor from the box (typed or picked)
    fit_chosen = Signal(str)      # "width" or "page"
    zoom_step = Signal(int)       # +1 in, -1 out
    page_chosen = Signal(int)     # from 0
    find_changed = Signal(str)    # Enter with new text
    find_step = Signal(bool)      # True: next, False: previous
    pop_out = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        # Two rows: the case's middle pane is about 400 pixels wide at 1366x768.
        rows = QVBoxLayout(self)
        rows.setContentsMargins(0, 2, 0, 2)
        rows.setSpacing(2)
        row, find_row = QHBoxLayout(), QHBoxLayout()
        for r in (row, find_row):
            r.setSpacing(4)
            rows.addLayout(r)
        zoom_in = QKeySequence(QKeySequence.StandardKey.ZoomIn).toString(
            QKeySequence.SequenceFormat.NativeText)
        self.zoom_out = tool_button("\u2212", "Zoom out (Ctrl+minus, or Ctrl and the mouse wheel)",
                              "Zoom out")
        self.zoom_in = tool_button("+", f"Zoom in ({zoom_in}, or Ctrl and the mouse wheel)",
                             "Zoom in")
        self.zoom_box = QComboBox()
        self.zoom_box.setEditable(True)
        self.zoom_box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.zoom_box.setAccessibleName("Zoom")
        self.zoom_box.lineEdit().setAccessibleName("Zoom")
        self.zoom_box.setToolTip("Zoom: pick or type a percentage (Ctrl+0 fits the width)")
        self.zoom_box.addItems([FIT_WIDTH, FIT_PAGE] + [percent(z) for z in ZOOM_STEPS])
        self.zoom_box.setMinimumWidth(self.fontMetrics().horizontalAdvance(FIT_WIDTH) + 48)
        self.zoom_box.activated.connect(self._picked)
        # Enter in the box is taken before the combo box sees it: the combo would
        # otherwise put its current item back over a percentage it does not list.
        self.zoom_box.lineEdit().installEventFilter(self)
        self.zoom_out.clicked.connect(lambda: self.zoom_step.emit(-1))
        self.zoom_in.clicked.connect(lambda: self.zoom_step.emit(1))
        for w in (self.zoom_out, self.zoom_box, self.zoom_in):
            row.addWidget(w)

        self.page_label = QLabel("Page")
        self.page = QSpinBox()
        self.page.setAccessibleName("Page")
        self.page.findChild(QLineEdit).setAccessibleName("Page")
        self.page.setToolTip("The page at the top of the view: type a number to go there")
        self.page.setKeyboardTracking(False)  # go there on Enter, not at every digit
        self.page.valueChanged.connect(lambda n: self.page_chosen.emit(n - 1))
        self.pages = QLabel()
        self.pages.setAccessibleName("Pages")
        row.addSpacing(8)
        for w in (self.page_label, self.page, self.pages):
            row.addWidget(w)

        self.pop = tool_button("Pop out", "Read the document in a window of its own (F11; Escape "
                         "brings it back)", "Pop out")
        self.pop.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.pop.clicked.connect(self.pop_out)
        row.addStretch(1)
        row.addWidget(self.pop)

        self.find = FindField()
        self.find.setPlaceholderText("Find in this document")
        self.find.setAccessibleName("Find in this document")
        self.find.setToolTip("Enter or F3: next match; Shift+Enter or Shift+F3: previous. "
                             "Ctrl+F comes here while the document has the keyboard.")
        self.find.setClearButtonEnabled(True)
        self.find.setMinimumWidth(140)
        self.find.returnPressed.connect(self._enter)
        self.find.textChanged.connect(self._edited)
        self.find.back.connect(lambda: self.find_step.emit(False))
        self.previous = tool_button("\u25b2", "Previous match (Shift+F3)", "Previous match")
        self.next = tool_button("\u25bc", "Next match (F3)", "Next match")
        self.previous.clicked.connect(lambda: self.find_step.emit(False))
        self.next.clicked.connect(lambda: self.find_step.emit(True))
        self.matches = QLabel()
        self.matches.setAccessibleName("Matches")
        self.matches.setMinimumWidth(80)
        self.find.setMaximumWidth(420)  # a popped-out window is wide: the count stays near
        find_row.addWidget(self.find, 1)
        for w in (self.previous, self.next, self.matches):
            find_row.addWidget(w)
        find_row.addStretch(0)
        self._asked = ""  # the text find last ran with

    # -- what the reader shows ---------------------------------------------------------
    def show_zoom(self, factor: float, fit: str) -> None:
        text = {"width": FIT_WIDTH, "page": FIT_PAGE}.get(fit, percent(factor))
        self.zoom_box.setEditText(text)
        self.zoom_box.setToolTip(f"Zoom: {percent(factor)} (Ctrl+0 fits the width)")

    def show_pages(self, page: int, pages: int) -> None:
        shown = pages > 0
        for w in (self.page_label, self.page, self.pages):
            w.setVisible(shown)
        self.page.blockSignals(True)
        self.page.setRange(1, max(1, pages))
        self.page.setValue(page + 1)
        self.page.blockSignals(False)
        self.pages.setText(f"of {pages}")

    def show_matches(self, index: int, count: int, searching: bool, text: str) -> None:
        if not text:
            self.matches.setText("")
        elif count == 0:
            self.matches.setText("Searching\u2026" if searching else "Not found")
        else:
            more = "+" if searching else ""
            self.matches.setText(f"{index + 1} of {count}{more}" if index >= 0
                                 else f"{count}{more} found")
        missing = bool(text) and not count and not searching
        if missing != bool(self.matches.styleSheet()):  # restyled only when it changes
            self.matches.setStyleSheet(f"color: {ERROR_TEXT};" if missing else "")

    def set_pop_label(self, popped: bool) -> None:
        self.pop.setText("Back to the case" if popped else "Pop out")
        self.pop.setAccessibleName(self.pop.text())

    # -- what the person asks ----------------------------------------------------------
    def eventFilter(self, watched, event) -> bool:
        if (watched is self.zoom_box.lineEdit() and event.type() == QEvent.Type.KeyPress
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)):
            self._typed()
            return True
        return super().eventFilter(watched, event)

    def _picked(self, index: int) -> None:
        text = self.zoom_box.itemText(index)
        if text in (FIT_WIDTH, FIT_PAGE):
            self.fit_chosen.emit("width" if text == FIT_WIDTH else "page")
        else:
            self.zoom_chosen.emit(parse_percent(text) or 1.0)

    def _typed(self) -> None:
        text = self.zoom_box.currentText()
        if text in (FIT_WIDTH, FIT_PAGE):
            self.fit_chosen.emit("width" if text == FIT_WIDTH else "page")
            return
        factor = parse_percent(text)
        if factor is None:
            self.zoom_box.lineEdit().selectAll()  # not a number: nothing changes
            return
        self.zoom_chosen.emit(factor)

    def _enter(self) -> None:
        text = self.find.text()
        if text != self._asked:
            self._asked = text
            self.find_changed.emit(text)
        else:
            self.find_step.emit(True)

    def _edited(self, text: str) -> None:
        if not text and self._asked:  # cleared (the clear button too): stop finding
            self._asked = ""
            self.find_changed.emit("")

    def asked(self) -> str:
        return self._asked

"""One document on screen: the bar above it and the PDF or note below.

The keys work only while the reader has the keyboard, so they cannot clash
with the window's own: Ctrl+plus, Ctrl+minus and Ctrl+0 zoom (no window
action uses them), and three keys the window does use mean something else
here, as in a browser: Ctrl+F goes to the find field (elsewhere it searches
the cases), F3 and Shift+F3 go to the next and previous match (elsewhere F3
shows the Documents tab).  F11 pops the document out; Escape brings it back
(the window it pops out into handles that).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QLabel, QStackedWidget, QVBoxLayout, QWidget

from ui.member.note_pane import NotePane
from ui.member.reader_bar import ReaderBar

_CTRL = Qt.KeyboardModifier.ControlModifier
_SHIFT = Qt.KeyboardModifier.ShiftModifier
_MODS = _CTRL | _SHIFT | Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.MetaModifier


def _ours(event) -> str | None:
    """What a key pressed inside the reader means here instead of in the window."""
    key, mods = event.key(), event.modifiers() & _MODS
    if key == Qt.Key.Key_F and mods == _CTRL:
        return "find"
    if key == Qt.Key.Key_F3 and mods in (Qt.KeyboardModifier.NoModifier, _SHIFT):
        return "next" if mods != _SHIFT else "previous"
    return None


class DocumentReader(QWidget):
    pop_requested = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.bar = ReaderBar()
        layout.addWidget(self.bar)
        self.stack = QStackedWidget()
        self.empty = QLabel("Choose a document above to read it here.")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setObjectName("Muted")
        self.empty.setWordWrap(True)
        self.stack.addWidget(self.empty)
        self.note = NotePane()
        self.stack.addWidget(self.note)
        self.pdf = None  # made with the first PDF: QtPdf is loaded only then
        layout.addWidget(self.stack, 1)
        self._connect(self.note)
        b = self.bar
        b.zoom_chosen.connect(lambda f: self._pane() and self._pane().set_zoom(f))
        b.fit_chosen.connect(lambda fit: self._pane() and self._pane().set_fit(fit))
        b.zoom_step.connect(self.zoom_by)
        b.page_chosen.connect(lambda p: self.pdf is not None and self.pdf.go_to_page(p))
        b.find_changed.connect(lambda text: self._pane() and self._pane().find(text))
        b.find_step.connect(self.find_next)
        b.pop_out.connect(self.pop_requested)
        self._keys = []
        for keys, slot in ((QKeySequence.StandardKey.ZoomIn, lambda: self.zoom_by(1)),
                           ("Ctrl+=", lambda: self.zoom_by(1)),
                           (QKeySequence.StandardKey.ZoomOut, lambda: self.zoom_by(-1)),
                           ("Ctrl+0", self.fit_width), ("F11", self.pop_requested.emit)):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
            self._keys.append(shortcut)
        self._refresh()

    def _connect(self, pane) -> None:
        pane.zoom_changed.connect(lambda: self._zoom_shown(pane))
        pane.matches_changed.connect(lambda: self._matches_shown(pane))

    def make_pdf(self):
        if self.pdf is None:
            from ui.member.pdf_pane import PdfPane
            self.pdf = PdfPane(self)
            self.stack.addWidget(self.pdf)
            self._connect(self.pdf)
            self.pdf.page_changed.connect(
                lambda page, pages: self.stack.currentWidget() is self.pdf
                and self.bar.show_pages(page, pages))
            self.pdf.find_text = self.bar.asked()
        return self.pdf

    # -- what is shown -----------------------------------------------------------------
    def show_message(self, text: str) -> None:
        self.empty.setText(text)
        self.stack.setCurrentWidget(self.empty)
        self._refresh()

    def show_pdf(self, buffer) -> bool:
        """The PDF read from ``buffer``; False (and nothing shown) if it is damaged."""
        pane = self.make_pdf()
        pane.find_text = self.bar.asked()
        if not pane.load(buffer):
            return False
        self.stack.setCurrentWidget(pane)
        self._refresh()
        return True

    def show_note(self, text: str, terms: list[str]) -> None:
        self.note.find_text = self.bar.asked()
        self.note.show_note(text, terms)
        self.stack.setCurrentWidget(self.note)
        self._refresh()

    def clear(self) -> None:
        if self.pdf is not None:
            self.pdf.close_document()
        self.note.clear()

    def _pane(self):
        current = self.stack.currentWidget()
        return current if current is not self.empty else None

    def view(self):
        """The PDF or note on screen, or None."""
        return self._pane()

    def _refresh(self) -> None:
        pane = self._pane()
        for w in (self.bar.zoom_in, self.bar.zoom_out, self.bar.zoom_box, self.bar.find,
                  self.bar.next, self.bar.previous):
            w.setEnabled(pane is not None)
        if pane is self.pdf and pane is not None:
            self.bar.show_pages(pane.current_page(), pane.page_count())
        else:
            self.bar.show_pages(0, 0)
        if pane is not None:
            self._zoom_shown(pane)
            self._matches_shown(pane)
        else:
            self.bar.show_matches(-1, 0, False, "")

    def _zoom_shown(self, pane) -> None:
        if pane is self._pane():
            self.bar.show_zoom(pane.zoom(), pane.fit())

    def _matches_shown(self, pane) -> None:
        if pane is self._pane():
            self.bar.show_matches(pane.match_index, len(pane.matches), pane.searching(),
                                  pane.find_text)

    # -- what the keys and buttons do ----------------------------------------------------
    def zoom_by(self, steps: int) -> None:
        if self._pane() is not None:
            self._pane().zoom_by(steps)

    def fit_width(self) -> None:
        if self._pane() is not None:
            self._pane().set_fit("width")

    def find_next(self, forward: bool = True) -> None:
        pane = self._pane()
        if pane is None:
            return
        if self.bar.find.text() != self.bar.asked():  # typed but not yet searched
            self.bar.find.returnPressed.emit()
            return
        pane.find_next(forward)

    def event(self, event) -> bool:
        # Shortcut override: the window's Ctrl+F and F3 give way while the reader has
        # the keyboard; the key then arrives here as an ordinary key press.
        if event.type() == QEvent.Type.ShortcutOverride and _ours(event):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event) -> None:
        meaning = _ours(event)
        if meaning == "find":
            self.bar.find.setFocus(Qt.FocusReason.ShortcutFocusReason)
            self.bar.find.selectAll()
        elif meaning in ("next", "previous"):
            self.find_next(meaning == "next")
        else:
            super().keyPressEvent(event)
            return
        event.accept()

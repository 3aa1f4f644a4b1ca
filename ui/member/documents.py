"""A case's documents, shown inside the app from bytes held in memory.

PDFs are rendered by QtPdf from a QBuffer (kept alive as long as the
document is shown), once the check in a worker process has passed them
(:mod:`ui.member.document_check`); text notes go into a read-only text view.
Nothing is ever written to disk decrypted.  Search terms are highlighted in
both.

A case's first document is read only once the viewer can be seen (it is a
tab), and QtPdf is loaded with the first PDF: neither is needed to switch
cases or to start the app.  The reader (bar and document) can pop out into
a window of its own, which can fill the screen; it is the same widget, so
it comes back on the same page at the same zoom.
"""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QEvent, QIODevice, Qt, QTimer, Signal
from PySide6.QtWidgets import (QDialog, QLabel, QListWidget, QListWidgetItem, QPushButton,
                               QSplitter, QStackedWidget, QVBoxLayout, QWidget)

from ui.member.document_check import DocumentCheck
from ui.member.reader import DocumentReader

_KIND = {"pdf": "PDF", "text": "Note"}


class ReaderWindow(QDialog):
    """The reader on its own, as large as the screen; Escape or closing brings it back."""

    def __init__(self, parent, title: str) -> None:
        super().__init__(parent)
        self.setWindowFlags(Qt.WindowType.Window | Qt.WindowType.WindowTitleHint
                            | Qt.WindowType.WindowMinMaxButtonsHint
                            | Qt.WindowType.WindowCloseButtonHint)
        self.setWindowTitle(title)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        parent.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:
        # The main window closing (not minimised: that hide comes from the system):
        # the document goes back with it, and no window of ours is left open.
        if (watched is self.parent() and event.type() == QEvent.Type.Hide
                and not event.spontaneous()):
            self.reject()
        return super().eventFilter(watched, event)


class DocumentViewer(QWidget):
    document_requested = Signal(str)  # filename: the window loads its bytes on the worker

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._docs = []
        self._terms: list[str] = []
        self._shown: str | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        self.split = split = QSplitter(Qt.Orientation.Vertical)
        self.list = QListWidget()
        self.list.setAccessibleName("Documents of this case")
        self.list.setMaximumHeight(110)
        self.list.currentRowChanged.connect(self._pick)
        split.addWidget(self.list)

        self.reader = DocumentReader()
        self.reader.pop_requested.connect(self.toggle_pop_out)
        self.away = QWidget()  # stands in for the reader while it has a window of its own
        away = QVBoxLayout(self.away)
        note = QLabel("This document is open in a window of its own.")
        note.setObjectName("Muted")
        back = QPushButton("Bring it back here")
        back.clicked.connect(self.bring_back)
        for w in (note, back):
            away.addWidget(w, 0, Qt.AlignmentFlag.AlignHCenter)
        away.addStretch(1)
        self.lower = QStackedWidget()
        self.lower.addWidget(self.reader)
        self.lower.addWidget(self.away)
        split.addWidget(self.lower)
        split.setStretchFactor(1, 1)
        split.setSizes([110, 10_000])  # the list as small as it may be, the rest to reading
        layout.addWidget(split)
        self.window_of_its_own: ReaderWindow | None = None
        self._buffer: QBuffer | None = None
        self._check: DocumentCheck | None = None   # made with the first PDF
        self._pending: tuple[str, bytes] | None = None
        self._ticket = 0
        self._first_pending = False  # the first document waits until the viewer is seen
        self._stale = False  # the list's height and the reader wait until the viewer is seen

    # The parts that callers and tests look at, under the names they had.
    @property
    def stack(self):
        return self.reader.stack

    @property
    def text(self):
        return self.reader.note

    @property
    def pdf_view(self):
        return self.reader.pdf

    @property
    def pdf(self):
        return self.reader.pdf.pdf if self.reader.pdf is not None else None

    @property
    def bar(self):
        return self.reader.bar

    def set_documents(self, documents, terms: list[str]) -> None:
        """A new case: list its documents, show the first one."""
        self._docs, self._terms, self._shown = list(documents), list(terms), None
        self.list.blockSignals(True)
        self.list.clear()
        for d in self._docs:
            item = QListWidgetItem(f"{d.title}   ({_KIND.get(d.kind, d.kind)})")
            item.setData(Qt.ItemDataRole.UserRole, d.filename)
            self.list.addItem(item)
        self.list.blockSignals(False)
        # Behind another tab, fitted when next seen: the list's new height re-laid out
        # the whole window at every case switch, for a tab mostly not looked at.
        self._stale = not self.isVisible() and self.window_of_its_own is None
        if not self._stale:
            self._fit()
        self._first_pending = bool(self._docs) and not self.reader.isVisible()
        if self._docs and not self._first_pending:
            self.list.setCurrentRow(0)

    def _fit(self) -> None:
        """The list no taller than its documents (a case has a handful), so reading gets
        the rest, and the reader cleared of the case before."""
        self._stale = False
        rows = sum(self.list.sizeHintForRow(r) for r in range(min(4, self.list.count())))
        height = max(rows, 24) + 2 * self.list.frameWidth() + 4
        self.list.setMaximumHeight(height)
        self.split.setSizes([height, 10_000])
        if self._shown is None:  # nothing of this case's read yet (a pick clears it itself)
            self._clear_view()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._stale:
            self._fit()
        if self._first_pending:
            self._first_pending = False
            if self.list.currentRow() < 0:
                self.list.setCurrentRow(0)

    def set_terms(self, terms: list[str]) -> None:
        self._terms = list(terms)
        self.reader.note.set_terms(self._terms)
        if self.reader.pdf is not None:
            self.reader.pdf.set_highlight(" ".join(self._terms[:1]))

    def _clear_view(self) -> None:
        self.reader.clear()
        self.reader.show_message("Loading the document\u2026" if self._docs else
                                 "This case has no documents.")

    def _pick(self, row: int) -> None:
        if 0 <= row < len(self._docs):
            self._clear_view()
            self.document_requested.emit(self._docs[row].filename)

    def current_filename(self) -> str | None:
        row = self.list.currentRow()
        return self._docs[row].filename if 0 <= row < len(self._docs) else None

    def show_bytes(self, filename: str, content: bytes) -> None:
        """The worker delivered a document's bytes: show them if still wanted (a PDF once
        the check in the worker process has passed it)."""
        if filename != self.current_filename():
            return
        doc = next(d for d in self._docs if d.filename == filename)
        if doc.kind == "pdf":
            if self._check is None:
                self._check = DocumentCheck(self)
                self._check.done.connect(self._checked)
            self._pending = (filename, content)
            self._ticket = self._check.start(filename, content)
            self.reader.show_message("Opening the document\u2026")
            return
        self._show(filename, content)

    def _checked(self, filename: str, ticket: int, verdict) -> None:
        if ticket != self._ticket or filename != self.current_filename() or \
                self._pending is None or self._pending[0] != filename:
            return
        _, content = self._pending
        self._pending = None
        if verdict is not None:
            self._shown = filename
            self.reader.show_message(verdict)
            return
        self._show(filename, content)

    def _show(self, filename: str, content: bytes) -> None:
        doc = next(d for d in self._docs if d.filename == filename)
        self._shown = filename
        if self.window_of_its_own is not None:
            self.window_of_its_own.setWindowTitle(doc.title)
        if doc.kind == "pdf":
            pane = self.reader.make_pdf()
            pane.close_document()
            if self._buffer is not None:
                self._buffer.deleteLater()  # the closed document no longer reads it
            self._buffer = QBuffer(self)
            self._buffer.setData(QByteArray(content))
            self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
            pane.set_highlight(" ".join(self._terms[:1]))
            if not self.reader.show_pdf(self._buffer):
                self.reader.show_message("This PDF could not be shown: it may be damaged. "
                                         "Ask the coordinator for a fresh copy.")
        else:
            self.reader.show_note(content.decode("utf-8", "replace"), self._terms)

    def shown(self) -> str | None:
        return self._shown

    def highlight_count(self) -> int:
        return self.reader.note.highlight_count()

    # -- a window of its own -------------------------------------------------------------
    def toggle_pop_out(self) -> None:
        if self.window_of_its_own is None:
            self.pop_out()
        else:
            self.bring_back()

    def pop_out(self) -> None:
        if self.window_of_its_own is not None:
            return
        place = self._place()
        row = self.list.currentRow()
        title = self._docs[row].title if 0 <= row < len(self._docs) else "Document"
        window = ReaderWindow(self.window(), title)
        self.lower.removeWidget(self.reader)
        window.layout().addWidget(self.reader)
        self.lower.setCurrentWidget(self.away)
        self.reader.show()
        self.window_of_its_own = window
        self.reader.bar.set_pop_label(True)
        window.finished.connect(self.bring_back)  # Escape, the close button, or the bar
        screen = self.screen().availableGeometry()
        window.setGeometry(screen)
        window.showMaximized()
        window.raise_()
        window.activateWindow()  # the keys (Escape, zoom, find) go to it at once
        self._settle(place)

    def bring_back(self) -> None:
        window = self.window_of_its_own
        if window is None:
            return
        place = self._place()
        self.window_of_its_own = None
        window.finished.disconnect(self.bring_back)
        window.parent().removeEventFilter(window)
        window.layout().removeWidget(self.reader)
        self.lower.insertWidget(0, self.reader)
        self.lower.setCurrentWidget(self.reader)
        self.reader.bar.set_pop_label(False)
        window.hide()
        window.deleteLater()
        self.window().activateWindow()
        self._settle(place)

    def _place(self):
        pdf = self.reader.pdf
        return pdf.place() if pdf is not None and self.reader.view() is pdf else None

    def _settle(self, place) -> None:
        """The reader has a new size: the same place again, and the keyboard in it."""
        view = self.reader.view()
        if view is not None:
            view.setFocus(Qt.FocusReason.OtherFocusReason)
        if place is not None:
            pdf = self.reader.pdf  # the context: nothing runs if the view is gone by then
            QTimer.singleShot(0, pdf, lambda: pdf.restore_place(*place))

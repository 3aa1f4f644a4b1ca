"""A case's documents, shown inside the app from bytes held in memory.

PDFs are rendered by QtPdf from a QBuffer (kept alive as long as the
document is shown); text notes go into a read-only QPlainTextEdit.  Nothing
is ever written to disk decrypted.  Search terms are highlighted in both.

A case's first document is read only once the viewer can be seen (it is a
tab), and QtPdf is loaded with the first PDF: neither is needed to switch
cases or to start the app.
"""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt, Signal
from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (QLabel, QListWidget, QListWidgetItem, QPlainTextEdit, QSplitter,
                               QStackedWidget, QTextEdit, QVBoxLayout, QWidget)

from ui.member.case_html import HIGHLIGHT, highlight_pattern

_KIND = {"pdf": "PDF", "text": "Note"}


class DocumentViewer(QWidget):
    document_requested = Signal(str)  # filename: the window loads its bytes on the worker

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._docs = []
        self._terms: list[str] = []
        self._shown: str | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        split = QSplitter(Qt.Orientation.Vertical)
        self.list = QListWidget()
        self.list.setAccessibleName("Documents of this case")
        self.list.setMaximumHeight(110)
        self.list.currentRowChanged.connect(self._pick)
        split.addWidget(self.list)

        self.stack = QStackedWidget()
        self.empty = QLabel("Choose a document above to read it here.")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setObjectName("Muted")
        self.stack.addWidget(self.empty)

        self.pdf = self.pdf_view = self.pdf_search = None  # made with the first PDF
        self._buffer: QBuffer | None = None
        self._first_pending = False  # the first document waits until the viewer is seen

        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        self.text.setAccessibleName("Text note")
        self.stack.addWidget(self.text)
        split.addWidget(self.stack)
        split.setStretchFactor(1, 1)
        layout.addWidget(split)

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
        self._clear_view()
        self._first_pending = bool(self._docs) and not self.isVisible()
        if self._docs and not self._first_pending:
            self.list.setCurrentRow(0)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._first_pending:
            self._first_pending = False
            if self.list.currentRow() < 0:
                self.list.setCurrentRow(0)

    def set_terms(self, terms: list[str]) -> None:
        self._terms = list(terms)
        if self.stack.currentWidget() is self.text:
            self._mark_text()
        if self.pdf_search is not None:
            self.pdf_search.setSearchString(" ".join(self._terms[:1]))

    def _clear_view(self) -> None:
        self.stack.setCurrentWidget(self.empty)
        self.empty.setText("Loading the document\u2026" if self._docs else
                           "This case has no documents.")
        if self.pdf is not None:
            self.pdf.close()
        self.text.clear()

    def _make_pdf_view(self) -> None:
        from PySide6.QtPdf import QPdfDocument, QPdfSearchModel
        from PySide6.QtPdfWidgets import QPdfView
        self.pdf = QPdfDocument(self)
        self.pdf_view = QPdfView()
        self.pdf_view.setAccessibleName("PDF document")
        self.pdf_view.setDocument(self.pdf)
        self.pdf_view.setPageMode(QPdfView.PageMode.MultiPage)
        self.pdf_view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.pdf_search = QPdfSearchModel(self)
        self.pdf_search.setDocument(self.pdf)
        self.pdf_view.setSearchModel(self.pdf_search)
        self.stack.addWidget(self.pdf_view)

    def _pick(self, row: int) -> None:
        if 0 <= row < len(self._docs):
            self._clear_view()
            self.document_requested.emit(self._docs[row].filename)

    def current_filename(self) -> str | None:
        row = self.list.currentRow()
        return self._docs[row].filename if 0 <= row < len(self._docs) else None

    def show_bytes(self, filename: str, content: bytes) -> None:
        """The worker delivered a document's bytes: show them if still wanted."""
        if filename != self.current_filename():
            return
        doc = next(d for d in self._docs if d.filename == filename)
        self._shown = filename
        if doc.kind == "pdf":
            if self.pdf is None:
                self._make_pdf_view()
            self.pdf.close()
            if self._buffer is not None:
                self._buffer.deleteLater()  # the closed document no longer reads it
            self._buffer = QBuffer(self)
            self._buffer.setData(QByteArray(content))
            self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
            self.pdf.load(self._buffer)
            if self.pdf.status() == self.pdf.Status.Error:
                self.empty.setText("This PDF could not be shown: it may be damaged. "
                                   "Ask the coordinator for a fresh copy.")
                return
            self.pdf_search.setSearchString(" ".join(self._terms[:1]))
            self.stack.setCurrentWidget(self.pdf_view)
        else:
            self.text.setPlainText(content.decode("utf-8", "replace"))
            self._mark_text()
            self.stack.setCurrentWidget(self.text)

    def _mark_text(self) -> None:
        pattern = highlight_pattern(self._terms)
        marks = []
        if pattern is not None:
            fmt = QTextCharFormat()
            fmt.setBackground(QColor(HIGHLIGHT))
            body = self.text.toPlainText()
            for m in pattern.finditer(body):
                sel = QTextEdit.ExtraSelection()
                cursor = QTextCursor(self.text.document())
                cursor.setPosition(m.start())
                cursor.setPosition(m.end(), QTextCursor.MoveMode.KeepAnchor)
                sel.cursor, sel.format = cursor, fmt
                marks.append(sel)
        self.text.setExtraSelections(marks)

    def shown(self) -> str | None:
        return self._shown

    def highlight_count(self) -> int:
        return len(self.text.extraSelections())


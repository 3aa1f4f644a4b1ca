"""A PDF shown from memory, with zoom, the page in view and find.

QPdfView lays the pages out itself but keeps the page geometry private, and
in its fit modes reports a zoom factor of 1.0 whatever the scale on screen.
``scale`` and ``page_top`` repeat its layout rule (pages stacked below one
another, each scaled on its own, margins and spacing between) so that
zooming from "Fit width" starts at what is on screen, and a page or a match
can be scrolled to exactly.  QtPdf is imported with the first PDF, so this
module is too.

Find goes through the QPdfSearchModel the view highlights from, page by page
on a timer: a long document is searched without holding up the window, and
the count says when it is still going.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QPointF, QTimer, Signal
from PySide6.QtPdf import QPdfDocument, QPdfSearchModel
from PySide6.QtPdfWidgets import QPdfView

from ui.member.reader_bar import clamp, step, wheel_zooms

_SLICE_SECONDS = 0.03  # searching yields to the window after this long


class PdfPane(QPdfView):
    zoom_changed = Signal()
    page_changed = Signal(int, int)  # page in view (from 0), pages
    matches_changed = Signal()

    def __init__(self, owner) -> None:
        super().__init__()
        self.setAccessibleName("PDF document")
        # The document and its search belong to ``owner``, which outlives this view:
        # the view must be gone before they are (its renderer still reads them).
        self.pdf = QPdfDocument(owner)
        self.setDocument(self.pdf)
        self.setPageMode(QPdfView.PageMode.MultiPage)
        self.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.search = QPdfSearchModel(owner)
        self.search.setDocument(self.pdf)
        self.setSearchModel(self.search)
        self._highlight = ""  # the case search's word, shown while nothing is being found
        self.find_text = ""
        self.matches: list[tuple[int, QPointF]] = []  # (page, top left in points), in order
        self.match_index = -1
        self._next_page = 0  # the next page to search; pageCount() when done
        self._go_first = False
        self._scan = QTimer(self)
        self._scan.setInterval(0)
        self._scan.timeout.connect(self._search_slice)
        self._anchor = (0, 0.0)  # page at the top and how far into it: kept across resizes
        self._tops_key, self._tops_list = None, [0]
        self._relayout = False
        self.pageNavigator().currentPageChanged.connect(self._page_moved)
        self.verticalScrollBar().valueChanged.connect(self._remember_place)

    # -- loading -----------------------------------------------------------------------
    def load(self, buffer) -> bool:
        """Show the PDF read from ``buffer`` (a QBuffer): False if it cannot be read."""
        self._stop_search()
        self._tops_key = None  # another document: other pages
        self.pdf.load(buffer)
        if self.pdf.status() == QPdfDocument.Status.Error:
            return False
        self.setZoomMode(QPdfView.ZoomMode.FitToWidth)  # each document opens at fit width
        self.verticalScrollBar().setValue(0)
        self._anchor = (0, 0.0)
        self.search.setSearchString(self.find_text or self._highlight)
        if self.find_text:
            self.find(self.find_text)
        self.zoom_changed.emit()
        self.page_changed.emit(0, self.pdf.pageCount())
        return True

    def close_document(self) -> None:
        self._stop_search()
        self.pdf.close()

    def set_highlight(self, word: str) -> None:
        self._highlight = word
        if not self.find_text:
            self.search.setSearchString(word)

    # -- zoom --------------------------------------------------------------------------
    def fit(self) -> str:
        """"width", "page" or "" (a zoom factor of one's own)."""
        mode = self.zoomMode()
        return {QPdfView.ZoomMode.FitToWidth: "width",
                QPdfView.ZoomMode.FitInView: "page"}.get(mode, "")

    def _resolution(self) -> float:
        return self.logicalDpiY() / 72.0

    def scale(self, page: int) -> float:
        """Screen pixels per PDF point for ``page``, as QPdfView lays it out."""
        size = self.pdf.pagePointSize(page)
        res = self._resolution()
        if size.width() <= 0 or size.height() <= 0:
            return res
        m, port = self.documentMargins(), self.viewport().size()
        if self.zoomMode() == QPdfView.ZoomMode.FitToWidth:
            return (port.width() - m.left() - m.right()) / round(size.width() * res) * res
        if self.zoomMode() == QPdfView.ZoomMode.FitInView:
            w = port.width() - m.left() - m.right()
            h = port.height() - self.pageSpacing()
            return min(w / round(size.width() * res), h / round(size.height() * res)) * res
        return self.zoomFactor() * res

    def _height(self, page: int) -> int:
        """``page``'s height on screen in pixels, rounded as QPdfView rounds it."""
        h, res = self.pdf.pagePointSize(page).height(), self._resolution()
        if self.zoomMode() == QPdfView.ZoomMode.Custom:
            return round(h * res * self.zoomFactor())
        return round(round(h * res) * self.scale(page) / res)

    def zoom(self) -> float:
        """The zoom on screen (1.0 is the page's printed size), in fit modes too."""
        page = max(0, self.current_page())
        return self.scale(page) / self._resolution() if self.pdf.pageCount() else 1.0

    def set_zoom(self, factor: float) -> None:
        page, into = self._anchor
        self.setZoomMode(QPdfView.ZoomMode.Custom)
        self.setZoomFactor(clamp(factor))
        self.restore_place(page, into)
        self.zoom_changed.emit()

    def set_fit(self, fit: str) -> None:
        page, into = self._anchor
        self.setZoomMode(QPdfView.ZoomMode.FitInView if fit == "page"
                         else QPdfView.ZoomMode.FitToWidth)
        self.restore_place(page, into)
        self.zoom_changed.emit()

    def zoom_by(self, steps: int) -> None:
        self.set_zoom(step(self.zoom(), steps))

    def wheelEvent(self, event) -> None:
        if not wheel_zooms(event, self.zoom_by):
            super().wheelEvent(event)

    # -- pages -------------------------------------------------------------------------
    def page_count(self) -> int:
        return self.pdf.pageCount()

    def current_page(self) -> int:
        return self.pageNavigator().currentPage()

    def page_top(self, page: int) -> float:
        """Where ``page`` begins in the scrolled area, in pixels."""
        return self._tops()[page]

    def _tops(self) -> list[int]:
        """Every page's top, worked out again only when the layout can have changed:
        scrolling asks for it each step, and a long document has hundreds of pages."""
        port = self.viewport().size()
        key = (self.zoomMode(), self.zoomFactor(), port.width(), port.height(),
               self.pageSpacing(), self.documentMargins().top(), self.pdf.pageCount())
        if key != self._tops_key:
            y, tops, spacing = self.documentMargins().top(), [], self.pageSpacing()
            for p in range(self.pdf.pageCount()):
                tops.append(y)
                y += self._height(p) + spacing
            self._tops_key, self._tops_list = key, tops + [y]
        return self._tops_list

    def go_to_page(self, page: int, y_points: float = 0.0, above: int = 0) -> None:
        """Scroll so that ``y_points`` down ``page`` is ``above`` pixels below the top."""
        if not 0 <= page < self.page_count():
            return
        y = self.page_top(page) + y_points * self.scale(page) - above
        self.verticalScrollBar().setValue(round(y))

    def _page_moved(self, page: int) -> None:
        self.page_changed.emit(page, self.page_count())

    def _remember_place(self, value: int) -> None:
        if self._relayout or not self.page_count():
            return
        page = max(0, self.current_page())
        height = self._height(page)
        into = (value - self.page_top(page)) / height if height > 0 else 0.0
        self._anchor = (page, max(0.0, into))

    def restore_place(self, page: int, into: float) -> None:
        """After the layout changed (zoom, width): the same place at the top again."""
        if not self.page_count():
            return
        height = self.pdf.pagePointSize(page).height()
        self.go_to_page(page, into * height)
        self._anchor = (page, into)

    def place(self) -> tuple[int, float]:
        return self._anchor

    def resizeEvent(self, event) -> None:
        page, into = self._anchor
        self._relayout = True
        try:
            super().resizeEvent(event)
        finally:
            self._relayout = False
        self.restore_place(page, into)
        if self.fit():
            self.zoom_changed.emit()  # fitting: the factor on screen changed with the size

    # -- find --------------------------------------------------------------------------
    def find(self, text: str) -> None:
        """Search the whole document for ``text``; go to its first match when found."""
        self._stop_search()
        self.find_text = text
        self.matches, self.match_index = [], -1
        self.search.setSearchString(text or self._highlight)
        self.setCurrentSearchResultIndex(-1)
        if text and self.page_count():
            self._next_page, self._go_first = 0, True
            self._scan.start()
        self.matches_changed.emit()

    def searching(self) -> bool:
        return self._scan.isActive()

    def _stop_search(self) -> None:
        self._scan.stop()
        self._next_page = self.page_count()

    def _search_slice(self) -> None:
        """Search pages until the slice of time is used, then let the window run."""
        start = time.monotonic()
        pages = self.page_count()
        while self._next_page < pages and time.monotonic() - start < _SLICE_SECONDS:
            for link in self.search.resultsOnPage(self._next_page):
                self.matches.append((link.page(), link.location()))
            self._next_page += 1
        if self._next_page >= pages:
            self._scan.stop()
        if self._go_first and self.matches:
            self._go_first = False
            self.show_match(0)
        self.matches_changed.emit()

    def show_match(self, index: int) -> None:
        if not self.matches:
            return
        self.match_index = index % len(self.matches)
        page, where = self.matches[self.match_index]
        self.setCurrentSearchResultIndex(self.match_index)
        self.go_to_page(page, where.y(), above=self.viewport().height() // 3)
        bar, width = self.horizontalScrollBar(), self.viewport().width()
        x = self.documentMargins().left() + where.x() * self.scale(page)
        if bar.maximum() > 0 and not bar.value() <= x <= bar.value() + width - 60:
            bar.setValue(round(x) - width // 3)  # only when the match is out of sight

    def find_next(self, forward: bool = True) -> None:
        if self.matches:
            self._go_first = False
            self.show_match(self.match_index + (1 if forward else -1)
                            if self.match_index >= 0 else 0)
            self.matches_changed.emit()

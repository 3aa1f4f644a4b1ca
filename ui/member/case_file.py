"""The middle pane: who and what the case is about, its documents and history.

A header names the case, the subject's pseudonym (a link: the case list then
shows that subject's cases only), role and rank, and shows the Met's category
as a coloured badge (or that it is hidden, under the anchoring guard); Back
and Forward buttons retrace the cases opened; below, tabs for the case file,
the documents and the history of the reviewer's own decision.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtWidgets import (QHBoxLayout, QLabel, QTabWidget, QTextBrowser, QVBoxLayout,
                               QWidget)

from review.cases import CATEGORIES, SUBJECT_ROLES
from ui import theme
from ui.member.case_html import case_html, delay_flag
from ui.member.documents import DocumentViewer
from ui.member.history import HistoryView
from ui.member.reader_bar import tool_button

TAB_CASE, TAB_DOCUMENTS, TAB_HISTORY = range(3)


class CaseFileView(QWidget):
    open_case = Signal(str)  # a linked case was clicked
    subject_clicked = Signal(str)  # the subject's pseudonym in the header was clicked
    back_requested = Signal()
    forward_requested = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.case, self.linked, self.met_hidden = None, [], False
        self._terms: list[str] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 4)

        top = QHBoxLayout()
        self.back_button = tool_button("\u25c0", "Back to the case before (Alt+Left)", "Back")
        self.back_button.clicked.connect(self.back_requested)
        self.forward_button = tool_button("\u25b6", "Forward again (Alt+Right)", "Forward")
        self.forward_button.clicked.connect(self.forward_requested)
        top.addWidget(self.back_button)
        top.addWidget(self.forward_button)
        self.title = QLabel("No case open")
        self.title.setObjectName("CaseTitle")
        self.title.setAccessibleName("Case")
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        top.addWidget(self.title)
        top.addStretch(1)
        self.badge = QLabel()
        self.badge.setObjectName("CategoryBadge")
        self.badge.setAccessibleName("Met category")
        self.badge.setToolTip("The Met's reassessment category")
        top.addWidget(self.badge)
        layout.addLayout(top)
        self.subtitle = QLabel()
        self.subtitle.setObjectName("Muted")
        self.subtitle.setAccessibleName("Subject")
        self.subtitle.setWordWrap(True)
        self.subtitle.setTextFormat(Qt.TextFormat.RichText)
        self.subtitle.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse
                                              | Qt.TextInteractionFlag.LinksAccessibleByKeyboard)
        self.subtitle.linkActivated.connect(self._subject_link)
        layout.addWidget(self.subtitle)

        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Case tabs")
        self.browser = QTextBrowser()
        self.browser.setAccessibleName("Case file")
        self.browser.setOpenLinks(False)
        # A case file is longer than the pane: with the scroll bar always there, a new
        # case is laid out once, not again each time the bar comes and goes.
        self.browser.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.browser.anchorClicked.connect(self._link)
        self.documents = DocumentViewer()
        self.history = HistoryView()
        self.tabs.addTab(self.browser, "Case file")
        self.tabs.addTab(self.documents, "Documents")
        self.tabs.addTab(self.history, "History")
        layout.addWidget(self.tabs, 1)
        self.badge.hide()
        self.set_navigation(False, False, visible=False)

    def set_navigation(self, back: bool, forward: bool, *, visible: bool = True) -> None:
        """Enable Back and Forward (the review page keeps the trail; elsewhere hidden)."""
        for button, enabled in ((self.back_button, back), (self.forward_button, forward)):
            button.setVisible(visible)
            button.setEnabled(enabled)

    def show_case(self, case, linked, terms: list[str], met_hidden: bool = False) -> None:
        self.case, self.linked, self.met_hidden = case, linked, met_hidden
        self._terms = terms
        self.title.setText(case.case_id)
        role = SUBJECT_ROLES.get(case.subject_role, case.subject_role)
        rank = f", {case.rank}" if case.rank else ""
        others = len(linked)
        repeat = (f" \u00b7 <b>repeat subject: {others + 1} cases</b>" if others else "")
        # Rich text: the spreadsheet's free text (reference, rank, ...) is escaped.
        facts = escape(f"{role}{rank} \u00b7 {case.gender}, {case.ethnicity}")
        subject = escape(case.subject_id)
        self.subtitle.setText(
            f"Original ref. {escape(case.original_ref or 'not recorded')} \u00b7 Subject "
            f'<a href="subject:{subject}" title="Show only this subject\u2019s cases">'
            f"<b>{subject}</b></a> \u00b7 {facts}{repeat} \u00b7 "
            + (f"{case.days_to_outcome:,} days to outcome {delay_flag(case.days_to_outcome)}"
               if case.days_to_outcome is not None else "days to outcome not recorded"))
        self._show_badge()
        scroll = self.browser.verticalScrollBar()
        self.browser.setHtml(case_html(case, linked, terms, met_hidden))
        scroll.setValue(0)
        self._tab_text(TAB_DOCUMENTS, f"Documents ({len(case.documents)})")
        self.documents.set_documents(case.documents, terms)

    def _show_badge(self) -> None:
        if self.met_hidden:
            self.badge.setText("Met: hidden until you choose")
            self.badge.setToolTip("The coordinator keeps the Met\u2019s category hidden until "
                                  "you have chosen the panel\u2019s category")
            theme.set_tone(self.badge, "category", "hidden")
        else:
            self.badge.setText("Met: " + CATEGORIES[self.case.met_category])
            self.badge.setToolTip("The Met's reassessment category")
            theme.set_tone(self.badge, "category", self.case.met_category)
        self.badge.show()

    def reveal_met(self) -> None:
        """The member has chosen a category: show the Met's, where the reader is."""
        if self.case is not None and self.met_hidden:
            self.met_hidden = False
            self._show_badge()
            self._rerender(self._terms)

    def set_terms(self, terms: list[str]) -> None:
        """A new search: highlight its words in the case already on screen."""
        if self.case is not None:
            self._rerender(terms)
            self.documents.set_terms(terms)

    def _rerender(self, terms: list[str]) -> None:
        self._terms = terms
        scroll = self.browser.verticalScrollBar().value()
        self.browser.setHtml(case_html(self.case, self.linked, terms, self.met_hidden))
        self.browser.verticalScrollBar().setValue(scroll)

    def show_history(self, entries) -> None:
        self.history.set_entries(entries)
        self._tab_text(TAB_HISTORY, f"History ({len(entries)})")

    def _tab_text(self, index: int, text: str) -> None:
        # QTabBar lays itself out again on every setTabText, even to the same text
        if self.tabs.tabText(index) != text:
            self.tabs.setTabText(index, text)

    def clear(self) -> None:
        self.case, self.met_hidden = None, False
        self.title.setText("No case open")
        self.subtitle.setText("")
        self.badge.hide()
        self.browser.setHtml("<p>Choose a case in the list.</p>")
        self.documents.set_documents([], [])
        self.history.set_entries([])

    def _link(self, url: QUrl) -> None:
        if url.scheme() == "case":
            self.open_case.emit(url.path())

    def _subject_link(self, link: str) -> None:
        if link.startswith("subject:"):
            self.subject_clicked.emit(link.removeprefix("subject:"))

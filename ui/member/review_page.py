"""The review page: case list | case file | decision form with guidance.

It loads what the panes show through the database thread (the case list in
one query, a case with its decision, history and linked cases in one job)
and keeps them in step: a saved decision refreshes only its own list row,
the history tab and the progress counts.

It also keeps a small screen workable: the form scrolls to whichever of its
fields takes the keyboard focus, each case opens with the form at its top,
the guidance folds away (remembered), and the case on screen is remembered
per workspace (its id only) so that the next start opens on it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (QApplication, QGroupBox, QHBoxLayout, QScrollArea, QSplitter,
                               QVBoxLayout, QWidget)

from ui import paths
from ui.member.case_file import TAB_CASE

from ui.member.case_file import CaseFileView
from ui.member.case_list import CaseListPane
from ui.member.case_trail import CaseTrail
from ui.member.case_rows import load_rows
from ui.db_worker import Database
from ui.member.decision_controller import DecisionController, SaveOutcome
from ui.member.decision_form import DecisionForm
from ui.member.guidance import GuidancePane, GuidancePanel


REMEMBER_AFTER_MS = 2000


@dataclass(frozen=True)
class CaseBundle:
    """Everything the panes show for one case, read in one job."""

    case: Any
    saved: Any
    history: list
    linked: list
    met_hidden: bool   # the anchoring guard hides the Met's reassessment for now


def _load_case(ws, case_id: str) -> CaseBundle:
    return CaseBundle(ws.case(case_id), ws.decisions.get(case_id),
                      ws.decisions.history(case_id), ws.linked_cases(case_id),
                      ws.met_hidden(case_id))


class ReviewPage(QWidget):
    rows_changed = Signal()          # the list's rows (and so the progress counts) changed
    case_shown = Signal(str)         # a case is now on screen

    def __init__(self, db: Database, parent=None) -> None:
        super().__init__(parent)
        self.db = db
        self.current_case_id: str | None = None
        self._wanted: str | None = None
        self._guidance_regime: str | None = None  # the regime the guidance pane speaks of
        self._ahead: dict[str, CaseBundle] = {}  # the neighbours of the case opening, read ahead
        self._ahead_job = -1  # the read-ahead's job: valid while it is the last one queued
        self._ahead_timer = QTimer(self, singleShot=True, interval=0)
        self._ahead_timer.timeout.connect(self._read_ahead)
        self.trail = CaseTrail()   # Back and Forward
        self._settings = paths.settings()  # ids and a flag only: never case text
        self._last_case_key: str | None = None  # where this workspace's last case is kept
        # Written after a pause, not at every switch: a settings write at each case cost
        # about 2 ms of a 12 ms switch (and a file write).  The window writes it on close.
        self._remember_timer = QTimer(self, singleShot=True, interval=REMEMBER_AFTER_MS)
        self._remember_timer.timeout.connect(self.remember_case)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("ReviewSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.list = CaseListPane()
        self.case_view = CaseFileView()
        self.form = DecisionForm()
        self.guidance = GuidancePanel()
        right = QSplitter(Qt.Orientation.Vertical)
        right.setObjectName("FormSplitter")
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(self.form)
        self.form_scroll = scroll
        form_pane = QWidget()
        column = QVBoxLayout(form_pane)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(scroll, 1)
        column.addWidget(self.form.footer)
        right.addWidget(form_pane)
        self.guidance_pane = GuidancePane(self.guidance)
        self.guidance_pane.set_collapsed(self._settings.value("review/guidance_collapsed",
                                                              False, type=bool))
        self.guidance_pane.collapsed_changed.connect(
            lambda folded: self._settings.setValue("review/guidance_collapsed", folded))
        right.addWidget(self.guidance_pane)
        right.setStretchFactor(0, 4)
        right.setStretchFactor(1, 1)
        self.right = right
        self.list.setMinimumWidth(300)
        self.case_view.setMinimumWidth(380)
        for w in (self.list, self.case_view, right):
            self.splitter.addWidget(w)
        self.splitter.setSizes([400, 470, 570])
        right.setSizes([700, 120])
        layout.addWidget(self.splitter)

        self._fit_form()
        self.controller = DecisionController(db, self.form, self)
        self.controller.saved.connect(self._saved)
        # Finalised here: back to the top, where the banner says it is final and how to reopen.
        self.controller.finalised.connect(
            lambda *_: self.form_scroll.verticalScrollBar().setValue(0))
        self.list.case_activated.connect(self.open_case)
        self.list.search_requested.connect(self._search)
        self.list.search_cleared.connect(lambda: self.case_view.set_terms([]))
        self.case_view.open_case.connect(self.open_linked)
        self.case_view.subject_clicked.connect(self.list.show_subject)
        self.case_view.back_requested.connect(self.back)
        self.case_view.forward_requested.connect(self.forward)
        self._update_trail()
        self.case_view.documents.document_requested.connect(self._load_document)
        QApplication.instance().focusChanged.connect(self._focus_moved)

    # -- loading ---------------------------------------------------------------------
    def load_rows(self, select_first: bool = True) -> None:
        def done(rows) -> None:
            self.list.model.set_rows(rows)
            self.list.fit_columns()
            self.rows_changed.emit()
            self._select_after_load(select_first and bool(rows))
            self.list.refresh_notice()

        self.db.with_ws(load_rows, done)

    def _select_after_load(self, select_first: bool) -> None:
        keep = self.current_case_id
        if keep and self.list.select_case(keep, emit=False):
            return
        last = self._last_case()
        if keep is None and last and self.list.select_case(last):
            self.case_view.tabs.setCurrentIndex(TAB_CASE)  # back where the person was
            return
        if select_first:
            self.list.select_row(0)

    def reset(self, workspace_path=None) -> None:
        """Another workspace is about to be shown (``workspace_path``: a member's, whose
        last case is remembered; None: none to remember)."""
        self.remember_case()  # the workspace being left
        self._last_case_key = None if workspace_path is None else "review/last_case/" + \
            hashlib.sha256(str(workspace_path).encode()).hexdigest()[:16]
        self.current_case_id = self._wanted = None
        self._ahead, self._ahead_job = {}, -1
        self.controller.case_id = None
        self.list.set_open_case(None)
        self.list.model.set_rows([])
        self.list.clear_filters()
        self.case_view.clear()
        self.trail.clear()
        self._update_trail()
        self.form.setEnabled(False)

    def open_case(self, case_id: str) -> None:
        if case_id == self.current_case_id and self._wanted is None:
            return
        self.controller.flush()  # queued before the load: saved first, in order
        self._wanted = case_id
        ahead = self._ahead.pop(case_id, None) if self.db.last_job == self._ahead_job else None
        if ahead is not None:
            # Read ahead after the last job anyone queued, so nothing written since:
            # the same answer the load would give, without the round trip.
            self._show(ahead)
        else:
            self.db.with_ws(lambda ws: _load_case(ws, case_id), self._show)
        # The consultation log (case id and time only), as the next job on the same
        # worker: committed in order, without holding up the case on screen.
        self.db.with_ws(lambda ws: ws.record_consultation(case_id))
        # Once this case is laid out and painted: the thread reading ahead would hold
        # the interpreter lock for part of the switch it is meant to speed up.
        self._ahead_timer.start()

    def _show(self, b: CaseBundle) -> None:
        if self._wanted != b.case.case_id:
            return  # the person moved on while it loaded
        self._wanted = None
        self.current_case_id = b.case.case_id
        self.list.set_open_case(b.case.case_id)
        self.form_scroll.verticalScrollBar().setValue(0)  # each case starts at the top
        self.case_view.show_case(b.case, b.linked, self.list.search_terms(), b.met_hidden)
        self.trail.visit(b.case.case_id)
        self._update_trail()
        self.case_view.show_history(b.history)
        if self.controller.load(b.case, b.saved):
            self._fit_form()  # other action boxes, maybe another width
        if b.case.regime != self._guidance_regime:  # the guidance differs by regime only
            self._guidance_regime = b.case.regime
            self.guidance.show_regime(b.case.regime)
        self._remember_timer.start()
        self.case_shown.emit(b.case.case_id)

    def _read_ahead(self) -> None:
        """Read the cases just above and below the one opening, on the database thread,
        so that the next step through the list finds them at hand.  What was read is
        used only while no other job has been queued since (a save, an import, a
        search): any such job drops it, and the case is read again."""
        wanted = self._wanted or self.current_case_id
        model = self.list.model
        row = self.list.current_row()  # mostly the case's own row: no search of the list
        if wanted is None or getattr(model.case_at(row), "case_id", None) != wanted:
            row = model.row_of(wanted) if wanted else -1
        if row < 0:
            self._ahead, self._ahead_job = {}, -1
            return
        kept = self._ahead if self.db.last_job == self._ahead_job + 1 else {}
        ids = [c.case_id for c in (model.case_at(r) for r in (row + 1, row - 1))
               if c is not None]
        self._ahead = {i: kept[i] for i in ids if i in kept}
        missing = [i for i in ids if i not in self._ahead]

        def keep(bundles: list[CaseBundle]) -> None:
            if self._ahead_job == job:  # else superseded by a later read-ahead
                self._ahead.update((b.case.case_id, b) for b in bundles)

        # a failed read ahead is only a miss: the load itself reports what is wrong
        job = self.db.with_ws(lambda ws: [_load_case(ws, i) for i in missing], keep,
                              lambda exc: None)
        self._ahead_job = job

    def remember_case(self) -> None:
        """Keep the id of the case on screen as this workspace's last case."""
        self._remember_timer.stop()
        if self._last_case_key and self.current_case_id:
            self._settings.setValue(self._last_case_key, self.current_case_id)

    def _last_case(self) -> str | None:
        value = self._settings.value(self._last_case_key) if self._last_case_key else None
        return value if isinstance(value, str) and value else None

    def _focus_moved(self, _old, new) -> None:
        """Keep the field with the keyboard focus in view on a short screen: its whole
        box when that fits (the rationale with the confidence under it), else itself."""
        if new is None or new is self.form or not self.form.isAncestorOf(new):
            return
        box = new.parentWidget()
        while box is not self.form and not isinstance(box, QGroupBox):
            box = box.parentWidget()
        if box is self.form or box.height() + 16 > self.form_scroll.viewport().height():
            self.form_scroll.ensureWidgetVisible(new, 16, 24)
            return
        centre = box.mapTo(self.form, box.rect().center())
        self.form_scroll.ensureVisible(centre.x(), centre.y(), box.width() // 2 + 4,
                                       box.height() // 2 + 8)

    def _fit_form(self) -> None:
        """The form's pane is never narrower than its fields (they differ by regime)."""
        bar = self.form_scroll.verticalScrollBar().sizeHint().width()
        self.form_scroll.setMinimumWidth(self.form.minimumSizeHint().width() + bar + 4)

    def open_linked(self, case_id: str) -> None:
        """A linked case: select it in the list if shown there, else open it anyway."""
        if not self.list.select_case(case_id):
            self.open_case(case_id)

    def back(self) -> bool:
        """The case seen before, as a browser's Back does (Alt+Left)."""
        target = self.trail.back()
        self._update_trail()
        if target is not None:
            self.open_linked(target)
        return target is not None

    def forward(self) -> bool:
        target = self.trail.forward()
        self._update_trail()
        if target is not None:
            self.open_linked(target)
        return target is not None

    def _update_trail(self) -> None:
        self.case_view.set_navigation(self.trail.can_back(), self.trail.can_forward())

    def _load_document(self, filename: str) -> None:
        self.db.with_ws(lambda ws: ws.document(filename),
                        lambda content: self.case_view.documents.show_bytes(filename, content))

    def _search(self, text: str) -> None:
        if not text.strip():
            self._searched(text, None)
            return
        self.db.with_ws(lambda ws: ws.search(text), lambda ids: self._searched(text, ids))

    def _searched(self, text: str, ids: list[str] | None) -> None:
        self.list.set_search_result(text, ids)
        self.case_view.set_terms(self.list.search_terms())

    def _saved(self, outcome: SaveOutcome) -> None:
        if outcome.row is not None:
            self.list.model.update_row(outcome.row)
        if outcome.case_id == self.current_case_id:
            self.case_view.show_history(outcome.history)
            # Under the anchoring guard the list row carries the Met's category only
            # once a panel category is saved: then the case file shows it too.
            if outcome.row is not None and outcome.row.met_category is not None:
                self.case_view.reveal_met()
        self.rows_changed.emit()

    # -- navigation -------------------------------------------------------------------
    def step(self, delta: int) -> bool:
        model = self.list.model
        if model.rowCount() == 0:
            return False
        row = self.list.current_row()
        if row < 0:
            row = model.row_of(self.current_case_id) if self.current_case_id else -1
        target = 0 if row < 0 else row + delta
        if not 0 <= target < model.rowCount():
            return False
        return self.list.select_row(target)

    def next_undecided(self) -> bool:
        """The next case in list order that is neither final nor recused (wrapping)."""
        model = self.list.model
        n = model.rowCount()
        start = self.list.current_row()
        for k in range(1, n + 1):
            row = (start + k) % n if start >= 0 else k - 1
            case = model.case_at(row)
            if case is not None and not case.decided and case.case_id != self.current_case_id:
                return self.list.select_row(row)
        return False

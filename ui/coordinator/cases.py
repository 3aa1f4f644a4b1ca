"""The coordinator's Cases tab: overview list | case facts, reviews side by side, adjudication.

Left: counts per status (which double as the status filter), search and the
rule for "agreed" above the overview table (``ui.coordinator.overview``).
Right: the case file (reused from the member's app) above; below it the
reviewers' decisions side by side (and the adjudication's history) beside
the adjudication form, so that the coordinator reads one while filling the
other, on a 1366x768 laptop too.  Everything is read and written through the
database thread; a blind case's reviews never leave it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QHBoxLayout, QLabel, QPushButton, QScrollArea, QSplitter, QVBoxLayout,
                               QWidget)

from review.workspace.decision_store import SavedDecision
from review.decisions import Decision
from review.panel.merge import case_status, differing_fields
from ui.member.case_file import TAB_HISTORY, CaseFileView
from ui.coordinator.adjudication import AdjudicationForm, StartFrom
from ui.coordinator.compare import ReviewComparison
from ui.coordinator.model import is_in
from ui.coordinator.overview import CaseOverview
from ui.db_worker import Database
from ui.errors import show_error
from ui.member.history import HistoryView


@dataclass(frozen=True)
class CaseDetail:
    """What the right-hand side shows for one case, read in one job."""

    case: Any
    linked: list
    assigned: tuple[str, ...]
    reviews_in: int
    status: str
    reviews: dict            # reviewer → Decision | None; EMPTY while the case is blind
    differing: tuple[str, ...]
    adjudication: Any        # SavedDecision | None
    history: list
    changes: tuple = ()      # review.panel.after_final.ChangedAfterFinal; none while blind


def load_detail(ws, case_id: str) -> CaseDetail:
    """Runs on the database thread. Blind cases carry counts, never content."""
    revs = ws.all_reviews().get(case_id, {})
    saved = ws.decisions.get(case_id)
    status = case_status(revs, revs.keys(), saved is not None)
    # Blindness follows the reviews alone (as CoordinatorWorkspace.visible_reviews does).
    blind = case_status(revs, revs.keys(), False) == "awaiting"
    shown = {} if blind else dict(revs)
    differing = () if blind else tuple(differing_fields(
        [d for d in revs.values() if d is not None and not d.recused]))
    return CaseDetail(ws.case(case_id), ws.linked_cases(case_id), tuple(sorted(revs)),
                      sum(1 for d in revs.values() if is_in(d)), status, shown, differing,
                      saved, ws.decisions.history(case_id),
                      () if blind else tuple(ws.changes_after_final(case_id)))


class CoordinatorCasesPane(QWidget):
    changed = Signal()          # an adjudication was recorded: overview and stats are stale
    message = Signal(str)

    def __init__(self, db: Database, parent=None) -> None:
        super().__init__(parent)
        self.db = db
        self.names: dict[str, str] = {}
        self.current_case_id: str | None = None
        self.detail: CaseDetail | None = None
        self.unrecorded: dict[str, Decision] = {}   # in memory only, never written
        self._wanted: str | None = None
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        layout.addWidget(self.splitter)

        # -- left: counts/filter, search, legend and the overview ------------------------
        self.overview = CaseOverview()
        self.strip, self.model, self.table = (self.overview.strip, self.overview.model,
                                              self.overview.table)
        self.search = self.overview.search
        self.strip.chosen.connect(self._filter)
        self.search.textChanged.connect(self._search)
        # the cases behind an Insights figure: a bar under the search says which
        self.only_bar = QWidget()
        ob = QHBoxLayout(self.only_bar)
        ob.setContentsMargins(0, 0, 0, 0)
        self.only_label = QLabel()
        self.only_label.setTextFormat(Qt.TextFormat.PlainText)  # may hold a subject id
        self.only_label.setWordWrap(True)
        self.only_label.setAccessibleName("Cases behind a figure")
        ob.addWidget(self.only_label, 1)
        self.only_clear = QPushButton("Show all cases")
        self.only_clear.clicked.connect(lambda: self.show_only(None, ""))
        ob.addWidget(self.only_clear)
        self.only_bar.hide()
        lv = self.overview.layout()
        lv.insertWidget(lv.indexOf(self.table), self.only_bar)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self.splitter.addWidget(self.overview)

        # -- right: the case file above; below, the reviews side by side (and the
        # adjudication's history) beside the adjudication form, so both are in view at once
        right = QSplitter(Qt.Orientation.Vertical)
        right.setChildrenCollapsible(False)
        self.right = right
        self.case_view = CaseFileView()
        self.case_view.tabs.removeTab(TAB_HISTORY)  # the adjudication history is below
        self.case_view.open_case.connect(self.show_case)
        right.addWidget(self.case_view)
        self.lower = QSplitter(Qt.Orientation.Horizontal)
        self.lower.setChildrenCollapsible(False)
        body = QWidget()
        bv = QVBoxLayout(body)
        bv.setContentsMargins(8, 4, 4, 8)
        title = QLabel("Reviews side by side")
        title.setObjectName("CaseTitle")
        bv.addWidget(title)
        self.comparison = ReviewComparison()
        bv.addWidget(self.comparison)
        history_title = QLabel("Adjudication history")
        history_title.setObjectName("CaseTitle")
        bv.addWidget(history_title)
        self.history = HistoryView()
        self.history.note.setText("Every recorded version of the adjudicated decision on this "
                                  "case, oldest first. The history cannot be edited.")
        self.history.setMinimumHeight(260)
        bv.addWidget(self.history)
        self.no_history = QLabel("No adjudication has been recorded on this case.")
        self.no_history.setObjectName("Muted")
        bv.addWidget(self.no_history)
        bv.addStretch(1)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setWidget(body)
        self.scroll.setAccessibleName("Reviews side by side")
        self.lower.addWidget(self.scroll)

        side = QWidget()
        sv = QVBoxLayout(side)
        sv.setContentsMargins(4, 4, 8, 8)
        self.start_from = StartFrom()
        self.start_from.chosen.connect(self.start_from_review)
        sv.addWidget(self.start_from)
        self.form = AdjudicationForm()
        self.blocked = QLabel()
        self.blocked.setObjectName("Muted")
        self.blocked.setWordWrap(True)
        self.blocked.setAccessibleName("Adjudication")
        sv.addWidget(self.blocked)
        self.form.record_requested.connect(self.record)
        self.form.revise_requested.connect(self.revise)
        sv.addWidget(self.form)
        sv.addWidget(self.form.footer)
        sv.addStretch(1)
        self.form_scroll = QScrollArea()
        self.form_scroll.setWidgetResizable(True)
        self.form_scroll.setWidget(side)
        self.form_scroll.setAccessibleName("Adjudication")
        self.lower.addWidget(self.form_scroll)
        self.lower.setSizes([450, 540])
        right.addWidget(self.lower)
        right.setSizes([190, 670])
        self.splitter.addWidget(right)
        self.splitter.setSizes([370, 1070])
        self.clear()

    # -- the overview ----------------------------------------------------------------
    def set_rows(self, rows, names: dict[str, str]) -> None:
        self.names = names
        keep = self.current_case_id
        self.model.set_search(self.search.text(), names)
        self.model.set_rows(rows)
        self.strip.set_counts(self.model.counts())
        self._note()
        if keep is not None and self.model.row_of(keep) >= 0:
            self._select_row(self.model.row_of(keep), load=False)

    def _note(self) -> None:
        self.overview.note()

    def _search(self, text: str) -> None:
        keep = self.current_case_id
        self.model.set_search(text, self.names)
        self._note()
        row = self.model.row_of(keep) if keep else -1
        if row >= 0:
            self._select_row(row, load=False)

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def next_disagreement(self) -> bool:
        """Open the next case (after the current one, wrapping round) whose reviewers
        disagree and that is not adjudicated; the filters are cleared when they hide it."""
        rows = [self.model.case_at(i) for i in range(self.model.rowCount())]
        if not any(r.status == "disagreement" for r in rows):
            if not any(r.status == "disagreement" for r in self.model.all_rows()):
                self.message.emit("No case has a disagreement left to adjudicate.")
                return False
            self.search.clear()
            self._filter(None)
            rows = [self.model.case_at(i) for i in range(self.model.rowCount())]
        here = self.model.row_of(self.current_case_id) if self.current_case_id else -1
        for step in range(1, len(rows) + 1):
            r = rows[(here + step) % len(rows)]
            if r.status == "disagreement" and r.case_id != self.current_case_id:
                self.show_case(r.case_id)
                return True
        self.message.emit("This is the only case with a disagreement left to adjudicate.")
        return False

    def set_category(self, code: str) -> bool:
        """Ctrl+1/2/3: the adjudicated decision's category, when the form takes input."""
        if self.detail is None or not self.detail.reviews or not self.form.isVisible():
            self.message.emit("Open a case whose reviews are all in to adjudicate it.")
            return False
        if not self.form.set_category(code):
            self.message.emit("This adjudication is recorded: press Revise to change it.")
            return False
        return True

    def start_from_review(self, rid: str) -> None:
        """Fill the form with one reviewer's decision, as a draft not yet recorded."""
        if self.detail is None or self.form.locked:
            return
        d = self.detail.reviews.get(rid)
        if d is None or d.recused:
            return
        self._fill(replace(d, status="draft"))
        self.message.emit(f"The form holds {self.names.get(rid, rid)}\u2019s answer: change "
                          "what you need, then record the adjudicated decision.")

    def show_only(self, case_ids, label: str) -> None:
        """Only the cases behind an Insights figure (None: every case again)."""
        self.model.set_only(case_ids)
        self.only_label.setText(f"Only the {len(case_ids):,} cases of: {label}" if case_ids
                                else "")
        self.only_bar.setVisible(case_ids is not None)
        self._filter(None)

    def _filter(self, status: str | None) -> None:
        keep = self.current_case_id
        self.model.set_status_filter(status)
        self.strip.select(status)
        self._note()
        row = self.model.row_of(keep) if keep else -1
        if row >= 0:
            self._select_row(row, load=False)
        elif self.model.rowCount():
            self._select_row(0)

    def _select_row(self, row: int, load: bool = True) -> None:
        sel = self.table.selectionModel()
        if not load:
            sel.blockSignals(True)
        try:
            self.table.selectRow(row)
            self.table.setCurrentIndex(self.model.index(row, 0))
        finally:
            sel.blockSignals(False)
        self.table.scrollTo(self.model.index(row, 0))

    def _row_changed(self, current, _previous) -> None:
        r = self.model.case_at(current.row())
        if r is not None and r.case_id != self.current_case_id:
            self.show_case(r.case_id)

    def select_first(self) -> None:
        if self.model.rowCount():
            self._select_row(0)

    # -- one case --------------------------------------------------------------------
    def show_case(self, case_id: str) -> None:
        self._keep_unrecorded()
        self._wanted = case_id
        row = self.model.row_of(case_id)
        current = self.model.case_at(self.table.currentIndex().row())
        if row >= 0 and (current is None or current.case_id != case_id):
            self._select_row(row, load=False)
        self.db.with_ws(lambda ws: load_detail(ws, case_id), self._show_detail,
                        lambda exc: show_error(self.window(), exc))

    def reload_case(self) -> None:
        if self.current_case_id is not None:
            cid = self.current_case_id
            self.db.with_ws(lambda ws: load_detail(ws, cid), self._show_detail,
                            lambda exc: show_error(self.window(), exc))

    def _show_detail(self, detail: CaseDetail) -> None:
        if detail.case.case_id != self._wanted:
            return  # the person has moved on
        if detail.case.case_id != self.current_case_id:
            self.scroll.verticalScrollBar().setValue(0)  # a new case starts at its reviews
            self.form_scroll.verticalScrollBar().setValue(0)
        self.detail = detail
        self.current_case_id = detail.case.case_id
        self.case_view.show_case(detail.case, detail.linked, [])
        self.form.setEnabled(True)
        blind = not detail.reviews
        self.form.setVisible(not blind)
        self.form.footer.setVisible(not blind)
        self.blocked.setVisible(blind)
        if blind:
            self.comparison.show_blind(detail.reviews_in, len(detail.assigned))
            self.form.load_case(detail.case, None, "awaiting")  # nothing left from another case
            self.form.show_blind()
            self.blocked.setText(f"<b>Adjudicated decision:</b> {detail.case.case_id} can be "
                                 "adjudicated once every assigned reviewer has finalised.")
        else:
            self.comparison.show_reviews(detail.reviews, self.names, detail.differing,
                                         adjudicated=detail.adjudication is not None)
            draft = self.unrecorded.pop(detail.case.case_id, None)
            if draft is not None and detail.adjudication is None:
                self.form.load_case(detail.case, None, detail.status)
                self._fill(draft)
            else:
                self.form.load_case(detail.case, detail.adjudication, detail.status)
            self.comparison.show_changes(detail.changes, self.names)
            if any(c.needs_review for c in detail.changes):
                self.form.saved_state.setText(self.form.saved_state.text()
                                              + " \u00b7 marked for review")
        self.start_from.set_reviews(detail.reviews, self.names, not self.form.locked)
        self.history.set_entries(detail.history)
        self.history.setVisible(bool(detail.history))
        self.no_history.setVisible(not detail.history)

    def _fill(self, d: Decision) -> None:
        """Put an unrecorded adjudication back into the form."""
        self.form.load(self.detail.case, SavedDecision(self.detail.case.case_id, d, 0, ""))
        self.form.saved_state.setText("")

    def _keep_unrecorded(self) -> None:
        """Typed but not recorded: kept in memory while the app runs, never on disk."""
        if self.detail is None or self.form.locked or not self.form.isEnabled() \
                or not self.detail.reviews:
            return
        d = self.form.decision()
        if d != Decision():
            self.unrecorded[self.detail.case.case_id] = d

    def unrecorded_count(self) -> int:
        """How many adjudications were typed but not recorded (including the open one)."""
        self._keep_unrecorded()
        return len(self.unrecorded)

    def clear(self) -> None:
        self.detail, self.current_case_id, self._wanted = None, None, None
        self.unrecorded.clear()
        self.case_view.clear()
        self.comparison.clear()
        self.start_from.set_reviews({}, {}, False)
        self.form.show_blind()
        self.form.banner.setText("")
        self.form.hide()
        self.form.footer.hide()
        self.blocked.hide()
        self.history.set_entries([])
        self.history.hide()
        self.no_history.hide()

    # -- adjudicating --------------------------------------------------------------------
    def record(self) -> None:
        detail = self.detail
        if detail is None or not detail.reviews or self.form.locked:
            return
        unfinished = self.form.point_out_problems()
        if unfinished:
            self.message.emit(f"Not recorded: {unfinished}")
            return
        case_id = detail.case.case_id
        d = replace(self.form.decision(), status="final")

        def job(ws):
            ws.adjudicate(case_id, d)
            return load_detail(ws, case_id)

        def done(new: CaseDetail) -> None:
            self.unrecorded.pop(case_id, None)
            if self._wanted == case_id:
                self._show_detail(new)
            version = new.adjudication.version if new.adjudication else "?"
            self.message.emit(f"Adjudicated decision on {case_id} recorded (version {version}).")
            self.changed.emit()

        def failed(exc: BaseException) -> None:
            from review.errors import DecisionInvalid
            if isinstance(exc, DecisionInvalid) and self._wanted == case_id:
                for name, label in self.form.errors.items():
                    text = exc.errors.get(name)
                    label.setText(text or "")
                    label.setVisible(bool(text))
                self.message.emit("Not recorded: " + str(exc))
            else:
                show_error(self.window(), exc, doing="recording the adjudicated decision")

        self.db.with_ws(job, done, failed)

    def revise(self) -> None:
        if self.detail is None or not self.form.locked:
            return
        self.form.set_locked(None)
        self.start_from.set_open(True)
        self.form.refresh()
        self.form.rationale.setFocus()

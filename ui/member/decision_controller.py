"""Autosave, finalise, reopen and recuse: the form's link to the database.

Nothing lost: every change goes to ``ws.decisions.save`` on the database
thread, and the form says "Saved" only when the worker reports the commit
for the last change made.  Typing in the rationale is saved after a short
pause (``DEBOUNCE_MS``); every other change at once; a pending pause is
flushed before the case changes and before the window closes.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from review.decisions import Decision, shape_errors
from ui.member.case_rows import CaseRow, load_row
from ui.db_worker import Database
from ui.member.decision_form import DecisionForm
from ui.errors import show_error
from ui.member.history import local_time

DEBOUNCE_MS = 400


@dataclass(frozen=True)
class SaveOutcome:
    case_id: str
    result: Any            # review.workspace.decision_store.SaveResult
    history: list          # the case's history entries after the save
    row: CaseRow | None    # the case list's row after the save


def _after(ws, case_id: str, result) -> SaveOutcome:
    return SaveOutcome(case_id, result, ws.decisions.history(case_id), load_row(ws, case_id))


class DecisionController(QObject):
    saved = Signal(object)          # SaveOutcome, for the list, history and progress
    finalised = Signal(str, bool)   # case id, "go to the next undecided case"
    message = Signal(str)           # a short note for the status bar

    def __init__(self, db: Database, form: DecisionForm, parent=None) -> None:
        super().__init__(parent)
        self.db, self.form = db, form
        self.case_id: str | None = None
        self._submitted: str | None = None   # canonical form of the last decision sent
        self._pending = 0
        self._timer = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self._timer.timeout.connect(self.save_now)
        form.edited.connect(self._edited)
        form.finalise_requested.connect(self.finalise)
        form.reopen_requested.connect(self.reopen)
        form.recuse_requested.connect(self.recuse)

    # -- which case -------------------------------------------------------------------
    def load(self, case, saved) -> bool:
        """Show a newly opened case; the previous one was flushed already.

        True when the form made its action boxes anew (``DecisionForm.load``)."""
        self.case_id = case.case_id
        # What is on record: an untouched case's empty form is not a change to save.
        self._submitted = (saved.decision if saved else Decision()).normalised().canonical()
        rebuilt = self.form.load(case, saved)
        self._show_saved(saved)
        return rebuilt

    def _show_saved(self, saved) -> None:
        if saved is None:
            self.form.set_save_state("none", "Not started")
        else:
            self.form.set_save_state("saved", f"\u2713 Saved \u00b7 version {saved.version} \u00b7 "
                                     f"{local_time(saved.saved_at)[-8:]}")

    @property
    def dirty(self) -> bool:
        """A change not yet committed: waiting for the pause, or with the worker."""
        return self._timer.isActive() or self._pending > 0

    # -- autosave -------------------------------------------------------------------------
    def _edited(self, immediate: bool) -> None:
        if immediate:
            self.save_now()
        else:
            self.form.set_save_state("pending", "Editing\u2026")
            self._timer.start()

    def flush(self) -> None:
        """Send any change still waiting for the typing pause."""
        if self._timer.isActive():
            self.save_now()

    def save_now(self, explicit: bool = False) -> None:
        """Send the form to the store unless it says what was sent last.

        ``explicit``: the person asked (File \u2192 Save now), so a note says when
        there was nothing to save."""
        self._timer.stop()
        if self.case_id is None or self.form.locked:
            return
        d = self.form.decision()
        normal = d.normalised()
        canonical = normal.canonical()
        if canonical == self._submitted:
            if self._pending == 0:
                self.form.set_save_state("saved", self.form.saved_state.text()
                                         if "Saved" in self.form.saved_state.text() else
                                         "Nothing to save yet")
                if explicit:  # Save now said nothing new: no version is made, and it says so
                    self.message.emit("Nothing to save: no change since the last saved "
                                      "version.")
            return
        refused = shape_errors(normal, self.form.regime, self.form.role, self.form.kept)
        if refused:
            # The store would refuse it (say, a rationale longer than an export cell
            # holds): the field says why, live; no dialog at every pause in typing.
            self.form.refresh()
            fields = " and ".join(name.replace("_", " ") for name in refused)
            self.form.set_save_state("failed", f"\u26a0 Not saved: see the {fields}")
            return
        self._submitted = canonical
        self._submit(lambda ws, cid=self.case_id: ws.decisions.save(cid, d))

    def _submit(self, operation, then=None) -> None:
        case_id = self.case_id
        self._pending += 1
        self.form.set_save_state("pending", "Saving\u2026")

        def job(ws):
            return _after(ws, case_id, operation(ws))

        def done(outcome: SaveOutcome) -> None:
            self._pending -= 1
            if outcome.case_id == self.case_id and self._pending == 0:
                if not self._timer.isActive():
                    self._show_saved(outcome.result.saved)
            self.saved.emit(outcome)
            if then is not None:
                then(outcome)

        def failed(exc: BaseException) -> None:
            self._pending -= 1
            self._submitted = ""  # matches no form: the next change (or Save now) tries again
            if case_id == self.case_id:
                self.form.set_save_state("failed", "\u26a0 Not saved")
            show_error(self.form.window(), exc, doing="saving the decision")

        self.db.with_ws(job, done, failed)

    # -- finalise, reopen, recuse -------------------------------------------------------------
    def finalise(self, and_next: bool = False) -> bool:
        if self.case_id is None:
            return False
        if self.form.locked:
            self.message.emit("This decision is already final.")
            if and_next:
                self.finalised.emit(self.case_id, True)
            return False
        self._timer.stop()
        unfinished = self.form.point_out_problems()
        if unfinished:
            self.message.emit(f"Not finalised: {unfinished}")
            return False
        d = replace(self.form.decision(), status="final")
        self._submitted = d.normalised().canonical()
        case_id = self.case_id

        def then(outcome: SaveOutcome) -> None:
            if outcome.case_id == self.case_id:
                self.form.set_locked(outcome.result.saved.decision)
                self.form.refresh()
            self.message.emit(f"Case {case_id} finalised.")
            self.finalised.emit(case_id, and_next)

        self._submit(lambda ws: ws.decisions.finalise(case_id, d), then)
        return True

    def reopen(self) -> None:
        if self.case_id is None or not self.form.locked:
            return
        case_id = self.case_id

        def operation(ws):
            current = ws.decisions.get(case_id)
            if current is not None and current.decision.recused:
                # Withdrawing a recusal: a draft without it (the history keeps it).
                return ws.decisions.save(case_id, replace(current.decision, recused=False,
                                                          recusal_reason="", status="draft"))
            return ws.decisions.reopen(case_id)

        def then(outcome: SaveOutcome) -> None:
            if outcome.case_id == self.case_id:
                saved = outcome.result.saved
                self._submitted = saved.decision.normalised().canonical()
                self.form.set_locked(saved.decision)
                self.form.refresh()
            self.message.emit(f"Case {case_id} reopened as a draft.")

        self._submit(operation, then)

    def recuse(self) -> None:
        if self.case_id is None or self.form.locked:
            return
        case_id = self.case_id
        from ui.member import recuse_dialog  # only when someone recuses
        reason = recuse_dialog.ask_reason(self.form.window(), case_id)
        if not reason:
            return
        self.flush()

        def then(outcome: SaveOutcome) -> None:
            if outcome.case_id == self.case_id:
                saved = outcome.result.saved
                self._submitted = saved.decision.normalised().canonical()
                self.form.set_locked(saved.decision)
                self.form.refresh()
            self.message.emit(f"You recused yourself from case {case_id}.")

        self._submit(lambda ws: ws.decisions.recuse(case_id, reason), then)


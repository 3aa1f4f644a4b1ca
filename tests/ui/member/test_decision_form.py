"""The decision form: regime options, live validation, autosave, finalise,
reopen and recuse, each checked against what the store committed."""

from __future__ import annotations

import threading

from PySide6.QtCore import Qt

from tests.ui.ui_helpers import wait_idle
from ui.member import recuse_dialog


def _open_regime(qtbot, window, regime: str) -> str:
    lst = window.review.list
    combo = lst.combos["regime"]
    combo.setCurrentIndex(combo.findData(regime))
    lst.select_row(0)
    case_id = lst.model.case_at(0).case_id
    qtbot.waitUntil(lambda: window.review.current_case_id == case_id, timeout=10_000)
    wait_idle(qtbot, window)
    return case_id


def _store(qtbot, window, fn):
    """Ask the workspace on its own thread, as the app does, and wait for it."""
    out = []
    window.db.with_ws(fn, out.append)
    qtbot.waitUntil(lambda: bool(out), timeout=10_000)
    return out[0]


def test_actions_follow_the_regulations_regime(opened, qtbot):
    form = opened.review.form
    _open_regime(qtbot, opened, "2012")
    assert "management_action" in form.action_boxes and "rprp" not in form.action_boxes
    assert "2012" in form.actions_box.title()
    _open_regime(qtbot, opened, "2020")
    assert "rprp" in form.action_boxes and "management_action" not in form.action_boxes
    assert "2020" in opened.review.guidance.toPlainText()


def test_live_validation_names_each_field_as_the_person_works(opened, qtbot):
    form = opened.review.form
    assert not any(label.isVisible() for label in form.errors.values())  # untouched: quiet
    form.action_boxes["misconduct_proceedings"].click()
    assert form.errors["severity"].isVisible() and "misconduct" in form.errors["severity"].text()
    form.severity_buttons["gross_misconduct"].click()
    assert not form.errors["severity"].isVisible()
    qtbot.keyClicks(form.rationale, "tbc")
    assert "full sentence" in form.errors["rationale"].text()
    assert opened.review.controller.finalise() is False  # refused, every field now marked
    assert form.errors["category"].isVisible() and form.errors["confidence"].isVisible()
    assert "to complete before finalising" in form.summary.text()
    assert form.agreement.text() == ""
    met = opened.review.case_view.case.met_category
    form.set_category(met)
    assert "You agree with the Met\u2019s category" in form.agreement.text()


def test_saved_shows_only_after_the_worker_committed(opened, qtbot):
    form, case_id = opened.review.form, opened.review.current_case_id
    gate = threading.Event()
    opened.db.call(lambda ctx: gate.wait(10))  # the worker is busy elsewhere
    form.category_buttons["new_assessment"].click()
    assert "Saved" not in form.saved_state.text() and opened.review.controller.dirty
    gate.set()
    qtbot.waitUntil(lambda: "Saved" in form.saved_state.text(), timeout=10_000)
    saved = _store(qtbot, opened, lambda ws: ws.decisions.get(case_id))
    assert saved.decision.category == "new_assessment" and saved.decision.status == "draft"
    assert f"version {saved.version}" in form.saved_state.text()


def test_typing_is_saved_once_after_a_pause(opened, qtbot):
    form, case_id = opened.review.form, opened.review.current_case_id
    qtbot.keyClicks(form.rationale, "Several words typed quickly one after another.")
    assert opened.review.controller.dirty
    qtbot.waitUntil(lambda: not opened.review.controller.dirty, timeout=5_000)
    history = _store(qtbot, opened, lambda ws: ws.decisions.history(case_id))
    assert len(history) == 1  # one version for the whole burst of typing


def test_finalise_reopen_and_history_keeps_both(opened, qtbot):
    form, case_id = opened.review.form, opened.review.current_case_id
    form.set_category("no_formal_action")
    form.action_boxes["no_further_action"].click()
    qtbot.keyClicks(form.rationale, "The action taken at the time was correct and recorded.")
    form.confidence_buttons["medium"].click()
    assert opened.review.controller.finalise() is True
    wait_idle(qtbot, opened)
    assert form.locked and form.reopen_button.isVisible() and not form.finalise_button.isVisible()
    assert form.set_category("new_assessment") is False  # final: read-only
    versions = len(opened.review.case_view.history.model._rows)
    qtbot.mouseClick(form.reopen_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, opened)
    assert not form.locked
    history = _store(qtbot, opened, lambda ws: ws.decisions.history(case_id))
    assert [e.decision["status"] for e in history][-2:] == ["final", "draft"]
    assert len(history) == versions + 1 == len(opened.review.case_view.history.model._rows)
    changes = opened.review.case_view.history.model.index(versions, 3).data()
    assert "Reopened" in changes


def test_recuse_with_reason_then_withdraw(opened, qtbot, monkeypatch):
    form, case_id = opened.review.form, opened.review.current_case_id
    reason = "I supervised the subject in the same team and declare a conflict of interest."
    monkeypatch.setattr(recuse_dialog, "ask_reason", lambda parent, cid: reason)
    qtbot.mouseClick(form.recuse_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, opened)
    saved = _store(qtbot, opened, lambda ws: ws.decisions.get(case_id))
    assert saved.decision.recused and saved.decision.recusal_reason == reason
    assert form.locked and "Recused" in form.banner.text()
    row = opened.review.list.model.case_at(opened.review.list.model.row_of(case_id))
    assert row.state == "recused"
    qtbot.mouseClick(form.reopen_button, Qt.MouseButton.LeftButton)  # "Withdraw recusal"
    wait_idle(qtbot, opened)
    saved = _store(qtbot, opened, lambda ws: ws.decisions.get(case_id))
    assert not saved.decision.recused and saved.decision.status == "draft" and not form.locked


def test_recuse_dialog_needs_a_real_sentence(qtbot):
    dialog = recuse_dialog.RecuseDialog(None, "PR-0001")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.reason.setPlainText("n/a")
    dialog.ok.click()  # refused: the dialog stays open and says why
    assert dialog.isVisible() and dialog.result() != dialog.DialogCode.Accepted
    assert dialog.hint.text() == recuse_dialog.NEEDS_SENTENCE
    dialog.reason.setPlainText("My brother works with the complainant in the same unit.")
    assert dialog.hint.text() == ""
    dialog.ok.click()
    assert not dialog.isVisible() and dialog.result() == dialog.DialogCode.Accepted


def _open_row(qtbot, window, row: int) -> str:
    lst = window.review.list
    case_id = lst.model.case_at(row).case_id
    lst.select_row(row)
    qtbot.waitUntil(lambda: window.review.current_case_id == case_id, timeout=10_000)
    wait_idle(qtbot, window)
    return case_id


def test_a_case_of_the_same_regime_keeps_the_action_boxes(opened, qtbot):
    """Switching cases only re-ticks the boxes; they are made anew for another regime."""
    form = opened.review.form
    first = _open_regime(qtbot, opened, "2012")
    boxes = dict(form.action_boxes)
    form.action_boxes["vetting_review"].click()
    qtbot.waitUntil(lambda: "Saved" in form.saved_state.text(), timeout=10_000)
    _open_row(qtbot, opened, 1)  # the list shows 2012 cases only
    assert all(form.action_boxes[c] is b for c, b in boxes.items())
    assert len(form.action_boxes) == len(boxes)
    assert not any(b.isChecked() for b in form.action_boxes.values())  # nothing saved here
    assert _open_row(qtbot, opened, 0) == first
    assert form.action_boxes["vetting_review"] is boxes["vetting_review"]
    assert [c for c, b in form.action_boxes.items() if b.isChecked()] == ["vetting_review"]
    _open_regime(qtbot, opened, "2020")
    assert "rprp" in form.action_boxes and form.action_boxes["vetting_review"] is not \
        boxes["vetting_review"]


def test_a_case_without_a_decision_is_not_called_a_draft(opened, qtbot):
    form = opened.review.form
    assert "No decision yet" in form.banner.text() and "Draft" not in form.banner.text()
    assert form.saved_state.text() == "Not started"
    form.set_category("new_assessment")
    assert form.banner.text().startswith("<b>Draft.</b>")
    qtbot.waitUntil(lambda: "Saved" in form.saved_state.text(), timeout=10_000)
    first = opened.review.current_case_id
    _open_row(qtbot, opened, 1)
    assert "No decision yet" in form.banner.text()
    _open_row(qtbot, opened, 0)
    assert opened.review.current_case_id == first and "Draft." in form.banner.text()


def test_a_rationale_too_long_to_export_is_marked_not_saved_then_saved_when_shortened(
        opened, qtbot, errors):
    from review.decisions import MAX_TEXT
    form, case_id = opened.review.form, opened.review.current_case_id
    form.rationale.setPlainText("The panel weighed it. " + "x" * MAX_TEXT)
    opened.review.controller.flush()
    wait_idle(qtbot, opened)
    assert form.saved_state.text() == "\u26a0 Not saved: see the rationale"
    message = form.errors["rationale"]
    assert message.isVisible() and f"{MAX_TEXT:,}" in message.text()
    assert errors == []  # marked in the form, no dialog at every pause
    assert _store(qtbot, opened, lambda ws: ws.decisions.get(case_id)) is None
    form.rationale.setPlainText("The panel weighed it and found the inquiry incomplete.")
    opened.review.controller.flush()
    qtbot.waitUntil(lambda: "Saved" in form.saved_state.text(), timeout=10_000)
    saved = _store(qtbot, opened, lambda ws: ws.decisions.get(case_id))
    assert saved.decision.rationale.startswith("The panel weighed it and found")


def test_finalising_an_unfinished_decision_points_out_every_missing_field(opened, qtbot):
    form, controller = opened.review.form, opened.review.controller
    said = []
    controller.message.connect(said.append)
    form.category_buttons["new_assessment"].click()  # category given; rationale, confidence not
    wait_idle(qtbot, opened)
    assert controller.finalise() is False
    assert said == ["Not finalised: 2 fields still need attention (marked in the form)."]
    assert opened.focusWidget() is form.rationale  # the first field to fix
    assert form.errors["rationale"].isVisible() and form.errors["confidence"].isVisible()
    assert not form.errors["category"].isVisible()


def test_switching_locks_and_unlocks_the_inputs_only_when_the_lock_changes(
        opened, qtbot, monkeypatch):
    """Between cases of the same lock on the same boxes nothing is locked again; a final
    case and the open one after it still take and refuse input as they should."""
    from ui.member import form_inputs
    form = opened.review.form
    final = _open_regime(qtbot, opened, "2012")
    form.set_category("no_formal_action")
    form.action_boxes["no_further_action"].click()
    qtbot.keyClicks(form.rationale, "The action taken at the time was correct and recorded.")
    form.confidence_buttons["medium"].click()
    assert opened.review.controller.finalise() is True
    wait_idle(qtbot, opened)
    calls = []
    real = form_inputs.lock_inputs
    monkeypatch.setattr(form_inputs, "lock_inputs",
                        lambda inputs, text, locked: (calls.append(locked),
                                                      real(inputs, text, locked)))

    def usable() -> bool:
        boxes = [*form.category_buttons.values(), *form.action_boxes.values()]
        return all(b.focusPolicy() == Qt.FocusPolicy.StrongFocus and not b.testAttribute(
            Qt.WidgetAttribute.WA_TransparentForMouseEvents) for b in boxes) \
            and not form.rationale.isReadOnly()

    _open_row(qtbot, opened, 1)
    assert not form.locked and usable() and calls == [False]
    _open_row(qtbot, opened, 2)  # the same boxes, still open: nothing to do
    assert not form.locked and usable() and calls == [False]
    assert _open_row(qtbot, opened, 0) == final
    assert form.locked and form.rationale.isReadOnly() and calls == [False, True]
    assert all(b.focusPolicy() == Qt.FocusPolicy.NoFocus
               for b in form.action_boxes.values())
    assert form.set_category("new_assessment") is False
    _open_row(qtbot, opened, 1)
    assert not form.locked and usable() and calls == [False, True, False]
    # unlocked again, the boxes follow what comes before them in Tab order once more
    first_box = next(iter(form.action_boxes.values()))
    assert form.action_pages._tab_after.nextInFocusChain() is first_box


def test_the_history_is_reset_only_when_there_was_or_is_one(opened, qtbot):
    form, history = opened.review.form, opened.review.case_view.history.model
    resets = []
    history.modelReset.connect(lambda: resets.append(history.rowCount()))
    form.set_category("new_assessment")  # row 0 now has a history
    qtbot.waitUntil(lambda: "Saved" in form.saved_state.text(), timeout=10_000)
    resets.clear()
    _open_row(qtbot, opened, 1)  # none
    assert resets == [0]
    _open_row(qtbot, opened, 2)  # none before, none now: left alone
    assert resets == [0] and history.rowCount() == 0
    _open_row(qtbot, opened, 0)
    assert resets == [0, 1] and history.rowCount() == 1

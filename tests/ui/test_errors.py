"""Errors reach people as sentences in dialogs, never as tracebacks."""

from __future__ import annotations

import logging
import sys

from PySide6.QtWidgets import QMessageBox

from review.errors import WorkspaceError, WrongPassphrase
from tests.ui.ui_helpers import wait_idle
from ui import errors as ui_errors


def test_domain_errors_are_shown_as_they_are_and_others_generically():
    assert ui_errors.message_for(WorkspaceError("The file is gone. Choose another.")) == \
        "The file is gone. Choose another."
    text = ui_errors.message_for(KeyError("PR-0001 secret summary text"))
    assert text == ui_errors.UNEXPECTED and "PR-0001" not in text
    assert ui_errors.title_for(WrongPassphrase("x")) == "Wrong passphrase"


def test_an_exception_in_a_slot_shows_a_sentence_and_logs_no_case_text(qapp, monkeypatch,
                                                                        caplog):
    shown = []
    monkeypatch.setattr(QMessageBox, "exec", lambda self: shown.append(self.text()) or 0)
    old = sys.excepthook
    ui_errors.install_excepthook()
    try:
        with caplog.at_level(logging.INFO):
            try:
                raise ValueError("case text: the complainant said something private")
            except ValueError:
                sys.excepthook(*sys.exc_info())
    finally:
        sys.excepthook = old
    assert shown == [ui_errors.UNEXPECTED]
    assert "complainant" not in caplog.text and "Traceback" not in caplog.text
    assert "ValueError" in caplog.text


def test_a_failed_save_says_not_saved_and_keeps_the_change(opened, qtbot, errors, monkeypatch):
    form = opened.review.form
    done = []

    def broken(ws):
        original = ws.decisions.save
        ws.decisions.save = lambda *a, **k: (_ for _ in ()).throw(OSError(28, "No space left"))
        return original
    opened.db.with_ws(broken, done.append)
    qtbot.waitUntil(lambda: bool(done))
    form.set_category("new_assessment")
    wait_idle(qtbot, opened)
    assert "Not saved" in form.saved_state.text()
    assert len(errors) == 1 and errors[0].startswith("The disk is full. Nothing saved before "
                                                     "was lost")
    assert form.category_buttons["new_assessment"].isChecked()  # the person's work stays
    opened.db.with_ws(lambda ws: setattr(ws.decisions, "save", done[0]))
    form.set_category("formal_risk_management")  # the next change saves again
    wait_idle(qtbot, opened)
    assert "Saved" in form.saved_state.text()


def test_a_full_disk_is_named_not_an_unexpected_problem(qtbot, monkeypatch):
    import sqlcipher3
    from PySide6.QtWidgets import QMessageBox
    from ui import errors
    shown = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append((box.windowTitle(),
                                                                         box.text())))
    errors.show_error(None, sqlcipher3.OperationalError("database or disk is full"),
                      doing="saving the decision")
    title, text = shown[0]
    assert title == "Disk full"
    assert text.startswith("The disk is full. Nothing saved before was lost")
    assert "unexpected" not in text

"""File → Change workspace / signing identity passphrase."""

from __future__ import annotations

import pytest

from review.errors import WrongPassphrase
from review.identity import Identity, load_identity
from tests.ui.ui_helpers import PASSPHRASE, wait_idle
from ui import passphrase_change
from ui.passphrase_change import ChangePassphraseDialog

NEW = "an entirely new passphrase"


class Answers:
    def __init__(self, *answers):
        self.answers, self.errors = list(answers), []

    def __call__(self, parent, what, error=None):
        self.errors.append(error)
        return self.answers.pop(0) if self.answers else None


def _wait_job(qtbot, window):
    qtbot.waitUntil(lambda: getattr(window, "passphrase_job", 1) is None, timeout=20_000)
    wait_idle(qtbot, window)


def test_the_dialog_checks_current_new_and_repeat(qtbot):
    d = ChangePassphraseDialog(None, "the workspace w.prw")
    qtbot.addWidget(d)
    assert not d.ok.isEnabled() and "current" in d.hint.text()
    d.current.setText(PASSPHRASE)
    d.first.setText(PASSPHRASE)
    assert not d.ok.isEnabled() and "is the current one" in d.hint.text()
    d.first.setText("short")
    assert not d.ok.isEnabled() and "at least 12" in d.hint.text()
    d.first.setText("qwerty123456")
    assert not d.ok.isEnabled() and "first that anyone would try" in d.hint.text()
    d.first.setText(NEW)
    d.second.setText(NEW)
    assert d.ok.isEnabled() and d.answer() == (PASSPHRASE, NEW)


def test_changing_the_open_workspace_passphrase_asks_again_on_a_wrong_current_one(
        opened, qtbot, monkeypatch):
    answers = Answers(("not the passphrase at all", NEW), (PASSPHRASE, NEW))
    monkeypatch.setattr(passphrase_change, "ask_change", answers)
    path = opened.info.path
    opened.actions["change_workspace_passphrase"].trigger()
    qtbot.waitUntil(lambda: len(answers.errors) == 2, timeout=20_000)
    _wait_job(qtbot, opened)
    assert answers.errors[0] is None and "not the current passphrase" in answers.errors[1]
    assert "was changed" in opened.statusBar().currentMessage()
    # Checked beside the open workspace, on connections of their own.
    from review.workspace.encrypted import passphrase_opens
    assert passphrase_opens(path, NEW) and not passphrase_opens(path, PASSPHRASE)


def test_changing_the_identity_passphrase_keeps_the_fingerprint(make_window, qtbot, monkeypatch,
                                                                tmp_path):
    from PySide6.QtWidgets import QFileDialog
    folder = tmp_path / "me"
    me = Identity.generate("Dr Me")
    me.save(folder, PASSPHRASE)
    monkeypatch.setattr(QFileDialog, "getExistingDirectory",
                        staticmethod(lambda *a, **k: str(folder)))
    answers = Answers((PASSPHRASE, NEW))
    monkeypatch.setattr(passphrase_change, "ask_change", answers)
    window = make_window()
    assert window.actions["change_identity_passphrase"].isEnabled()
    assert not window.actions["change_workspace_passphrase"].isEnabled()  # no workspace yet
    window.actions["change_identity_passphrase"].trigger()
    _wait_job(qtbot, window)
    assert load_identity(folder, NEW).fingerprint == me.fingerprint
    with pytest.raises(WrongPassphrase):
        load_identity(folder, PASSPHRASE)
    assert "fingerprint is the same" in window.statusBar().currentMessage()

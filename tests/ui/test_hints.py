"""Hints look like what they are: errors in the theme's error colour, guidance muted,
and the recusal dialog quiet until there is something to say."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication

from ui import theme
from ui.member.recuse_dialog import NEEDS_SENTENCE, RecuseDialog
from ui.passphrase_dialog import PassphraseDialog

ERROR = QColor(theme.ERROR_TEXT)


@pytest.fixture(autouse=True)
def styled(qapp):
    from ui.app import apply_style_sheet
    apply_style_sheet(QApplication.instance())


def _colour(label) -> QColor:
    label.ensurePolished()
    return label.palette().color(label.foregroundRole())


def test_wrong_passphrase_is_shown_in_the_error_colour(qtbot):
    retry = PassphraseDialog(None, create=False, target="w.prw",
                             error="That passphrase does not open w.prw.")
    qtbot.addWidget(retry)
    retry.show()
    assert retry.error.isVisible() and _colour(retry.error) == ERROR


def test_passphrase_mismatch_is_an_error_while_typing_the_repeat_is_not(qtbot):
    d = PassphraseDialog(None, create=True, target="w.prw")
    qtbot.addWidget(d)
    d.show()
    assert _colour(d.hint) != ERROR  # "Type a passphrase of at least 12 characters."
    d.first.setText("long enough?")
    d.second.setText("long en")       # still typing the repeat: guidance
    assert "Repeat" in d.hint.text() and _colour(d.hint) != ERROR
    d.second.setText("long enougH?")  # a mismatch: an error
    assert "differ" in d.hint.text() and _colour(d.hint) == ERROR
    d.second.setText("long enough?")
    assert d.ok.isEnabled() and _colour(d.hint) != ERROR


def test_identity_passphrase_mismatch_is_an_error_too(qtbot, tmp_path):
    from ui.export.dialogs import NewIdentityDialog
    new = NewIdentityDialog(None, tmp_path, "Dr A Member")
    qtbot.addWidget(new)
    new.show()
    new.first.setText("long enough?")
    new.second.setText("different!!!")
    assert "differ" in new.hint.text() and _colour(new.hint) == ERROR


def test_a_common_passphrase_is_an_error_in_both_dialogs(qtbot, tmp_path):
    from ui.export.dialogs import NewIdentityDialog
    for dialog in (PassphraseDialog(None, create=True, target="w.prw"),
                   NewIdentityDialog(None, tmp_path, "Dr A Member")):
        qtbot.addWidget(dialog)
        dialog.show()
        dialog.first.setText("qwerty123456")
        dialog.second.setText("qwerty123456")
        assert not dialog.ok.isEnabled() and _colour(dialog.hint) == ERROR
        assert "first that anyone would try" in dialog.hint.text()


def test_recusal_dialog_is_quiet_before_typing(qtbot):
    dialog = RecuseDialog(None, "PR-0001")
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.hint.text() == ""
    qtbot.keyClicks(dialog.reason, "My")   # typing: guidance, not an error
    assert dialog.hint.text() == NEEDS_SENTENCE and _colour(dialog.hint) != ERROR
    dialog.reason.clear()                  # typed, then cleared: now an error
    assert dialog.hint.text() == NEEDS_SENTENCE and _colour(dialog.hint) == ERROR


def test_recusal_dialog_says_why_when_confirmed_empty(qtbot):
    dialog = RecuseDialog(None, "PR-0001")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.ok.click()
    assert dialog.isVisible()
    assert dialog.hint.text() == NEEDS_SENTENCE and _colour(dialog.hint) == ERROR

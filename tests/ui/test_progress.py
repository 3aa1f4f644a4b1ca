"""Progress dialogs with real timing: never over another dialog, gone before the callback.

A ``QProgressDialog`` starts its own minimum-duration timer when it is built,
and that timer used to show a quick job's hidden dialog about four seconds
later, over the modal dialog the job's callback had opened.  These tests run
real jobs on the real database thread and watch every top-level widget.
"""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (QApplication, QDialog, QLabel, QProgressDialog, QPushButton,
                               QVBoxLayout, QWidget)

from ui.db_worker import Database
from ui.progress import SHOW_AFTER_MS, ProgressJob


def _visible_progress_dialogs() -> list[QProgressDialog]:
    return [w for w in QApplication.topLevelWidgets()
            if isinstance(w, QProgressDialog) and w.isVisible()]


class Watch:
    """Polls the top-level widgets every 50 ms and records visible progress dialogs."""

    def __init__(self) -> None:
        self.start = time.monotonic()
        self.seen: list[tuple[float, str, bool]] = []  # (seconds, title, has Cancel)
        self.timer = QTimer()
        self.timer.timeout.connect(self._poll)
        self.timer.start(50)

    def _poll(self) -> None:
        for dialog in _visible_progress_dialogs():
            cancel = any(b.text() == "Cancel" and b.isVisible()
                         for b in dialog.findChildren(QPushButton))
            self.seen.append((time.monotonic() - self.start, dialog.windowTitle(), cancel))

    def stop(self) -> None:
        self.timer.stop()


@pytest.fixture
def db(qtbot):
    database = Database()
    yield database
    database.shutdown()


@pytest.fixture
def parent(qtbot):
    window = QWidget()
    qtbot.addWidget(window)
    window.resize(800, 600)
    window.show()
    return window


def _modal_for(parent: QWidget, seconds: float, record: list) -> None:
    """What a callback does: open a modal dialog (a passphrase prompt, say) and wait."""
    record.append(("callback", _visible_progress_dialogs()))
    dialog = QDialog(parent)
    dialog.setWindowTitle("Asked after the job")
    QVBoxLayout(dialog).addWidget(QLabel("A question the person has not answered yet"))
    QTimer.singleShot(int(seconds * 1000), dialog.accept)
    dialog.exec()
    record.append(("answered", None))


def test_a_quick_job_never_shows_its_dialog_over_the_callbacks_modal_dialog(qtbot, db, parent):
    watch = Watch()
    record: list = []
    ProgressJob(parent, db, "Opening the workspace", "Unlocking\u2026", lambda ctx: 1,
                lambda result: _modal_for(parent, 6.0, record),
                lambda exc: record.append(("error", exc)), cancellable=False)
    qtbot.waitUntil(lambda: ("answered", None) in record, timeout=15_000)
    # and a little longer: nothing pops up after the modal dialog is gone either
    qtbot.wait(500)
    watch.stop()
    assert record[0] == ("callback", [])
    assert watch.seen == []
    assert time.monotonic() - watch.start >= 6.0


def test_a_failed_quick_job_never_shows_its_dialog_over_the_error_dialog(qtbot, db, parent):
    watch = Watch()
    record: list = []

    def fails(ctx):
        raise ValueError("wrong passphrase")

    ProgressJob(parent, db, "Opening the workspace", "Unlocking\u2026", fails,
                lambda result: record.append(("done", result)),
                lambda exc: _modal_for(parent, 6.0, record))
    qtbot.waitUntil(lambda: ("answered", None) in record, timeout=15_000)
    watch.stop()
    assert record[0] == ("callback", [])
    assert watch.seen == []


def test_a_slow_job_shows_its_dialog_with_cancel_and_it_is_gone_before_the_callback(
        qtbot, db, parent):
    watch = Watch()
    record: list = []
    job = ProgressJob(parent, db, "Checking the bundle", "Checking\u2026",
                      lambda ctx: time.sleep(1.5) or "checked",
                      lambda result: _modal_for(parent, 1.0, record),
                      lambda exc: record.append(("error", exc)))
    qtbot.waitUntil(lambda: ("answered", None) in record, timeout=15_000)
    watch.stop()
    assert record[0] == ("callback", [])  # no progress dialog left when the callback ran
    assert job.progress.dialog is None
    shown = [s for s in watch.seen if s[1] == "Checking the bundle"]
    assert shown, "the slow job showed its progress dialog"
    first = shown[0][0]
    assert SHOW_AFTER_MS / 1000 - 0.1 <= first < 1.5
    assert all(cancel for _, _, cancel in shown)
    # only while the job ran: never during the modal dialog that followed
    assert max(t for t, _, _ in shown) < 1.5 + 0.3


def test_cancel_on_the_dialog_sets_the_token_and_the_job_undoes_its_work(qtbot, db, parent):
    from ui.progress import Cancelled, check_cancel
    outcome: list = []

    def slow(ctx):
        for _ in range(100):
            time.sleep(0.02)
            check_cancel(ctx)
        return "finished"

    job = ProgressJob(parent, db, "Slow", "Working\u2026", slow, outcome.append, outcome.append)
    qtbot.waitUntil(lambda: job.progress.dialog is not None and job.progress.dialog.isVisible(),
                    timeout=5_000)
    [cancel] = [b for b in job.progress.dialog.findChildren(QPushButton)
                if b.text() == "Cancel"]
    cancel.click()
    qtbot.waitUntil(lambda: bool(outcome), timeout=5_000)
    assert isinstance(outcome[0], Cancelled)
    assert job.token.cancelled and job.progress.dialog is None
    assert _visible_progress_dialogs() == []


def test_no_progress_dialog_is_built_outside_ui_progress():
    """Every progress dialog goes through ui/progress.py (the one place that knows the hazard)."""
    from pathlib import Path
    ui = Path(__file__).resolve().parents[2] / "ui"
    users = sorted(str(p.relative_to(ui)) for p in ui.rglob("*.py")
                   if "QProgressDialog" in p.read_text(encoding="utf-8"))
    assert users == ["progress.py"]

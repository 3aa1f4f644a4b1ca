"""Helpers shared by the UI tests (waiting on the database thread, opening)."""

from __future__ import annotations

from pathlib import Path

PASSPHRASE = "correct-horse-battery"
SMALL_CASES = 48


def wait_idle(qtbot, window, timeout=15_000) -> None:
    """Until the database thread has answered everything asked of it."""
    qtbot.waitUntil(lambda: window.db.idle, timeout=timeout)


def open_small(qtbot, window, bundle: Path) -> None:
    """Open ``bundle`` into a new workspace and wait for the first case."""
    window.flow.open_bundle(bundle)
    qtbot.waitUntil(lambda: window.review.current_case_id is not None, timeout=20_000)
    wait_idle(qtbot, window)

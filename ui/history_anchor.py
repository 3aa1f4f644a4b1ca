"""Warning when a workspace opens with less history than the app last saw.

A workspace file put back from an older copy (a backup, a synced folder that
went back in time) has an intact chain of its own, so only something kept
outside the file can tell.  The app keeps, per workspace (by the id in its
meta, never a name or case text), the history's count and head in the
user's settings, and on opening compares the workspace's own chain with
them.  Settings are written every few saves, when another workspace opens
and when the window closes, not on every save.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from review.workspace.history import Anchor, AnchorCheck, check_anchor, head_at
from ui import paths
from ui.db_worker import Database

SAVES_PER_WRITE = 10   # new versions between two settings writes
_GROUP = "history_seen"


def seen(workspace_id: str) -> Anchor | None:
    s = paths.settings()
    count, head = s.value(f"{_GROUP}/{workspace_id}/count"), s.value(f"{_GROUP}/{workspace_id}/head")
    try:
        return Anchor(int(count), str(head)) if count is not None and head else None
    except (TypeError, ValueError):
        return None


def remember(workspace_id: str, anchor: Anchor) -> None:
    s = paths.settings()
    s.setValue(f"{_GROUP}/{workspace_id}/count", anchor.count)
    s.setValue(f"{_GROUP}/{workspace_id}/head", anchor.head)
    s.sync()


def warning_text(c: AnchorCheck) -> str:
    """The dialog's sentences: both counts, what it means and what to do."""
    n, m = c.seen.count, c.count
    if c.head_then is None:
        what = (f"This workspace holds {m:,} saved versions of decisions, but when Panel "
                f"Review last had it open it held {n:,}.")
    else:
        what = (f"This workspace holds {m:,} saved versions of decisions, and Panel Review "
                f"last saw {n:,}, but its first {n:,} are not the ones seen then.")
    return (what + " It was probably restored from an older copy, or changed outside Panel "
            "Review, and decisions saved since may be missing from it. Tell the coordinator, "
            "and do not export from this copy: look for the newest copy of the workspace first.")


def _state(ws) -> tuple[str, list[str]] | None:
    """(workspace id, history hashes), on the database thread; None for a workspace without id."""
    workspace_id = ws.meta().get("workspace_id")
    return (workspace_id, ws.decisions.hashes()) if workspace_id else None


def _current(ws) -> tuple[str, Anchor] | None:
    """(workspace id, count and head as stored beside the chain): cheap, for the saves."""
    m = ws.meta()
    if not m.get("workspace_id"):
        return None
    return m["workspace_id"], Anchor(int(m["history_count"]), m["history_head"])


class HistoryAnchorKeeper(QObject):
    """Checks each workspace as it opens and keeps its count and head up to date."""

    def __init__(self, window: QWidget, db: Database, flow, controller) -> None:
        super().__init__(window)
        self.window, self.db = window, db
        self.dialog: QMessageBox | None = None
        self._unwritten = 0
        flow.opened.connect(self._opened)
        flow.switching.connect(self.remember_now)   # queued after the pending save
        controller.saved.connect(self._saved)

    def _opened(self, _info) -> None:
        self._unwritten = 0
        self.db.with_ws(_state, self._check)

    def _check(self, state) -> None:
        if state is None:
            return
        workspace_id, hashes = state
        before = seen(workspace_id)
        if before is not None:
            c = check_anchor(hashes, before)
            if not c.extends:
                self._warn(warning_text(c))
        # Said once: from now on this copy's history is the one to compare with.
        remember(workspace_id, Anchor(len(hashes), head_at(hashes, len(hashes))))

    def _warn(self, text: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, "Older copy of the workspace?", text,
                          QMessageBox.StandardButton.Ok, self.window)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog = box
        box.destroyed.connect(lambda *_: setattr(self, "dialog", None))
        box.open()

    def _saved(self, outcome) -> None:
        if not outcome.result.new_version:
            return
        self._unwritten += 1
        if self._unwritten >= SAVES_PER_WRITE:
            self.remember_now()

    def remember_now(self) -> None:
        """Queue a job that reads the open workspace's count and head, then keep them."""
        self._unwritten = 0
        self.db.with_ws(_current, self._keep, lambda _exc: None)  # no workspace open: nothing

    def _keep(self, state) -> None:
        if state is not None:
            remember(*state)

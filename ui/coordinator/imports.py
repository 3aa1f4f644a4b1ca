"""Members' exports: merging them (background, with progress) and every file ever offered.

``merge_job`` runs ``exports.merge_files.merge_files`` on the database
thread; ``show_results`` is the dialog listing each file's outcome (tests
replace it).  ``ImportsPane`` lists every file the workspace was offered,
with its outcome and the reason for a refusal or supersession.
"""

from __future__ import annotations

import importlib
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (QAbstractItemView, QDialog, QDialogButtonBox, QHBoxLayout,
                               QHeaderView, QLabel, QPushButton, QTableWidget, QTableWidgetItem,
                               QVBoxLayout, QWidget)

from review.inert import inert
from review.panel.merge import signer_label
from ui.db_worker import JobContext
from ui.member.history import local_time

EXPORT_FILTER = ("Members\u2019 exports, signed or sealed (*.xlsx *.prs);;Signed Excel exports "
                 "(*.xlsx);;Sealed exports (*.prs);;All files (*)")
OUTCOME_LABELS = {"accepted": "Accepted", "superseded": "Superseded",
                  "already imported": "Already imported", "refused": "Refused"}
OUTCOME_COLOURS = {"accepted": "#1b5e20", "superseded": "#5f6670",
                   "already imported": "#0d47a1", "refused": "#b3261e"}
OUTCOME_NOTES = {
    "accepted": "Merged: this member's current decisions.",
    "superseded": "Kept in the history; a later export from the same member continues its "
                  "history and is the one that counts.",
    "already imported": "This exact file was merged before; nothing changed.",
}


def merge_job(paths: list[Path], reader=None):
    """The database-thread job that verifies and merges ``paths`` one by one; sealed
    exports are opened in memory with ``reader``, the coordinator's unlocked identity."""

    def job(ctx: JobContext):
        module = importlib.import_module("exports.merge_files")  # looked up late: tests patch it
        n = len(paths)

        def progress(i: int, total: int, name: str) -> None:
            ctx.report(f"Checking the signature and merging {name} (file {i + 1} of {total})"
                       "\u2026")

        outcomes = module.merge_files(ctx.ws, paths, progress=progress,
                                      should_cancel=lambda: ctx.token.cancelled, reader=reader)
        return outcomes, n

    return job


def summary(outcomes, offered: int) -> str:
    counts: dict[str, int] = {}
    for o in outcomes:
        counts[o.outcome] = counts.get(o.outcome, 0) + 1
    parts = [f"{n} {OUTCOME_LABELS.get(k, k).lower()}" for k, n in counts.items()]
    text = f"{offered} file{'s' if offered != 1 else ''} offered: " + (", ".join(parts) or "none")
    skipped = offered - len(outcomes)
    if skipped:
        text += f"; cancelled before the last {skipped} (not looked at)"
    return text + "."


def _outcome_item(outcome: str) -> QTableWidgetItem:
    item = QTableWidgetItem(OUTCOME_LABELS.get(outcome, outcome))
    item.setForeground(QBrush(QColor(OUTCOME_COLOURS.get(outcome, "#3c4043"))))
    font = item.font()
    font.setBold(True)
    item.setFont(font)
    return item


def _table(headers: list[str]) -> QTableWidget:
    t = QTableWidget(0, len(headers))
    t.setHorizontalHeaderLabels(headers)
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    t.setWordWrap(True)
    t.verticalHeader().hide()
    t.setAlternatingRowColors(True)
    header = t.horizontalHeader()
    header.setHighlightSections(False)
    for i in range(len(headers) - 1):
        header.setSectionResizeMode(i, QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(len(headers) - 1, QHeaderView.ResizeMode.Stretch)
    return t


class ImportResultsDialog(QDialog):
    def __init__(self, parent, outcomes, offered: int, names: dict[str, str]) -> None:
        super().__init__(parent)
        self.setWindowTitle("Exports merged")
        self.setMinimumSize(820, 320)
        layout = QVBoxLayout(self)
        self.summary = QLabel(f"<b>{summary(outcomes, offered)}</b>")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.table = _table(["File", "Member", "Outcome", "Reason"])
        self.table.setAccessibleName("What happened to each file")
        self.table.setRowCount(len(outcomes))
        for row, o in enumerate(outcomes):
            member = (signer_label(o.member_id, names.get(o.member_id), o.fingerprint)
                      if o.outcome == "refused" else names.get(o.member_id, o.member_id or "\u2014"))
            self.table.setItem(row, 0, QTableWidgetItem(inert(o.source)))
            self.table.setItem(row, 1, QTableWidgetItem(inert(member)))
            self.table.setItem(row, 2, _outcome_item(o.outcome))
            self.table.setItem(row, 3, QTableWidgetItem(inert(_reason(o.outcome, o.reason))))
        self.table.resizeRowsToContents()
        layout.addWidget(self.table, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.table.resizeRowsToContents()  # now that the columns have their widths


def _reason(outcome: str, reason: str) -> str:
    reason = reason.strip()
    if reason and not reason.endswith((".", "!", "?")):
        reason += "."
    if outcome == "refused":
        return f"Refused because {reason}" if reason and not reason[0].isupper() \
            else (reason or "Refused.")
    return (reason[0].upper() + reason[1:]) if reason else OUTCOME_NOTES.get(outcome, "")


def show_results(parent, outcomes, offered: int, names: dict[str, str]) -> None:
    """The result dialog after a merge (replaced in tests)."""
    ImportResultsDialog(parent, outcomes, offered, names).exec()


class ImportsPane(QWidget):
    """Every file ever offered to this workspace, in the order offered."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        top = QHBoxLayout()
        self.import_button = QPushButton("Import exports\u2026")
        self.import_button.setObjectName("Primary")
        self.import_button.setAccessibleName("Import exports")
        self.import_button.setToolTip("Choose members' signed Excel exports or sealed exports "
                                      "(.prs), any number, in any order; each is checked before "
                                      "it is merged.")
        top.addWidget(self.import_button)
        self.note = QLabel()
        self.note.setWordWrap(True)
        top.addWidget(self.note, 1)
        layout.addLayout(top)
        intro = QLabel("Each file is checked before it is merged: its signature, that the signer "
                       "is pinned in the roster, that it belongs to this panel bundle, and that "
                       "it holds decisions only on cases assigned to that member. A member's export "
                       "replaces the one accepted from them only when its history continues "
                       "that one's (the time their laptop wrote does not decide); an export made "
                       "from an older copy of their workspace is refused. All stay listed here.")
        intro.setObjectName("Muted")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.table = _table(["#", "File", "Member", "Exported", "Offered", "Outcome", "Reason"])
        self.table.setAccessibleName("Every file offered")
        self._fit_rows = QTimer(self, singleShot=True, interval=0)  # dies with the pane
        self._fit_rows.timeout.connect(self.table.resizeRowsToContents)
        layout.addWidget(self.table, 1)

    def set_imports(self, imports: list[dict], names: dict[str, str]) -> None:
        t = self.table
        t.setRowCount(len(imports))
        for row, imp in enumerate(imports):
            member = imp.get("member_id")
            who = (signer_label(member, names.get(member), imp.get("fingerprint"))
                   if member or imp["outcome"] == "refused" else "\u2014")
            values = [str(imp["seq"]), inert(imp["source"]), inert(who),
                      local_time(imp["exported_at"]) if imp.get("exported_at") else "\u2014",
                      local_time(imp["imported_at"]) if imp.get("imported_at") else "\u2014"]
            for col, text in enumerate(values):
                item = QTableWidgetItem(text)
                item.setTextAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
                t.setItem(row, col, item)
            t.setItem(row, 5, _outcome_item(imp["outcome"]))
            t.setItem(row, 6, QTableWidgetItem(inert(_reason(imp["outcome"],
                                                             imp.get("reason") or ""))))
        t.resizeRowsToContents()
        self._fit_rows.start()  # again once the columns have their widths
        counts: dict[str, int] = {}
        for imp in imports:
            counts[imp["outcome"]] = counts.get(imp["outcome"], 0) + 1
        if imports:
            self.note.setText(f"{len(imports)} file{'s' if len(imports) != 1 else ''} offered so "
                              "far: " + ", ".join(f"{n} {OUTCOME_LABELS.get(k, k).lower()}"
                                                  for k, n in counts.items()) + ".")
        else:
            self.note.setText("No exports merged yet. Import the signed Excel files or sealed "
                              "exports (.prs) the panel members sent you.")

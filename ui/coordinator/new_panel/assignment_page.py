"""Page 5: the assignment before anything is written (cases per member, conflicts
honoured), whether each member's bundle can be sealed for them, then the passphrase of
the coordinator's identity to sign and write.

Bundles are sealed unless the coordinator deliberately ticks "Write unsealed bundles";
a member without a certificate stops sealed bundles, with the sentence bundle create
gives."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QFormLayout, QHeaderView, QLabel,
                               QLineEdit, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
                               QWizardPage)

from ui.coordinator.new_panel.choices import Choices


def conflict_rows(plan) -> list[list[str]]:
    """Per member: id, name, cases, conflicts declared, and how many cases of those
    subjects (or those case ids) there are, every one of them given to someone else."""
    from review.intake.combine import subject_key
    assigned: dict[str, set[str]] = {}
    for cid, rid in plan.assignments:
        assigned.setdefault(rid, set()).add(cid)
    rows = []
    for member in plan.roster:
        blocked = {subject_key(c) for c in member.conflicts}
        barred = {c.case_id for c in plan.cases
                  if subject_key(c.subject_id) in blocked or subject_key(c.case_id) in blocked}
        given = barred & assigned.get(member.reviewer_id, set())
        held = ("none declared" if not member.conflicts else
                f"{len(barred):,} case{'s' if len(barred) != 1 else ''} barred, none given"
                if not given else
                f"{len(given):,} GIVEN DESPITE A CONFLICT")
        rows.append([member.reviewer_id, member.name,
                     f"{len(assigned.get(member.reviewer_id, ())):,}",
                     f"{len(member.conflicts)}", held])
    return rows


class AssignmentPage(QWizardPage):
    def __init__(self, choices: Choices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.choices = choices
        self.setTitle("Assignment and signing")
        self.setSubTitle("Who reviews how many cases. Declared conflicts hold for every "
                         "spelling of a subject's id. Create bundles signs and writes them.")
        layout = QVBoxLayout(self)
        self.summary = QLabel()
        self.summary.setObjectName("assignment_summary")
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.table = QTableWidget(0, 6)
        self.table.setObjectName("assignment_table")
        self.table.setAccessibleName("Cases per member")
        self.table.setHorizontalHeaderLabels(["Member", "Name", "Cases", "Conflicts",
                                              "Conflicts honoured", "Sealed for them"])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(
            5, QHeaderView.ResizeMode.ResizeToContents)
        layout.addWidget(self.table, 1)
        self.seal_note = QLabel()
        self.seal_note.setObjectName("seal_note")
        self.seal_note.setTextFormat(Qt.TextFormat.PlainText)   # names come from the roster
        self.seal_note.setWordWrap(True)
        layout.addWidget(self.seal_note)
        self.plain = QCheckBox("Write &unsealed bundles (anyone who gets one can read it)")
        self.plain.setObjectName("write_unsealed")
        self.plain.toggled.connect(self._show_sealing)
        self.plain.toggled.connect(self.completeChanged)
        layout.addWidget(self.plain)
        form = QFormLayout()
        self.passphrase = QLineEdit()
        self.passphrase.setObjectName("passphrase")
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setAccessibleName("Passphrase of your signing identity")
        self.passphrase.textChanged.connect(self.completeChanged)
        form.addRow("&Passphrase of your signing identity:", self.passphrase)
        layout.addLayout(form)
        self.outcome = QLabel()
        self.outcome.setObjectName("write_outcome")
        self.outcome.setTextFormat(Qt.TextFormat.PlainText)
        self.outcome.setWordWrap(True)
        layout.addWidget(self.outcome)

    def initializePage(self) -> None:
        plan = self.wizard().plan
        rows = conflict_rows(plan)
        self.table.setRowCount(len(rows))
        for r, member in enumerate(plan.roster):
            rows[r].append("yes, with their certificate" if member.certificate
                           else "NO CERTIFICATE")
        for r, cells in enumerate(rows):
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if col in (2, 3):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(r, col, item)
        self.table.resizeColumnToContents(0)
        self.table.resizeColumnToContents(2)
        self.table.resizeColumnToContents(3)
        c = self.choices
        self.summary.setText(
            f"{len(plan.cases):,} cases, {len(plan.assignments):,} assignments "
            f"({plan.per_case} per case), {len(plan.documents):,} documents.\n"
            f"The bundles will be written to {c.out_dir}, signed with the identity in "
            f"{c.identity_dir}.")
        self.outcome.clear()
        self.plain.setChecked(False)     # unsealed only by a choice made on this visit
        self._show_sealing()

    def missing_certificates(self) -> list[str]:
        plan = self.wizard().plan
        return [r.reviewer_id for r in plan.roster if not r.certificate] if plan else []

    def _show_sealing(self) -> None:
        from review.bundle.create import PLAIN_BUNDLES_WARNING, no_certificate
        if self.plain.isChecked():
            self.seal_note.setText(PLAIN_BUNDLES_WARNING)
            return
        missing = self.missing_certificates()
        if missing:
            self.seal_note.setText("\n".join(
                [no_certificate(rid) for rid in missing]
                + ["Or tick \u201cWrite unsealed bundles\u201d below, knowing that anyone "
                   "who gets one can read every case in it."]))
        else:
            self.seal_note.setText("Each member's bundle will be sealed for that member and "
                                   "you: only you two can open it.")

    def sealed(self) -> bool:
        return not self.plain.isChecked()

    def isComplete(self) -> bool:
        return bool(self.passphrase.text()) and (
            self.plain.isChecked() or not self.missing_certificates())

    def validatePage(self) -> bool:
        return self.wizard().write(self.passphrase.text())

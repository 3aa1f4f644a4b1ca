"""Page 4: every problem of the case list, roster and documents, grouped by kind with
counts (errors block, warnings do not), the full list saved as the command line's
``--problems`` file, and the choice to leave out rows with errors, listed in the open."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QCheckBox, QFileDialog, QHBoxLayout, QHeaderView, QLabel,
                               QPushButton, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget,
                               QWizardPage)

from ui import paths
from ui.coordinator.new_panel.choices import Choices

SHOWN_PER_KIND = 200      # the rest are in the problems file


class ProblemsPage(QWizardPage):
    def __init__(self, choices: Choices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.choices = choices
        self.problems: list = []
        self.plan = None
        self.refusal = ""
        self.setTitle("Problems")
        self.setSubTitle("Errors stop the bundles from being made; warnings are listed and "
                         "stop nothing. Go Back to change a column or a value.")
        layout = QVBoxLayout(self)
        self.summary = QLabel()
        self.summary.setObjectName("problems_summary")
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.tree = QTreeWidget()
        self.tree.setObjectName("problems_tree")
        self.tree.setAccessibleName("Problems by kind")
        self.tree.setHeaderLabels(["Kind", "Count", "What to do"])
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.header().setStretchLastSection(False)
        self.tree.header().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.tree, 1)
        row = QHBoxLayout()
        self.leave_out = QCheckBox("&Leave out the rows with errors (each is listed in the "
                                   "problem list and in the panel bundle)")
        self.leave_out.setObjectName("leave_out")
        self.leave_out.toggled.connect(self._leave_out_toggled)
        row.addWidget(self.leave_out, 1)
        self.save_button = QPushButton("&Save problem list\u2026")
        self.save_button.setObjectName("save_problems")
        self.save_button.clicked.connect(self._save)
        row.addWidget(self.save_button)
        layout.addLayout(row)

    def initializePage(self) -> None:
        self.leave_out.blockSignals(True)
        self.leave_out.setChecked(self.choices.leave_out)
        self.leave_out.blockSignals(False)
        self.show_outcome()

    def show_outcome(self) -> None:
        from review.intake.problems import ERROR, KINDS
        self.tree.clear()
        by_kind: dict[str, list] = {}
        for p in self.problems:
            by_kind.setdefault(p.kind, []).append(p)
        order = {k: i for i, k in enumerate(KINDS)}
        errors = sum(1 for p in self.problems if p.level == ERROR)
        left_out = self.plan is not None and bool(self.plan.left_out)
        errors_title = "Errors, on rows left out" if left_out else "Errors"
        for level, title in ((ERROR, errors_title), ("warning", "Warnings")):
            kinds = sorted((k for k, ps in by_kind.items() if ps[0].level == level),
                           key=lambda k: order.get(k, len(order)))
            if not kinds:
                continue
            top = QTreeWidgetItem([title, f"{sum(len(by_kind[k]) for k in kinds):,}", ""])
            top.setTextAlignment(1, Qt.AlignmentFlag.AlignRight)
            self.tree.addTopLevelItem(top)
            for kind in kinds:
                ps = by_kind[kind]
                item = QTreeWidgetItem([KINDS.get(kind, KINDS["invalid"])[1],
                                        f"{len(ps):,}", ps[0].hint])
                item.setToolTip(0, kind)
                item.setToolTip(2, ps[0].hint)
                item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight)
                top.addChild(item)
                for p in ps[:SHOWN_PER_KIND]:
                    line = QTreeWidgetItem([str(p), "", ""])
                    line.setToolTip(0, str(p))
                    item.addChild(line)
                    line.setFirstColumnSpanned(True)    # a whole sentence: the row's width
                if len(ps) > SHOWN_PER_KIND:
                    item.addChild(QTreeWidgetItem([
                        f"\u2026 and {len(ps) - SHOWN_PER_KIND:,} more: save the problem list "
                        "to see every one", "", ""]))
            top.setExpanded(True)
        self.tree.resizeColumnToContents(1)
        warnings = len(self.problems) - errors
        if self.plan is not None:
            left = len(self.plan.left_out)
            head = (f"Ready: {len(self.plan.cases):,} cases for {len(self.plan.roster)} "
                    f"members." + (f" {left:,} rows with errors are left out." if left else ""))
        else:
            head = self.refusal or "Nothing can be written until the errors are corrected."
        self.summary.setText(f"{head}\n{errors:,} error{'s' if errors != 1 else ''}"
                             f"{' (their rows are left out)' if left_out else ''}, "
                             f"{warnings:,} warning{'s' if warnings != 1 else ''}.")
        self.save_button.setEnabled(bool(self.problems))
        self.completeChanged.emit()

    def _leave_out_toggled(self, on: bool) -> None:
        self.choices.leave_out = on
        self.wizard().make_plan()

    def _save(self) -> None:
        stem = self.choices.cases_file.stem if self.choices.cases_file else "case list"
        start = paths.last_folder("new_panel/problems") / f"{stem} problems.xlsx"
        name, _ = QFileDialog.getSaveFileName(self, "Save the problem list", str(start),
                                              "Excel workbook (*.xlsx);;CSV UTF-8 (*.csv)")
        if name:
            self.save_problems(Path(name))

    def save_problems(self, path: Path) -> Path:
        """Every problem, one row each: the file ``--problems`` writes."""
        from review.intake.problems import in_row_order
        from review.intake.report import write_problems
        from ui import errors as ui_errors
        try:
            written = write_problems(path, in_row_order(list(self.problems)))
        except Exception as exc:   # a folder that cannot be written: say so, change nothing
            ui_errors.show_error(self, exc, doing="saving the problem list")
            return path
        paths.remember_folder("new_panel/problems", written.parent)
        self.summary.setText(self.summary.text() + f"\nEvery problem ({len(self.problems):,}) "
                             f"was written to {written}.")
        return written

    def isComplete(self) -> bool:
        return self.plan is not None

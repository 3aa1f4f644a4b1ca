"""The new-panel window: five pages from a case list to signed bundles.

Each slow step runs on a thread of its own behind the delayed progress dialog
(``background``) and calls the core the command line calls: ``read_table`` and
``read_mapping`` (review.intake.files), ``template_sheets`` for the values found,
``plan_bundles`` to check and assign, ``write_bundles`` to sign and write (the
output folder appears complete or not at all, so Cancel leaves nothing).
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget, QWizard

from ui import errors as ui_errors
from ui.coordinator.new_panel.assignment_page import AssignmentPage
from ui.coordinator.new_panel.background import check, run_in_background
from ui.coordinator.new_panel.choices import Choices, mapping_path
from ui.coordinator.new_panel.columns_page import ColumnsPage
from ui.coordinator.new_panel.files_page import FilesPage, IDENTITY_KEY
from ui.coordinator.new_panel.problems_page import ProblemsPage
from ui.coordinator.new_panel.values_page import ValuesPage
from ui.progress import Cancelled

TITLE = "New panel from a case list"


class NewPanelWizard(QWizard):
    created = Signal(object)        # review.bundle.create.CreateResult

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(TITLE)
        self.setObjectName("new_panel_wizard")
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, False)
        self.setButtonText(QWizard.WizardButton.FinishButton, "&Create bundles")
        self.choices = Choices()
        self.plan = None
        self.result = None
        self._busy = False
        self.files = FilesPage(self.choices)
        self.columns = ColumnsPage(self.choices)
        self.values = ValuesPage(self.choices)
        self.problems = ProblemsPage(self.choices)
        self.assignment = AssignmentPage(self.choices)
        for page in (self.files, self.columns, self.values, self.problems, self.assignment):
            self.addPage(page)
        self.resize(1000, 680)

    # -- the steps, each on its own thread ------------------------------------------------
    def _background(self, label: str, fn, *, steps: bool = False):
        """One slow step at a time: a second click on Next before the progress dialog
        shows (and blocks the window) is ignored, as Cancel."""
        if self._busy:
            raise Cancelled()
        self._busy = True
        try:
            return run_in_background(self, TITLE, label, fn, steps=steps)
        finally:
            self._busy = False

    def _run(self, label: str, fn, *, steps: bool = False):
        """``fn``'s result, or None after telling the person why not (or that they
        cancelled)."""
        try:
            return self._background(label, fn, steps=steps)
        except Cancelled:
            return None
        except Exception as exc:
            ui_errors.show_error(self, exc, doing="making the panel")
            return None

    def read_files(self) -> bool:
        """Page 1 → 2: read the case list (and the saved mapping), recognise its columns."""
        c = self.choices

        def read(token, report):
            from review.intake.files import read_mapping, read_table
            from review.intake.parse import CASE_COLUMNS
            from review.intake.problems import ProblemList
            from review.intake.table import place_columns
            sheet = read_table(c.cases_file, what="case list")
            check(token)
            saved = read_mapping(mapping_path(c.cases_file)) if c.use_saved else None
            auto = place_columns(sheet, CASE_COLUMNS, ProblemList())
            mine = place_columns(sheet, CASE_COLUMNS, ProblemList(),
                                 mapping=saved.columns if saved else None)
            return sheet, saved, auto, mine

        got = self._run("Reading the case list\u2026", read)
        if got is None:
            return False
        c.take_sheet(*got)
        return True

    def find_values(self) -> bool:
        """Page 2 → 3: every distinct value of each closed-list field, with a suggestion."""
        columns = self.choices.mapping()["columns"]

        def find(token, report):
            from review.intake.template import template_sheets
            return dict((name, rows) for name, _, rows in
                        template_sheets(self.choices.sheet, columns))["Values"]

        found = self._run("Finding the values of each field\u2026", find)
        if found is None:
            return False
        self.values.found = found
        return True

    def save_mapping(self) -> bool:
        """Page 3 → 4: keep the mapping beside the case list, then check everything."""
        try:
            self.choices.save_mapping()
        except OSError:   # a read-only folder: the mapping is still used, only not kept
            pass
        return self.make_plan()

    def make_plan(self) -> bool:
        """Check the list, roster, documents and output folder, and assign (nothing written)."""
        from review.bundle.assign import AssignmentError
        from review.intake.cells import CaseListError
        c = self.choices
        mapping = c.mapping()

        def plan(token, report):
            from review.bundle.create import plan_bundles
            from review.intake.files import read_table
            roster = read_table(c.roster_file, what="roster")
            check(token)
            try:
                return plan_bundles(
                    c.sheet, roster, roster_dir=c.roster_file.parent,
                    documents_dir=c.documents_dir, per_case=c.per_case, mapping=mapping,
                    mapping_source=mapping_path(c.cases_file).name, out_dir=c.out_dir,
                    title=c.title or None, leave_out=c.leave_out), []
            except CaseListError as exc:
                return None, [*exc.problems, *exc.warnings]
            except AssignmentError as exc:
                return None, str(exc)

        got = self._run("Checking every row, the roster and the documents\u2026", plan)
        if got is None:
            return False
        self.plan, found = got
        self.problems.plan = self.plan
        self.problems.refusal = found if isinstance(found, str) else ""
        self.problems.problems = (list(self.plan.warnings) if self.plan is not None
                                  else [] if isinstance(found, str) else found)
        if self.currentPage() is self.problems:
            self.problems.show_outcome()
        return True

    def write(self, passphrase: str) -> bool:
        """The last page: unlock the identity, sign and write every bundle."""
        from review.bundle.create import write_bundles
        from review.errors import WrongPassphrase
        if self._busy:      # the first click is still signing
            return False
        c, plan = self.choices, self.plan
        seal = self.assignment.sealed()

        def write(token, report):
            from review.identity import load_identity
            identity = load_identity(c.identity_dir, passphrase)

            def step(done: int, total: int) -> None:
                check(token)
                report(done, total)
            return write_bundles(plan, identity, c.out_dir, title=c.title or None,
                                 seal=seal, progress=step)

        try:
            result = self._background("Signing and writing the bundles\u2026", write,
                                      steps=True)
        except Cancelled:
            self.assignment.outcome.setText("Cancelled: nothing was written.")
            return False
        except WrongPassphrase as exc:
            self.assignment.outcome.setText(str(exc))
            return False
        except Exception as exc:
            ui_errors.show_error(self, exc, doing="writing the bundles")
            return False
        from ui import paths
        paths.settings().setValue(IDENTITY_KEY, str(c.identity_dir))
        self.result = result
        self.created.emit(result)
        return True

    def validateCurrentPage(self) -> bool:
        if self.currentPage() is self.columns and self.columns.validatePage():
            return self.find_values()
        return super().validateCurrentPage()


"""The Coordinator mode: one page with a banner and four tabs.

Cases (overview, reviews side by side, adjudication), Imports (every file
offered, and "Import exports…"), Agreement (statistics per field) and
Insights (patterns across the final decisions; a click opens the cases behind
a figure in the Cases tab).  The page loads what it shows through the
database thread and reloads it after a merge or an adjudication; agreement
and insights are computed only when their tab is looked at, since agreement
takes about a second on 1,131 cases.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFileDialog, QLabel, QTabWidget, QVBoxLayout, QWidget

from review.panel.merge import CASE_STATUSES
from ui import paths as ui_paths
from ui.coordinator import imports as coordinator_imports
from ui.coordinator.actions import TAB_AGREEMENT, TAB_CASES, TAB_IMPORTS, TAB_INSIGHTS
from ui.coordinator.agreement import AgreementPane
from ui.coordinator.agreement import compute as compute_agreement
from ui.coordinator.cases import CoordinatorCasesPane
from ui.coordinator.imports import EXPORT_FILTER, ImportsPane, merge_job
from ui.coordinator.model import load_overview
from ui.db_worker import Database
from ui.insights.page import InsightsView
from ui.errors import show_error
from ui.progress import ProgressJob

IMPORT_FOLDER_KEY = "coordinator/import_folder"  # offered next time; a folder, never a file

BANNER_CSS = ("QLabel#CoordinatorBanner { background: #ebe5f7; color: #3f2a78; "
              "border-bottom: 1px solid #c9bde6; padding: 5px 12px; font-weight: 600; }")


def compute_insights(ws):
    """On the database thread: the panel's insights, with the cases and final decisions
    they were computed from (what a click on a figure selects from)."""
    from review.insights.analysis import analyse
    cases = list(ws.iter_cases())
    decisions = {cid: d for cid, (_, d) in ws.final_decisions().items()}
    return analyse(cases, decisions), cases, decisions


def load_state(ws) -> tuple[list, dict[str, str], list[dict]]:
    return load_overview(ws), ws.roster_names(), ws.imports()


class CoordinatorPage(QWidget):
    message = Signal(str)        # a short note for the status bar
    counts_changed = Signal(str)  # one line of counts for the status bar

    def __init__(self, db: Database, parent=None) -> None:
        super().__init__(parent)
        self.db = db
        self.info = None
        self.names: dict[str, str] = {}
        self.job: ProgressJob | None = None
        self.reader = None      # the coordinator's identity, unlocked once to open sealed exports
        self._agreement_stale = True
        self._insights_stale = True
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.banner = QLabel("COORDINATOR")
        self.banner.setObjectName("CoordinatorBanner")
        self.banner.setTextFormat(Qt.TextFormat.PlainText)  # the bundle title is free text
        self.banner.setStyleSheet(BANNER_CSS)
        self.banner.setWordWrap(True)
        self.banner.setAccessibleName("Coordinator mode")
        layout.addWidget(self.banner)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Coordinator tabs")
        self.tabs.setDocumentMode(True)
        self.cases = CoordinatorCasesPane(db)
        self.imports = ImportsPane()
        self.agreement = AgreementPane()
        self.tabs.addTab(self.cases, "Cases")
        self.tabs.addTab(self.imports, "Imports")
        self.tabs.addTab(self.agreement, "Agreement")
        self.insights = InsightsView()
        self.insights.setAccessibleName("Insights")
        self.tabs.addTab(self.insights, "Insights")
        self.insights.show_cases.connect(self._show_cases)
        layout.addWidget(self.tabs, 1)
        self.tabs.currentChanged.connect(self._tab_changed)
        self.cases.changed.connect(self.refresh)
        self.cases.message.connect(self.message)
        self.imports.import_button.clicked.connect(lambda: self.import_exports())

    # -- opening and refreshing ---------------------------------------------------------
    def open(self, info) -> None:
        if self.info is not None and (info.coordinator_fingerprint
                                      != self.info.coordinator_fingerprint):
            self.reader = None  # another panel's coordinator: their identity is asked anew
        self.info = info
        demo = " \u2014 DEMO (synthetic data)" if info.demo else ""
        self.banner.setText(f"COORDINATOR \u2014 {info.bundle_title}{demo}. Merge the members\u2019 "
                            "exports, compare their reviews, adjudicate disagreements.")
        self.cases.clear()
        self.agreement.set_report([], {})
        self._agreement_stale = True
        self.tabs.setCurrentIndex(TAB_CASES)
        self.refresh(select_first=True)

    def refresh(self, select_first: bool = False) -> None:
        self._agreement_stale = True
        self._insights_stale = True

        def done(state) -> None:
            rows, self.names, imports = state
            self.cases.set_rows(rows, self.names)
            self.imports.set_imports(imports, self.names)
            self.tabs.setTabText(TAB_IMPORTS, f"Imports ({len(imports)})")
            counts = self.cases.model.counts()
            self.tabs.setTabText(TAB_CASES, f"Cases ({len(rows):,})")
            self.counts_changed.emit("Coordinator   \u00b7   " + "   \u00b7   ".join(
                f"{CASE_STATUSES[k]} {n:,}" for k, n in counts.items()))
            if select_first and self.cases.current_case_id is None:
                self.cases.select_first()
            elif self.cases.current_case_id is not None:
                self.cases.reload_case()
            if self.tabs.currentIndex() == TAB_AGREEMENT:
                self._load_agreement()
            if self.tabs.currentIndex() == TAB_INSIGHTS:
                self._load_insights()

        self.db.with_ws(load_state, done, lambda exc: show_error(self.window(), exc))

    def _tab_changed(self, index: int) -> None:
        if index == TAB_AGREEMENT and self._agreement_stale:
            self._load_agreement()
        if index == TAB_INSIGHTS and self._insights_stale:
            self._load_insights()

    def _load_insights(self) -> None:
        self._insights_stale = False
        self.db.with_ws(compute_insights, lambda result: self.insights.set_data(*result),
                        lambda exc: show_error(self.window(), exc))

    def _show_cases(self, ids: list, label: str) -> None:
        """A figure on the Insights tab: the Cases tab showing only the cases it counts."""
        self.cases.show_only(ids, label)
        self.tabs.setCurrentIndex(TAB_CASES)
        self.cases.table.setFocus()

    def _load_agreement(self) -> None:
        self._agreement_stale = False
        self.agreement.show_computing()
        self.db.with_ws(compute_agreement,
                        lambda report: self.agreement.set_report(report, self.names),
                        lambda exc: show_error(self.window(), exc))

    # -- merging exports ---------------------------------------------------------------
    def import_exports(self, paths: list[Path] | None = None) -> None:
        if self.info is None:
            return
        if paths is None:
            names, _ = QFileDialog.getOpenFileNames(
                self.window(), "Import members\u2019 exports (signed .xlsx or sealed .prs)",
                str(ui_paths.last_folder(IMPORT_FOLDER_KEY)), EXPORT_FILTER)
            if not names:
                return
            paths = [Path(n) for n in names]
            ui_paths.remember_folder(IMPORT_FOLDER_KEY, paths[0].parent)
        from exports.sealed_return import is_sealed_file
        sealed = sum(1 for p in paths if is_sealed_file(p))
        if sealed and self.reader is None:
            from ui.coordinator.unlock import unlock_coordinator
            self.reader = unlock_coordinator(self.window(), self.info.coordinator_name,
                                             self.info.coordinator_fingerprint, sealed)
            if self.reader is None:
                self.message.emit("Nothing imported: the sealed exports open only with your "
                                  "signing identity.")
                return
        self.cases.form.rationale.clearFocus()

        def done(result) -> None:
            self.job = None
            outcomes, offered = result
            self.refresh(select_first=True)
            coordinator_imports.show_results(self.window(), outcomes, offered, self.names)
            self.message.emit(coordinator_imports.summary(outcomes, offered))

        def failed(exc: BaseException) -> None:
            self.job = None
            self.refresh()
            show_error(self.window(), exc, doing="merging the exports")

        n = len(paths)
        self.job = ProgressJob(self.window(), self.db, "Merging exports",
                               f"Checking {n} export{'s' if n != 1 else ''}\u2026",
                               merge_job(list(paths), self.reader if sealed else None),
                               done, failed)
        self.job.canceled.connect(lambda: self.job and self.job.progress.set_label(
            "Cancelling: the file being checked is finished first; files already merged stay "
            "merged\u2026"))

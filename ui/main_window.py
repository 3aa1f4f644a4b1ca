"""The main window: pages, menus, status bar, DEMO marking, layout memory.

Pages: welcome (no workspace open), review (list | case | decision), the
progress dashboard and the Coordinator mode.  The last two and the export
flow are made, and their modules imported, the first time they are wanted:
start-up needs the welcome and review pages only.  The window owns the
database thread and closes the workspace only after every queued save has
committed.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLabel, QMainWindow, QStackedWidget, QVBoxLayout, QWidget

from ui import paths
from ui.coordinator import actions as coordinator_actions
from ui.coordinator.actions import TAB_AGREEMENT, TAB_CASES, TAB_IMPORTS, TAB_INSIGHTS
from ui.member.case_file import TAB_CASE, TAB_DOCUMENTS, TAB_HISTORY
from ui.db_worker import Database
from ui.errors import show_error
from ui.menus import add_export_actions, build_menus, set_workspace_actions_enabled
from ui.member.progress_stats import compute, status_text
from ui.member.review_page import ReviewPage
from ui.shortcuts import ShortcutSheet
from ui.welcome_page import WelcomePage
from ui.history_anchor import HistoryAnchorKeeper
from ui.workspace_flow import WorkspaceFlow

APP_TITLE = "Panel Review"
# A member's menus: hidden in Coordinator mode, where none of their entries applies.
MEMBER_MENUS = ("Cases", "Decision", "View")
# A member's actions whose keys do the same in Coordinator mode: search, and the category
# of the adjudicated decision (one key per action, so none is ambiguous).
COORDINATOR_KEYS = ("find", "category_1", "category_2", "category_3")


class MainWindow(QMainWindow):
    def __init__(self) -> None:
        super().__init__()
        self.setWindowTitle(APP_TITLE)
        self.setObjectName("MainWindow")
        self.info = None
        self._discard_confirmed = False  # see _may_discard_unrecorded
        self.db = Database(self)
        self.db.unhandled_error.connect(lambda exc: show_error(self, exc))
        self.flow = WorkspaceFlow(self, self.db)
        self.flow.opened.connect(self._workspace_opened)

        central = QWidget()
        v = QVBoxLayout(central)
        v.setContentsMargins(0, 0, 0, 0)
        v.setSpacing(0)
        self.demo_banner = QLabel("DEMO \u2014 synthetic cases for learning and rehearsal. "
                                  "Nothing here describes a real person or case.")
        self.demo_banner.setObjectName("DemoBanner")
        self.demo_banner.setAccessibleName("Demo notice")
        self.demo_banner.hide()
        v.addWidget(self.demo_banner)
        self.pages = QStackedWidget()
        self.welcome = WelcomePage()
        self.review = ReviewPage(self.db)
        for page in (self.welcome, self.review):
            self.pages.addWidget(page)
        self._dashboard = self._coordinator = self._exports = None  # made when wanted
        self._publisher = None
        v.addWidget(self.pages, 1)
        self.setCentralWidget(central)

        self.progress_label = QLabel()
        self.progress_label.setAccessibleName("Progress")
        self.statusBar().addPermanentWidget(self.progress_label)

        self.welcome.open_bundle.connect(lambda: self.flow.open_bundle())
        self.welcome.open_workspace.connect(lambda: self.flow.open_workspace())
        self.welcome.open_demo.connect(self.flow.open_demo)
        self.welcome.open_recent.connect(lambda p: self.flow.open_workspace(Path(p)))
        self.welcome.open_coordinator.connect(lambda: self.flow.open_coordinator_bundle())
        self.flow.switching.connect(self.review.controller.flush)
        # After the flush: a pending save is queued before the count and head are read.
        self.anchors = HistoryAnchorKeeper(self, self.db, self.flow, self.review.controller)
        self.review.rows_changed.connect(self._refresh_progress)
        self.review.controller.message.connect(lambda m: self.statusBar().showMessage(m, 6000))
        self.review.controller.finalised.connect(self._finalised)

        self.actions, self.menus = build_menus(self, {
            "open_bundle": lambda: self.flow.open_bundle(),
            "open_workspace": lambda: self.flow.open_workspace(),
            "open_demo": self.flow.open_demo,
            "save": lambda: self.review.controller.save_now(explicit=True),
            "quit": self.close,
            "find": self._focus_search,
            "clear_filters": self.review.list.clear_filters,
            "focus_list": lambda: self._show_review(self.review.list.table.setFocus),
            "next_case": lambda: self._show_review(lambda: self.review.step(1)),
            "previous_case": lambda: self._show_review(lambda: self.review.step(-1)),
            "next_undecided": lambda: self._show_review(self._next_undecided),
            "back": lambda: self._show_review(self.review.back),
            "forward": lambda: self._show_review(self.review.forward),
            "category_1": lambda: self._set_category("no_formal_action"),
            "category_2": lambda: self._set_category("new_assessment"),
            "category_3": lambda: self._set_category("formal_risk_management"),
            "confidence_low": lambda: self._set_confidence("low"),
            "confidence_medium": lambda: self._set_confidence("medium"),
            "confidence_high": lambda: self._set_confidence("high"),
            "focus_rationale": lambda: self._show_review(self.review.form.rationale.setFocus),
            "finalise_next": lambda: self.review.controller.finalise(True),
            "finalise": lambda: self.review.controller.finalise(False),
            "reopen": self.review.controller.reopen,
            "recuse": self.review.controller.recuse,
            "tab_case": lambda: self._show_tab(TAB_CASE),
            "tab_documents": lambda: self._show_tab(TAB_DOCUMENTS),
            "tab_history": lambda: self._show_tab(TAB_HISTORY),
            "review_page": lambda: self._show_review(None),
            "dashboard": self._show_dashboard,
            "shortcuts": self.show_shortcuts,
            "about": self._about,
            "verify_files": self._verify_files,
            "change_workspace_passphrase": self._change_workspace_passphrase,
            "change_identity_passphrase": self._change_identity_passphrase,
        })
        self.menus["Recent"].aboutToShow.connect(self._fill_recent)
        add_export_actions(self, self.actions, self.menus, {
            "export_both": lambda: self.exports.export("both"),
            "export_pdf": lambda: self.exports.export("pdf"),
            "export_xlsx": lambda: self.exports.export("xlsx"),
        })
        self.coordinator_actions, self.coordinator_menu = coordinator_actions.install(
            self, self.menus, self.actions["save"], {
                "coordinator_new_panel": lambda: coordinator_actions.new_panel(self),
                "coordinator_new": lambda: self.flow.open_coordinator_bundle(),
                "coordinator_open": lambda: self.flow.open_workspace(),
                "coordinator_publish": lambda: self._show_coordinator(
                    TAB_CASES, lambda: self.publisher.publish()),
                "coordinator_next_disagreement": lambda: self._show_coordinator(
                    TAB_CASES, lambda: self.coordinator.cases.next_disagreement()),
                "coordinator_import": lambda: self._show_coordinator(
                    TAB_IMPORTS, lambda: self.coordinator.import_exports()),
                "coordinator_cases": lambda: self._show_coordinator(TAB_CASES),
                "coordinator_imports": lambda: self._show_coordinator(TAB_IMPORTS),
                "coordinator_agreement": lambda: self._show_coordinator(TAB_AGREEMENT),
                "coordinator_insights": lambda: self._show_coordinator(TAB_INSIGHTS),
            })
        set_workspace_actions_enabled(self.actions, False)
        self._first_size()
        self._restore_layout()

    # -- pages and flows made on first use ------------------------------------------------
    @property
    def dashboard(self):
        if self._dashboard is None:
            from ui.member.dashboard import DashboardPage
            self._dashboard = DashboardPage()
            self._dashboard.show_cases.connect(self._show_filtered)
            self._dashboard.show_case_ids.connect(self._show_case_ids)
            self.pages.addWidget(self._dashboard)
        return self._dashboard

    @property
    def coordinator(self):
        if self._coordinator is None:
            from ui.coordinator.page import CoordinatorPage
            self._coordinator = CoordinatorPage(self.db)
            self._coordinator.message.connect(lambda m: self.statusBar().showMessage(m, 8000))
            self._coordinator.counts_changed.connect(self.progress_label.setText)
            self.pages.addWidget(self._coordinator)
        return self._coordinator

    @property
    def exports(self):
        if self._exports is None:
            from ui.export.flow import ExportFlow
            self._exports = ExportFlow(self, self.db)
            self._exports.starting.connect(self.review.controller.flush)
            self._exports.message.connect(lambda m: self.statusBar().showMessage(m, 8000))
        return self._exports

    @property
    def publisher(self):
        if self._publisher is None:
            from ui.coordinator.publish import PublishFlow
            self._publisher = PublishFlow(self, self.db)
            self._publisher.message.connect(lambda m: self.statusBar().showMessage(m, 8000))
        return self._publisher

    def _on_coordinator_page(self) -> bool:
        return self._coordinator is not None and self.pages.currentWidget() is self._coordinator

    # -- workspace ---------------------------------------------------------------------
    def _workspace_opened(self, info) -> None:
        self.info = info
        # The role, not review.panel.workspace's constants: importing that module brings the
        # bundle and signature code (~0.13 s), which a member's workspace never needs.
        coordinator = info.role == "coordinator"
        coordinator_actions.set_coordinator_mode(self.coordinator_actions,
                                                 self.coordinator_menu, coordinator)
        for name in MEMBER_MENUS:  # every entry of these is off in Coordinator mode
            self.menus[name].menuAction().setVisible(not coordinator)
        if coordinator:
            self._coordinator_opened(info)
            return
        demo = " \u2014 DEMO (synthetic data)" if info.demo else ""
        self.setWindowTitle(f"{APP_TITLE} \u2014 {info.bundle_title} \u2014 "
                            f"{info.member_name}{demo}")
        self.demo_banner.setVisible(info.demo)
        self.review.reset(Path(info.path).resolve())
        self.review.load_rows()
        self.pages.setCurrentWidget(self.review)
        set_workspace_actions_enabled(self.actions, True)
        self.welcome.refresh()
        self.statusBar().showMessage(f"Opened {Path(info.path).name}: {info.case_count:,} cases.",
                                     6000)

    def _coordinator_opened(self, info) -> None:
        demo = " \u2014 DEMO (synthetic data)" if info.demo else ""
        self.setWindowTitle(f"{APP_TITLE} \u2014 Coordinator \u2014 {info.bundle_title}{demo}")
        self.demo_banner.setVisible(info.demo)
        self.review.reset()
        set_workspace_actions_enabled(self.actions, False)  # the member's actions
        for key in COORDINATOR_KEYS:  # their keys also serve the coordinator's case table
            self.actions[key].setEnabled(True)
        self.coordinator.open(info)
        self.pages.setCurrentWidget(self.coordinator)
        self.welcome.refresh()
        self.statusBar().showMessage(f"Opened {Path(info.path).name} in Coordinator mode: "
                                     f"{info.case_count:,} cases.", 6000)

    def _show_coordinator(self, tab: int, then=None) -> None:
        if not self._on_coordinator_page():
            return
        self.coordinator.tabs.setCurrentIndex(tab)
        if then is not None:
            then()

    def _refresh_progress(self) -> None:
        stats = compute(self.review.list.model.all_rows())
        demo = "DEMO   \u00b7   " if self.info is not None and self.info.demo else ""
        self.progress_label.setText(demo + status_text(stats))
        if self.info is not None and self._dashboard is not None:
            self._dashboard.show_stats(stats, f"{self.info.bundle_title} \u2014 "
                                             f"{self.info.member_name}")

    def _fill_recent(self) -> None:
        menu = self.menus["Recent"]
        menu.clear()
        items = paths.recent_workspaces()
        for p in items:
            action = menu.addAction(p.name)
            action.setToolTip(str(p))
            action.triggered.connect(lambda _=False, p=p: self.flow.open_workspace(p))
        if not items:
            menu.addAction("No recent workspaces").setEnabled(False)

    def open_path(self, path: Path) -> None:
        """``panel-review gui PATH``: a bundle or a workspace."""
        if path.suffix.lower() == ".prb":
            if _is_panel_file(path):
                self.flow.open_coordinator_bundle(path)
            else:
                self.flow.open_bundle(path)
        else:
            self.flow.open_workspace(path)

    # -- navigation helpers ------------------------------------------------------------
    def _show_review(self, then) -> None:
        self.pages.setCurrentWidget(self.review)
        if then is not None:
            then()

    def _show_tab(self, tab: int) -> None:
        self._show_review(None)
        self.review.case_view.tabs.setCurrentIndex(tab)

    def _show_dashboard(self) -> None:
        page = self.dashboard
        self._refresh_progress()
        self.pages.setCurrentWidget(page)
        if self.info is not None:
            from ui.member.dashboard import compute_own_insights
            self.db.with_ws(compute_own_insights,
                            lambda result: page.patterns.set_data(*result),
                            lambda exc: show_error(self, exc))

    def _show_case_ids(self, ids: list, label: str) -> None:
        """A pattern on the dashboard: the case list showing the cases it counts."""
        self.review.list.show_only(ids, label)
        self._show_review(self.review.list.table.setFocus)

    def _show_filtered(self, values: dict) -> None:
        """A dashboard matrix cell: the case list showing the cases it counts."""
        self.review.list.set_filters(**values)
        self._show_review(self.review.list.table.setFocus)

    def _focus_search(self) -> None:
        if self._on_coordinator_page():
            self._show_coordinator(TAB_CASES, self.coordinator.cases.focus_search)
            return
        self._show_review(None)
        self.review.list.search.setFocus()
        self.review.list.search.selectAll()

    def _set_category(self, code: str) -> None:
        if self._on_coordinator_page():
            self._show_coordinator(TAB_CASES, lambda: self.coordinator.cases.set_category(code))
            return
        self._show_review(None)
        if not self.review.form.set_category(code):
            self._locked_note()

    def _set_confidence(self, code: str) -> None:
        self._show_review(None)
        if not self.review.form.set_confidence(code):
            self._locked_note()

    def _locked_note(self) -> None:
        self.statusBar().showMessage("This decision is final or recused: reopen it to "
                                     "change it.", 6000)

    def _next_undecided(self) -> None:
        if not self.review.next_undecided():
            self.statusBar().showMessage("Every case in the list has a final decision or a "
                                         "recusal.", 6000)

    def _finalised(self, case_id: str, and_next: bool) -> None:
        if and_next and self.review.current_case_id == case_id:
            self._next_undecided()

    def show_shortcuts(self) -> None:
        ShortcutSheet(self).exec()

    def _change_workspace_passphrase(self) -> None:
        from ui.passphrase_change import change_workspace_passphrase  # only when asked
        change_workspace_passphrase(self)

    def _change_identity_passphrase(self) -> None:
        from ui.passphrase_change import change_identity_passphrase  # only when asked
        change_identity_passphrase(self)

    def _verify_files(self) -> None:
        from ui.verify_dialog import verify_files  # only when asked
        verify_files(self)

    def _about(self) -> None:
        from ui.about_dialog import show_about  # only when asked
        show_about(self, self.info)

    # -- layout memory and closing ---------------------------------------------------------
    def _first_size(self) -> None:
        """1440x900, or no larger than the screen's free area (a 13-inch laptop's 1366x768),
        so that the decision form never runs off the right edge before anything is saved.
        The offscreen platform (tests, benchmarks) has no real screen: it keeps 1440x900."""
        screen = self.screen()
        if screen is None or QGuiApplication.platformName() == "offscreen":
            self.resize(1440, 900)
            return
        free = screen.availableGeometry()
        if free.width() >= 1440 and free.height() >= 900:
            self.resize(1440, 900)
            return
        # A smaller screen: the whole of it, maximised where a window manager can (so its
        # title bar is counted), and the free area's size where none can.
        self.resize(min(1440, free.width()), min(900, free.height()))
        self.move(free.topLeft())
        self.setWindowState(self.windowState() | Qt.WindowState.WindowMaximized)

    def _restore_layout(self) -> None:
        s = paths.settings()
        for key, restore in (("window/geometry", self.restoreGeometry),
                             ("window/state", self.restoreState),
                             ("window/review_splitter", self.review.splitter.restoreState),
                             ("window/form_splitter", self.review.right.restoreState)):
            value = s.value(key)
            if isinstance(value, QByteArray) and not value.isEmpty():
                restore(value)

    def save_layout(self) -> None:
        self.review.remember_case()
        s = paths.settings()
        s.setValue("window/geometry", self.saveGeometry())
        s.setValue("window/state", self.saveState())
        s.setValue("window/review_splitter", self.review.splitter.saveState())
        s.setValue("window/form_splitter", self.review.right.saveState())
        s.sync()

    def closeEvent(self, event) -> None:
        if not self._may_discard_unrecorded():
            event.ignore()
            return
        self.review.controller.flush()  # a rationale still in its typing pause
        self.save_layout()
        if self._exports is not None:
            self._exports.shutdown()
        if self._publisher is not None:
            self._publisher.shutdown()  # a running publication is cancelled: it writes nothing  # a running export is cancelled: it writes nothing
        self.anchors.remember_now()  # the history's count and head, for the next opening
        self.db.shutdown()  # waits for every queued save, then closes the workspace
        event.accept()

    def _may_discard_unrecorded(self) -> bool:
        """Adjudications are recorded explicitly, so ask before losing typed ones."""
        if not self._on_coordinator_page() or self._discard_confirmed:
            return True
        n = self.coordinator.cases.unrecorded_count()
        if n == 0:
            return True
        from PySide6.QtWidgets import QMessageBox
        answer = QMessageBox.question(
            self, "Adjudications not recorded",
            f"{n} adjudicated decision{'s' if n > 1 else ''} you typed "
            f"{'have' if n > 1 else 'has'} not been recorded. Close anyway and discard "
            f"{'them' if n > 1 else 'it'}?",
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel)
        # Asked once: a window that was allowed to close is not asked again.
        self._discard_confirmed = answer == QMessageBox.StandardButton.Discard
        return self._discard_confirmed


def _is_panel_file(path: Path) -> bool:
    """A whole-panel bundle (the coordinator's panel.prb) rather than a member's."""
    from review.bundle.format import peek_manifest
    from review.errors import PanelReviewError
    try:
        return peek_manifest(path).get("member_id", "") is None
    except (PanelReviewError, OSError):
        return False  # the member flow verifies it and explains what is wrong

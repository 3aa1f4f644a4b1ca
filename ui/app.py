"""Starting the app: ``run_gui(path_or_None)`` is what ``main.py`` calls.

With no path, the last workspace is reopened (after its passphrase); with
none remembered, the welcome page offers a bundle, a workspace or the demo.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from ui import paths, theme
from ui.errors import install_excepthook
from ui.main_window import MainWindow


def make_app(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName(paths.APP_NAME)
    app.setOrganizationName(paths.APP_NAME)
    app.setApplicationDisplayName(paths.APP_NAME)
    app.setStyle("Fusion")
    return app


def apply_style_sheet(app: QApplication) -> None:
    """The app's style sheet, set once the main window is built (see ``start``)."""
    if app.styleSheet() != theme.STYLE_SHEET:
        app.setStyleSheet(theme.STYLE_SHEET)


def _existing_demo() -> Path | None:
    """The most recent DEMO workspace made before, if any."""
    found = [p for p in paths.recent_workspaces() if p.name.startswith("DEMO workspace")]
    return found[0] if found else None


# A temporary file whose writer's process id still runs is spared until it is this
# old (the id may have been reused); one whose writer is gone is removed at once.
STALE_TEMP_AGE = 300.0


def _temp_file_folders() -> set[Path]:
    """Folders where Panel Review writes files: its data folder, recent workspaces, exports."""
    from ui.export.flow import FOLDER_KEY
    home = paths.home()
    folders = {home, home / "demo"}
    folders |= {p.parent for p in paths.recent_workspaces()}
    last_export = str(paths.settings().value(FOLDER_KEY, "") or "")
    if last_export:
        folders.add(Path(last_export))
    return {f for f in folders if f.is_dir()}


def clean_stale_temp_files(older_than: float = STALE_TEMP_AGE) -> int:
    """Remove temporary files a killed export or save left behind; returns how many."""
    from review.atomic import remove_stale_temp_files
    removed = 0
    for folder in _temp_file_folders():
        removed += remove_stale_temp_files(folder, older_than)
    if removed:
        logging.getLogger(__name__).info("removed %d stale temporary file(s)", removed)
    return removed


def _import_workspace_modules(ctx) -> None:
    import review.workspace.database  # noqa: F401


def start(path: str | None = None, demo: bool = False) -> MainWindow:
    """Make and show the main window and start opening what it should show."""
    try:
        clean_stale_temp_files()
    except Exception:  # tidying up must never keep the app from starting
        logging.getLogger(__name__).warning("could not look for stale temporary files")
    window = MainWindow()
    # Under a style sheet, every widget added to a parent is polished again with its
    # whole subtree; the window is built bottom-up, so setting the sheet after it is
    # built polishes the finished tree once: about 150 ms less at start-up.
    apply_style_sheet(QApplication.instance())
    window.show()
    # The workspace code (SQLCipher, the bundle checks) loads on the database thread
    # while the passphrase is typed; done during the window's build it only slowed it.
    window.db.call(_import_workspace_modules)
    if demo:
        existing = _existing_demo()
        if existing is not None:
            QTimer.singleShot(0, lambda: window.flow.open_workspace(existing))
        else:
            QTimer.singleShot(0, window.flow.open_demo)
    elif path:
        QTimer.singleShot(0, lambda: window.open_path(Path(path)))
    else:
        last = paths.last_workspace()
        if last is not None:
            QTimer.singleShot(0, lambda: window.flow.open_workspace(last))
    return window


def run_gui(path: str | None = None, demo: bool = False) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    app = make_app()
    install_excepthook()
    window = start(path, demo)
    code = app.exec()
    del window
    return code

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
    app.setStyleSheet(theme.STYLE_SHEET)
    return app


def _existing_demo() -> Path | None:
    """The most recent DEMO workspace made before, if any."""
    found = [p for p in paths.recent_workspaces() if p.name.startswith("DEMO workspace")]
    return found[0] if found else None


def start(path: str | None = None, demo: bool = False) -> MainWindow:
    """Make and show the main window and start opening what it should show."""
    window = MainWindow()
    window.show()
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

"""Menus and actions, built from the shortcut table.

Each action has its shortcut shown in the menu and is added to the window
itself, so shortcuts work wherever the keyboard focus is.  Shortcuts use
WindowShortcut context; text fields do not claim Ctrl+digit, Ctrl+Up/Down
or Ctrl+Return, so they reach the window even while someone types.
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu

from ui.shortcuts import SHORTCUTS, plain

MENU_ORDER = ("File", "Cases", "Decision", "View", "Help")
MENU_TITLES = {"File": "&File", "Cases": "&Cases", "Decision": "&Decision", "View": "&View",
               "Help": "Hel&p"}  # not &Help: Alt+H sets the confidence to High
# Where separators go: after these actions.
SEPARATE_AFTER = {"open_demo", "save", "change_identity_passphrase", "clear_filters", "focus_list", "confidence_high",
                  "focus_rationale", "finalise", "tab_history"}
# Actions that need an open workspace.
NEEDS_WORKSPACE = {"save", "find", "clear_filters", "focus_list", "next_case", "previous_case",
                   "next_undecided", "back", "forward", "category_1", "category_2", "category_3",
                   "confidence_low", "confidence_medium", "confidence_high",
                   "focus_rationale", "finalise_next", "finalise", "reopen", "recuse",
                   "tab_case", "tab_documents", "tab_history", "review_page", "dashboard",
                   "export_both", "export_pdf", "export_xlsx", "change_workspace_passphrase"}
# File → Export: (key, label, what it does); no shortcuts of their own (Alt+F, E).
EXPORT_ACTIONS = (
    ("export_both", "&Export signed PDF and Excel\u2026",
     "Write your decisions as a signed PDF and a signed Excel workbook"),
    ("export_pdf", "Export signed &PDF\u2026", "Write your decisions as a signed PDF only"),
    ("export_xlsx", "Export signed E&xcel\u2026",
     "Write your decisions as a signed Excel workbook only (the file the coordinator merges)"),
)


def build_menus(window: QMainWindow, handlers: dict[str, Callable[[], None]]) -> tuple[
        dict[str, QAction], dict[str, QMenu]]:
    actions: dict[str, QAction] = {}
    menus: dict[str, QMenu] = {}
    bar = window.menuBar()
    for name in MENU_ORDER:
        menus[name] = bar.addMenu(MENU_TITLES[name])
        menus[name].setAccessibleName(f"{name} menu")
    for key, (menu, label, shortcut, what) in SHORTCUTS.items():
        action = QAction(label, window)
        action.setObjectName(f"action_{key}")
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.setStatusTip(what)
        action.setToolTip(f"{plain(label)} ({shortcut})" if shortcut else plain(label))
        handler = handlers.get(key)
        if handler is not None:
            action.triggered.connect(lambda _=False, h=handler: h())
        menus[menu].addAction(action)
        window.addAction(action)  # shortcuts work even when the menu bar is hidden
        if key in SEPARATE_AFTER:
            menus[menu].addSeparator()
        if key == "open_demo":
            menus["File"].addMenu(_recent_menu(window, menus))
            menus["File"].addSeparator()
        actions[key] = action
    return actions, menus


def _recent_menu(window: QMainWindow, menus: dict[str, QMenu]) -> QMenu:
    recent = QMenu("&Recent workspaces", window)
    recent.setObjectName("recent_menu")
    menus["Recent"] = recent
    return recent


def set_workspace_actions_enabled(actions: dict[str, QAction], enabled: bool) -> None:
    for key in NEEDS_WORKSPACE:
        if key in actions:
            actions[key].setEnabled(enabled)


def add_export_actions(window: QMainWindow, actions: dict[str, QAction],
                       menus: dict[str, QMenu],
                       handlers: dict[str, Callable[[], None]]) -> None:
    """File → Export signed PDF and Excel / PDF / Excel, just before Quit."""
    file_menu = menus["File"]
    before = actions.get("quit")
    for key, label, what in EXPORT_ACTIONS:
        action = QAction(label, window)
        action.setObjectName(f"action_{key}")
        action.setStatusTip(what)
        action.setToolTip(plain(label))
        handler = handlers.get(key)
        if handler is not None:
            action.triggered.connect(lambda _=False, h=handler: h())
        if before is not None:
            file_menu.insertAction(before, action)
        else:
            file_menu.addAction(action)
        actions[key] = action
    if before is not None:
        file_menu.insertSeparator(before)

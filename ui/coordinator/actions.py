"""The Coordinator mode's menu entries.

File gets "New panel from a case list…" (the first step, before any
workspace exists), "New coordinator workspace from panel file…", "Open
coordinator workspace…" and "Publish signed result…" (on only in Coordinator
mode); a Coordinator menu (shown only in Coordinator mode) holds "New panel
from a case list…" again, "Import exports…" and the four tabs, each with a shortcut
(listed with the member's in ``ui.shortcuts``; no key is shared, so none
can be ambiguous whichever actions are enabled).
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow, QMenu

# The Coordinator page's tabs, in order; here so that the window can name them
# without importing the page (it is made only when a coordinator workspace opens).
TAB_CASES, TAB_IMPORTS, TAB_AGREEMENT, TAB_INSIGHTS = range(4)

FILE_ENTRIES = {
    "coordinator_new_panel": ("New panel from a case &list\u2026",
                              "Make the members' bundles from a case list, a roster and the "
                              "documents: columns, values, problems, assignment, signing"),
    "coordinator_new": ("New &coordinator workspace from panel file\u2026",
                        "Start merging: choose the panel file (panel.prb) that bundle create "
                        "wrote"),
    "coordinator_open": ("Open coo&rdinator workspace\u2026",
                         "Continue in a coordinator workspace (.prw) you made before"),
    "coordinator_publish": ("&Publish signed result\u2026",
                            "Write the panel's consolidated result as a signed PDF and a signed "
                            "Excel workbook"),
}
# File entries that apply only to an open coordinator workspace.
COORDINATOR_ONLY = {"coordinator_publish"}
# key → (label, shortcut, what it does); the shortcuts are on the help sheet and in
# docs/keyboard.md with the member's (ui.shortcuts), and share no key with them.
MENU_ENTRIES = {
    "coordinator_import": ("&Import exports\u2026", "Ctrl+I",
                           "Merge members' signed Excel exports and sealed exports (.prs) "
                           "(any number, any order)"),
    "coordinator_next_disagreement": ("&Next disagreement", "Ctrl+Shift+D",
                                      "Open the next case whose reviewers disagree and that "
                                      "is not adjudicated yet"),
    "coordinator_cases": ("&Cases", "F7",
                          "Every case with its status, the reviews side by side, adjudication"),
    "coordinator_imports": ("Im&ports", "F8", "Every file offered, with its outcome and reason"),
    "coordinator_agreement": ("&Agreement", "F9",
                              "Agreement between reviewers per decision field"),
    "coordinator_insights": ("In&sights", "F10",
                             "Patterns across the final decisions: disparity, under-escalation, "
                             "repeat subjects, delay"),
}


def install(window: QMainWindow, menus: dict[str, QMenu], before: QAction,
            handlers: dict[str, Callable[[], None]]) -> tuple[dict[str, QAction], QMenu]:
    """Add the entries; returns the actions and the Coordinator menu."""
    actions: dict[str, QAction] = {}

    def make(key: str, label: str, tip: str) -> QAction:
        action = QAction(label, window)
        action.setObjectName(f"action_{key}")
        action.setStatusTip(tip)
        action.setToolTip(tip)
        action.triggered.connect(lambda _=False, h=handlers[key]: h())
        actions[key] = action
        return action

    file_menu = menus["File"]
    for key, (label, tip) in FILE_ENTRIES.items():
        file_menu.insertAction(before, make(key, label, tip))
    file_menu.insertSeparator(before)

    menu = QMenu("C&oordinator", window)
    menu.setAccessibleName("Coordinator menu")
    menu.addAction(actions["coordinator_new_panel"])   # also in File: no workspace needed
    menu.addSeparator()
    for key, (label, shortcut, tip) in MENU_ENTRIES.items():
        menu.addAction(make(key, label, tip))
        actions[key].setShortcut(shortcut)
        if key in ("coordinator_import", "coordinator_next_disagreement"):
            menu.addSeparator()
    window.menuBar().insertMenu(menus["Help"].menuAction(), menu)
    menus["Coordinator"] = menu
    set_coordinator_mode(actions, menu, False)
    return actions, menu


def set_coordinator_mode(actions: dict[str, QAction], menu: QMenu, on: bool) -> None:
    for key in (*MENU_ENTRIES, *COORDINATOR_ONLY):
        actions[key].setEnabled(on)
    menu.menuAction().setVisible(on)


def new_panel(window: QMainWindow) -> None:
    """Open the new-panel window (made on first use: it is not needed at start-up)."""
    from ui.coordinator.new_panel.wizard import NewPanelWizard
    wizard = NewPanelWizard(window)
    wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)   # the passphrase goes with it
    wizard.created.connect(lambda r: window.statusBar().showMessage(
        f"Created {len(r.member_bundles)} member bundles ("
        + ("sealed for each member" if r.sealed else
           "NOT sealed: anyone who gets one can read it")
        + f") and the panel bundle in {r.out_dir}. Open its panel.prb with File \u2192 New "
        "coordinator workspace from panel file\u2026", 30000))
    wizard.open()

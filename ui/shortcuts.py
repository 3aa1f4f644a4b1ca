"""Keyboard shortcuts: one table for the menus, the help sheet and the docs.

Shortcuts use Ctrl (or function keys) so that none of them can fire while
someone types a rationale; plain keys stay for typing.  ``markdown_table``
writes docs/keyboard.md from the same table, so the documentation cannot
drift from the app.
"""

from __future__ import annotations

from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QHeaderView, QLabel, QTableWidget,
                               QTableWidgetItem, QVBoxLayout, QWidget)

from ui.coordinator.actions import MENU_ENTRIES

# action name → (menu, label in menus, shortcut or "", what it does)
SHORTCUTS: dict[str, tuple[str, str, str, str]] = {
    "open_bundle": ("File", "Open &bundle\u2026", "Ctrl+O", "Open a bundle from the coordinator"),
    "open_workspace": ("File", "Open &workspace\u2026", "Ctrl+Shift+O",
                       "Open a workspace you made before"),
    "open_demo": ("File", "Open the &demo", "", "Try the app on 1,131 synthetic DEMO cases"),
    "save": ("File", "&Save now", "Ctrl+S", "Save the decision at once (it also saves itself)"),
    "change_workspace_passphrase": ("File", "C&hange workspace passphrase\u2026", "",
                                    "Re-encrypt the open workspace under a new passphrase"),
    "change_identity_passphrase": ("File", "Change signing &identity passphrase\u2026", "",
                                   "Protect your signing key with a new passphrase (the "
                                   "fingerprint stays the same)"),
    "verify_files": ("File", "&Verify signed files\u2026", "",
                     "Check signed PDF or Excel files: intact or not, and who signed them"),
    "quit": ("File", "&Quit", "Ctrl+Q", "Save and close Panel Review"),
    "find": ("Cases", "&Search cases", "Ctrl+F", "Put the cursor in the search box (in Coordinator mode, the "
                                                    "case table's)"),
    "clear_filters": ("Cases", "&Clear search and filters", "Ctrl+Shift+L",
                      "Show every case again"),
    "focus_list": ("Cases", "Go to the case &list", "Ctrl+L", "Move the keyboard to the list"),
    "next_case": ("Cases", "&Next case", "Ctrl+Down", "Open the next case in the list"),
    "previous_case": ("Cases", "&Previous case", "Ctrl+Up", "Open the previous case in the list"),
    "next_undecided": ("Cases", "Next &undecided case", "Ctrl+Shift+Down",
                       "Open the next case without a final decision or recusal"),
    "back": ("Cases", "&Back", "Alt+Left", "Go back to the case you had open before, "
                                           "as in a web browser"),
    "forward": ("Cases", "&Forward", "Alt+Right", "Go forward again after going back"),
    "category_1": ("Decision", "Category &1: No formal action", "Ctrl+1",
                   "Set the panel category to No formal action (in Coordinator mode, of "
                   "the adjudicated decision)"),
    "category_2": ("Decision", "Category &2: New assessment", "Ctrl+2",
                   "Set the panel category to New assessment (in Coordinator mode, of "
                   "the adjudicated decision)"),
    "category_3": ("Decision", "Category &3: Formal risk management", "Ctrl+3",
                   "Set the panel category to Formal risk management (in Coordinator "
                   "mode, of the adjudicated decision)"),
    "confidence_low": ("Decision", "Confidence &low", "Alt+L", "Set your confidence to Low"),
    "confidence_medium": ("Decision", "Confidence &medium", "Alt+M",
                          "Set your confidence to Medium"),
    "confidence_high": ("Decision", "Confidence &high", "Alt+H",
                        "Set your confidence to High"),
    "focus_rationale": ("Decision", "&Write the rationale", "Ctrl+E",
                        "Move the cursor to the rationale"),
    "finalise_next": ("Decision", "&Finalise and next", "Ctrl+Return",
                      "Finalise, then open the next undecided case"),
    "finalise": ("Decision", "Finalis&e", "Ctrl+Shift+Return", "Finalise and stay on this case"),
    "reopen": ("Decision", "&Reopen final decision", "Ctrl+Shift+R",
               "Make a final decision a draft again (the history keeps both)"),
    "recuse": ("Decision", "Re&cuse\u2026", "", "Declare a conflict of interest on this case"),
    "tab_case": ("View", "&Case file", "F2", "Show the case file"),
    "tab_documents": ("View", "&Documents", "F3", "Show the case's documents"),
    "tab_history": ("View", "&History", "F4", "Show every saved version of your decision"),
    "review_page": ("View", "&Review cases", "F5", "Show the case list and case"),
    "dashboard": ("View", "&Progress dashboard", "F6", "Show counts, the category matrix and "
                                                        "concerns"),
    "shortcuts": ("Help", "&Keyboard shortcuts", "F1", "Show the list of keyboard shortcuts"),
    "about": ("Help", "&About Panel Review", "",
              "Version, workspace, fingerprints and diagnostics to copy"),
}


def plain(label: str) -> str:
    return label.replace("&", "").rstrip("\u2026")


def rows() -> list[tuple[str, str, str]]:
    """(shortcut, action, what it does) for every action with a shortcut, the
    member's first, then the Coordinator mode's."""
    return ([(key, plain(label), what) for _, label, key, what in SHORTCUTS.values() if key]
            + [(key, plain(label), f"Coordinator mode: {what[0].lower()}{what[1:]}")
               for label, key, what in MENU_ENTRIES.values()])


def markdown_table() -> str:
    lines = ["# Keyboard shortcuts", "",
             "Every action is also in the menus (File, Cases, Decision, View, Coordinator, "
             "Help) and most have a button. On macOS, Ctrl is the Command key.", "",
             "| Shortcut | Action | What it does |", "|---|---|---|"]
    lines += [f"| {k} | {a} | {w} |" for k, a, w in rows()]
    lines += ["", "Inside the case list, the arrow keys move between cases; inside the form, "
              "Tab moves between fields, Space ticks a box or chooses an option, and the arrow "
              "keys choose the next or previous option of a group. Actions "
              "without a shortcut of their own are reached through the menus with Alt and the "
              "underlined letters, for example Alt+D, C for Decision \u2192 Recuse\u2026.", ""]
    return "\n".join(lines)


class ShortcutSheet(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        self.resize(940, 760)
        layout = QVBoxLayout(self)
        intro = QLabel("Panel Review can be used entirely from the keyboard. Every action is "
                       "also in the menus.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        data = rows()
        self.table = QTableWidget(len(data), 3)
        self.table.setAccessibleName("Keyboard shortcuts")
        self.table.setHorizontalHeaderLabels(["Shortcut", "Action", "What it does"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for r, values in enumerate(data):
            for c, value in enumerate(values):
                self.table.setItem(r, c, QTableWidgetItem(value))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.setWordWrap(True)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        layout.addWidget(self.table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

"""The first screen: open a bundle, a workspace, or the built-in demo.

Shown on first run and whenever no workspace is open.  Recent workspaces
are listed for one-click reopening (the passphrase is still asked).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QPushButton,
                               QVBoxLayout, QWidget)

from ui import paths


class WelcomePage(QWidget):
    open_bundle = Signal()
    open_workspace = Signal()
    open_demo = Signal()
    open_recent = Signal(str)
    open_coordinator = Signal()  # Coordinator mode: a new workspace from the panel file

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        outer = QHBoxLayout(self)
        outer.addStretch(1)
        column = QVBoxLayout()
        column.setSpacing(12)
        outer.addLayout(column, 3)
        outer.addStretch(1)
        column.addStretch(1)

        title = QLabel("Panel Review")
        title.setObjectName("PageTitle")
        column.addWidget(title)
        intro = QLabel(
            "Reassess the cases assigned to you, offline. Open the bundle the coordinator sent "
            "you: Panel Review checks its signature, then keeps your cases and every version of "
            "your decisions in an encrypted workspace on this computer.")
        intro.setWordWrap(True)
        column.addWidget(intro)

        self.bundle_button = self._button(
            "Open a bundle from the coordinator\u2026   (Ctrl+O)",
            "Choose the .prb file you were sent; you then choose where to keep your workspace "
            "and a passphrase for it.", self.open_bundle)
        column.addWidget(self.bundle_button)
        self.workspace_button = self._button(
            "Open an existing workspace\u2026   (Ctrl+Shift+O)",
            "Continue work in a workspace (.prw) you made before.", self.open_workspace)
        column.addWidget(self.workspace_button)
        self.demo_button = self._button(
            "Try the DEMO: 1,131 synthetic cases",
            "Invented cases for learning the app and rehearsing. Everything in it is labelled "
            "DEMO; nothing describes a real person.", self.open_demo)
        column.addWidget(self.demo_button)
        self.coordinator_button = self._button(
            "Coordinator: start from the panel file (panel.prb)\u2026",
            "For the coordinator: start from the panel file (panel.prb), merge the members' "
            "signed exports, compare reviews and adjudicate disagreements. To continue an "
            "existing coordinator workspace, open it like any workspace.",
            self.open_coordinator)
        column.addWidget(self.coordinator_button)

        self.recent_title = QLabel("<b>Recent workspaces</b>")
        column.addWidget(self.recent_title)
        self.recent = QListWidget()
        self.recent.setAccessibleName("Recent workspaces")
        self.recent.itemActivated.connect(
            lambda item: self.open_recent.emit(item.data(Qt.ItemDataRole.UserRole)))
        column.addWidget(self.recent)
        note = QLabel("Nothing is ever sent over a network. Case text is never written to logs "
                      "or temporary files.")
        note.setObjectName("Muted")
        note.setWordWrap(True)
        column.addWidget(note)
        column.addStretch(2)
        self.refresh()

    def _button(self, text: str, tip: str, signal) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName("WelcomeButton")
        button.setToolTip(tip)
        button.setAccessibleName(text.split("   ")[0].rstrip("\u2026"))
        button.setAccessibleDescription(tip)
        button.clicked.connect(signal)
        return button

    def refresh(self) -> None:
        self.recent.clear()
        items = paths.recent_workspaces()
        for p in items:
            item = QListWidgetItem(f"{p.name}    \u2014    {p.parent}")
            item.setData(Qt.ItemDataRole.UserRole, str(p))
            item.setToolTip(str(p))
            self.recent.addItem(item)
        rows = max(1, min(len(items), 6))
        self.recent.setFixedHeight(rows * self.recent.sizeHintForRow(0) + 8 if items else 40)
        self.recent.setVisible(bool(items))
        self.recent_title.setVisible(bool(items))

    def first_recent(self) -> Path | None:
        item = self.recent.item(0)
        return Path(item.data(Qt.ItemDataRole.UserRole)) if item else None

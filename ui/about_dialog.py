"""Help → About: what this copy of Panel Review is, and whose keys it trusts.

Besides the version, it shows the open workspace, its bundle, the
coordinator's certificate fingerprint and the member's own signing identity,
so that either can be read out to the coordinator when something does not
verify.  "Copy diagnostics" copies versions and the platform only: never a
path, a name or anything from the cases, since what is copied may end up in
an e-mail.
"""

from __future__ import annotations

import platform
import sys
from html import escape
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QApplication, QDialog, QDialogButtonBox, QFormLayout, QLabel,
                               QPushButton, QVBoxLayout, QWidget)

from ui import paths

NO_IDENTITY = "No signing identity chosen yet (File \u2192 Export asks for one)."
NO_WORKSPACE = "No workspace is open."


def app_version() -> str:
    from importlib.metadata import PackageNotFoundError, version
    try:
        return version("panel-review")
    except PackageNotFoundError:  # run from a source folder that was never installed
        return "unknown (not installed as a package)"


def diagnostics() -> str:
    """Versions and platform, one per line; nothing about the person or the cases."""
    import PySide6
    from PySide6.QtCore import qVersion
    lines = [f"Panel Review {app_version()}",
             f"Python {platform.python_version()} ({platform.python_implementation()})",
             f"Qt {qVersion()}", f"PySide6 {PySide6.__version__}"]
    try:
        from review.workspace.encrypted import library_versions
        lines += [f"{name} {value}" for name, value in library_versions().items()]
    except Exception as exc:  # the copy must work even when the database library does not
        lines.append(f"SQLCipher unavailable ({type(exc).__name__})")
    lines += [f"Platform {platform.platform()}", f"Machine {platform.machine() or 'unknown'}",
              f"Byte order {sys.byteorder}"]
    return "\n".join(lines)


def own_identity() -> tuple[str, str] | None:
    """(name, fingerprint) of the signing identity last used for an export, if any."""
    from ui.export.flow import IDENTITY_KEY
    folder = str(paths.settings().value(IDENTITY_KEY, "") or "")
    if not folder or not Path(folder).is_dir():
        return None
    from review.errors import PanelReviewError
    from review.identity import common_name, fingerprint_of, load_certificate
    try:
        cert = load_certificate(Path(folder))
    except PanelReviewError:
        return None
    return common_name(cert), fingerprint_of(cert)


def _value(text: str, name: str, *, mono: bool = False) -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)  # a bundle title is never markup
    label.setWordWrap(not mono)  # a fingerprint keeps its two lines of eight groups
    label.setAccessibleName(name)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if mono:
        font = label.font()
        font.setFamily("monospace")
        label.setFont(font)
    return label


class AboutDialog(QDialog):
    def __init__(self, parent: QWidget | None, info=None) -> None:
        super().__init__(parent)
        from ui.trust_dialog import fingerprint_lines
        self.setWindowTitle("About Panel Review")
        self.setMinimumWidth(680)
        layout = QVBoxLayout(self)
        head = QLabel(f"<b>Panel Review</b> {escape(app_version())}<br>An offline tool for the "
                      "independent panel reassessing police misconduct cases. Your workspace "
                      "is encrypted on this computer; nothing is sent over a network.")
        head.setWordWrap(True)
        layout.addWidget(head)
        form = QFormLayout()
        self.fields: dict[str, QLabel] = {}

        def row(caption: str, text: str, *, mono: bool = False) -> None:
            self.fields[caption] = _value(text, caption, mono=mono)
            form.addRow(f"{caption}:", self.fields[caption])

        row("Version", app_version())
        if info is None:
            row("Workspace", NO_WORKSPACE)
        else:
            row("Workspace", str(info.path))
            row("Bundle", f"{info.bundle_title}" + ("  [DEMO]" if info.demo else ""))
            row("Bundle id", info.bundle_id)
            row("Coordinator", info.coordinator_name)
            row("Coordinator fingerprint", fingerprint_lines(info.coordinator_fingerprint),
                mono=True)
        mine = own_identity()
        if mine is None:
            row("Your signing identity", NO_IDENTITY)
        else:
            row("Your signing identity", mine[0])
            row("Your fingerprint", fingerprint_lines(mine[1]), mono=True)
        layout.addLayout(form)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copy = QPushButton("&Copy diagnostics")
        self.copy.setToolTip("Copy the versions of Panel Review, Python, Qt and SQLCipher and "
                             "the platform, for a support request (no case data)")
        buttons.addButton(self.copy, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.copy.clicked.connect(self.copy_diagnostics)
        layout.addWidget(buttons)
        self.copied = QLabel("")
        self.copied.setObjectName("Muted")
        layout.addWidget(self.copied)
        self.adjustSize()  # as tall as its wrapped lines need at this width

    def copy_diagnostics(self) -> None:
        QApplication.clipboard().setText(diagnostics())
        self.copied.setText("Diagnostics copied: versions and platform only, no case data.")


def show_about(parent: QWidget | None, info=None) -> None:
    AboutDialog(parent, info).exec()

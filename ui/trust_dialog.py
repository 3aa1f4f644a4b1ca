"""Who signed this bundle? Asked once, when a bundle is opened, before anything is copied.

A valid signature proves only that the bundle was not changed since someone
signed it; that the someone is the panel's coordinator is proved by the
certificate fingerprint, which the coordinator gives each member by another
route (in person, by phone).  So the member is shown the fingerprint grouped
as ``panel-review identity show`` prints it, and asked to compare.  The DEMO
bundle is signed by a synthetic coordinator whose key is public: it says so
and asks nothing to compare.

``confirm_signer`` is what the open flow calls; tests replace it.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget)

from review.identity import format_fingerprint
from review.inert import inert


def fingerprint_lines(hex_fp: str) -> str:
    """The fingerprint grouped as ``identity show`` prints it, on two lines of eight
    groups, so that no group is split and the halves are read in turn."""
    groups = format_fingerprint(hex_fp).split(" ")
    return " ".join(groups[:8]) + "\n" + " ".join(groups[8:])


@dataclass(frozen=True)
class BundleSigner:
    """What a verified bundle says about itself and its signer (no case data)."""

    title: str
    bundle_id: str
    member_name: str        # whose bundle it is; "" for the whole panel's file
    signer_name: str
    fingerprint: str        # 64 hex digits
    demo: bool
    sealed: bool = False    # it came sealed for this person (review/seal.py)
    panel: bool = False     # the coordinator's own panel file, which stays plain by design


class TrustDialog(QDialog):
    def __init__(self, parent: QWidget | None, signer: BundleSigner) -> None:
        super().__init__(parent)
        self.setWindowTitle("Check who signed the bundle")
        self.setAccessibleName("Check who signed the bundle")
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        # The names are read from the bundle: escaped for rich text, and inert so that
        # a bidi override or zero-width character cannot disguise them.
        who = f" for <b>{escape(inert(signer.member_name))}</b>" if signer.member_name else ""
        intro = QLabel(f"<b>{escape(inert(signer.title))}</b>{who}<br>"
                       f"The signature is valid: nothing in the bundle has changed since "
                       f"<b>{escape(inert(signer.signer_name))}</b> signed it.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        caption = QLabel("Certificate fingerprint of the signer:")
        layout.addWidget(caption)
        self.fingerprint = QLabel(fingerprint_lines(signer.fingerprint))
        self.fingerprint.setTextFormat(Qt.TextFormat.PlainText)
        self.fingerprint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.fingerprint.setObjectName("Fingerprint")
        self.fingerprint.setAccessibleName("Certificate fingerprint of the signer")
        font = self.fingerprint.font()
        font.setFamily("monospace")
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.fingerprint.setFont(font)
        layout.addWidget(self.fingerprint)
        if signer.demo:
            ask = ("This is the DEMO bundle, signed by the synthetic demo coordinator. Its "
                   "cases are invented and its key is public, so there is nothing to compare.")
            accept = "Open the DEMO"
        elif signer.panel:
            ask = ("This is the panel file. Compare this fingerprint with the one of your own "
                   "signing identity (panel-review identity show), group by group. Continue "
                   "only if they are the same: a panel file signed by anyone else is not "
                   "yours. Nothing is copied until you continue.")
            accept = "It is mine: continue"
        else:
            ask = ("Compare this fingerprint with the one the coordinator gave you (on paper, "
                   "in person or by phone), group by group. Continue only if they are the "
                   "same. If they differ, cancel and tell the coordinator: the bundle may not "
                   "be theirs. Nothing is copied until you continue.")
            accept = "They match: continue"
        self.question = QLabel(ask)
        self.question.setWordWrap(True)
        layout.addWidget(self.question)
        self.sealing = QLabel(sealing_sentence(signer))
        self.sealing.setWordWrap(True)
        self.sealing.setObjectName("Hint")
        # A bundle that travelled readable is a warning, in the warning colour.
        # The panel file is plain on purpose (it never leaves the coordinator): no warning.
        tone = "ok" if signer.sealed else "" if signer.panel else "warn"
        self.sealing.setProperty("tone", tone)
        layout.addWidget(self.sealing)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.ok = buttons.addButton(accept, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        # Continuing must be a choice: Enter alone does not accept an unread fingerprint.
        self.ok.setAutoDefault(False)
        cancel = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setDefault(True)
        # The focus sits where Enter goes, so the highlighted button is the one Enter presses.
        cancel.setFocus()


def sealing_sentence(signer: BundleSigner) -> str:
    if signer.demo and signer.sealed:
        return ("DEMO: sealed to the public DEMO key that comes with the app, so it opens "
                "without your identity.")
    if signer.sealed:
        return "It came sealed for you: nobody without your signing identity could read it."
    if signer.panel:
        return ("The panel file is not sealed: it holds every case and stays with you, on "
                "this computer. Members get only their own bundles, sealed for them.")
    return ("This bundle was not sealed: anyone who had the file on its way to you could "
            "read every case in it. Keep it safe, delete spare copies, and ask the "
            "coordinator to send sealed bundles.")


def confirm_signer(parent: QWidget | None, signer: BundleSigner) -> bool:
    """True when the member continues with a bundle from this signer."""
    return TrustDialog(parent, signer).exec() == QDialog.DialogCode.Accepted

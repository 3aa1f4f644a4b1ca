"""Opening a bundle shows who signed it, and the member compares the fingerprint first."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from review.demo.bundle import DEMO_COORDINATOR, demo_coordinator
from review.identity import format_fingerprint
from tests.ui.ui_helpers import open_small, wait_idle
from ui.trust_dialog import BundleSigner, TrustDialog

FP = "3f2a9c01" * 8


def _texts(dialog) -> str:
    return "\n".join(label.text() for label in dialog.findChildren(QLabel))


def test_opening_shows_the_coordinator_and_fingerprint_before_anything_is_made(
        make_window, save_dialog, ui_bundle, qtbot, signer_checks):
    window = make_window()
    open_small(qtbot, window, ui_bundle)
    [signer] = signer_checks.shown
    assert signer.signer_name == DEMO_COORDINATOR
    assert signer.fingerprint == demo_coordinator().fingerprint
    assert signer.member_name == "Demo Reviewer 1" and signer.demo and not signer.panel
    assert signer.title.startswith("DEMO panel reassessment")


def test_cancelling_at_the_fingerprint_leaves_nothing(make_window, ui_bundle, qtbot,
                                                      signer_checks, app_home, monkeypatch):
    from PySide6.QtWidgets import QFileDialog
    asked: list = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: asked.append(a) or ("", "")))
    signer_checks.answer = False
    window = make_window()
    window.flow.open_bundle(ui_bundle)
    qtbot.waitUntil(lambda: bool(signer_checks.shown), timeout=20_000)
    wait_idle(qtbot, window)
    qtbot.wait(100)
    assert asked == []  # not even asked where to save
    assert window.flow.current_path is None and window.pages.currentWidget() is window.welcome
    assert [p.name for p in app_home.rglob("*.prw*")] == []


def test_the_prompt_groups_the_fingerprint_and_asks_to_compare(qtbot):
    signer = BundleSigner("Wave 2 <b>", "b-1", "Dr A Example", "Coordinator <i>", FP, False)
    dialog = TrustDialog(None, signer)
    qtbot.addWidget(dialog)
    assert dialog.fingerprint.text().split() == format_fingerprint(FP).split()
    first, second = dialog.fingerprint.text().split("\n")
    assert first == "3F2A 9C01 " * 3 + "3F2A 9C01" and len(second.split()) == 8
    text = _texts(dialog)
    assert "Compare this fingerprint with the one the coordinator gave you" in text
    assert "&lt;b&gt;" in text and "&lt;i&gt;" in text  # names are escaped, not markup
    assert dialog.ok.text() == "They match: continue"
    assert not dialog.ok.isDefault()  # Enter alone does not accept


def test_the_demo_prompt_says_it_is_the_synthetic_coordinator(qtbot):
    signer = BundleSigner("DEMO", "demo-1", "Demo Reviewer 1", DEMO_COORDINATOR, FP, True)
    dialog = TrustDialog(None, signer)
    qtbot.addWidget(dialog)
    text = _texts(dialog)
    assert "synthetic demo coordinator" in text and "Compare" not in text


def test_names_from_the_bundle_are_shown_inert(qtbot):
    hostile = {"title": "Wave\u202e2 evaw", "member": "Dr\u200b A\rDr B",
               "signer": "Coordinator\x1b[2K"}
    signer = BundleSigner(hostile["title"], "b-1", hostile["member"], hostile["signer"], FP, False)
    dialog = TrustDialog(None, signer)
    qtbot.addWidget(dialog)
    text = " ".join(label.text() for label in dialog.findChildren(QLabel))
    for raw in ("\u202e", "\u200b", "\r", "\x1b"):
        assert raw not in text
    for shown in ("Wave\\u{202E}2 evaw", "Dr\\u{200B} A\\u{000D}Dr B", "Coordinator\\u{001B}[2K"):
        assert shown in text


def test_the_panel_file_is_compared_with_the_coordinators_own_identity(qtbot):
    """panel.prb is plain by design: its prompt neither warns nor sends the coordinator
    to ask themselves for sealed bundles."""
    signer = BundleSigner("Wave 2", "b-1", "", "Dana Coordinator", FP, False, panel=True)
    dialog = TrustDialog(None, signer)
    qtbot.addWidget(dialog)
    text = _texts(dialog)
    assert "This is the panel file" in text and "your own" in text
    assert "the coordinator gave you" not in text and "ask the coordinator" not in text
    assert "stays with you" in dialog.sealing.text()
    assert dialog.sealing.property("tone") != "warn"
    assert dialog.ok.text() == "It is mine: continue" and not dialog.ok.isDefault()


def test_a_plain_member_bundle_still_warns(qtbot):
    signer = BundleSigner("Wave 2", "b-1", "Dr A Example", "Dana Coordinator", FP, False)
    dialog = TrustDialog(None, signer)
    qtbot.addWidget(dialog)
    assert "ask the coordinator to send sealed bundles" in dialog.sealing.text()
    assert dialog.sealing.property("tone") == "warn"


def test_the_focus_is_on_the_button_enter_presses(qtbot):
    from PySide6.QtWidgets import QDialogButtonBox
    signer = BundleSigner("Wave 2", "b-1", "Dr A Example", "Dana Coordinator", FP, False)
    dialog = TrustDialog(None, signer)
    qtbot.addWidget(dialog)
    cancel = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Cancel)
    # Chosen before it is shown: left to Qt, a window system gives the focus to the
    # first button, "They match", which Enter does not press.
    assert dialog.focusWidget() is cancel and cancel.isDefault()
    dialog.show()
    qtbot.waitExposed(dialog)
    assert not dialog.ok.hasFocus()

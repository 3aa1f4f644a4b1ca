"""First run, bundles, passphrases, recent workspaces and layout memory."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray

from tests.ui.ui_helpers import PASSPHRASE, open_small, wait_idle
from ui import paths
from ui.passphrase_dialog import PassphraseDialog


def test_first_run_shows_the_welcome_page(make_window):
    window = make_window()
    assert window.pages.currentWidget() is window.welcome
    assert not window.demo_banner.isVisible() and "DEMO" not in window.windowTitle()
    assert not window.actions["next_case"].isEnabled()  # nothing to move through yet
    assert not window.welcome.recent.isVisible()


def test_bundle_opens_into_a_new_workspace_in_the_chosen_place(make_window, save_dialog,
                                                               ui_bundle, qtbot, app_home):
    window = make_window()
    open_small(qtbot, window, ui_bundle)
    assert save_dialog.is_file() and window.review.list.model.rowCount() == 48
    assert paths.recent_workspaces() == [save_dialog.resolve()]
    assert window.actions["next_case"].isEnabled()
    window._fill_recent()
    assert [a.text() for a in window.menus["Recent"].actions()] == ["mine.prw"]


def test_wrong_passphrase_is_said_and_the_person_retries(make_window, save_dialog, ui_bundle,
                                                         qtbot, passphrases):
    window = make_window()
    open_small(qtbot, window, ui_bundle)
    window.close()
    passphrases.existing = ["not-the-passphrase", PASSPHRASE]
    window2 = make_window()  # reopens the last workspace
    qtbot.waitUntil(lambda: window2.review.current_case_id is not None, timeout=20_000)
    kinds = [a for a in passphrases.asked if a[0] == "existing"]
    assert kinds[0] == ("existing", None)
    assert kinds[1][1] and "passphrase does not open" in kinds[1][1]


def test_cancelling_the_passphrase_leaves_the_welcome_page(make_window, save_dialog, ui_bundle,
                                                           qtbot, passphrases, monkeypatch):
    window = make_window()
    open_small(qtbot, window, ui_bundle)
    window.close()
    monkeypatch.setattr("ui.passphrase_dialog.ask_existing", lambda *a, **k: None)
    window2 = make_window()
    qtbot.wait(200)
    wait_idle(qtbot, window2)
    assert window2.pages.currentWidget() is window2.welcome and window2.welcome.recent.isVisible()


def test_layout_is_restored_on_the_next_run(make_window, qtbot):
    window = make_window()
    window.review.splitter.setSizes([300, 700, 440])
    sizes = window.review.splitter.sizes()
    window.close()
    value = paths.settings().value("window/review_splitter")
    assert isinstance(value, QByteArray) and not value.isEmpty()
    window2 = make_window()
    assert window2.review.splitter.sizes() == sizes


def test_a_tampered_bundle_is_refused_with_a_sentence(make_window, save_dialog, ui_bundle,
                                                      qtbot, errors, tmp_path):
    bad = tmp_path / "bad.prb"
    data = bytearray(ui_bundle.read_bytes())
    data[len(data) // 2] ^= 0xFF
    bad.write_bytes(bytes(data))
    window = make_window()
    window.flow.open_bundle(bad)
    qtbot.waitUntil(lambda: bool(errors), timeout=20_000)
    assert errors[0].endswith(".") and "Traceback" not in errors[0]
    assert not save_dialog.exists()  # nothing of it entered a workspace
    assert window.pages.currentWidget() is window.welcome


def test_an_open_workspace_is_locked_against_a_second_window(make_window, save_dialog, ui_bundle,
                                                             qtbot, errors):
    window = make_window()
    open_small(qtbot, window, ui_bundle)
    window2 = make_window(None)
    window2.flow.open_workspace(save_dialog)
    qtbot.waitUntil(lambda: bool(errors), timeout=10_000)
    assert "already open in another Panel Review window" in errors[-1]


def test_cancel_removes_what_the_demo_made(make_window, qtbot, app_home, monkeypatch):
    monkeypatch.setattr("ui.workspace_flow.WorkspaceFlow.demo_cases", 30)
    window = make_window()
    window.flow.open_demo()
    window.flow.job.cancel()  # as if Cancel were pressed while it works
    wait_idle(qtbot, window, timeout=30_000)
    assert window.pages.currentWidget() is window.welcome
    assert not list(app_home.glob("*.prw")) and not list(app_home.glob("*.prw-*"))


def test_passphrase_dialog_checks_length_and_repeat(qtbot):
    d = PassphraseDialog(None, create=True, target="w.prw")
    qtbot.addWidget(d)
    d.first.setText("short")
    assert not d.ok.isEnabled() and "at least 12" in d.hint.text()
    d.first.setText("long enough?")  # 12 characters: the least accepted
    d.second.setText("long enough!")
    assert not d.ok.isEnabled() and "Repeat" in d.hint.text()
    d.second.setText("long enough?")
    assert d.ok.isEnabled()
    d.first.setText("Password123456")
    d.second.setText("Password123456")
    assert not d.ok.isEnabled() and "first that anyone would try" in d.hint.text()
    retry = PassphraseDialog(None, create=False, target="w.prw", error="Wrong, try again.")
    qtbot.addWidget(retry)
    assert retry.error.text() == "Wrong, try again." and not retry.error.isHidden()



def test_switching_workspace_saves_the_typing_pause_into_the_old_one(opened, qtbot, save_dialog,
                                                                     monkeypatch):
    from review.workspace.database import Workspace
    monkeypatch.setattr("ui.workspace_flow.WorkspaceFlow.demo_cases", 30)
    case_id, form = opened.review.current_case_id, opened.review.form
    qtbot.keyClicks(form.rationale, "Typed just before opening the demo.")
    assert opened.review.controller.dirty
    opened.flow.open_demo()
    qtbot.waitUntil(lambda: "DEMO" in opened.windowTitle(), timeout=30_000)
    wait_idle(qtbot, opened)
    with Workspace.open(save_dialog, PASSPHRASE) as ws:  # the old one, closed by the switch
        assert ws.decisions.get(case_id).decision.rationale == "Typed just before opening the demo."


def test_gui_on_the_panel_file_opens_coordinator_mode(qtbot, tmp_path, monkeypatch, ui_bundle):
    from tests.ui.coordinator.test_data import build_panel
    from ui.app import start
    from ui.workspace_flow import WorkspaceFlow
    calls = []
    monkeypatch.setattr(WorkspaceFlow, "open_coordinator_bundle", lambda self, p=None: calls.append(("coordinator", Path(p).name)))
    monkeypatch.setattr(WorkspaceFlow, "open_bundle", lambda self, p=None: calls.append(("member", Path(p).name)))
    (tmp_path / "panel").mkdir()
    panel = build_panel(tmp_path / "panel")
    w = start(str(panel.bundle))
    qtbot.addWidget(w)
    qtbot.waitUntil(lambda: len(calls) == 1)
    w2 = start(str(ui_bundle))
    qtbot.addWidget(w2)
    qtbot.waitUntil(lambda: len(calls) == 2)
    assert calls == [("coordinator", panel.bundle.name), ("member", ui_bundle.name)]

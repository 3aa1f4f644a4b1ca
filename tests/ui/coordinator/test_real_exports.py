"""Coordinator mode on real signed Excel exports (nothing stubbed below the window)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.ui.ui_helpers import PASSPHRASE, wait_idle


@pytest.fixture(scope="module")
def rehearsal(tmp_path_factory) -> Path:
    from exports.rehearsal import run_demo_panel
    folder = tmp_path_factory.mktemp("real") / "panel"
    run_demo_panel(folder, PASSPHRASE, reviewers=2, cases=14, say=lambda _: None)
    return folder


def test_real_exports_merge_through_the_window(make_window, rehearsal, monkeypatch, app_home,
                                               qtbot, tmp_path):
    from openpyxl import load_workbook
    from PySide6.QtWidgets import QFileDialog
    shown = []
    monkeypatch.setattr("ui.coordinator.imports.show_results",
                        lambda parent, outcomes, offered, names: shown.append(outcomes))
    target = app_home / "coordinator.prw"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(target), "")))
    window = make_window()
    window.flow.open_coordinator_bundle(rehearsal / "bundles" / "panel.prb")
    page = window.coordinator
    qtbot.waitUntil(lambda: window.pages.currentWidget() is page
                    and page.cases.model.rowCount() == 14, timeout=20_000)
    edited = tmp_path / "R02 edited.xlsx"
    shutil.copyfile(rehearsal / "exports" / "R02.xlsx", edited)
    wb = load_workbook(edited)
    wb["Decisions"]["B2"].value = "PR-9999"
    wb.save(edited)
    page.import_exports([rehearsal / "exports" / "R01.xlsx", edited,
                         rehearsal / "exports" / "R02.xlsx"])
    qtbot.waitUntil(lambda: bool(shown), timeout=30_000)
    wait_idle(qtbot, window)
    outcomes = {o.source: o for o in shown[0]}
    assert outcomes["R01.xlsx"].outcome == "accepted"
    assert outcomes["R02.xlsx"].outcome == "accepted"
    assert outcomes[edited.name].outcome == "refused" and "Decisions!" in outcomes[edited.name].reason
    statuses = {r.status for r in page.cases.model.all_rows()}
    assert statuses & {"agreed", "disagreement"}


def test_an_export_sealed_in_the_app_is_merged_by_the_cli_and_imported_in_the_window(
        make_window, rehearsal, monkeypatch, app_home, qtbot, tmp_path, errors, capsys):
    import main
    from PySide6.QtWidgets import QFileDialog
    from tests.cli_helpers import run
    from tests.ui.ui_helpers import open_small
    from ui.coordinator import unlock
    from ui.export import dialogs as export_dialogs
    out = tmp_path / "out"
    out.mkdir()
    sealed = out / "R01 sealed.prs"
    ids = rehearsal / "identities"

    workspaces = [app_home / "R01.prw", app_home / "coordinator.prw"]

    def save_as(parent, title, default, filters):
        return str(sealed if "sealed" in title else workspaces.pop(0)), filters
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save_as))
    monkeypatch.setattr(QFileDialog, "getExistingDirectory",
                        staticmethod(lambda *a, **k: str(ids / "R01")))
    monkeypatch.setattr(export_dialogs, "ask_identity_passphrase", lambda *a, **k: PASSPHRASE)
    asked: list = []
    monkeypatch.setattr(export_dialogs, "choose_sealing",
                        lambda parent, who, why_not: asked.append((who, why_not)) or "sealed")
    member = make_window()
    open_small(qtbot, member, rehearsal / "bundles" / "R01.prb")
    outcome: dict = {}
    member.exports.finished.connect(lambda r: outcome.setdefault("result", r))
    member.exports.failed.connect(lambda e: outcome.setdefault("error", e))
    member.actions["export_both"].trigger()
    qtbot.waitUntil(lambda: bool(outcome) and not member.exports.busy, timeout=60_000)
    assert outcome.get("result") is not None and errors == [], (outcome, errors)
    [(coordinator_name, why_not)] = asked
    assert why_not is None and coordinator_name
    assert sorted(p.name for p in out.iterdir()) == [sealed.name]
    member.exports.result_dialog.close()
    member.close()          # the next window would reopen its workspace, the last one used
    qtbot.waitUntil(lambda: not member.isVisible(), timeout=10_000)

    # merge --identity, as the command line has it
    coord = tmp_path / "coordinator.prw"
    shutil.copyfile(rehearsal / "coordinator.prw", coord)
    monkeypatch.setenv(main.PASSPHRASE_ENV, PASSPHRASE)
    code, said, err = run(capsys, "merge", sealed, "--roster", rehearsal / "bundles/panel.prb",
                          "--workspace", coord, "--identity", ids / "coordinator")
    assert code == 0 and "(R01)" in said and "REFUSED" not in said, said + err

    # Coordinator → Import in the window: one passphrase for every sealed file, then none
    shown = []
    monkeypatch.setattr("ui.coordinator.imports.show_results",
                        lambda parent, outcomes, offered, names: shown.append(outcomes))
    folders: list = []
    monkeypatch.setattr(QFileDialog, "getExistingDirectory",
                        lambda parent, title, start: folders.append(start)
                        or str(ids / "coordinator"))
    passphrases = ["not the passphrase", PASSPHRASE]
    unlocks: list = []

    def ask(parent, name, fingerprint, files, error=None):
        unlocks.append((name, files, error))
        return passphrases.pop(0)
    monkeypatch.setattr(unlock, "ask_passphrase", ask)
    window = make_window()
    window.flow.open_coordinator_bundle(rehearsal / "bundles" / "panel.prb")
    page = window.coordinator
    qtbot.waitUntil(lambda: window.pages.currentWidget() is page
                    and page.cases.model.rowCount() == 14, timeout=20_000)
    damaged = tmp_path / "damaged.prs"
    data = bytearray(sealed.read_bytes())
    data[len(data) // 2] ^= 1
    damaged.write_bytes(bytes(data))
    page.import_exports([sealed, damaged, rehearsal / "exports" / "R02.xlsx"])
    qtbot.waitUntil(lambda: bool(shown), timeout=30_000)
    wait_idle(qtbot, window)
    assert [(n, f) for n, f, _ in unlocks] == [(coordinator_name, 2)] * 2
    assert unlocks[0][2] is None and "passphrase" in unlocks[1][2]
    outcomes = {o.source: o for o in shown[0]}
    assert outcomes[sealed.name].outcome == "accepted" and outcomes[sealed.name].member_id == "R01"
    assert outcomes["R02.xlsx"].outcome == "accepted"
    assert outcomes[damaged.name].outcome == "refused" and outcomes[damaged.name].reason
    # the second import does not ask again; a return sealed for someone else says for whom
    from exports.sealed_return import pack_return
    from review.identity import Identity
    from review.seal import Recipient
    other = Identity.generate("Another Coordinator")
    stranger = tmp_path / "for someone else.prs"
    stranger.write_bytes(pack_return({"x.xlsx": b"not a workbook"}, other,
                                     [Recipient("the coordinator, Another Coordinator",
                                                other.certificate)]))
    shown.clear()
    page.import_exports([stranger])
    qtbot.waitUntil(lambda: bool(shown), timeout=30_000)
    assert len(unlocks) == 2
    [refused] = shown[0]
    assert refused.outcome == "refused"
    assert "sealed for the coordinator, Another Coordinator" in refused.reason
    assert errors == []


def test_the_passphrase_ask_names_the_coordinator_and_how_many_files(qtbot):
    from ui.coordinator.unlock import UnlockDialog
    one = UnlockDialog(None, "Dr <i>A</i>", "ab" * 32, 1)
    qtbot.addWidget(one)
    text = " ".join(label.text() for label in one.findChildren(type(one.error)))
    assert "1 of the files chosen is sealed" in text and "can open it." in text
    assert "Dr &lt;i&gt;A&lt;/i&gt;" in text            # a name from a certificate, inert
    assert not one.ok.isEnabled()
    one.field.setText("x")
    assert one.ok.isEnabled()
    two = UnlockDialog(None, "Dr A", "ab" * 32, 2, "That passphrase does not unlock it.")
    qtbot.addWidget(two)
    assert "2 of the files chosen are sealed" in " ".join(
        label.text() for label in two.findChildren(type(two.error)))
    assert two.error.text() == "That passphrase does not unlock it." and not two.error.isHidden()

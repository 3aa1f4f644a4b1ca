"""File → Publish signed result… in Coordinator mode, on a real rehearsal (nothing stubbed
below the dialogs): the files written are checked by ``verify``."""

from __future__ import annotations

from pathlib import Path

import pytest

from exports.verify import verify_file
from tests.ui.ui_helpers import PASSPHRASE


class Answers:
    """What the coordinator answers in the dialogs of the publication."""

    def __init__(self, monkeypatch, identity: Path, target: Path) -> None:
        from PySide6.QtWidgets import QFileDialog
        self.identity, self.target = identity, target
        self.passphrases = ["wrong passphrase", PASSPHRASE]
        self.errors_seen: list[str | None] = []
        self.interim: list[str] = []
        self.publish_interim = True
        self.folders_asked = 0
        monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(self.folder))
        monkeypatch.setattr(QFileDialog, "getSaveFileName",
                            staticmethod(lambda *a, **k: (str(self.target), "")))
        monkeypatch.setattr("ui.export.dialogs.ask_identity_passphrase", self.passphrase)
        monkeypatch.setattr("ui.coordinator.publish.ask_interim", self.ask_interim)

    def folder(self, *args, **kwargs) -> str:
        """The identity's folder; after a refusal, the coordinator cancels the second ask."""
        self.folders_asked += 1
        return str(self.identity) if self.folders_asked == 1 else ""

    def passphrase(self, parent, name, fingerprint, error=None, what="The export"):
        self.errors_seen.append(error)
        self.what = what
        return self.passphrases.pop(0) if self.passphrases else PASSPHRASE

    def ask_interim(self, parent, sentence):
        self.interim.append(sentence)
        return self.publish_interim


def test_publish_writes_a_consolidated_pdf_and_workbook_that_verify_accepts(
        coordinator, rehearsal, monkeypatch, tmp_path, qtbot, errors):
    target = tmp_path / "out" / "Panel result.pdf"
    target.parent.mkdir()
    answers = Answers(monkeypatch, rehearsal / "identities" / "coordinator", target)
    action = coordinator.coordinator_actions["coordinator_publish"]
    assert action.isEnabled() and action in coordinator.menus["File"].actions()
    results = []
    coordinator.publisher.finished.connect(results.append)
    action.trigger()
    qtbot.waitUntil(lambda: bool(results), timeout=120_000)
    result = results[0]
    # the rehearsal leaves about half its disagreements open: said, then published anyway
    assert "not adjudicated" in answers.interim[0] and "interim" in answers.interim[0]
    assert answers.errors_seen[0] is None and answers.errors_seen[1]  # wrong, then asked again
    assert answers.what == "The consolidated result"
    assert errors == []
    xlsx = target.with_suffix(".xlsx")
    assert (result.pdf_path, result.xlsx_path) == (target, xlsx)
    coordinator_fp = coordinator.publisher.result_dialog.result.fingerprint
    for path in (target, xlsx):
        report = verify_file(path, expected_fingerprint=coordinator_fp)
        assert report.valid, report.reason
        assert "Consolidated result of the coordinator" in report.member
    dialog = coordinator.publisher.result_dialog
    assert dialog.isVisible()
    text = dialog.text()
    assert target.name in text and xlsx.name in text and "interim result" in text
    dialog.close()
    assert not list(target.parent.glob("*.tmp*"))  # nothing half-written beside them


def test_publish_refuses_an_identity_that_did_not_sign_the_panel(
        coordinator, rehearsal, monkeypatch, tmp_path, qtbot, errors):
    target = tmp_path / "Panel result.pdf"
    answers = Answers(monkeypatch, rehearsal / "identities" / "R01", target)
    coordinator.coordinator_actions["coordinator_publish"].trigger()
    qtbot.waitUntil(lambda: bool(errors), timeout=20_000)
    assert "did not sign the panel's bundles" in errors[0]
    assert answers.errors_seen == []  # refused before any passphrase was asked
    qtbot.waitUntil(lambda: not coordinator.publisher.busy, timeout=5_000)
    assert answers.folders_asked == 2  # another folder was offered, then cancelled
    assert not target.exists() and not target.with_suffix(".xlsx").exists()


def test_publish_stops_when_the_coordinator_declines_an_interim_result(
        coordinator, rehearsal, monkeypatch, tmp_path, qtbot, errors):
    target = tmp_path / "Panel result.pdf"
    answers = Answers(monkeypatch, rehearsal / "identities" / "coordinator", target)
    answers.publish_interim = False
    coordinator.coordinator_actions["coordinator_publish"].trigger()
    qtbot.waitUntil(lambda: bool(answers.interim), timeout=20_000)
    qtbot.waitUntil(lambda: not coordinator.publisher.busy, timeout=5_000)
    assert answers.errors_seen == [] and errors == []
    assert not target.exists() and not target.with_suffix(".xlsx").exists()


def test_publish_is_off_outside_coordinator_mode(opened):
    assert not opened.coordinator_actions["coordinator_publish"].isEnabled()


def test_default_names_come_from_the_bundle_title_and_never_overwrite(tmp_path):
    from types import SimpleNamespace
    from ui.coordinator.publish import default_paths
    data = SimpleNamespace(bundle_title="Met: reassessment / 2026", bundle_id="b",
                           generated_at="2026-12-04T10:00:00.000Z")
    pdf, xlsx = default_paths(data, tmp_path)
    assert pdf.name == "Met_ reassessment _ 2026 \u2013 consolidated result \u2013 2026-12-04.pdf"
    assert xlsx == pdf.with_suffix(".xlsx")
    xlsx.write_bytes(b"")
    assert default_paths(data, tmp_path)[0].stem.endswith("(2)")


def test_cancelling_the_publication_writes_nothing(coordinator, rehearsal, monkeypatch,
                                                   tmp_path, qtbot, errors):
    from ui.coordinator.publish import PublishThread
    target = tmp_path / "Panel result.pdf"
    Answers(monkeypatch, rehearsal / "identities" / "coordinator", target)
    start = PublishThread.start

    def cancelled_at_once(thread):  # Cancel pressed before the first step is built
        coordinator.publisher.cancel()
        start(thread)

    monkeypatch.setattr(PublishThread, "start", cancelled_at_once)
    said, failures = [], []
    coordinator.publisher.message.connect(said.append)
    coordinator.publisher.failed.connect(failures.append)
    coordinator.coordinator_actions["coordinator_publish"].trigger()
    qtbot.waitUntil(lambda: bool(failures), timeout=20_000)
    from exports.errors import ExportCancelled
    assert isinstance(failures[0], ExportCancelled) and errors == []
    assert not coordinator.publisher.busy and coordinator.publisher.result_dialog is None
    assert any("Cancelling" in m for m in said)
    assert not target.exists() and not target.with_suffix(".xlsx").exists()
    assert [p.name for p in tmp_path.iterdir() if p.is_file()] == []  # no temporary file

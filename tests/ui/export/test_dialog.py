"""File → Export signed PDF / Excel through the real window.

Dialogs are answered by monkeypatched functions; the export itself is the
real one (``exports.service.export_signed``) unless a test makes it fail.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from review.atomic import TEMP_PREFIX
from review.identity import Identity, format_fingerprint

ID_PASS = "identity-passphrase-1"


@pytest.fixture
def identity_dir(tmp_path) -> Path:
    folder = tmp_path / "identity"
    Identity.generate("Demo Reviewer 1").save(folder, ID_PASS)
    return folder


class Answers:
    """Stands in for the export's dialogs and records what they were asked."""

    def __init__(self, monkeypatch, identity_dir: Path, target: Path) -> None:
        from PySide6.QtWidgets import QFileDialog
        from ui.export import dialogs as export_dialogs
        self.identity_dir, self.target = identity_dir, target
        self.passphrases: list[str | None] = []
        self.asked: list[str | None] = []     # error shown with each passphrase prompt
        self.save_titles: list[str] = []
        self.no_identity: list[Path] = []
        self.no_identity_answer: str | None = None
        self.new_identity: tuple[str, str] | None = None
        # Sealed is the default; the tests of plain signed files choose them, as a member may.
        self.sealing: str | None = "plain"
        self.sealing_asked: list[tuple[str, str | None]] = []   # (coordinator, why not)
        monkeypatch.setattr(QFileDialog, "getExistingDirectory",
                            staticmethod(lambda *a, **k: str(self.identity_dir)))
        monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(self._save))
        monkeypatch.setattr(export_dialogs, "ask_identity_passphrase", self._passphrase)
        monkeypatch.setattr(export_dialogs, "no_identity", self._no_identity)
        monkeypatch.setattr(export_dialogs, "choose_sealing", self._sealing)
        monkeypatch.setattr(export_dialogs, "ask_new_identity",
                            lambda parent, folder, name: self.new_identity)
        self.created: list[tuple[str, str, Path]] = []  # (name, fingerprint, folder) shown
        monkeypatch.setattr(export_dialogs, "identity_created",
                            lambda parent, name, fp, folder: self.created.append((name, fp, folder)))

    def _save(self, parent, title, default, filters):
        self.save_titles.append(title)
        self.default = Path(default)
        return (str(self.target), filters) if self.target is not None else ("", "")

    def _passphrase(self, parent, name, fingerprint, error=None):
        self.asked.append(error)
        return self.passphrases.pop(0) if self.passphrases else ID_PASS

    def _sealing(self, parent, coordinator, why_not):
        self.sealing_asked.append((coordinator, why_not))
        return self.sealing

    def _no_identity(self, parent, folder):
        self.no_identity.append(folder)
        return self.no_identity_answer


@pytest.fixture
def out_dir(tmp_path) -> Path:
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


@pytest.fixture
def answers(monkeypatch, identity_dir, out_dir) -> Answers:
    return Answers(monkeypatch, identity_dir, out_dir / "my export.pdf")


def _export(qtbot, window, kind="both", timeout=60_000):
    flow = window.exports
    outcome: dict = {}
    flow.finished.connect(lambda r: outcome.setdefault("result", r))
    flow.failed.connect(lambda e: outcome.setdefault("error", e))
    window.actions[f"export_{kind}"].trigger()
    qtbot.waitUntil(lambda: not flow.busy, timeout=timeout)
    return outcome


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_export_actions_need_a_workspace(make_window, save_dialog, ui_bundle, qtbot):
    from tests.ui.ui_helpers import open_small
    window = make_window()
    keys = ("export_both", "export_pdf", "export_xlsx")
    assert not any(window.actions[k].isEnabled() for k in keys)
    labels = [a.text() for a in window.menus["File"].actions()]
    assert labels.index("&Export signed PDF and Excel\u2026") < labels.index("&Quit")
    open_small(qtbot, window, ui_bundle)
    assert all(window.actions[k].isEnabled() for k in keys)


def test_export_both_writes_two_valid_signed_files_and_shows_the_fingerprint(
        opened, qtbot, answers, errors, out_dir, identity_dir, app_home):
    from exports.verify import verify_file
    from review.identity import load_certificate, fingerprint_of
    expected = fingerprint_of(load_certificate(identity_dir))
    # A change still in its typing pause is flushed before the snapshot.
    assert opened.review.form.set_category("new_assessment")
    qtbot.keyClicks(opened.review.form.rationale, "Lines of inquiry were missed.")
    outcome = _export(qtbot, opened)
    assert errors == [] and "error" not in outcome, (errors, outcome)
    result = outcome["result"]
    pdf, xlsx = out_dir / "my export.pdf", out_dir / "my export.xlsx"
    assert result.pdf_path == pdf and result.xlsx_path == xlsx
    assert _leftovers(out_dir) == ["my export.pdf", "my export.xlsx"]  # no temporary files
    for path in (pdf, xlsx):
        report = verify_file(path, expected_fingerprint=expected)
        assert report.valid, report.reason
        assert report.case_count == 48
    assert result.decision_count == 1
    # The save dialog proposed the default name in Documents/Panel Review (the test's own).
    assert answers.default.parent == app_home / "Documents" / "Panel Review"
    assert answers.default.suffix == ".pdf"
    assert answers.default.stem.startswith("Demo Reviewer 1 \u2013 DEMO panel reassessment")
    assert answers.asked == [None]
    dialog = opened.exports.result_dialog
    assert dialog is not None and dialog.isVisible()
    text = dialog.text()
    assert str(out_dir) in text and pdf.name in text and xlsx.name in text
    assert "Demo Reviewer 1" in text
    groups = format_fingerprint(expected).split(" ")
    assert " ".join(groups[:8]) in text and " ".join(groups[8:]) in text
    assert dialog.folder == out_dir
    opened_urls = []
    import ui.export.result
    patch = pytest.MonkeyPatch()
    patch.setattr(ui.export.result.QDesktopServices, "openUrl",
                  staticmethod(lambda url: opened_urls.append(url.toLocalFile()) or True))
    try:
        dialog.open_folder.click()
    finally:
        patch.undo()
    assert [Path(u) for u in opened_urls] == [out_dir]  # the folder, never a file
    dialog.close()


def test_export_only_the_workbook_and_the_folder_is_remembered(opened, qtbot, answers, errors,
                                                               out_dir):
    from exports.verify import verify_file
    answers.target = out_dir / "only-excel"  # no suffix typed: .xlsx is added
    outcome = _export(qtbot, opened, "xlsx")
    assert errors == [] and outcome["result"].pdf_path is None
    assert _leftovers(out_dir) == ["only-excel.xlsx"]
    assert verify_file(out_dir / "only-excel.xlsx").valid
    opened.exports.result_dialog.close()
    answers.target = None  # the person cancels the save dialog
    outcome = _export(qtbot, opened, "pdf")
    assert outcome == {} and answers.default.parent == out_dir  # last export folder offered
    assert _leftovers(out_dir) == ["only-excel.xlsx"]


def test_wrong_identity_passphrase_asks_again_with_the_reason(opened, qtbot, answers, errors,
                                                              out_dir):
    answers.passphrases = ["not-the-identity-pass", ID_PASS]
    outcome = _export(qtbot, opened)
    assert "result" in outcome and errors == []
    assert answers.asked[0] is None
    assert "passphrase does not unlock this signing identity" in answers.asked[1]
    opened.exports.result_dialog.close()


def test_cancelling_the_identity_passphrase_exports_nothing(opened, qtbot, answers, errors,
                                                            out_dir):
    answers.passphrases = [None]
    outcome = _export(qtbot, opened)
    assert outcome == {} and errors == [] and answers.save_titles == []
    assert _leftovers(out_dir) == []


def test_cancel_mid_export_leaves_no_file_and_no_temporary_file(opened, qtbot, answers, errors,
                                                                out_dir, monkeypatch):
    """The export waits after its first progress step until Cancel is pressed."""
    from exports import service
    from exports.errors import ExportCancelled
    real = service.export_signed
    steps: list[float] = []

    def held(data, identity, *, progress=None, should_cancel=None, **kw):
        def report(fraction, message):
            steps.append(fraction)
            if progress:
                progress(fraction, message)
            deadline = time.monotonic() + 20
            while not should_cancel() and time.monotonic() < deadline:
                time.sleep(0.01)
        return real(data, identity, progress=report, should_cancel=should_cancel, **kw)

    monkeypatch.setattr(service, "export_signed", held)
    flow = opened.exports
    outcome: dict = {}
    flow.failed.connect(lambda e: outcome.setdefault("error", e))
    flow.finished.connect(lambda r: outcome.setdefault("result", r))
    opened.actions["export_both"].trigger()
    # The progress dialog appears after half a second; press its Cancel button.
    qtbot.waitUntil(lambda: flow.progress is not None and flow.progress.dialog is not None
                    and flow.progress.dialog.isVisible(), timeout=20_000)
    dialog = flow.progress.dialog
    assert dialog.isModal() or dialog.windowModality()
    from PySide6.QtWidgets import QPushButton
    cancel = [b for b in dialog.findChildren(QPushButton) if b.text() == "Cancel"]
    assert cancel, "the progress dialog has a Cancel button"
    cancel[0].click()
    qtbot.waitUntil(lambda: bool(outcome) and not flow.busy, timeout=30_000)
    assert isinstance(outcome.get("error"), ExportCancelled)
    assert steps, "the export had started"
    assert errors == []  # a cancel is not an error
    assert _leftovers(out_dir) == []
    assert not list(out_dir.glob(TEMP_PREFIX + "*"))
    assert flow.progress is None and flow.result_dialog is None
    assert "cancelled" in opened.statusBar().currentMessage()


def test_a_failed_export_says_why_and_writes_nothing(opened, qtbot, answers, errors, out_dir,
                                                     monkeypatch):
    from exports import service
    from exports.errors import ExportError

    def broken(*a, **k):
        raise ExportError("The export could not be written (No space left on device); no file "
                          "was changed.")

    monkeypatch.setattr(service, "export_signed", broken)
    outcome = _export(qtbot, opened)
    assert isinstance(outcome.get("error"), ExportError)
    assert errors == ["The export could not be written (No space left on device); no file was "
                      "changed."]
    assert _leftovers(out_dir) == [] and opened.exports.result_dialog is None


def test_a_folder_that_cannot_be_written_is_said_before_any_work(opened, qtbot, answers, errors,
                                                                 out_dir):
    blocker = out_dir / "not-a-folder"
    blocker.write_text("a file where the folder should be")
    answers.target = blocker / "export.pdf"
    outcome = _export(qtbot, opened)
    assert len(errors) == 1 and "cannot write in the folder" in errors[0]
    assert "error" in outcome and opened.exports.thread is None
    assert _leftovers(out_dir) == ["not-a-folder"]


def test_write_failure_inside_the_export_leaves_no_partial_file(opened, qtbot, answers, errors,
                                                                out_dir, monkeypatch):
    """The real export, failing while it writes the second file: neither file appears."""
    import review.atomic
    real = review.atomic._temp_for
    calls = []

    def failing(path):
        calls.append(path)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        return real(path)

    monkeypatch.setattr(review.atomic, "_temp_for", failing)
    outcome = _export(qtbot, opened)
    assert "error" in outcome and len(errors) == 1 and len(calls) == 2
    assert "is full. Nothing saved before was lost; the export was not written" in errors[0]
    assert _leftovers(out_dir) == []


def test_a_member_without_an_identity_is_told_and_can_create_one(opened, qtbot, answers, errors,
                                                                 tmp_path, out_dir):
    from exports.verify import verify_file
    empty = tmp_path / "no identity here"
    empty.mkdir()
    answers.identity_dir = empty
    answers.no_identity_answer = None  # first: the person only reads the explanation
    assert _export(qtbot, opened) == {}
    assert answers.no_identity == [empty] and _leftovers(out_dir) == []
    answers.no_identity_answer = "create"
    answers.new_identity = ("Dr New Member", "a-new-passphrase")
    outcome = _export(qtbot, opened)
    assert errors == [] and "result" in outcome
    assert (empty / "key.pem").is_file() and (empty / "cert.pem").is_file()
    result = outcome["result"]
    assert result.signer_name == "Dr New Member"
    # The fingerprint to send to the coordinator was shown once, right after creating it.
    assert answers.created == [("Dr New Member", result.fingerprint, empty)]
    assert verify_file(result.pdf_path, expected_fingerprint=result.fingerprint).valid
    opened.exports.result_dialog.close()


def test_the_identity_dialogs_speak_plainly(qtbot, tmp_path):
    """Panel members are not programmers: a seal and a fingerprint, not key files."""
    from ui.export.dialogs import NewIdentityDialog, no_identity_box
    box, another, create = no_identity_box(None, tmp_path)
    qtbot.addWidget(box)
    new = NewIdentityDialog(None, tmp_path, "")
    qtbot.addWidget(new)
    from PySide6.QtWidgets import QLabel
    texts = [box.text()] + [label.text() for label in new.findChildren(QLabel)]
    for jargon in ("cert.pem", "key.pem", "PKCS", "certificate", "--out"):
        assert not any(jargon in text for text in texts), jargon
    assert "fingerprint" in box.text() and create.text() == "Create an identity\u2026"
    assert any("fingerprint" in text and "coordinator" in text for text in texts[1:])


def test_a_new_identity_shows_its_fingerprint_with_a_copy_button(qtbot, tmp_path):
    from PySide6.QtWidgets import QApplication
    from ui.export.dialogs import IdentityCreatedDialog
    fp = "ab12" * 16
    dialog = IdentityCreatedDialog(None, "Dr <New> Member", fp, tmp_path)
    qtbot.addWidget(dialog)
    assert dialog.fingerprint.text().split() == format_fingerprint(fp).split()
    QApplication.clipboard().clear()
    dialog.copy.click()
    assert QApplication.clipboard().text() == format_fingerprint(fp)
    assert "Copied" in dialog.copied.text()


def test_identity_dialogs_check_their_fields_and_show_the_last_error(qtbot, tmp_path):
    from PySide6.QtWidgets import QLineEdit
    from ui.export.dialogs import IdentityPassphraseDialog, NewIdentityDialog
    unlock = IdentityPassphraseDialog(None, "Dr <A> Member", "ab" * 32, error="Wrong passphrase.")
    qtbot.addWidget(unlock)
    assert unlock.error.text() == "Wrong passphrase." and not unlock.error.isHidden()
    assert unlock.field.echoMode() == QLineEdit.EchoMode.Password
    assert not unlock.ok.isEnabled() and unlock.ok.text() == "Unlock and continue"
    unlock.field.setText("anything")
    assert unlock.ok.isEnabled() and unlock.passphrase() == "anything"
    new = NewIdentityDialog(None, tmp_path, "")
    qtbot.addWidget(new)
    assert not new.ok.isEnabled() and "name" in new.hint.text()
    new.name.setText("Dr A Member")
    new.first.setText("long enough")  # 11 characters: one short
    assert not new.ok.isEnabled() and "at least 12" in new.hint.text()
    new.first.setText("long enough?")
    new.second.setText("long enougH?")
    assert not new.ok.isEnabled() and "Repeat" in new.hint.text()
    new.second.setText("long enough?")
    assert new.ok.isEnabled() and new.ok.text() == "Create identity"
    assert new.second.echoMode() == QLineEdit.EchoMode.Password


def test_export_default_name_and_the_folder_remembered_for_next_time(
        opened, qtbot, answers, errors, out_dir, app_home):
    import datetime as dt
    from ui.export.flow import FOLDER_KEY
    from ui import paths
    answers.target = out_dir / "first.xlsx"
    outcome = _export(qtbot, opened, "xlsx")
    assert errors == [] and "result" in outcome, (errors, outcome)
    today = dt.datetime.now(dt.timezone.utc).date().isoformat()
    name = f"Demo Reviewer 1 \u2013 DEMO panel reassessment - 48 synthetic cases \u2013 {today}"
    assert answers.default == app_home / "Documents" / "Panel Review" / f"{name}.xlsx"
    assert paths.settings().value(FOLDER_KEY) == str(out_dir)  # the folder, not the file
    answers.target = None  # the second time, only look at what is offered, then cancel
    _export(qtbot, opened, "xlsx")
    assert answers.default == out_dir / f"{name}.xlsx"


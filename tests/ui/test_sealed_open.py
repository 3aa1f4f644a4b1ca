"""Opening a sealed bundle in the app: the member's identity opens it in memory.

Real sealed bundles (review/seal.py) made for identities saved in the test's
folder; the only things replaced are the modal dialogs (the folder chooser,
the identity passphrase, the fingerprint check and error boxes).
"""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QFileDialog

from review.bundle.contents import read_bundle, write_bundle
from review.demo.bundle import demo_coordinator
from review.identity import Identity
from review.seal import Recipient
from tests.ui.ui_helpers import open_small, wait_idle
from ui.export import dialogs as export_dialogs

ID_PASS = "a long identity passphrase"


class Unlock:
    """Answers the identity's folder and passphrase questions, in turn."""

    def __init__(self, monkeypatch, folders, passphrases) -> None:
        self.folders, self.passphrases = list(folders), list(passphrases)
        self.asked: list[tuple] = []  # (name, error, purpose) of each passphrase question
        monkeypatch.setattr(QFileDialog, "getExistingDirectory",
                            staticmethod(lambda *a, **k: str(self.folders.pop(0))
                                         if self.folders else ""))
        monkeypatch.setattr(export_dialogs, "ask_identity_passphrase", self.passphrase)

    def passphrase(self, parent, name, fingerprint, error=None, what="", purpose="sign"):
        self.asked.append((name, error, purpose))
        return self.passphrases.pop(0) if self.passphrases else None


@pytest.fixture(scope="module")
def people(tmp_path_factory):
    folder = tmp_path_factory.mktemp("identities")
    made = {}
    for key, name in (("mine", "Dr M"), ("other", "Dr O")):
        identity = Identity.generate(name)
        identity.save(folder / key, ID_PASS)
        made[key] = (folder / key, identity)
    return made


@pytest.fixture(scope="module")
def sealed_bundle(people, ui_bundle, tmp_path_factory):
    """The small demo's contents, signed by the demo coordinator and sealed for Dr M."""
    path = tmp_path_factory.mktemp("sealed") / "for-dr-m.prb"
    contents = read_bundle(ui_bundle).contents
    write_bundle(path, contents, demo_coordinator(),
                 [Recipient("R01, Dr M", people["mine"][1].certificate)])
    return path


def _marker(bundle) -> bytes:
    """A phrase of case text, to look for in the clear."""
    summary = max((c.summary for c in read_bundle(bundle).contents.cases), key=len)
    return summary[10:50].encode()


def test_a_sealed_bundle_opens_with_the_members_identity_after_a_wrong_passphrase(
        make_window, save_dialog, sealed_bundle, ui_bundle, people, qtbot, signer_checks,
        monkeypatch, app_home, tmp_path):
    unlock = Unlock(monkeypatch, [people["mine"][0]], ["wrong passphrase!!", ID_PASS])
    window = make_window()
    open_small(qtbot, window, sealed_bundle)
    assert window.review.list.model.rowCount() == 48
    (_, first_error, purpose), (_, second_error, _) = unlock.asked
    assert first_error is None and second_error and purpose == "open"
    [signer] = signer_checks.shown
    assert signer.sealed and signer.demo  # the demo's contents, sealed for Dr M
    marker = _marker(ui_bundle)  # the same cases
    for folder in (app_home, tmp_path):  # no decrypted copy anywhere
        for f in folder.rglob("*"):
            if f.is_file():
                assert marker not in f.read_bytes(), f


def test_a_bundle_sealed_for_someone_else_says_whose_it_is(
        make_window, save_dialog, sealed_bundle, people, qtbot, errors, monkeypatch, app_home):
    unlock = Unlock(monkeypatch, [people["other"][0]], [ID_PASS])
    window = make_window()
    window.flow.open_bundle(sealed_bundle)
    qtbot.waitUntil(lambda: bool(errors), timeout=10_000)
    wait_idle(qtbot, window)
    assert "This bundle is sealed for R01, Dr M; your identity is Dr O." in errors[0]
    assert unlock.asked == []  # refused before any passphrase was asked
    assert not save_dialog.exists() and window.flow.current_path is None


def test_a_truncated_sealed_bundle_is_refused_and_nothing_is_made(
        make_window, save_dialog, sealed_bundle, people, qtbot, errors, monkeypatch, app_home,
        tmp_path):
    cut = tmp_path / "cut.prb"
    cut.write_bytes(sealed_bundle.read_bytes()[:-5000])
    Unlock(monkeypatch, [people["mine"][0]], [ID_PASS])
    window = make_window()
    window.flow.open_bundle(cut)
    qtbot.waitUntil(lambda: bool(errors), timeout=20_000)
    wait_idle(qtbot, window)
    assert "truncated" in errors[0] or "damaged" in errors[0]
    assert not save_dialog.exists()
    assert [p.name for p in app_home.rglob("*.prw*")] == []


def test_a_plain_bundle_opens_with_a_warning_that_it_was_not_sealed(
        make_window, save_dialog, ui_bundle, qtbot, signer_checks, monkeypatch, tmp_path):
    from ui.trust_dialog import sealing_sentence
    plain = tmp_path / "plain.prb"
    write_bundle(plain, read_bundle(ui_bundle).contents, demo_coordinator())
    unlock = Unlock(monkeypatch, [], [])
    window = make_window()
    open_small(qtbot, window, plain)
    [signer] = signer_checks.shown
    assert not signer.sealed and unlock.asked == []
    assert "was not sealed" in sealing_sentence(signer)


def test_the_demo_opens_without_an_identity_and_says_it_is_the_demo_key(
        make_window, save_dialog, ui_bundle, qtbot, signer_checks, monkeypatch):
    from ui.trust_dialog import TrustDialog
    assert ui_bundle.read_bytes()[:8] == b"PRBSEAL2"  # the demo is sealed, to the DEMO key
    unlock = Unlock(monkeypatch, [], [])
    window = make_window()
    open_small(qtbot, window, ui_bundle)
    [signer] = signer_checks.shown
    assert signer.sealed and signer.demo and unlock.asked == []
    dialog = TrustDialog(None, signer)
    qtbot.addWidget(dialog)
    assert "public DEMO key" in dialog.sealing.text()

"""File → Verify signed files: the same sentences as ``verify``, shown inert."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLabel

from review.bundle.contents import read_bundle
from review.identity import Identity, format_fingerprint
from review.inert import is_hidden
from review.keyring import Keyring
from review.workspace.database import Workspace
from tests.ui.ui_helpers import PASSPHRASE, open_small, wait_idle
from ui.verify_dialog import VerifyDialog, verdict_for

HOSTILE_NAME = "Dr\u202e A\u200b\x1b[2K\rFingerprint: 0000"


@pytest.fixture(scope="module")
def signed(ui_bundle, tmp_path_factory):
    """Two signed workbooks of one workspace: by a plain name and by a hostile one."""
    from exports.service import export_signed
    from exports.snapshot import collect_export_data
    folder = tmp_path_factory.mktemp("verify-dialog")
    with Workspace.create(folder / "w.prw", PASSPHRASE, ui_bundle) as ws:
        data = collect_export_data(ws)
    plain, hostile = Identity.generate("Dr Plain Member"), Identity.generate(HOSTILE_NAME)
    export_signed(data, plain, xlsx_path=folder / "plain.xlsx")
    export_signed(data, hostile, xlsx_path=folder / "hostile\u202e.xlsx")
    return {"plain": (folder / "plain.xlsx", plain),
            "hostile": (folder / "hostile\u202e.xlsx", hostile)}


def _texts(dialog) -> str:
    return "\n".join(label.text() for label in dialog.findChildren(QLabel))


def test_an_unknown_signer_is_a_warning_with_its_fingerprint(signed, tmp_path):
    path, who = signed["plain"]
    v = verdict_for(path, Keyring(tmp_path / "k.json"))
    assert v.tone == "warn"
    assert v.headline == (f"VALID \u2014 signature intact but the signer is NOT known: "
                          f"fingerprint {format_fingerprint(who.fingerprint)}; check it before "
                          "trusting this file")


def test_a_known_signer_is_named_with_where_they_are_known_from(signed, tmp_path):
    path, who = signed["plain"]
    keyring = Keyring(tmp_path / "k.json")
    keyring.learn_bundle(title="Wave 2", bundle_id="b-1", coordinator_name="Dr C",
                         coordinator_fingerprint="c" * 64,
                         roster=[("R01", who.name, who.fingerprint)])
    v = verdict_for(path, keyring)
    assert v.tone == "ok" and v.headline == (
        "VALID, signed by Dr Plain Member (R01) \u2014 known from the roster of bundle Wave 2 "
        "(b-1)")


def test_a_damaged_file_is_invalid(signed, tmp_path):
    damaged = tmp_path / "damaged.xlsx"
    data = bytearray(signed["plain"][0].read_bytes())
    data[len(data) // 2] ^= 0x20
    damaged.write_bytes(bytes(data))
    v = verdict_for(damaged, Keyring(tmp_path / "k.json"))
    assert v.tone == "error" and v.headline.startswith("INVALID: ")


def test_every_value_from_the_file_is_shown_inert_as_plain_text(signed, tmp_path, qtbot):
    path, who = signed["hostile"]
    dialog = VerifyDialog(None, [verdict_for(path, Keyring(tmp_path / "k.json"))])
    qtbot.addWidget(dialog)
    text = _texts(dialog)
    assert not any(is_hidden(ch) for ch in text.replace("\n", ""))
    assert "Dr\\u{202E} A\\u{200B}\\u{001B}[2K\\u{000D}Fingerprint: 0000" in text
    assert "hostile\\u{202E}.xlsx" in text
    values = [label for label in dialog.findChildren(QLabel) if label.accessibleName()]
    assert len(values) >= 8 and all(label.textFormat().name == "PlainText" for label in values)
    assert text.count(format_fingerprint(who.fingerprint)) == 2  # headline and row, no other


def test_the_menu_verifies_chosen_files_and_the_demo_key_is_never_learnt(
        make_window, save_dialog, ui_bundle, signed, qtbot):
    window = make_window()
    open_small(qtbot, window, ui_bundle)
    coordinator = read_bundle(ui_bundle).signer_fingerprint
    assert Keyring().lookup(coordinator) is None  # the DEMO's key is public
    from ui.verify_dialog import verify_files
    verify_files(window, [signed["plain"][0]])
    qtbot.waitUntil(lambda: getattr(window, "verify_dialog", None) is not None, timeout=20_000)
    wait_idle(qtbot, window)
    headline = window.verify_dialog.headlines[0].text()
    assert "signer is NOT known" in headline
    window.verify_dialog.close()
    assert window.actions["verify_files"].isEnabled()  # needs no workspace


def test_opening_a_real_bundle_in_the_app_teaches_its_coordinator_and_roster(
        make_window, save_dialog, qtbot, tmp_path):
    from tests.exports.test_verify_signers import _real_bundle
    coordinator, member = Identity.generate("Dr C Coordinator"), Identity.generate("Dr M")
    bundle = _real_bundle(tmp_path, coordinator, member)
    window = make_window()
    open_small(qtbot, window, bundle)
    keyring = Keyring()
    assert keyring.lookup(coordinator.fingerprint).label() == "Dr C Coordinator (coordinator)"
    assert keyring.lookup(member.fingerprint).label() == "Dr M (R01)"

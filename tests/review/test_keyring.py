"""The keyring: who is known, from where; damaged files read as nobody known."""

from __future__ import annotations

import json

from review.identity import Identity, format_fingerprint
from review.keyring import KEYRING_FILE, Keyring, default_path, learn_and_save, signer_sentence

FP_A, FP_B, FP_C = "a" * 64, "b" * 64, "c" * 64


def _learn_panel(keyring: Keyring) -> bool:
    return keyring.learn_bundle(title="Wave 2", bundle_id="b-1", coordinator_name="Dr C",
                                coordinator_fingerprint=FP_C,
                                roster=[("R01", "Dr A", FP_A), ("R02", "Dr B", None)])


def test_a_bundle_teaches_its_coordinator_and_the_pinned_members(tmp_path):
    keyring = Keyring(tmp_path / "k.json")
    assert _learn_panel(keyring) and len(keyring) == 2
    keyring.save()
    again = Keyring(tmp_path / "k.json")
    assert again.lookup(FP_C).label() == "Dr C (coordinator)"
    assert again.lookup(FP_A).label() == "Dr A (R01)"
    assert again.lookup(FP_A.upper()) is not None and again.lookup(FP_B) is None
    assert not _learn_panel(again)  # nothing new: nothing to save


def test_the_sentences_verify_prints(tmp_path):
    keyring = Keyring(tmp_path / "k.json")
    _learn_panel(keyring)
    assert signer_sentence(FP_A, keyring) == (
        True, "signed by Dr A (R01) \u2014 known from the roster of bundle Wave 2 (b-1)")
    assert signer_sentence(FP_C, keyring) == (
        True, "signed by Dr C (coordinator) \u2014 known from bundle Wave 2 (b-1)")
    known, sentence = signer_sentence(FP_B, keyring)
    assert not known and sentence == (
        f"signature intact but the signer is NOT known: fingerprint {format_fingerprint(FP_B)}; "
        "check it before trusting this file")


def test_your_own_identity_always_reads_as_yours(tmp_path):
    keyring = Keyring(tmp_path / "k.json")
    _learn_panel(keyring)
    assert keyring.learn_own("Dr A", FP_A)
    assert keyring.lookup(FP_A).label() == "Dr A (you)"
    assert not _learn_panel(keyring) and keyring.lookup(FP_A).role == "you"


def test_names_in_the_keyring_are_printed_inert(tmp_path):
    keyring = Keyring(tmp_path / "k.json")
    keyring.learn_bundle(title="W\u202e2", bundle_id="b\x1b[2K", coordinator_name="Dr\rC",
                         coordinator_fingerprint=FP_C, roster=[])
    _, sentence = signer_sentence(FP_C, keyring)
    assert all(ch not in sentence for ch in "\u202e\x1b\r")
    assert "Dr\\u{000D}C" in sentence and "W\\u{202E}2" in sentence


def test_a_damaged_or_missing_keyring_knows_nobody(tmp_path):
    assert len(Keyring(tmp_path / "missing.json")) == 0
    for junk in (b"{not json", b"[]", json.dumps({"signers": {FP_A: 3}}).encode(), b"\xff\xfe"):
        (tmp_path / "k.json").write_bytes(junk)
        assert Keyring(tmp_path / "k.json").lookup(FP_A) is None


def test_the_default_keyring_lives_in_the_data_folder(own_data_folder):
    assert default_path() == own_data_folder / KEYRING_FILE
    me = Identity.generate("Dr Me")
    learn_and_save(lambda keyring: keyring.learn_own(me.name, me.fingerprint))
    assert Keyring().lookup(me.fingerprint).label() == "Dr Me (you)"
    text = (own_data_folder / KEYRING_FILE).read_text(encoding="utf-8")
    assert json.loads(text)["version"] == 1


def test_a_keyring_that_cannot_be_written_does_not_stop_the_work(own_data_folder):
    (own_data_folder / KEYRING_FILE).mkdir()  # a folder where the file should be
    learn_and_save(lambda keyring: keyring.learn_own("Dr Me", FP_A))

"""Signing identities: key encrypted at rest, fingerprints, sign/verify."""

from __future__ import annotations

import pytest

from review.errors import IdentityError, WrongPassphrase
from review.identity import (Identity, format_fingerprint, load_certificate, load_identity,
                             normalise_fingerprint, verify_signature)

PASS = "a long enough passphrase"


def test_create_save_load_sign_verify(tmp_path):
    ident = Identity.generate("Dr Ada Example")
    ident.save(tmp_path / "id", PASS)
    loaded = load_identity(tmp_path / "id", PASS)
    assert loaded.name == "Dr Ada Example"
    assert loaded.fingerprint == ident.fingerprint
    sig = loaded.sign(b"decisions")
    assert verify_signature(load_certificate(tmp_path / "id"), sig, b"decisions")
    assert not verify_signature(ident.certificate, sig, b"decisionz")


def test_key_file_is_encrypted_pkcs8_and_private(tmp_path):
    Identity.generate("B").save(tmp_path / "id", PASS)
    key_pem = (tmp_path / "id" / "key.pem").read_bytes()
    assert key_pem.startswith(b"-----BEGIN ENCRYPTED PRIVATE KEY-----")
    assert (tmp_path / "id" / "key.pem").stat().st_mode & 0o077 == 0


def test_wrong_passphrase_is_a_clear_error(tmp_path):
    Identity.generate("C").save(tmp_path / "id", PASS)
    with pytest.raises(WrongPassphrase, match="does not unlock"):
        load_identity(tmp_path / "id", "not the passphrase")


def test_other_persons_signature_does_not_verify():
    a, b = Identity.generate("A"), Identity.generate("B")
    assert not verify_signature(b.certificate, a.sign(b"x"), b"x")


@pytest.mark.parametrize("bad", ["", "   "])
def test_name_required(bad):
    with pytest.raises(IdentityError):
        Identity.generate(bad)


def test_short_passphrase_and_overwrite_refused(tmp_path):
    ident = Identity.generate("D")
    with pytest.raises(IdentityError, match="at least"):
        ident.save(tmp_path / "id", "short")
    ident.save(tmp_path / "id", PASS)
    with pytest.raises(IdentityError, match="already holds"):
        Identity.generate("E").save(tmp_path / "id", PASS)


def test_fingerprint_grouping_round_trips():
    fp = Identity.generate("F").fingerprint
    grouped = format_fingerprint(fp)
    assert len(grouped.split()) == 16 and all(len(g) == 4 for g in grouped.split())
    assert normalise_fingerprint(grouped) == fp
    with pytest.raises(IdentityError):
        normalise_fingerprint("12AB")


def test_missing_folder_is_explained(tmp_path):
    with pytest.raises(IdentityError, match="not a signing identity folder"):
        load_certificate(tmp_path)

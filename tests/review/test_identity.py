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


# -- keys at rest ---------------------------------------------------------------
def _old_style_key_file(folder, ident, passphrase):
    """A key file as identities wrote it before: BestAvailableEncryption's 2,048 rounds."""
    from cryptography.hazmat.primitives import serialization
    ident.save(folder, passphrase)
    (folder / "key.pem").write_bytes(ident.private_key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(passphrase.encode())))


def test_new_key_files_use_600000_pbkdf2_sha256_rounds_and_aes_256(tmp_path):
    from review.key_file import key_rounds
    Identity.generate("G").save(tmp_path / "id", PASS)
    pem = (tmp_path / "id" / "key.pem").read_bytes()
    assert key_rounds(pem) == 600_000
    # hmacWithSHA256 and aes256-CBC object identifiers, as DER, in the PBES2 parameters
    import base64
    der = base64.b64decode(b"".join(pem.splitlines()[1:-1]))
    assert bytes.fromhex("06082a864886f70d0209") in der
    assert bytes.fromhex("060960864801650304012a") in der


def test_an_old_key_file_still_opens_and_is_rewrapped_on_first_use(tmp_path):
    from review.key_file import key_rounds
    folder, ident = tmp_path / "id", Identity.generate("H")
    _old_style_key_file(folder, ident, PASS)
    assert key_rounds((folder / "key.pem").read_bytes()) == 2048
    loaded = load_identity(folder, PASS)
    assert loaded.fingerprint == ident.fingerprint
    assert key_rounds((folder / "key.pem").read_bytes()) == 600_000
    assert sorted(p.name for p in folder.iterdir()) == ["cert.pem", "identity.json", "key.pem"]
    assert (folder / "key.pem").stat().st_mode & 0o077 == 0
    assert load_identity(folder, PASS).fingerprint == ident.fingerprint
    with pytest.raises(WrongPassphrase):
        load_identity(folder, "not the passphrase at all")


def test_an_old_key_that_cannot_be_rewrapped_still_unlocks(tmp_path, monkeypatch):
    """A full disk or read-only folder: the old file stays, whole, and still works."""
    import review.identity as identity_mod
    from review.key_file import key_rounds
    folder, ident = tmp_path / "id", Identity.generate("I")
    _old_style_key_file(folder, ident, PASS)
    old = (folder / "key.pem").read_bytes()

    def disk_full(src, dst):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(identity_mod.os, "replace", disk_full)
    assert load_identity(folder, PASS).fingerprint == ident.fingerprint
    assert (folder / "key.pem").read_bytes() == old and key_rounds(old) == 2048
    assert sorted(p.name for p in folder.iterdir()) == ["cert.pem", "identity.json", "key.pem"]
    monkeypatch.undo()
    load_identity(folder, PASS)
    assert key_rounds((folder / "key.pem").read_bytes()) == 600_000


def test_change_identity_passphrase_keeps_the_key_and_fingerprint(tmp_path):
    from review.identity import change_identity_passphrase
    folder, ident = tmp_path / "id", Identity.generate("J")
    ident.save(folder, PASS)
    with pytest.raises(WrongPassphrase):
        change_identity_passphrase(folder, "not the passphrase at all", "a new long passphrase")
    with pytest.raises(IdentityError, match="at least 12"):
        change_identity_passphrase(folder, PASS, "too short")
    assert load_identity(folder, PASS).fingerprint == ident.fingerprint  # nothing changed
    change_identity_passphrase(folder, PASS, "a new long passphrase")
    assert load_identity(folder, "a new long passphrase").fingerprint == ident.fingerprint
    with pytest.raises(WrongPassphrase):
        load_identity(folder, PASS)
    assert not list(folder.glob("key.pem.*"))


@pytest.mark.parametrize("weak", ["elevenchars", "password123456", "Pass word 1234", "qwerty123456",
                                  "aaaaaaaaaaaaaaaa", "abababababababab"])
def test_short_or_common_passphrases_are_refused_with_a_sentence(tmp_path, weak):
    with pytest.raises(IdentityError) as refused:
        Identity.generate("K").save(tmp_path / "id", weak)
    assert str(refused.value).endswith(".") and not (tmp_path / "id" / "key.pem").exists()

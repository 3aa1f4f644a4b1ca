"""Signing identities: an ECDSA P-256 key and a self-signed certificate.

An identity lives in a folder of its own:

    key.pem        PKCS#8 private key, encrypted under the person's passphrase
                   (PBES2, PBKDF2-HMAC-SHA256 at 600,000 rounds: see review.key_file)
    cert.pem       self-signed X.509 certificate naming the person
    identity.json  name and certificate fingerprint, for people to read

The certificate's SHA-256 fingerprint is what a coordinator pins in the
roster.  Bundles, exports and merge all sign and verify through the helpers
at the bottom of this module so that there is one way to do it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from review.errors import IdentityError, VerificationError, WrongPassphrase
from review.key_file import KEY_ROUNDS, key_rounds, unwrap_key, wrap_key
from review.passphrases import MIN_PASSPHRASE, passphrase_problem  # noqa: F401 (dialogs read it here)

KEY_FILE, CERT_FILE, INFO_FILE = "key.pem", "cert.pem", "identity.json"
SIGNATURE_ALGORITHM = "ecdsa-p256-sha256"
# RFC 6979 deterministic nonces: no dependence on the random source at signing
# time, and a demo bundle built twice from one seed is identical byte for byte.
_ECDSA = ec.ECDSA(hashes.SHA256(), deterministic_signing=True)


def fingerprint_of(cert: x509.Certificate) -> str:
    """SHA-256 of the DER certificate as 64 lower-case hex digits."""
    return cert.fingerprint(hashes.SHA256()).hex()


def format_fingerprint(hex_fp: str) -> str:
    """Group a fingerprint for reading aloud: ``3F2A 9C01 …`` (16 groups of 4)."""
    h = hex_fp.replace(" ", "").replace(":", "").upper()
    return " ".join(h[i:i + 4] for i in range(0, len(h), 4))


def normalise_fingerprint(text: str) -> str:
    """Accept a fingerprint typed with spaces, colons or any case."""
    h = "".join(ch for ch in text if ch not in " :\t\n").lower()
    if len(h) != 64 or any(c not in "0123456789abcdef" for c in h):
        raise IdentityError(
            "That is not a certificate fingerprint: it should be 64 hexadecimal digits."
        )
    return h


def cert_from_pem(data: bytes) -> x509.Certificate:
    try:
        return x509.load_pem_x509_certificate(data)
    except ValueError:
        raise VerificationError("The certificate is damaged and cannot be read.") from None


def common_name(cert: x509.Certificate) -> str:
    attrs = cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    return str(attrs[0].value) if attrs else "(unnamed)"


def verify_signature(cert: x509.Certificate, signature: bytes, data: bytes) -> bool:
    """True when ``signature`` over ``data`` was made with the key of ``cert``."""
    try:
        key = cert.public_key()
        if not isinstance(key, ec.EllipticCurvePublicKey):
            return False
        key.verify(signature, data, _ECDSA)
    except (InvalidSignature, UnsupportedAlgorithm, ValueError):
        # A damaged certificate can fail to yield a key at all.
        return False
    return True


@dataclass(frozen=True)
class Identity:
    """An unlocked identity: it can sign."""

    name: str
    certificate: x509.Certificate
    private_key: ec.EllipticCurvePrivateKey

    @property
    def fingerprint(self) -> str:
        return fingerprint_of(self.certificate)

    @property
    def cert_pem(self) -> bytes:
        return self.certificate.public_bytes(serialization.Encoding.PEM)

    def sign(self, data: bytes) -> bytes:
        return self.private_key.sign(data, _ECDSA)

    # -- creation -------------------------------------------------------
    @classmethod
    def generate(cls, name: str, *, private_key: ec.EllipticCurvePrivateKey | None = None,
                 not_before: dt.datetime | None = None) -> "Identity":
        """A new key (or the given one) and a self-signed certificate for ``name``.

        ``private_key`` and ``not_before`` exist so that the demo coordinator's
        identity can be reproduced byte for byte; real identities use neither.
        """
        name = name.strip()
        if not name:
            raise IdentityError("A signing identity needs the person's name.")
        key = private_key or ec.generate_private_key(ec.SECP256R1())
        start = not_before or dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
        subject = x509.Name([
            x509.NameAttribute(NameOID.COMMON_NAME, name),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Panel Review"),
        ])
        serial = int.from_bytes(hashlib.sha256(
            key.public_key().public_bytes(serialization.Encoding.DER,
                                          serialization.PublicFormat.SubjectPublicKeyInfo)
            + start.isoformat().encode()).digest()[:16], "big") >> 1
        cert = (
            x509.CertificateBuilder()
            .subject_name(subject).issuer_name(subject)
            .public_key(key.public_key())
            .serial_number(serial)
            .not_valid_before(start)
            .not_valid_after(start + dt.timedelta(days=10 * 365))
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(
                digital_signature=True, content_commitment=True, key_encipherment=False,
                data_encipherment=False, key_agreement=False, key_cert_sign=False,
                crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()),
                           critical=False)
            .sign(key, hashes.SHA256(), ecdsa_deterministic=True)
        )
        return cls(name, cert, key)

    def save(self, folder: Path, passphrase: str) -> None:
        """Write the identity; refuses to overwrite an existing one."""
        problem = passphrase_problem(passphrase)
        if problem:
            raise IdentityError(problem)
        folder = Path(folder)
        if (folder / KEY_FILE).exists():
            raise IdentityError(
                f"{folder} already holds a signing identity; choose another folder."
            )
        folder.mkdir(parents=True, exist_ok=True)
        _write_private(folder / KEY_FILE, wrap_key(self.private_key, passphrase))
        # The certificate is public, but a member's name beside it need not be readable
        # by the laptop's other accounts: everything in the folder is the owner's only.
        from review.atomic import atomic_write_bytes
        atomic_write_bytes(folder / CERT_FILE, self.cert_pem)
        info = {"name": self.name, "fingerprint": self.fingerprint, "algorithm": SIGNATURE_ALGORITHM}
        atomic_write_bytes(folder / INFO_FILE, (json.dumps(info, indent=2) + "\n").encode())


def _write_private(path: Path, data: bytes) -> None:
    """Create a file readable by its owner only (the key is encrypted anyway)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())


def load_certificate(folder: Path) -> x509.Certificate:
    """The public half of an identity folder (no passphrase needed)."""
    path = Path(folder) / CERT_FILE
    if not path.is_file():
        raise IdentityError(f"{folder} is not a signing identity folder: it has no {CERT_FILE}.")
    return cert_from_pem(path.read_bytes())


def load_identity(folder: Path, passphrase: str) -> Identity:
    """Unlock an identity folder with the person's passphrase."""
    folder = Path(folder)
    cert = load_certificate(folder)
    key_path = folder / KEY_FILE
    if not key_path.is_file():
        raise IdentityError(f"{folder} has a certificate but no private key ({KEY_FILE}).")
    pem = key_path.read_bytes()
    key = _unlock(pem, passphrase)
    if not isinstance(key, ec.EllipticCurvePrivateKey) or key.public_key() != cert.public_key():
        raise IdentityError(f"The key and certificate in {folder} do not belong together.")
    if key_rounds(pem) < KEY_ROUNDS:
        # Written before keys had 600,000 rounds: re-wrapped now that the passphrase is
        # known.  Should that fail (a read-only folder, a full disk), the old file still
        # unlocks it and the identity is used as it is.
        try:
            _rewrap(folder, key, passphrase)
        except OSError:
            pass
    return Identity(common_name(cert), cert, key)


def _unlock(pem: bytes, passphrase: str):
    try:
        return unwrap_key(pem, passphrase)
    except (ValueError, TypeError):
        raise WrongPassphrase(
            "The passphrase does not unlock this signing identity. Check it and try again."
        ) from None


# -- keys at rest: re-wrapping and changing the passphrase ---------------------------
BACKUP_SUFFIX = ".backup"


def change_identity_passphrase(folder: Path, old: str, new: str) -> Identity:
    """Re-encrypt an identity's key under a new passphrase; the key and certificate
    stay the same, so the fingerprint the coordinator pinned still holds."""
    problem = passphrase_problem(new)
    if problem:
        raise IdentityError(problem)
    identity = load_identity(folder, old)
    _rewrap(Path(folder), identity.private_key, new)
    return identity


def _rewrap(folder: Path, key: ec.EllipticCurvePrivateKey, passphrase: str) -> None:
    """Replace key.pem by the key wrapped afresh under ``passphrase``.

    The old file is copied to key.pem.backup first and removed only once the new
    file is on disk and has been read back and unlocked; key.pem itself is swapped
    by one rename, so at every moment some file holds the key.
    """
    path, backup = folder / KEY_FILE, folder / (KEY_FILE + BACKUP_SUFFIX)
    fresh = folder / (KEY_FILE + ".new")
    for stale in (backup, fresh):
        stale.unlink(missing_ok=True)
    try:
        _write_private(backup, path.read_bytes())
        _write_private(fresh, wrap_key(key, passphrase))
        if _unlock(fresh.read_bytes(), passphrase).public_key() != key.public_key():
            raise IdentityError(f"The re-encrypted key in {folder} did not read back; "
                                "nothing was changed.")  # pragma: no cover - a broken library
        os.replace(fresh, path)
        _fsync_dir(folder)
    finally:
        fresh.unlink(missing_ok=True)
        if path.is_file():  # the rename is atomic: key.pem is whole, old or new
            backup.unlink(missing_ok=True)


def _fsync_dir(folder: Path) -> None:
    if hasattr(os, "O_DIRECTORY"):
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)

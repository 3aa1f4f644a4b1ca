"""The signing key at rest: PKCS#8 under PBES2, PBKDF2-HMAC-SHA256 at 600,000 rounds.

``cryptography``'s ``BestAvailableEncryption`` writes PBES2 with only 2,048
PBKDF2 rounds, some 300 times fewer than OWASP asks for PBKDF2-HMAC-SHA256,
and its encryption builder does not offer PKCS#8 (its PKCS#12 output checks
the passphrase with a MAC of far fewer rounds, which is where an attacker
would guess).  So the key is written here as a standard
``EncryptedPrivateKeyInfo`` (RFC 5958) with PBES2 parameters (RFC 8018):

    PBKDF2, salt of 16 random bytes, KEY_ROUNDS iterations, PRF hmacWithSHA256
    AES-256-CBC with a random 16-byte IV, PKCS#7 padding

built only from ``cryptography``'s primitives, and read back by
``cryptography`` itself (OpenSSL reads it too: ``openssl pkey -in key.pem``).
:func:`key_rounds` tells an old, weakly wrapped file from a new one, so
that the identity can re-wrap it the next time its passphrase is entered.
"""

from __future__ import annotations

import base64
import os

from cryptography.hazmat.primitives import hashes, padding, serialization
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC

KEY_ROUNDS = 600_000
_PBES2 = "1.2.840.113549.1.5.13"
_PBKDF2 = "1.2.840.113549.1.5.12"
_HMAC_SHA256 = "1.2.840.113549.2.9"
_AES256_CBC = "2.16.840.1.101.3.4.1.42"
_SEQUENCE, _INTEGER, _OCTETS, _NULL, _OID = 0x30, 0x02, 0x04, 0x05, 0x06


# -- the little DER this needs ------------------------------------------------
def _tlv(tag: int, content: bytes) -> bytes:
    n = len(content)
    if n < 0x80:
        return bytes([tag, n]) + content
    size = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([tag, 0x80 | len(size)]) + size + content


def _oid(dotted: str) -> bytes:
    parts = [int(p) for p in dotted.split(".")]
    body = bytearray([40 * parts[0] + parts[1]])
    for value in parts[2:]:
        chunk = [value & 0x7F]
        while value > 0x7F:
            value >>= 7
            chunk.append(0x80 | (value & 0x7F))
        body.extend(reversed(chunk))
    return _tlv(_OID, bytes(body))


def _int(value: int) -> bytes:
    return _tlv(_INTEGER, value.to_bytes(value.bit_length() // 8 + 1, "big"))


def _seq(*items: bytes) -> bytes:
    return _tlv(_SEQUENCE, b"".join(items))


def _read(data: bytes, pos: int = 0) -> tuple[int, bytes, int]:
    """(tag, content, position after) of the element at ``pos``; ValueError if cut short."""
    tag, n = data[pos], data[pos + 1]
    pos += 2
    if n & 0x80:
        width = n & 0x7F
        n = int.from_bytes(data[pos:pos + width], "big")
        pos += width
    if pos + n > len(data):
        raise ValueError("truncated")
    return tag, data[pos:pos + n], pos + n


def _children(content: bytes) -> list[tuple[int, bytes]]:
    out, pos = [], 0
    while pos < len(content):
        tag, body, pos = _read(content, pos)
        out.append((tag, body))
    return out


# -- writing and reading ---------------------------------------------------------
def wrap_key(private_key, passphrase: str, *, rounds: int = KEY_ROUNDS) -> bytes:
    """The key as an encrypted PKCS#8 PEM file's bytes."""
    plain = private_key.private_bytes(serialization.Encoding.DER,
                                      serialization.PrivateFormat.PKCS8,
                                      serialization.NoEncryption())
    salt, iv = os.urandom(16), os.urandom(16)
    key = PBKDF2HMAC(hashes.SHA256(), 32, salt, rounds).derive(passphrase.encode())
    padder = padding.PKCS7(128).padder()
    encryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).encryptor()
    sealed = encryptor.update(padder.update(plain) + padder.finalize()) + encryptor.finalize()
    kdf = _seq(_oid(_PBKDF2), _seq(_tlv(_OCTETS, salt), _int(rounds),
                                   _seq(_oid(_HMAC_SHA256), _tlv(_NULL, b""))))
    scheme = _seq(_oid(_AES256_CBC), _tlv(_OCTETS, iv))
    der = _seq(_seq(_oid(_PBES2), _seq(kdf, scheme)), _tlv(_OCTETS, sealed))
    body = base64.encodebytes(der).decode().replace("\n", "")
    lines = [body[i:i + 64] for i in range(0, len(body), 64)]
    return ("-----BEGIN ENCRYPTED PRIVATE KEY-----\n" + "\n".join(lines)
            + "\n-----END ENCRYPTED PRIVATE KEY-----\n").encode()


def unwrap_key(pem: bytes, passphrase: str):
    """The private key; ValueError or TypeError for a wrong passphrase or a damaged file."""
    return serialization.load_pem_private_key(pem, passphrase.encode())


def key_rounds(pem: bytes) -> int:
    """PBKDF2 rounds protecting a key file; 0 when it is not PBES2 with PBKDF2 (or unreadable)."""
    try:
        text = pem.decode("ascii")
        body = text.split("-----BEGIN ENCRYPTED PRIVATE KEY-----")[1].split("-----END")[0]
        der = base64.b64decode("".join(body.split()))
        _, outer, _ = _read(der)
        (_, algorithm), _ = _children(outer)
        (_, oid), (_, params) = _children(algorithm)
        if oid != _oid(_PBES2)[2:]:
            return 0
        (_, kdf), _ = _children(params)
        (_, kdf_oid), (_, kdf_params) = _children(kdf)
        if kdf_oid != _oid(_PBKDF2)[2:]:
            return 0
        fields = _children(kdf_params)
        return int.from_bytes(fields[1][1], "big") if fields[1][0] == _INTEGER else 0
    except (ValueError, IndexError, UnicodeDecodeError):
        return 0

"""Sealed files, format version 2: encrypted for named people, signed by the sender.

A sealed file carries any bytes (a signed v1 bundle, or a ZIP of a member's
signed PDF and workbook) so that only the people it is sealed for can read
them, and anyone can tell who sealed it and that nothing was changed::

    b"PRBSEAL2" | u32 len | header | u32 len | recipients | chunks | u32 len | signature block

The content key is random; it is wrapped for each recipient with a key
derived (HKDF-SHA256) from ECDH between one ephemeral P-256 key and the
recipient's certificate key.  The content is encrypted with AES-256-GCM in
chunks whose nonce carries the chunk index and a final flag, so dropping,
truncating or reordering chunks fails.  The sender's ECDSA signature covers
the hashes of the header, the recipient list and every chunk, so each region
that is damaged is named in its own sentence.  Nothing is ever decrypted to
disk.  The byte layout and a test vector are in docs/formats.md.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import struct
from dataclasses import dataclass
from typing import Any, Sequence

from cryptography import x509
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from review.errors import BundleError, VerificationError
from review.identity import Identity, cert_from_pem, common_name, fingerprint_of, verify_signature

MAGIC = b"PRBSEAL2"
FORMAT_NAME = "panel-review-sealed"
FORMAT_VERSION = 2
CHUNK_SIZE = 1 << 20
TAG_SIZE = 16
MAX_HEADER = 64 << 10
MAX_RECIPIENTS = 64 << 10
MAX_SIGNATURE_BLOCK = 4 << 20
MAX_SIZE = 1 << 30
# The most of a file's start that its header and recipient list can take.
PREFIX_SIZE = len(MAGIC) + 4 + MAX_HEADER + 4 + MAX_RECIPIENTS
_WRAP_INFO = b"panel-review seal v2 key wrap "
_WRAP_NONCE = bytes(12)  # each wrapping key is used exactly once


def canonical(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def is_sealed(data: bytes) -> bool:
    return data[:len(MAGIC)] == MAGIC


@dataclass(frozen=True)
class Recipient:
    """Someone a file is sealed for: a label people recognise ("R02, Dr B") and a certificate."""

    label: str
    certificate: x509.Certificate


@dataclass(frozen=True)
class Opened:
    """What a sealed file held, after every check passed."""

    content: bytes
    kind: str                  # "bundle" or "return"
    sender_name: str
    sender_fingerprint: str
    sender_cert_pem: bytes
    recipients: tuple[str, ...]  # labels, in the order sealed


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _wrap_key(shared: bytes, header_hash: bytes, fingerprint: str) -> bytes:
    return HKDF(hashes.SHA256(), 32, salt=header_hash,
                info=_WRAP_INFO + bytes.fromhex(fingerprint)).derive(shared)


def _nonce(index: int, final: bool) -> bytes:
    return index.to_bytes(11, "big") + (b"\x01" if final else b"\x00")


def seal(content: bytes, sender: Identity, recipients: Sequence[Recipient], *, kind: str,
         chunk_size: int = CHUNK_SIZE, ephemeral_key: ec.EllipticCurvePrivateKey | None = None,
         content_key: bytes | None = None) -> bytes:
    """The sealed file for ``recipients`` (at least one).

    ``ephemeral_key`` and ``content_key`` exist only to make the documented
    test vector reproducible; real files use fresh random ones.
    """
    if not recipients:
        raise ValueError("a sealed file needs at least one recipient")
    eph = ephemeral_key or ec.generate_private_key(ec.SECP256R1())
    key = content_key or AESGCM.generate_key(bit_length=256)
    header = canonical({
        "format": FORMAT_NAME, "version": FORMAT_VERSION, "kind": kind,
        "cipher": "aes-256-gcm", "key_agreement": "ecdh-p256-hkdf-sha256",
        "chunk_size": chunk_size, "size": len(content),
        "ephemeral_public_key": _b64(eph.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)),
        "sender_certificate": sender.cert_pem.decode("ascii"),
    })
    header_hash = hashlib.sha256(header).digest()
    wrapped = []
    for r in recipients:
        fp = fingerprint_of(r.certificate)
        pub = r.certificate.public_key()
        if not isinstance(pub, ec.EllipticCurvePublicKey) or pub.curve.name != "secp256r1":
            raise BundleError(f"The certificate of {r.label} has no P-256 key to seal for.")
        kek = _wrap_key(eph.exchange(ec.ECDH(), pub), header_hash, fp)
        wrapped.append({"label": r.label, "fingerprint": fp,
                        "wrapped_key": _b64(AESGCM(kek).encrypt(_WRAP_NONCE, key, header_hash))})
    recips = canonical(wrapped)
    aead, body, chunks = AESGCM(key), bytearray(), []
    count = max(1, -(-len(content) // chunk_size))
    for i in range(count):
        piece = aead.encrypt(_nonce(i, i == count - 1),
                               content[i * chunk_size:(i + 1) * chunk_size], header_hash)
        chunks.append({"sha256": hashlib.sha256(piece[:-TAG_SIZE]).hexdigest(),
                       "tag": _b64(piece[-TAG_SIZE:])})
        body += piece
    signed = {"header_sha256": header_hash.hex(),
              "recipients_sha256": hashlib.sha256(recips).hexdigest(), "chunks": chunks}
    block = canonical(dict(signed, signature=_b64(sender.sign(canonical(signed)))))
    return b"".join([MAGIC, struct.pack(">I", len(header)), header,
                     struct.pack(">I", len(recips)), recips, bytes(body),
                     struct.pack(">I", len(block)), block])


def open_sealed(data: bytes, identity: Identity | None, *, name: str = "The file",
                own_label: str | None = None) -> Opened:
    """Check and decrypt a sealed file in memory; raise BundleError naming what failed."""
    header, recips, body, block, hdr = _split(data, name)
    header_hash = hashlib.sha256(header).digest()
    try:
        cert = cert_from_pem(hdr["sender_certificate"].encode("ascii"))
    except (VerificationError, KeyError, AttributeError):
        raise BundleError(f"{name} is damaged: its header was changed after it was sealed.") from None
    try:
        signature = base64.b64decode(block["signature"], validate=True)
    except ValueError:
        raise BundleError(f"{name} is damaged: its sender's signature cannot be read.") from None
    unsigned = {k: v for k, v in block.items() if k != "signature"}
    header_intact = block.get("header_sha256") == header_hash.hex()
    # The signature is checked first so that a damaged signature block is
    # never mistaken for a damaged region that the block describes.
    if not verify_signature(cert, signature, canonical(unsigned)) and header_intact:
        raise BundleError(f"{name} is damaged: the sender's signature does not match its contents.")
    if not header_intact:
        raise BundleError(f"{name} is damaged: its header was changed after it was sealed.")
    if block.get("recipients_sha256") != hashlib.sha256(recips).hexdigest():
        raise BundleError(f"{name} is damaged: its list of recipients was changed after it was sealed.")
    try:
        recipients = json.loads(recips.decode("utf-8"))
        labels = tuple(str(r["label"]) for r in recipients)
    except (ValueError, KeyError, TypeError, UnicodeError):
        raise BundleError(f"{name} is damaged: its list of recipients cannot be read.") from None
    pieces = _check_chunks(body, block["chunks"], hdr, name)
    if identity is None:
        raise BundleError(f"{name} is sealed for {'; '.join(labels)}; open it with your identity.")
    mine = [r for r in recipients if r.get("fingerprint") == identity.fingerprint]
    if not mine:
        raise BundleError(f"{name} is sealed for {'; '.join(labels)}; your identity is "
                          f"{own_label or identity.name}.")
    try:
        eph = ec.EllipticCurvePublicKey.from_encoded_point(
            ec.SECP256R1(), base64.b64decode(hdr["ephemeral_public_key"], validate=True))
        kek = _wrap_key(identity.private_key.exchange(ec.ECDH(), eph), header_hash,
                        identity.fingerprint)
        key = AESGCM(kek).decrypt(_WRAP_NONCE, base64.b64decode(mine[0]["wrapped_key"]), header_hash)
    except (ValueError, KeyError, TypeError, InvalidTag):
        raise BundleError(f"{name} cannot be unsealed with your identity: its key for you "
                          "is damaged.") from None
    aead, out = AESGCM(key), []
    for i, piece in enumerate(pieces):
        try:
            out.append(aead.decrypt(_nonce(i, i == len(pieces) - 1), piece, header_hash))
        except InvalidTag:
            raise BundleError(f"{name} is damaged: chunk {i + 1} of {len(pieces)} does not "
                              "decrypt.") from None
    content = b"".join(out)
    if len(content) != hdr["size"]:
        raise BundleError(f"{name} is damaged: its contents are not the size its header declares.")
    return Opened(content, str(hdr["kind"]), common_name(cert), fingerprint_of(cert),
                  cert.public_bytes(serialization.Encoding.PEM), labels)


def recipients_of(data: bytes, name: str = "The file") -> list[tuple[str, str]]:
    """(label, fingerprint) of everyone a sealed file is sealed for, before it is opened:
    to choose the key that opens it and to say whose it is.  ``data`` may be only the
    file's start (``PREFIX_SIZE`` bytes hold the header and the list).  Nothing here is
    trusted: :func:`open_sealed` checks the list against the sender's signature."""
    if not is_sealed(data):
        raise BundleError(f"{name} is not a sealed Panel Review file.")
    _, at = _take(data, len(MAGIC), MAX_HEADER, "header", name)
    recips, _ = _take(data, at, MAX_RECIPIENTS, "list of recipients", name)
    try:
        return [(str(r["label"]), str(r["fingerprint"])) for r in json.loads(recips.decode("utf-8"))]
    except (ValueError, KeyError, TypeError, UnicodeError):
        raise BundleError(f"{name} is damaged: its list of recipients cannot be read.") from None


def _take(data: bytes, at: int, cap: int, what: str, name: str) -> tuple[bytes, int]:
    if at + 4 > len(data):
        raise BundleError(f"{name} is truncated: it ends before its {what}.")
    (n,) = struct.unpack(">I", data[at:at + 4])
    if n > cap or at + 4 + n > len(data):
        raise BundleError(f"{name} is damaged or truncated: its {what} has an impossible length.")
    return data[at + 4:at + 4 + n], at + 4 + n


def _split(data: bytes,
           name: str) -> tuple[bytes, bytes, memoryview, dict[str, Any], dict[str, Any]]:
    if not is_sealed(data):
        raise BundleError(f"{name} is not a sealed Panel Review file.")
    if len(data) > MAX_SIZE + MAX_SIGNATURE_BLOCK:
        raise BundleError(f"{name} is larger than a sealed file may be.")
    header, at = _take(data, len(MAGIC), MAX_HEADER, "header", name)
    try:
        hdr = json.loads(header.decode("utf-8"))
        ok = canonical(hdr) == header and hdr["format"] == FORMAT_NAME
        size, chunk = hdr["size"], hdr["chunk_size"]
        ok = ok and type(size) is int and type(chunk) is int and 0 <= size <= MAX_SIZE \
            and 0 < chunk <= MAX_SIZE
    except (ValueError, KeyError, TypeError, UnicodeError):
        ok = False
    if not ok:
        raise BundleError(f"{name} is damaged: its header cannot be read.")
    if hdr.get("version") != FORMAT_VERSION:
        raise BundleError(f"{name} is sealed in format version {hdr.get('version')!r}; this "
                          f"version of Panel Review reads version {FORMAT_VERSION}.")
    recips, at = _take(data, at, MAX_RECIPIENTS, "list of recipients", name)
    count = max(1, -(-size // chunk))
    body_len = size + count * TAG_SIZE
    if at + body_len + 4 > len(data):
        whole = max(0, (len(data) - at) // (chunk + TAG_SIZE))
        raise BundleError(f"{name} is truncated: it holds {min(whole, count)} of its {count} "
                          "chunks and no signature: it was cut short on its way (a copy or "
                          "download that stopped early). Ask the sender for it again.")
    body = memoryview(data)[at:at + body_len]  # 4 MiB and more: read in place, not copied
    raw, end = _take(data, at + body_len, MAX_SIGNATURE_BLOCK, "signature block", name)
    if end != len(data):
        raise BundleError(f"{name} is damaged: it has bytes after its signature.")
    try:
        block = json.loads(raw.decode("utf-8"))
        ok = canonical(block) == raw and isinstance(block.get("chunks"), list) \
            and isinstance(block.get("signature"), str)
    except (ValueError, UnicodeError, AttributeError):
        ok = False
    if not ok:
        raise BundleError(f"{name} is damaged: its signature block cannot be read.")
    return header, recips, body, block, hdr


def _check_chunks(body: memoryview, listed: list[Any], hdr: dict[str, Any],
                  name: str) -> list[memoryview]:
    size, chunk = hdr["size"], hdr["chunk_size"]
    count = max(1, -(-size // chunk))
    if len(listed) != count:
        raise BundleError(f"{name} is damaged: its signature lists {len(listed)} chunks, "
                          f"its header {count}.")
    pieces, at = [], 0
    for i, want in enumerate(listed):
        n = min(chunk, size - i * chunk) if size else 0
        start, cipher, tag = at, body[at:at + n], bytes(body[at + n:at + n + TAG_SIZE])
        at += n + TAG_SIZE
        if not isinstance(want, dict) or want.get("sha256") != hashlib.sha256(cipher).hexdigest():
            raise BundleError(f"{name} is damaged: chunk {i + 1} of {count} is not the one that "
                              "was sealed (changed, or out of order).")
        if want.get("tag") != _b64(tag):
            raise BundleError(f"{name} is damaged: the authentication tag of chunk {i + 1} of "
                              f"{count} was changed.")
        pieces.append(body[start:at])  # the chunk and its tag, as AES-GCM reads them
    return pieces

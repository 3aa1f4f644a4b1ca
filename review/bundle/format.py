"""Bundle file format v1: the signed container (see docs/formats.md).

A bundle file is::

    ZIP archive | signature block (canonical JSON) | 8-byte length | b"PRBSIG01"

The signature covers every byte of the ZIP archive, and the archive's
manifest names the signer's certificate fingerprint, so that no byte of the
file can change without verification failing.  This module knows only bytes
and entries; what the entries mean is in ``review.bundle.contents``.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization

from review.atomic import atomic_write_bytes
from review.errors import BundleError, FileUnreadable, VerificationError
from review.identity import (SIGNATURE_ALGORITHM, Identity, cert_from_pem, common_name,
                             fingerprint_of, verify_signature)
from review.seal import PREFIX_SIZE, Recipient, is_sealed, open_sealed, recipients_of, seal

FORMAT_NAME = "panel-review-bundle"
FORMAT_VERSION = 1
TRAILER_MAGIC = b"PRBSIG01"
SUFFIX = ".prb"

# Caps: a bundle is read into memory and every entry decompressed there, so
# hostile sizes must be refused before they are allocated.
MAX_BUNDLE_BYTES = 1 << 30
MAX_ENTRY_BYTES = 256 << 20
MAX_TOTAL_BYTES = 2 << 30
# the fixed entries and up to 100,000 documents (what bundle create's documents folder may
# hold); more would only make zipfile's directory, read whole into memory, a weapon
MAX_ENTRIES = 100_010
MAX_DIRECTORY_BYTES = 64 << 20
MAX_RATIO = 200  # uncompressed / compressed, for entries over 1 MiB
MAX_SIGNATURE_BLOCK = 64 << 10

FIXED_ENTRIES = ("manifest.json", "cases.json", "roster.json", "assignments.json")
_DOC_NAME = re.compile(r"documents/[A-Za-z0-9][A-Za-z0-9._-]{0,150}")
_ZIP_TIME = (2020, 1, 1, 0, 0, 0)


def canonical_json(value: Any) -> bytes:
    """The one serialisation that is signed and hashed: sorted, compact, UTF-8."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def is_allowed_name(name: str) -> bool:
    return name in FIXED_ENTRIES or bool(_DOC_NAME.fullmatch(name)) and ".." not in name


@dataclass(frozen=True)
class RawBundle:
    """A bundle whose signature, caps and hashes have all been checked."""

    manifest: dict[str, Any]
    entries: dict[str, bytes]   # every entry but the manifest, by name
    cert_pem: bytes
    signer_name: str
    signer_fingerprint: str
    digest: str                 # SHA-256 of the signed archive: this bundle's identity
    sealed: bool = False        # it came inside a sealed file (review/seal.py)
    demo_key: bool = False      # sealed only to the public DEMO key (review/demo/key.py)


def pack(path: Path, identity: Identity, manifest: dict[str, Any],
         entries: dict[str, bytes], recipients: list[Recipient] | None = None,
         seal_keys: dict[str, Any] | None = None) -> str:
    """Write a signed bundle atomically; returns its digest (of the v1 archive).

    With ``recipients`` the signed bundle is written sealed for them
    (``seal_keys`` only for the demo, which is reproducible: review/demo/key.py).

    ``manifest`` gets the entry hashes and signer fingerprint added here.
    """
    for name in entries:
        if not is_allowed_name(name) or name == "manifest.json":
            raise ValueError(f"not a bundle entry name: {name!r}")
    manifest = dict(manifest, format=FORMAT_NAME, version=FORMAT_VERSION)
    manifest["signer"] = {"name": identity.name, "fingerprint": identity.fingerprint}
    manifest["entries"] = {name: {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
                           for name, data in sorted(entries.items())}
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in [("manifest.json", canonical_json(manifest)), *sorted(entries.items())]:
            info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
            # PDFs are compressed already; text compresses well.
            info.compress_type = zipfile.ZIP_STORED if name.endswith(".pdf") else zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            zf.writestr(info, data, compresslevel=6)
    archive = buf.getvalue()
    block = canonical_json({
        "algorithm": SIGNATURE_ALGORITHM,
        "certificate": identity.cert_pem.decode("ascii"),
        "signature": base64.b64encode(identity.sign(archive)).decode("ascii"),
    })
    signed = archive + block + struct.pack(">Q", len(block)) + TRAILER_MAGIC
    if recipients:
        signed = seal(signed, identity, recipients, kind="bundle", **(seal_keys or {}))
    atomic_write_bytes(Path(path), signed)
    return hashlib.sha256(archive).hexdigest()


def unpack(path: Path, reader: Identity | None = None, reader_label: str | None = None) -> RawBundle:
    """Read and verify a bundle completely; raise BundleError naming the problem."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_BUNDLE_BYTES:
            raise BundleError(f"{path.name} is larger than a bundle may be ({MAX_BUNDLE_BYTES >> 20} MiB).")
        data = path.read_bytes()
    except OSError as exc:
        raise FileUnreadable(f"{path} cannot be read ({exc.strerror}).") from None
    return unpack_bytes(data, path.name, reader, reader_label)


def unpack_bytes(data: bytes, name: str = "The bundle", reader: Identity | None = None,
                 reader_label: str | None = None) -> RawBundle:
    """Verify a bundle held in memory; ``name`` is used in messages.

    A sealed bundle is opened with ``reader`` (the identity it is sealed
    for) in memory, and must be sealed by the same person who signed it.
    """
    if is_sealed(data):
        from review.demo.key import demo_reader, is_demo_sealed
        demo_key = reader is None and is_demo_sealed(recipients_of(data, name))
        if demo_key:
            reader = demo_reader()
        opened = open_sealed(data, reader, name=name, own_label=reader_label)
        if opened.kind != "bundle":
            raise BundleError(f"{name} is a sealed file of another kind ({opened.kind}), not a bundle.")
        raw = unpack_bytes(opened.content, name)
        if raw.signer_fingerprint != opened.sender_fingerprint:
            raise BundleError(f"{name} was sealed by {opened.sender_name} but signed by "
                              f"{raw.signer_name}: do not use it; ask the coordinator.")
        if demo_key and raw.manifest.get("demo") is not True:
            # The DEMO key is public: whatever is sealed to it is readable by anyone.
            raise BundleError(f"{name} is sealed to the public DEMO key but is not a DEMO "
                              "bundle, so anyone could read it. Do not use it; ask the "
                              "coordinator for a bundle sealed for you.")
        return replace(raw, sealed=not demo_key, demo_key=demo_key)
    archive, block = _split(data, name)
    cert_pem, signature = _parse_signature_block(block)
    try:
        cert = cert_from_pem(cert_pem)
    except VerificationError:
        raise BundleError("The bundle's certificate is damaged and cannot be read.") from None
    if cert.public_bytes(serialization.Encoding.PEM) != cert_pem:
        raise BundleError("The bundle's certificate is damaged: it is not in canonical form.")
    if not verify_signature(cert, signature, archive):
        raise BundleError(
            f"The signature of {name} does not match its contents: the file was "
            "altered or damaged after it was signed. Ask the coordinator for a fresh copy."
        )
    entries = _read_entries(archive)
    manifest = _parse_manifest(entries.pop("manifest.json"))
    fp = fingerprint_of(cert)
    if manifest.get("signer", {}).get("fingerprint") != fp:
        raise BundleError("The bundle's certificate is not the one its manifest names as signer.")
    _check_manifest_entries(manifest, entries)
    return RawBundle(manifest, entries, cert_pem, common_name(cert), fp,
                     hashlib.sha256(archive).hexdigest())


def sealed_for(path: Path) -> list[tuple[str, str]] | None:
    """(label, fingerprint) of whom a sealed bundle is sealed for; None when it is not
    sealed (or cannot be read: opening it says why).  Reads only the file's start."""
    try:
        with open(path, "rb") as f:
            head = f.read(PREFIX_SIZE)
    except OSError:
        return None
    return recipients_of(head, Path(path).name) if is_sealed(head) else None


def peek_manifest(path: Path) -> dict[str, Any]:
    """The manifest, read WITHOUT verification: only to choose how to open a
    file (a member's bundle or the panel file); every use of the contents
    goes through :func:`unpack`.

    Only the file's end, the ZIP directory and the manifest entry are read,
    so peeking at any file (a 2 GB one, a ZIP of a million entries) costs a
    bounded amount of memory."""
    path = Path(path)
    try:
        with open(path, "rb") as f:
            head = f.read(64)
    except OSError:
        head = b""
    if is_sealed(head):
        return {"sealed": True}  # nothing of a sealed bundle is readable before it is opened
    try:
        with open(path, "rb") as f:
            size = f.seek(0, io.SEEK_END)
            tail_len = min(size, MAX_SIGNATURE_BLOCK + 16)
            f.seek(size - tail_len)
            tail = f.read(tail_len)
            block_len = _block_length(tail, size, path.name)
            window = _Window(f, size - 16 - block_len)
            _check_directory(window, path.name)
            with zipfile.ZipFile(window) as zf:
                with zf.open("manifest.json") as entry:
                    manifest = json.loads(entry.read(1 << 20))
    except BundleError:
        raise
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, EOFError, NotImplementedError,
            RuntimeError, zlib.error):  # RuntimeError: an entry flagged as encrypted
        raise BundleError(f"{path.name} is damaged: its manifest cannot be read.") from None
    if not isinstance(manifest, dict):
        raise BundleError(f"{Path(path).name} is damaged: its manifest cannot be read.")
    return manifest


def _split(data: bytes, name: str) -> tuple[bytes, bytes]:
    block_len = _block_length(data[-16:], len(data), name)
    return data[:len(data) - 16 - block_len], data[len(data) - 16 - block_len:-16]


def _block_length(tail: bytes, size: int, name: str) -> int:
    """The signature block's length from the file's last 16 bytes (``tail`` ends the file)."""
    if size < 16 or len(tail) < 16 or tail[-8:] != TRAILER_MAGIC:
        raise BundleError(f"{name} is not a Panel Review bundle, or it is truncated.")
    (block_len,) = struct.unpack(">Q", tail[-16:-8])
    if block_len > MAX_SIGNATURE_BLOCK or block_len > size - 16:
        raise BundleError(f"{name} is damaged: its signature block has an impossible length.")
    return block_len


class _Window(io.RawIOBase):
    """The first ``end`` bytes of an open file, as a seekable file of their own (the
    archive without the signature block), read only where zipfile looks."""

    def __init__(self, f, end: int) -> None:
        self._f, self._end, self._pos = f, end, 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._pos

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._pos, io.SEEK_END: self._end}[whence]
        self._pos = max(0, min(self._end, base + offset))
        return self._pos

    def read(self, n: int = -1) -> bytes:
        n = self._end - self._pos if n is None or n < 0 else min(n, self._end - self._pos)
        self._f.seek(self._pos)
        data = self._f.read(n)
        self._pos += len(data)
        return data


_EOCD, _EOCD64_LOCATOR, _EOCD64 = b"PK\x05\x06", b"PK\x06\x07", b"PK\x06\x06"


def _check_directory(f, name: str) -> None:
    """Refuse, from the end-of-directory record alone, a ZIP with more entries or a larger
    directory than a bundle may have, before zipfile reads the directory into memory."""
    end = f.seek(0, io.SEEK_END)
    start = max(0, end - (22 + 0xFFFF))
    f.seek(start)
    tail = f.read(end - start)
    at = tail.rfind(_EOCD)
    if at < 0 or len(tail) - at < 22:
        raise BundleError(f"{name} is damaged: its archive has no directory.")
    entries, cd_size = struct.unpack("<10xHL6x", tail[at:at + 22])
    if (entries == 0xFFFF or cd_size == 0xFFFFFFFF) and at >= 20 and \
            tail[at - 20:at - 16] == _EOCD64_LOCATOR:
        (offset,) = struct.unpack("<8xQ4x", tail[at - 20:at])
        f.seek(offset)
        record = f.read(56)
        if len(record) == 56 and record[:4] == _EOCD64:
            entries, cd_size = struct.unpack("<32xQQ8x", record)
    if entries > MAX_ENTRIES:
        raise BundleError(f"{name} has {entries:,} entries, more than a bundle may "
                          f"({MAX_ENTRIES:,}).")
    if cd_size > MAX_DIRECTORY_BYTES:
        raise BundleError(f"{name} is damaged: its archive directory is larger than a bundle's "
                          "may be.")


def _parse_signature_block(block: bytes) -> tuple[bytes, bytes]:
    try:
        sig = json.loads(block.decode("utf-8"))
        cert_pem = sig["certificate"].encode("ascii")
        signature = base64.b64decode(sig["signature"], validate=True)
        # Re-encoding must give back the very bytes: base64 has spare bits
        # that decode alike, and no byte of a bundle may change unnoticed.
        ok = (sig["algorithm"] == SIGNATURE_ALGORITHM and canonical_json(sig) == block
              and base64.b64encode(signature).decode("ascii") == sig["signature"])
    except (ValueError, KeyError, TypeError, AttributeError, UnicodeError):
        ok = False
    if not ok:
        raise BundleError("The bundle's signature block is damaged or not of a known kind.")
    return cert_pem, signature


def _read_entries(archive: bytes) -> dict[str, bytes]:
    try:
        _check_directory(io.BytesIO(archive), "The bundle")
        zf = zipfile.ZipFile(io.BytesIO(archive))
        infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise BundleError("The bundle's archive is damaged and cannot be read.") from None
    if len(infos) > MAX_ENTRIES:
        raise BundleError(f"The bundle has more than {MAX_ENTRIES:,} entries.")
    names = [i.filename for i in infos]
    seen: set[str] = set()
    for n in names:
        if n in seen:
            raise BundleError(f"The bundle contains the entry {n!r} twice.")
        seen.add(n)
        if not is_allowed_name(n):
            raise BundleError(f"The bundle contains an entry with a name it may not have: {n!r}.")
    if "manifest.json" not in seen:
        raise BundleError("The bundle has no manifest.")
    entries, total = {}, 0
    for info in infos:
        if info.file_size > MAX_ENTRY_BYTES:
            raise BundleError(f"The bundle entry {info.filename!r} is over the size limit.")
        if info.file_size > (1 << 20) and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise BundleError(f"The bundle entry {info.filename!r} is compressed suspiciously far.")
        total += info.file_size
        if total > MAX_TOTAL_BYTES:
            raise BundleError("The bundle's contents are over the total size limit.")
        try:
            with zf.open(info) as f:
                data = f.read(info.file_size + 1)  # never trust the declared size
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError,
                RuntimeError, zlib.error):  # RuntimeError: "encrypted, password required"
            raise BundleError(f"The bundle entry {info.filename!r} is damaged.") from None
        if len(data) != info.file_size:
            raise BundleError(f"The bundle entry {info.filename!r} is not the size it declares.")
        entries[info.filename] = data
    return entries


def _parse_manifest(data: bytes) -> dict[str, Any]:
    try:
        manifest = json.loads(data.decode("utf-8"))
    except (ValueError, UnicodeError):
        raise BundleError("The bundle's manifest is not valid JSON.") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT_NAME:
        raise BundleError("The file is not a Panel Review bundle (its manifest says otherwise).")
    if manifest.get("version") != FORMAT_VERSION:
        raise BundleError(
            f"The bundle is of format version {manifest.get('version')!r}; this version of "
            f"Panel Review reads version {FORMAT_VERSION}. Update Panel Review or ask for a "
            "bundle in the older format."
        )
    if not isinstance(manifest.get("entries"), dict):
        raise BundleError("The bundle's manifest lists no entries.")
    return manifest


def _check_manifest_entries(manifest: dict[str, Any], entries: dict[str, bytes]) -> None:
    listed = manifest["entries"]
    for name in sorted(set(listed) - set(entries)):
        raise BundleError(f"The bundle is missing the entry {name!r} that its manifest lists.")
    for name in sorted(set(entries) - set(listed)):
        raise BundleError(f"The bundle contains the entry {name!r} that its manifest does not list.")
    for name, data in entries.items():
        want = listed[name]
        if not isinstance(want, dict) or want.get("size") != len(data) or \
                want.get("sha256") != hashlib.sha256(data).hexdigest():
            raise BundleError(f"The bundle entry {name!r} does not match its hash in the manifest.")
    for name in FIXED_ENTRIES[1:]:
        if name not in entries:
            raise BundleError(f"The bundle has no {name}.")

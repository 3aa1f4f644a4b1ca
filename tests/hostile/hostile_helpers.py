"""Makers of hostile bundles and helpers that prove "nothing changed".

Hostile bundles are re-signed with the demo coordinator's key (whose
private key is public by design), so that they pass the signature check and
reach the deeper checks: caps, names, manifest, contents.  A workspace that
pins the demo coordinator therefore sees them as coming from its own
coordinator, which is the hardest case.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import struct
import zipfile
from pathlib import Path

from review.bundle import format as fmt
from review.demo.bundle import demo_coordinator


def archive_of(data: bytes) -> bytes:
    (block_len,) = struct.unpack(">Q", data[-16:-8])
    return data[: len(data) - 16 - block_len]


def entries_of(data: bytes) -> list[tuple[str, bytes]]:
    """The (name, content) entries of a bundle's archive, in archive order."""
    zf = zipfile.ZipFile(io.BytesIO(archive_of(data)))
    return [(i.filename, zf.read(i)) for i in zf.infolist()]


def zip_entries(entries: list[tuple[str, bytes]]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, content in entries:
            zf.writestr(name, content)
    return buf.getvalue()


def sign_archive(archive: bytes, identity=None) -> bytes:
    identity = identity or demo_coordinator()
    block = fmt.canonical_json({
        "algorithm": "ecdsa-p256-sha256",
        "certificate": identity.cert_pem.decode(),
        "signature": base64.b64encode(identity.sign(archive)).decode(),
    })
    return archive + block + struct.pack(">Q", len(block)) + fmt.TRAILER_MAGIC


def resign(entries: list[tuple[str, bytes]], identity=None) -> bytes:
    """Zip the entries as they are and sign the archive (manifest untouched)."""
    return sign_archive(zip_entries(entries), identity)


def relist(entries: list[tuple[str, bytes]], manifest_change=None) -> bytes:
    """Recompute the manifest's entry list (so hashes match), then zip and sign.

    ``manifest_change(manifest)`` may alter the manifest in place first.
    """
    others = [(n, c) for n, c in entries if n != "manifest.json"]
    manifest = json.loads(dict(entries)["manifest.json"])
    manifest["entries"] = {n: {"sha256": hashlib.sha256(c).hexdigest(), "size": len(c)}
                           for n, c in others}
    if manifest_change is not None:
        manifest_change(manifest)
    return resign([("manifest.json", fmt.canonical_json(manifest)), *others])


def patch_declared_size(archive: bytes, name: str, size: int) -> bytes:
    """Make the central directory declare ``size`` uncompressed bytes for ``name``."""
    data = bytearray(archive)
    target = name.encode()
    i = 0
    while True:
        i = data.find(b"PK\x01\x02", i)
        if i < 0:
            raise ValueError(f"no central directory entry for {name}")
        name_len = struct.unpack("<H", data[i + 28:i + 30])[0]
        if bytes(data[i + 46:i + 46 + name_len]) == target:
            data[i + 24:i + 28] = struct.pack("<I", size)
            return bytes(data)
        i += 4


def with_json(entries, name: str, change) -> list[tuple[str, bytes]]:
    """The entries with ``name`` parsed, changed by ``change(obj)`` (in place) and re-dumped."""
    out = []
    for n, c in entries:
        if n == name:
            obj = json.loads(c)
            change(obj)
            c = json.dumps(obj).encode()
        out.append((n, c))
    return out


# -- "nothing changed" --------------------------------------------------------------

def listing(folder: Path) -> dict[str, int]:
    """Every file below ``folder`` (relative path → size), hidden ones included."""
    out = {}
    for root, dirs, files in os.walk(folder):
        for f in files + [d + "/" for d in dirs]:
            p = Path(root) / f.rstrip("/")
            out[str(p.relative_to(folder)) + ("/" if f.endswith("/") else "")] = \
                0 if f.endswith("/") else p.stat().st_size
    return out


def digests(folder: Path, names) -> dict[str, str]:
    return {n: hashlib.sha256((folder / n).read_bytes()).hexdigest()
            for n in names if (folder / n).is_file()}


def logical_snapshot(ws) -> dict:
    """What a workspace holds, table by table (content, not bytes)."""
    tables = [t for t in ws.db.table_names() if not t.startswith("case_search_")]
    snap = {t: ws.db.execute(f"SELECT * FROM [{t}] ORDER BY 1").fetchall() for t in tables}
    snap["user_version"] = ws.db.execute("PRAGMA user_version").fetchone()[0]
    return snap

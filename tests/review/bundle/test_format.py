"""The signed container: every byte counts, hostile archives are refused."""

from __future__ import annotations

import base64
import io
import struct
import zipfile

import pytest

from review.bundle import format as fmt
from review.demo.bundle import build_demo_bundles, demo_coordinator
from review.errors import BundleError, FileUnreadable
from review.identity import Identity


@pytest.fixture(scope="module")
def tiny_bundle(tmp_path_factory):
    path = tmp_path_factory.mktemp("tiny") / "tiny.prb"
    build_demo_bundles(path, cases=1, seed=3, sealed=False)  # tests alter its archive
    return path.read_bytes()


def test_round_trip_reports_signer_and_entries(tiny_bundle):
    raw = fmt.unpack_bytes(tiny_bundle)
    assert raw.signer_fingerprint == demo_coordinator().fingerprint
    assert set(raw.entries) >= {"cases.json", "roster.json", "assignments.json"}
    assert any(name.startswith("documents/") for name in raw.entries)


def test_flipping_any_single_byte_is_detected(tiny_bundle):
    # Every byte: archive data, local and central headers, the signature
    # block, its length and the trailer.  None may pass unnoticed.
    undetected = []
    for i in range(len(tiny_bundle)):
        damaged = bytearray(tiny_bundle)
        damaged[i] ^= 0x01
        try:
            fmt.unpack_bytes(bytes(damaged))
        except BundleError:
            continue
        undetected.append(i)
    assert undetected == []


@pytest.mark.parametrize("cut", [1, 8, 16, 100, 2000])
def test_truncated_bundle_is_refused(tiny_bundle, cut):
    with pytest.raises(BundleError):
        fmt.unpack_bytes(tiny_bundle[:-cut])


def test_not_a_bundle_is_refused():
    with pytest.raises(BundleError, match="not a Panel Review bundle"):
        fmt.unpack_bytes(b"PK\x03\x04 this is some other zip file")


def test_missing_file_is_a_usage_error(tmp_path):
    with pytest.raises(FileUnreadable):
        fmt.unpack(tmp_path / "nowhere.prb")


# -- archives re-signed by a valid key: the contents checks must catch them --

def _archive_of(data: bytes) -> bytes:
    (block_len,) = struct.unpack(">Q", data[-16:-8])
    return data[: len(data) - 16 - block_len]


def _entries(archive: bytes) -> list[tuple[str, bytes]]:
    zf = zipfile.ZipFile(io.BytesIO(archive))
    return [(i.filename, zf.read(i)) for i in zf.infolist()]


def _resign(entries: list[tuple[str, bytes]], identity: Identity) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, content in entries:
            zf.writestr(name, content)
    archive = buf.getvalue()
    block = fmt.canonical_json({
        "algorithm": "ecdsa-p256-sha256",
        "certificate": identity.cert_pem.decode(),
        "signature": base64.b64encode(identity.sign(archive)).decode(),
    })
    return archive + block + struct.pack(">Q", len(block)) + fmt.TRAILER_MAGIC


def test_resigned_unchanged_archive_still_verifies(tiny_bundle):
    # Guards the helpers below: re-signing alone must not break anything.
    data = _resign(_entries(_archive_of(tiny_bundle)), demo_coordinator())
    assert fmt.unpack_bytes(data).manifest["bundle_id"]


def test_extra_entry_is_refused(tiny_bundle):
    entries = _entries(_archive_of(tiny_bundle)) + [("documents/extra.txt", b"not listed")]
    with pytest.raises(BundleError, match="does not list"):
        fmt.unpack_bytes(_resign(entries, demo_coordinator()))


def test_missing_entry_is_refused(tiny_bundle):
    entries = [e for e in _entries(_archive_of(tiny_bundle)) if not e[0].startswith("documents/")]
    with pytest.raises(BundleError, match="missing the entry"):
        fmt.unpack_bytes(_resign(entries, demo_coordinator()))


def test_changed_entry_is_refused(tiny_bundle):
    entries = [(n, c.replace(b"PR-0001", b"PR-9999") if n == "cases.json" else c)
               for n, c in _entries(_archive_of(tiny_bundle))]
    with pytest.raises(BundleError, match="does not match its hash"):
        fmt.unpack_bytes(_resign(entries, demo_coordinator()))


def test_duplicated_entry_is_refused(tiny_bundle):
    entries = _entries(_archive_of(tiny_bundle))
    entries.append(next(e for e in entries if e[0] == "roster.json"))
    with pytest.warns(UserWarning):  # zipfile itself warns about the duplicate
        data = _resign(entries, demo_coordinator())
    with pytest.raises(BundleError, match="twice"):
        fmt.unpack_bytes(data)


@pytest.mark.parametrize("name", ["../evil.txt", "/etc/passwd", "documents/../../x",
                                  "documents\\..\\x", "documents/sub/dir.txt", "other.json"])
def test_entry_names_outside_the_format_are_refused(tiny_bundle, name):
    entries = _entries(_archive_of(tiny_bundle)) + [(name, b"x")]
    with pytest.raises(BundleError, match="name it may not have"):
        fmt.unpack_bytes(_resign(entries, demo_coordinator()))


def test_signer_other_than_manifest_names_is_refused(tiny_bundle):
    stranger = Identity.generate("Someone Else")
    data = _resign(_entries(_archive_of(tiny_bundle)), stranger)
    with pytest.raises(BundleError, match="not the one its manifest names"):
        fmt.unpack_bytes(data)


def test_compression_bomb_is_refused(tiny_bundle):
    entries = _entries(_archive_of(tiny_bundle)) + [("documents/bomb.txt", b"\0" * (8 << 20))]
    with pytest.raises(BundleError, match="compressed suspiciously"):
        fmt.unpack_bytes(_resign(entries, demo_coordinator()))


def test_wrong_format_version_is_refused(tiny_bundle):
    entries = []
    for name, content in _entries(_archive_of(tiny_bundle)):
        if name == "manifest.json":
            content = content.replace(b'"version":1', b'"version":2')
        entries.append((name, content))
    with pytest.raises(BundleError, match="format version 2"):
        fmt.unpack_bytes(_resign(entries, demo_coordinator()))

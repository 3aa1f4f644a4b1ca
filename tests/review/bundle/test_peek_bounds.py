"""Looking at a file offered as a bundle costs a bounded amount of memory, whatever the file."""

from __future__ import annotations

import io
import struct
import tracemalloc
import zipfile

import pytest

from review.bundle import format as fmt
from review.errors import BundleError


def _with_trailer(archive: bytes) -> bytes:
    block = b'{"x":1}'
    return archive + block + struct.pack(">Q", len(block)) + fmt.TRAILER_MAGIC


def _zip(entries: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
    return buf.getvalue()


def test_peek_reads_the_manifest_of_a_bundle(tmp_path):
    path = tmp_path / "b.prb"
    path.write_bytes(_with_trailer(_zip({"manifest.json": b'{"member_id": null}',
                                         "cases.json": b"{}"})))
    assert fmt.peek_manifest(path) == {"member_id": None}


def test_peek_at_a_two_gigabyte_sparse_file_reads_only_its_end(tmp_path):
    path = tmp_path / "huge.prb"
    archive = _zip({"manifest.json": b'{"member_id": "R01"}'})
    with open(path, "wb") as f:
        f.seek(2 << 30)           # two gigabytes of nothing (a hole), then a bundle's end
        f.write(_with_trailer(archive))
    tracemalloc.start()
    try:
        manifest = fmt.peek_manifest(path)  # zipfile allows data before an archive
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert manifest == {"member_id": "R01"} and peak < 4 << 20


def test_too_many_entries_are_refused_from_the_directory_record_alone(tmp_path, monkeypatch):
    monkeypatch.setattr(fmt, "MAX_ENTRIES", 50)
    archive = _zip({"manifest.json": b"{}", **{f"documents/D{i}.txt": b"x" for i in range(60)}})
    path = tmp_path / "many.prb"
    path.write_bytes(_with_trailer(archive))
    with pytest.raises(BundleError, match="61 entries, more than a bundle may"):
        fmt.peek_manifest(path)
    with pytest.raises(BundleError, match="61 entries, more than a bundle may"):
        fmt._read_entries(archive)


def test_a_zip64_directory_is_counted_from_its_zip64_record(monkeypatch):
    monkeypatch.setattr(fmt, "MAX_ENTRIES", 10)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", allowZip64=True) as zf:
        for i in range(12):
            zf.writestr(f"documents/D{i}.txt", b"x")
    data = bytearray(buf.getvalue())
    # make the classic record defer to the ZIP64 one, as a writer does past 65,535 entries
    at = data.rfind(b"PK\x05\x06")
    eocd64 = struct.pack("<4sQ2H2L4Q", b"PK\x06\x06", 44, 45, 45, 0, 0, 12, 12,
                         *struct.unpack("<LL", bytes(data[at + 12:at + 20])))
    locator = struct.pack("<4sLQL", b"PK\x06\x07", 0, at, 1)
    data[at:at] = eocd64 + locator
    new_at = at + len(eocd64) + len(locator)
    data[new_at + 8:new_at + 12] = struct.pack("<HH", 0xFFFF, 0xFFFF)
    with pytest.raises(BundleError, match="12 entries"):
        fmt._check_directory(io.BytesIO(bytes(data)), "The bundle")

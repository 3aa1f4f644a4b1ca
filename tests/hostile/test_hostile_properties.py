"""Property-based: mutated bundles and workbooks are valid or cleanly refused, never a crash.

"Cleanly refused" means a :class:`PanelReviewError` (a sentence for a
person); any other exception is a crash that would reach the person as a
generic failure.  Examples are few and bounded so that CI stays fast.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from hostile_helpers import entries_of, relist, resign
from review.errors import PanelReviewError

SETTINGS = settings(max_examples=60, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow,
                                           HealthCheck.function_scoped_fixture,
                                           HealthCheck.data_too_large])


@pytest.fixture(scope="module")
def scratch(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("hypothesis")


def _read_bundle_bytes(data: bytes, scratch: Path):
    from review.bundle.contents import read_bundle
    from review.bundle.format import peek_manifest
    path = scratch / "mutated.prb"
    path.write_bytes(data)
    for reader in (read_bundle, peek_manifest):
        try:
            reader(path)
        except PanelReviewError as exc:
            assert str(exc).strip()


# -- bundles ----------------------------------------------------------------------------------

@st.composite
def bundle_mutation(draw, data: bytes):
    kind = draw(st.sampled_from(["flip", "truncate", "insert", "delete", "reorder",
                                 "entry-bytes", "entry-truncate"]))
    if kind == "flip":
        i = draw(st.integers(0, len(data) - 1))
        return data[:i] + bytes([data[i] ^ draw(st.integers(1, 255))]) + data[i + 1:]
    if kind == "truncate":
        return data[:draw(st.integers(0, len(data) - 1))]
    if kind == "insert":
        i = draw(st.integers(0, len(data)))
        return data[:i] + draw(st.binary(min_size=1, max_size=64)) + data[i:]
    if kind == "delete":
        i = draw(st.integers(0, len(data) - 1))
        return data[:i] + data[i + draw(st.integers(1, 64)):]
    entries = entries_of(data)
    if kind == "reorder":
        return resign(draw(st.permutations(entries)))
    # change the bytes of one entry, then make the manifest agree and re-sign: the
    # contents checks (JSON, types, cross references) are what must hold now
    index = draw(st.integers(0, len(entries) - 1))
    name, content = entries[index]
    if kind == "entry-truncate":
        content = content[:draw(st.integers(0, max(len(content) - 1, 0)))]
    else:
        i = draw(st.integers(0, max(len(content) - 1, 0)))
        content = content[:i] + draw(st.binary(min_size=0, max_size=8)) + content[i + 1:]
    entries[index] = (name, content)
    return relist(entries) if name != "manifest.json" else resign(entries)


def test_mutated_bundles_are_valid_or_refused(tiny_bundle_bytes, scratch):
    @SETTINGS
    @given(st.data())
    def check(d):
        _read_bundle_bytes(d.draw(bundle_mutation(tiny_bundle_bytes)), scratch)
    check()


def test_reordered_entries_still_verify(tiny_bundle_bytes, scratch):
    """Guard for the property above: order is not meaning."""
    from review.bundle.contents import read_bundle
    path = scratch / "reordered.prb"
    path.write_bytes(resign(list(reversed(entries_of(tiny_bundle_bytes)))))
    assert read_bundle(path).contents.cases


# -- workbooks --------------------------------------------------------------------------------

CELL_VALUES = st.one_of(
    st.none(), st.text(max_size=30), st.integers(-10**12, 10**12),
    st.floats(allow_nan=False, allow_infinity=False), st.booleans(),
    st.datetimes(min_value=dt.datetime(1900, 3, 1), max_value=dt.datetime(2100, 1, 1)),
    st.sampled_from(["=1+1", "=HYPERLINK(\"http://x\")", "_x0041_", "", " ", "PR-0001",
                     "Final", "New assessment"]),
)


def _verify(content: bytes, scratch: Path) -> None:
    from exports.xlsx.verify import read_signed_workbook
    path = scratch / "mutated.xlsx"
    path.write_bytes(content)
    try:
        read_signed_workbook(path)
    except PanelReviewError as exc:
        assert str(exc).strip()


def _parts(content: bytes) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(content)) as z:
        return [(i.filename, z.read(i)) for i in z.infolist()]


def _zip(parts) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts:
            z.writestr(name, data)
    return buf.getvalue()


@pytest.fixture(scope="module")
def export_bytes(signed_export) -> bytes:
    return signed_export[1].read_bytes()


def test_cell_edits_are_valid_or_refused(export_bytes, scratch):
    names = openpyxl.load_workbook(io.BytesIO(export_bytes)).sheetnames

    @settings(SETTINGS, max_examples=40)
    @given(sheet=st.sampled_from(names), row=st.integers(1, 40), col=st.integers(1, 20),
           value=CELL_VALUES)
    def check(sheet, row, col, value):
        wb = openpyxl.load_workbook(io.BytesIO(export_bytes))
        from openpyxl.utils.exceptions import IllegalCharacterError
        try:
            wb[sheet].cell(row, col).value = value
        except (ValueError, TypeError, IllegalCharacterError):  # openpyxl refuses to store it
            return
        buf = io.BytesIO()
        wb.save(buf)
        _verify(buf.getvalue(), scratch)
    check()


def test_deleted_sheets_are_refused(export_bytes, scratch):
    names = openpyxl.load_workbook(io.BytesIO(export_bytes)).sheetnames

    @settings(SETTINGS, max_examples=20)
    @given(st.sets(st.sampled_from(names), min_size=1, max_size=len(names) - 1))
    def check(gone):
        from exports.errors import SignedFileInvalid
        from exports.xlsx.verify import read_signed_workbook
        wb = openpyxl.load_workbook(io.BytesIO(export_bytes))
        for name in gone:
            del wb[name]
        path = scratch / "deleted.xlsx"
        try:
            wb.save(path)
        except ValueError:  # openpyxl: a workbook needs a visible sheet
            return
        with pytest.raises(SignedFileInvalid):
            read_signed_workbook(path)
    check()


def test_xml_part_edits_are_valid_or_refused(export_bytes, scratch):
    parts = _parts(export_bytes)

    @settings(SETTINGS, max_examples=60)
    @given(st.data())
    def check(d):
        index = d.draw(st.integers(0, len(parts) - 1))
        name, content = parts[index]
        kind = d.draw(st.sampled_from(["flip", "truncate", "insert", "drop-part", "raw-flip"]))
        mutated = list(parts)
        if kind == "drop-part":
            del mutated[index]
        elif kind == "raw-flip":
            raw = bytearray(export_bytes)
            i = d.draw(st.integers(0, len(raw) - 1))
            raw[i] ^= d.draw(st.integers(1, 255))
            _verify(bytes(raw), scratch)
            return
        else:
            i = d.draw(st.integers(0, max(len(content) - 1, 0)))
            if kind == "flip":
                content = content[:i] + bytes([content[i] ^ d.draw(st.integers(1, 255))]) \
                    + content[i + 1:]
            elif kind == "truncate":
                content = content[:i]
            else:
                content = content[:i] + d.draw(st.sampled_from(
                    [b"<", b"&", b"<!DOCTYPE x>", b'<c r="A1"><v>1</v></c>', b"\x00", b"]]>"]
                )) + content[i:]
            mutated[index] = (name, content)
        _verify(_zip(mutated), scratch)
    check()

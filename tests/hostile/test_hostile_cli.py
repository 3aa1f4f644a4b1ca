"""The command line on hostile files: exit 1 or 2 with a sentence, never a traceback, no file."""

from __future__ import annotations

import pytest

from hostile_helpers import entries_of, listing, relist, resign
from tests.cli_helpers import run

pytestmark = pytest.mark.usefixtures("cli_passphrase")


def _hostile(d: bytes) -> dict[str, bytes]:
    return {
        "traversal": resign(entries_of(d) + [("../evil.txt", b"x")]),
        "bomb": relist(entries_of(d) + [("documents/bomb.txt", b"\0" * (8 << 20))]),
        "truncated": d[: len(d) // 2],
        "version": relist(entries_of(d), lambda m: m.update(version=9)),
        "encrypted-flag": _flag(d),
    }


def _flag(d: bytes) -> bytes:
    from test_hostile_bundles import _encrypted_flag
    from hostile_helpers import sign_archive, zip_entries
    return sign_archive(_encrypted_flag(zip_entries(entries_of(d))))


@pytest.mark.parametrize("kind", ["traversal", "bomb", "truncated", "version", "encrypted-flag"])
def test_bundle_verify_and_workspace_open_refuse_with_exit_1(kind, tiny_bundle_bytes, tmp_path,
                                                              capsys):
    bundle = tmp_path / "hostile.prb"
    bundle.write_bytes(_hostile(tiny_bundle_bytes)[kind])
    before = listing(tmp_path)
    code, out, err = run(capsys, "bundle", "verify", bundle)
    assert code == 1 and "VALID" not in out
    assert err.strip() and "Traceback" not in err
    code, out, err = run(capsys, "workspace", "open", bundle, "--workspace", tmp_path / "w.prw")
    assert code == 1 and err.strip() and "Traceback" not in err and "unexpected" not in err
    assert listing(tmp_path) == before


def test_missing_bundle_is_exit_2(tmp_path, capsys):
    code, _, err = run(capsys, "workspace", "open", tmp_path / "nowhere.prb", "--workspace",
                       tmp_path / "w.prw")
    assert code == 2 and "nowhere.prb" in err and "Traceback" not in err
    assert list(tmp_path.iterdir()) == []


def test_verify_hostile_workbooks_exit_1(signed_export, tmp_path, capsys):
    from test_hostile_workbooks import MUTATIONS, _parts, _write_parts
    for kind in ("billion-laughs-sheet", "xxe-sheet", "cell-at-the-far-corner",
                 "truncated-sheet-xml"):
        path = tmp_path / f"{kind}.xlsx"
        _write_parts(path, MUTATIONS[kind](_parts(signed_export[1])))
        code, out, err = run(capsys, "verify", path)
        assert code == 1, (kind, out, err)
        assert "INVALID" in out + err and "Traceback" not in out + err


def test_verify_stripped_signature_exit_1(signed_export, tmp_path, capsys):
    import openpyxl
    path = tmp_path / "stripped.xlsx"
    wb = openpyxl.load_workbook(signed_export[1])
    del wb["Signature"]
    wb.save(path)
    code, out, err = run(capsys, "verify", path)
    assert code == 1 and "INVALID" in out + err and "Signature" in out + err


def test_verify_edited_pdf_exit_1(signed_export, tmp_path, capsys):
    data = bytearray(signed_export[0].read_bytes())
    i = data.find(b"/Contents <")  # inside the signature value
    data[i + 20] ^= 0x01
    path = tmp_path / "edited.pdf"
    path.write_bytes(bytes(data))
    code, out, err = run(capsys, "verify", path)
    assert code == 1 and "Traceback" not in out + err

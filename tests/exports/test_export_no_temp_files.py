"""An export writes no case text to temporary files: nothing is created in the temp folder."""

from __future__ import annotations

import os
import tempfile

from exports.service import export_signed
from exports.verify import verify_file


def test_export_uses_no_temporary_files(export_data, member_identity, tmp_path, monkeypatch):
    temp = tmp_path / "tmp"
    temp.mkdir()
    out = tmp_path / "out"
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    monkeypatch.setenv("TMPDIR", str(temp))
    created: list[str] = []
    real_open = os.open

    def watching_open(path, flags, *args, **kwargs):
        if str(path).startswith(str(temp)) and flags & os.O_CREAT:
            created.append(str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", watching_open)
    export_signed(export_data, member_identity, pdf_path=out / "a.pdf", xlsx_path=out / "a.xlsx")
    monkeypatch.undo()
    assert created == [] and list(temp.iterdir()) == []
    assert sorted(p.name for p in out.iterdir()) == ["a.pdf", "a.xlsx"]
    assert verify_file(out / "a.pdf").valid and verify_file(out / "a.xlsx").valid


def test_the_watch_would_see_openpyxls_usual_save(tmp_path, monkeypatch):
    """The check above can fail: openpyxl's own save does use a temporary file."""
    import openpyxl
    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    created: list[str] = []
    real_open = os.open

    def watching_open(path, flags, *args, **kwargs):
        if str(path).startswith(str(temp)) and flags & os.O_CREAT:
            created.append(str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", watching_open)
    openpyxl.Workbook().save(tmp_path / "plain.xlsx")
    monkeypatch.undo()
    assert created

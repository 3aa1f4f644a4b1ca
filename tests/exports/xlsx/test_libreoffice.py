"""A signed workbook opened and saved by LibreOffice with no edit still verifies and merges;
an edit made there is named at its own cell; a formula other than TRUE()/FALSE() is refused."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import openpyxl
import pytest

from review.panel.workspace import CoordinatorWorkspace
from tests.conftest import PASSPHRASE
from tests.exports.xlsx.libreoffice import (edit_shared_string_cell, needs_soffice, resave,
                                            rewrite_part, sheet_part)

from exports.consolidated.verify import read_consolidated_workbook
from exports.errors import SignedFileInvalid
from exports.merge_files import merge_files
from exports.verify import verify_file
from exports.xlsx.verify import read_signed_workbook

pytestmark = needs_soffice


@pytest.fixture(scope="module")
def lo_profile(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("libreoffice-profile")


@pytest.fixture(scope="module")
def panel(tmp_path_factory) -> Path:
    from exports.rehearsal import run_demo_panel
    folder = tmp_path_factory.mktemp("lo-panel") / "panel"
    run_demo_panel(folder, PASSPHRASE, reviewers=2, cases=24, seed=5, say=lambda _line: None)
    return folder


@pytest.fixture(scope="module")
def resaved(panel, lo_profile, tmp_path_factory) -> dict[str, Path]:
    """Every signed workbook of the rehearsal, opened and saved once by LibreOffice."""
    out = tmp_path_factory.mktemp("lo-resaved")
    files = [panel / "exports" / "R01.xlsx", panel / "exports" / "R02.xlsx",
             panel / "consolidated.xlsx"]
    return {f.stem: resave(f, out, lo_profile) for f in files}


def _merge(panel: Path, files: list[Path], tmp_path: Path):
    with CoordinatorWorkspace.create(tmp_path / "coord.prw", PASSPHRASE,
                                     panel / "bundles" / "panel.prb") as coord:
        return merge_files(coord, files)


def _row_of(path: Path, sheet: str, column: int, wanted) -> int:
    ws = openpyxl.load_workbook(path)[sheet]
    return next(r for r in range(2, ws.max_row + 1) if wanted(ws.cell(r, column).value))


def test_libreoffice_really_rewrote_the_file(panel, resaved):
    original = (panel / "exports" / "R01.xlsx").read_bytes()
    assert resaved["R01"].read_bytes() != original
    ws = openpyxl.load_workbook(resaved["R01"])["Decisions"]
    recused = [ws.cell(r, 13).value for r in range(2, ws.max_row + 1)]
    assert "=FALSE()" in recused  # LibreOffice's way of saving a false cell


def test_member_workbook_saved_by_libreoffice_verifies_and_merges(panel, resaved, tmp_path):
    for member in ("R01", "R02"):
        report = verify_file(resaved[member])
        assert report.valid, report.reason
        before = read_signed_workbook(panel / "exports" / f"{member}.xlsx")
        after = read_signed_workbook(resaved[member])
        assert after.decisions == before.decisions and after.saved == before.saved
    outcomes = _merge(panel, [resaved["R01"], resaved["R02"]], tmp_path)
    assert [o.outcome for o in outcomes] == ["accepted", "accepted"], outcomes


def test_consolidated_workbook_saved_by_libreoffice_verifies(panel, resaved):
    report = verify_file(resaved["consolidated"])
    assert report.valid, report.reason
    assert read_consolidated_workbook(resaved["consolidated"]).final_count == \
        read_consolidated_workbook(panel / "consolidated.xlsx").final_count


def test_saved_again_by_libreoffice_and_by_openpyxl_still_verifies(resaved, lo_profile,
                                                                   tmp_path):
    for name in ("R01", "consolidated"):
        twice = resave(resaved[name], tmp_path / f"{name}-twice", lo_profile)
        wb = openpyxl.load_workbook(twice)
        wb.save(tmp_path / f"{name}-openpyxl.xlsx")
        back = resave(tmp_path / f"{name}-openpyxl.xlsx", tmp_path / f"{name}-back", lo_profile)
        for path in (twice, tmp_path / f"{name}-openpyxl.xlsx", back):
            report = verify_file(path)
            assert report.valid, (path.name, report.reason)


def test_edit_made_in_libreoffice_is_named_at_its_cell(panel, resaved, lo_profile, tmp_path):
    target = tmp_path / "edited" / "R01.xlsx"
    target.parent.mkdir()
    shutil.copyfile(resaved["R01"], target)
    row = _row_of(target, "Decisions", 12, lambda v: isinstance(v, str) and len(v) > 20)
    edit_shared_string_cell(target, "Decisions", f"L{row}", "Rationale rewritten later.")
    edited = resave(target, tmp_path / "saved", lo_profile)  # and saved by LibreOffice again
    with pytest.raises(SignedFileInvalid) as info:
        read_signed_workbook(edited)
    assert info.value.cell == f"Decisions!L{row}"
    assert f"Decisions!L{row} (Rationale, case PR-" in info.value.reason
    outcome, = _merge(panel, [edited], tmp_path)
    assert outcome.outcome == "refused" and f"Decisions!L{row}" in outcome.reason


def test_consolidated_edit_made_in_libreoffice_is_named(resaved, lo_profile, tmp_path):
    target = tmp_path / "edited" / "consolidated.xlsx"
    target.parent.mkdir()
    shutil.copyfile(resaved["consolidated"], target)
    edit_shared_string_cell(target, "Final decisions", "G2", "No formal action")
    edited = resave(target, tmp_path / "saved", lo_profile)
    report = verify_file(edited)
    assert not report.valid and report.cell == "Final decisions!G2", report.reason
    assert "Final category" in report.reason


@pytest.mark.parametrize("formula", ["1=0", "NOT(TRUE())", "M3"])
def test_a_formula_in_a_signed_cell_is_refused_and_named(resaved, tmp_path, formula):
    target = tmp_path / "R01.xlsx"
    shutil.copyfile(resaved["R01"], target)
    part = sheet_part(target, "Decisions")
    rewrite_part(target, part, lambda xml: re.sub(
        r'(<c r="M2"[^>]*><f aca="false">)\w+\(\)(</f>)', rf"\g<1>{formula}\g<2>", xml))
    with pytest.raises(SignedFileInvalid) as info:
        read_signed_workbook(target)
    assert info.value.cell == "Decisions!M2" and "formula" in info.value.reason

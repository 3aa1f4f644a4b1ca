"""``bundle create`` on lists with errors: rows left out in the open, conflicts that hold,
a standing roster reused, and every problem written where the coordinator asked."""

from __future__ import annotations

import csv
import json

import pytest

from main import main
from review.bundle.contents import read_bundle
from review.bundle.format import peek_manifest
from review.intake.cells import CaseListError
from tests.review.bundle.test_create import (PASSPHRASE, base, panel, spoil_cases,  # noqa: F401
                                             spoil_roster)


def test_rows_with_errors_are_left_out_and_listed_in_the_manifest(panel, tmp_path):
    spoil_cases(lambda r: (r[3].__setitem__(9, "soon"), r[8].__setitem__(13, "Other")))(panel)
    with pytest.raises(CaseListError):
        panel.create(tmp_path / "refused")
    assert not (tmp_path / "refused").exists()
    result = panel.create(tmp_path / "out", leave_out=True)
    left = [panel.data[2]["case_id"], panel.data[7]["case_id"]]
    manifest = peek_manifest(tmp_path / "out" / "panel.prb")
    assert manifest["left_out"] == [
        {"row": 4, "case_id": left[0], "kinds": ["not_a_date"]},
        {"row": 9, "case_id": left[1], "kinds": ["unknown_value"]}]
    whole = read_bundle(tmp_path / "out" / "panel.prb", panel.coordinator.fingerprint)
    assert {c.case_id for c in whole.contents.cases} == \
        {d["case_id"] for d in panel.data} - set(left)
    assert result.cases == len(panel.data) - 2
    assert [p.kind for p in result.warnings if p.kind == "row_left_out"] == ["row_left_out"] * 2
    assert not [a for a in result.assignments if a[0] in left]
    assert "left_out" not in peek_manifest(tmp_path / "out" / "R1.prb")


def test_a_conflict_in_another_spelling_holds_and_an_unknown_one_is_a_warning(panel, tmp_path):
    subject = panel.data[4]["subject_id"]
    spoil_roster(lambda r: r[2].__setitem__(3, f" {subject.lower()} ; S-NOBODY"))(panel)
    result = panel.create(tmp_path / "out")
    theirs = {d["case_id"] for d in panel.data if d["subject_id"] == subject}
    assert theirs and not [cid for cid, rid in result.assignments if rid == "R2" and cid in theirs]
    [warning] = [p for p in result.warnings if p.kind == "unknown_conflict"]
    assert (warning.file, warning.row, warning.column) == ("roster.csv", 3, "D")
    roster = read_bundle(tmp_path / "out" / "panel.prb").contents.roster
    assert [r.conflicts for r in roster if r.reviewer_id == "R2"] == [(subject, "S-NOBODY")]


def test_the_command_line_writes_every_problem_and_leaves_rows_out(panel, tmp_path, capsys,
                                                                      monkeypatch):
    monkeypatch.setenv("PANEL_REVIEW_PASSPHRASE", PASSPHRASE)
    panel.coordinator.save(tmp_path / "coordinator", PASSPHRASE)
    spoil_cases(lambda r: [row.__setitem__(9, "never") for row in r[1:50]])(panel)
    args = ["bundle", "create", "--cases", str(panel.cases), "--roster", str(panel.roster),
            "--identity", str(tmp_path / "coordinator"), "--plain", "--problems",
            str(tmp_path / "problems.csv")]
    assert main([*args, "--out", str(tmp_path / "refused")]) == 2
    err = capsys.readouterr().err
    assert "49 errors:" in err and "[not_a_date]: rows 2, 3, 4, 5, 6 ..." in err
    assert len(err.splitlines()) < 10
    with open(tmp_path / "problems.csv", encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    assert len([r for r in rows if r["Kind"] == "not_a_date"]) == 49
    assert main([*args, "--out", str(tmp_path / "out"), "--leave-out-rows-with-errors"]) == 0
    out = capsys.readouterr().out
    assert "Left out 49 rows with errors: rows 2, 3, 4" in out
    assert "11 cases" in out or "Cases:      11;" in out
    with open(tmp_path / "problems.csv", encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    assert len([r for r in rows if r["Kind"] == "row_left_out"]) == 49
    panel_file = json.loads((tmp_path / "out" / "panel.json").read_text())
    assert panel_file["bundle_id"]

"""``panel-review export`` and ``panel-review verify``: output and exit status."""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from review.errors import PanelReviewError
from review.identity import format_fingerprint
from tests.conftest import PASSPHRASE
from tests.exports.pdf import tamper as pdf_tamper

from exports.cli import register

ROOT = Path(__file__).resolve().parents[2]


def run(capsys, *argv) -> tuple[int, str, str]:
    """As main.main() does: PanelReviewError becomes its message and exit status."""
    parser = argparse.ArgumentParser(prog="panel-review")
    register(parser.add_subparsers())
    args = parser.parse_args([str(a) for a in argv])
    try:
        code = args.func(args)
    except PanelReviewError as exc:
        print(exc, file=sys.stderr)
        code = exc.exit_code
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture(autouse=True)
def passphrase(monkeypatch):
    monkeypatch.setenv("PANEL_REVIEW_PASSPHRASE", PASSPHRASE)


@pytest.fixture
def workspace_copy(decided_workspace, tmp_path) -> Path:
    target = tmp_path / "member.prw"
    shutil.copyfile(decided_workspace[0], target)
    return target


def test_export_then_verify_both_files(capsys, workspace_copy, member_identity_dir,
                                       member_identity, tmp_path, exported):
    pdf, xlsx = tmp_path / "out.pdf", tmp_path / "out.xlsx"
    code, out, err = run(capsys, "export", workspace_copy, "--identity", member_identity_dir,
                         "--pdf", pdf, "--xlsx", xlsx)
    assert code == 0 and err == ""
    assert f"Wrote {pdf}" in out and f"Wrote {xlsx}" in out
    assert format_fingerprint(member_identity.fingerprint) in out

    code, out, err = run(capsys, "verify", pdf, xlsx)
    assert code == 0 and err == ""
    assert out.count(": VALID") == 2
    assert out.count(f"Signer:      {member_identity.name}") == 2
    assert out.count(format_fingerprint(member_identity.fingerprint)) == 2
    assert out.count("Signed:      20") == 2 and "UTC" in out
    n, total = exported.data.decision_count, exported.data.case_count
    assert out.count(f"Decisions:   {n} of {total} cases") == 2


def test_verify_names_the_edited_cell_and_exits_1(capsys, xlsx_copy, exported):
    wb = openpyxl.load_workbook(xlsx_copy)
    wb["Decisions"]["F3"] = "No formal action" if wb["Decisions"]["F3"].value != \
        "No formal action" else "New assessment"
    wb.save(xlsx_copy)
    code, out, err = run(capsys, "verify", exported.xlsx, xlsx_copy)
    assert code == 1
    assert f"{xlsx_copy}: INVALID: Decisions!F3 (Panel category" in out
    assert "Edited cell: Decisions!F3" in out
    assert f"{exported.xlsx}: VALID" in out


def test_verify_rejects_a_drawn_over_pdf_with_a_reason(capsys, pdf_copy):
    pdf_copy.write_bytes(pdf_tamper.draw_over_first_page(pdf_copy.read_bytes()))
    code, out, err = run(capsys, "verify", pdf_copy)
    assert code == 1 and "INVALID: Content was added after signing" in out
    assert "Traceback" not in out + err


def test_verify_with_expected_signer(capsys, exported, other_identity, member_identity):
    code, out, _ = run(capsys, "verify", exported.pdf, "--signer", other_identity.fingerprint)
    assert code == 1 and "different certificate" in out
    code, out, _ = run(capsys, "verify", exported.pdf, "--signer",
                       format_fingerprint(member_identity.fingerprint))
    assert code == 0


@pytest.mark.parametrize("argv, message", [
    (["verify", "/nonexistent/file.pdf"], "There is no file"),
    (["verify", __file__], "neither a PDF nor an Excel workbook"),
    (["verify", __file__, "--signer", "not-a-fingerprint"], "not a certificate fingerprint"),
    (["export", "/nonexistent/w.prw", "--identity", "/nonexistent/id"], "signing identity"),
])
def test_bad_input_exits_2_with_a_sentence(capsys, argv, message):
    code, out, err = run(capsys, *argv)
    assert code == 2 and message in err and "Traceback" not in err


def test_wrong_passphrase_exits_2(capsys, workspace_copy, member_identity_dir, monkeypatch,
                                  tmp_path):
    monkeypatch.setenv("PANEL_REVIEW_PASSPHRASE", "not the passphrase")
    code, _, err = run(capsys, "export", workspace_copy, "--identity", member_identity_dir,
                       "--pdf", tmp_path / "x.pdf")
    assert code == 2 and "passphrase" in err and not (tmp_path / "x.pdf").exists()


def test_unreadable_and_invalid_files_together_exit_2(capsys, exported, tmp_path):
    damaged = tmp_path / "damaged.pdf"
    damaged.write_bytes(b"%PDF-1.7\nnot much of a pdf")
    code, out, err = run(capsys, "verify", exported.pdf, damaged, "/nonexistent.xlsx")
    assert code == 2 and "damaged.pdf: INVALID" in out and "There is no file" in err


def test_main_py_has_export_and_verify(exported):
    """End to end through main.py: needs the one line in main.build_parser (see exports/cli.py)."""
    proc = subprocess.run([sys.executable, str(ROOT / "main.py"), "verify", str(exported.pdf),
                           str(exported.xlsx)], capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.count(": VALID") == 2


def test_export_removes_what_a_killed_export_left_and_writes_private_files(
        capsys, workspace_copy, member_identity_dir, tmp_path):
    from review.atomic import TEMP_PREFIX
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    left = out_dir / f"{TEMP_PREFIX}{gone.pid}-abc"
    left.write_bytes(b"%PDF- a complete signed PDF from a killed export")
    pdf, xlsx = out_dir / "out.pdf", out_dir / "out.xlsx"
    code, _, err = run(capsys, "export", workspace_copy, "--identity", member_identity_dir,
                       "--pdf", pdf, "--xlsx", xlsx)
    assert code == 0 and err == ""
    assert sorted(p.name for p in out_dir.iterdir()) == ["out.pdf", "out.xlsx"]
    assert pdf.stat().st_mode & 0o777 == 0o600 and xlsx.stat().st_mode & 0o777 == 0o600

"""``workspace check WS --against EXPORT``: a workspace put back from an older copy is caught."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from review.workspace.database import Workspace
from tests.cli_helpers import run
from tests.conftest import PASSPHRASE

pytestmark = pytest.mark.usefixtures("cli_passphrase")


def _save_more(path: Path, n: int) -> None:
    """``n`` new versions: a draft rationale edited on the first ``n`` decided cases."""
    with Workspace.open(path, PASSPHRASE) as ws:
        for i, saved in enumerate(list(ws.decisions.all())[:n]):
            d = replace(saved.decision, status="draft",
                        rationale=saved.decision.rationale + f" Further note {i}.")
            assert ws.decisions.save(saved.case_id, d).new_version


def _count(path: Path) -> int:
    with Workspace.open(path, PASSPHRASE) as ws:
        return len(ws.decisions.history())


@pytest.fixture
def restored(decided_workspace, member_identity_dir, tmp_path, capsys):
    """(workspace, the older copy, the PDF and workbook exported between them)."""
    ws, old = tmp_path / "member.prw", tmp_path / "older copy.prw"
    shutil.copyfile(decided_workspace[0], ws)
    shutil.copyfile(ws, old)
    _save_more(ws, 3)
    pdf, xlsx = tmp_path / "out.pdf", tmp_path / "out.xlsx"
    code, _, err = run(capsys, "export", ws, "--identity", member_identity_dir,
                       "--pdf", pdf, "--xlsx", xlsx)
    assert code == 0, err
    return ws, old, pdf, xlsx


@pytest.mark.parametrize("kind", ["xlsx", "pdf"])
def test_the_exported_workspace_and_its_later_saves_extend_the_export(restored, capsys, kind):
    ws, _, pdf, xlsx = restored
    export = xlsx if kind == "xlsx" else pdf
    n = _count(ws)
    code, out, err = run(capsys, "workspace", "check", ws, "--against", export)
    assert (code, err) == (0, "")
    assert f"extends the export {export.name} ({n:,} \u2192 {n:,} versions)" in out
    _save_more(ws, 2)
    code, out, _ = run(capsys, "workspace", "check", ws, "--against", export)
    assert code == 0 and f"({n:,} \u2192 {n + 2:,} versions)" in out


@pytest.mark.parametrize("kind", ["xlsx", "pdf"])
def test_an_older_copy_put_back_does_not_extend_the_export(restored, capsys, kind):
    ws, old, pdf, xlsx = restored
    export = xlsx if kind == "xlsx" else pdf
    n = _count(ws)
    shutil.copyfile(old, ws)  # the older copy put back: its own chain is intact
    code, out, _ = run(capsys, "workspace", "check", ws)
    assert code == 0 and "History intact" in out
    code, out, err = run(capsys, "workspace", "check", ws, "--against", export)
    assert code == 1 and "Traceback" not in err
    assert f"does NOT extend the export {export.name}: the export has {n:,} versions" in out
    assert f"the workspace has only {n - 3:,}" in out
    assert "restored from an older copy or changed" in out


def test_a_copy_that_went_another_way_does_not_extend_the_export(restored, capsys):
    """As many versions as the export, but not the same ones: the head at N names it."""
    ws, old, _, xlsx = restored
    n = _count(ws)
    _save_more(old, 3)  # the older copy edited on its own, up to the export's count
    with Workspace.open(old, PASSPHRASE) as w:
        head_then = w.decisions.history()[n - 1].hash
    code, out, _ = run(capsys, "workspace", "check", old, "--against", xlsx)
    assert code == 1
    group = " ".join(head_then[i:i + 4] for i in range(0, 16, 4))
    assert f"the workspace at version {n:,} has {group}\u2026" in out


def test_an_edited_export_is_refused_before_any_comparison(restored, tmp_path, capsys):
    ws, _, _, xlsx = restored
    damaged = tmp_path / "damaged.xlsx"
    data = bytearray(xlsx.read_bytes())
    data[len(data) // 2] ^= 0x20
    damaged.write_bytes(bytes(data))
    code, out, err = run(capsys, "workspace", "check", ws, "--against", damaged)
    assert code == 1 and "damaged.xlsx is not a valid signed export" in err
    assert "extends" not in out


def test_a_sealed_return_opens_with_the_identity(restored, member_identity_dir,
                                                   other_identity_dir, capsys):
    ws, old, _, _ = restored
    code, out, err = run(capsys, "export", ws, "--identity", member_identity_dir,
                         "--seal-for", other_identity_dir / "cert.pem")
    assert code == 0, err
    sealed = next(ws.parent.glob("*.prs"))
    code, _, err = run(capsys, "workspace", "check", ws, "--against", sealed)
    assert code == 2 and "give --identity DIR" in err
    code, out, _ = run(capsys, "workspace", "check", ws, "--against", sealed,
                       "--identity", member_identity_dir)
    assert code == 0 and "extends the export" in out
    shutil.copyfile(old, ws)
    code, out, _ = run(capsys, "workspace", "check", ws, "--against", sealed,
                       "--identity", member_identity_dir)
    assert code == 1 and "does NOT extend" in out

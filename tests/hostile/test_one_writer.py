"""One writer per workspace file, whatever path leads to it.

The lock belongs to the database file itself, so a symlink, a hard link or
another spelling of the path is refused while another process, or this
one, holds the workspace.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from review.decisions import Decision
from review.errors import WorkspaceLocked
from review.workspace.database import Workspace
from tests.conftest import PASSPHRASE

ROOT = Path(__file__).resolve().parents[2]
HOLD = ("import sys, time; sys.path.insert(0, sys.argv[3]);"
        "from review.workspace.database import Workspace;"
        "ws = Workspace.open(sys.argv[1], sys.argv[2]); print('OPEN', flush=True); time.sleep(120)")


def _other_paths(path: Path) -> dict[str, Path]:
    symlink = path.with_name("via-symlink.prw")
    symlink.symlink_to(path)
    hardlink = path.with_name("via-hardlink.prw")
    os.link(path, hardlink)
    return {"symlink": symlink, "hard link": hardlink,
            "spelling": path.parent / ".." / path.parent.name / "." / path.name}


def test_another_process_holding_it_refuses_every_path(workspace):
    path = workspace.path
    workspace.close()
    others = _other_paths(path)
    proc = subprocess.Popen([sys.executable, "-c", HOLD, str(path), PASSPHRASE, str(ROOT)],
                            stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "OPEN"
        for how, other in [("same path", path), *others.items()]:
            with pytest.raises(WorkspaceLocked, match="already open"):
                Workspace.open(other, PASSPHRASE)
    finally:
        proc.kill()
        proc.wait()
    with Workspace.open(others["hard link"], PASSPHRASE) as ws:   # free once it is gone
        assert ws.case_ids()


def test_this_process_holding_it_refuses_every_path_and_keeps_saving(workspace):
    others = _other_paths(workspace.path)
    for other in others.values():
        with pytest.raises(WorkspaceLocked, match="already open"):
            Workspace.open(other, PASSPHRASE)
    # the refusals closed nothing of the open workspace's own
    cid = workspace.case_ids()[0]
    saved = workspace.decisions.save(cid, Decision(category="new_assessment", rationale="Kept."))
    assert saved.saved.version == 1
    workspace.decisions.check_history()


def test_a_copy_is_another_file_and_opens(workspace, tmp_path):
    import shutil
    workspace.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    copy = tmp_path / "copy.prw"
    shutil.copyfile(workspace.path, copy)
    with Workspace.open(copy, PASSPHRASE) as ws:
        assert ws.case_ids() == workspace.case_ids()

"""SIGKILL during an export's write phase and during a first open, at random moments.

After each kill the folder is cleaned as the next start of the app or the
command line cleans it; then no temporary file is left, the export's PDF and
workbook come from the same export, and the workspace opens (or, if the kill
came before it was finished, is made afresh) every time.
"""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from review.atomic import JOURNAL_PREFIX, TEMP_PREFIX, remove_stale_temp_files
from review.workspace.database import Workspace
from tests.conftest import PASSPHRASE
from tests.hostile import kill_child

CHILD = Path(__file__).with_name("kill_child.py")
TRIALS = 30


def _leftovers(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir()
            if p.name.startswith((TEMP_PREFIX, JOURNAL_PREFIX))]


def _start(*args: str) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, str(CHILD), *args], stdout=subprocess.PIPE,
                            text=True)
    assert proc.stdout.readline().strip() == "READY"
    return proc


def _kill(proc: subprocess.Popen) -> list[str]:
    proc.send_signal(signal.SIGKILL)
    out = proc.stdout.read().split("\n")
    proc.wait()
    return [line for line in out if line]


def test_an_export_killed_while_writing_leaves_a_matching_pair_and_no_temp_file(tmp_path):
    pdf, xlsx = kill_child.pair_files(tmp_path)
    for p in (pdf, xlsx):
        p.write_bytes(kill_child.content(0))
    rng = random.Random(15)
    mid_write = 0
    for trial in range(TRIALS):
        before = kill_child.generation_of(pdf)
        proc = _start("pair", str(tmp_path))
        time.sleep(rng.random() * 0.25)
        acked = [int(line.split()[1]) for line in _kill(proc) if line.startswith("W ")]
        mid_write += bool(_leftovers(tmp_path))
        remove_stale_temp_files(tmp_path)   # what the next start does
        assert _leftovers(tmp_path) == [], f"trial {trial}"
        assert kill_child.generation_of(pdf) == kill_child.generation_of(xlsx), f"trial {trial}"
        assert kill_child.generation_of(pdf) >= max(acked, default=before)
    assert mid_write > 0   # the kills did land inside writes
    assert sorted(p.name for p in tmp_path.iterdir()) == ["export.pdf", "export.xlsx"]


def test_a_first_open_killed_at_any_moment_opens_next_time(small_bundle, tmp_path):
    # How long a creation takes here, so that the kills spread over all of it.
    start = time.monotonic()
    Workspace.create(tmp_path / "timing.prw", PASSPHRASE, small_bundle).close()
    span = time.monotonic() - start
    rng = random.Random(4)
    outcomes = {"finished": 0, "not made": 0}
    for trial in range(TRIALS):
        folder = tmp_path / f"t{trial}"
        folder.mkdir()
        path = folder / "member.prw"
        proc = _start("create", str(path), PASSPHRASE, str(small_bundle))
        time.sleep(rng.random() * span * 1.2)
        _kill(proc)
        remove_stale_temp_files(folder)
        assert _leftovers(folder) == [], f"trial {trial}"
        if path.exists():
            outcomes["finished"] += 1
            ws = Workspace.open(path, PASSPHRASE)
        else:
            outcomes["not made"] += 1
            ws = Workspace.create(path, PASSPHRASE, small_bundle)
        with ws:
            assert len(ws.case_ids()) > 0, f"trial {trial}"
        assert sorted(p.name for p in folder.iterdir()) == ["member.prw"], f"trial {trial}"
    assert outcomes["not made"] > 0   # the kills did land during creation


def test_making_a_workspace_clears_what_a_killed_one_left_beside_it(small_bundle, tmp_path):
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    for suffix in (".prw", ".prw-wal", ".prw-shm"):
        (tmp_path / f"{TEMP_PREFIX}{gone.pid}-abc{suffix}").write_bytes(b"encrypted, unfinished")
    with Workspace.create(tmp_path / "member.prw", PASSPHRASE, small_bundle):
        pass
    assert sorted(p.name for p in tmp_path.iterdir()) == ["member.prw"]


def test_an_unfinished_workspace_from_an_older_version_says_what_to_do(tmp_path):
    from review.errors import WorkspaceError
    from review.workspace import encrypted, schema
    path = tmp_path / "member.prw"
    db = encrypted.connect(path, PASSPHRASE, create=True)
    schema.migrate(db, path)   # the tables, but killed before the bundle went in
    db.close()
    with pytest.raises(WorkspaceError, match="was never finished.*Delete it, then open the "
                                             "bundle again"):
        Workspace.open(path, PASSPHRASE)

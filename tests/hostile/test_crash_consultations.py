"""SIGKILL while opening cases and saving: nothing acknowledged is lost, the file stays sound.

The decision side has its own trials (tests/review/workspace/test_crash_safety.py) and
the benchmark runs hundreds (bench/); these few add the consultation log and
a second opener, so CI stays fast.
"""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from review.errors import WorkspaceLocked
from review.workspace.database import Workspace
from tests.conftest import PASSPHRASE

CHILD = Path(__file__).parents[1] / "review" / "workspace" / "crash_child.py"  # with "consult"


@pytest.mark.parametrize("trial", range(3))
def test_sigkill_keeps_acknowledged_consultations_and_decisions(workspace, trial):
    path = workspace.path
    workspace.close()
    proc = subprocess.Popen([sys.executable, str(CHILD), str(path), PASSPHRASE, "consult"],
                            stdout=subprocess.PIPE, text=True)
    rng = random.Random(1000 + trial)
    last_seq, decided = 0, {}
    deadline = time.monotonic() + 60
    try:
        for _ in range(rng.randint(10, 80)):
            line = proc.stdout.readline()
            assert line, "the child stopped before it was killed"
            parts = line.split()
            if parts[0] == "C":
                last_seq = int(parts[1])
            else:
                decided[parts[1]] = int(parts[2])
            assert time.monotonic() < deadline
        # while it runs, a second opener is refused politely
        with pytest.raises(WorkspaceLocked, match="already open"):
            Workspace.open(path, PASSPHRASE)
        time.sleep(rng.random() * 0.03)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    with Workspace.open(path, PASSPHRASE) as ws:
        assert ws.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        ws.decisions.check_history()
        seqs = [c.seq for c in ws.consultations()]
        assert seqs == list(range(1, len(seqs) + 1)) and len(seqs) >= last_seq
        for cid, version in decided.items():
            assert ws.decisions.get(cid).version >= version

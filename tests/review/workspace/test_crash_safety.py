"""A killed process loses no acknowledged decision and leaves a sound chain."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from review.workspace.database import Workspace
from tests.conftest import PASSPHRASE

CHILD = Path(__file__).with_name("crash_child.py")


@pytest.mark.parametrize("trial", range(5))
def test_sigkill_during_saves_loses_nothing_acknowledged(workspace, trial):
    path = workspace.path
    workspace.close()
    proc = subprocess.Popen([sys.executable, str(CHILD), str(path), PASSPHRASE],
                            stdout=subprocess.PIPE, text=True)
    acked: dict[str, tuple[int, int]] = {}  # case id → (version, revision) last acknowledged
    wanted = random.Random(trial).randint(5, 60)
    deadline = time.monotonic() + 60
    for _ in range(wanted):
        line = proc.stdout.readline()
        assert line, "the child stopped before it was killed"
        _, cid, version, i = line.split()
        acked[cid] = (int(version), int(i))
        assert time.monotonic() < deadline
    time.sleep(random.Random(trial).random() * 0.05)  # land somewhere inside a save
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    with Workspace.open(path, PASSPHRASE) as ws:
        assert ws.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        ws.decisions.check_history()
        for cid, (version, i) in acked.items():
            saved = ws.decisions.get(cid)
            assert saved is not None and saved.version >= version
            texts = [e.decision["rationale"] for e in ws.decisions.history(cid)]
            assert any(t.startswith(f"Revision {i}:") for t in texts)


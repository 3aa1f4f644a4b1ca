"""Nothing readable by other accounts, and no core dump (POSIX; the limits on Linux).

The command line is run as a real process under a permissive umask, as a
member's shell might have it; every file it makes must still be 0600.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from review.decisions import Decision
from tests.conftest import PASSPHRASE

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(os.name != "posix", reason="file modes and limits are POSIX")


def _cli(*argv: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PANEL_REVIEW_PASSPHRASE": PASSPHRASE}
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *map(str, argv)], env=env,
                          capture_output=True, text=True, timeout=300,
                          preexec_fn=lambda: os.umask(0o022))


def _modes(folder: Path) -> dict[str, int]:
    return {str(p.relative_to(folder)): p.stat().st_mode & 0o777
            for p in folder.rglob("*") if p.is_file()}


def test_bundles_identities_workspaces_and_exports_are_private(tmp_path):
    assert _cli("identity", "create", "--name", "A Member", "--out", tmp_path / "id").returncode == 0
    assert _cli("bundle", "demo", tmp_path / "b.prb", "--cases", "12").returncode == 0
    made = _cli("workspace", "open", tmp_path / "b.prb", "--workspace", tmp_path / "w.prw")
    assert made.returncode == 0, made.stderr
    out = _cli("export", tmp_path / "w.prw", "--identity", tmp_path / "id",
               "--pdf", tmp_path / "e.pdf", "--xlsx", tmp_path / "e.xlsx")
    assert out.returncode == 0, out.stderr
    modes = _modes(tmp_path)
    assert sorted(modes) == ["b.prb", "e.pdf", "e.xlsx", "id/cert.pem", "id/identity.json",
                             "id/key.pem", "w.prw"]
    assert {name: oct(m) for name, m in modes.items() if m != 0o600} == {}


def test_the_process_turns_off_core_dumps_and_opens_files_privately():
    probe = ("import os, resource, sys; sys.path.insert(0, sys.argv[1]);"
             "from review.process_guard import guard_process, dumpable;"
             "done = guard_process();"
             "print(resource.getrlimit(resource.RLIMIT_CORE), dumpable(), oct(os.umask(0)),"
             " sorted(k for k, v in done.items() if v))")
    out = subprocess.run([sys.executable, "-c", probe, str(ROOT)], capture_output=True,
                         text=True, check=True, preexec_fn=lambda: os.umask(0o022)).stdout
    limits, rest = out.split(")", 1)
    assert limits == "(0, 0"
    dump, umask, *_ = rest.split()
    assert umask == "0o77"
    if sys.platform.startswith("linux"):
        assert dump == "0"
        assert "not dumpable" in rest


def test_main_guards_the_process_before_it_runs_a_command(monkeypatch):
    import main
    calls = []
    monkeypatch.setattr("review.process_guard.guard_process", lambda: calls.append(1) or {})
    with pytest.raises(SystemExit):
        main.main(["--version"])
    assert calls == [1]


def test_files_made_in_this_process_are_private_under_any_umask(small_bundle, tmp_path):
    from review.identity import Identity
    from review.workspace.database import Workspace
    old = os.umask(0o022)
    try:
        Identity.generate("A Member").save(tmp_path / "id", PASSPHRASE)
        with Workspace.create(tmp_path / "w.prw", PASSPHRASE, small_bundle) as ws:
            ws.decisions.save(ws.case_ids()[0], Decision(
                category="new_assessment", rationale="A saved decision."))
            # SQLite's write log and shared memory, while they exist
            modes = _modes(tmp_path)
    finally:
        os.umask(old)
    assert "w.prw-wal" in modes
    assert {name: oct(m) for name, m in modes.items() if m != 0o600} == {}

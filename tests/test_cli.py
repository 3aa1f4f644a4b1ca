"""The headless interface: exit statuses and sentences, never tracebacks."""

from __future__ import annotations

import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

import main
from tests.cli_helpers import run

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.usefixtures("cli_passphrase")


@pytest.fixture(scope="module")
def full_demo(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("full") / "x.prb"
    assert main.main(["bundle", "demo", str(path)]) == 0
    return path


def test_full_demo_verifies_with_the_published_split(full_demo, capsys):
    code, out, _ = run(capsys, "bundle", "verify", full_demo)
    assert code == 0
    assert "1,131 (246 no formal action / 689 new assessment / 196 formal risk management)" in out
    assert "VALID" in out


def test_corrupting_bytes_of_the_full_demo_fails_verification(full_demo, tmp_path, capsys):
    data = full_demo.read_bytes()
    n = len(data)
    positions = {0, 1, n // 2, n - 1, n - 9, n - 16, n - 200, n - 1000}
    positions |= set(random.Random(1).sample(range(n), 40))
    for pos in sorted(positions):
        damaged = bytearray(data)
        damaged[pos] ^= 0x20
        target = tmp_path / "damaged.prb"
        target.write_bytes(bytes(damaged))
        code, out, err = run(capsys, "bundle", "verify", target)
        assert code == 1, f"byte {pos} flipped went unnoticed"
        assert err.strip().endswith(".") and "Traceback" not in err and "VALID" not in out


def test_workspace_open_shows_all_cases_then_is_idempotent(full_demo, tmp_path, capsys):
    ws = tmp_path / "w.prw"
    code, out, _ = run(capsys, "workspace", "open", full_demo, "--workspace", ws)
    assert code == 0 and "1,131" in out and "created" in out
    code, out, _ = run(capsys, "workspace", "open", full_demo, "--workspace", ws)
    assert code == 0 and "nothing changed" in out
    code, out, _ = run(capsys, "simulate", ws)
    assert code == 0 and "chain intact" in out
    code, out, _ = run(capsys, "workspace", "check", ws)
    assert code == 0 and "History intact" in out


def test_wrong_passphrase_exit_2_with_sentence(small_bundle, tmp_path, capsys, monkeypatch):
    ws = tmp_path / "w.prw"
    assert run(capsys, "workspace", "open", small_bundle, "--workspace", ws)[0] == 0
    monkeypatch.setenv(main.PASSPHRASE_ENV, "not the passphrase")
    code, _, err = run(capsys, "workspace", "check", ws)
    assert code == 2 and "passphrase does not open" in err and "ERROR" not in err


def test_foreign_signer_is_refused(small_bundle, capsys):
    other = "AB" * 32
    code, _, err = run(capsys, "bundle", "verify", small_bundle, "--coordinator", other)
    assert code == 1 and "not by the coordinator expected" in err


def test_identity_create_and_show(tmp_path, capsys):
    code, out, _ = run(capsys, "identity", "create", "--name", "Dr B Example", "--out", tmp_path / "id")
    assert code == 0 and "Fingerprint:" in out
    fp = out.split("Fingerprint:")[1].strip()
    code, out, _ = run(capsys, "identity", "show", tmp_path / "id")
    assert code == 0 and "Dr B Example" in out and fp in out


@pytest.mark.parametrize("argv", [
    ["bundle", "verify", "/nonexistent/x.prb"],
    ["identity", "show", "/nonexistent"],
    ["workspace", "check", "/nonexistent.prw"],
    ["bundle", "demo", "out.prb", "--cases", "0"],
])
def test_bad_input_is_exit_2(capsys, argv):
    code, _, err = run(capsys, *argv)
    assert code == 2 and err.strip() and "Traceback" not in err


def test_per_member_demo_bundles_are_balanced(tmp_path, capsys):
    code, out, _ = run(capsys, "bundle", "demo", tmp_path / "panel", "--cases", "60",
                       "--reviewers", "4", "--per-case", "2")
    assert code == 0
    from review.bundle.contents import read_bundle
    bundles = [read_bundle(p) for p in sorted((tmp_path / "panel").glob("*.prb"))]
    sizes = [len(b.contents.cases) for b in bundles]
    assert len(bundles) == 4 and sum(sizes) == 120 and max(sizes) - min(sizes) <= 1
    assert len({b.contents.bundle_id for b in bundles}) == 1
    for b in bundles:
        assert {a[1] for a in b.contents.assignments} == {b.contents.member_id}


def test_demo_is_byte_for_byte_deterministic(tmp_path, capsys):
    for name in ("a.prb", "b.prb"):
        assert run(capsys, "bundle", "demo", tmp_path / name, "--cases", "30", "--seed", "5")[0] == 0
    assert (tmp_path / "a.prb").read_bytes() == (tmp_path / "b.prb").read_bytes()


def test_console_script_entry_point_runs_headless():
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.run([sys.executable, str(ROOT / "main.py"), "bundle", "verify", "/nope.prb"],
                          capture_output=True, text=True, env=env, timeout=60)
    assert proc.returncode == 2 and "cannot be read" in proc.stderr

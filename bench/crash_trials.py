"""Crash safety: SIGKILL the save path at random moments, then check everything.

Each trial starts ``bench/crash_child.py`` on a workspace (1,131 cases),
lets it acknowledge a random number of saves (0 to 40; with 0 the kill can
land while the workspace is still opening), waits a random fraction of a
save more so the kill lands anywhere inside one, and kills it with SIGKILL.
Then the workspace is reopened and checked:

* every acknowledged save is in the history with its version and text, and
  each case's current decision is at least that version;
* ``PRAGMA integrity_check`` is ok;
* the history chain verifies (``DecisionStore.check_history``).

Trials run in two lanes, each on its own workspace that keeps every earlier
trial's history, so later trials also reopen after earlier crashes.

Two more kinds of kill follow (``tests/hostile/kill_child.py`` is the child):

* export kills: the export's write phase (the PDF and workbook written as a
  pair, 3 MB each) killed at a random moment; after the clean-up the next
  start does, no temporary file or journal is left and both files come from
  the same export;
* first-open kills: making a workspace from a bundle killed at a random
  moment; after the clean-up the workspace opens, or is absent and is made
  afresh, every time.

    python bench/crash_trials.py [--trials N] [--kills N] [--quick]
"""

from __future__ import annotations

import random
import shutil
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import (PASSPHRASE, SMALL, Row, copy_workspace, median, say, table,  # noqa: E402
                     work_dir, workspace)

CHILD = Path(__file__).with_name("crash_child.py")
LANES = 2


@dataclass
class Lane:
    path: Path
    acked: dict[str, tuple[int, str]] = field(default_factory=dict)  # case → (version, revision)
    all_acked: list[tuple[str, int, str]] = field(default_factory=list)
    trials: int = 0
    saves: int = 0
    failures: list[str] = field(default_factory=list)
    kill_points: list[str] = field(default_factory=list)
    trial_times: list[float] = field(default_factory=list)


def one_trial(lane: Lane, trial: str, rng: random.Random) -> None:
    from review.workspace.database import Workspace
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, str(CHILD), str(lane.path), PASSPHRASE, trial],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    wanted = rng.choice([0] * 2 + list(range(1, 41)))
    got = 0
    try:
        if wanted == 0:
            time.sleep(rng.random() * 0.6)  # anywhere in start-up, opening, the first saves
        else:
            line = proc.stdout.readline()  # OPEN
            while got < wanted:
                line = proc.stdout.readline()
                if not line:
                    raise RuntimeError("the child stopped before it was killed")
                if line.startswith("ACK"):
                    _, cid, version, rev = line.split()
                    lane.acked[cid] = (int(version), rev)
                    lane.all_acked.append((cid, int(version), rev))
                    got += 1
            time.sleep(rng.random() * 0.004)  # land somewhere inside the next save
    finally:
        proc.send_signal(signal.SIGKILL)
        out, _ = proc.communicate()
    # Lines the child printed before dying were acknowledged too.
    for line in (out or "").splitlines():
        if line.startswith("ACK"):
            _, cid, version, rev = line.split()
            lane.acked[cid] = (int(version), rev)
            lane.all_acked.append((cid, int(version), rev))
            got += 1
    lane.saves += got
    lane.kill_points.append("opening" if wanted == 0 else "saving")
    try:
        with Workspace.open(lane.path, PASSPHRASE) as ws:
            ok = ws.db.execute("PRAGMA integrity_check").fetchone()[0]
            if ok != "ok":
                raise AssertionError(f"integrity_check: {ok}")
            ws.decisions.check_history()
            texts = {(e.case_id, e.version): e.payload for e in ws.decisions.history()}
            for cid, version, rev in lane.all_acked:
                payload = texts.get((cid, version))
                if payload is None or f"Revision {rev}:" not in payload:
                    raise AssertionError(f"acknowledged save {cid} v{version} ({rev}) is missing")
            for cid, (version, _) in lane.acked.items():
                saved = ws.decisions.get(cid)
                if saved is None or saved.version < version:
                    raise AssertionError(f"{cid}: current version below acknowledged v{version}")
    except Exception as exc:  # noqa: BLE001 - every failure is reported, not raised
        lane.failures.append(f"trial {trial}: {type(exc).__name__}: {exc}")
    lane.trials += 1
    lane.trial_times.append(time.perf_counter() - t0)


def run_trials(trials: int, seed: int = 0, required: int = 200) -> Row:
    folder = work_dir()
    try:
        lanes = [Lane(copy_workspace(workspace(SMALL, decided=False), folder, f"lane{k}.prw"))
                 for k in range(LANES)]
        say(f"[crash] {trials} SIGKILL trials in {LANES} lanes ...")
        t = time.perf_counter()

        def work(k: int) -> None:
            rng = random.Random(f"{seed}:{k}")
            for j in range(k, trials, LANES):
                one_trial(lanes[k], f"t{j}", rng)
                if (j + 1) % 50 == 0:
                    say(f"[crash] {j + 1} trials")

        threads = [threading.Thread(target=work, args=(k,)) for k in range(LANES)]
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        elapsed = time.perf_counter() - t
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    done = sum(l.trials for l in lanes)
    failures = [f for l in lanes for f in l.failures]
    saves = sum(l.saves for l in lanes)
    opening = sum(p == "opening" for l in lanes for p in l.kill_points)
    return Row("Crash trials (SIGKILL in the save path)", f"{SMALL:,}", "trials passed",
               done - len(failures), unit="n", target=f"all pass, >= {required} trials",
               met=not failures and done >= required,
               note=(f"{done} trials in {elapsed:.0f} s (median {median([x for l in lanes for x in l.trial_times]):.2f} s), "
                     f"{saves:,} acknowledged saves checked, {opening} kills during opening; "
                     "each: every acknowledged save present, integrity_check ok, chain intact"
                     + (f"; FAILURES: {failures[:3]}" if failures else "")))


KILL_CHILD = Path(__file__).resolve().parents[1] / "tests" / "hostile" / "kill_child.py"
OPEN_CASES = 200   # the first-open bundle: big enough that a kill lands in every stage


def _leftovers(folder: Path) -> list[str]:
    from review.atomic import JOURNAL_PREFIX, TEMP_PREFIX
    return [p.name for p in folder.iterdir() if p.name.startswith((TEMP_PREFIX, JOURNAL_PREFIX))]


def _kill_child(args: list[str], wait: float) -> str:
    proc = subprocess.Popen([sys.executable, str(KILL_CHILD), *args], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True)
    if proc.stdout.readline().strip() != "READY":
        raise RuntimeError("the child did not start")
    time.sleep(wait)
    proc.send_signal(signal.SIGKILL)
    out, _ = proc.communicate()
    return out


def export_kills(trials: int, seed: int = 0) -> Row:
    sys.path.insert(0, str(KILL_CHILD.parent))
    import kill_child
    from review.atomic import remove_stale_temp_files
    folder = work_dir()
    rng, failures, mid_write = random.Random(f"export:{seed}"), [], 0
    t = time.perf_counter()
    try:
        pdf, xlsx = kill_child.pair_files(folder)
        for p in (pdf, xlsx):
            p.write_bytes(kill_child.content(0))
        for j in range(trials):
            before = kill_child.generation_of(pdf)
            out = _kill_child(["pair", str(folder)], rng.random() * 0.25)
            acked = [int(x.split()[1]) for x in out.splitlines() if x.startswith("W ")]
            mid_write += bool(_leftovers(folder))
            remove_stale_temp_files(folder)
            now = (kill_child.generation_of(pdf), kill_child.generation_of(xlsx))
            if _leftovers(folder) or now[0] != now[1] or now[0] < max(acked, default=before):
                failures.append(f"trial {j}: left {_leftovers(folder)}, generations {now}")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return Row("Crash trials (SIGKILL in an export's write phase)", "-", "trials passed",
               trials - len(failures), unit="n", target=f"all pass, >= {trials} trials",
               met=not failures,
               note=(f"{trials} kills in {time.perf_counter() - t:.0f} s, {mid_write} inside a "
                     "write; each: no temporary file or journal left, PDF and workbook from "
                     "the same export" + (f"; FAILURES: {failures[:3]}" if failures else "")))


def first_open_kills(trials: int, seed: int = 0) -> Row:
    from review.atomic import remove_stale_temp_files
    from review.demo.bundle import build_demo_bundles
    from review.workspace.database import Workspace
    folder = work_dir()
    rng, failures, unfinished = random.Random(f"open:{seed}"), [], 0
    t = time.perf_counter()
    try:
        bundle = folder / "bundle.prb"
        build_demo_bundles(bundle, cases=OPEN_CASES, seed=1)
        t0 = time.perf_counter()
        Workspace.create(folder / "timing.prw", PASSPHRASE, bundle).close()
        span = time.perf_counter() - t0
        for j in range(trials):
            sub = folder / f"t{j}"
            sub.mkdir()
            path = sub / "member.prw"
            _kill_child(["create", str(path), PASSPHRASE, str(bundle)], rng.random() * span * 1.2)
            remove_stale_temp_files(sub)
            try:
                if path.exists():
                    ws = Workspace.open(path, PASSPHRASE)
                else:
                    unfinished += 1
                    ws = Workspace.create(path, PASSPHRASE, bundle)
                with ws:
                    if len(ws.case_ids()) != OPEN_CASES:
                        raise AssertionError(f"{len(ws.case_ids())} cases")
                if sorted(p.name for p in sub.iterdir()) != ["member.prw"]:
                    raise AssertionError(f"left {sorted(p.name for p in sub.iterdir())}")
            except Exception as exc:  # noqa: BLE001 - every failure is reported, not raised
                failures.append(f"trial {j}: {type(exc).__name__}: {exc}")
            shutil.rmtree(sub, ignore_errors=True)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return Row("Crash trials (SIGKILL during a first open)", f"{OPEN_CASES:,}", "trials passed",
               trials - len(failures), unit="n", target=f"all pass, >= {trials} trials",
               met=not failures,
               note=(f"{trials} kills in {time.perf_counter() - t:.0f} s, {unfinished} before "
                     "the workspace was finished; each: the next open succeeds, nothing else "
                     "left in the folder" + (f"; FAILURES: {failures[:3]}" if failures else "")))


def main() -> None:
    import argparse
    p = argparse.ArgumentParser()
    p.add_argument("--trials", type=int, default=None)
    p.add_argument("--kills", type=int, default=30, help="export kills and first-open kills")
    p.add_argument("--quick", action="store_true")
    a = p.parse_args()
    n = a.trials or (30 if a.quick else 200)
    print(table([run_trials(n, required=n if a.quick else 200), export_kills(a.kills),
                 first_open_kills(a.kills)]))


if __name__ == "__main__":
    main()

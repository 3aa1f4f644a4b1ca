"""Every benchmark, one table: ``python bench/run.py [--quick] [--only NAMES] [--json FILE]``.

Runs, in this order: the window (cold start, case switch, sort, filter,
search, scrolling, memory) at 1,131 and 100,000 cases; decision saves; the
signed PDF and Excel exports of 1,131 cases; bundle create and the merge of
20 exports; and the SIGKILL crash trials.  Each figure is printed with its
raw-library floor measured in the same run and the ratio, and the target
where the issue sets one.  ``--quick`` skips 100,000 cases, repeats less and
runs 30 crash trials instead of 200.

Fixtures are built on first use through the project's own code and cached
(see bench/_common.py; ~5 minutes the first time, mostly the 100,000-case
workspace); later runs take ~12 minutes, ``--quick`` ~3.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import BIG, SMALL, Row, floors_legend, rows_to_json, say, table  # noqa: E402

PARTS = ["gui", "saves", "exports", "panel", "crash"]


def run_part(name: str, scales: list[int], quick: bool) -> list[Row]:
    if name == "gui":
        import gui
        return gui.run(scales, quick)
    if name == "saves":
        import saves
        return saves.run(scales, quick)
    if name == "exports":
        import exports_bench
        return exports_bench.run(quick)
    if name == "panel":
        import panel
        return panel.run(scales, quick)
    if name == "crash":
        import crash_trials
        n = 30 if quick else 200
        return [crash_trials.run_trials(n, required=n), crash_trials.export_kills(30),
                crash_trials.first_open_kills(30)]
    raise ValueError(name)


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--quick", action="store_true",
                   help="1,131 cases only, fewer repetitions, 30 crash trials")
    p.add_argument("--only", default=",".join(PARTS),
                   help=f"comma-separated parts to run (default: all of {','.join(PARTS)})")
    p.add_argument("--json", type=Path, help="also write the rows as JSON to this file")
    a = p.parse_args()
    scales = [SMALL] if a.quick else [SMALL, BIG]
    parts = [x.strip() for x in a.only.split(",") if x.strip()]
    started = time.perf_counter()
    rows: list[Row] = []
    for part in parts:
        t = time.perf_counter()
        try:
            rows += run_part(part, scales, a.quick)
        except Exception as exc:  # noqa: BLE001 - one broken part must not hide the rest
            rows.append(Row(f"{part}: FAILED", "-", "-", None, met=False,
                            note=f"{type(exc).__name__}: {exc}"[:400]))
        say(f"[run] {part} done in {time.perf_counter() - t:.0f} s")
        if a.json:  # keep what is done, should a later part fail or be stopped
            a.json.write_text(json.dumps({"header": "partial", "rows": rows_to_json(rows)},
                                         indent=1))
    elapsed = time.perf_counter() - started
    header = (f"Panel Review benchmarks, {dt.datetime.now():%Y-%m-%d %H:%M} "
              f"({'quick' if a.quick else 'full'}; {elapsed / 60:.1f} min; "
              f"{platform.python_implementation()} {platform.python_version()}, "
              f"{os.cpu_count()} CPUs, {platform.system()} {platform.release()})")
    print(header)
    print()
    print(table(rows))
    print()
    print(floors_legend(rows))
    targets = [r for r in rows if r.met is not None]
    missed = [r for r in targets if not r.met]
    print()
    print(f"Targets met: {len(targets) - len(missed)} of {len(targets)}"
          + ("" if not missed else "; missed: " + "; ".join(
              f"{r.bench} ({r.cases}, {r.measure})" for r in missed)))
    if a.json:
        a.json.write_text(json.dumps({"header": header, "rows": rows_to_json(rows)}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())

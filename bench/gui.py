"""The window: cold start, case switch, sort, filter, search, scrolling and memory.

Every figure comes from a fresh offscreen process (``bench/gui_child.py``,
QT_QPA_PLATFORM=offscreen, its own PANEL_REVIEW_HOME), the app and the floor
alternately, on a copy of the cached workspace.

* Cold start: spawn → the case list filled, the first case shown and the
  window painted (``ui.app.start(WS)`` with the passphrase answered, i.e.
  interpreter start, imports, window, key derivation, the list query, the
  first case).  Floor: a bare QMainWindow + QTableView (+ a QTextEdit) over a
  minimal model of the same rows read by one raw SQLCipher query (key
  derivation included) from the same file.
* Case switch: select the next row → ``case_shown`` → its layout requests →
  synchronous repaint of the whole window (the case is read on the database
  thread, with its history, linked cases and the consultation-log commit, or
  taken from what was read ahead); between switches, untimed, the database
  thread finishes its queue.  Floor: select a row in the bare table, one raw
  SELECT of the case, set the text, repaint.
* Sort / filter: header sort of 6 columns both ways; 6 filter combos set and
  cleared; each followed by a synchronous repaint of the list pane.  Floor:
  a Python list sort / list comprehension over plain tuples + repaint.
* Search: the app's path without the typing pause (query on the database
  thread, FTS5 unranked, hits applied as a filter, list repainted), 5 queries
  from 2% to 94% of cases.  Floor: the raw FTS5 MATCH (no ranking) plus its
  hits applied to the bare table and painted.
* Scrolling: 200 jumps spread over the whole list plus 60 three-line steps,
  each a synchronous viewport repaint; then RSS (current and peak).

    python bench/gui.py [--quick]
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import (SMALL, Row, cases_label, copy_workspace, floors_legend, median, p95,  # noqa: E402
                     parse_args, say, table, work_dir, workspace)

CHILD = Path(__file__).with_name("gui_child.py")
FRAME = 1 / 60
SEARCH_FLOOR = ("raw FTS5 MATCH (no ranking) on the same file + its hits applied to the bare "
                "table + repaint")


def spawn(mode: str, ws: Path, home: Path, *extra: str, timeout: float = 900) -> tuple[float, dict]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PANEL_REVIEW_HOME=str(home))
    # An installed app runs from compiled bytecode (pip compiles on install); with
    # PYTHONDONTWRITEBYTECODE set, the warm-up runs could not write it and every cold
    # start would compile the project's modules again (~0.1 s the floor never pays).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    err = tempfile.TemporaryFile()
    t = time.perf_counter()
    proc = subprocess.Popen([sys.executable, str(CHILD), mode, str(ws), *extra],
                            stdout=subprocess.PIPE, stderr=err, text=True, env=env)
    payload = None
    for line in proc.stdout:
        if line.startswith(("READY ", "RESULT ")):
            wall = time.perf_counter() - t
            payload = json.loads(line.split(" ", 1)[1])
            break
    proc.wait(timeout=timeout)
    if payload is None:
        err.seek(0)
        raise RuntimeError(f"{mode} failed:\n{err.read().decode(errors='replace')[-3000:]}")
    return wall, payload


def cold_start(scale: int, runs: int, folder: Path) -> list[Row]:
    ws = copy_workspace(workspace(scale), folder, f"cold-{scale}.prw")
    home = folder / "home"
    spawn("cold-floor", ws, home)  # warm the disk cache and Python's bytecode cache
    spawn("cold-app", ws, home)
    app, floor, rss, floor_rss, marks, libs = [], [], [], [], [], set()
    for i in range(runs):
        say(f"[gui] cold start, {scale:,} cases, run {i + 1} of {runs}")
        w, p = spawn("cold-app", ws, home)
        app.append(w)
        rss.append(p["rss"])
        marks.append(p["marks"])
        libs.update(p["export_libs"])
        w, p = spawn("cold-floor", ws, home)
        floor.append(w)
        floor_rss.append(p["rss"])
    m = {k: median([x[k] for x in marks if k in x]) for k in marks[0]}
    phases = ", ".join(f"{k.replace('_', ' ')} {v:.2f}" for k, v in m.items())
    c = cases_label(scale)
    target = scale == SMALL
    return [
        Row("Cold start to a usable case list", c, "median", median(app), floor=median(floor),
            floor_what="bare QMainWindow + QTableView over the same rows from one raw "
                       "SQLCipher query (key derivation included), painted",
            target="<= 1.0 s" if target else "", met=median(app) <= 1.0 if target else None,
            note=f"in-process marks (s after interpreter start): {phases}; export libraries "
                 f"imported at start: {', '.join(sorted(libs)) or 'none'}"),
        Row("RSS after cold start", c, "median", median(rss), unit="MB",
            floor=median(floor_rss), floor_what="bare window process, same rows"),
    ]


def interactive(scale: int, folder: Path) -> list[Row]:
    ws = copy_workspace(workspace(scale), folder, f"ui-{scale}.prw")
    home = folder / "home"
    say(f"[gui] case switch, sort, filter, search, scroll at {scale:,} cases (app)")
    _, a = spawn("interactive-app", ws, home, "40")
    say("[gui] the same on the bare window (floor)")
    _, f = spawn("interactive-floor", ws, home, "40")
    c = cases_label(scale)
    small = scale == SMALL
    sort_t, filt_t = (0.1, 0.1) if small else (0.5, 0.5)
    search_t = 0.05 if small else 0.3
    per_query = {q: median(v) for q, v in a["search"].items()}
    sql_q = {q: median(v) for q, v in a["search_sql"].items()}
    floor_q = {q: median(v) for q, v in f["search_sql"].items()}
    # The floor does what the app does: the raw MATCH, then its hits applied and
    # painted (the two are timed apart in the floor process and added here).
    floor_search = {q: median(v) + floor_q[q] for q, v in f["search_painted"].items()}
    worst = max(per_query, key=per_query.get)
    hits = ", ".join(f"'{q}' {a['search_hits'][q]:,}" for q in per_query)
    rows = [
        Row("Case switch", c, "median", median(a["switch"]), floor=median(f["switch"]),
            floor_what="select a row in the bare table + one raw SELECT of the case + set "
                       "text + repaint", target="<= 30 ms", met=median(a["switch"]) <= 0.03),
        Row("Case switch", c, "p95", p95(a["switch"]), floor=p95(f["switch"]),
            floor_what="select a row in the bare table + one raw SELECT of the case + set "
                       "text + repaint"),
        Row("Sort with repaint (12 sorts)", c, "median", median(a["sort"]),
            floor=median(f["sort"]), floor_what="Python list sort of plain tuples + "
                                                "layoutChanged + repaint",
            target=f"<= {sort_t * 1000:.0f} ms", met=median(a["sort"]) <= sort_t),
        Row("Sort with repaint (12 sorts)", c, "worst", max(a["sort"]), floor=max(f["sort"]),
            floor_what="Python list sort of plain tuples + layoutChanged + repaint",
            target=f"<= {sort_t * 1000:.0f} ms", met=max(a["sort"]) <= sort_t),
        Row("Filter with repaint (12 changes)", c, "median", median(a["filter"]),
            floor=median(f["filter"]), floor_what="list comprehension over plain tuples + "
                                                  "model reset + repaint",
            target=f"<= {filt_t * 1000:.0f} ms", met=median(a["filter"]) <= filt_t),
        Row("Filter with repaint (12 changes)", c, "worst", max(a["filter"]),
            floor=max(f["filter"]), floor_what="list comprehension over plain tuples + "
                                               "model reset + repaint",
            target=f"<= {filt_t * 1000:.0f} ms", met=max(a["filter"]) <= filt_t),
        Row("Full-text search, list shown (5 queries)", c, "median",
            median(list(per_query.values())), floor=median(list(floor_search.values())),
            floor_what=SEARCH_FLOOR, target=f"<= {search_t * 1000:.0f} ms",
            met=median(list(per_query.values())) <= search_t, note=f"hits: {hits}"),
        Row("Full-text search, list shown (5 queries)", c, f"worst ('{worst}')",
            per_query[worst], floor=floor_search[worst],
            floor_what=SEARCH_FLOOR, target=f"<= {search_t * 1000:.0f} ms",
            met=per_query[worst] <= search_t),
        Row("Full-text search, SQL only (Workspace.search)", c, f"worst ('{worst}')",
            sql_q[worst], floor=floor_q[worst],
            floor_what="raw FTS5 MATCH, no ranking, same connection"),
        Row("Scrolling, frame with repaint", c, "p95", p95(a["scroll"]), floor=p95(f["scroll"]),
            floor_what="bare QTableView over plain tuples",
            target="<= 16.7 ms (60 fps)", met=p95(a["scroll"]) <= FRAME),
        Row("Peak RSS (open, switch, sort, filter, search, scroll)", c, "peak", a["peak"],
            unit="MB", floor=f["peak"], floor_what="bare window process doing the same",
            target="<= 200 MB" if small else "<= 500 MB",
            met=a["peak"] <= (200 if small else 500)),
    ]
    return rows


def run(scales: list[int], quick: bool = False) -> list[Row]:
    rows: list[Row] = []
    for scale in scales:
        folder = work_dir()
        try:
            rows += cold_start(scale, (3 if quick else 7) if scale == SMALL else 3, folder)
            rows += interactive(scale, folder)
        finally:
            shutil.rmtree(folder, ignore_errors=True)
    return rows


if __name__ == "__main__":
    a = parse_args()
    result = run(a.scales, a.quick)
    print(table(result))
    print(floors_legend(result))

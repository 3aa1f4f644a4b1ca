"""The member's signed PDF on a 13,683-case bundle: pages and time follow the decisions.

Fixture: a bundle of 13,683 synthetic cases (no documents) opened as one
member's workspace, with about 8% of the cases worked on by
``review.demo.simulate`` (drafts and recusals among them).  Each export takes
the snapshot and keeps the first 10, 100 or 1,000 worked cases in bundle
order (the others become "not started", their history left out), so every
row exports the same bundle.

Every figure comes from a fresh child process (this file with ``--child``),
so that its peak RSS (VmHWM) is that export's own: snapshot of the 13,683
cases, layout and signature.  reportlab and pyHanko are imported before the
clock starts, in the app's child and the floor's alike.  The floor is
``exports_bench.pdf_floor``: raw reportlab platypus laying out the same
pages the app does (a section per worked case, the ids of the others in a
table) and a raw pyHanko signature.

    python bench/export_scale.py [--quick]
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import (PASSPHRASE, Row, _cached, _fast_builder, big_bundle,  # noqa: E402
                     floors_legend, parse_args, rss_mb, say, table, work_dir)

CASES = 13_683
DECISIONS = (10, 100, 1000)
SECONDS, PEAK_MB = 15.0, 300.0


def scale_workspace() -> Path:
    """The 13,683-case member workspace with at least 1,000 worked cases (cached)."""
    def build(tmp: Path) -> None:
        from review.demo.simulate import simulate
        from review.workspace.database import Workspace
        ws = Workspace.create(tmp / "ws.prw", PASSPHRASE, big_bundle(CASES))
        try:
            _fast_builder(ws)
            simulate(ws, seed=2, coverage=0.08, draft_rate=0.2)
        finally:
            ws.close()
    return _cached(f"workspace-{CASES}-scale", build) / "ws.prw"


def keep_first(data, n: int):
    """``data`` with only its first ``n`` worked cases still worked on."""
    kept: set[str] = set()
    records = []
    for r in data.records:
        if r.saved is not None and len(kept) < n:
            kept.add(r.case_id)
            records.append(r)
        else:
            records.append(replace(r, saved=None, versions=()) if r.saved is not None else r)
    if len(kept) < n:
        raise RuntimeError(f"the fixture has {len(kept)} worked cases, fewer than {n}")
    history = tuple(e for e in data.history if e.case_id in kept)
    return replace(data, records=tuple(records), history=history, history_count=len(history),
                   consultations=())


def child(ws_path: str, mode: str, n: int, out_pdf: str) -> dict:
    import reportlab.platypus  # noqa: F401  # imports before the clock, in both modes
    import pyhanko.sign  # noqa: F401
    from exports.snapshot import collect_export_data
    from review.identity import Identity
    from review.workspace.database import Workspace
    identity = Identity.generate("Bench Reviewer")
    started = time.perf_counter()
    with Workspace.open(Path(ws_path), PASSPHRASE) as ws:
        data = keep_first(collect_export_data(ws), n)
    snapshot = time.perf_counter() - started
    started = time.perf_counter()
    if mode == "app":
        from exports.service import export_signed
        pages = export_signed(data, identity, pdf_path=Path(out_pdf)).pdf_pages
    else:
        from exports_bench import pdf_floor
        pdf, pages = pdf_floor(data, identity)
        Path(out_pdf).write_bytes(pdf)
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "snapshot": snapshot, "pages": pages,
            "peak_mb": rss_mb()[1], "bytes": Path(out_pdf).stat().st_size}


def _run_child(ws: Path, mode: str, n: int, folder: Path) -> dict:
    out = folder / f"{mode}-{n}.pdf"
    proc = subprocess.run([sys.executable, __file__, "--child", str(ws), mode, str(n), str(out)],
                          capture_output=True, text=True, timeout=900)
    if proc.returncode != 0:
        raise RuntimeError(f"{mode} export of {n} decisions failed: {proc.stderr[-400:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def run(quick: bool = False) -> list[Row]:
    import shutil
    ws = scale_workspace()
    folder = work_dir()
    try:
        say(f"[exports] {CASES:,}-case bundle: PDF of 10, 100 and 1,000 decisions")
        app = {n: _run_child(ws, "app", n, folder) for n in DECISIONS}
        floor = _run_child(ws, "floor", DECISIONS[-1], folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    c, top = f"{CASES:,}", app[DECISIONS[-1]]
    floor_what = (f"raw reportlab platypus of the same pages (sections of the worked cases, "
                  f"the others' ids in a table) + raw pyHanko signature, in its own child "
                  f"process ({floor['pages']} pages vs the app's {top['pages']}; "
                  f"{floor['peak_mb']:.0f} MB peak)")
    rows = [Row(f"Signed PDF, {n:,} decisions", c, "one run", app[n]["seconds"],
                note=f"{app[n]['pages']:,} pages, {app[n]['bytes'] / 1e6:.1f} MB, "
                     f"{app[n]['peak_mb']:.0f} MB peak RSS; snapshot "
                     f"{app[n]['snapshot']:.1f} s apart") for n in DECISIONS[:-1]]
    rows.append(Row(f"Signed PDF, {DECISIONS[-1]:,} decisions", c, "one run", top["seconds"],
                    floor=floor["seconds"], floor_what=floor_what,
                    target=f"<= {SECONDS:.0f} s", met=top["seconds"] <= SECONDS,
                    note=f"{top['pages']:,} pages, {top['bytes'] / 1e6:.1f} MB; snapshot "
                         f"{top['snapshot']:.1f} s apart (in the peak RSS, not the time)"))
    rows.append(Row(f"Signed PDF, {DECISIONS[-1]:,} decisions", c, "peak RSS", top["peak_mb"],
                    unit="MB", floor=floor["peak_mb"], floor_what=floor_what,
                    target=f"<= {PEAK_MB:.0f} MB", met=top["peak_mb"] <= PEAK_MB))
    return rows


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        print(json.dumps(child(sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5])))
    else:
        rows = run(parse_args().quick)
        print(table(rows))
        print(floors_legend(rows))

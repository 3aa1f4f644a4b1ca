"""Shared pieces of the benchmarks: fixtures (cached), timing, the result table.

Fixtures are built once through the project's own APIs and cached in
``$PANEL_REVIEW_BENCH_CACHE`` (default: ``<tmp>/panel-review-bench``), keyed by
a digest of the source files that shape them, so reruns start at once.
Benchmarks never touch a cached file: they work on copies.

Figures are medians (and p95 where a target asks for one) of repeated runs;
every ratio is against a raw-library floor measured in the same run.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

PASSPHRASE = "bench-passphrase-1"
BIG = 100_000
SMALL = 1131
FIXTURE_VERSION = "3"
# Source files whose changes make cached fixtures stale: the synthetic data itself,
# and the schema: a cached workspace of an older schema would be migrated on every
# benchmark open (a one-off cost a member pays once), which would swamp the cold
# start.  Set PANEL_REVIEW_BENCH_CACHE to a new folder, or delete the cache, to
# force a rebuild for any other reason.
_SHAPING = ["review/demo/data.py", "review/demo/text.py", "review/workspace/schema.py"]


def say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


# -- timing ----------------------------------------------------------------------------
def median(xs: list[float]) -> float:
    return statistics.median(xs)


def p95(xs: list[float]) -> float:
    s = sorted(xs)
    return s[min(len(s) - 1, max(0, int(round(0.95 * len(s))) - 1))]


def timed(fn: Callable[[], object]) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def repeat(fn: Callable[[], object], n: int, warmup: int = 1) -> list[float]:
    for _ in range(warmup):
        fn()
    return [timed(fn) for _ in range(n)]


def rss_mb() -> tuple[float, float]:
    """(current RSS, peak RSS) of this process in MB, from /proc (Linux)."""
    cur = peak = 0.0
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                cur = int(line.split()[1]) / 1024
            elif line.startswith("VmHWM:"):
                peak = int(line.split()[1]) / 1024
    except OSError:  # pragma: no cover - not Linux
        import resource
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        cur = peak
    return cur, peak


# -- the result table --------------------------------------------------------------------
@dataclass
class Row:
    bench: str
    cases: str                 # "1,131", "100,000" or "-"
    measure: str               # e.g. "median", "p95"
    value: float | None        # seconds, or MB when unit == "MB", or a count
    unit: str = "s"            # s / ms / MB / n
    floor: float | None = None
    floor_what: str = ""
    target: str = ""           # e.g. "<= 1.0 s", "<= 2x floor"
    met: bool | None = None    # None: no target
    note: str = ""

    def ratio(self) -> float | None:
        if self.value is None or not self.floor:
            return None
        return self.value / self.floor


def fmt_value(v: float | None, unit: str) -> str:
    if v is None:
        return "-"
    if unit == "s":
        return f"{v * 1000:.1f} ms" if v < 1 else f"{v:.2f} s"
    if unit == "MB":
        return f"{v:.0f} MB"
    if unit == "n":
        return f"{v:,.0f}"
    return f"{v:.3g} {unit}"


def table(rows: list[Row]) -> str:
    head = ["Benchmark", "Cases", "Measure", "Value", "Floor", "Ratio", "Target", "Met"]
    body = []
    for r in rows:
        ratio = r.ratio()
        body.append([r.bench, r.cases, r.measure, fmt_value(r.value, r.unit),
                     fmt_value(r.floor, r.unit) if r.floor is not None else "-",
                     f"{ratio:.2f}x" if ratio is not None else "-", r.target or "-",
                     {True: "yes", False: "NO", None: "-"}[r.met]])
    widths = [max(len(str(x)) for x in col) for col in zip(head, *body)]
    line = lambda cells: "| " + " | ".join(str(c).ljust(w) for c, w in zip(cells, widths)) + " |"  # noqa: E731
    out = [line(head), "|" + "|".join("-" * (w + 2) for w in widths) + "|"]
    out += [line(b) for b in body]
    return "\n".join(out)


def floors_legend(rows: list[Row]) -> str:
    seen: dict[str, None] = {}
    for r in rows:
        if r.floor_what:
            seen.setdefault(f"{r.bench}: {r.floor_what}")
    notes = [f"{r.bench} ({r.cases}, {r.measure}): {r.note}" for r in rows if r.note]
    parts = ["Floors:"] + [f"  - {s}" for s in seen]
    if notes:
        parts += ["Notes:"] + [f"  - {n}" for n in notes]
    return "\n".join(parts)


def rows_to_json(rows: list[Row]) -> list[dict]:
    return [dict(vars(r), ratio=r.ratio()) for r in rows]


def rows_from_json(items: list[dict]) -> list[Row]:
    return [Row(**{k: v for k, v in d.items() if k != "ratio"}) for d in items]


def cases_label(n: int | None) -> str:
    return "-" if n is None else f"{n:,}"


# -- fixtures --------------------------------------------------------------------------
def _source_key() -> str:
    h = hashlib.sha256(FIXTURE_VERSION.encode())
    for rel in _SHAPING:
        p = ROOT / rel
        h.update(rel.encode() + (p.read_bytes() if p.is_file() else b""))
    return h.hexdigest()[:12]


def cache_root() -> Path:
    base = os.environ.get("PANEL_REVIEW_BENCH_CACHE")
    root = Path(base) if base else Path(tempfile.gettempdir()) / "panel-review-bench"
    path = root / _source_key()
    path.mkdir(parents=True, exist_ok=True)
    return path


def work_dir() -> Path:
    """A fresh scratch folder for one benchmark (removed at exit by the caller)."""
    return Path(tempfile.mkdtemp(prefix="prbench-"))


def _cached(name: str, build: Callable[[Path], None]) -> Path:
    """``cache/name``, built by ``build(tmp)`` into a temporary folder renamed into place."""
    target = cache_root() / name
    if target.exists():
        return target
    tmp = target.with_name(name + ".building")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    t = time.perf_counter()
    say(f"[bench] building fixture {name} (cached in {target.parent}) ...")
    build(tmp)
    tmp.rename(target)
    say(f"[bench] built {name} in {time.perf_counter() - t:.0f} s")
    return target


def copy_workspace(src: Path, dest_dir: Path, name: str = "bench.prw") -> Path:
    dest_dir.mkdir(parents=True, exist_ok=True)
    dest = dest_dir / name
    shutil.copyfile(src, dest)
    return dest


def _fast_builder(ws) -> None:
    """Fixture building only: no fsync per commit (the measured paths keep FULL)."""
    ws.db.conn.execute("PRAGMA synchronous = OFF")


def small_bundle() -> Path:
    """The DEMO bundle of 1,131 cases with their documents (the app's demo path)."""
    def build(tmp: Path) -> None:
        from review.demo.bundle import build_demo_bundles
        build_demo_bundles(tmp / "demo.prb", cases=SMALL)
    return _cached("bundle-1131", build) / "demo.prb"


def _big_bundle_contents(n: int):
    """``n`` synthetic cases with no documents, for one member (R01)."""
    from review.bundle.contents import BundleContents, Reviewer
    from review.cases import Case
    from review.demo.data import generate_cases
    cases = []
    for d in generate_cases(n, seed=0):
        d["documents"] = []
        cases.append(Case.from_json(d))
    return BundleContents(
        bundle_id=f"bench-{n}", title=f"Benchmark - {n:,} synthetic cases",
        created_at="2026-01-05T09:00:00Z", cases=cases, documents={},
        roster=[Reviewer("R01", "Bench Reviewer")],
        assignments=[(c.case_id, "R01") for c in cases], member_id="R01", demo=True)


def workspace(n: int, decided: bool = True) -> Path:
    """A pristine member workspace of ``n`` cases (1,131 or 100,000); copy before use.

    1,131: the DEMO bundle with documents, opened by Workspace.create, then
    simulated decisions (85% of cases, 20% of them drafts).  100,000: a bundle
    with no documents (written and verified by the real code), opened the same
    way, then simulated decisions on 30% of the cases.
    """
    name = f"workspace-{n}-{'decided' if decided else 'blank'}"

    def build(tmp: Path) -> None:
        from review.demo.simulate import simulate
        from review.workspace.database import Workspace
        if n == SMALL:
            bundle = small_bundle()
        else:
            bundle = big_bundle(n)
        ws = Workspace.create(tmp / "ws.prw", PASSPHRASE, bundle)
        try:
            if decided:
                _fast_builder(ws)
                simulate(ws, seed=1, coverage=0.85 if n <= SMALL else 0.3, draft_rate=0.2)
        finally:
            ws.close()
    return _cached(name, build) / "ws.prw"


def big_bundle(n: int = BIG) -> Path:
    def build(tmp: Path) -> None:
        from review.bundle.contents import write_bundle
        from review.demo.bundle import demo_coordinator
        write_bundle(tmp / "big.prb", _big_bundle_contents(n), demo_coordinator())
    return _cached(f"bundle-{n}", build) / "big.prb"


@dataclass
class Args:
    quick: bool = False
    scales: list[int] = field(default_factory=lambda: [SMALL, BIG])


def parse_args(argv: list[str] | None = None) -> Args:
    import argparse
    p = argparse.ArgumentParser()
    p.add_argument("--quick", action="store_true",
                   help="1,131 cases only, fewer repetitions and crash trials")
    a, _ = p.parse_known_args(argv)
    return Args(quick=a.quick, scales=[SMALL] if a.quick else [SMALL, BIG])

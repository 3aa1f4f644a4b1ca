"""Cold start of the frozen app against the venv app, on a real X server.

Each run spawns a fresh process with its own empty PANEL_REVIEW_HOME (so the
welcome page opens, no passphrase) on an Xvfb display, and times spawn → the
main window mapped and visible (polled with xdotool), in wall time and in the
CPU time the process used by then.  The frozen app, the venv
app (``.venv/bin/panel-review gui``, start-up checks included) and the venv app
without the start-up checks (``ui.app.run_gui`` directly) alternate, so a
busy machine slows all three alike.  Also prints the frozen folder's size.

    python bench/frozen_start.py [--runs 9] [--frozen build/frozen/panel-review/panel-review]
                                 [--display :18]

Needs Xvfb and xdotool, and a built app (python packaging/build.py).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def start_xvfb() -> tuple[subprocess.Popen, str]:
    read, write = os.pipe()
    # -noreset: by default the server resets when its last client leaves, and a
    # program that connects during the reset fails.
    server = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0", "1366x768x24",
                               "-nolisten", "tcp", "-noreset"], pass_fds=(write,),
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write)
    with os.fdopen(read) as pipe:
        return server, ":" + pipe.readline().strip()


def cpu_seconds(pid: int) -> float:
    """User + system CPU time the process has used so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def time_to_window(cmd: list[str], display: str) -> tuple[float, float]:
    """(wall seconds, CPU seconds) from spawn to the main window visible."""
    with tempfile.TemporaryDirectory(prefix="pr-start-") as home:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("QT_", "PANEL_REVIEW"))}
        env.update(DISPLAY=display, PANEL_REVIEW_HOME=home)
        began = time.perf_counter()
        log = open(Path(home) / "stderr.txt", "w+")
        app = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=log)
        try:
            while True:
                found = subprocess.run(["xdotool", "search", "--onlyvisible", "--name",
                                        "^Panel Review$"], env=env, capture_output=True)
                if found.returncode == 0:
                    return time.perf_counter() - began, cpu_seconds(app.pid)
                if app.poll() is not None:
                    log.seek(0)
                    raise SystemExit(f"{cmd[0]} exited with {app.returncode}: {log.read()}")
                if time.perf_counter() - began > 60:
                    raise SystemExit(f"{cmd[0]}: no window after 60 s")
        finally:
            app.terminate()
            app.wait(timeout=30)
            log.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--frozen", default=str(ROOT / "build/frozen/panel-review/panel-review"))
    parser.add_argument("--display", help="an X server already running (default: start Xvfb)")
    args = parser.parse_args()
    frozen = Path(args.frozen)
    venv = Path(sys.executable).parent / "panel-review"
    if not frozen.is_file() or not venv.is_file() or not shutil.which("Xvfb"):
        print("Needs the built app, the venv's panel-review script and Xvfb.", file=sys.stderr)
        return 2
    variants = {
        "frozen app": [str(frozen), "gui"],
        "venv app": [str(venv), "gui"],
        "venv app, no start-up checks": [sys.executable, "-c",
                                         "import sys; from ui.app import run_gui; "
                                         "sys.exit(run_gui())"],
    }
    server, display = (None, args.display) if args.display else start_xvfb()
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in variants}
    try:
        for name, cmd in variants.items():  # one warm-up each: the page cache, not the app
            time_to_window(cmd, display)
        for _ in range(args.runs):
            for name, cmd in variants.items():
                times[name].append(time_to_window(cmd, display))
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=10)
    # Wall time is what a person waits; CPU time varies far less on a busy machine.
    for i, what in enumerate(("wall", "CPU")):
        base = statistics.median(t[i] for t in times["venv app"])
        for name, runs in times.items():
            values = [t[i] for t in runs]
            median = statistics.median(values)
            print(f"{what:4} {name:30} median {median * 1000:6.0f} ms  ({median / base:.2f}x "
                  f"the venv app; min {min(values) * 1000:.0f}, max {max(values) * 1000:.0f}, "
                  f"n={len(values)})")
    size = sum(p.stat().st_size for p in frozen.parent.rglob("*")
               if p.is_file() and not p.is_symlink())
    print(f"frozen folder: {size / 1e6:,.0f} MB ({frozen.parent})")
    return 0


if __name__ == "__main__":
    sys.exit(main())

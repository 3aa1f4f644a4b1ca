"""What sealing costs: writing and opening a 1,131-case bundle, plain and sealed.

Write: ``review.bundle.contents.write_bundle`` of the demo member bundle
(1,131 cases with their documents), signed (v1), then the same sealed for
the member and the coordinator (v2: ECDH P-256, HKDF, AES-256-GCM in 1 MiB
chunks, one more signature).  Open: ``read_bundle`` of each (every check;
the sealed one decrypted in memory first).  The overhead is sealed / plain - 1;
the aim is at most 10%.

    python bench/sealing.py [--runs N]
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import median, say, timed, work_dir  # noqa: E402

from review.bundle.contents import read_bundle, write_bundle  # noqa: E402
from review.demo.bundle import build_demo_bundles, demo_coordinator  # noqa: E402
from review.identity import Identity  # noqa: E402
from review.seal import Recipient  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    tmp = work_dir()
    try:
        say("building the 1,131-case demo bundle ...")
        build_demo_bundles(tmp / "demo.prb", cases=1131, seed=1)
        contents = read_bundle(tmp / "demo.prb").contents
        signer, member = demo_coordinator(), Identity.generate("Bench Member")
        recipients = [Recipient("R01, Bench Member", member.certificate),
                      Recipient("the coordinator", signer.certificate)]
        plain, sealed = tmp / "plain.prb", tmp / "sealed.prb"
        times: dict[str, list[float]] = {k: [] for k in ("write", "write sealed", "open",
                                                         "open sealed")}
        steps = {"write": lambda: write_bundle(plain, contents, signer),
                 "write sealed": lambda: write_bundle(sealed, contents, signer, recipients),
                 "open": lambda: read_bundle(plain),
                 "open sealed": lambda: read_bundle(sealed, reader=member)}
        for run in range(runs):
            # Interleaved, and in turn first and second: whichever runs first
            # pays for the garbage the other left, and the machine is shared.
            for name in (["write", "write sealed", "open", "open sealed"] if run % 2 else
                         ["write sealed", "write", "open sealed", "open"]):
                times[name].append(timed(steps[name]))
        size = plain.stat().st_size / 2**20
        print(f"1,131-case bundle, {size:.1f} MiB, median of {runs} runs")
        for what in ("write", "open"):
            a, b = median(times[what]), median(times[f"{what} sealed"])
            print(f"  {what:<5}  plain {a:6.3f} s   sealed {b:6.3f} s   overhead "
                  f"{(b / a - 1) * 100:+5.1f}%")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

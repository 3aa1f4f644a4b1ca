"""Child process: opens cases (consultation log) and saves decisions until it is killed.

Prints ``C <seq>`` after each committed consultation and ``D <case> <version>``
after each committed save, flushed, so the parent knows what was acknowledged.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from review.decisions import Decision  # noqa: E402
from review.workspace import Workspace  # noqa: E402


def main(path: str, passphrase: str) -> None:
    ws = Workspace.open(Path(path), passphrase)
    ids = ws.case_ids()
    i = 0
    while True:
        cid = ids[i % len(ids)]
        c = ws.record_consultation(cid)
        print(f"C {c.seq}", flush=True)
        saved = ws.decisions.save(cid, Decision(category="new_assessment",
                                                rationale=f"Revision {i}: weighed again."))
        print(f"D {cid} {saved.saved.version}", flush=True)
        i += 1


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])

"""Child process for the crash tests: saves decisions until it is killed.

Plain: after each save returns it prints ``ACK <case id> <version> <revision>``.
With ``consult`` (tests/hostile/test_crash_consultations.py) it also opens each
case first, as the app logs it: ``C <seq>`` after each committed consultation,
then ``D <case id> <version>`` after each committed save.  Every line is
flushed, so the parent knows exactly what was acknowledged.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))

from review.decisions import Decision  # noqa: E402
from review.workspace.database import Workspace  # noqa: E402


def main(path: str, passphrase: str, consult: bool) -> None:
    ws = Workspace.open(Path(path), passphrase)
    ids = ws.case_ids()
    i = 0
    while True:
        cid = ids[i % len(ids)]
        if consult:
            print(f"C {ws.record_consultation(cid).seq}", flush=True)
        rationale = f"Revision {i}: the panel weighed the account against the original record."
        result = ws.decisions.save(cid, Decision(category="new_assessment", rationale=rationale))
        version = result.saved.version
        print(f"D {cid} {version}" if consult else f"ACK {cid} {version} {i}", flush=True)
        i += 1


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3:] == ["consult"])

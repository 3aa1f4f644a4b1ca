"""Child of bench/crash_trials.py: saves decisions until it is killed.

Like tests/review/workspace/crash_child.py, with a trial number so that revisions stay
unique across trials on the same workspace, and the app's other commit on a
case switch (the consultation log) mixed in.  After each save returns it
prints ``ACK <case id> <version> <revision>`` and flushes: only then is the
save acknowledged.
"""

import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from review.decisions import Decision  # noqa: E402
from review.workspace.database import Workspace  # noqa: E402

CATEGORIES = ["no_formal_action", "new_assessment", "formal_risk_management"]


def main(path: str, passphrase: str, trial: str) -> None:
    rng = random.Random(trial)
    ws = Workspace.open(Path(path), passphrase)
    ids = ws.case_ids()
    print("OPEN", flush=True)
    record = getattr(ws, "record_consultation", None)
    i = 0
    while True:
        cid = rng.choice(ids)
        if record is not None and i % 3 == 0:
            record(cid)  # the app logs each case opening, also a durable commit
        revision = f"{trial}-{i}"
        d = Decision(category=rng.choice(CATEGORIES),
                     rationale=f"Revision {revision}: the panel weighed the account against "
                               "the original record." + " More." * rng.randint(0, 200))
        result = ws.decisions.save(cid, d)
        print(f"ACK {cid} {result.saved.version} {revision}", flush=True)
        i += 1


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3])

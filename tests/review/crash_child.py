"""Child process for the crash test: saves decisions until it is killed.

After each save returns it prints ``ACK <case id> <version> <rationale>``
and flushes, so the parent knows exactly which saves were acknowledged.
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
        rationale = f"Revision {i}: the panel weighed the account against the original record."
        result = ws.decisions.save(cid, Decision(category="new_assessment", rationale=rationale))
        print(f"ACK {cid} {result.saved.version} {i}", flush=True)
        i += 1


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])

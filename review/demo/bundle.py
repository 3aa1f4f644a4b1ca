"""The built-in demo: synthetic cases in bundles signed by a demo coordinator.

Everything here is deterministic for a seed, down to the bytes of the
bundle file: the demo coordinator's key is derived from a public constant
(so it proves nothing and is labelled DEMO wherever it appears), the
creation time is fixed, and signatures use RFC 6979 nonces.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric import ec

from review.bundle.assign import assign
from review.bundle.contents import BundleContents, LinkedCase, Reviewer, write_bundle
from review.cases import Case
from review.demo.data import generate_cases, generate_documents
from review.demo.key import demo_recipient, demo_seal_keys
from review.identity import Identity

DEMO_CREATED_AT = "2026-01-05T09:00:00Z"
DEMO_COORDINATOR = "DEMO Coordinator (synthetic data)"
DEMO_CASES = 1131


def demo_coordinator() -> Identity:
    """The demo coordinator's identity; its key is public by construction."""
    secret = int.from_bytes(hashlib.sha256(b"panel-review demo coordinator v1").digest(), "big")
    key = ec.derive_private_key(secret % (2**255), ec.SECP256R1())
    return Identity.generate(DEMO_COORDINATOR, private_key=key,
                             not_before=dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc))


def demo_roster(reviewers: int) -> list[Reviewer]:
    return [Reviewer(f"R{i:02d}", f"Demo Reviewer {i}") for i in range(1, reviewers + 1)]


def build_demo_bundles(out: Path, *, cases: int = DEMO_CASES, reviewers: int = 1,
                       per_case: int = 2, seed: int = 0, sealed: bool = True) -> list[Path]:
    """Write the demo: one bundle file when ``reviewers`` is 1, else a folder of them.

    The bundles are sealed to the DEMO key (review/demo/key.py) unless ``sealed`` is
    False, which tests use to alter a bundle's archive."""
    if cases < 1:
        raise ValueError("cases must be at least 1")
    data = generate_cases(cases, seed)
    all_cases = [Case.from_json(d) for d in data]
    documents: dict[str, bytes] = {}
    for d in data:
        for ref, content in generate_documents(d, seed):
            documents[ref["filename"]] = content
    roster = demo_roster(reviewers)
    per_case = min(per_case, reviewers)
    pairs = assign([(c.case_id, c.subject_id) for c in all_cases],
                   [r.reviewer_id for r in roster], per_case, seed=seed)
    bundle_id = "demo-" + hashlib.sha256(
        f"{seed}:{cases}:{reviewers}:{per_case}".encode()).hexdigest()[:16]
    title = f"DEMO panel reassessment - {cases:,} synthetic cases"
    coordinator = demo_coordinator()
    out = Path(out)
    if reviewers == 1:
        targets = [(roster[0], out)]
    else:
        out.mkdir(parents=True, exist_ok=True)
        targets = [(r, out / f"{r.reviewer_id}.prb") for r in roster]
    written = []
    for member, path in targets:
        mine = {cid for cid, rid in pairs if rid == member.reviewer_id}
        member_cases = [c for c in all_cases if c.case_id in mine]
        subjects = {c.subject_id for c in member_cases}
        contents = BundleContents(
            bundle_id=bundle_id, title=title, created_at=DEMO_CREATED_AT,
            cases=member_cases,
            documents={d.filename: documents[d.filename] for c in member_cases for d in c.documents},
            roster=roster,
            assignments=[(cid, rid) for cid, rid in pairs if rid == member.reviewer_id],
            member_id=member.reviewer_id, demo=True,
            linked=[LinkedCase.of(c) for c in all_cases
                    if c.subject_id in subjects and c.case_id not in mine],
            anchoring_guard=False,  # the demo is for trying the app: everything in view
        )
        # Sealed like a real bundle, but to the public DEMO key: it opens without an identity.
        write_bundle(path, contents, coordinator, [demo_recipient()] if sealed else None,
                     demo_seal_keys(f"{bundle_id} {member.reviewer_id}") if sealed else None)
        written.append(path)
    return written

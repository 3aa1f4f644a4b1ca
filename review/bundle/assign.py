"""Assigning cases to reviewers: balanced, conflict-free, repeatable.

Each case goes to ``per_case`` different reviewers.  A reviewer is never
given a case whose id or subject they declared a conflict with; subjects
are compared as people (NFKC, ignoring case and surrounding spaces), case
ids ignoring case.  Among the
reviewers who may take a case, the least loaded are chosen (ties broken by
a seeded shuffle), so loads differ by at most one when nobody is conflicted.
"""

from __future__ import annotations

import random
from typing import Iterable, Sequence

from review.errors import PanelReviewError
from review.intake.combine import subject_key


class AssignmentError(PanelReviewError):
    """Cases cannot be assigned as asked."""


def assign(cases: Sequence[tuple[str, str]], reviewers: Sequence[str], per_case: int, *,
           seed: int = 0, conflicts: dict[str, Iterable[str]] | None = None
           ) -> list[tuple[str, str]]:
    """Return (case id, reviewer id) pairs for ``cases`` given as (case id, subject id)."""
    if per_case < 1:
        raise AssignmentError("Each case needs at least one reviewer (--per-case 1 or more).")
    if per_case > len(reviewers):
        raise AssignmentError(
            f"Each case is to have {per_case} reviewers, but the roster has only "
            f"{len(reviewers)}. Add reviewers or lower --per-case."
        )
    blocked = {r: {subject_key(c) for c in conflicts.get(r, ())} if conflicts else set()
               for r in reviewers}
    load = {r: 0 for r in reviewers}
    rng = random.Random(f"assign:{seed}")
    order = list(cases)
    rng.shuffle(order)
    pairs: list[tuple[str, str]] = []
    for case_id, subject_id in order:
        cid, sid = subject_key(case_id), subject_key(subject_id)
        free = [r for r in reviewers if cid not in blocked[r] and sid not in blocked[r]]
        if len(free) < per_case:
            raise AssignmentError(
                f"Case {case_id} needs {per_case} reviewers without a conflict, but only "
                f"{len(free)} of the roster are free of one. Add reviewers or lower --per-case."
            )
        rng.shuffle(free)
        chosen = sorted(free, key=lambda r: load[r])[:per_case]
        for r in chosen:
            load[r] += 1
            pairs.append((case_id, r))
    position = {cid: i for i, (cid, _) in enumerate(cases)}
    pairs.sort(key=lambda p: (position[p[0]], p[1]))
    return pairs

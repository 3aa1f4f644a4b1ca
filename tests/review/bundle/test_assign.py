"""Case assignment: balanced, conflict-free, repeatable."""

from __future__ import annotations

from collections import Counter

import pytest

from review.bundle.assign import AssignmentError, assign

CASES = [(f"PR-{i:04d}", f"S-{i % 37:03d}") for i in range(1, 301)]


@pytest.mark.parametrize("reviewers, per_case", [(2, 2), (3, 2), (5, 2), (7, 3)])
def test_balanced_and_distinct(reviewers, per_case):
    roster = [f"R{i}" for i in range(reviewers)]
    pairs = assign(CASES, roster, per_case, seed=1)
    per = Counter(c for c, _ in pairs)
    assert set(per.values()) == {per_case} and len(per) == len(CASES)
    assert len(set(pairs)) == len(pairs)
    load = Counter(r for _, r in pairs)
    assert max(load.values()) - min(load.values()) <= 1


def test_conflicts_respected():
    roster = ["R1", "R2", "R3"]
    pairs = assign(CASES, roster, 2, seed=2, conflicts={"R1": {"S-005", "PR-0100"}})
    for case_id, reviewer in pairs:
        if reviewer == "R1":
            assert case_id != "PR-0100" and dict(CASES)[case_id] != "S-005"


def test_deterministic_for_a_seed():
    roster = ["R1", "R2", "R3", "R4"]
    assert assign(CASES, roster, 2, seed=9) == assign(CASES, roster, 2, seed=9)
    assert assign(CASES, roster, 2, seed=9) != assign(CASES, roster, 2, seed=10)


@pytest.mark.parametrize("roster, per_case, conflicts, message", [
    (["R1"], 2, None, "only 1"),
    (["R1", "R2"], 0, None, "at least one"),
    (["R1", "R2"], 2, {"R2": {"S-001"}}, "free of one"),
])
def test_impossible_assignments_explained(roster, per_case, conflicts, message):
    with pytest.raises(AssignmentError, match=message):
        assign(CASES, roster, per_case, conflicts=conflicts)

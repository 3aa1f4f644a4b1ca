"""Which export is newest: the one whose history extends the other's."""

from __future__ import annotations

import hashlib

from review.panel.ancestry import History, judge


def chain(n: int, fork_at: int | None = None) -> History:
    """n versions; from ``fork_at`` on, the heads differ from the plain chain's."""
    heads = tuple(hashlib.sha256(f"{i}{'x' if fork_at and i >= fork_at else ''}".encode())
                  .hexdigest() for i in range(1, n + 1))
    return History(n, heads[-1] if heads else "", heads)


def test_the_first_export_is_accepted_even_without_heads():
    assert judge("R03", None, History(40, "ab" * 32)).outcome == "accepted"


def test_an_extension_is_accepted_and_a_prefix_is_superseded():
    assert judge("R03", chain(829), chain(1606)).outcome == "accepted"
    verdict = judge("R03", chain(1606), chain(829))
    assert verdict.outcome == "superseded"
    assert verdict.reason.startswith("older, already superseded: its 829 saved versions")


def test_a_fork_is_refused_naming_both_counts_and_whom_to_ask():
    verdict = judge("R03", chain(1606), chain(829, fork_at=700))
    assert verdict.outcome == "refused"
    assert verdict.reason == (
        "R03's new export has 829 saved versions and does not continue the 1,606 already "
        "accepted: it was made from an older copy of their workspace, or changed after one. "
        "Ask R03 which is right")
    # Longer but forked: refused too, whatever its export time says.
    assert judge("R03", chain(829), chain(1606, fork_at=829)).outcome == "refused"
    # Same count, another head.
    assert judge("R03", chain(829), chain(829, fork_at=829)).outcome == "refused"


def test_the_same_history_is_the_same_export():
    assert judge("R03", chain(12), chain(12)).outcome == "same"


def test_an_export_without_heads_is_refused_after_the_first():
    verdict = judge("R03", chain(10), History(12, "cd" * 32))
    assert verdict.outcome == "refused" and "cannot show that it continues the 10" in verdict.reason
    # heads that do not end at the signed head prove nothing
    bad = History(12, "cd" * 32, chain(12).heads)
    assert not bad.provable and judge("R03", chain(10), bad).outcome == "refused"

"""What the panel's result records for each field of a case, and how it was decided.

The rule, said out loud (the consolidated outputs and the coordinator's case
view print it as it stands here):

- Category, recommended actions and severity decide a case.  A case whose
  reviewers all reached the same value on each is *agreed*; otherwise it is a
  disagreement, and the coordinator's adjudication decides all three.
- Concerns are observations, not the decision.  Every concern raised by any
  reviewer is listed, with how many of the reviewers raised it ("raised by 2
  of 3"); reviewers who differ on concerns do not make a disagreement.
- Confidence belongs to each reviewer.  It is shown per reviewer and never
  combined or picked from one of them.

Recused reviewers do not count among the ``n`` of "k of n".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Mapping

from review.decisions import ACTIONS, CONCERNS, Decision
from review.panel.merge import DECIDING_FIELDS

RULE = ("Category, recommended actions and severity decide a case: agreed when every reviewer "
        "who did not recuse reached the same value on each, otherwise adjudicated by the "
        "coordinator. Every action and concern raised by any reviewer is listed with how many "
        "of the reviewers raised it; reviewers who differ on concerns do not make a "
        "disagreement. Confidence is each reviewer's own, shown per reviewer, never combined.")


@dataclass(frozen=True)
class PanelRecord:
    """One case's fields as the panel's result records them (reviews visible only)."""

    reviewers: int                                   # n: reviewers who decided (not recused)
    decided_by: Mapping[str, str]                    # deciding field → agreed / adjudicated / differ
    actions: tuple[tuple[str, int], ...]             # (action code, reviewers who raised it)
    concerns: tuple[tuple[str, int], ...]            # (concern code, reviewers who raised it)
    confidence: tuple[tuple[str, str | None], ...]   # (reviewer id, their confidence)

    def raised_text(self, count: int) -> str:
        return f"raised by {count} of {self.reviewers}"


def raised(decided: Iterable[Decision], field: str) -> tuple[tuple[str, int], ...]:
    """(code, how many reviewers raised it) for actions or concerns, in the vocabulary's order."""
    order = list(ACTIONS if field == "actions" else CONCERNS)
    counts: dict[str, int] = {}
    for d in decided:
        for code in set(getattr(d, field)):
            counts[code] = counts.get(code, 0) + 1
    rank = {code: i for i, code in enumerate(order)}
    return tuple(sorted(counts.items(), key=lambda kv: (rank.get(kv[0], len(order)), kv[0])))


def panel_record(reviews: Mapping[str, Decision | None], adjudicated: bool) -> PanelRecord:
    """The record of a case whose reviews are visible (every assigned reviewer finalised)."""
    decided = [d for _, d in sorted(reviews.items()) if d is not None and not d.recused]
    decided_by = {}
    for name in DECIDING_FIELDS:
        values = {_key(getattr(d, name)) for d in decided}
        decided_by[name] = ("adjudicated" if adjudicated
                            else "agreed" if len(values) <= 1 else "differ")
    return PanelRecord(
        reviewers=len(decided), decided_by=decided_by,
        actions=raised(decided, "actions"), concerns=raised(decided, "concerns"),
        confidence=tuple((rid, d.confidence) for rid, d in sorted(reviews.items())
                         if d is not None and not d.recused))


def _key(value):
    return tuple(sorted(value)) if isinstance(value, tuple) else value

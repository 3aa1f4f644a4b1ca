"""Inter-reviewer agreement per decision field: the coordinator's reliability table.

Each case gets two or more independent reviews.  For every decision field
(the panel's category, each recommended action, each concern) this module
turns the reviewers' decisions into nominal ratings and reports percent
agreement, Fleiss' κ, Krippendorff's α and Gwet's AC1, each with a 95%
bootstrap interval (:mod:`review.panel.bootstrap`), and Cohen's κ for every
reviewer pair.  The coefficients themselves, with their formulas and the
handling of missing ratings and undefined values, are in
:mod:`review.panel.kappa`.

Fields are named ``"category"``, ``"action:<code>"`` and ``"concern:<code>"``
(codes from :mod:`review.decisions`).  An action or concern field rates
"recommended / raised?" as True/False.  Only final, non-recused decisions are
ratings: a draft may still change, and a recusal is a declared conflict, not
an opinion, so both become ``None`` (no rating) rather than "disagreement".
"""

from __future__ import annotations

from dataclasses import dataclass, field as dataclass_field
from typing import Container, Hashable, Iterable, Mapping

from review.panel.bootstrap import UNDEFINED, Interval, bootstrap_intervals
from review.panel.kappa import (NO_CASES, PercentAgreement, Ratings, Stat,
                                    cohen_kappa, fleiss_kappa, gwet_ac1,
                                    krippendorff_alpha_nominal, pairwise_cohen, percent_agreement)
from review.cases import CATEGORIES, Case
from review.decisions import ACTIONS, CONCERNS, Decision, actions_for

__all__ = [
    "NO_CASES", "FieldAgreement", "Interval", "PercentAgreement", "Ratings", "Stat",
    "agreement_report", "cohen_kappa", "decision_fields", "field_ratings", "fleiss_kappa",
    "gwet_ac1",
    "krippendorff_alpha_nominal", "offered_actions", "pairwise_cohen", "percent_agreement",
]

Decisions = Mapping[str, Mapping[str, Decision | None]]


def decision_fields() -> list[str]:
    """Every field the report covers, in form order: category, actions, concerns."""
    return (["category"] + [f"action:{code}" for code in ACTIONS]
            + [f"concern:{code}" for code in CONCERNS])


def field_label(field: str) -> str:
    """'Panel category', 'Action: …', 'Concern: …': how the app, the PDF and the workbook
    name a field (the verifier compares the workbook's labels with these)."""
    if field == "category":
        return "Panel category"
    kind, _, code = field.partition(":")
    if kind == "action":
        return "Action: " + ACTIONS[code][0]
    return "Concern: " + CONCERNS.get(code, code)


def _parse_field(field: str) -> tuple[str, str]:
    kind, _, code = field.partition(":")
    if field == "category":
        return "category", ""
    if kind == "action" and code in ACTIONS:
        return kind, code
    if kind == "concern" and code in CONCERNS:
        return kind, code
    raise ValueError(f"{field!r} is not a decision field; expected 'category', "
                     "'action:<code>' or 'concern:<code>' with a known code.")


def scale_size(field: str) -> int:
    """AC1's q: every category of the scale for the category, 2 (yes/no) otherwise."""
    return len(CATEGORIES) if _parse_field(field)[0] == "category" else 2


def _rating(d: Decision | None, kind: str, code: str) -> Hashable | None:
    if d is None or d.recused or d.status != "final":
        return None
    if kind == "category":
        return d.category
    return code in (d.actions if kind == "action" else d.concerns)


def field_ratings(decisions: Decisions, field: str, *,
                  offered: Mapping[str, Container[str]] | None = None
                  ) -> dict[str, dict[str, Hashable | None]]:
    """Ratings for one field: case id → {reviewer id: value or None}.

    ``"category"`` gives the category code; ``"action:<code>"`` and
    ``"concern:<code>"`` give True/False.  A missing decision, a recusal or a
    non-final (draft) decision gives None.

    ``offered`` (case id → the action codes offered on it, see
    :func:`offered_actions`), when given, also makes an action None on a case
    that is not offered it (by its regime, or by its subject's role): otherwise
    every 2020 case would count as unanimous agreement that "management action"
    is not recommended, and every officer's case that "Regulation 13 review" is
    not, inflating agreement with answers nobody could give.
    """
    kind, code = _parse_field(field)
    out: dict[str, dict[str, Hashable | None]] = {}
    for case_id, by_reviewer in decisions.items():
        usable = True
        if kind == "action" and offered is not None and case_id in offered:
            usable = code in offered[case_id]
        out[case_id] = {reviewer: (_rating(d, kind, code) if usable else None)
                        for reviewer, d in by_reviewer.items()}
    return out


@dataclass(frozen=True)
class FieldAgreement:
    """One row of the agreement report.

    ``n_cases`` / ``n_ratings``: cases with two or more usable ratings and
    the ratings in them (what percent agreement, Fleiss and α used);
    ``n_cases_excluded``: cases present but with fewer than two usable
    ratings (awaiting a review, recusals, drafts).  ``pairwise`` holds
    Cohen's κ for every reviewer pair sharing a rated case.
    """

    field: str
    percent: PercentAgreement
    fleiss: Stat
    alpha: Stat
    n_cases: int
    n_ratings: int
    n_cases_excluded: int
    pairwise: dict[tuple[str, str], Stat]
    ac1: Stat = Stat(None, 0, 0, NO_CASES)
    intervals: Mapping[str, Interval] = dataclass_field(default_factory=dict)

    def interval(self, stat: str) -> Interval:
        """The 95% interval of "percent", "fleiss", "alpha" or "ac1" (undefined if none)."""
        return self.intervals.get(stat, UNDEFINED)


def field_agreement(field: str, ratings: Ratings,
                    intervals: Mapping[str, Interval] | None = None) -> FieldAgreement:
    """All the statistics for one field's ratings."""
    percent = percent_agreement(ratings)
    return FieldAgreement(
        field=field, percent=percent, fleiss=fleiss_kappa(ratings),
        alpha=krippendorff_alpha_nominal(ratings), n_cases=percent.n_items,
        n_ratings=percent.n_ratings, n_cases_excluded=len(ratings) - percent.n_items,
        pairwise=pairwise_cohen(ratings), ac1=gwet_ac1(ratings, scale_size(field)),
        intervals=dict(intervals or {}))


def offered_actions(cases: Iterable[Case]) -> dict[str, frozenset[str]]:
    """case id → the actions its reviewers were offered (its regime and subject role)."""
    return {c.case_id: frozenset(actions_for(c.regime, c.subject_role)) for c in cases}


def agreement_report(decisions: Decisions, *,
                     offered: Mapping[str, Container[str]] | None = None) -> list[FieldAgreement]:
    """One row per field in :func:`decision_fields` order (see :func:`field_ratings`)."""
    by_field = {f: field_ratings(decisions, f, offered=offered) for f in decision_fields()}
    intervals = bootstrap_intervals(by_field, {f: scale_size(f) for f in by_field})
    return [field_agreement(f, r, intervals[f]) for f, r in by_field.items()]

"""Synthetic decisions for rehearsal and benchmarks (``panel-review simulate``).

Decisions go through the same save path as a person's, so the history,
validation and durability are real.  The mix is plausible rather than
uniform: most decisions agree with the Met, some do not, a few are recused,
some stay drafts and some were revised before being finalised.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import replace

from review.cases import CATEGORIES, Case
from review.decisions import Decision, actions_for
from review.workspace.database import Workspace

_OPENERS = [
    "Having read the original file and the Met's reassessment,",
    "On the papers available to the panel,",
    "Taking the complainant's account and the investigation record together,",
    "Weighing the evidence gathered at the time against what was missed,",
    "After reviewing the documents and the subject's other cases,",
]
_REASONS = {
    "no_formal_action": [
        "the panel finds the original handling proportionate and sees no line of inquiry left open.",
        "the panel agrees that the action taken at the time was correct and adequately recorded.",
    ],
    "new_assessment": [
        "the panel finds that material lines of inquiry were not pursued and a fresh assessment is needed.",
        "the panel considers the original assessment unsafe because key witnesses were never approached.",
    ],
    "formal_risk_management": [
        "the panel considers that the risk the subject presents requires formal management now.",
        "the pattern across the subject's cases calls for formal risk management and a vetting review.",
    ],
}
_CLOSERS = ["", " The complainant's welfare should be checked before any contact.",
            " The decision log of the original investigation should be preserved.",
            " Supervisory oversight at the time was weak."]


def _other(rng: random.Random, category: str) -> str:
    return rng.choice([c for c in CATEGORIES if c != category])


# Built-in pattern (synthetic, like everything here): the Met's category for sexual
# misconduct and discrimination cases is too low more often than for other cases, as the
# review found that these reached "case to answer" less often; the panel raises it.
_UNDER_ESCALATED = ("sexual_misconduct", "discrimination")
_RAISED_SHARE = 0.3


def _under_escalated(case: Case, called_for: str, panel_seed: int) -> str:
    order = list(CATEGORIES)
    if (called_for != case.met_category or not set(case.allegation_types) & set(_UNDER_ESCALATED)
            or case.met_category == order[-1]):
        return called_for
    draw = random.Random(f"under:{panel_seed}:{case.case_id}").random()  # a stream of its own
    return order[order.index(case.met_category) + 1] if draw < _RAISED_SHARE else called_for


def synthetic_decision(case: Case, rng: random.Random, repeat_subject: bool,
                       panel_seed: int = 0) -> Decision:
    """One reviewer's decision.  What the case "calls for" is drawn from a
    generator shared by every reviewer of the case; each reviewer then departs
    from it now and then, so reviewers agree as often as real panels do."""
    shared = random.Random(f"case:{panel_seed}:{case.case_id}")
    called_for = case.met_category if shared.random() < 0.75 else _other(shared, case.met_category)
    called_for = _under_escalated(case, called_for, panel_seed)
    offered = list(actions_for(case.regime, case.subject_role))
    pool = [a for a in offered if a != "no_further_action"]
    base_actions = shared.sample(pool, shared.randint(1, 2))
    category = called_for if rng.random() < 0.85 else _other(rng, called_for)
    if category == "no_formal_action":
        actions = ["no_further_action"] if rng.random() < 0.85 else ["vetting_review"]
    else:
        actions = list(base_actions)
        if rng.random() < 0.2:  # this reviewer would also recommend something else
            actions.append(rng.choice([a for a in pool if a not in actions]))
        if category == "formal_risk_management" and "vetting_review" not in actions:
            actions.append("vetting_review")
    severity = None
    if "misconduct_proceedings" in actions:
        severity = "gross_misconduct" if rng.random() < 0.4 else "misconduct"
    concerns = [c for c, p in (("investigation_deficient", 0.35), ("victim_not_contacted", 0.2),
                               ("data_quality", 0.1)) if rng.random() < p]
    if repeat_subject and rng.random() < 0.7:
        concerns.append("repeat_subject")
    if "sexual_misconduct" in case.allegation_types and rng.random() < 0.6:
        concerns.append("sexual_misconduct")
    if "discrimination" in case.allegation_types and rng.random() < 0.6:
        concerns.append("discrimination")
    rationale = f"{rng.choice(_OPENERS)} {rng.choice(_REASONS[category])}{rng.choice(_CLOSERS)}"
    return Decision(category=category, actions=tuple(actions), severity=severity,
                    concerns=tuple(concerns), rationale=rationale,
                    confidence=rng.choice(["low", "medium", "medium", "high", "high"]),
                    status="final")


def simulate(ws: Workspace, seed: int = 0, coverage: float = 0.85,
             draft_rate: float = 0.2) -> Counter:
    """Decide about ``coverage`` of the workspace's cases, leaving about
    ``draft_rate`` of those as drafts; returns counts by outcome."""
    counts: Counter = Counter()
    member = ws.meta()["member_id"]
    subjects = Counter(c.subject_id for c in ws.iter_cases())
    subjects.update(r[0] for r in ws.db.execute("SELECT subject_id FROM linked_cases"))
    for case in list(ws.iter_cases()):
        rng = random.Random(f"simulate:{seed}:{member}:{case.case_id}")
        if rng.random() > coverage:
            counts["not started"] += 1
            continue
        if rng.random() < 0.03:
            ws.decisions.recuse(case.case_id, "I worked alongside the subject in the same "
                                              "command unit and declare a conflict of interest.")
            counts["recused"] += 1
            continue
        d = synthetic_decision(case, rng, subjects[case.subject_id] > 1)
        if rng.random() < 0.15:  # a first draft, revised later
            ws.decisions.save(case.case_id, replace(d, status="draft", rationale="",
                                                    confidence=None))
        if rng.random() < draft_rate:
            ws.decisions.save(case.case_id, replace(d, status="draft"))
            counts["draft"] += 1
        else:
            ws.decisions.finalise(case.case_id, d)
            counts["final"] += 1
            counts["agrees with Met" if d.category == case.met_category else "differs from Met"] += 1
    return counts

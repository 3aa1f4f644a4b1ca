"""A panel member's decision on one case, its vocabulary and its validation.

Drafts may be incomplete but never hold values outside the vocabulary;
finalising needs a complete, reasoned decision (IOPC guidance: every
decision, including a decision not to act, is explained).  Errors are keyed
by field so that a form can show each beside its control.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from typing import Any, Iterable

from review.cases import CATEGORIES, REGIMES, STAFF_PROCEDURE
from review.errors import DecisionInvalid

_OFFICERS = ("2004", "2008", "2012", "2020")
_ALL = _OFFICERS + (STAFF_PROCEDURE,)
# action code → (label, regimes in which it is offered).  Codes are never
# renamed or dropped: saved decisions and exported workbooks carry them.
# 2004: the Police (Conduct) Regulations 2004, whose hearing could order
# dismissal, a requirement to resign, reduction in rank, a fine, a reprimand
# or a caution; short of a hearing, management advice or a written warning.
# 2008 and 2012: management action or advice.  2020: practice requiring
# improvement, dealt with by the reflective practice review process.  Police
# staff: the force's staff misconduct procedure (management action, written
# and final written warnings, dismissal).
ACTIONS: dict[str, tuple[str, tuple[str, ...]]] = {
    "further_inquiry": ("Further lines of inquiry", _ALL),
    "refer_iopc": ("Refer to the IOPC", _ALL),
    "misconduct_proceedings": ("Misconduct proceedings", ("2008", "2012", "2020", STAFF_PROCEDURE)),
    "misconduct_hearing": ("Misconduct hearing (2004 Regulations)", ("2004",)),
    "management_action": ("Management action or advice", ("2004", "2008", "2012", STAFF_PROCEDURE)),
    "written_warning": ("Written warning", ("2004", STAFF_PROCEDURE)),
    "final_written_warning": ("Final written warning", (STAFF_PROCEDURE,)),
    "caution": ("Caution", ("2004",)),
    "reprimand": ("Reprimand", ("2004",)),
    "fine": ("Fine", ("2004",)),
    "reduction_in_rank": ("Reduction in rank", ("2004",)),
    "requirement_to_resign": ("Requirement to resign", ("2004",)),
    "dismissal": ("Dismissal", ("2004", STAFF_PROCEDURE)),
    "rprp": ("Reflective practice review process (RPRP)", ("2020",)),
    "practice_requiring_improvement": ("Practice requiring improvement", ("2020",)),
    "unsatisfactory_performance": ("Unsatisfactory performance procedures", _OFFICERS),
    "vetting_review": ("Vetting review", _ALL),
    "regulation_13": ("Regulation 13 review (probationers)", _OFFICERS),
    "safeguarding_referral": ("Safeguarding referral", _ALL),
    "barred_list_check": ("Barred/Advisory List check", _ALL),
    "no_further_action": ("No further action", _ALL),
}
# Regulation 13 of the Police Regulations 2003 (dispensing with a
# probationer's services) applies to probationers and to nobody else.
PROBATIONERS_ONLY = frozenset({"regulation_13"})
# Labels that earlier versions wrote into exports, so that their workbooks still read.
FORMER_ACTION_LABELS: dict[str, str] = {
    "Management action or advice (2012 regulations)": "management_action",
    "Reflective practice review (RPRP)": "rprp",
}
SEVERITIES = {"misconduct": "Misconduct", "gross_misconduct": "Gross misconduct"}
CONCERNS = {
    "discrimination": "Discrimination",
    "sexual_misconduct": "Sexual misconduct",
    "repeat_subject": "Repeat subject",
    "investigation_deficient": "Original investigation deficient",
    "victim_not_contacted": "Victim/complainant not contacted",
    "data_quality": "Data quality",
}
CONFIDENCE = {"low": "Low", "medium": "Medium", "high": "High"}
STATUSES = {"draft": "Draft", "final": "Final"}
# Longest rationale or recusal reason: it must fit in one cell of the Excel export
# (Excel holds 32,767 characters a cell), with room for the export's escapes.
MAX_TEXT = 30_000
# What a case list shows: a decision's state, including "no decision yet".
REVIEW_STATES = {"not_started": "Not started", "draft": "Draft", "final": "Final",
                 "recused": "Recused"}

# Placeholders people type to get past a required field.
_PLACEHOLDER = re.compile(r"^(n/?a|tbc|tbd|todo|none|nil|see above|as above|x+|\.+|-+|test)$", re.I)


def actions_for(regime: str, role: str) -> dict[str, str]:
    """The actions offered to a subject of ``role`` under ``regime``, code → label, in
    display order.  Police staff always get the staff procedure's actions."""
    if role == "staff":
        regime = STAFF_PROCEDURE
    return {code: label for code, (label, regimes) in ACTIONS.items()
            if regime in regimes and (role == "probationer" or code not in PROBATIONERS_ONLY)}


def not_offered_reason(code: str, regime: str, role: str) -> str:
    """Why an action is not offered on a case: a sentence naming the regime or the role."""
    label = ACTIONS[code][0] if code in ACTIONS else code
    if code in PROBATIONERS_ONLY and role != "probationer":
        return f"{label} applies to probationers only."
    return f"{label} is not offered under the {REGIMES.get(regime, regime)}."


def is_real_sentence(text: str) -> bool:
    """At least one real sentence: four or more words and twenty letters, not a placeholder."""
    stripped = text.strip()
    if _PLACEHOLDER.match(stripped):
        return False
    words = re.findall(r"[^\W\d_]{2,}", stripped)
    letters = sum(ch.isalpha() for ch in stripped)
    return len(words) >= 4 and letters >= 20 and len(set(w.lower() for w in words)) >= 3


@dataclass(frozen=True)
class Decision:
    category: str | None = None
    actions: tuple[str, ...] = ()
    severity: str | None = None
    concerns: tuple[str, ...] = ()
    rationale: str = ""
    confidence: str | None = None
    status: str = "draft"
    recused: bool = False
    recusal_reason: str = ""

    @property
    def review_state(self) -> str:
        if self.recused:
            return "recused"
        return self.status

    def agrees_with(self, met_category: str) -> bool | None:
        return None if self.category is None else self.category == met_category

    def normalised(self) -> "Decision":
        """Order-independent lists, trimmed text: equal decisions serialise equally."""
        order_a, order_c = list(ACTIONS), list(CONCERNS)
        return replace(
            self,
            actions=tuple(sorted(set(self.actions), key=lambda a: order_a.index(a) if a in order_a else 99)),
            concerns=tuple(sorted(set(self.concerns), key=lambda c: order_c.index(c) if c in order_c else 99)),
            rationale=self.rationale.strip(),
            recusal_reason=self.recusal_reason.strip(),
        )

    def to_json(self) -> dict[str, Any]:
        return {"category": self.category, "actions": list(self.actions),
                "severity": self.severity, "concerns": list(self.concerns),
                "rationale": self.rationale, "confidence": self.confidence,
                "status": self.status, "recused": self.recused,
                "recusal_reason": self.recusal_reason}

    def canonical(self) -> str:
        return json.dumps(self.to_json(), sort_keys=True, separators=(",", ":"), ensure_ascii=False)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "Decision":
        return cls(category=data.get("category"), actions=tuple(data.get("actions") or ()),
                   severity=data.get("severity"), concerns=tuple(data.get("concerns") or ()),
                   rationale=data.get("rationale") or "", confidence=data.get("confidence"),
                   status=data.get("status") or "draft", recused=bool(data.get("recused")),
                   recusal_reason=data.get("recusal_reason") or "")


def shape_errors(d: Decision, regime: str, role: str,
                 kept: Iterable[str] = ()) -> dict[str, str]:
    """Values outside the vocabulary, or actions the case is not offered: refused even
    in a draft.

    ``kept``: the actions of the decision already saved on the case.  One that
    the case is no longer offered (it was recorded under an earlier rule, such
    as the regime by conduct date) may stay in a draft or a recusal, so that
    nothing saved is lost; :func:`final_errors` asks for it to be removed.
    """
    errors: dict[str, str] = {}
    if regime not in REGIMES:
        errors["regime"] = f"The regulations regime {regime!r} is unknown."
    if d.category is not None and d.category not in CATEGORIES:
        errors["category"] = f"The category {d.category!r} is not one the panel uses."
    offered, kept = actions_for(regime, role), set(kept)
    for a in d.actions:
        if a not in ACTIONS:
            errors["actions"] = f"The action {a!r} is not one the panel uses."
        elif a not in offered and a not in kept:
            errors["actions"] = not_offered_reason(a, regime, role)
    if d.severity is not None and d.severity not in SEVERITIES:
        errors["severity"] = f"The severity {d.severity!r} is not misconduct or gross misconduct."
    for c in d.concerns:
        if c not in CONCERNS:
            errors["concerns"] = f"The concern {c!r} is not one the panel records."
    if d.confidence is not None and d.confidence not in CONFIDENCE:
        errors["confidence"] = "Confidence must be low, medium or high."
    if d.status not in STATUSES:
        errors["status"] = "Status must be draft or final."
    if not isinstance(d.rationale, str) or not isinstance(d.recusal_reason, str):
        errors["rationale"] = "The rationale must be text."
        return errors
    for key, name in (("rationale", "rationale"), ("recusal_reason", "reason for recusal")):
        length = len(getattr(d, key))
        if length > MAX_TEXT:
            errors[key] = (f"The {name} has {length:,} characters; it can have at most "
                           f"{MAX_TEXT:,}, so that it fits in one cell of the Excel export. "
                           "Shorten it; until then this change is not saved.")
    return errors


def final_errors(d: Decision, regime: str, role: str,
                 kept: Iterable[str] = ()) -> dict[str, str]:
    """Everything that stops a decision from being finalised, by field."""
    errors = shape_errors(d, regime, role, kept)
    if d.recused:
        if not is_real_sentence(d.recusal_reason):
            errors["recusal_reason"] = ("Give the reason for the recusal in at least one full "
                                        "sentence (the conflict of interest you are declaring).")
        return errors
    if d.category is None:
        errors["category"] = "Choose the panel's category."
    if not is_real_sentence(d.rationale):
        errors["rationale"] = ("Write the rationale in at least one full sentence: every "
                               "decision, including a decision not to act, is explained.")
    if "misconduct_proceedings" in d.actions and d.severity is None:
        errors["severity"] = "Say whether the misconduct proceedings are for misconduct or gross misconduct."
    if d.severity is not None and "misconduct_proceedings" not in d.actions:
        errors["severity"] = "A severity is given, but misconduct proceedings are not recommended."
    if "no_further_action" in d.actions and len(d.actions) > 1:
        errors["actions"] = "No further action cannot be combined with other actions."
    offered = actions_for(regime, role)
    earlier = [a for a in d.actions if a in ACTIONS and a not in offered]
    if earlier and "actions" not in errors:
        errors["actions"] = (not_offered_reason(earlier[0], regime, role)[:-1]
                             + "; it was recorded under the earlier rule. Untick it to "
                             "finalise.")
    if d.confidence is None:
        errors["confidence"] = "Say how confident you are in this decision."
    return errors


def check_draft(d: Decision, regime: str, role: str, kept: Iterable[str] = ()) -> Decision:
    d = d.normalised()
    errors = shape_errors(d, regime, role, kept)
    if errors:
        raise DecisionInvalid(errors, lead="The decision cannot be saved.")
    return d


def check_final(d: Decision, regime: str, role: str, kept: Iterable[str] = ()) -> Decision:
    d = d.normalised()
    errors = final_errors(d, regime, role, kept)
    if errors:
        raise DecisionInvalid(errors)
    return replace(d, status="final")

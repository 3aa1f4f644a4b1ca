"""The case model: what a panel member reads before deciding.

Cases travel inside bundles as plain JSON objects (see docs/formats.md) and
are turned into :class:`Case` values here, with every field checked, so that
the rest of the program can rely on their shape.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from review.errors import CaseDataError

# The Met's (and the panel's) reassessment categories, in display order.
CATEGORIES: dict[str, str] = {
    "no_formal_action": "No formal action",
    "new_assessment": "New assessment",
    "formal_risk_management": "Formal risk management",
}

SUBJECT_ROLES: dict[str, str] = {
    "officer": "Police officer",
    "staff": "Police staff",
    "probationer": "Probationer",
}

ALLEGATION_TYPES: dict[str, str] = {
    "domestic_abuse": "Domestic abuse",
    "sexual_violence": "Sexual violence",
    "sexual_misconduct": "Sexual misconduct",
    "discrimination": "Discrimination",
    "other": "Other",
}

GENDERS = ("female", "male", "not recorded")
ETHNICITIES = ("White", "Black", "Asian", "Mixed", "Other", "Not stated")
DOCUMENT_KINDS = ("pdf", "text")

# Which rules a case falls under follows the law, not the date of the conduct:
# for officers (probationers included) the Police (Conduct) Regulations in
# force when the allegation came to the attention of the appropriate
# authority; for police staff, who are not under the Conduct Regulations, the
# force's own staff misconduct procedure.  A case list may state the
# regulations of a case (transitional cases), and that wins.
REGULATIONS_STARTS: tuple[tuple[dt.date, str], ...] = (
    (dt.date(2008, 12, 1), "2008"),
    (dt.date(2012, 11, 22), "2012"),
    (dt.date(2020, 2, 1), "2020"),
)
REGULATIONS: dict[str, str] = {
    "2004": "Police (Conduct) Regulations 2004",
    "2008": "Police (Conduct) Regulations 2008",
    "2012": "Police (Conduct) Regulations 2012",
    "2020": "Police (Conduct) Regulations 2020",
}
STAFF_PROCEDURE = "staff"
# Every regime a case can be under: the regulations, and the staff procedure.
REGIMES: dict[str, str] = {**REGULATIONS, STAFF_PROCEDURE: "Police staff misconduct procedure"}
# The same, short enough for a filter or a table cell.
REGIME_SHORT: dict[str, str] = {**{k: f"{k} Regulations" for k in REGULATIONS},
                                STAFF_PROCEDURE: "Police staff procedure"}


def regime_for(attention_date: dt.date) -> str:
    """The Conduct Regulations ("2004" … "2020") for an allegation that came to the
    attention of the appropriate authority on ``attention_date``."""
    regime = "2004"
    for start, name in REGULATIONS_STARTS:
        if attention_date >= start:
            regime = name
    return regime


def short_date(d: dt.date) -> str:
    """14 Mar 2015: the way the form and the case header give a date in a sentence."""
    return f"{d.day} {_MONTHS[d.month - 1]} {d.year}"  # not strftime: it follows the locale


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


NOT_RECORDED = "not recorded"
DATA_QUALITY_FLAGS = {"date_order": "dates out of order"}
# Fields a real record may lack; a case shows them as "not recorded", with a data-quality flag.
RECORDABLE_FIELDS = ("original_ref", "rank", "summary", "conduct_date", "reported_date",
                     "outcome_date", "original_outcome", "met_rationale")


@dataclass(frozen=True)
class DocumentRef:
    doc_id: str
    title: str
    kind: str  # "pdf" or "text"
    filename: str

    def to_json(self) -> dict[str, Any]:
        return {"doc_id": self.doc_id, "title": self.title, "kind": self.kind,
                "filename": self.filename}


@dataclass(frozen=True)
class Case:
    case_id: str
    original_ref: str
    subject_id: str
    subject_role: str
    rank: str
    gender: str
    ethnicity: str
    allegation_types: tuple[str, ...]
    summary: str
    conduct_date: dt.date | None
    reported_date: dt.date | None
    outcome_date: dt.date | None
    original_outcome: str
    met_category: str
    met_rationale: str
    lines_of_inquiry: tuple[str, ...] = ()
    risk_measures: tuple[str, ...] = ()
    documents: tuple[DocumentRef, ...] = field(default_factory=tuple)
    # Optional in a case list and in a bundle (older bundles have neither):
    # the date the allegation came to the attention of the appropriate
    # authority when it is not the date reported, and the regulations the
    # case list states for the case.
    attention_date: dt.date | None = None
    stated_regime: str | None = None
    # Data-quality flags the case list's check attached ("date_order": its dates are out
    # of order as recorded); a bundle reader accepts such dates only when flagged.
    data_quality: tuple[str, ...] = ()

    @property
    def regulations(self) -> str:
        """The Conduct Regulations of the case ("2004" … "2020"), stated or by date."""
        if self.stated_regime:
            return self.stated_regime
        # A case list gives the attention date, the date reported or the regime; a record
        # that lacks both dates but has the conduct date is placed by that (the earliest
        # the matter can have come to attention), which the reason line says.
        when = self.attention_date or self.reported_date or self.conduct_date
        if when is None:
            raise CaseDataError(f"Case {self.case_id}: neither a date reported, a date it came "
                                "to attention nor a regime is recorded.")
        return regime_for(when)

    @property
    def regime(self) -> str:
        """What the case falls under: its regulations, or "staff" for police staff."""
        return STAFF_PROCEDURE if self.subject_role == "staff" else self.regulations

    @property
    def regime_reason(self) -> str:
        """Why that regime, for the form: "reported 14 Mar 2015", "stated in the case list"."""
        if self.regime == STAFF_PROCEDURE:
            return "police staff are not under the Conduct Regulations"
        if self.stated_regime:
            return "stated in the case list"
        if self.attention_date:
            return f"came to attention {short_date(self.attention_date)}"
        if self.reported_date:
            return f"reported {short_date(self.reported_date)}"
        return f"date reported not recorded; conduct {short_date(self.conduct_date)}"

    @property
    def regime_line(self) -> str:
        """"2012 Regulations: reported 14 Mar 2015.": the regime and why, in one line."""
        if self.regime == STAFF_PROCEDURE:
            return (f"{REGIMES[STAFF_PROCEDURE]}: police staff are not under the Conduct "
                    "Regulations.")
        return f"{REGIME_SHORT[self.regime]}: {self.regime_reason}."

    @property
    def days_to_outcome(self) -> int | None:
        """Days from the report to the original outcome (Casey: 400 on average); None when
        either date is not recorded."""
        if self.outcome_date is None or self.reported_date is None:
            return None
        return (self.outcome_date - self.reported_date).days

    @property
    def not_recorded(self) -> tuple[str, ...]:
        """The fields this case's record lacks (its data-quality flag when not empty)."""
        missing = tuple(n for n in RECORDABLE_FIELDS if getattr(self, n) in (None, ""))
        return missing + (("gender",) if self.gender == NOT_RECORDED else ())

    def to_json(self) -> dict[str, Any]:
        return {
            "case_id": self.case_id,
            "original_ref": self.original_ref,
            "subject_id": self.subject_id,
            "subject_role": self.subject_role,
            "rank": self.rank,
            "gender": self.gender,
            "ethnicity": self.ethnicity,
            "allegation_types": list(self.allegation_types),
            "summary": self.summary,
            "conduct_date": _iso(self.conduct_date),
            "reported_date": _iso(self.reported_date),
            "outcome_date": _iso(self.outcome_date),
            "original_outcome": self.original_outcome,
            "met_category": self.met_category,
            "met_rationale": self.met_rationale,
            "lines_of_inquiry": list(self.lines_of_inquiry),
            "risk_measures": list(self.risk_measures),
            "documents": [d.to_json() for d in self.documents],
            # Written only when given, so that a bundle without them reads as before.
            **({"attention_date": self.attention_date.isoformat()} if self.attention_date else {}),
            **({"stated_regime": self.stated_regime} if self.stated_regime else {}),
            **({"data_quality": list(self.data_quality)} if self.data_quality else {}),
        }

    def dates_out_of_order(self) -> bool:
        c, a, r, o = self.conduct_date, self.attention_date, self.reported_date, self.outcome_date
        return bool((c and r and r < c) or (r and o and o < r) or (c and a and a < c))

    @classmethod
    def from_json(cls, data: Any) -> "Case":
        """Build a case from bundle JSON; raise CaseDataError naming the field."""
        if not isinstance(data, dict):
            raise CaseDataError("A case entry is not an object.")
        cid = data.get("case_id")
        if not isinstance(cid, str) or not cid.strip():
            raise CaseDataError("A case has no case id.")
        r = _Reader(cid, data)
        case = cls(
            case_id=cid,
            original_ref=r.text("original_ref", allow_empty=True),
            subject_id=r.text("subject_id"),
            subject_role=r.choice("subject_role", SUBJECT_ROLES),
            rank=r.text("rank", allow_empty=True),
            gender=r.choice("gender", GENDERS),
            ethnicity=r.choice("ethnicity", ETHNICITIES),
            allegation_types=r.choices("allegation_types", ALLEGATION_TYPES),
            summary=r.text("summary", allow_empty=True),
            conduct_date=r.date("conduct_date"),
            reported_date=r.date("reported_date"),
            outcome_date=r.date("outcome_date"),
            original_outcome=r.text("original_outcome", allow_empty=True),
            met_category=r.choice("met_category", CATEGORIES),
            met_rationale=r.text("met_rationale", allow_empty=True),
            lines_of_inquiry=r.text_list("lines_of_inquiry"),
            risk_measures=r.text_list("risk_measures"),
            documents=r.documents(),
            attention_date=r.date("attention_date") if data.get("attention_date") else None,
            stated_regime=(r.choice("stated_regime", REGULATIONS)
                           if data.get("stated_regime") is not None else None),
            data_quality=r.choices("data_quality", DATA_QUALITY_FLAGS, optional=True),
        )
        # Dates out of order are a data-quality warning when the case list is read
        # (review.intake.quality) and are kept as found, flagged; unflagged, they are refused.
        flagged = "date_order" in case.data_quality
        if (not flagged and case.attention_date and case.conduct_date
                and case.attention_date < case.conduct_date):
            raise CaseDataError(f"Case {cid}: it came to attention before the conduct took place.")
        if case.dates_out_of_order() and not flagged:
            raise CaseDataError(f"Case {cid}: its dates are out of order (conduct, attention, "
                                "report, outcome) and the case does not say so.")
        if not (case.stated_regime or case.attention_date or case.reported_date
                or case.conduct_date):
            raise CaseDataError(f"Case {cid}: neither a date reported, a date it came to "
                                "attention nor a regime is recorded.")
        return case


def _iso(day: dt.date | None) -> str | None:
    return None if day is None else day.isoformat()


class _Reader:
    """Typed access to one case's JSON fields with messages that name them."""

    def __init__(self, case_id: str, data: dict[str, Any]):
        self.case_id, self.data = case_id, data

    def _fail(self, name: str, problem: str) -> CaseDataError:
        return CaseDataError(f"Case {self.case_id}: field '{name}' {problem}.")

    def text(self, name: str, allow_empty: bool = False) -> str:
        value = self.data.get(name)
        if not isinstance(value, str) or (not allow_empty and not value.strip()):
            raise self._fail(name, "is missing or empty")
        return value

    def choice(self, name: str, allowed) -> str:
        value = self.data.get(name)
        if value not in allowed:
            raise self._fail(name, f"has the unknown value {value!r}")
        return value

    def choices(self, name: str, allowed, optional: bool = False) -> tuple[str, ...]:
        values = self.data.get(name)
        if optional and values is None:
            return ()
        if not isinstance(values, list) or (not values and not optional):
            raise self._fail(name, "must list at least one value")
        for v in values:
            if v not in allowed:
                raise self._fail(name, f"has the unknown value {v!r}")
        return tuple(values)

    def text_list(self, name: str) -> tuple[str, ...]:
        values = self.data.get(name, [])
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            raise self._fail(name, "must be a list of texts")
        return tuple(values)

    def date(self, name: str) -> dt.date | None:
        value = self.data.get(name)
        if value is None:
            return None
        try:
            return dt.date.fromisoformat(value)
        except (TypeError, ValueError):
            raise self._fail(name, f"is not a date (YYYY-MM-DD): {value!r}") from None

    def documents(self) -> tuple[DocumentRef, ...]:
        docs = self.data.get("documents", [])
        if not isinstance(docs, list):
            raise self._fail("documents", "must be a list")
        out = []
        for d in docs:
            if not isinstance(d, dict) or d.get("kind") not in DOCUMENT_KINDS or not all(
                isinstance(d.get(k), str) and d.get(k) for k in ("doc_id", "title", "filename")
            ):
                raise self._fail("documents", "has an entry without doc_id, title, kind or filename")
            out.append(DocumentRef(d["doc_id"], d["title"], d["kind"], d["filename"]))
        return tuple(out)

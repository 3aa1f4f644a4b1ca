"""Rates by group: ethnicity, gender, role and allegation type.

For each group of subjects and each outcome (the panel escalated the Met's
category; the panel recommended misconduct proceedings; the Met itself chose
formal risk management) the rate in the group is set against the rate in a
stated reference group.  Groups of fewer than ten cases are suppressed and
never a reference; "not recorded" groups are kept; flags come from
Benjamini–Hochberg over every comparison made at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable, Mapping

from review.cases import ALLEGATION_TYPES, ETHNICITIES, GENDERS, SUBJECT_ROLES, Case
from review.decisions import Decision
from review.insights.rates import Rate, RelativeRate, benjamini_hochberg, relative_rate

# category order: a panel category later in this list than the Met's is an escalation
CATEGORY_ORDER = ("no_formal_action", "new_assessment", "formal_risk_management")
PROCEEDINGS = ("misconduct_proceedings", "misconduct_hearing")  # the 2004 name of the same step


def escalated(case: Case, decision: Decision) -> bool:
    return CATEGORY_ORDER.index(decision.category) > CATEGORY_ORDER.index(case.met_category)


def de_escalated(case: Case, decision: Decision) -> bool:
    return CATEGORY_ORDER.index(decision.category) < CATEGORY_ORDER.index(case.met_category)


@dataclass(frozen=True)
class Outcome:
    key: str
    label: str
    needs_panel: bool   # measured on cases with a panel decision, or on every case
    test: Callable[[Case, Decision | None], bool]


OUTCOMES = (
    Outcome("escalated", "Panel escalated the Met's category", True,
            lambda c, d: escalated(c, d)),
    Outcome("proceedings", "Panel recommended misconduct proceedings", True,
            lambda c, d: any(a in PROCEEDINGS for a in d.actions)),
    Outcome("met_formal", "Met chose formal risk management", False,
            lambda c, d: c.met_category == "formal_risk_management"),
)


@dataclass(frozen=True)
class Dimension:
    key: str
    label: str
    values: tuple[tuple[str, str], ...]        # (value, label) in display order
    reference: str
    of: Callable[[Case], Iterable[str]]        # a case's value(s): allegations may be several


DIMENSIONS = (
    Dimension("ethnicity", "Subject's ethnicity", tuple((e, e) for e in ETHNICITIES), "White",
              lambda c: (c.ethnicity,)),
    Dimension("gender", "Subject's gender", tuple((g, g.capitalize()) for g in GENDERS), "male",
              lambda c: (c.gender,)),
    Dimension("role", "Subject's role", tuple(SUBJECT_ROLES.items()), "officer",
              lambda c: (c.subject_role,)),
    Dimension("allegation", "Allegation type", tuple(ALLEGATION_TYPES.items()), "other",
              lambda c: c.allegation_types),
)


@dataclass(frozen=True)
class GroupRow:
    dimension: str
    outcome: str
    value: str
    label: str
    is_reference: bool
    rate: Rate
    relative: RelativeRate | None   # None for the reference row itself
    flagged: bool = False           # a difference that survives Benjamini–Hochberg at 5%


@dataclass(frozen=True)
class GroupTable:
    dimension: Dimension
    outcome: Outcome
    reference_usable: bool          # False: the reference group is under ten cases
    rows: tuple[GroupRow, ...]


def group_tables(cases: Iterable[Case], decisions: Mapping[str, Decision]) -> list[GroupTable]:
    """One table per dimension and outcome, with flags decided over all of them together."""
    cases = list(cases)
    tables: list[GroupTable] = []
    for dim in DIMENSIONS:
        for outcome in OUTCOMES:
            tables.append(_table(dim, outcome, cases, decisions))
    rows = [(t, i) for t, table in enumerate(tables) for i, r in enumerate(table.rows)
            if r.relative is not None]
    flags = benjamini_hochberg([tables[t].rows[i].relative.p for t, i in rows])
    out = [list(t.rows) for t in tables]
    for (t, i), flag in zip(rows, flags):
        out[t][i] = _with_flag(out[t][i], flag)
    return [GroupTable(t.dimension, t.outcome, t.reference_usable, tuple(r))
            for t, r in zip(tables, out)]


def _with_flag(row: GroupRow, flag: bool) -> GroupRow:
    return GroupRow(row.dimension, row.outcome, row.value, row.label, row.is_reference,
                    row.rate, row.relative, flag)


def _table(dim: Dimension, outcome: Outcome, cases: list[Case],
           decisions: Mapping[str, Decision]) -> GroupTable:
    counts: dict[str, list[int]] = {v: [0, 0] for v, _ in dim.values}
    for case in cases:
        decision = decisions.get(case.case_id)
        if outcome.needs_panel and decision is None:
            continue
        hit = outcome.test(case, decision)
        for value in set(dim.of(case)):
            cell = counts.setdefault(value, [0, 0])  # a value outside our vocabulary is kept
            cell[0] += hit
            cell[1] += 1
    labels = dict(dim.values)
    reference = Rate(*counts[dim.reference])
    usable = not reference.suppressed
    rows = []
    for value, (k, n) in counts.items():
        rate = Rate(k, n)
        is_ref = value == dim.reference
        rel = None if is_ref else (relative_rate(rate, reference) if usable
                                   else relative_rate(rate, Rate(0, 0)))
        rows.append(GroupRow(dim.key, outcome.key, value, labels.get(value, value), is_ref,
                             rate, rel))
    return GroupTable(dim, outcome, usable, tuple(rows))

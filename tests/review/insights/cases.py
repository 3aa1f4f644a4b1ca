"""Small hand-made case sets for the insights tests."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from functools import lru_cache

from review.cases import Case
from review.decisions import Decision
from review.demo.data import generate_cases


@lru_cache(maxsize=1)
def _template() -> Case:
    return Case.from_json(generate_cases(1, seed=3)[0])


def case(i: int, *, met: str = "new_assessment", ethnicity: str = "White", gender: str = "male",
         role: str = "officer", types: tuple[str, ...] = ("other",), subject: str | None = None,
         reported: dt.date | None = dt.date(2019, 1, 1), days: int | None = 100,
         conduct: dt.date | None = dt.date(2018, 12, 1)) -> Case:
    outcome = None if reported is None or days is None else reported + dt.timedelta(days=days)
    return replace(_template(), case_id=f"T-{i:05d}", subject_id=subject or f"S-{i:05d}",
                   met_category=met, ethnicity=ethnicity, gender=gender, subject_role=role,
                   allegation_types=types, reported_date=reported, outcome_date=outcome,
                   conduct_date=conduct, attention_date=None, stated_regime=None)


def decision(category: str, actions: tuple[str, ...] = ("further_inquiry",)) -> Decision:
    return Decision(category=category, actions=actions, rationale="x", confidence="high",
                    status="final")

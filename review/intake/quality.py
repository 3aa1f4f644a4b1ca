"""Data-quality warnings on a parsed case list: things to check that block nothing.

Real records carry dates out of order, placeholders for unknown dates, dates
in the future or from long ago, one "subject" holding half the list (a code
typed in the subject column), and the same narrative pasted into many cases.
Each is a warning in the problems file; none stops the bundles.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any, Mapping, Sequence

from review.intake.problems import Problem, ProblemList
from review.intake.table import Placed

OLD_BEFORE = dt.date(1970, 1, 1)
# Dates systems write when the real one is unknown.
PLACEHOLDER_DATES = frozenset({dt.date(1970, 1, 1), dt.date(1999, 12, 31), dt.date(2000, 1, 1),
                               dt.date(2099, 12, 31), dt.date(2100, 1, 1), dt.date(2100, 12, 31)})
SHARE_FROM_CASES, SHARE = 20, 0.05     # a subject with 5% of the cases (and at least 20)
NARRATIVE_REPEATS = 5                  # one narrative on 5 cases or more
DATES = ("conduct_date", "reported_date", "outcome_date")
# Fields that may be empty: counted per column, never per cell.
RECORDABLE = {"original_ref": "", "summary": "", "conduct_date": None, "outcome_date": None,
              "original_outcome": "", "met_rationale": "", "rank": "",
              "gender": "not recorded", "ethnicity": "Not stated"}


def check_quality(rows: Sequence[tuple[int, dict[str, Any]]], placed: Mapping[str, Placed],
                  source: str, problems: ProblemList, today: dt.date | None = None) -> None:
    """Warnings for ``rows``: (row number, the row's fields), one per row of the list."""
    today = today or dt.date.today()

    def warn(row: int | None, name: str | None, kind: str, message: str,
             value: object = None) -> None:
        p = placed.get(name) if name else None
        problems.add(Problem(source, row, p.letter if p else None, message,
                             p.header if p else None, kind=kind,
                             value=None if value is None else str(value)))

    for number, data in rows:
        conduct, reported, outcome = (data.get(k) for k in DATES)
        if conduct and reported and reported < conduct:
            warn(number, "reported_date", "date_order", (
                f"{reported.isoformat()} is before the conduct date ({conduct.isoformat()})."),
                reported.isoformat())
        attention = data.get("attention_date")
        if conduct and attention and attention < conduct:
            warn(number, "attention_date", "date_order", (
                f"{attention.isoformat()} is before the conduct date ({conduct.isoformat()})."),
                attention.isoformat())
        if reported and outcome and outcome < reported:
            warn(number, "outcome_date", "date_order", (
                f"{outcome.isoformat()} is before the reported date ({reported.isoformat()})."),
                outcome.isoformat())
        for name in DATES:
            day = data.get(name)
            if not isinstance(day, dt.date):
                continue
            if day in PLACEHOLDER_DATES:
                warn(number, name, "placeholder_date", (
                    f"{day.isoformat()} looks like a placeholder for an unknown date."), day)
            elif day > today:
                warn(number, name, "future_date", f"{day.isoformat()} is in the future.", day)
            elif day < OLD_BEFORE:
                warn(number, name, "old_date", (
                    f"{day.isoformat()} is before {OLD_BEFORE.year}; check it."), day)
    _shares(rows, warn)
    _narratives(rows, warn)
    for name, empty in RECORDABLE.items():
        missing = [n for n, d in rows if d.get(name, empty) == empty]
        if missing:
            where = placed.get(name)
            what = f"column {where.letter}" if where else "no column"
            warn(None, name, "not_recorded", (
                f"{len(missing):,} of {len(rows):,} rows have no {name} ({what}); those cases "
                f"show it as 'not recorded'. First rows: "
                + ", ".join(str(n) for n in missing[:8]) + (" ..." if len(missing) > 8 else "")))


def _shares(rows, warn) -> None:
    counts = Counter(d["subject_id"] for _, d in rows if d.get("subject_id"))
    total = sum(counts.values())
    if total < SHARE_FROM_CASES:
        return
    first = {}
    for n, d in rows:
        first.setdefault(d.get("subject_id"), n)
    for subject, n in counts.most_common(5):
        if n >= SHARE_FROM_CASES and n > SHARE * total:
            warn(first[subject], "subject_id", "subject_share", (
                f"The subject {subject!r} has {n:,} of the {total:,} rows ({n / total:.0%}); "
                "check that the subject column holds people."), subject)


def _narratives(rows, warn) -> None:
    # The text itself is the key: a string's hash is computed once and kept by Python.
    seen: dict[str, list[int]] = {}
    for n, d in rows:
        text = d.get("summary")
        if text and len(text) >= 20:
            seen.setdefault(text, []).append(n)
    for numbers in seen.values():
        if len(numbers) >= NARRATIVE_REPEATS:
            warn(numbers[0], "summary", "repeated_narrative", (
                f"The same summary is on {len(numbers):,} rows: "
                + ", ".join(str(x) for x in numbers[:10]) + (" ..." if len(numbers) > 10 else "")
                + "."))

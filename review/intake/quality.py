"""Data-quality warnings on a parsed case list: things to check that block nothing.

Real records carry dates out of order, placeholders for unknown dates, dates
in the future or from long ago, one "subject" holding half the list (a code
typed in the subject column), and the same narrative pasted into many cases.
Each is a warning in the problems file; none stops the bundles.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from itertools import islice
from typing import Any, Mapping, Sequence

from review.intake.cells import BadValue
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


def check_quality(numbers: Sequence[int], fields: Mapping[str, list],
                  placed: Mapping[str, Placed], source: str, problems: ProblemList,
                  today: dt.date | None = None) -> None:
    """Warnings for the rows ``numbers``, whose fields are the columns ``fields``
    (a value that is not of the field's type counts as absent: its cell had a problem).

    Worked column by column; the warnings are added in the order of a row-by-row pass.
    """
    today = today or dt.date.today()

    def warning(row: int | None, name: str | None, kind: str, message: str,
                value: object = None) -> Problem:
        p = placed.get(name) if name else None
        return Problem(source, row, p.letter if p else None, message,
                       p.header if p else None, kind=kind,
                       value=None if value is None else str(value))

    def warn(*args, **kwargs) -> None:
        problems.add(warning(*args, **kwargs))

    def dates(name: str) -> list:
        column = fields.get(name) or none
        if BadValue not in set(map(type, column)):     # the usual: nothing to clear
            return column
        return [d if isinstance(d, dt.date) else None for d in column]

    none = [None] * len(numbers)
    conduct, reported, outcome, attention = map(dates, (*DATES, "attention_date"))
    found: list[tuple[int, int, Problem]] = []      # (row position, order in the row, warning)
    for order, (later, earlier, name, before) in enumerate((
            (reported, conduct, "reported_date", "the conduct date"),
            (attention, conduct, "attention_date", "the conduct date"),
            (outcome, reported, "outcome_date", "the reported date"))):
        found += [(i, order, warning(numbers[i], name, "date_order", (
            f"{b.isoformat()} is before {before} ({a.isoformat()})."), b.isoformat()))
            for i, (a, b) in enumerate(zip(earlier, later)) if a and b and b < a]
    for order, (name, column) in enumerate(zip(DATES, (conduct, reported, outcome)), 3):
        odd = {day: _date_warning(day, today) for day in set(column) if day is not None}
        odd = {day: w for day, w in odd.items() if w}
        if odd:
            found += [(i, order, warning(numbers[i], name, *odd[day], day))
                      for i, day in enumerate(column) if day in odd]
    found.sort(key=lambda f: (f[0], f[1]))
    for _, _, problem in found:
        problems.add(problem)
    subjects = [s if type(s) is str else None for s in fields.get("subject_id") or none]
    _shares(numbers, subjects, warn)
    _narratives(numbers, [t if type(t) is str else None for t in fields.get("summary") or none],
                warn)
    for name, empty in RECORDABLE.items():
        column = fields.get(name)
        if column is None:
            missing = list(numbers)
        elif BadValue in set(map(type, column)):
            missing = [n for n, v in zip(numbers, column) if type(v) is BadValue or v == empty]
        else:                       # the count, and the first rows only (all of them rarely)
            count = column.count(empty)
            first = islice((n for n, v in zip(numbers, column) if v == empty), 9)
            missing = [*first, *[None] * max(0, count - 9)] if count else []
        if missing:
            where = placed.get(name)
            what = f"column {where.letter}" if where else "no column"
            warn(None, name, "not_recorded", (
                f"{len(missing):,} of {len(numbers):,} rows have no {name} ({what}); those "
                f"cases show it as 'not recorded'. First rows: "
                + ", ".join(str(n) for n in missing[:8]) + (" ..." if len(missing) > 8 else "")))


def _date_warning(day: dt.date, today: dt.date) -> tuple[str, str] | None:
    if day in PLACEHOLDER_DATES:
        return "placeholder_date", f"{day.isoformat()} looks like a placeholder for an unknown date."
    if day > today:
        return "future_date", f"{day.isoformat()} is in the future."
    if day < OLD_BEFORE:
        return "old_date", f"{day.isoformat()} is before {OLD_BEFORE.year}; check it."
    return None


def _shares(numbers, subjects, warn) -> None:
    counts = Counter(subjects)
    counts.pop(None, None)
    counts.pop("", None)
    total = sum(counts.values())
    if total < SHARE_FROM_CASES:
        return
    for subject, n in counts.most_common(5):
        if n >= SHARE_FROM_CASES and n > SHARE * total:
            warn(numbers[subjects.index(subject)], "subject_id", "subject_share", (
                f"The subject {subject!r} has {n:,} of the {total:,} rows ({n / total:.0%}); "
                "check that the subject column holds people."), subject)


def _narratives(numbers, summaries, warn) -> None:
    # Counted first: the text itself is the key, its hash computed once and kept by Python.
    counts = Counter(summaries)
    repeated = {t for t, k in counts.items() if k >= NARRATIVE_REPEATS and t and len(t) >= 20}
    seen: dict[str, list[int]] = {}
    for n, text in zip(numbers, summaries) if repeated else ():
        if text in repeated:
            seen.setdefault(text, []).append(n)
    for numbers_of in seen.values():
        warn(numbers_of[0], "summary", "repeated_narrative", (
            f"The same summary is on {len(numbers_of):,} rows: "
            + ", ".join(str(x) for x in numbers_of[:10])
            + (" ..." if len(numbers_of) > 10 else "") + "."))

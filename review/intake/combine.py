"""Subjects compared as people, and rows of one case combined into one case.

Subject ids are compared after Unicode normalisation (NFKC), ignoring case
and surrounding spaces: ``ab-12``, ``AB-12 `` and full-width ``ＡＢ-12`` are
one person.  Every variant is written as the commonest spelling (the first
met, on a tie), so links
between cases, declared conflicts and the assignment all see one subject;
the variants are a warning that names them.

A real export has one row per allegation (or per officer per allegation).
With ``combine_rows`` the rows sharing a case id become one case: they must
agree on the subject and on the closed fields (role, category, gender,
ethnicity), else a ``rows_disagree`` problem; allegation types, lines of
inquiry and risk measures are united; differing texts are all kept, joined
in row order; the earliest conduct and reported dates and the latest
outcome date are taken.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from typing import Any, Mapping, Sequence

from review.intake.problems import Problem, ProblemList
from review.intake.table import Placed

MUST_AGREE = ("subject_id", "subject_role", "met_category", "gender", "ethnicity")
UNITED = ("allegation_types", "lines_of_inquiry", "risk_measures")
JOINED = {"summary": "\n\n", "original_outcome": "; ", "met_rationale": "\n\n",
          "original_ref": "; ", "rank": "; "}
EARLIEST, LATEST = ("conduct_date", "reported_date"), ("outcome_date",)


def subject_key(text: str) -> str:
    """How two subject ids are compared: NFKC, case and surrounding spaces ignored."""
    return unicodedata.normalize("NFKC", text).strip().casefold()


def unify_subjects(numbers: Sequence[int], subjects: list, placed: Mapping[str, Placed],
                   source: str, problems: ProblemList) -> tuple[dict[str, str], list]:
    """Write every variant of a subject id as its commonest spelling; warn once per subject.

    ``subjects`` holds each row's subject id (anything else where the row has
    none).  Returns ({subject key: the spelling kept}, the ids as kept).
    """
    uses: Counter = Counter(subjects)
    for other in [s for s in uses if type(s) is not str]:
        del uses[other]
    spelt = "\n".join(uses)
    if spelt.isascii() and spelt.count("\n") == len(uses) - 1:
        # NFKC leaves ASCII as it is, and casefold is lower for it: all ids in one go.
        keys = dict(zip(uses, map(str.strip, spelt.lower().split("\n"))))
    else:
        keys = {sid: subject_key(sid) for sid in uses}
    if len(set(keys.values())) == len(keys):        # each subject written one way: the usual
        return {key: sid for sid, key in keys.items()}, subjects
    spellings: dict[str, Counter] = {}
    for sid, n in uses.items():
        spellings.setdefault(keys[sid], Counter())[sid] = n
    kept = {key: c.most_common(1)[0][0] for key, c in spellings.items()}
    where = placed.get("subject_id")
    varied = [key for key, c in spellings.items() if len(c) > 1]
    first_row: dict[str, int] = {}
    for number, sid in zip(numbers, subjects):
        if type(sid) is str and len(spellings[keys[sid]]) > 1:
            first_row.setdefault(keys[sid], number)
    for key in varied:
        counter = spellings[key]
        names = ", ".join(f"{s!r} ({n:,} row{'s' if n != 1 else ''})" for s, n in counter.items())
        problems.add(Problem(source, first_row[key], where.letter if where else None, (
            f"One subject is written {len(counter)} ways: {names}; they are taken as one "
            f"person, {kept[key]!r}."), where.header if where else None,
            kind="subject_variants", value=" | ".join(counter)))
    return kept, [kept[keys[sid]] if type(sid) is str else sid for sid in subjects]


def combine(group: Sequence[tuple[int, dict[str, Any]]], placed: Mapping[str, Placed],
            source: str, problems: ProblemList) -> tuple[dict[str, Any], bool]:
    """One case's fields from its rows, and whether the rows agree."""
    first_number, merged = group[0][0], dict(group[0][1])
    ok = True
    for number, data in group[1:]:
        for name in MUST_AGREE:
            a, b = merged.get(name), data.get(name)
            if a is not None and b is not None and a != b:
                p = placed.get(name)
                problems.add(Problem(source, number, p.letter if p else None, (
                    f"Row {number} gives the case {merged.get('case_id')!r} the {name} {b!r}, "
                    f"but row {first_number} gives {a!r}; the rows of one case must agree."),
                    p.header if p else None, kind="rows_disagree", value=str(b)))
                ok = False
            elif a is None:
                merged[name] = b
        for name in UNITED:
            merged[name] = tuple(dict.fromkeys((*(merged.get(name) or ()),
                                                *(data.get(name) or ()))))
        for name, glue in JOINED.items():
            a, b = merged.get(name) or "", data.get(name) or ""
            if b and b not in a.split(glue):
                merged[name] = f"{a}{glue}{b}" if a else b
        for name in EARLIEST + LATEST:
            a, b = merged.get(name), data.get(name)
            if b is not None and (a is None or (b < a if name in EARLIEST else b > a)):
                merged[name] = b
    return merged, ok

"""A messy case list as a real police-complaints export gives it, made up for the tests.

One row per allegation (a case on 1 to 4 rows), foreign column names and
foreign words in every closed field, empty cells in every field a record may
lack, subjects written in mixed case, with spaces and in full-width letters,
duplicate ids, open cases (no outcome), dates before 1950, from the 1960s,
placeholders and dates in the future, one boilerplate narrative on many rows,
and columns no field has.  ``MAPPING`` is what a coordinator would write for it.
"""

from __future__ import annotations

import datetime as dt
import random

HEADERS = ["Case Ref", "Officer ID", "Employment", "Rank", "Sex", "Race", "Allegation",
           "Narrative", "Incident Date", "Date Received", "Date Closed", "Finding",
           "Reassessment", "Met Reasoning", "Complaint code", "Notes"]

ROLES = ["Sworn", "Civilian", "Probationer", "sworn "]
SEXES = ["F", "M", "U", "Female", "MALE"]
RACES = ["WHITE", "BLACK", "HISPANIC", "ASIAN/PACIFIC ISLANDER", "Unknown", "white"]
ALLEGATIONS = ["Domestic Violence", "Sexual Assault", "Racial Slur", "Use of Force",
               "Sexual misconduct"]
CATEGORIES = ["NFA", "New assessment", "FRM", "nfa"]
BOILERPLATE = "No narrative was provided by the source system for this allegation."

MAPPING = {
    "columns": {"Employment": "subject_role", "Race": "ethnicity", "Narrative": "summary",
                "Reassessment": "met_category", "Complaint code": "ignore", "Notes": "ignore"},
    "values": {
        "subject_role": {"Sworn": "officer", "Civilian": "staff"},
        "gender": {"U": "not recorded"},
        "ethnicity": {"HISPANIC": "Other", "ASIAN/PACIFIC ISLANDER": "Asian",
                      "Unknown": "Not stated"},
        "allegation_types": {"Domestic Violence": "Domestic abuse",
                             "Sexual Assault": "Sexual violence",
                             "Racial Slur": "Discrimination", "Use of Force": "Other"},
        "met_category": {"NFA": "no_formal_action", "FRM": "formal_risk_management"},
    },
    "combine_rows": True,
}


def fullwidth(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


def messy_rows(n_rows: int = 20_000, seed: int = 1, *, today: dt.date = dt.date(2026, 1, 1),
               broken: bool = True) -> list[list]:
    """The header row and ``n_rows`` rows (cases of 1 to 4 allegations); ``broken`` adds
    rows with errors no mapping mends (an id, a date, a value, an empty category)."""
    rng = random.Random(seed)
    rows: list[list] = [list(HEADERS)]
    case = 0
    while len(rows) - 1 < n_rows:
        case += 1
        subject = f"OFF-{rng.randrange(1, n_rows // 3):05d}"
        role, sex, race = rng.choice(ROLES), rng.choice(SEXES), rng.choice(RACES)
        category = rng.choice(CATEGORIES)
        conduct = dt.date(2012, 1, 1) + dt.timedelta(days=rng.randrange(3650))
        received = conduct + dt.timedelta(days=rng.randrange(200))
        closed = received + dt.timedelta(days=rng.randrange(900))
        for part in range(rng.choice((1, 1, 2, 3, 4))):
            spelled = rng.choice((subject, subject.lower(), f" {subject} ", subject))
            narrative = rng.choice((f"Allegation {part + 1} of case {case}: " + "x" * 40,
                                    BOILERPLATE, ""))
            rows.append([
                f"C{case:06d}", spelled, role, rng.choice(("PC", "DC", "Sgt", "")), sex, race,
                rng.choice(ALLEGATIONS), narrative, conduct, received.strftime("%d/%m/%Y"),
                closed if rng.random() > 0.2 else None,       # open cases: no outcome yet
                rng.choice(("Sustained", "Not Sustained", "")), category,
                rng.choice(("Reassessed on the file.", "")), f"K{rng.randrange(99)}",
                rng.choice(("", "see file"))])
    rows = rows[:n_rows + 1]
    # The rarer things, each on a few rows of its own.
    rows[4][8] = dt.date(1965, 3, 1)                  # before 1970: a warning
    rows[5][8] = dt.date(1970, 1, 1)                  # a placeholder
    rows[6][9] = (today + dt.timedelta(days=400)).strftime("%d/%m/%Y")   # in the future
    rows[7][9] = "01/01/2011"                          # reported before the conduct
    rows[7][8] = dt.date(2011, 6, 1)
    rows[8][1] = fullwidth(rows[8][1].strip().upper())  # full-width letters: one subject
    if not broken:
        return rows
    rows[3][8] = dt.date(1947, 5, 12)                 # before 1950: an error
    rows[10][6] = "Theft"                              # no mapping: unknown value
    rows[11][1] = "OFF;BAD"                            # not a usable subject id
    rows[12][12] = ""                                  # the Met category empty
    rows[13][9] = "sometime"                           # not a date
    return rows

"""Deterministic synthetic cases and documents for demos, rehearsals and benchmarks.

Nothing here describes a real person or case. The numbers imitate the shape
of the Met's reassessment (see PRODUCT.md): 246 / 689 / 196 cases by
category, conduct dates mostly over the ten years to April 2022 with a few
subjects from 2005 on (so that every regime occurs: the 2004, 2008, 2012 and
2020 Conduct Regulations by the date a case came to attention, and the police
staff procedure), about 400 days from report to outcome with a fifth over two
years, 55-60% "no case to answer", and a long tail of repeat subjects.  A few
cases came to the appropriate authority's attention after the report, and a
few transitional ones state their regulations.

Every random choice comes from a ``random.Random`` seeded with a string made
of the seed and what is being drawn, so the same (n, seed) always gives the
same cases and byte-identical documents.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from review.demo import text as T
from review.demo.pdf import one_page_pdf
from review.cases import STAFF_PROCEDURE, regime_for

MET_COUNTS = {"no_formal_action": 246, "new_assessment": 689, "formal_risk_management": 196}
FIRST_CONDUCT = dt.date(2005, 1, 1)   # the earliest of the few historic subjects
_MAIN_START = dt.date(2012, 4, 1)     # everyone else: the ten years to April 2022
LAST_CONDUCT = dt.date(2022, 3, 31)
_SPAN = (LAST_CONDUCT - _MAIN_START).days
_HISTORIC_SHARE = 0.07   # subjects whose conduct began 2005-2010 (2004 and 2008 regimes)

# Cases per subject, besides one long-running subject: most once, a long tail.
_SIZES = (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12)
_SIZE_WEIGHTS = (740, 160, 50, 25, 12, 6, 3, 2, 1, 1, 1)
_ROLES = (("officer", 80), ("staff", 13), ("probationer", 7))
_GENDERS = {"officer": (82, 15, 3), "probationer": (78, 19, 3), "staff": (60, 37, 3)}
_ETHNICITIES = (("White", 70), ("Black", 9), ("Asian", 10), ("Mixed", 5), ("Other", 2),
                ("Not stated", 4))
_ALLEGATIONS = (("domestic_abuse", 38), ("sexual_violence", 20), ("sexual_misconduct", 27),
                ("discrimination", 8), ("other", 7))


def _rng(seed: int, *parts: object) -> random.Random:
    return random.Random(":".join(str(p) for p in (seed, *parts)))


def _pick(rng: random.Random, pairs) -> Any:
    return rng.choices([p[0] for p in pairs], [p[1] for p in pairs])[0]


def _date_text(d: dt.date) -> str:
    return f"{d.day} {T.MONTHS[d.month - 1]} {d.year}"


def category_counts(n: int) -> dict[str, int]:
    """Cases per Met category for n cases: 246/689/196 scaled by largest remainder."""
    total = sum(MET_COUNTS.values())
    parts = {k: divmod(n * v, total) for k, v in MET_COUNTS.items()}  # exact integer quotas
    counts = {k: q for k, (q, _) in parts.items()}
    order = list(MET_COUNTS)
    by_remainder = sorted(order, key=lambda k: (-parts[k][1], order.index(k)))
    for k in by_remainder[: n - sum(counts.values())]:
        counts[k] += 1
    return counts


def _make_subjects(n: int, seed: int) -> list[dict[str, Any]]:
    rng = _rng(seed, "subjects")
    sizes = [max(1, min(19, round(19 * n / 1131), n))]  # one long-running subject (Casey: 19)
    while sum(sizes) < n:
        sizes.append(min(rng.choices(_SIZES, _SIZE_WEIGHTS)[0], n - sum(sizes)))
    width = max(4, len(str(len(sizes) * 3)))
    numbers = rng.sample(range(1, 10 ** width), len(sizes))
    subjects = []
    for k, number in zip(sizes, numbers):
        role = _pick(rng, _ROLES)
        span = 0 if k == 1 else min(_SPAN, rng.randint(120, 400 * k + 300))
        start = _MAIN_START + dt.timedelta(days=rng.randint(0, _SPAN - span))
        dates = sorted(start + dt.timedelta(days=rng.randint(0, span)) for _ in range(k))
        dates = _maybe_historic(dates, _rng(seed, "historic", len(subjects)))
        subjects.append({
            "id": f"S-{number:0{width}d}", "role": role, "rank": _pick(rng, T.RANKS[role]),
            "gender": rng.choices(("male", "female", "not recorded"), _GENDERS[role])[0],
            "ethnicity": _pick(rng, _ETHNICITIES), "unit": rng.choice(T.UNITS[role]),
            "type": _pick(rng, _ALLEGATIONS), "promoted": rng.random() < 0.2, "dates": dates,
        })
    return subjects


def _maybe_historic(dates: list[dt.date], rng: random.Random) -> list[dt.date]:
    """A few subjects' dates moved back, whole, to begin between 2005 and 2010.

    Drawn from a stream of its own, so that every other draw stays as it was.
    """
    if rng.random() >= _HISTORIC_SHARE:
        return dates
    shift = dates[0] - (FIRST_CONDUCT + dt.timedelta(days=rng.randint(0, 6 * 365)))
    return [d - shift for d in dates]


def _law(rng: random.Random, role: str, conduct: dt.date, reported: dt.date,
         outcome: dt.date) -> tuple[str, dict[str, str]]:
    """The case's regime, and the optional fields that decided it (to add to the case).

    About one case in twenty came to the appropriate authority's attention some
    weeks after the report; a third of the cases whose conduct predates a change
    of regulations that the report postdates state the earlier regulations, as
    a transitional case list would.
    """
    extra: dict[str, str] = {}
    attention = reported
    if rng.random() < 0.05:
        attention = min(outcome, reported + dt.timedelta(days=rng.randint(7, 120)))
        extra["attention_date"] = attention.isoformat()
    regulations = regime_for(attention)
    if regime_for(conduct) != regulations and role != "staff" and rng.random() < 0.33:
        regulations = extra["stated_regime"] = regime_for(conduct)
    return (STAFF_PROCEDURE if role == "staff" else regulations), extra


def generate_cases(n: int = 1131, seed: int = 0) -> list[dict]:
    """Deterministic synthetic cases (dicts in Case.to_json() shape)."""
    if n < 0:
        raise ValueError("The number of cases cannot be negative.")
    counts = category_counts(n)
    categories = [c for c in MET_COUNTS for _ in range(counts[c])]
    _rng(seed, "categories").shuffle(categories)
    slots = [(s, j) for s in _make_subjects(n, seed) for j in range(len(s["dates"]))] if n else []
    _rng(seed, "slots").shuffle(slots)
    categories = _with_disparity(slots, categories, _rng(seed, "disparity"))
    width, refs = max(4, len(str(n))), set()
    # A subject still under formal risk management cannot have been dismissed or have left.
    managed = {s["id"] for (s, _), c in zip(slots, categories) if c == "formal_risk_management"}
    return [_make_case(f"PR-{i + 1:0{width}d}", subject, j, category, _rng(seed, "case", i), refs,
                       may_exit=j == len(subject["dates"]) - 1 and subject["id"] not in managed,
                       law_rng=_rng(seed, "law", i))
            for i, ((subject, j), category) in enumerate(zip(slots, categories))]


# Built-in pattern (synthetic): the Met put Black and Asian subjects' cases under formal
# risk management more often than White subjects' (the review found black officers and
# staff 81% and Asian 55% more likely to have cases brought).  Categories are swapped
# between cases, so the totals by category stay 246 / 689 / 196.
_FORMAL = "formal_risk_management"
_EXTRA_FORMAL = {"Black": 0.14, "Asian": 0.09}


def _with_disparity(slots: list, categories: list[str], rng: random.Random) -> list[str]:
    out = list(categories)
    white_formal = [i for i, (s, _) in enumerate(slots[:len(out)])
                    if s["ethnicity"] == "White" and out[i] == _FORMAL]
    rng.shuffle(white_formal)
    for i, (subject, _) in enumerate(slots[:len(out)]):
        share = _EXTRA_FORMAL.get(subject["ethnicity"], 0.0)
        if out[i] != _FORMAL and white_formal and rng.random() < share:
            j = white_formal.pop()
            out[i], out[j] = out[j], out[i]
    return out


def _role_and_rank(subject: dict, j: int) -> tuple[str, str]:
    role, rank, dates = subject["role"], subject["rank"], subject["dates"]
    if role == "probationer" and (dates[j] - dates[0]).days > 730:
        return "officer", "PC"  # completed probation before the later conduct
    if subject["promoted"] and rank in T.PROMOTION and j >= len(dates) / 2 and len(dates) > 1:
        return role, T.PROMOTION[rank]
    return role, rank


def _days_to_report(rng: random.Random, conduct: dt.date) -> int:
    r = rng.random()
    if r < 0.45:
        return rng.randint(0, 14)
    if r < 0.75:
        return rng.randint(15, 90)
    if r < 0.90 or (r >= 0.96 and conduct.year >= 2019):
        return rng.randint(91, 365)
    if r < 0.96:
        return rng.randint(366, 730)
    return rng.randint(731, 365 * 6)  # historic report


def _days_to_outcome(rng: random.Random) -> int:
    if rng.random() < 0.2:  # Casey: a fifth took over two years
        return 731 + int(rng.gammavariate(2.0, 130.0))
    while True:
        days = 20 + int(rng.gammavariate(1.6, 155.0))
        if days <= 730:
            return days


def _outcome(rng, category, regime, role, primary, may_exit) -> str:
    names, weights = [], []
    for name, w, only, kind in T.OUTCOMES:
        if (only and regime not in only) or (kind == "reg13" and role != "probationer"):
            continue
        if kind in ("exit", "reg13"):
            w = w if may_exit else 0
            w *= 2 if category == "no_formal_action" else 1
        if kind == "ncta" and primary in ("sexual_misconduct", "discrimination"):
            w *= 1.3  # Casey: these reached "case to answer" less often
        names.append(name)
        weights.append(w)
    return rng.choices(names, weights)[0]


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _article(words: str) -> str:
    return ("an " if words[0].lower() in "aeiou" else "a ") + words


def _months(n: int) -> str:
    return "1 month" if n == 1 else f"{n} months"


def _delay_text(days: int) -> str:
    if days <= 1:
        return ("the same day", "the next day")[days]
    if days < 14:
        return f"{days} days later"
    if days < 60:
        return f"about {round(days / 7)} weeks later"
    if days < 730:
        return f"some {round(days / 30.4)} months later"
    return f"about {days // 365} years after the events (a historic report)"


def _fill(rng: random.Random, template: str, ctx: dict[str, Any]) -> str:
    extra = {"witnesses": T.NUMBERS[rng.randint(2, 5)], "months": rng.randint(2, 18),
             "weeks": rng.randint(2, 12), "place": rng.choice(T.PLACES),
             "home": rng.choice(T.HOMES), "workplace": rng.choice(T.WORKPLACES)}
    return template.format(**{**extra, **ctx})


def _summary(rng: random.Random, ctx: dict[str, Any], types: list[str], category: str) -> str:
    what = _fill(rng, rng.choice(T.ALLEGATIONS[types[0]]), ctx)
    paras = [_fill(rng, rng.choice(T.ALLEGATION_PARAS), {**ctx, "what": what})]
    if len(types) > 1:
        what2 = _fill(rng, rng.choice(T.ALLEGATIONS[types[1]]), ctx)
        paras[0] += " " + rng.choice(T.SECOND_ALLEGATION).format(what=what2)
    report = _fill(rng, rng.choice(T.REPORT_PARAS), ctx).strip()
    if rng.random() < 0.7:
        paras.append(report)
    else:
        paras[0] += " " + report
    done = [_fill(rng, t, ctx) for t in rng.sample(T.DONE, rng.randint(1, 3))]
    n_missing = {"no_formal_action": 0, "new_assessment": rng.randint(1, 3),
                 "formal_risk_management": rng.randint(0, 2)}[category]
    if n_missing:
        missing = [_fill(rng, t, ctx) for t in rng.sample(T.NOT_DONE, n_missing)]
        template = rng.choice(T.INVESTIGATION_PARAS)
        paras.append(_fill(rng, template, {**ctx, "done": _join(done), "not_done": _join(missing)}))
    else:
        paras.append(_fill(rng, rng.choice(T.INVESTIGATION_COMPLETE), {**ctx, "done": _join(done)}))
    paras.append(_fill(rng, rng.choice(T.OUTCOME_PARAS), ctx))
    if rng.random() < 0.5:
        options = [p for p in T.CONTEXT_PARAS if ctx["repeat"] or "same subject" not in p]
        paras.append(_fill(rng, rng.choice(options), ctx))
    return "\n\n".join(paras)


def _rationale(rng: random.Random, category: str, lines: list[str], risks: list[str]) -> str:
    out = []
    for s in rng.sample(T.MET_RATIONALE[category], rng.randint(1, 3)):
        if "{n_loi}" in s:
            many = len(lines) > 1
            s = (f"{T.NUMBERS[len(lines)].capitalize()} line{'s' * many} of inquiry "
                 f"{'were' if many else 'was'} missed or left incomplete, "
                 f"{'including' if many else 'namely'}: {_lower(lines[0])}.")
        out.append(s.format(first_risk=", ".join(_lower(r) for r in risks)))
    return " ".join(out)


def _lower(text: str) -> str:
    return text[0].lower() + text[1:]


def _documents(case_id: str, rng: random.Random) -> list[dict[str, str]]:
    titles = [rng.choice(T.DOC_TITLES[:2]) if rng.random() < 0.9 else T.DOC_TITLES[-1]]
    titles += rng.sample([t for t in T.DOC_TITLES if t not in titles], rng.choice((0, 1, 1, 2)))
    documents = []
    for d, (title, kind) in enumerate(titles, 1):
        kind = kind if d == 1 or rng.random() < 0.75 else {"pdf": "text", "text": "pdf"}[kind]
        doc_id = f"{case_id}-D{d}"
        documents.append({"doc_id": doc_id, "title": title, "kind": kind,
                          "filename": f"{doc_id}.{'pdf' if kind == 'pdf' else 'txt'}"})
    return documents


def _make_case(case_id, subject, j, category, rng, refs, may_exit, law_rng) -> dict:
    role, rank = _role_and_rank(subject, j)
    conduct = subject["dates"][j]
    reported = conduct + dt.timedelta(days=_days_to_report(rng, conduct))
    outcome_date = reported + dt.timedelta(days=_days_to_outcome(rng))
    regime, law = _law(law_rng, role, conduct, reported, outcome_date)
    primary = subject["type"] if rng.random() < 0.6 else _pick(rng, _ALLEGATIONS)
    types = [primary]
    if rng.random() < 0.2:
        types.append(_pick(rng, [p for p in _ALLEGATIONS if p[0] != primary]))
    outcome = _outcome(rng, category, regime, role, primary, may_exit)
    ref = None
    while ref is None or ref in refs:
        ref = f"PSD/{reported.year}/{rng.randint(100, 39999):05d}"
    refs.add(ref)
    lines = rng.sample(T.LINES_OF_INQUIRY, rng.choice(T.LOI_COUNTS[category]))
    risks = rng.sample(T.RISK_MEASURES, rng.choice(T.RISK_COUNTS[category]))
    subj, complainant = _article(T.RANK_WORDS.get(rank, rank)), rng.choice(T.COMPLAINANTS[primary])
    initials = "".join(rng.sample("ABCDEFGHJKLMNPRSTW", 2))
    days = (outcome_date - reported).days
    ctx = {
        "subject": f"the subject ({subj} in {subject['unit']})", "subject_short": subj,
        "complainant": complainant, "Complainant": complainant[0].upper() + complainant[1:],
        "initials": f" (referred to in the file as '{initials}')" if rng.random() < 0.5 else "",
        "conduct": _date_text(conduct), "month_year": _date_text(conduct).split(" ", 1)[1],
        "reported": _date_text(reported), "delay": _delay_text((reported - conduct).days),
        "channel": rng.choice(T.CHANNELS + 2 * T.CHANNELS_BY_TYPE[primary]),
        "report_extra": rng.choice(T.REPORT_EXTRA + ("",)),
        "outcome_date": _date_text(outcome_date), "days": days, "outcome": outcome,
        "regime_name": T.REGIME_NAMES[regime], "repeat": len(subject["dates"]) > 1,
        "inv_months": _months(max(1, round(days / 30.4))),
        "crim_date": _date_text(reported + dt.timedelta(days=days // 2)),
        "children": rng.choice(("one child", "two children", "three children")),
        "notify_weeks": T.NUMBERS[rng.randint(2, 8)],
    }
    return {
        "case_id": case_id, "original_ref": ref, "subject_id": subject["id"],
        "subject_role": role, "rank": rank, "gender": subject["gender"],
        "ethnicity": subject["ethnicity"], "allegation_types": types,
        "summary": _summary(rng, ctx, types, category),
        "conduct_date": conduct.isoformat(), "reported_date": reported.isoformat(),
        "outcome_date": outcome_date.isoformat(), "original_outcome": outcome,
        "met_category": category, "met_rationale": _rationale(rng, category, lines, risks),
        "lines_of_inquiry": lines, "risk_measures": risks, "documents": _documents(case_id, rng),
        **law,
    }


def generate_documents(case: dict, seed: int = 0) -> list[tuple[dict, bytes]]:
    """The documents of one case: (DocumentRef json dict, file bytes), matching
    case['documents'] in order."""
    out = []
    for ref in case["documents"]:
        rng = _rng(seed, "document", case["case_id"], ref["doc_id"])
        header = [T.SYNTHETIC_NOTICE,
                  f"Case {case['case_id']} | original reference {case['original_ref']} | "
                  f"subject {case['subject_id']} | document {ref['doc_id']}"]
        body = _document_body(case, ref["title"], rng)
        if ref["kind"] == "pdf":
            data = one_page_pdf(ref["title"], header, body)
        else:
            text = "\n\n".join([T.SYNTHETIC_BANNER, ref["title"], *header, *body]) + "\n"
            data = text.encode("utf-8")
        out.append((dict(ref), data))
    return out


def _document_body(case: dict, title: str, rng: random.Random) -> list[str]:
    conduct, reported, outcome = (dt.date.fromisoformat(case[k]) for k in
                                  ("conduct_date", "reported_date", "outcome_date"))
    paras = case["summary"].split("\n\n")
    between = sorted(reported + dt.timedelta(days=rng.randint(0, (outcome - reported).days))
                     for _ in range(rng.randint(3, 6)))
    ctx = {"witnesses": T.NUMBERS[rng.randint(2, 6)], "minutes": rng.randint(25, 140),
           "risk": rng.choice(("standard", "medium", "high")),
           "vetting": rng.choice(T.VETTING_LEVELS),
           "renewed": _date_text(conduct - dt.timedelta(days=rng.randint(60, 2000))),
           "review_date": _date_text(between[0]),
           "children": rng.choice(("one child", "two children", "three children"))}
    lines = lambda bank, k: [s.format(**ctx) for s in rng.sample(bank, k)]  # noqa: E731
    if title.startswith("Original investigation"):
        return [f"Extract prepared for the panel. Report received {_date_text(reported)}; "
                f"investigation concluded {_date_text(outcome)}."] + paras[1:4]
    if title.startswith("Decision record"):
        return [f"Decision: {case['original_outcome']}.",
                f"Date of decision: {_date_text(outcome)}. "
                f"Dealt with under the {T.REGIME_NAMES[_regime_of(case)]}.",
                f"Subject: {case['rank'] or case['subject_role']} ({case['subject_id']})."
                ] + lines(T.DECISION_LINES, 2)
    if title.startswith(("Complainant account", "Subject's account", "Witness statement")):
        return ([paras[0]] if title.startswith("Complainant") else []) + lines(T.ACCOUNT_LINES, 3)
    if title == "Vetting note":
        return [T.VETTING_LINES[0].format(**ctx)] + lines(T.VETTING_LINES[1:], 1)
    if title == "Safeguarding referral note":
        return [f"Referral dated {_date_text(reported)}."] + lines(T.SAFEGUARDING_LINES, 3)
    if title == "Supervisor's log":
        entries = rng.sample(T.LOG_ENTRIES, len(between))
        return [f"{d.isoformat()}  {e}" for d, e in zip(between, entries)]
    return ([f"{conduct.isoformat()}  Date of the alleged conduct, as recorded.",
             f"{reported.isoformat()}  Report received."]
            + [f"{d.isoformat()}  {e}" for d, e in zip(between[:2], lines(T.LOG_ENTRIES, 2))]
            + [f"{outcome.isoformat()}  Original outcome recorded: {case['original_outcome']}."])


def _regime_of(case: dict) -> str:
    """The regime of a case dict, as ``Case.regime`` gives it."""
    if case["subject_role"] == "staff":
        return STAFF_PROCEDURE
    return case.get("stated_regime") or regime_for(
        dt.date.fromisoformat(case.get("attention_date") or case["reported_date"]))

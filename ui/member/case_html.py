"""The case file as HTML for a QTextBrowser, with search hits highlighted.

Kept free of Qt so it can be tested on its own.  Every piece of case text is
escaped before it is placed in the page; linked cases become ``case:`` links
that the view turns into "open this case".
"""

from __future__ import annotations

import datetime as dt
import html
import re

from review.cases import ALLEGATION_TYPES, CATEGORIES, DATA_QUALITY_FLAGS, REGIMES, Case
from ui.member.case_rows import OVER_400, OVER_TWO_YEARS
from ui.theme import CATEGORY_COLOURS, DELAY_COLOURS

HIGHLIGHT = "#ffe58a"
_SUFFIXES = ("ations", "ation", "ings", "ing", "ions", "ion", "ed", "es", "s", "e")


def _stem(term: str) -> str:
    """A rough stem, so that "investigation" also lights up "investigated"
    (the search index uses the Porter stemmer)."""
    t = term.lower().strip('"*')
    for suffix in _SUFFIXES:
        if t.endswith(suffix) and len(t) - len(suffix) >= 4:
            return t[: -len(suffix)]
    return t


def highlight_pattern(terms: list[str]) -> re.Pattern | None:
    stems = sorted({_stem(t) for t in terms if _stem(t)}, key=len, reverse=True)
    if not stems:
        return None
    return re.compile(r"\b(?:" + "|".join(re.escape(s) for s in stems) + r")\w*", re.IGNORECASE)


def text_html(text: str, pattern: re.Pattern | None) -> str:
    """Escape, mark search hits, keep paragraphs."""
    out = html.escape(text)
    if pattern is not None:
        mark = f'<span style="background:{HIGHLIGHT}">'
        out = pattern.sub(lambda m: f"{mark}{m.group(0)}</span>", out)
    paras = [p.strip() for p in out.split("\n\n") if p.strip()]
    return "".join(f"<p>{p.replace(chr(10), '<br>')}</p>" for p in paras)


def fmt_date(d: dt.date | None) -> str:
    return f"{d.day} {d:%B %Y}" if d is not None else NOT_RECORDED_HTML


# What a field the case list lacked shows (the record, not the panel, is missing it).
NOT_RECORDED_HTML = '<i style="color:#5f6670">not recorded</i>'


def recorded(text: str) -> str:
    """Plain text escaped for rich text, or 'not recorded' when the record lacks it."""
    return html.escape(text) if text else NOT_RECORDED_HTML


def delay_flag(days: int | None) -> str:
    if days is None:
        return ""
    if days > OVER_TWO_YEARS:
        return (f'<span style="color:{DELAY_COLOURS["over_two_years"]}; font-weight:600">'
                "\u26a0 over two years</span>")
    if days > OVER_400:
        return (f'<span style="color:{DELAY_COLOURS["over_400"]}; font-weight:600">'
                "\u26a0 over 400 days</span>")
    return ""


def _badge(code: str) -> str:
    fg, bg = CATEGORY_COLOURS[code]
    return (f'<span style="color:{fg}; background:{bg}; font-weight:600">'
            f"&nbsp;{html.escape(CATEGORIES[code])}&nbsp;</span>")


def _list(items, pattern) -> str:
    if not items:
        return '<p style="color:#5f6670">None recorded.</p>'
    return "<ul>" + "".join(f"<li>{text_html(i, pattern)[3:-4]}</li>" for i in items) + "</ul>"


def case_html(case: Case, linked: list[tuple[str, str, bool]], terms: list[str]) -> str:
    p = highlight_pattern(terms)
    days = case.days_to_outcome
    to_report = (case.reported_date - case.conduct_date).days \
        if case.reported_date and case.conduct_date else None
    h = ['<html><body style="line-height:135%">']
    if case.not_recorded or case.data_quality:
        said = ["the case list did not record " + ", ".join(
            n.replace("_", " ") for n in case.not_recorded)] if case.not_recorded else []
        said += [DATA_QUALITY_FLAGS.get(f, f) for f in case.data_quality]
        h.append('<p style="color:#8a5a00"><b>Data quality:</b> '
                 + html.escape("; ".join(said)) + ".</p>")
    h.append("<h3>Summary</h3>" + (text_html(case.summary, p) if case.summary
                                   else f"<p>{NOT_RECORDED_HTML}</p>"))
    h.append("<p><b>Allegations:</b> " + html.escape(
        ", ".join(ALLEGATION_TYPES[a] for a in case.allegation_types)) + " &nbsp; "
        f"<b>Regulations:</b> {html.escape(REGIMES[case.regime])}</p>")

    h.append("<h3>Timeline</h3>")
    h.append('<table cellspacing="0" cellpadding="3">')
    h.append(f"<tr><td><b>Conduct</b></td><td>{fmt_date(case.conduct_date)}</td><td></td></tr>")
    h.append(f"<tr><td><b>Reported</b></td><td>{fmt_date(case.reported_date)}</td>"
             + (f"<td>{to_report:,} days after the conduct</td></tr>" if to_report is not None
                else "<td></td></tr>"))
    h.append(f"<tr><td><b>Outcome</b></td><td>{fmt_date(case.outcome_date)}</td>"
             + (f"<td><b>{days:,} days from report</b> {delay_flag(days)}</td></tr>"
                if days is not None else "<td></td></tr>"))
    h.append("</table>")
    h.append("<p><b>Original outcome:</b> " + recorded(case.original_outcome) + "</p>")

    h.append("<h3>The Met\u2019s reassessment</h3>")
    h.append(f"<p>{_badge(case.met_category)}</p>" + (
        text_html(case.met_rationale, p) if case.met_rationale
        else f"<p>{NOT_RECORDED_HTML}</p>"))
    h.append("<h4>Lines of inquiry</h4>" + _list(case.lines_of_inquiry, p))
    h.append("<h4>Risk measures</h4>" + _list(case.risk_measures, p))

    h.append("<h3>Linked cases of the same subject</h3>")
    h.append(linked_html(case.subject_id, linked))
    h.append("</body></html>")
    return "".join(h)


def linked_html(subject_id: str, linked: list[tuple[str, str, bool]]) -> str:
    if not linked:
        return f"<p>No other case of {html.escape(subject_id)} is in the reassessment.</p>"
    counts = {k: sum(1 for _, c, _ in linked if c == k) for k in CATEGORIES}
    summary = ", ".join(f"{n} {CATEGORIES[k].lower()}" for k, n in counts.items() if n)
    n = len(linked)
    out = [f"<p><b>{html.escape(subject_id)} is the subject of {n} other "
           f"case{'s' if n != 1 else ''}</b> ({summary}).</p><ul>"]
    for cid, cat, mine in linked:
        name = html.escape(cid)
        link = f'<a href="case:{name}">{name}</a>' if mine else name
        where = "" if mine else ' <span style="color:#5f6670">(assigned to another member)</span>'
        out.append(f"<li>{link} \u2014 {_badge(cat)}{where}</li>")
    out.append("</ul>")
    return "".join(out)

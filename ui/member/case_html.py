"""The case file as HTML for a QTextBrowser, with search hits highlighted.

Kept free of Qt so it can be tested on its own.  Every piece of case text is
escaped before it is placed in the page; linked cases become ``case:`` links
that the view turns into "open this case".
"""

from __future__ import annotations

import datetime as dt
import html
import re

from review.cases import (ALLEGATION_TYPES, CATEGORIES, DATA_QUALITY_FLAGS, REGIMES,
                          STAFF_PROCEDURE, Case)
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


def short_date(d: dt.date) -> str:
    """"24 Oct 2016": narrow enough for a table column."""
    return f"{d.day} {d:%b %Y}"


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


def case_html(case: Case, linked: list, terms: list[str], met_hidden: bool = False) -> str:
    """``linked``: review.workspace.linked.LinkedEntry items, by conduct date.
    ``met_hidden``: the anchoring guard still hides the Met's reassessment."""
    p = highlight_pattern(terms)
    days = case.days_to_outcome
    to_report = (case.reported_date - case.conduct_date).days \
        if case.reported_date and case.conduct_date else None
    h = ['<html><body style="line-height:135%">']
    # First, right under the header: a repeat subject is what a reader must not miss.
    h.append(linked_html(case.subject_id, linked))
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
        f"<b>{'Procedure' if case.regime == STAFF_PROCEDURE else 'Regulations'}:</b> "
        f"{html.escape(REGIMES[case.regime])} ({html.escape(case.regime_reason)})</p>")

    h.append("<h3>Timeline</h3>")
    h.append('<table cellspacing="0" cellpadding="3">')
    h.append(f"<tr><td><b>Conduct</b></td><td>{fmt_date(case.conduct_date)}</td><td></td></tr>")
    h.append(f"<tr><td><b>Reported</b></td><td>{fmt_date(case.reported_date)}</td>"
             + (f"<td>{to_report:,} days after the conduct</td></tr>" if to_report is not None
                else "<td></td></tr>"))
    if case.attention_date is not None:
        h.append(f"<tr><td><b>Came to attention</b></td><td>{fmt_date(case.attention_date)}"
                 "</td><td>of the appropriate authority</td></tr>")
    h.append(f"<tr><td><b>Outcome</b></td><td>{fmt_date(case.outcome_date)}</td>"
             + (f"<td><b>{days:,} days from report</b> {delay_flag(days)}</td></tr>"
                if days is not None else "<td></td></tr>"))
    h.append("</table>")
    h.append("<p><b>Original outcome:</b> " + recorded(case.original_outcome) + "</p>")

    h.append("<h3>The Met\u2019s reassessment</h3>")
    if met_hidden:
        # Its lines of inquiry and risk measures would give the category away too.
        h.append(f'<p style="color:#5f6670">{MET_HIDDEN}</p>')
    else:
        h.append(f"<p>{_badge(case.met_category)}</p>" + (
            text_html(case.met_rationale, p) if case.met_rationale
            else f"<p>{NOT_RECORDED_HTML}</p>"))
        h.append("<h4>Lines of inquiry</h4>" + _list(case.lines_of_inquiry, p))
        h.append("<h4>Risk measures</h4>" + _list(case.risk_measures, p))
    h.append("</body></html>")
    return "".join(h)


MET_HIDDEN = ("Hidden until you choose the panel\u2019s category: the coordinator asked "
              "that you reach your own view first. The Met\u2019s category, rationale, lines "
              "of inquiry and risk measures appear as soon as you choose one.")
_MUTED = "color:#5f6670"
_STATES = {"not_started": "not started", "draft": "draft", "final": "final",
           "recused": "recused"}
NOT_RECORDED = "not recorded"


def linked_html(subject_id: str, linked: list) -> str:
    """The subject's other cases: when, what, the Met's category and (for the
    member's own cases) their decision; own cases are links."""
    subject = html.escape(subject_id)
    if not linked:
        return (f'<p style="{_MUTED}">No other case of {subject} is in the reassessment.</p>')
    counts = {k: sum(1 for e in linked if e.met_category == k) for k in CATEGORIES}
    parts = [f"{n} {CATEGORIES[k].lower()}" for k, n in counts.items() if n]
    hidden = sum(1 for e in linked if e.met_category is None)
    if hidden:
        parts.append(f"{hidden} not shown yet")
    n = len(linked)
    out = [f"<h3>Linked cases: {subject} is the subject of {n} other "
           f"case{'s' if n != 1 else ''}</h3>",
           f'<p style="{_MUTED}">{", ".join(parts)}; oldest conduct first.</p>',
           # Two lines beside each case id, not five columns: at 1366x768 the pane is
           # ~400 px wide, and five columns squeezed the category badges until words broke.
           '<table cellspacing="0" cellpadding="2">']
    for e in linked:
        name = html.escape(e.case_id)
        link = f'<a href="case:{name}">{name}</a>' if e.mine else name
        date = short_date(dt.date.fromisoformat(e.conduct_date)) if e.conduct_date else None
        allegations = (", ".join(ALLEGATION_TYPES.get(a, a) for a in e.allegations)
                       if e.allegations else None)
        met = _badge(e.met_category) if e.met_category else \
            f'<span style="{_MUTED}">hidden for now</span>'
        state = (f"yours: {_STATES.get(e.state or '', e.state)}" if e.mine else
                 f'<span style="{_MUTED}">another member\u2019s</span>')
        out.append(f'<tr><td valign="top"{NOWRAP}><b>{link}</b></td>'
                   f'<td>{_or_not_recorded(date)} \u00b7 {_or_not_recorded(allegations)}<br>'
                   f"Met: {met} \u00b7 {state}</td></tr>")
    out.append("</table>")
    return "".join(out)


NOWRAP = ' style="white-space:nowrap"'  # a case id whole, never broken at its hyphen


def _or_not_recorded(text: str | None) -> str:
    return html.escape(text) if text else f'<span style="{_MUTED}">{NOT_RECORDED}</span>'

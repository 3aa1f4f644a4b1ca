"""The Insights section of the consolidated PDF: charts, a plain-words paragraph under
each saying what it shows and what it cannot show, and the method on a page of its own.

Every number is the one the workbook's Insights sheets hold (both read
:class:`review.insights.analysis.Insights`); every sentence is from
:mod:`review.insights.words`; subject ids and labels go through :func:`esc`.
"""

from __future__ import annotations

from review.insights import words
from review.insights.analysis import Insights
from review.insights.groups import CATEGORY_ORDER, DIMENSIONS
from review.insights.rates import SUPPRESSED

from exports import vocab
from exports.insights.charts import delay_histogram, rate_chart, repeat_timeline
from exports.pdf.style import Styles, esc

_GRID = "#999999"
_HEAD = "#DCE6F1"


def _p(text: str, style):
    from reportlab.platypus import Paragraph
    return Paragraph(text, style)


def _table(rows: list[list], widths: list[float], styles: Styles):
    from reportlab.lib import colors
    from reportlab.platypus import Table, TableStyle
    cells = [[_p(c if i else f"<b>{c}</b>", styles.cell) for c in row]
             for i, row in enumerate(rows)]
    table = Table(cells, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor(_GRID)),
                               ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor(_HEAD)),
                               ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return table


def _figure(flowables: list, caption: str, styles: Styles) -> list:
    from reportlab.platypus import KeepTogether, Spacer
    return [KeepTogether(flowables + [Spacer(1, 3), _p(esc(caption), styles.small)]),
            Spacer(1, 10)]


def insights_section(insights: Insights, width: float, styles: Styles, demo: bool) -> list:
    from reportlab.platypus import PageBreak
    out: list = [_p("Insights: patterns across the panel's decisions", styles.h1),
                 _p(esc(insights.scope_line), styles.body)]
    if demo:
        out.append(_p("These are synthetic demo data, built with patterns of the kind the "
                      "original review found, so that every chart has something to show.",
                      styles.banner))
    out += _matrix(insights, width, styles) + _under(insights, width, styles)
    out += [_p("Rates by group", styles.h2), _p(esc(words.GROUPS), styles.small)]
    flagged = insights.flagged()
    out.append(_p("<b>Flagged:</b> " + ("; ".join(esc(f) for f in flagged) if flagged
                                         else esc(words.NO_FLAGS)), styles.small))
    for dim in DIMENSIONS:
        for table in (t for t in insights.groups if t.dimension.key == dim.key):
            ref = next(r for r in table.rows if r.is_reference)
            note = (f"Reference group: {ref.label}." if table.reference_usable else
                    f"The reference group ({ref.label}) has fewer than 10 cases, so no relative "
                    "rate is given.")
            out += _figure([rate_chart(table, width, styles)],
                           note + " Bars: rate; whiskers: 95% interval; RR: relative rate "
                           "(95% interval); \u25cf flagged.", styles)
    out += _repeat(insights, width, styles) + _delay(insights, width, styles)
    out += [PageBreak(), _p("How these figures were made", styles.h2),
            _p(esc(words.METHOD), styles.body)]
    return out


def _matrix(insights: Insights, width: float, styles: Styles) -> list:
    m = insights.matrix
    head = ["Met category \u2193 / panel \u2192"] + [vocab.label("category", c)
                                                      for c in CATEGORY_ORDER]
    rows = [head] + [[vocab.label("category", met)] + [m.cell_text(met, p) for p in CATEGORY_ORDER]
                     for met in CATEGORY_ORDER]
    first = width * 0.31
    table = _table(rows, [first] + [(width - first) / 3] * 3, styles)
    shares = (f"Escalated: {m.escalated.text()}. De-escalated: {m.de_escalated.text()}. "
              f"Left where the Met put them: {m.unchanged.text()}.")
    from reportlab.platypus import Spacer
    return [_p("Panel against the Met", styles.h2)] + _figure(
        [table, Spacer(1, 4), _p(esc(shares), styles.body)], words.MATRIX, styles)


def _under(insights: Insights, width: float, styles: Styles) -> list:
    rows = [["Allegation type", "Escalated in these cases", "Escalated in all other cases",
             "Relative rate (95% interval)"]]
    for u in insights.under:
        rows.append([u.label, u.relative.group.text(), u.relative.reference.text(),
                     u.relative.text()])
    return [_p("Under-escalation", styles.h2)] + _figure(
        [_table([[esc(c) for c in r] for r in rows], [width * 0.22] + [width * 0.26] * 3,
                styles)], words.UNDER, styles)


def _repeat(insights: Insights, width: float, styles: Styles) -> list:
    r = insights.repeat
    rows = [["Cases in the list", "Subjects", "Their cases"]]
    rows += [[band, str(subjects), str(cases)] for band, subjects, cases in r.bands]
    rel = r.relative
    line = (f"Escalated: repeat subjects' cases {rel.group.text()}; one-case subjects' "
            f"{rel.reference.text()}; relative rate {rel.text()}.")
    out = [_p("Repeat subjects", styles.h2)]
    from reportlab.platypus import Spacer
    out += _figure([_table(rows, [width / 3] * 3, styles), Spacer(1, 4),
                    _p(esc(line), styles.body)], words.REPEAT, styles)
    if r.timelines:
        out += _figure([repeat_timeline(r, width, styles)],
                       "Every repeat subject's cases, with both categories, are in the workbook's "
                       "'Insights repeat subjects' sheet.", styles)
    return out


def _delay(insights: Insights, width: float, styles: Styles) -> list:
    everyone = insights.delay[0]
    out = [_p("Delay", styles.h2)]
    if not everyone.suppressed:
        out += _figure([delay_histogram(everyone, width, styles)],
                       f"Median {everyone.median:,.0f} days.", styles)
    rows = [["Cases", "With usable dates", "Median days", "Over 400 days", "Over two years",
             "Without usable dates"]]
    for d in insights.delay:
        if d.suppressed:
            rows.append([d.label, SUPPRESSED, "", "", "", str(d.without_dates)])
        else:
            rows.append([d.label, f"{len(d.days):,}", f"{d.median:,.0f}", d.over[0].text(),
                         d.over[1].text(), str(d.without_dates)])
    widths = [width * 0.17, width * 0.12, width * 0.1, width * 0.24, width * 0.24, width * 0.13]
    return out + _figure([_table([[esc(c) for c in r] for r in rows], widths, styles)],
                         words.DELAY, styles)

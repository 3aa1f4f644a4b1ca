"""The Insights charts for the consolidated PDF, as vector drawings (reportlab.graphics).

Rates are bars with their 95% interval drawn as a whisker, so that a reader
sees at once how uncertain each one is; a suppressed group is a line of grey
text ("fewer than 10"), never a bar.  Subject ids in the timeline are drawn
as plain strings (graphics strings are not markup).
"""

from __future__ import annotations

import datetime as dt

from review.insights.groups import CATEGORY_ORDER, GroupTable
from review.insights.patterns import Delay, RepeatSubjects
from review.insights.rates import SUPPRESSED, axis_top, percent

from exports.pdf.style import Styles

BLUE, ORANGE, GREY, LIGHT, DARK = "#2F5D8A", "#D9822B", "#8A8A8A", "#C9D6E3", "#333333"
ROW = 16




def rate_chart(table: GroupTable, width: float, styles: Styles, label_width: float = 120):
    """One bar per group with its 95% interval; the reference group's bar is grey."""
    from reportlab.graphics.shapes import Drawing, Line, Rect, String
    from reportlab.lib import colors
    f = styles.fonts
    rows = table.rows
    height = 34 + ROW * len(rows)
    d = Drawing(width, height)
    d.add(String(0, height - 11, f"{table.outcome.label}, by {table.dimension.label.lower()}",
                 fontName=f.bold, fontSize=9))
    x0, plot = label_width, width - label_width - 150
    top, steps = axis_top(max([r.rate.interval[1] for r in rows
                                if r.rate.interval is not None] + [0.05]))
    scale = plot / top
    base = 14
    for tick in range(0, steps + 1):
        x = x0 + plot * tick / steps
        d.add(Line(x, base - 2, x, base + ROW * len(rows), strokeColor=colors.HexColor("#DDDDDD"),
                   strokeWidth=0.4))
        d.add(String(x, base - 10, percent(top * tick / steps), fontName=f.regular, fontSize=6.5,
                     textAnchor="middle"))
    for i, row in enumerate(rows):
        y = base + ROW * (len(rows) - 1 - i) + 3
        name = row.label + (" (reference)" if row.is_reference else "")
        d.add(String(x0 - 4, y + 2, name, fontName=f.bold if row.flagged else f.regular,
                     fontSize=7.5, textAnchor="end"))
        if row.rate.suppressed or row.rate.interval is None:
            d.add(String(x0 + 2, y + 2, SUPPRESSED if row.rate.suppressed else "no cases",
                         fontName=f.regular, fontSize=7, fillColor=colors.HexColor(GREY)))
            continue
        colour = GREY if row.is_reference else (ORANGE if row.flagged else BLUE)
        d.add(Rect(x0, y, row.rate.value * scale, ROW - 7, fillColor=colors.HexColor(colour),
                   strokeColor=None))
        low, high = row.rate.interval
        mid = y + (ROW - 7) / 2
        for a, b, c, e in ((low, mid, high, mid), (low, mid - 3, low, mid + 3),
                           (high, mid - 3, high, mid + 3)):
            d.add(Line(x0 + a * scale, b, x0 + c * scale, e, strokeColor=colors.HexColor(DARK),
                       strokeWidth=0.8))
        text = f"{percent(row.rate.value)} of {row.rate.n}"
        if row.relative is not None:
            text += f" \u00b7 RR {row.relative.text()}" + (" \u25cf" if row.flagged else "")
        d.add(String(x0 + plot + 6, y + 2, text, fontName=f.regular, fontSize=6.8))
    return d


def delay_histogram(delay: Delay, width: float, styles: Styles, height: float = 150):
    """Cases by days from report to outcome; the 400-day and two-year bins are marked."""
    from reportlab.graphics.shapes import Drawing, Rect, String
    from reportlab.lib import colors
    f = styles.fonts
    bins = delay.histogram()
    d = Drawing(width, height)
    d.add(String(0, height - 11, f"Days from report to outcome ({len(delay.days):,} cases)",
                 fontName=f.bold, fontSize=9))
    top = max([k for _, k in bins] + [1])
    x0, base, plot_h = 10, 26, height - 54
    step = (width - 20) / len(bins)
    for i, (label, k) in enumerate(bins):
        low = int(label.split("\u2013")[0].rstrip("+"))
        colour = ORANGE if low >= 730 else (BLUE if low >= 400 else LIGHT)
        h = plot_h * k / top
        d.add(Rect(x0 + i * step + 2, base, step - 4, h, fillColor=colors.HexColor(colour),
                   strokeColor=None))
        d.add(String(x0 + i * step + step / 2, base + h + 3, str(k), fontName=f.regular,
                     fontSize=7, textAnchor="middle"))
        d.add(String(x0 + i * step + step / 2, base - 10, label, fontName=f.regular, fontSize=6.5,
                     textAnchor="middle"))
    d.add(String(x0, 2, "Light: under 400 days \u00b7 blue: 400 days to two years \u00b7 orange: "
                 "over two years (the bins are days)", fontName=f.regular, fontSize=6.8))
    return d


_MARK = {"up": ORANGE, "down": BLUE, "same": GREY, None: "#FFFFFF"}


def _move(met: str, panel: str | None) -> str | None:
    if panel is None:
        return None
    a, b = CATEGORY_ORDER.index(met), CATEGORY_ORDER.index(panel)
    return "up" if b > a else "down" if b < a else "same"


def repeat_timeline(repeat: RepeatSubjects, width: float, styles: Styles, limit: int = 15):
    """The subjects with the most cases: one line each, a dot per case at its conduct date,
    coloured by what the panel did with the Met's category."""
    from reportlab.graphics.shapes import Circle, Drawing, Line, String
    from reportlab.lib import colors
    f = styles.fonts
    shown = repeat.timelines[:limit]
    dates = [t.conduct_date for _, tl in shown for t in tl if t.conduct_date]
    height = 48 + ROW * len(shown)
    d = Drawing(width, height)
    d.add(String(0, height - 11, f"The {len(shown)} subjects with the most cases",
                 fontName=f.bold, fontSize=9))
    if not dates:
        return d
    first, last = min(dates).year, max(dates).year + 1
    x0, plot = 90, width - 100
    span = (dt.date(last, 1, 1) - dt.date(first, 1, 1)).days or 1
    base = 26
    for year in range(first, last + 1):
        x = x0 + plot * (dt.date(year, 1, 1) - dt.date(first, 1, 1)).days / span
        d.add(Line(x, base - 2, x, base + ROW * len(shown), strokeColor=colors.HexColor("#E2E2E2"),
                   strokeWidth=0.4))
        d.add(String(x, base - 10, str(year), fontName=f.regular, fontSize=6.5,
                     textAnchor="middle"))
    for i, (subject, timeline) in enumerate(shown):
        y = base + ROW * (len(shown) - 1 - i) + ROW / 2
        d.add(String(x0 - 6, y - 2.5, f"{subject[:14]} ({len(timeline)})", fontName=f.regular,
                     fontSize=7, textAnchor="end"))
        for t in timeline:
            if t.conduct_date is None:
                continue
            x = x0 + plot * (t.conduct_date - dt.date(first, 1, 1)).days / span
            d.add(Circle(x, y, 3.2, fillColor=colors.HexColor(_MARK[_move(t.met_category,
                                                                          t.panel_category)]),
                         strokeColor=colors.HexColor(DARK), strokeWidth=0.5))
    d.add(String(0, 2, "Each dot is a case at its conduct date. Orange: the panel raised the Met's "
                 "category; blue: lowered it; grey: kept it; white: not decided yet.",
                 fontName=f.regular, fontSize=6.8))
    return d

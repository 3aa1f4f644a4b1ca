"""The consolidated workbook's Insights sheets: the numbers behind every Insights chart.

"Insights" says whose decisions were read, the Met-against-panel matrix, the
under-escalation and repeat-subject comparisons, every flag and the method,
in the same words as the PDF (:mod:`review.insights.words`).  The three
tables after it hold every rate with its count and interval.  A suppressed
group's numbers read "fewer than 10" in every cell, never a number.  The
sheets are signed with the rest of the workbook.
"""

from __future__ import annotations

from typing import Any, Iterable

from review.insights import words
from review.insights.analysis import Insights
from review.insights.groups import CATEGORY_ORDER
from review.insights.patterns import DELAY_LIMITS
from review.insights.rates import SUPPRESSED, Rate, RelativeRate

from exports import vocab
from exports.consolidated.layout import (INSIGHT_DELAY, INSIGHT_DELAY_COLUMNS, INSIGHT_GROUPS,
                                          INSIGHT_GROUP_COLUMNS, INSIGHT_REPEAT,
                                          INSIGHT_REPEAT_COLUMNS, INSIGHTS)
from exports.xlsx.writer import write_label_rows, write_table


def _r(value: float | None) -> float | None:
    """Four decimals, as the Agreement sheet: a short float survives a re-save exactly."""
    return None if value is None else round(value, 4)


def _rate(rate: Rate) -> dict[str, Any]:
    if rate.suppressed:
        return {"n": SUPPRESSED, "k": SUPPRESSED, "rate": SUPPRESSED}
    low, high = rate.interval if rate.n else (None, None)
    return {"n": rate.n, "k": rate.k, "rate": _r(rate.value), "rate_low": _r(low),
            "rate_high": _r(high)}


def _relative(rel: RelativeRate | None) -> dict[str, Any]:
    if rel is None:
        return {"note": "Reference group"}
    if rel.ratio is None:
        return {"ratio": None, "note": rel.text()[0].upper() + rel.text()[1:] + "."}
    return {"ratio": _r(rel.ratio), "ratio_low": _r(rel.low), "ratio_high": _r(rel.high)}


def group_rows(insights: Insights) -> Iterable[list[Any]]:
    for table in insights.groups:
        ref = next(r for r in table.rows if r.is_reference)
        for row in table.rows:
            values = {"row": f"{table.outcome.label} \u2013 {table.dimension.label}: {row.label}",
                      "outcome": table.outcome.label, "dimension": table.dimension.label,
                      "group": row.label, "reference": ref.label,
                      **_rate(row.rate), **_relative(row.relative),
                      "flag": "Yes" if row.flagged else ("No" if row.relative and
                                                         row.relative.p is not None else None)}
            yield [values.get(c.key) for c in INSIGHT_GROUP_COLUMNS]


def delay_rows(insights: Insights) -> Iterable[list[Any]]:
    for d in insights.delay:
        values: dict[str, Any] = {"group": d.label, "without": d.without_dates}
        if d.suppressed:
            values.update({"n": SUPPRESSED, "median": SUPPRESSED, "over400": SUPPRESSED,
                           "over730": SUPPRESSED})
        else:
            values.update({"n": len(d.days), "median": d.median,
                           "bins": "; ".join(f"{b} days: {k}" for b, k in d.histogram())})
            for limit, rate in zip(DELAY_LIMITS, d.over):
                low, high = rate.interval
                values.update({f"over{limit}": _r(rate.value), f"over{limit}_low": _r(low),
                               f"over{limit}_high": _r(high)})
        yield [values.get(c.key) for c in INSIGHT_DELAY_COLUMNS]


def repeat_rows(insights: Insights) -> Iterable[list[Any]]:
    for subject, timeline in insights.repeat.timelines:
        for i, t in enumerate(timeline, 1):
            values = {"case_id": t.case_id, "subject": subject, "cases": len(timeline),
                      "order": i, "conduct": t.conduct_date.isoformat() if t.conduct_date
                      else "not recorded", "met": vocab.label("category", t.met_category),
                      "panel": vocab.label("category", t.panel_category)
                      if t.panel_category else "no panel decision yet"}
            yield [values.get(c.key) for c in INSIGHT_REPEAT_COLUMNS]


def summary_rows(insights: Insights) -> list[tuple[str, Any]]:
    m = insights.matrix
    rows: list[tuple[str, Any]] = [
        ("Insights", "Patterns across the panel's decisions"),
        ("Whose decisions", insights.scope_line),
        ("Cases in the list", insights.cases),
        ("Cases with a final decision", insights.decided),
        ("", ""),
        ("Panel against the Met", words.MATRIX),
    ]
    for met in CATEGORY_ORDER:
        cells = "; ".join(f"panel {vocab.label('category', p)}: {m.cell_text(met, p)}"
                          for p in CATEGORY_ORDER)
        rows.append((f"Met: {vocab.label('category', met)}", cells))
    rows += [("Escalated by the panel", m.escalated.text()),
             ("De-escalated by the panel", m.de_escalated.text()),
             ("Left where the Met put them", m.unchanged.text()),
             ("", ""),
             ("Under-escalation", words.UNDER)]
    for u in insights.under:
        rows.append((f"{u.label}: escalated", f"{u.relative.group.text()}; other cases "
                     f"{u.relative.reference.text()}; relative rate {u.relative.text()}"))
    rows += [("", ""), ("Repeat subjects", words.REPEAT)]
    for band, subjects, cases in insights.repeat.bands:
        rows.append((f"Subjects with {band} case{'s' if band != '1' else ''}",
                     f"{subjects} subjects, {cases} cases"))
    rel = insights.repeat.relative
    rows += [("Escalated: repeat subjects' cases against one-case subjects'",
              f"{rel.group.text()} against {rel.reference.text()}; relative rate {rel.text()}"),
             ("", ""), ("By group", words.GROUPS),
             ("Flagged differences", "\n".join(insights.flagged()) or words.NO_FLAGS),
             ("", ""), ("Delay", words.DELAY), ("Method", words.METHOD)]
    return rows


def write_insight_sheets(wb, insights: Insights) -> None:
    summary = wb.create_sheet(INSIGHTS)
    rows = summary_rows(insights)
    write_label_rows(summary, rows)
    for r, (_, value) in enumerate(rows, start=1):
        if isinstance(value, str) and len(value) > 90:
            summary.row_dimensions[r].height = 15 * (len(value) // 90 + 1 + value.count("\n"))
    summary.column_dimensions["A"].width = 44
    summary.column_dimensions["B"].width = 100
    write_table(wb.create_sheet(INSIGHT_GROUPS), INSIGHT_GROUP_COLUMNS, group_rows(insights),
                freeze="B2")
    write_table(wb.create_sheet(INSIGHT_DELAY), INSIGHT_DELAY_COLUMNS, delay_rows(insights),
                freeze="B2")
    write_table(wb.create_sheet(INSIGHT_REPEAT), INSIGHT_REPEAT_COLUMNS, repeat_rows(insights),
                freeze="B2")

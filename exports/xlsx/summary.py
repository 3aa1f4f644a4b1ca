"""The Summary sheet: counts in small tables, each with a native Excel chart.

The tables hold plain numbers (never formulas), written by the same code
path as every other cell, so they are signed and verified like the rest;
the charts only point at them.
"""

from __future__ import annotations

from review.cases import CATEGORIES

from exports import vocab
from exports.snapshot import ExportData, display_utc
from exports.statistics import ExportStatistics
from exports.xlsx.cells import put_row, put_text, style_header

CHART_COL = "F"


def write_summary(ws, data: ExportData, stats: ExportStatistics) -> None:
    from openpyxl.styles import Font
    ws.title = "Summary"
    put_text(ws, 1, 1, "Summary of decisions")
    ws.cell(row=1, column=1).font = Font(bold=True, size=14)
    put_text(ws, 2, 1, f"{data.member_name} ({data.member_id}); exported "
                       f"{display_utc(data.exported_at)}; bundle {data.bundle_title}")
    if data.demo:
        put_text(ws, 3, 1, "DEMO: synthetic data, not real cases.")
    for letter, width in zip("ABCDE", (44, 16, 16, 16, 10)):
        ws.column_dimensions[letter].width = width

    row = 5
    states = [(vocab.label("state", k), v) for k, v in stats.states.items()]
    row = _table(ws, row, ["Review state", "Cases"], [[a, b] for a, b in states]
                 + [["Total", sum(v for _, v in states)]])
    _bar(ws, row_first=6, rows=len(states), cols=1, title="Cases by review state",
         anchor=f"{CHART_COL}5", horizontal=False)

    row += 1
    cat_rows = [[vocab.label("category", k), stats.met_categories.get(k, 0),
                 stats.panel_categories.get(k, 0)] for k in CATEGORIES]
    first = row + 1
    row = _table(ws, row, ["Category", "Met (all cases)", "Panel (final decisions)"], cat_rows)
    _bar(ws, row_first=first, rows=len(cat_rows), cols=2, title="Met and panel categories",
         anchor=f"{CHART_COL}22", horizontal=False)

    row += 1
    matrix_rows = [[f"Met: {vocab.label('category', m)}"]
                   + [stats.matrix.get(m, {}).get(p, 0) for p in CATEGORIES]
                   + [sum(stats.matrix.get(m, {}).values())] for m in CATEGORIES]
    first = row + 1
    row = _table(ws, row, ["Met category / panel category (final decisions)"]
                 + [f"Panel: {vocab.label('category', p)}" for p in CATEGORIES] + ["Total"],
                 matrix_rows)
    _bar(ws, row_first=first, rows=len(matrix_rows), cols=3, stacked=True,
         title="Panel category within each Met category", anchor=f"{CHART_COL}39",
         horizontal=True)
    put_text(ws, row, 1, "Final decisions agreeing with the Met's category")
    ws.cell(row=row, column=2).value = stats.final_agreeing
    put_text(ws, row + 1, 1, "Final decisions with a panel category")
    ws.cell(row=row + 1, column=2).value = stats.final_compared
    put_text(ws, row + 2, 1, "Agreement")
    if stats.final_compared:
        cell = ws.cell(row=row + 2, column=2)
        cell.value = round(stats.final_agreeing / stats.final_compared, 4)
        cell.number_format = "0.0%"
    row += 4

    action_rows = [[vocab.label("action", k), v] for k, v in stats.actions.items()]
    first = row + 1
    row = _table(ws, row, ["Recommended action (final decisions)", "Decisions"], action_rows)
    _bar(ws, row_first=first, rows=len(action_rows), cols=1, title="Recommended actions",
         anchor=f"{CHART_COL}56", horizontal=True, height=9)

    row += 1
    concern_rows = [[vocab.label("concern", k), v] for k, v in stats.concerns.items()]
    first = row + 1
    row = _table(ws, row, ["Concern (final decisions)", "Decisions"], concern_rows)
    _bar(ws, row_first=first, rows=len(concern_rows), cols=1, title="Concerns raised",
         anchor=f"{CHART_COL}76", horizontal=True)


def _table(ws, row: int, header: list[str], rows: list[list]) -> int:
    """Write a header and rows from ``row``; returns the next free row."""
    put_row(ws, row, header)
    style_header(ws, row, len(header))
    for r in rows:
        row += 1
        put_row(ws, row, r)
    return row + 1


def _bar(ws, *, row_first: int, rows: int, cols: int, title: str, anchor: str,
         horizontal: bool, stacked: bool = False, height: float = 7.5) -> None:
    from openpyxl.chart import BarChart, Reference
    chart = BarChart()
    chart.type = "bar" if horizontal else "col"
    chart.title = title
    chart.style = 10
    if stacked:
        chart.grouping, chart.overlap = "stacked", 100
    data = Reference(ws, min_col=2, max_col=1 + cols, min_row=row_first - 1,
                     max_row=row_first + rows - 1)
    labels = Reference(ws, min_col=1, min_row=row_first, max_row=row_first + rows - 1)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(labels)
    chart.width, chart.height = 18, height
    if cols == 1:
        chart.legend = None
    if horizontal:
        chart.y_axis.majorGridlines = None
        chart.x_axis.scaling.orientation = "maxMin"  # first row at the top, as in the table
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    ws.add_chart(chart, anchor)


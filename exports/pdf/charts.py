"""Charts and the agreement matrix for the PDF's summary pages.

Drawn with reportlab.graphics from the shared statistics; every bar is
labelled with its count so that the numbers can be read without a ruler,
and the labels are vocabulary (never user text).
"""

from __future__ import annotations

from review.cases import CATEGORIES

from exports import vocab
from exports.pdf.style import Styles
from exports.statistics import ExportStatistics

BLUE, ORANGE, GREY = "#2F5D8A", "#D9822B", "#8A8A8A"
STATE_COLOURS = {"not_started": "#B0B0B0", "draft": "#D9822B", "final": "#2F7D4F",
                 "recused": "#7A4F9A"}


def _axis_max(values: list[int]) -> int:
    top = max(values + [1])
    step = 1 if top <= 10 else 5 if top <= 50 else 10 if top <= 100 else 50 if top <= 500 else 100
    return (top // step + 1) * step


def vertical_bars(title: str, labels: list[str], series: list[tuple[str, list[int], str]],
                  width: float, height: float, styles: Styles):
    """Grouped vertical bars with a title, value labels and (for >1 series) a legend."""
    from reportlab.graphics.charts.barcharts import VerticalBarChart
    from reportlab.graphics.charts.legends import Legend
    from reportlab.graphics.shapes import Drawing, String
    from reportlab.lib import colors
    f = styles.fonts
    d = Drawing(width, height)
    d.add(String(0, height - 12, title, fontName=f.bold, fontSize=9.5))
    chart = VerticalBarChart()
    chart.x, chart.y = 30, 34
    chart.width, chart.height = width - 40, height - (80 if len(series) > 1 else 66)
    chart.data = [vals for _, vals, _ in series]
    for i, (_, _, colour) in enumerate(series):
        chart.bars[i].fillColor = colors.HexColor(colour)
        chart.bars[i].strokeColor = None
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = _axis_max([v for _, vals, _ in series for v in vals])
    chart.valueAxis.labels.fontName, chart.valueAxis.labels.fontSize = f.regular, 7
    chart.categoryAxis.categoryNames = labels
    chart.categoryAxis.labels.fontName, chart.categoryAxis.labels.fontSize = f.regular, 7
    chart.categoryAxis.labels.boxAnchor = "n"
    chart.barLabelFormat = "%d"
    chart.barLabels.fontName, chart.barLabels.fontSize = f.regular, 7
    chart.barLabels.nudge = 6
    chart.groupSpacing, chart.barSpacing = 8, 2
    d.add(chart)
    if len(series) > 1:
        legend = Legend()
        legend.x, legend.y = 30, height - 24
        legend.alignment, legend.columnMaximum = "right", 1
        legend.fontName, legend.fontSize = f.regular, 7.5
        legend.dx = legend.dy = 7
        legend.deltax = max(80, (width - 40) / len(series))
        legend.colorNamePairs = [(colors.HexColor(c), n) for n, _, c in series]
        d.add(legend)
    return d


def horizontal_bars(title: str, labels: list[str], values: list[int], width: float,
                    styles: Styles, colour: str = BLUE, label_width: float = 190):
    """One bar per label, first label at the top, count printed after each bar."""
    from reportlab.graphics.charts.barcharts import HorizontalBarChart
    from reportlab.graphics.shapes import Drawing, String
    from reportlab.lib import colors
    f = styles.fonts
    row = 15
    height = 30 + row * len(labels)
    d = Drawing(width, height)
    d.add(String(0, height - 12, title, fontName=f.bold, fontSize=9.5))
    chart = HorizontalBarChart()
    chart.x, chart.y = label_width, 6
    chart.width, chart.height = width - label_width - 30, row * len(labels)
    chart.data = [list(reversed(values))]
    chart.bars[0].fillColor, chart.bars[0].strokeColor = colors.HexColor(colour), None
    chart.valueAxis.valueMin, chart.valueAxis.valueMax = 0, _axis_max(values)
    chart.valueAxis.visible = False
    chart.categoryAxis.categoryNames = list(reversed(labels))
    chart.categoryAxis.labels.fontName, chart.categoryAxis.labels.fontSize = f.regular, 7.5
    chart.categoryAxis.labels.boxAnchor, chart.categoryAxis.labels.dx = "e", -4
    chart.barLabelFormat = "%d"
    chart.barLabels.fontName, chart.barLabels.fontSize = f.regular, 7.5
    chart.barLabels.boxAnchor, chart.barLabels.dx = "w", 3
    chart.barWidth = row * 0.6
    d.add(chart)
    return d


def _two_lines(label: str) -> str:
    """Category names are long for a bar; reportlab labels honour a newline."""
    words = label.split()
    half = (len(words) + 1) // 2
    return " ".join(words[:half]) + ("\n" + " ".join(words[half:]) if len(words) > 1 else "")


def state_chart(stats: ExportStatistics, width: float, styles: Styles):
    labels = [vocab.label("state", k) for k in stats.states]
    return vertical_bars("Cases by review state", labels,
                         [("Cases", list(stats.states.values()), BLUE)], width, 190, styles)


def category_chart(stats: ExportStatistics, width: float, styles: Styles):
    """Met against panel on the same cases: the final decisions with a panel category.

    The Met's counts are the agreement matrix's rows, the panel's its columns, so
    both bars of a pair count the same decisions (never the whole bundle's Met
    categories beside a handful of decisions).
    """
    labels = [_two_lines(vocab.label("category", k)) for k in CATEGORIES]
    met = [sum(stats.matrix.get(k, {}).values()) for k in CATEGORIES]
    panel = [sum(stats.matrix.get(m, {}).get(k, 0) for m in stats.matrix) for k in CATEGORIES]
    return vertical_bars(
        f"Met and panel categories ({stats.final_compared:,} final decisions)", labels,
        [("Met (same cases)", met, GREY), ("Panel", panel, BLUE)], width, 190, styles)


def matrix_table(stats: ExportStatistics, width: float, styles: Styles):
    """The 3×3 Met-vs-panel table; the diagonal (agreement) is shaded green."""
    from reportlab.lib import colors
    from reportlab.platypus import Paragraph, Table, TableStyle
    cats = list(CATEGORIES)
    head = [Paragraph("<b>Met category</b> \u2193 / <b>panel category</b> \u2192", styles.cell)]
    head += [Paragraph(f"<b>{vocab.label('category', p)}</b>", styles.cell) for p in cats]
    head += [Paragraph("<b>Total</b>", styles.cell)]
    rows = [head]
    top = max([v for m in cats for v in stats.matrix.get(m, {}).values()] + [1])
    cmds = [("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor("#999999")),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#DCE6F1")),
            ("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#DCE6F1")),
            ("ALIGN", (1, 1), (-1, -1), "CENTER"), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("FONTNAME", (1, 1), (-1, -1), styles.fonts.regular), ("FONTSIZE", (1, 1), (-1, -1), 9)]
    for i, m in enumerate(cats, start=1):
        counts = [stats.matrix.get(m, {}).get(p, 0) for p in cats]
        rows.append([Paragraph(f"<b>{vocab.label('category', m)}</b>", styles.cell),
                     *[str(c) for c in counts], str(sum(counts))])
        for j, c in enumerate(counts, start=1):
            x = c / top
            colour = (colors.Color(1 - 0.45 * x, 1 - 0.12 * x, 1 - 0.45 * x) if i == j
                      else colors.Color(1, 1 - 0.3 * x, 1 - 0.3 * x))
            cmds.append(("BACKGROUND", (j, i), (j, i), colour))
    totals = [sum(stats.matrix.get(m, {}).get(p, 0) for m in cats) for p in cats]
    rows.append([Paragraph("<b>Total</b>", styles.cell), *[str(t) for t in totals], str(sum(totals))])
    first = width * 0.28
    rest = (width - first) / (len(cats) + 1)
    table = Table(rows, colWidths=[first] + [rest] * (len(cats) + 1))
    table.setStyle(TableStyle(cmds))
    return table

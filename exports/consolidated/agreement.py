"""The consolidated PDF's agreement pages: the coefficients per field with their
95% intervals, and Cohen's κ for every reviewer pair on every field.

The method behind the numbers is in :mod:`review.panel.kappa` (the
coefficients) and :mod:`review.panel.bootstrap` (the intervals); the words
printed here say it for a reader who will not open either.
"""

from __future__ import annotations

from review.panel.agreement import field_label

from exports.consolidated.data import DASH, ConsolidatedData
from exports.consolidated.sections import reviewer_label
from exports.pdf.style import Styles, esc

PAIRS_PER_TABLE = 5   # reviewer-pair columns side by side; more pairs continue below
METHOD = (
    "<b>How to read this.</b> Percent agreement is the share of reviewer pairs that gave "
    "the same answer. Fleiss' \u03ba, Krippendorff's \u03b1 and Gwet's AC1 correct it for "
    "agreement expected by chance (1 perfect, 0 chance level). Where one answer dominates "
    "(most cases \u201cno\u201d), \u03ba and \u03b1 fall towards 0 even when nearly every pair "
    "agrees; AC1 counts chance from how far the answers are from an even spread, and stays "
    "close to the observed agreement there. Below each value, in brackets, is its 95% "
    "interval: the panel's cases were drawn again at random, with replacement, 1,000 times "
    "(fixed seed, so the same data always give the same interval), each coefficient was "
    "recomputed every time, and the interval runs from the 2.5th to the 97.5th percentile "
    "(percentile bootstrap over cases). A wide interval means few cases or mixed answers.")


def _p(text: str, style):
    from reportlab.platypus import Paragraph
    return Paragraph(text, style)


def _signed(value: float) -> str:
    """Two decimals with a true minus sign: '(\u22120.13\u2013\u22120.06)' is not a dash."""
    return f"{value:.2f}".replace("-", "\u2212")


def _value(value: float | None, interval, percent: bool = False) -> str:
    """'0.62' over '(0.55–0.69)'; a dash when undefined."""
    if value is None:
        return DASH
    if percent:  # whole percents in the interval: '77.3%' over '(70–84%)' fits the column
        if interval is None or interval.low is None:
            return f"{value * 100:.1f}%"
        return (f"{value * 100:.1f}%\n({interval.low * 100:.0f}\u2013"
                f"{interval.high * 100:.0f}%)")
    if interval is None or interval.low is None:
        return _signed(value)
    return f"{_signed(value)}\n({_signed(interval.low)}\u2013{_signed(interval.high)})"


def agreement(data: ConsolidatedData, width: float, styles: Styles) -> list:
    from reportlab.platypus import Spacer
    from exports.pdf.cases import grid_table
    rows: list[list] = [["Field", "Percent\nagreement", "Unanimous\ncases", "Fleiss\n\u03ba",
                         "Krippendorff\n\u03b1", "Gwet\nAC1", "Cases\n(n)", "Ratings"]]
    for fa in data.agreement:
        rows.append([_p(esc(field_label(fa.field)), styles.cell),
                     _value(fa.percent.value, fa.interval("percent"), True),
                     _value(getattr(fa.percent, "unanimous", None), None, True),
                     _value(fa.fleiss.value, fa.interval("fleiss")),
                     _value(fa.alpha.value, fa.interval("alpha")),
                     _value(fa.ac1.value, fa.interval("ac1")), f"{fa.n_cases:,}",
                     f"{fa.n_ratings:,}"])
    widths = [0.25, 0.12, 0.105, 0.11, 0.12, 0.11, 0.095, 0.095]
    table = grid_table(rows, [width * w for w in widths], styles, zebra=True)
    table.setStyle([("ALIGN", (1, 1), (-1, -1), "RIGHT")])
    out = [_p("Agreement statistics", styles.h1),
           _p("Agreement between the reviewers' final decisions, field by field. A recusal, a "
              "draft or a missing review is no rating; a case counts once it has two or more "
              "ratings (n). An action counts only on cases whose regulations offer it. "
              f"\u201c{DASH}\u201d means undefined: every rating was the same (chance agreement "
              "is 1), so a coefficient would carry no evidence, or no case had two ratings.",
              styles.small), Spacer(1, 4), _p(METHOD, styles.small), Spacer(1, 6), table]
    return out + pairwise(data, width, styles)


def pairwise(data: ConsolidatedData, width: float, styles: Styles) -> list:
    """Cohen's κ per reviewer pair (columns) and field (rows), with the cases both rated."""
    from reportlab.platypus import Spacer
    from exports.pdf.cases import grid_table
    pairs = sorted({pair for fa in data.agreement for pair in fa.pairwise})
    out: list = [Spacer(1, 12), _p("Cohen's \u03ba for each pair of reviewers", styles.h2),
                 _p("On the cases both reviewers of the pair decided finally, field by field; "
                    "below each value, the number of those cases (n). Reviewers: "
                    + esc("; ".join(reviewer_label(data, r) for r in
                                    sorted({r for pair in pairs for r in pair}))) + ".",
                    styles.small), Spacer(1, 4)]
    if not pairs:
        return out + [_p("No two reviewers rated a case in common yet.", styles.body)]
    for start in range(0, len(pairs), PAIRS_PER_TABLE):
        chunk = pairs[start:start + PAIRS_PER_TABLE]
        rows: list[list] = [["Field"] + [f"{a} \u2013 {b}" for a, b in chunk]]
        for fa in data.agreement:
            cells = []
            for pair in chunk:
                stat = fa.pairwise.get(pair)
                cells.append(DASH if stat is None else
                             f"{DASH if stat.value is None else _signed(stat.value)}\n"
                             f"n = {stat.n_items:,}")
            rows.append([_p(esc(field_label(fa.field)), styles.cell)] + cells)
        col = (width * 0.64) / PAIRS_PER_TABLE
        t = grid_table(rows, [width * 0.36] + [col] * len(chunk), styles, zebra=True)
        t.setStyle([("ALIGN", (1, 0), (-1, -1), "RIGHT")])
        out += [t, Spacer(1, 8)]
    return out

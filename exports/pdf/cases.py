"""The PDF's per-case sections and the decision table.

Case and decision text is laid out as plain text (:mod:`exports.pdf.plain`),
which is never read as markup; the few reportlab Paragraphs left (headings,
the appendix) get user text only through :func:`esc`.  Text that can be
long (summaries, rationales) is laid out as free paragraphs, which can run
across pages; table cells only get short fields, clipped as a safeguard,
because a table row cannot be split over a page.
"""

from __future__ import annotations

import json
from typing import Callable

from review.cases import DATA_QUALITY_FLAGS, NOT_RECORDED
from review.decisions import Decision

from exports import vocab
from exports.snapshot import CaseRecord, display_utc
from exports.pdf.style import Styles, blocks, cell_lines, clip, esc

GRID = "#B8B8B8"
HEAD = "#DCE6F1"
CELL_LIMIT = 400


def _p(text: str, style):
    from reportlab.platypus import Paragraph
    return Paragraph(text, style)


def grid_table(rows, widths, styles: Styles, header: bool = True, zebra: bool = False,
               label_cols: tuple[int, ...] = (), long: bool = False):
    """A ruled table.  Plain-string cells (vocabulary, dates, numbers: short by construction)
    are drawn directly, which is far cheaper than a Paragraph; ``label_cols`` are bold."""
    from reportlab.lib import colors
    from reportlab.platypus import LongTable, Table, TableStyle
    # LongTable keeps row heights across page splits; a plain Table re-measures every
    # remaining row at each page break, which is quadratic for the 1,131-row overview.
    t = (LongTable if long else Table)(rows, colWidths=widths, repeatRows=1 if header else 0)
    cmds = [("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor(GRID)),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("FONTNAME", (0, 0), (-1, -1), styles.fonts.regular),
            ("FONTSIZE", (0, 0), (-1, -1), styles.cell.fontSize),
            ("LEADING", (0, 0), (-1, -1), styles.cell.leading),
            ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3),
            ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2)]
    cmds += [("FONTNAME", (c, 0), (c, -1), styles.fonts.bold) for c in label_cols]
    if header:
        cmds += [("BACKGROUND", (0, 0), (-1, 0), colors.HexColor(HEAD)),
                 ("FONTNAME", (0, 0), (-1, 0), styles.fonts.bold)]
    if zebra:
        cmds += [("BACKGROUND", (0, i), (-1, i), colors.HexColor("#F4F6F8"))
                 for i in range(2, len(rows), 2)]
    t.setStyle(TableStyle(cmds))
    return t


def text_grid(rows: list[list[str]], widths: list[float], styles: Styles, **look):
    """A ruled table of plain strings (see :mod:`exports.pdf.plain`), drawn far more
    cheaply than :func:`grid_table`; ``look``: header, label_cols, zebra."""
    from exports.pdf.plain import GridLook, TextGrid
    return TextGrid(rows, widths, GridLook.of(styles, **look))


def agrees_text(record: CaseRecord) -> str:
    if record.saved is None or record.saved.decision.recused:
        return ""
    agrees = record.saved.decision.agrees_with(record.case.met_category)
    return "" if agrees is None else ("Yes" if agrees else "No")


def decision_table(records: tuple[CaseRecord, ...] | list[CaseRecord], width: float,
                   styles: Styles):
    """One row per case worked on: the overview a reader scans before the sections."""
    from reportlab.pdfbase.pdfmetrics import stringWidth
    heads = ["Case ID", "Met\ncategory", "Panel\ncategory", "Agrees", "State",
             "Recommended actions", "Confidence", "Ver.", "Last saved"]
    # Plain-string columns get exactly the width their longest line needs (category labels
    # are split over two lines by _wrapped); case id and actions share the rest.
    size, pad = styles.cell.fontSize, 7
    def need(*texts: str) -> float:
        return max(stringWidth(t, styles.fonts.bold, size) for t in texts) + pad
    category_lines = [line for lab in vocab.TABLES["category"].values()
                      for line in _wrapped(lab).split("\n")]
    fixed = {1: need("category", *category_lines), 2: need("category", *category_lines),
             3: need("Agrees", "Yes"), 4: need("State", *vocab.TABLES["state"].values()),
             6: need("Confidence", *vocab.TABLES["confidence"].values()),
             7: need("Ver.", "9999"), 8: need("Last saved", "2026-12-31")}
    rest = width - sum(fixed.values())
    shares = {0: 0.3, 5: 0.7}
    widths = [fixed.get(i) or rest * shares[i] for i in range(len(heads))]
    rows: list[list] = [heads]
    fit_id, fit_actions = _fitter(widths[0], styles), _fitter(widths[5], styles)
    for r in records:
        d = r.saved.decision if r.saved else None
        rows.append([
            fit_id(clip(r.case_id, 80)),
            _wrapped(vocab.label("category", r.case.met_category)),
            _wrapped(vocab.label("category", d.category) if d else ""),
            agrees_text(r), vocab.label("state", r.state),
            fit_actions(vocab.join_labels("action", d.actions)) if d else "",
            vocab.label("confidence", d.confidence) if d else "",
            str(r.saved.version) if r.saved else "",
            display_utc(r.saved.saved_at)[:10] if r.saved else ""])
    return text_grid(rows, widths, styles, zebra=True)


def _wrapped(label: str) -> str:
    """A vocabulary label broken onto two lines for a narrow column (tables honour \\n)."""
    words = label.split()
    if len(words) < 2:
        return label
    half = (len(words) + 1) // 2
    return " ".join(words[:half]) + "\n" + " ".join(words[half:])


def runin(label: str, text: object, styles: Styles, empty: str = "") -> list:
    """``label`` in bold run in before ``text``; one plain paragraph per paragraph of it."""
    from exports.pdf.plain import PlainText
    parts = blocks(text) if text else [empty]
    return [PlainText(parts[0], styles.body, label, styles.fonts.bold)] + \
        [PlainText(part, styles.body) for part in parts[1:]]


def _plain(text: str, style):
    from exports.pdf.plain import PlainText
    return PlainText(text, style)


def case_section(record: CaseRecord, width: float, styles: Styles,
                 marker: Callable[[], object]) -> list:
    """The flowables of one case: facts, decision, rationale, history.

    Cheap by design, as there are a thousand of them: plain-text tables and
    paragraphs (:mod:`exports.pdf.plain`), no reportlab Table or Paragraph.
    """
    from reportlab.platypus import CondPageBreak, HRFlowable, Spacer
    c, saved = record.case, record.saved
    state = vocab.label("state", record.state)
    label_w, value_w = width * 0.17, width * 0.33
    fit = _fitter(value_w, styles)
    fact_rows = [
        ["Original reference", fit(c.original_ref or NOT_RECORDED), "Regulations",
         _wrapped(vocab.label("regime", c.regime))],
        ["Subject", fit(f"{c.subject_id}, {vocab.label('role', c.subject_role)}"
                        + (f", {c.rank}" if c.rank else "")),
         "Gender, ethnicity", fit(f"{c.gender.capitalize()}, {c.ethnicity}")],
        ["Allegations", fit(vocab.join_labels("allegation", c.allegation_types)),
         "Met category", vocab.label("category", c.met_category)],
        ["Conduct date", _day(c.conduct_date), "Reported", _day(c.reported_date)],
        ["Original outcome", _day(c.outcome_date), "Days to outcome",
         f"{c.days_to_outcome:,}" if c.days_to_outcome is not None else NOT_RECORDED],
    ]
    if c.not_recorded or c.data_quality:
        said = ["not recorded: " + ", ".join(n.replace("_", " ") for n in c.not_recorded)
                ] if c.not_recorded else []
        said += [DATA_QUALITY_FLAGS.get(f, f) for f in c.data_quality]
        fact_rows.append(["Data quality", fit("; ".join(said)), "", ""])
    # The heading, the facts and the start of the summary stay on one page.
    out: list = [CondPageBreak(130), marker(),
                 _plain(f"Case {c.case_id} \u2014 {state}", styles.h2),
                 text_grid(fact_rows, [label_w, value_w] * 2, styles, header=False,
                           label_cols=(0, 2)),
                 Spacer(1, 4)]
    out += runin("Summary.", c.summary or NOT_RECORDED, styles)
    out += runin("Original outcome.", c.original_outcome or NOT_RECORDED, styles)
    out += runin("Met's rationale.", c.met_rationale or NOT_RECORDED, styles)
    for title, items in (("Lines of inquiry:", c.lines_of_inquiry),
                         ("Risk measures:", c.risk_measures)):
        if items:
            out += runin(title, "; ".join(items), styles)
    out.append(_plain("Panel decision", styles.h3))
    if saved is None:
        out.append(_plain("No decision has been saved on this case.", styles.body))
    else:
        out += _decision(saved.decision, record, width, styles)
    out.append(HRFlowable(width="100%", thickness=0.6, color="#999999", spaceBefore=4,
                          spaceAfter=4))
    return out


def _fitter(width: float, styles: Styles) -> Callable[[str], str]:
    """Clip and wrap text for a plain-string table cell ``width`` points wide (padding 3+3)."""
    font, size = styles.fonts.regular, styles.cell.fontSize
    return lambda text: cell_lines(clip(text, CELL_LIMIT), width - 6, font, size)


def _decision(d: Decision, record: CaseRecord, width: float, styles: Styles) -> list:
    rows = [
        ("Panel category", vocab.label("category", d.category) or "(not chosen)"),
        ("Agrees with the Met", agrees_text(record) or "\u2014"),
        ("Recommended actions", vocab.join_labels("action", d.actions) or "(none)"),
        ("Severity", vocab.label("severity", d.severity) or "\u2014"),
        ("Concerns", vocab.join_labels("concern", d.concerns) or "(none)"),
        ("Confidence", vocab.label("confidence", d.confidence) or "(not given)"),
        # The review state, not the stored status: a recusal keeps the status its form
        # had ("final" by default) but is not a final decision on the case.
        ("Decision status", vocab.label("state", d.review_state)),
    ]
    if d.recused:
        rows.insert(0, ("Recused", "Yes: the member declared a conflict of interest"))
    fit = _fitter(width * 0.75, styles)
    table = text_grid([[a, fit(b)] for a, b in rows], [width * 0.25, width * 0.75], styles,
                      header=False, label_cols=(0,))
    from reportlab.platypus import Spacer
    out: list = [table, Spacer(1, 4)]
    if d.recused:
        out += runin("Reason for recusal.", d.recusal_reason, styles, "(none given)")
    out += runin("Rationale.", d.rationale, styles, "(none written)")
    out += _history(record, width, styles)
    return out


def _history(record: CaseRecord, width: float, styles: Styles) -> list:
    versions = record.versions
    if not versions:
        return []
    summary = (f"{len(versions)} saved version{'s' if len(versions) != 1 else ''}; "
               f"first saved {display_utc(versions[0].saved_at)}, last saved "
               f"{display_utc(versions[-1].saved_at)}.")
    rows: list[list[str]] = [["Version", "Saved", "State", "Panel category", "Entry hash"]]
    for e in versions:
        d = Decision.from_json(json.loads(e.payload))
        rows.append([str(e.version), display_utc(e.saved_at), vocab.label("state", d.review_state),
                     vocab.label("category", d.category), e.hash[:16] + "\u2026"])
    return runin("History.", summary, styles) + \
        [text_grid(rows, [width * f for f in (0.1, 0.22, 0.14, 0.26, 0.28)], styles)]


def not_started_list(records: list[CaseRecord], width: float, styles: Styles) -> list:
    """The cases without a decision, as ids in a compact grid under each Met category.

    A member may hold a bundle of thousands of cases and decide a few: their
    narratives are in the bundle, not the member's work, so they get a few
    lines per page-full of ids rather than a section each.
    """
    from reportlab.pdfbase.pdfmetrics import stringWidth
    out: list = [_plain("Cases not started", styles.h1)]
    if not records:
        return out + [_plain("Every case in the bundle has a decision, a draft or a recusal.",
                             styles.body)]
    out.append(_plain(f"{len(records):,} case{'s' if len(records) != 1 else ''} of the bundle "
                      "had no decision, draft or recusal when this document was exported. "
                      "Their ids are listed under the Met's category; the bundle holds "
                      "their details.", styles.body))
    ids = [clip(r.case_id, 40) for r in records]
    widest = max(stringWidth(i, styles.fonts.regular, styles.cell.fontSize) for i in ids) + 8
    cols = max(1, min(10, int(width // widest)))
    by_met: dict[str, list[str]] = {}
    for r, i in zip(records, ids):
        by_met.setdefault(r.case.met_category, []).append(i)
    for met, group in sorted(by_met.items(), key=lambda kv: vocab.label("category", kv[0])):
        out.append(_plain(f"Met category: {vocab.label('category', met)} ({len(group):,} "
                          f"not started)", styles.h3))
        rows = [group[k:k + cols] + [""] * (cols - len(group[k:k + cols]))
                for k in range(0, len(group), cols)]
        out.append(text_grid(rows, [width / cols] * cols, styles, header=False))
    return out


CONSULTATIONS_LISTED = 60  # up to this many openings are listed one by one


def consultation_appendix(data, width: float, styles: Styles) -> list:
    """The consultation log: which cases the member opened and when.

    A short log is listed entry by entry; a longer one is summarised per case
    (times opened, first and last opening).  The signed Excel export carries
    every entry either way.
    """
    from collections import OrderedDict
    entries = data.consultations
    out: list = [_p("Appendix: consultation log", styles.h1), _p(
        "Data protection law expects a record of who consulted a person's data and when. "
        "Panel Review logs every time the member opened a case (the case id and the time, "
        "nothing else). The signed Excel export lists every entry.", styles.body)]
    if not entries:
        out.append(_p("No case was opened in this workspace before the export.", styles.body))
        return out
    cases = len({e.case_id for e in entries})
    out.append(_p(f"<b>Case openings:</b> {len(entries):,} of {cases:,} "
                  f"case{'s' if cases != 1 else ''}; first {esc(display_utc(entries[0].opened_at))}, "
                  f"last {esc(display_utc(entries[-1].opened_at))}.", styles.body))
    if len(entries) <= CONSULTATIONS_LISTED:
        rows: list[list] = [["Entry", "Case ID", "Opened"]]
        rows += [[str(e.seq), _p(esc(clip(e.case_id, 80)), styles.cell),
                  display_utc(e.opened_at)] for e in entries]
        out.append(grid_table(rows, [width * f for f in (0.15, 0.45, 0.4)], styles,
                              zebra=True, long=True))
        return out
    per_case: OrderedDict[str, list] = OrderedDict()
    for e in sorted(entries, key=lambda e: (e.case_id, e.seq)):
        per_case.setdefault(e.case_id, []).append(e)
    rows = [["Case ID", "Times opened", "First opened", "Last opened"]]
    rows += [[_p(esc(clip(cid, 80)), styles.cell), f"{len(es):,}", display_utc(es[0].opened_at),
              display_utc(es[-1].opened_at)] for cid, es in per_case.items()]
    out.append(grid_table(rows, [width * f for f in (0.28, 0.16, 0.28, 0.28)], styles,
                          zebra=True, long=True))
    return out


def _day(day) -> str:
    return day.isoformat() if day is not None else NOT_RECORDED

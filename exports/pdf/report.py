"""The PDF report, laid out with reportlab into memory (never a temporary file).

Sections: cover, summary with charts, decision table, one section per
case, an appendix with the consultation log (which cases the member opened
and when), and an appendix with the history chain head and a reserved box where
the visible signature goes (the signing step, :mod:`exports.pdf.sign`,
places pyHanko's signature appearance exactly there).  "Page x of y" is
drawn once the page count is known, by a canvas that holds pages back.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from review.identity import format_fingerprint

from exports import vocab
from exports.snapshot import ExportData, display_utc
from exports.pdf.cases import case_section, consultation_appendix, decision_table, grid_table, \
    not_started_list
from exports.pdf.charts import category_chart, horizontal_bars, matrix_table, state_chart
from exports.pdf.style import Styles, clip, esc, text_width
from exports.progress import Progress
from exports.statistics import compute_statistics


@dataclass
class ReportLayout:
    pdf: bytes
    pages: int
    signature_page: int                       # 0-based page index of the signature box
    signature_box: tuple[float, float, float, float]


@dataclass(frozen=True)
class Signer:
    """Who signs, as printed on the cover (the certificate speaks for itself in the signature)."""

    name: str
    fingerprint: str


def build_report(data: ExportData, signer: Signer, progress: Progress | None = None,
                 stage: str = "pdf") -> ReportLayout:
    try:
        return _build_report(data, signer, progress, stage)
    finally:
        # text_width remembers words of case text while the story is made and laid
        # out: forget them when the report is done, failed or was cancelled.
        text_width.cache_clear()


def _build_report(data: ExportData, signer: Signer, progress: Progress | None,
                  stage: str) -> ReportLayout:
    from reportlab.platypus import PageBreak
    from exports.pdf.flowables import CaseMarker, Outline, SignatureSlot, Slot, a4_document, \
        numbered_canvas
    progress = progress or Progress()
    styles = Styles()
    slot = Slot()
    buf = io.BytesIO()
    doc, width = a4_document(buf, title="Panel Review signed export", author=data.member_name,
                             subject=f"Decisions of {data.member_id} on bundle {data.bundle_id}")
    stats = compute_statistics(data.records)
    # Sections for the cases the member worked on (decided, drafted or recused); the rest
    # are listed by id, so that pages and time follow the work, not the bundle's size.
    worked = [r for r in data.records if r.saved is not None]
    total = len(worked)

    story: list = [Outline("Cover", 0)] + _cover(data, signer, styles) + [PageBreak()]
    story += [Outline("Summary", 0)] + _summary(data, stats, width, styles) + [PageBreak()]
    story += [Outline("Decision table", 0),
              _para("Decision table", styles.h1),
              _para("One row per case with a decision, a draft or a recusal, in bundle order. "
                    "Their sections follow; cases not started are listed after them.",
                    styles.small)]
    story += [decision_table(worked, width, styles)] if worked else \
        [_para("No decision, draft or recusal has been saved yet.", styles.body)]
    story += [PageBreak(), Outline("Cases", 0), _para("Cases", styles.h1)]
    if not worked:
        story.append(_para("No case has been worked on yet.", styles.body))
    for i, record in enumerate(worked):
        if i % 25 == 0:
            progress.update(stage, 0.05 * i / max(total, 1), "Preparing case sections")
        story += case_section(record, width, styles,
                              lambda i=i, r=record: CaseMarker(r.case_id, i, total, progress, stage))
    story += [PageBreak(), Outline("Cases not started", 0)]
    story += not_started_list([r for r in data.records if r.saved is None], width, styles)
    story += [PageBreak(), Outline("Appendix: consultation log", 0)]
    story += consultation_appendix(data, width, styles)
    story += [PageBreak(), Outline("Appendix: history chain", 0)]
    story += _appendix(data, signer, styles) + [SignatureSlot(slot)]

    canvas_class = numbered_canvas(_header(data), _footer(data, signer), styles)
    doc.build(story, canvasmaker=canvas_class)
    pdf = buf.getvalue()
    progress.update(stage, 1.0, "Report laid out")
    return ReportLayout(pdf, canvas_class.pages, slot.page, slot.box)


def _para(text: str, style):
    from reportlab.platypus import Paragraph
    return Paragraph(text, style)


def _cover(data: ExportData, signer: Signer, styles: Styles) -> list:
    from reportlab.platypus import Spacer
    s = compute_statistics(data.records).states
    rows = [
        ("Panel member", f"{data.member_name} ({data.member_id})"),
        ("Signed by", signer.name),
        ("Certificate fingerprint (SHA-256)", format_fingerprint(signer.fingerprint)),
        ("Bundle", data.bundle_title),
        ("Bundle ID", data.bundle_id),
        ("Coordinator", data.coordinator_name),
        ("Exported", display_utc(data.exported_at)),
        ("Cases in the bundle", f"{data.case_count:,}"),
        ("Decisions", f"{s['final']:,} final, {s['draft']:,} draft, {s['recused']:,} recused, "
                      f"{s['not_started']:,} not started"),
        ("History", f"{data.history_count:,} saved versions; chain head "
                    f"{data.history_head[:16]}\u2026 (full value in the appendix)"),
    ]
    table = grid_table([[_para(f"<b>{a}</b>", styles.body), _para(esc(clip(b, 600)), styles.body)]
                    for a, b in rows], [150, 365], styles, header=False)
    out = [Spacer(1, 40), _para("Panel decisions: signed export", styles.title),
           _para(esc(data.bundle_title), styles.subtitle)]
    if data.demo:
        out.append(_para("DEMO: synthetic data, not real cases. Not for any real decision.",
                         styles.banner))
        out.append(Spacer(1, 8))
    out += [table, Spacer(1, 18), _para("How to check this document", styles.h2), _para(
        "This PDF carries a PAdES digital signature made with the member's own certificate, "
        "whose fingerprint is printed above and should match the one the coordinator holds "
        "for the member. It is a certification signature that allows no later changes: any "
        "edit, added page, annotation or drawing, or a re-saved copy, makes it invalid. Check "
        "it in the signature panel of a PDF reader, or run <b>panel-review verify FILE</b>.",
        styles.body),
        _para("The contents are sensitive: they describe allegations of sexual violence and "
              "domestic abuse. Keep and share this document only as the panel's terms allow.",
              styles.body)]
    return out


def _summary(data: ExportData, stats, width: float, styles: Styles) -> list:
    from reportlab.platypus import Spacer, Table
    half = (width - 16) / 2
    charts = Table([[state_chart(stats, half, styles), category_chart(stats, half, styles)]],
                   colWidths=[half + 16, half])
    charts.setStyle([("LEFTPADDING", (0, 0), (-1, -1), 0), ("VALIGN", (0, 0), (-1, -1), "TOP")])
    pct = stats.agreement_percent
    agreement = ("No final decision with a category yet." if pct is None else
                 f"{stats.final_agreeing:,} of {stats.final_compared:,} final decisions "
                 f"({pct:.1f}%) agree with the Met's category.")
    return [
        _para("Summary", styles.h1),
        _para("Counts of final decisions exclude recusals and drafts; the review-state chart "
              "counts every case; the category chart sets the Met's category beside the "
              "panel's on the same cases (final decisions with a category).", styles.small), Spacer(1, 6), charts, Spacer(1, 10),
        _para("Met category against panel category (final decisions)", styles.h2),
        matrix_table(stats, width, styles),
        Spacer(1, 3),
        _para(agreement + " The shaded diagonal is agreement.", styles.small), Spacer(1, 12),
        horizontal_bars("Recommended actions (final decisions)",
                        [vocab.label("action", k) for k in stats.actions],
                        list(stats.actions.values()), width, styles),
        Spacer(1, 8),
        horizontal_bars("Concerns raised (final decisions)",
                        [vocab.label("concern", k) for k in stats.concerns],
                        list(stats.concerns.values()), width, styles, colour="#9C4A2F"),
    ]


def _appendix(data: ExportData, signer: Signer, styles: Styles) -> list:
    from reportlab.platypus import Spacer
    dash = "\u2014"
    first = display_utc(data.history[0].saved_at) if data.history else dash
    last = display_utc(data.history[-1].saved_at) if data.history else dash
    return [
        _para("Appendix: history chain", styles.h1),
        _para("Every saved version of every decision is kept in an append-only history in "
              "which each entry's SHA-256 hash covers the entry and the hash of the entry "
              "before it. The head below is the hash of the last entry: it fixes the whole "
              "history, and this document's signature fixes the head.", styles.body),
        _para(f"<b>Saved versions:</b> {data.history_count:,}", styles.body),
        _para(f"<b>First saved:</b> {esc(first)}; <b>last saved:</b> {esc(last)}", styles.body),
        _para("<b>History chain head (SHA-256):</b>", styles.body),
        _para(esc(data.history_head), styles.mono),
        _para("<b>Bundle digest (SHA-256):</b>", styles.body),
        _para(esc(data.bundle_digest), styles.mono),
        _para(f"<b>Signed by:</b> {esc(signer.name)}", styles.body),
        _para("<b>Signer's certificate fingerprint (SHA-256):</b>", styles.body),
        _para(esc(format_fingerprint(signer.fingerprint)), styles.mono),
        Spacer(1, 14), _para("Signature", styles.h2),
        _para("The box below is the visible part of the digital signature. A PDF reader shows "
              "whether it is valid in its signature panel.", styles.small), Spacer(1, 4),
    ]


def _header(data: ExportData) -> tuple[str, str]:
    return (f"Panel Review \u00b7 {data.member_name} ({data.member_id})",
            f"Bundle {data.bundle_id}" + (" \u00b7 DEMO" if data.demo else ""))


def _footer(data: ExportData, signer: Signer) -> str:
    return (f"Exported {display_utc(data.exported_at)} \u00b7 certificate "
            f"{format_fingerprint(signer.fingerprint)[:19]}\u2026")

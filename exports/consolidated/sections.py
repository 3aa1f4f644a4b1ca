"""The consolidated PDF's sections, each a list of flowables.

:func:`exports.consolidated.pdf.build_consolidated_pdf` puts them in order and
signs the result; every piece of user text passes through :func:`esc`.
"""

from __future__ import annotations

from review.cases import CATEGORIES
from review.decisions import Decision
from review.identity import format_fingerprint
from review.panel.merge import CASE_STATUSES
from review.panel.record import RULE

from exports import vocab
from exports.consolidated.data import (DASH, CaseResult, ConsolidatedData, confidence_lines,
                                        decided_text, raised_lines, shown_utc)
from exports.pdf.style import Styles, clip, esc
from exports.snapshot import display_utc

CELL_LIMIT = 400
HIGHLIGHT = "#FCE8D5"
FIELD_NAMES = {"category": "category", "actions": "recommended actions",
               "severity": "severity", "concerns": "concerns", "confidence": "confidence"}
OUTCOME_LABELS = {"accepted": "Merged", "superseded": "Superseded by a newer export",
                  "refused": "Refused", "already imported": "Already merged"}


def _p(text: str, style):
    from reportlab.platypus import Paragraph
    return Paragraph(text, style)


def _two_lines(label: str) -> str:
    words = label.split()
    if len(words) < 2:
        return label
    half = (len(words) + 1) // 2
    return " ".join(words[:half]) + "\n" + " ".join(words[half:])


def reviewer_label(data: ConsolidatedData, rid: str) -> str:
    name = data.roster.get(rid)
    return f"{rid} ({name})" if name else rid


def _kv_table(rows, widths, styles: Styles):
    from exports.pdf.cases import grid_table
    return grid_table([[_p(f"<b>{esc(a)}</b>", styles.body), _p(esc(clip(b, 600)), styles.body)]
                       for a, b in rows], widths, styles, header=False)


def cover(data: ConsolidatedData, name: str, fingerprint: str, styles: Styles) -> list:
    from reportlab.platypus import Spacer
    counts = data.status_counts()
    files = data.outcome_counts()
    adjudicated = counts["adjudicated"]
    rows = [
        ("Panel", data.bundle_title),
        ("Bundle ID", data.bundle_id),
        ("Coordinator (signer)", name),
        ("Certificate fingerprint (SHA-256)", format_fingerprint(fingerprint)),
        ("Generated", display_utc(data.generated_at)),
        ("Reviewers", ", ".join(reviewer_label(data, r) for r in data.roster)),
        ("Cases", f"{data.case_count:,}"),
        ("Cases by status", "; ".join(f"{v}: {counts[k]:,}" for k, v in CASE_STATUSES.items())),
        ("Final decisions", f"{data.final_count:,} of {data.case_count:,} cases "
                            f"({counts['agreed']:,} agreed, {adjudicated:,} adjudicated)"),
        ("Files offered to the merge",
         f"{len(data.files):,}: " + (", ".join(f"{n:,} {OUTCOME_LABELS.get(k, k).lower()}"
                                               for k, n in sorted(files.items())) or "none")),
        ("Adjudication history", f"{data.history_count:,} saved versions; chain head "
                                 f"{data.history_head[:16]}\u2026 (full value in the appendix)"),
    ]
    out = [Spacer(1, 36), _p("Panel result: consolidated and signed", styles.title),
           _p(esc(data.bundle_title), styles.subtitle)]
    if data.demo:
        out += [_p("DEMO: synthetic data, not real cases. Not for any real decision.",
                   styles.banner), Spacer(1, 8)]
    out += [_kv_table(rows, [150, 365], styles), Spacer(1, 16),
            _p("How to check this document", styles.h2),
            _p("This PDF carries a PAdES digital signature made with the coordinator's own "
               "certificate, whose fingerprint is printed above; it is the certificate that "
               "signed the panel's bundles. It is a certification signature that allows no "
               "later changes: any edit, added page, annotation or drawing, or a re-saved "
               "copy, makes it invalid. Check it in the signature panel of a PDF reader, or "
               "run <b>panel-review verify FILE</b>.", styles.body),
            _p("Each case was reviewed independently by two or more panel members. Where their "
               "category, recommended actions or severity differed, the coordinator "
               "adjudicated and recorded a reasoned final decision; those cases are set out "
               "one by one in the Disagreements section. While a case still awaits a "
               "review, its reviews are withheld here as they are in the app.", styles.body),
            _p("The contents are sensitive: they concern allegations of sexual violence and "
               "domestic abuse. Keep and share this document only as the panel's terms allow.",
               styles.body)]
    return out


def _category_stats(data: ConsolidatedData):
    from exports.statistics import ExportStatistics
    matrix = data.category_matrix()
    met = {k: 0 for k in CATEGORIES}
    panel = {k: 0 for k in CATEGORIES}
    compared = agreeing = 0
    for c in data.cases:
        met[c.met_category] = met.get(c.met_category, 0) + 1
        if c.final is not None and c.final.category in CATEGORIES:
            panel[c.final.category] += 1
            compared += 1
            agreeing += c.final.category == c.met_category
    return ExportStatistics({}, met, panel, matrix, {}, {}, compared, agreeing)


def categories(data: ConsolidatedData, width: float, styles: Styles) -> list:
    from reportlab.platypus import Spacer
    from exports.pdf.charts import category_chart, matrix_table
    stats = _category_stats(data)
    pct = stats.agreement_percent
    summary = ("No case has a final decision yet." if pct is None else
               f"{stats.final_agreeing:,} of {stats.final_compared:,} final decisions "
               f"({pct:.1f}%) keep the Met's category.")
    return [_p("Final categories against the Met's", styles.h1),
            _p("Final decisions are the reviewers' agreed decision or the coordinator's "
               "adjudication. Cases without one (awaiting reviews, unresolved disagreements) "
               "are counted under the Met only.", styles.small), Spacer(1, 6),
            category_chart(stats, width, styles), Spacer(1, 10),
            _p("Met category against final category", styles.h2),
            matrix_table(stats, width, styles), Spacer(1, 3),
            _p(summary + " The shaded diagonal is agreement with the Met.", styles.small)]


_FIELDS = (("category", "Category"), ("actions", "Recommended\nactions"),
           ("severity", "Severity"), ("concerns", "Concerns"), ("confidence", "Confidence"))


def _field_text(d: Decision | None, name: str) -> str:
    if d is None:
        return "(no review received)"
    if d.recused:
        return "Recused" if name == "category" else ""
    if name == "actions":
        return vocab.join_labels("action", d.actions) or "(none)"
    if name == "concerns":
        return vocab.join_labels("concern", d.concerns) or "(none)"
    return vocab.label(name, getattr(d, name)) or DASH


def disagreements(data: ConsolidatedData, width: float, styles: Styles) -> list:
    from reportlab.platypus import Spacer
    disputed = data.disputed()
    open_ = sum(c.status == "disagreement" for c in disputed)
    out: list = [_p("Disagreements and how they were resolved", styles.h1),
                 _p(f"{len(disputed):,} cases on which the reviewers' category, recommended "
                    f"actions or severity differed: {len(disputed) - open_:,} adjudicated, "
                    f"{open_:,} not yet resolved. Fields that differ are shaded.", styles.small),
                 Spacer(1, 6)]
    if not disputed:
        out.append(_p("There were no disagreements.", styles.body))
    for c in disputed:
        out += _dispute(data, c, width, styles)
    return out


def _dispute(data: ConsolidatedData, c: CaseResult, width: float, styles: Styles) -> list:
    from reportlab.lib import colors
    from reportlab.platypus import CondPageBreak, HRFlowable, KeepTogether, Spacer
    from exports.pdf.cases import grid_table
    heading = _p(f"Case {esc(c.case_id)} \u2014 {esc(CASE_STATUSES[c.status])}", styles.h2)
    facts = _p(f"Original reference {esc(c.original_ref)}; Met category: "
               f"{esc(vocab.label('category', c.met_category))}; "
               f"{esc(vocab.label('regime', c.regime))}. Differing: "
               f"{esc(', '.join(FIELD_NAMES.get(f, f) for f in c.differing) or DASH)}.",
               styles.small)
    columns = [(reviewer_label(data, rid), d) for rid, d in c.reviews]
    final = c.final if c.status == "adjudicated" else None
    heads = ["Field"] + [label for label, _ in columns] + (["Adjudicated"] if final else [])
    n = len(heads) - 1
    first = width * 0.16
    widths = [first] + [(width - first) / n] * n
    rows: list[list] = [[_p(f"<b>{esc(h)}</b>", styles.cell) for h in heads]]
    for name, label in _FIELDS:
        row = [label] + [_p(esc(clip(_field_text(d, name), CELL_LIMIT)), styles.cell)
                         for _, d in columns]
        if final:
            row.append(_p(f"<b>{esc(clip(_field_text(final, name), CELL_LIMIT))}</b>",
                          styles.cell))
        rows.append(row)
    table = grid_table(rows, widths, styles, label_cols=(0,))
    shade = [("BACKGROUND", (0, i), (0, i), colors.HexColor(HIGHLIGHT))
             for i, (name, _) in enumerate(_FIELDS, start=1) if name in c.differing]
    if final:
        shade.append(("BACKGROUND", (n, 1), (n, -1), colors.HexColor("#E8F1E4")))
    table.setStyle(shade)
    out: list = [CondPageBreak(140), KeepTogether([heading, facts, table]), Spacer(1, 4)]
    for label, d in columns:
        if d is None:
            continue
        if d.recused:
            out.append(_p(f"<b>{esc(label)}, reason for recusal.</b> {esc(d.recusal_reason)}",
                          styles.body))
        else:
            out.append(_p(f"<b>{esc(label)}, rationale.</b> "
                          f"{esc(d.rationale) or '(none written)'}", styles.body))
    if final:
        last = c.adjudication[-1] if c.adjudication else None
        when = f" on {esc(display_utc(last.saved_at))}" if last else ""
        versions = (f" (version {last.version}; history entry {last.seq}, hash "
                    f"{esc(last.hash[:16])}\u2026)" if last else "")
        out.append(_p(f"<b>Adjudicated by the coordinator{when}{versions}. Rationale.</b> "
                      f"{esc(final.rationale) or '(none written)'}", styles.body))
    else:
        out.append(_p("<b>Not yet adjudicated:</b> this case has no final decision.",
                      styles.body))
    out.append(HRFlowable(width="100%", thickness=0.6, color="#999999", spaceBefore=4,
                          spaceAfter=6))
    return out


def final_table(data: ConsolidatedData, width: float, styles: Styles) -> list:
    from reportlab.platypus import Spacer
    from exports.pdf.cases import grid_table
    heads = ["Case ID", "Met\ncategory", "Final\ncategory", "Agrees\nwith Met", "How reached",
             "Actions\n(raised by k of n)", "Concerns\n(raised by k of n)",
             "Confidence\n(per reviewer)"]
    rows: list[list] = [heads]
    for c in data.cases:
        d = c.final
        agrees = c.agrees_with_met
        concerns = raised_lines("concerns", c.record,
                                d.concerns if d and c.status == "adjudicated" else None)
        how = c.how_reached if c.record is None else decided_text(c.record)
        rows.append([_p(esc(clip(c.case_id, 80)), styles.cell),
                     _two_lines(vocab.label("category", c.met_category)),
                     _two_lines(vocab.label("category", d.category)) if d else DASH,
                     "" if agrees is None else ("Yes" if agrees else "No"),
                     _p(esc(how), styles.cell),
                     _lines(raised_lines("actions", c.record, d.actions) if d else None, styles),
                     _lines(concerns if c.record else None, styles),
                     _lines(confidence_lines(c.record), styles)])
    widths = [width * f for f in (0.08, 0.11, 0.11, 0.08, 0.12, 0.19, 0.18, 0.13)]
    return [_p("Final decisions", styles.h1),
            _p("One row per case, in bundle order. " + esc(RULE) + " The rationale of an agreed "
               "case is in its reviewers' decisions (Excel: Reviews sheet).", styles.small),
            Spacer(1, 4), grid_table(rows, widths, styles, zebra=True, long=True)]


def _lines(text: str | None, styles: Styles):
    return _p(esc(text).replace("\n", "<br/>"), styles.cell) if text else ""


def review_table(data: ConsolidatedData, width: float, styles: Styles) -> list:
    from reportlab.platypus import Spacer
    from exports.pdf.cases import grid_table
    heads = ["Case ID", "Reviewer", "State", "Category", "Recommended actions", "Severity",
             "Confidence"]
    rows: list[list] = [heads]
    withheld = 0
    for c in data.cases:
        for rid, d in c.reviews:
            if not c.reviews_visible:
                state = "Received" if d is not None else "Not received"
                rows.append([_p(esc(clip(c.case_id, 80)), styles.cell), rid, state,
                             "(withheld)", "", "", ""])
                withheld += 1
                continue
            rows.append([
                _p(esc(clip(c.case_id, 80)), styles.cell), rid,
                vocab.label("state", d.review_state) if d else "Not received",
                _two_lines(vocab.label("category", d.category)) if d and d.category else "",
                _p(esc(vocab.join_labels("action", d.actions)), styles.cell)
                if d and d.actions else "",
                _two_lines(vocab.label("severity", d.severity)) if d else "",
                vocab.label("confidence", d.confidence) if d else ""])
    widths = [width * f for f in (0.12, 0.09, 0.11, 0.14, 0.32, 0.12, 0.10)]
    key = "; ".join(f"{rid}: {name}" for rid, name in data.roster.items())
    return [_p("Reviewers' decisions", styles.h1),
            _p(f"One row per case and assigned reviewer. Reviewers: {esc(key)}. Rationales are "
               "in the Disagreements section for disputed cases and in the Excel workbook "
               f"(Reviews sheet) for all. {withheld:,} reviews of cases still awaiting a "
               "review are withheld until every assigned reviewer has finalised.",
               styles.small), Spacer(1, 4),
            grid_table(rows, widths, styles, zebra=True, long=True)]


def files(data: ConsolidatedData, width: float, styles: Styles) -> list:
    from reportlab.platypus import Spacer
    from exports.pdf.cases import grid_table
    rows: list[list] = [["#", "File", "Member", "Exported", "Offered", "Outcome", "Reason"]]
    for f in data.files:
        who = f.member_id or f.signer
        rows.append([str(f.seq), _p(esc(clip(f.source, 200)), styles.cell),
                     _p(esc(who), styles.cell),
                     _p(esc(shown_utc(f.exported_at)) or DASH, styles.cell),
                     _p(esc(shown_utc(f.imported_at)), styles.cell),
                     _p(esc(OUTCOME_LABELS.get(f.outcome, f.outcome)), styles.cell),
                     _p(esc(clip(f.reason, CELL_LIMIT)) or DASH, styles.cell)])
    if len(rows) == 1:
        rows.append(["", _p("No file has been offered to the merge.", styles.cell), "", "", "",
                     "", ""])
    widths = [width * f for f in (0.04, 0.17, 0.08, 0.12, 0.12, 0.11, 0.36)]
    counts = data.outcome_counts()
    return [_p("Files merged and refused", styles.h1),
            _p("Every file offered to the merge, in the order offered, with what happened to "
               f"it: {counts.get('accepted', 0):,} merged, {counts.get('superseded', 0):,} "
               f"superseded by a newer export from the same member, "
               f"{counts.get('refused', 0):,} refused. Nothing from a refused file was merged.",
               styles.small), Spacer(1, 4),
            grid_table(rows, widths, styles, zebra=True, long=True)]


def appendix(data: ConsolidatedData, name: str, fingerprint: str, styles: Styles) -> list:
    from reportlab.platypus import Spacer
    return [
        _p("Appendix: adjudication history", styles.h1),
        _p("Every adjudicated decision the coordinator saved is kept in an append-only history "
           "in which each entry's SHA-256 hash covers the entry and the hash of the entry "
           "before it (the same chain as a member's decisions). The head below fixes the "
           "whole history, and this document's signature fixes the head.", styles.body),
        _p(f"<b>Saved versions:</b> {data.history_count:,}", styles.body),
        _p(f"<b>First saved:</b> {esc(display_utc(data.history_first)) or DASH}; "
           f"<b>last saved:</b> {esc(display_utc(data.history_last)) or DASH}", styles.body),
        _p("<b>Adjudication history chain head (SHA-256):</b>", styles.body),
        _p(esc(data.history_head), styles.mono),
        _p("<b>Panel bundle digest (SHA-256):</b>", styles.body),
        _p(esc(data.bundle_digest), styles.mono),
        _p(f"<b>Signed by:</b> {esc(name)}", styles.body),
        _p("<b>Signer's certificate fingerprint (SHA-256):</b>", styles.body),
        _p(esc(format_fingerprint(fingerprint)), styles.mono),
        Spacer(1, 14), _p("Signature", styles.h2),
        _p("The box below is the visible part of the digital signature. A PDF reader shows "
           "whether it is valid in its signature panel.", styles.small), Spacer(1, 4),
    ]

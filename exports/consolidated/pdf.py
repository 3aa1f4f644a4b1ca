"""The consolidated PDF: the panel's published result, signed by the coordinator.

Sections: cover; agreement statistics (per field with 95% intervals, and
Cohen's κ per reviewer pair on every field); final categories against the Met's;
insights (patterns across the final decisions: :mod:`exports.insights.section`);
disagreements (per case, the reviewers' decisions side by side field by
field, and the adjudicated decision with its rationale); the final
decisions table; every reviewer's decisions; the files merged and refused
with the reasons; an appendix with the adjudication history chain head and
the visible signature.  Built in memory with the member report's building
blocks (fonts, :func:`esc` for every piece of user text, ruled tables, page
"x of y", the signature slot) and signed as a PAdES certification
signature, exactly as a member's PDF is, so ``panel-review verify`` checks
it with the same code.
"""

from __future__ import annotations

import io

from review.identity import Identity, format_fingerprint

from exports.consolidated import agreement, sections
from exports.consolidated.data import ConsolidatedData
from exports.insights.section import insights_section
from exports.pdf.report import ReportLayout
from exports.pdf.style import Styles
from exports.progress import Progress
from exports.snapshot import display_utc

RECORD_KIND = "consolidated"
SIGN_REASON = "Coordinator's signed consolidated result of the panel"
RECORD_DESCRIPTION = "Panel Review consolidated result record (identifiers and counts)"
# The same layout record as a member's report, so that the same signing code places the stamp.
ConsolidatedLayout = ReportLayout


def build_consolidated_pdf(data: ConsolidatedData, identity_name: str, fingerprint: str,
                           progress: Progress | None = None, stage: str = "pdf"
                           ) -> ConsolidatedLayout:
    from reportlab.platypus import PageBreak
    from exports.pdf.flowables import Outline, SignatureSlot, Slot, a4_document, numbered_canvas
    progress = progress or Progress()
    styles = Styles()
    slot = Slot()
    buf = io.BytesIO()
    doc, width = a4_document(buf, title="Panel Review consolidated result", author=identity_name,
                             subject=f"Consolidated result of bundle {data.bundle_id}")

    story: list = [Outline("Cover", 0)] + sections.cover(data, identity_name, fingerprint, styles)
    story += [PageBreak(), Outline("Agreement statistics", 0)] + agreement.agreement(data, width, styles)
    story += [PageBreak(), Outline("Final categories", 0)] + sections.categories(data, width, styles)
    progress.update(stage, 0.1, "Laying out the disagreements")
    if data.insights is not None:
        story += [PageBreak(), Outline("Insights", 0)]
        story += insights_section(data.insights, width, styles, data.demo)
    story += [PageBreak(), Outline("Disagreements", 0)] + sections.disagreements(data, width, styles)
    progress.update(stage, 0.4, "Laying out the decision tables")
    story += [PageBreak(), Outline("Final decisions", 0)] + sections.final_table(data, width, styles)
    story += [PageBreak(), Outline("Reviewers' decisions", 0)] + sections.review_table(data, width, styles)
    story += [PageBreak(), Outline("Files merged and refused", 0)] + sections.files(data, width, styles)
    story += [PageBreak(), Outline("Appendix: adjudication history", 0)]
    story += sections.appendix(data, identity_name, fingerprint, styles) + [SignatureSlot(slot)]
    progress.update(stage, 0.5, "Drawing the pages")

    left = f"Panel Review \u00b7 consolidated result \u00b7 {data.coordinator_name}"
    right = f"Bundle {data.bundle_id}" + (" \u00b7 DEMO" if data.demo else "")
    footer = (f"Generated {display_utc(data.generated_at)} \u00b7 certificate "
              f"{format_fingerprint(fingerprint)[:19]}\u2026")
    canvas_class = numbered_canvas((left, right), footer, styles)
    doc.build(story, canvasmaker=canvas_class)
    progress.update(stage, 1.0, "Consolidated report laid out")
    return ConsolidatedLayout(buf.getvalue(), canvas_class.pages, slot.page, slot.box)


# -- signing ---------------------------------------------------------------------
def consolidated_record(data: ConsolidatedData, identity: Identity) -> dict:
    """The JSON attached inside the signed revision: identifiers and counts, no case text.

    It uses the member export's record format, so that ``verify`` reads it with
    the same code; ``document`` says that this one is the consolidated result.
    """
    from exports.pdf.sign import RECORD_FORMAT
    return {
        "format": RECORD_FORMAT, "format_version": 1, "document": RECORD_KIND,
        "member_id": "coordinator", "member_name": data.coordinator_name,
        "signer_name": identity.name, "certificate_sha256": identity.fingerprint,
        "bundle_id": data.bundle_id, "bundle_title": data.bundle_title,
        "bundle_digest": data.bundle_digest, "demo": data.demo,
        "exported_at": data.generated_at, "history_head": data.history_head,
        "history_count": data.history_count, "case_count": data.case_count,
        "decision_count": data.final_count, "statuses": data.status_counts(),
        "files": data.outcome_counts(),
    }


def sign_consolidated(layout: ConsolidatedLayout, identity: Identity, record: dict) -> bytes:
    """:func:`exports.pdf.sign.sign_report` with the coordinator's reason, record and stamp."""
    from exports.pdf.sign import sign_report
    return sign_report(layout, identity, record, reason=SIGN_REASON,
                       record_description=RECORD_DESCRIPTION, signer_role=" (coordinator)",
                       name_limit=48)

"""The consolidated Excel workbook, signed by the coordinator.

Sheets: Final decisions, Reviews (one row per case and assigned reviewer),
Disagreements, Agreement, Files (every file offered to the merge, with the
reason for a refusal), the four Insights sheets (:mod:`exports.insights.sheets`),
About, and the hidden Signature sheet.  Cells are
written only through :func:`exports.xlsx.cells.put_text` /
:func:`put_row` (no text ever becomes a formula), and the signature is
the member export's per-cell seal (:mod:`exports.xlsx.signature`) under
its own format name, so that an edited cell is detected and named by
:mod:`exports.consolidated.verify`.  Built and saved entirely in memory.
"""

from __future__ import annotations

from typing import Any, Iterable

from review.identity import Identity, format_fingerprint
from review.panel.agreement import field_label
from review.panel.merge import CASE_STATUSES
from review.panel.record import RULE
from review.workspace.database import utc_now

from exports import vocab
from exports.consolidated.data import (CaseResult, ConsolidatedData, cell_utc, confidence_lines,
                                        decided_text, raised_lines, shown_utc)
from exports.insights.sheets import write_insight_sheets
from exports.consolidated.layout import (AGREEMENT_COLUMNS, DISAGREEMENT_COLUMNS, FILE_COLUMNS,
                                          FINAL_COLUMNS, FORMAT, FORMAT_VERSION, KAPPA, OUTCOMES,
                                          PAIRWISE_HEADERS, REVIEW_COLUMNS, SIGNED_SHEETS)
from exports.progress import Progress
from exports.xlsx.cells import put_row, put_text, read_grid, style_header
from exports.xlsx.columns import Column
from exports.xlsx.memory import workbook_bytes
from exports.xlsx.signature import SheetSeal, seal_sheet, signed_message, write_signature_sheet
from exports.xlsx.writer import write_label_rows, write_table


def _agrees(category: str | None, met: str) -> str | None:
    return None if category is None else ("Yes" if category == met else "No")


def _row(columns: tuple[Column, ...], values: dict[str, Any]) -> list[Any]:
    return [values.get(c.key) for c in columns]


def final_rows(data: ConsolidatedData) -> Iterable[list[Any]]:
    for c in data.cases:
        d = c.final
        values: dict[str, Any] = {
            "case_id": c.case_id, "original_ref": c.original_ref,
            "met_category": vocab.label("category", c.met_category),
            "regime": c.regime, "status": CASE_STATUSES[c.status], "how": c.how_reached,
            "reviewers": ", ".join(rid for rid, _ in c.reviews) or None}
        if c.record is not None:
            values.update({"decided": decided_text(c.record),
                           "concerns": raised_lines("concerns", c.record),
                           "confidence": confidence_lines(c.record)})
        if d is not None:
            adjudicated = c.status == "adjudicated"
            values.update({
                "category": vocab.label("category", d.category) or None,
                "agrees": _agrees(d.category, c.met_category),
                "actions": raised_lines("actions", c.record, d.actions),
                "severity": vocab.label("severity", d.severity) or None})
            if adjudicated:  # the coordinator's own list, each with how many reviewers raised it
                values["concerns"] = raised_lines("concerns", c.record, d.concerns)
        if c.status == "adjudicated" and d is not None:
            last = c.adjudication[-1] if c.adjudication else None
            values.update({"rationale": d.rationale or None,
                           "adjudicated_at": cell_utc(last.saved_at) if last else None,
                           "version": last.version if last else None})
        yield _row(FINAL_COLUMNS, values)


def review_rows(data: ConsolidatedData) -> Iterable[list[Any]]:
    for c in data.cases:
        for rid, d in c.reviews:
            values: dict[str, Any] = {
                "case_id": c.case_id, "reviewer_id": rid, "reviewer": data.roster.get(rid),
                "case_status": CASE_STATUSES[c.status]}
            if d is None:
                values["state"] = "Not received"
            elif not c.reviews_visible:
                values["state"] = "Withheld until every review is final"
            else:
                values.update({
                    "state": vocab.label("state", d.review_state),
                    "category": vocab.label("category", d.category) or None,
                    "agrees": None if d.recused else _agrees(d.category, c.met_category),
                    "actions": vocab.join_labels("action", d.actions) or None,
                    "severity": vocab.label("severity", d.severity) or None,
                    "concerns": vocab.join_labels("concern", d.concerns) or None,
                    "confidence": vocab.label("confidence", d.confidence) or None,
                    "rationale": d.rationale or None,
                    "recusal_reason": d.recusal_reason or None})
            yield _row(REVIEW_COLUMNS, values)


def _per_reviewer(c: CaseResult, text) -> str | None:
    lines = []
    for rid, d in c.reviews:
        if d is None:
            lines.append(f"{rid}: not received")
        elif d.recused:
            lines.append(f"{rid}: recused")
        else:
            lines.append(f"{rid}: {text(d) or '(none)'}")
    return "\n".join(lines) or None


def disagreement_rows(data: ConsolidatedData) -> Iterable[list[Any]]:
    for c in data.disputed():
        d = c.final if c.status == "adjudicated" else None
        last = c.adjudication[-1] if c.adjudication and d is not None else None
        yield _row(DISAGREEMENT_COLUMNS, {
            "case_id": c.case_id, "met_category": vocab.label("category", c.met_category),
            "status": CASE_STATUSES[c.status], "differing": ", ".join(c.differing) or None,
            "categories": _per_reviewer(c, lambda x: vocab.label("category", x.category)),
            "actions": _per_reviewer(c, lambda x: vocab.join_labels("action", x.actions)),
            "severities": _per_reviewer(c, lambda x: vocab.label("severity", x.severity)),
            "final_category": vocab.label("category", d.category) or None if d else None,
            "final_actions": vocab.join_labels("action", d.actions) or None if d else None,
            "final_severity": vocab.label("severity", d.severity) or None if d else None,
            "rationale": d.rationale or None if d else None,
            "adjudicated_at": cell_utc(last.saved_at) if last else None,
            "hash": last.hash if last else None})


def _round(value: float | None) -> float | None:
    """Four decimals: shown as 0.0% or 0.00, and a short float survives the file exactly
    (a 17-digit one may come back a digit shorter and fail its seal)."""
    return None if value is None else round(value, 4)


def _undefined(note: str) -> str:
    return note[0].upper() + note[1:] + "." if note else ""


def agreement_rows(data: ConsolidatedData) -> Iterable[list[Any]]:
    for fa in data.agreement:
        stats = (("Percent agreement", fa.percent), ("Fleiss kappa", fa.fleiss),
                 ("Krippendorff alpha", fa.alpha), ("Gwet AC1", fa.ac1))
        undefined = [name for name, stat in stats if stat.value is None]
        reasons = dict.fromkeys(stat.note.removeprefix("undefined: ") for _, stat in stats
                                if stat.value is None and stat.note)
        note = (f"{' and '.join(undefined)} undefined"
                + (": " + "; ".join(reasons) if reasons else "") + ".") if undefined else None
        bounds = {}
        for stat in ("percent", "fleiss", "alpha", "ac1"):
            iv = fa.interval(stat)
            bounds[f"{stat}_low"], bounds[f"{stat}_high"] = _round(iv.low), _round(iv.high)
        yield _row(AGREEMENT_COLUMNS, {
            "field": field_label(fa.field), "percent": _round(fa.percent.value),
            "unanimous": _round(getattr(fa.percent, "unanimous", None)),
            "fleiss": _round(fa.fleiss.value), "alpha": _round(fa.alpha.value),
            "ac1": _round(fa.ac1.value), "cases": fa.n_cases, "ratings": fa.n_ratings,
            "excluded": fa.n_cases_excluded, **bounds, "note": note})


def file_rows(data: ConsolidatedData) -> Iterable[list[Any]]:
    for f in data.files:
        yield _row(FILE_COLUMNS, {
            "seq": f.seq, "source": f.source, "member_id": f.member_id,
            "member": f.member_name if f.member_id else f.signer,
            "exported_at": cell_utc(f.exported_at), "imported_at": cell_utc(f.imported_at),
            "outcome": OUTCOMES.get(f.outcome, f.outcome), "reason": f.reason or None})


def build_consolidated_workbook(data: ConsolidatedData, identity: Identity,
                                progress: Progress | None = None, stage: str = "xlsx") -> bytes:
    """The signed workbook as bytes."""
    from openpyxl import Workbook
    progress = progress or Progress()
    wb = Workbook()
    first = wb.active
    first.title = "Final decisions"
    write_table(first, FINAL_COLUMNS, final_rows(data), freeze="B2")
    progress.update(stage, 0.15, "Writing the Reviews sheet")
    write_table(wb.create_sheet("Reviews"), REVIEW_COLUMNS, review_rows(data), freeze="C2")
    progress.update(stage, 0.4, "Writing the Disagreements sheet")
    write_table(wb.create_sheet("Disagreements"), DISAGREEMENT_COLUMNS, disagreement_rows(data),
                freeze="B2")
    agreement = wb.create_sheet("Agreement")
    last = write_table(agreement, AGREEMENT_COLUMNS, agreement_rows(data), freeze="B2")
    _write_pairwise(agreement, last + 2, data)
    write_table(wb.create_sheet("Files"), FILE_COLUMNS, file_rows(data), freeze="C2")
    write_insight_sheets(wb, data.insights)
    _write_about(wb.create_sheet("About"), data, identity)

    progress.update(stage, 0.6, "Signing the workbook")
    seals = [seal_sheet(name, read_grid(wb[name]), key) for name, key in SIGNED_SHEETS.items()]
    core = manifest_core(data, identity, seals)
    write_signature_sheet(wb, core, seals, identity.cert_pem,
                          identity.sign(signed_message(core, seals)), signer="coordinator")
    wb.active = 0
    wb.properties.creator = "Panel Review"
    wb.properties.title = "Consolidated panel result"
    progress.update(stage, 0.75, "Compressing the workbook")
    content = workbook_bytes(wb)
    progress.update(stage, 1.0, "Workbook signed")
    return content


def manifest_core(data: ConsolidatedData, identity: Identity, seals: list[SheetSeal]) -> dict:
    return {
        "format": FORMAT, "format_version": FORMAT_VERSION,
        "coordinator_name": data.coordinator_name,
        "signer_name": identity.name, "certificate_sha256": identity.fingerprint,
        "bundle_id": data.bundle_id, "bundle_title": data.bundle_title,
        "bundle_digest": data.bundle_digest, "demo": data.demo,
        "generated_at": data.generated_at, "signed_at": utc_now(),
        "history_head": data.history_head, "history_count": data.history_count,
        "case_count": data.case_count, "final_count": data.final_count,
        "statuses": data.status_counts(), "files": data.outcome_counts(),
        "sheets": [s.core() for s in seals],
    }


def _write_pairwise(ws, row: int, data: ConsolidatedData) -> None:
    from openpyxl.styles import Font
    put_text(ws, row, 1, "Cohen's kappa for each reviewer pair, field by field")
    ws.cell(row=row, column=1).font = Font(bold=True)
    put_row(ws, row + 1, list(PAIRWISE_HEADERS))
    style_header(ws, row + 1, len(PAIRWISE_HEADERS))
    r = row + 1
    for fa in data.agreement:
        for (a, b), stat in sorted(fa.pairwise.items()):
            r += 1
            put_row(ws, r, [field_label(fa.field), f"{a} \u2013 {b}", _round(stat.value),
                            stat.n_items, _undefined(stat.note) or None],
                    [None, None, KAPPA, None, None])


def _write_about(ws, data: ConsolidatedData, identity: Identity) -> None:
    counts = data.status_counts()
    rows: list[tuple[str, Any]] = [
        ("About this workbook", "The panel's consolidated result, signed by the coordinator"),
        ("Panel", data.bundle_title),
        ("Bundle ID", data.bundle_id),
        ("Bundle digest (SHA-256)", data.bundle_digest),
        ("Coordinator", data.coordinator_name),
        ("Signed by (certificate name)", identity.name),
        ("Certificate fingerprint (SHA-256)", format_fingerprint(identity.fingerprint)),
        ("Generated (UTC)", shown_utc(data.generated_at)),
        ("Reviewers", "; ".join(f"{rid}: {name}" for rid, name in data.roster.items())),
        ("Cases", data.case_count),
        *[(f"Cases: {label.lower()}", counts[k]) for k, label in CASE_STATUSES.items()],
        ("Final decisions", data.final_count),
        ("Files offered to the merge", len(data.files)),
        ("Adjudication history versions", data.history_count),
        ("Adjudication history chain head (SHA-256)", data.history_head),
        ("Synthetic demo data", "Yes" if data.demo else "No"),
        ("How each field was decided", RULE),
        ("", ""),
        ("How to check it", "The hidden Signature sheet holds the coordinator's signature over "
                            "every cell of the other sheets. Run: panel-review verify FILE. "
                            "Editing, adding or deleting any signed cell or row makes the "
                            "workbook INVALID and names the cell."),
        ("Withheld reviews", "While a case awaits a review, its reviews are withheld (Reviews "
                             "sheet), as they are in the app, so that no reviewer sees another's "
                             "decision before finalising their own."),
    ]
    write_label_rows(ws, rows)
    ws.row_dimensions[len(rows) - 3].height = 75
    ws.row_dimensions[len(rows) - 1].height = 60
    ws.row_dimensions[len(rows)].height = 45
    ws.column_dimensions["A"].width = 40
    ws.column_dimensions["B"].width = 90

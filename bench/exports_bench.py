"""Signed PDF and Excel export of 1,131 cases, and the PDF of a 13,683-case bundle, each
against its raw-library floor.

App: ``collect_export_data(ws)`` once (timed apart), then
``exports.service.export_signed`` for the PDF alone and for the workbook
alone, as File → Export does (built and signed in memory, written by rename).

Floors, on the same snapshot:

* PDF: raw reportlab platypus laying out the same text in an embedded
  TrueType font, as the app must for Unicode names, for the cases the app
  gives a section (those decided, drafted or recused): an overview table of
  them, then per case a heading, the facts table, summary, original outcome,
  Met rationale, lines of inquiry and risk measures, a decision table, the
  recusal reason and rationale, a line per saved version; then the ids of
  the cases not started in a table,
  as the app lists them, then a raw pyHanko certification signature
  (SimpleSigner, same key) into memory.  Page counts are printed beside it.

The 13,683-case rows (10, 100 and 1,000 decisions, peak RSS) come from
:mod:`export_scale`, each export in a child process of its own.
* Excel: raw openpyxl writing the same cell values (the Decisions and History
  rows, computed beforehand) with ``ws.append`` into a normal workbook saved
  to memory, plus one ECDSA signature over the bytes.

    python bench/exports_bench.py [--quick]
"""

from __future__ import annotations

import io
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import (PASSPHRASE, SMALL, Row, copy_workspace, median, parse_args, say, table,  # noqa: E402
                     timed, work_dir, workspace)


def _esc(text: str) -> str:
    return (text or "").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def pdf_floor(data, identity) -> tuple[bytes, int]:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import LongTable, Paragraph, SimpleDocTemplate, Spacer, Table, \
        TableStyle
    ss = getSampleStyleSheet()
    h, body = ss["Heading3"], ss["BodyText"]
    regular, bold = _ttf_fonts()
    h.fontName, body.fontName = bold, regular
    story = []
    grid = TableStyle([("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                       ("VALIGN", (0, 0), (-1, -1), "TOP")])
    # The pages the app lays out: an overview row and a section per case worked on
    # (the same fields as the app's), the ids of the rest.
    worked = [r for r in data.records if r.saved is not None]
    if worked:
        story.append(LongTable(
            [["Case", "Met", "Panel", "State", "Actions", "Conf.", "Ver.", "Saved"]]
            + [[r.case_id, r.case.met_category, r.saved.decision.category or "",
                r.saved.decision.review_state, ", ".join(r.saved.decision.actions)[:60],
                r.saved.decision.confidence or "", str(r.saved.version),
                r.saved.saved_at[:10]] for r in worked], repeatRows=1, style=grid))
    for r in worked:
        c = r.case
        story.append(Paragraph(_esc(f"{c.case_id} - {c.met_category} - {c.subject_id}"), h))
        story.append(Table([["Reference", c.original_ref or "", "Regime", c.regime],
                            ["Subject", f"{c.subject_id}, {c.subject_role}", "Gender",
                             f"{c.gender}, {c.ethnicity}"],
                            ["Allegations", ", ".join(c.allegation_types)[:60], "Met",
                             c.met_category],
                            ["Conduct", str(c.conduct_date), "Reported", str(c.reported_date)],
                            ["Outcome", str(c.outcome_date), "Days", str(c.days_to_outcome)]],
                           colWidths=[90, 167, 90, 167], style=grid))
        story.append(Paragraph(_esc(c.summary), body))
        story.append(Paragraph(_esc(c.original_outcome), body))
        story.append(Paragraph(_esc(c.met_rationale), body))
        for line in c.lines_of_inquiry + c.risk_measures:
            story.append(Paragraph(_esc("- " + line), body))
        if r.saved is not None:
            d = r.saved.decision
            story.append(Table([["Category", d.category or ""], ["Actions", ", ".join(d.actions)],
                                ["Concerns", ", ".join(d.concerns)],
                                ["Confidence", d.confidence or ""], ["Status", d.status],
                                ["Version", str(r.saved.version)]],
                               colWidths=[130, 385], style=grid))
            if d.recused:
                story.append(Paragraph(_esc(d.recusal_reason), body))
            story.append(Paragraph(_esc(d.rationale), body))
        for e in r.versions:
            story.append(Paragraph(_esc(f"v{e.version} {e.saved_at} {e.hash[:16]}"), body))
        story.append(Spacer(1, 8))
    rest = [r.case_id for r in data.records if r.saved is None]
    if rest:
        story.append(LongTable([rest[k:k + 10] + [""] * (10 - len(rest[k:k + 10]))
                                for k in range(0, len(rest), 10)], colWidths=[51.5] * 10,
                               style=grid))
    buf = io.BytesIO()
    # The app's text area (40 pt margins, room for its header and footer), so that the
    # floor's page count can be set beside the app's.
    doc = SimpleDocTemplate(buf, pagesize=A4, leftMargin=40, rightMargin=40, topMargin=50,
                            bottomMargin=46)
    doc.build(story)
    pages = doc.page
    return _pyhanko_sign(buf.getvalue(), identity), pages


def _ttf_fonts() -> tuple[str, str]:
    """Embedded TrueType fonts as the app uses (Unicode names need them): DejaVu, else Vera."""
    import reportlab
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    if "Floor-Regular" not in pdfmetrics.getRegisteredFontNames():
        folder = Path("/usr/share/fonts/truetype/dejavu")
        files = (folder / "DejaVuSans.ttf", folder / "DejaVuSans-Bold.ttf")
        if not all(f.is_file() for f in files):
            base = Path(reportlab.__file__).parent / "fonts"
            files = (base / "Vera.ttf", base / "VeraBd.ttf")
        pdfmetrics.registerFont(TTFont("Floor-Regular", str(files[0])))
        pdfmetrics.registerFont(TTFont("Floor-Bold", str(files[1])))
    return "Floor-Regular", "Floor-Bold"


def _pyhanko_sign(pdf: bytes, identity) -> bytes:
    from asn1crypto import keys as asn1_keys
    from asn1crypto import x509 as asn1_x509
    from cryptography.hazmat.primitives import serialization
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers
    from pyhanko.sign.fields import MDPPerm, SigFieldSpec, SigSeedSubFilter
    from pyhanko_certvalidator.registry import SimpleCertificateStore
    cert = asn1_x509.Certificate.load(identity.certificate.public_bytes(serialization.Encoding.DER))
    key = asn1_keys.PrivateKeyInfo.load(identity.private_key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption()))
    signer = signers.SimpleSigner(signing_cert=cert, signing_key=key,
                                  cert_registry=SimpleCertificateStore())
    meta = signers.PdfSignatureMetadata(field_name="Sig", certify=True,
                                        docmdp_permissions=MDPPerm.NO_CHANGES,
                                        subfilter=SigSeedSubFilter.PADES, md_algorithm="sha256")
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    out = io.BytesIO()
    signers.PdfSigner(meta, signer=signer, new_field_spec=SigFieldSpec(
        "Sig", on_page=-1, box=(40, 40, 240, 110))).sign_pdf(writer, output=out)
    return out.getvalue()


def xlsx_rows(data) -> list[list[list]]:
    """The cell values the app writes (Decisions, History), computed outside the timing."""
    from exports.xlsx.columns import DECISION_COLUMNS, HISTORY_COLUMNS, decision_row, history_row
    return [[[c.header for c in DECISION_COLUMNS]] + [decision_row(r) for r in data.records],
            [[c.header for c in HISTORY_COLUMNS]] + [history_row(e) for e in data.history]]


def xlsx_floor(sheets: list[list[list]], identity) -> bytes:
    from openpyxl import Workbook
    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in zip(("Decisions", "History"), sheets):
        ws = wb.create_sheet(name)
        for values in rows:
            ws.append(values)
    buf = io.BytesIO()
    wb.save(buf)
    content = buf.getvalue()
    identity.sign(content)
    return content


def run(quick: bool = False) -> list[Row]:
    from exports.service import collect_export_data, export_signed
    from review.identity import Identity
    from review.workspace.database import Workspace
    n = 1 if quick else 3
    folder = work_dir()
    try:
        path = copy_workspace(workspace(SMALL), folder)
        with Workspace.open(path, PASSPHRASE) as ws:
            collect = [timed(lambda: collect_export_data(ws)) for _ in range(3)]
            data = collect_export_data(ws)
        identity = Identity.generate("Bench Reviewer")
        say(f"[exports] {data.case_count:,} cases, {data.decision_count:,} decisions, "
            f"{len(data.history):,} versions: warming up")
        # warm-up: the first export pays for importing reportlab/pyHanko/openpyxl
        first_pdf = timed(lambda: export_signed(data, identity, pdf_path=folder / "w.pdf"))
        first_xlsx = timed(lambda: export_signed(data, identity, xlsx_path=folder / "w.xlsx"))
        pdf_floor(data, identity)
        sheets = xlsx_rows(data)
        xlsx_floor(sheets, identity)
        app_pdf, app_xlsx, f_pdf, f_xlsx = [], [], [], []
        pages = floor_pages = 0
        for i in range(n):
            say(f"[exports] round {i + 1} of {n}")
            res = {}
            app_pdf.append(timed(lambda: res.setdefault("pdf", export_signed(
                data, identity, pdf_path=folder / f"a{i}.pdf"))))
            pages = res["pdf"].pdf_pages
            out = {}
            f_pdf.append(timed(lambda: out.setdefault("f", pdf_floor(data, identity))))
            floor_pages = out["f"][1]
            app_xlsx.append(timed(lambda: export_signed(data, identity,
                                                        xlsx_path=folder / f"a{i}.xlsx")))
            f_xlsx.append(timed(lambda: xlsx_floor(sheets, identity)))
        pdf_size = (folder / "a0.pdf").stat().st_size
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    c = f"{data.case_count:,}"
    import export_scale
    return [
        Row("Export snapshot (collect_export_data)", c, "median", median(collect),
            note="reads the workspace and verifies the history chain; not part of the ratios"),
        Row("Signed PDF export", c, "median", median(app_pdf), floor=median(f_pdf),
            floor_what=f"raw reportlab platypus of the same text in the same embedded TrueType "
                       f"font + raw pyHanko certification signature ({floor_pages} pages vs "
                       f"the app's {pages})",
            target="<= 1.5x floor", met=median(app_pdf) <= 1.5 * median(f_pdf),
            note=f"{pages} pages, {pdf_size / 1e6:.1f} MB; first run in the process "
                 f"(imports included) {first_pdf:.1f} s"),
        Row("Signed Excel export", c, "median", median(app_xlsx), floor=median(f_xlsx),
            floor_what="raw openpyxl ws.append of the same Decisions and History cells into "
                       "a normal workbook in memory + one ECDSA signature",
            target="<= 2x floor", met=median(app_xlsx) <= 2 * median(f_xlsx),
            note=f"first run in the process (imports included) {first_xlsx:.1f} s"),
    ] + export_scale.run(quick)


if __name__ == "__main__":
    print(table(run(parse_args().quick)))

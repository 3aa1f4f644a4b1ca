"""Signing the laid-out report with pyHanko: a PAdES certification signature.

The signature certifies the document with DocMDP "no changes allowed", so
any later incremental update (a drawing over a page, an annotation, a form
fill) is a violation, and it is visible: a box on the appendix page that
reportlab left free for it.  A small JSON record of the export (member,
bundle, counts, history head) is attached before signing, inside the signed
revision, so that ``verify`` can report it.  All of this happens in memory.
"""

from __future__ import annotations

import io
import json
import logging
import unicodedata

from review.identity import Identity, format_fingerprint

from exports.pdf.report import ReportLayout

FIELD_NAME = "PanelReviewSignature"
RECORD_NAME = "panel-review-export.json"
RECORD_FORMAT = "panel-review/signed-pdf"
MEMBER_REASON = "Panel member's signed export of decisions"
MEMBER_RECORD_DESCRIPTION = "Panel Review export record (identifiers and counts)"


def quiet_pyhanko() -> None:
    """pyHanko logs tracebacks for expected failures (e.g. a tampered file); keep them off stderr."""
    log = logging.getLogger("pyhanko")
    if not any(isinstance(h, logging.NullHandler) for h in log.handlers):
        log.addHandler(logging.NullHandler())
    log.propagate = False


def ascii_text(text: str) -> str:
    """The stamp uses a standard PDF font (WinAnsi); accents are dropped, other letters become '?'."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch if 32 <= ord(ch) < 127 else ("" if unicodedata.combining(ch) else "?")
                   for ch in decomposed)


def export_record(data, identity: Identity) -> dict:
    """What the attached JSON says; no case text, only identifiers and counts."""
    from exports.statistics import compute_statistics
    stats = compute_statistics(data.records)
    return {
        "format": RECORD_FORMAT, "format_version": 1,
        "member_id": data.member_id, "member_name": data.member_name,
        "signer_name": identity.name, "certificate_sha256": identity.fingerprint,
        "bundle_id": data.bundle_id, "bundle_title": data.bundle_title,
        "bundle_digest": data.bundle_digest, "demo": data.demo,
        "exported_at": data.exported_at, "history_head": data.history_head,
        "history_count": data.history_count, "case_count": data.case_count,
        "decision_count": data.decision_count, "states": stats.states,
        # The chain head after each version, oldest first: a later export proves that it
        # extends this one when this one's head is its head after history_count versions.
        "history_heads": [entry.hash for entry in data.history],
    }


def sign_report(layout: ReportLayout, identity: Identity, record: dict, *, reason: str = MEMBER_REASON,
                record_description: str = MEMBER_RECORD_DESCRIPTION, signer_role: str = "",
                name_limit: int = 60) -> bytes:
    """The signed PDF as bytes.

    The keyword arguments default to a member's export; the coordinator's consolidated
    result (:mod:`exports.consolidated.pdf`) passes its own signing reason, record
    description, role shown in the stamp after the name (no ``%`` in it: the stamp text
    is a format string), and a shorter name limit so that the stamp's first line still fits.
    """
    from asn1crypto import keys as asn1_keys
    from asn1crypto import x509 as asn1_x509
    from cryptography.hazmat.primitives import serialization
    from pyhanko.pdf_utils.embed import EmbeddedFileObject, FileSpec, embed_file
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.text import TextBoxStyle
    from pyhanko.sign import signers
    from pyhanko.sign.fields import MDPPerm, SigFieldSpec, SigSeedSubFilter
    from pyhanko.stamp import TextStampStyle
    from pyhanko_certvalidator.registry import SimpleCertificateStore
    quiet_pyhanko()

    cert = asn1_x509.Certificate.load(
        identity.certificate.public_bytes(serialization.Encoding.DER))
    # The unencrypted key exists only in this process's memory, for pyHanko's signer.
    key = asn1_keys.PrivateKeyInfo.load(identity.private_key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption()))
    # The registry stays empty: the signing certificate is embedded once, by itself.  A second
    # copy (as a "root") would be unsigned data that could be altered without any effect.
    signer = signers.SimpleSigner(signing_cert=cert, signing_key=key,
                                  cert_registry=SimpleCertificateStore())

    writer = IncrementalPdfFileWriter(io.BytesIO(layout.pdf))
    payload = json.dumps(record, indent=2, ensure_ascii=False).encode()
    embed_file(writer, FileSpec(
        file_spec_string=RECORD_NAME, file_name=RECORD_NAME,
        embedded_data=EmbeddedFileObject.from_file_data(writer, data=payload,
                                                        mime_type="application/json"),
        description=record_description))

    fp = format_fingerprint(identity.fingerprint)
    style = TextStampStyle(
        stamp_text=("Digitally signed by %(name)s" + signer_role + "\nCertificate SHA-256 "
                    "fingerprint:\n%(fp1)s\n%(fp2)s\nSigned %(ts)s\n"
                    "Check: panel-review verify FILE"),
        text_box_style=TextBoxStyle(font_size=8, leading=10),
        border_width=1, timestamp_format="%Y-%m-%d %H:%M:%S UTC")
    meta = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME, certify=True, docmdp_permissions=MDPPerm.NO_CHANGES,
        subfilter=SigSeedSubFilter.PADES, md_algorithm="sha256",
        reason=reason)
    pdf_signer = signers.PdfSigner(
        meta, signer=signer, stamp_style=style,
        new_field_spec=SigFieldSpec(FIELD_NAME, on_page=layout.signature_page,
                                    box=layout.signature_box))
    out = io.BytesIO()
    pdf_signer.sign_pdf(writer, output=out, appearance_text_params={
        "name": ascii_text(identity.name)[:name_limit], "fp1": fp[:39], "fp2": fp[40:]})
    return out.getvalue()

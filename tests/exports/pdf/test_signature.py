"""The signed PDF validates (pyHanko against the member's certificate, and pdfsig);
any flipped byte, drawn-over page, incremental update or re-saved copy is INVALID."""

from __future__ import annotations

import io
import shutil
import subprocess

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import serialization
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from exports.errors import SignedFileInvalid
from exports.pdf.verify import verify_pdf
from exports.verify import verify_file
from tests.exports.pdf import tamper as pdf_tamper

needs_pdfsig = pytest.mark.skipif(shutil.which("pdfsig") is None,
                                  reason="pdfsig (poppler-utils) is not installed; CI installs it")


def _status(path, cert):
    root = asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))
    with open(path, "rb") as f:
        sig = PdfFileReader(io.BytesIO(f.read())).embedded_signatures[0]
        return validate_pdf_signature(sig, ValidationContext(trust_roots=[root],
                                                             allow_fetching=False))


def test_pyhanko_validates_against_the_members_certificate(exported, member_identity):
    status = _status(exported.pdf, member_identity.certificate)
    assert status.intact and status.valid and status.trusted and status.bottom_line
    assert status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    assert status.modification_level.name == "NONE" and status.docmdp_ok
    assert status.signing_cert.sha256.hex() == member_identity.fingerprint


def test_certification_forbids_any_change(exported):
    from pyhanko.sign.fields import MDPPerm
    from pyhanko.sign.validation import read_certification_data
    with open(exported.pdf, "rb") as f:
        info = read_certification_data(PdfFileReader(io.BytesIO(f.read())))
    assert info is not None and info.permission == MDPPerm.NO_CHANGES


def test_not_trusted_against_another_members_certificate(exported, member_identity,
                                                         other_identity):
    assert not _status(exported.pdf, other_identity.certificate).trusted
    with pytest.raises(SignedFileInvalid, match="different certificate"):
        verify_pdf(exported.pdf, trusted_cert=other_identity.certificate)
    assert verify_pdf(exported.pdf, trusted_cert=member_identity.certificate).fingerprint == \
        member_identity.fingerprint


def test_verify_reports_signer_time_and_counts(exported, member_identity):
    report = verify_file(exported.pdf)
    assert report.valid and report.kind == "pdf"
    assert report.signer_name == member_identity.name
    assert report.fingerprint == member_identity.fingerprint
    assert report.signed_at and report.signed_at.endswith("UTC")
    assert report.decision_count == exported.data.decision_count
    assert report.case_count == exported.data.case_count


def test_expected_fingerprint_is_enforced(exported, other_identity):
    report = verify_file(exported.pdf, expected_fingerprint=other_identity.fingerprint)
    assert not report.valid and "different certificate" in report.reason


@needs_pdfsig
def test_pdfsig_reports_signature_is_valid(exported):
    out = subprocess.run(["pdfsig", str(exported.pdf)], capture_output=True, text=True).stdout
    assert "Signature is Valid" in out
    assert "Total document signed" in out


TAMPERINGS = {
    **{f"flip_{w}": (lambda pdf, w=w: pdf_tamper.flip_byte(pdf, w))
       for w in ("header", "first_third", "before_signature", "signature_der",
                 "signature_padding", "after_signature", "last_byte")},
    "drawn_over_page": pdf_tamper.draw_over_first_page,
    "incremental_update": pdf_tamper.empty_incremental_update,
    "resaved_copy": pdf_tamper.resave,
    "appended_bytes": lambda pdf: pdf + b"\n% appended\n",
}


@pytest.mark.parametrize("name", sorted(TAMPERINGS))
def test_tampered_pdf_is_invalid(pdf_copy, name):
    pdf_copy.write_bytes(TAMPERINGS[name](pdf_copy.read_bytes()))
    report = verify_file(pdf_copy)
    assert not report.valid and report.reason


def test_drawing_over_a_page_is_reported_as_a_change(pdf_copy, member_identity):
    pdf_copy.write_bytes(pdf_tamper.draw_over_first_page(pdf_copy.read_bytes()))
    status = _status(pdf_copy, member_identity.certificate)
    assert status.coverage != SignatureCoverageLevel.ENTIRE_FILE  # pyHanko's own view
    assert status.modification_level.name != "NONE" and not status.docmdp_ok
    with pytest.raises(SignedFileInvalid,
                       match="Content was added after signing: an incremental update"):
        verify_pdf(pdf_copy)


# pdfsig checks the digest and the signature value, but not the embedded certificate's own
# integrity ("issuer is unknown" anyway): a byte flipped inside the certificate passes pdfsig,
# which is why verify_pdf checks the whole signature container itself.
@needs_pdfsig
@pytest.mark.parametrize("name", ["flip_first_third", "flip_before_signature", "flip_last_byte"])
def test_pdfsig_also_rejects_flipped_bytes(pdf_copy, name):
    pdf_copy.write_bytes(TAMPERINGS[name](pdf_copy.read_bytes()))
    out = subprocess.run(["pdfsig", str(pdf_copy)], capture_output=True, text=True)
    assert "Signature is Valid" not in out.stdout


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(position=st.floats(0, 1, exclude_max=True), bit=st.integers(0, 7))
def test_any_single_flipped_bit_is_invalid(pdf_copy, tmp_path, position, bit):
    pdf = bytearray(pdf_copy.read_bytes())
    i = int(position * len(pdf))
    pdf[i] ^= 1 << bit
    target = tmp_path / "flipped.pdf"
    target.write_bytes(bytes(pdf))
    assert not verify_file(target).valid


@pytest.mark.parametrize("fraction", [i / 40 for i in range(40)])
def test_flips_across_the_signature_container_are_invalid(pdf_copy, fraction):
    """Every region of the CMS container: certificate, algorithms, attributes, signature."""
    pdf = bytearray(pdf_copy.read_bytes())
    start, used_end, _ = pdf_tamper.contents_span(bytes(pdf))
    pos = start + int(fraction * (used_end - start))
    pdf[pos] = ord("1") if pdf[pos] != ord("1") else ord("2")
    pdf_copy.write_bytes(bytes(pdf))
    assert not verify_file(pdf_copy).valid


@pytest.mark.parametrize("fraction", [0.0, 0.3, 0.7, 0.99])
def test_whitespace_in_the_signature_padding_is_invalid(pdf_copy, fraction):
    """'0' with bit 4 flipped is a space, which PDF readers skip inside hex strings."""
    pdf = bytearray(pdf_copy.read_bytes())
    _, used_end, end = pdf_tamper.contents_span(bytes(pdf))
    pos = used_end + int(fraction * (end - used_end - 1))
    assert pdf[pos] == ord("0")
    pdf[pos] ^= 0x10
    target = pdf_copy.with_name("spaced.pdf")
    target.write_bytes(bytes(pdf))
    assert not verify_file(target).valid

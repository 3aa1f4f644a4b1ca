"""Verifying a signed PDF export with pyHanko's validation and modification analysis.

A PDF is VALID only when all of these hold:
  * exactly one signature, cryptographically intact, by a certificate that
    chains to the trust root (the member's certificate, or when none is
    given, the signer's own self-signed certificate, whose fingerprint is
    then printed for a person to compare with the roster);
  * the signature covers the entire file: an incremental update (a drawing
    over a page, an annotation) or a re-saved copy leaves bytes outside it;
  * pyHanko's difference analysis finds no modification and DocMDP holds;
  * the signature container holds nothing unsigned that could be changed
    without effect: its hex is written in one letter case, its padding is
    all zeros, it carries exactly the signer's certificate, no CRLs, no
    unsigned attributes, and its DER encoding is canonical (pyHanko and
    pdfsig ignore all of these, so a flipped byte there would otherwise pass);
  * the export record attached inside the signed revision can be read.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from cryptography import x509

from exports.errors import SignedFileInvalid
from exports.pdf.sign import RECORD_FORMAT, RECORD_NAME, quiet_pyhanko


@dataclass(frozen=True)
class VerifiedPdf:
    path: Path
    signer_name: str
    fingerprint: str
    signed_at: dt.datetime | None
    record: dict              # the attached export record: member, bundle, counts

    @property
    def decision_count(self) -> int:
        return int(self.record.get("decision_count", 0))

    @property
    def history(self):
        """What this export proves about its history (:class:`review.panel.ancestry.History`);
        a PDF exported before the record listed its heads has none, and so proves nothing."""
        from review.panel.ancestry import History
        heads = self.record.get("history_heads")
        if not isinstance(heads, list) or not all(isinstance(h, str) for h in heads):
            heads = []
        return History(int(self.record.get("history_count", 0)),
                       str(self.record.get("history_head", "")), tuple(heads))


# pyHanko's difference analysis follows each chain of references recursively, and a
# signed export's outline links one entry to the next: a member's PDF of 500 pages already
# goes deeper than Python's default limit of 1,000 frames, so an incremental update was
# refused as a damaged signature instead of as content added.  The check runs on its own
# thread with a large stack and a limit that covers a 1,131-case export many times over.
DEEP_STACK_BYTES = 512 << 20
DEEP_RECURSION_LIMIT = 200_000
_deep_lock = threading.Lock()
_deep_users = 0
_shallow_limit = 0


def _deeply(work: Callable[[], VerifiedPdf]) -> VerifiedPdf:
    """``work()`` on a thread with a deep stack; its result or its exception."""
    global _deep_users, _shallow_limit
    outcome: dict[str, object] = {}

    def run() -> None:
        try:
            outcome["value"] = work()
        except BaseException as exc:  # re-raised on the caller's thread
            outcome["error"] = exc

    with _deep_lock:
        if _deep_users == 0:
            _shallow_limit = sys.getrecursionlimit()
            sys.setrecursionlimit(max(_shallow_limit, DEEP_RECURSION_LIMIT))
        _deep_users += 1
        previous = threading.stack_size(DEEP_STACK_BYTES)
        try:
            thread = threading.Thread(target=run, name="pdf-verify")
            thread.start()
        finally:
            threading.stack_size(previous)
    try:
        thread.join()
    finally:
        with _deep_lock:
            _deep_users -= 1
            if _deep_users == 0:  # back to the ordinary limit when no check is running
                sys.setrecursionlimit(_shallow_limit)
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome["value"]  # type: ignore[return-value]


def verify_pdf(path: Path, trusted_cert: x509.Certificate | None = None) -> VerifiedPdf:
    """Verify a signed PDF export; SignedFileInvalid says why not."""
    return _deeply(lambda: _verify(path, trusted_cert))


def _verify(path: Path, trusted_cert: x509.Certificate | None) -> VerifiedPdf:
    from asn1crypto import x509 as asn1_x509
    from cryptography.hazmat.primitives import serialization
    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext
    quiet_pyhanko()
    data = Path(path).read_bytes()
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        signatures = reader.embedded_signatures
    except (PdfError, ValueError, KeyError, TypeError, IndexError, AttributeError) as exc:
        raise SignedFileInvalid(f"The PDF is damaged and cannot be read ({type(exc).__name__}).") \
            from None
    if not signatures:
        raise SignedFileInvalid("The PDF carries no digital signature.")
    if len(signatures) > 1:
        raise SignedFileInvalid("The PDF carries more than one signature: something was signed "
                                "into it after the member's export.")
    sig = signatures[0]
    try:
        signer_cert = sig.signer_cert
        if trusted_cert is None:  # self-signed: trust it, and let the fingerprint speak
            root = signer_cert
        else:
            root = asn1_x509.Certificate.load(trusted_cert.public_bytes(serialization.Encoding.DER))
        status = validate_pdf_signature(
            sig, ValidationContext(trust_roots=[root], allow_fetching=False))
    except Exception as exc:  # pyHanko raises many classes for malformed signatures
        raise SignedFileInvalid(f"The signature is damaged and cannot be checked "
                                f"({type(exc).__name__}).") from None
    name = signer_cert.subject.native.get("common_name", "(unnamed)")
    fingerprint = signer_cert.sha256.hex()
    if not status.intact:
        raise SignedFileInvalid("The document was altered after signing: its contents no longer "
                                "match the signature.")
    if not status.valid:
        raise SignedFileInvalid("The signature itself is not valid for this certificate.")
    if not status.trusted:
        raise SignedFileInvalid("The document was signed with a different certificate from the "
                                "member's.")
    if status.coverage == SignatureCoverageLevel.ENTIRE_REVISION:
        raise SignedFileInvalid("Content was added after signing: an incremental update (a "
                                "drawing, an annotation or another change) follows the signed "
                                "document.")
    if status.coverage != SignatureCoverageLevel.ENTIRE_FILE:
        raise SignedFileInvalid("The file was changed after signing: bytes were added to it "
                                "outside the signed document, or it was re-saved.")
    level = getattr(status.modification_level, "name", str(status.modification_level))
    if level != "NONE" or status.docmdp_ok is False:
        raise SignedFileInvalid("The document was modified after signing "
                                f"(modification level {level}).")
    _check_container(data, sig)
    record = _read_record(reader)
    if record.get("certificate_sha256") != fingerprint:
        raise SignedFileInvalid("The export record inside the PDF names a different "
                                "certificate from the one that signed it.")
    return VerifiedPdf(Path(path), name, fingerprint, status.signer_reported_dt, record)


_HEX_DIGITS = re.compile(rb"(?:[0-9a-fA-F]{2})*")


def _check_container(data: bytes, sig) -> None:
    """Reject any change to the unsigned parts of the signature container (see module doc)."""
    altered = SignedFileInvalid("The document was altered after signing: the signature "
                                "container was changed.")
    byte_range = [int(x) for x in sig.byte_range]
    hex_text = data[byte_range[0] + byte_range[1]:byte_range[2]]
    if not (hex_text.startswith(b"<") and hex_text.endswith(b">")):
        raise altered
    digits = hex_text[1:-1]
    if not _HEX_DIGITS.fullmatch(digits):
        raise altered  # PDF readers skip whitespace in hex strings: same bytes, different file
    if digits.upper() != digits and digits.lower() != digits:
        raise altered  # a letter's case flipped: same bytes, different file
    try:
        _check_cms(sig.pkcs7_content, sig.signer_cert, altered)
    except (ValueError, TypeError, KeyError, IndexError):  # asn1crypto parses lazily
        raise altered from None


def _check_cms(contents: bytes, signer_cert, altered: SignedFileInvalid) -> None:
    from asn1crypto import cms
    info = cms.ContentInfo.load(contents)
    used = len(info.dump())
    if contents[used:].strip(b"\x00") or info.dump(force=True) != contents[:used]:
        raise altered
    sd = info["content"]
    signer_info = sd["signer_infos"][0] if len(sd["signer_infos"]) == 1 else None
    certs = sd["certificates"] if sd["certificates"].native is not None else []
    if (signer_info is None or len(certs) != 1
            or sd["version"].native != "v1" or signer_info["version"].native != "v1"
            or not _sid_is_exactly(signer_info["sid"], signer_cert)
            or certs[0].chosen.dump() != signer_cert.dump()
            or sd["crls"].native is not None
            or signer_info["unsigned_attrs"].native is not None
            or [a.dump() for a in sd["digest_algorithms"]] != [signer_info["digest_algorithm"].dump()]
            or sd["encap_content_info"]["content_type"].native != "data"
            or sd["encap_content_info"]["content"].native is not None):
        raise altered


def _sid_is_exactly(sid, cert) -> bool:
    """Byte-equal issuer and serial: name matching elsewhere ignores case and spacing."""
    if sid.name != "issuer_and_serial_number":
        return False
    chosen = sid.chosen
    return (chosen["issuer"].dump() == cert.issuer.dump()
            and chosen["serial_number"].native == cert.serial_number)


def _read_record(reader) -> dict:
    try:
        names = reader.root["/Names"]["/EmbeddedFiles"]["/Names"]
        for i in range(0, len(names), 2):
            if str(names[i]) == RECORD_NAME:
                stream = names[i + 1].get_object()["/EF"]["/F"].get_object()
                record = json.loads(stream.data.decode("utf-8"))
                if isinstance(record, dict) and record.get("format") == RECORD_FORMAT:
                    return record
    except (KeyError, TypeError, ValueError, AttributeError):
        pass
    raise SignedFileInvalid("The PDF is validly signed but is not a Panel Review export: its "
                            "export record is missing.")

"""``verify``: is a signed PDF or workbook intact, and who signed it.

An INVALID file is a :class:`VerificationReport` with its reason, never an
exception; only a file that is neither a PDF nor a workbook raises
UnsupportedFile.  Member exports and the coordinator's consolidated result
are told apart by their content.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from review.identity import format_fingerprint

from exports.errors import SignedFileInvalid, UnsupportedFile


@dataclass(frozen=True)
class VerificationReport:
    """What ``verify`` prints about one file."""

    path: Path
    kind: str                           # "pdf" or "xlsx"
    valid: bool
    reason: str | None = None           # why INVALID
    cell: str | None = None             # first edited cell of a workbook
    signer_name: str | None = None
    fingerprint: str | None = None
    signed_at: str | None = None        # UTC, for people
    decision_count: int | None = None
    case_count: int | None = None
    member: str | None = None
    bundle: str | None = None

    def verdict(self, keyring) -> tuple[bool, str]:
        """(signer known, the headline ``verify`` and the app's dialog show): "VALID, signed
        by …", "VALID — signature intact but the signer is NOT known …" or "INVALID: …".
        The reason is read from the file and shown inert."""
        from review.inert import inert
        from review.keyring import signer_sentence
        if not self.valid:
            return False, f"INVALID: {inert(self.reason)}"
        known, sentence = signer_sentence(self.fingerprint or "", keyring)
        return known, f"VALID, {sentence}" if known else f"VALID \u2014 {sentence}"

    def details(self) -> list[tuple[str, str]]:
        """The labelled facts under the headline, those present only, values inert
        (every one but the fingerprint is read from the file)."""
        from review.inert import inert
        rows = [("Edited cell", self.cell), ("Signer", self.signer_name),
                ("Fingerprint", format_fingerprint(self.fingerprint) if self.fingerprint
                 else None),
                ("Signed", self.signed_at),
                ("Decisions", f"{self.decision_count:,} of {self.case_count:,} cases"
                 if self.decision_count is not None else None),
                ("Member", self.member), ("Bundle", self.bundle)]
        return [(label, inert(value)) for label, value in rows if value]


def detect_kind(path: Path) -> str:
    """'pdf' or 'xlsx' from the file's first bytes, else from its name; UnsupportedFile otherwise.

    The name is the fallback so that a damaged export (say, a changed first byte) is
    reported INVALID rather than as a file of unknown type.
    """
    path = Path(path)
    if not path.is_file():
        raise UnsupportedFile(f"There is no file at {path}.")
    with path.open("rb") as f:
        head = f.read(1024)
    if b"%PDF-" in head:  # PDF readers accept the header anywhere in the first kilobyte
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "xlsx"
    suffix = path.suffix.lower()
    if suffix in (".pdf", ".xlsx"):
        return suffix[1:]
    raise UnsupportedFile(f"{path.name} is neither a PDF nor an Excel workbook.")


def verify_file(path: Path, *, expected_fingerprint: str | None = None) -> VerificationReport:
    """Verify a signed PDF or workbook; an INVALID result is a report, not an exception.

    ``expected_fingerprint`` (hex) makes a file signed by any other certificate INVALID.
    """
    path = Path(path)
    kind = detect_kind(path)
    try:
        if kind == "pdf":
            report = _verify_pdf(path)
        else:
            report = _verify_xlsx(path)
    except SignedFileInvalid as exc:
        return VerificationReport(path, kind, False, exc.reason, exc.cell)
    if expected_fingerprint and report.fingerprint != expected_fingerprint.lower():
        return VerificationReport(
            path, kind, False, "It is validly signed, but by a different certificate from the "
            f"one expected ({format_fingerprint(expected_fingerprint)[:19]}…).",
            signer_name=report.signer_name, fingerprint=report.fingerprint)
    return report


def _verify_pdf(path: Path) -> VerificationReport:
    from exports.pdf.verify import verify_pdf
    v = verify_pdf(path)
    r = v.record
    signed = v.signed_at.astimezone(dt.timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC") \
        if v.signed_at else None
    return VerificationReport(path, "pdf", True, signer_name=v.signer_name,
                              fingerprint=v.fingerprint, signed_at=signed,
                              decision_count=v.decision_count,
                              case_count=int(r.get("case_count", 0)),
                              member=_pdf_member(r),
                              bundle=f"{r.get('bundle_title', '')} ({r.get('bundle_id', '')})")


def _pdf_member(record: dict) -> str:
    """Who the signed record speaks for: a member, or the coordinator's consolidated result."""
    if record.get("document") == "consolidated":
        return f"Consolidated result of the coordinator, {record.get('member_name', '')}"
    return f"{record.get('member_name', '')} ({record.get('member_id', '')})"


def consolidated_report(path: Path) -> VerificationReport | None:
    """A VerificationReport when ``path`` is a consolidated workbook, else None."""
    from exports.consolidated.verify import read_if_consolidated
    from exports.snapshot import parse_utc
    v = read_if_consolidated(path)
    if v is None:
        return None
    try:
        signed = parse_utc(v.signed_at).strftime("%Y-%m-%d %H:%M:%S UTC")
    except (ValueError, TypeError):
        signed = None
    return VerificationReport(Path(path), "xlsx", True, signer_name=v.signer_name,
                              fingerprint=v.fingerprint, signed_at=signed,
                              decision_count=v.final_count, case_count=v.case_count,
                              member=f"Consolidated result of the coordinator, "
                                     f"{v.coordinator_name}",
                              bundle=f"{v.bundle_title} ({v.bundle_id})")


def _verify_xlsx(path: Path) -> VerificationReport:
    from exports.snapshot import parse_utc
    from exports.xlsx.verify import read_signed_workbook
    report = consolidated_report(path)  # None unless it is a coordinator's consolidated workbook
    if report is not None:
        return report
    v = read_signed_workbook(path)
    return VerificationReport(path, "xlsx", True, signer_name=v.signer_name,
                              fingerprint=v.fingerprint,
                              signed_at=parse_utc(v.signed_at).strftime("%Y-%m-%d %H:%M:%S UTC")
                              if v.signed_at else None,
                              decision_count=v.decision_count, case_count=v.case_count,
                              member=f"{v.member_name} ({v.member_id})",
                              bundle=f"{v.bundle_title} ({v.bundle_id})")

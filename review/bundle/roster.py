"""The panel roster: a table of reviewers with their certificates and conflicts.

Columns (headers matched like a case list's, in any order):

============  =================================================================
reviewer_id   Reviewer ID, Reviewer, Member ID, Panel member ID, ID (required):
              letters, digits, '.', '_', '-', starting with a letter or digit,
              up to 64 characters; unique ignoring case (it names the member's
              bundle file, ``<reviewer id>.prb``)
name          Name, Reviewer name, Full name, Member name (required)
certificate   Certificate, Certificate file, Cert, Identity: the path of the
              reviewer's ``cert.pem`` (PEM or DER), or of their identity
              folder, relative to the roster file
fingerprint   Fingerprint, Certificate fingerprint, SHA-256 fingerprint: the
              certificate's SHA-256 fingerprint (64 hex digits, spaces and
              colons allowed)
conflicts     Conflicts, Declared conflicts, Conflicts of interest: subject
              ids and/or case ids of the case list, separated by ``;`` ``,``
              ``|`` or new lines
============  =================================================================

Every reviewer needs a certificate or a fingerprint (the certificate's
fingerprint is what the coordinator pins; when both are given they must
agree).  A certificate must be an ECDSA P-256 certificate (a Panel Review
signing identity) that has not expired; two reviewers may not share one.  A
declared conflict is compared as subjects are (NFKC, ignoring case and
surrounding spaces) and written as the case list spells it; one that names
no subject or case of this list is a warning (a standing roster is reused
across lists), which the coordinator checks for a mistyped id.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Mapping

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from review.bundle.contents import Reviewer
from review.intake.cells import (BadValue, CASE_ID_PATTERN, cell_text, Problem, ProblemList, quote,
                                 SheetRows, shown, split_list)
from review.intake.combine import subject_key
from review.intake.table import Column, place_columns, Placed, RowReader, text_column
from review.errors import IdentityError
from review.identity import CERT_FILE, fingerprint_of, normalise_fingerprint

MAX_CERTIFICATE_BYTES = 64 << 10


# Names a member's bundle file may not have: the panel's own, and Windows' devices.
RESERVED_IDS = {"panel", "con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)),
                *(f"lpt{i}" for i in range(10))}


def _reviewer_id(value: object) -> str | None:
    text = cell_text(value, limit=64)
    if text is not None and (not CASE_ID_PATTERN.fullmatch(text) or ".." in text):
        raise BadValue(f"{quote(text)} is not a usable reviewer id: use letters, digits, '.', "
                       "'_' and '-', starting with a letter or digit (up to 64 characters).")
    if text is not None and text.split(".")[0].casefold() in RESERVED_IDS:
        raise BadValue(f"{quote(text)} cannot be a reviewer id: it names the member's bundle "
                       f"file ({text}.prb), and that name is reserved. Choose another.")
    return text


def _fingerprint(value: object) -> str | None:
    text = cell_text(value, limit=200)
    if text is None:
        return None
    try:
        return normalise_fingerprint(text)
    except IdentityError:
        raise BadValue(f"{quote(text)} is not a certificate fingerprint: it should be 64 "
                       "hexadecimal digits.") from None


def _conflicts(value: object) -> tuple[str, ...] | None:
    text = cell_text(value, limit=20_000, multiline=True)
    return None if text is None else tuple(dict.fromkeys(split_list(text)))


ROSTER_COLUMNS: tuple[Column, ...] = (
    Column("reviewer_id", "Reviewer ID", True, _reviewer_id,
           ("reviewer", "member id", "panel member id", "reviewer ref", "id")),
    Column("name", "Name", True, text_column(200),
           ("reviewer name", "full name", "member name", "panel member")),
    Column("certificate", "Certificate", False, text_column(1000),
           ("certificate file", "certificate path", "cert", "cert file", "cert pem",
            "identity", "identity folder")),
    Column("fingerprint", "Fingerprint", False, _fingerprint,
           ("certificate fingerprint", "sha 256 fingerprint", "sha256 fingerprint", "sha256")),
    Column("conflicts", "Conflicts", False, _conflicts,
           ("declared conflicts", "conflicts of interest", "conflict", "conflict of interest"),
           ()),
)


def load_certificate_file(path: Path) -> x509.Certificate:
    """A reviewer's certificate from a PEM or DER file, or an identity folder."""
    if path.is_dir():
        path = path / CERT_FILE
    try:
        if path.stat().st_size > MAX_CERTIFICATE_BYTES:
            raise BadValue(f"The file {path.name} is too large to be a certificate.")
        data = path.read_bytes()
    except FileNotFoundError:
        raise BadValue(f"The certificate file {path} does not exist.") from None
    except OSError as exc:
        raise BadValue(f"The certificate file {path} cannot be read ({exc.strerror}).") from None
    try:
        cert = (x509.load_pem_x509_certificate(data) if b"-----BEGIN" in data
                else x509.load_der_x509_certificate(data))
        key = cert.public_key()
    except ValueError:
        raise BadValue(f"The file {path.name} is not a certificate (PEM or DER), or it is "
                       "damaged.") from None
    if not isinstance(key, ec.EllipticCurvePublicKey) or not isinstance(key.curve, ec.SECP256R1):
        raise BadValue(f"The file {path.name} is not a Panel Review signing certificate (ECDSA "
                       "P-256); "
                       "ask the reviewer for the cert.pem of their identity folder.")
    if cert.not_valid_after_utc < dt.datetime.now(dt.timezone.utc):
        raise BadValue(f"The certificate {path.name} expired on "
                       f"{cert.not_valid_after_utc:%Y-%m-%d}; the reviewer needs a new identity.")
    return cert


def parse_roster(sheet: SheetRows, *, base_dir: Path,
                 case_ids: Mapping[str, str] | None = None,
                 subject_ids: Mapping[str, str] | None = None) -> tuple[list[Reviewer], ProblemList]:
    """Reviewers of a roster table, and every problem found in it.

    ``case_ids`` (casefold -> id as written) and ``subject_ids`` (subject key ->
    id as kept) let conflicts be checked and written as the case list spells them;
    without them conflicts are taken as written.
    """
    problems = ProblemList()
    placed = place_columns(sheet, ROSTER_COLUMNS, problems, what="roster",
                           alternatives=[("certificate", "fingerprint")])
    read = RowReader(placed.values(), sheet.source, problems)
    src = sheet.source
    reviewers: list[Reviewer] = []
    ids: dict[str, int] = {}
    prints: dict[str, int] = {}
    certs: dict[int, str] = {}   # row -> PEM, for rows that name a certificate file
    for row_number, values in sheet.rows:
        if read.is_blank(values):
            continue
        data, ok = read(row_number, values)
        rid = data.get("reviewer_id")
        if rid is not None:
            if rid.casefold() in ids:
                _add(problems, src, row_number, placed["reviewer_id"],
                     f"The reviewer id {shown(rid)} is already used on row {ids[rid.casefold()]}.")
                ok = False
            else:
                ids[rid.casefold()] = row_number
        fingerprint = _row_fingerprint(data, values, placed, base_dir, src, row_number, problems,
                                       certs)
        if fingerprint is False:
            ok = False
        elif fingerprint is not None:
            if fingerprint in prints:
                where = placed.get("certificate") or placed["fingerprint"]
                _add(problems, src, row_number, where, (
                    f"This certificate is already the one of the reviewer on row "
                    f"{prints[fingerprint]}; each reviewer needs their own."))
                ok = False
            else:
                prints[fingerprint] = row_number
        conflicts = _canonical_conflicts(data.get("conflicts", ()), placed.get("conflicts"),
                                         case_ids, subject_ids, src, row_number, problems)
        if ok and "reviewer_id" in placed and "name" in placed and fingerprint:
            reviewers.append(Reviewer(rid, data["name"], fingerprint, conflicts,
                                      certs.get(row_number)))
    if not ids and not problems:
        problems.add(Problem(src, None, None, "It lists no reviewers below its header row."))
    if problems:
        reviewers = []
    return reviewers, problems


def _add(problems: ProblemList, source: str, row: int, where: Placed, message: str,
         kind: str = "roster", value: str | None = None) -> None:
    problems.add(Problem(source, row, where.letter, message, where.header, kind=kind,
                         value=value))


def _row_fingerprint(data: dict, values: Mapping[str, object], placed: Mapping[str, Placed],
                     base_dir: Path, source: str, row: int,
                     problems: ProblemList, certs: dict[int, str]) -> str | None | bool:
    """The row's pinned fingerprint; None when the row has no usable one yet, False on a problem."""
    cert_path, given = data.get("certificate"), data.get("fingerprint")
    if "certificate" not in placed and "fingerprint" not in placed:
        return None                         # reported once, for the header row
    if any(name in placed and name not in data and values.get(placed[name].header) is not None
           for name in ("certificate", "fingerprint")):
        return False                        # a cell that could not be read: reported already
    if cert_path is None and given is None:
        where = placed.get("certificate") or placed["fingerprint"]
        _add(problems, source, row, where, "The reviewer has no certificate or fingerprint; "
             "the coordinator must pin one to check their exports.")
        return False
    if cert_path is None:
        return given
    try:
        cert = load_certificate_file(Path(base_dir) / cert_path)
        actual = fingerprint_of(cert)
        certs[row] = cert.public_bytes(serialization.Encoding.PEM).decode("ascii")
    except BadValue as exc:
        _add(problems, source, row, placed["certificate"], str(exc))
        return False
    if given is not None and given != actual:
        _add(problems, source, row, placed["fingerprint"],
             "The fingerprint does not match the certificate file in the same row.")
        return False
    return actual


def _canonical_conflicts(conflicts: tuple[str, ...], where: Placed | None,
                         case_ids: Mapping[str, str] | None,
                         subject_ids: Mapping[str, str] | None, source: str, row: int,
                         problems: ProblemList) -> tuple[str, ...]:
    if case_ids is None and subject_ids is None:
        return conflicts
    out, unknown = [], []
    for item in conflicts:
        found = (subject_ids or {}).get(subject_key(item)) or (case_ids or {}).get(item.casefold())
        if found is None:
            unknown.append(item)
        out.append(found or item)
    if unknown and where is not None:
        names = ", ".join(shown(u, 64) for u in unknown[:5]) + (" ..." if len(unknown) > 5 else "")
        _add(problems, source, row, where, (
            f"The declared conflict{'s' if len(unknown) > 1 else ''} {names} "
            f"name{'' if len(unknown) > 1 else 's'} no subject or case of this case list; "
            "kept as written (check the spelling)."), kind="unknown_conflict",
            value="; ".join(unknown))
    return tuple(dict.fromkeys(out))

"""Verifying a signed workbook and reading its decisions (for ``verify`` and the merge).

Verification recomputes everything from the visible cells: the signature
over the manifest, the certificate it names, then each signed sheet's
digest.  When a digest differs, the per-row keys and per-cell tags say
where: a deleted or inserted row, or the first edited cell.  Then what a
reader sees besides the values is judged (:mod:`exports.xlsx.presentation`)
and the package's parts (:mod:`exports.xlsx.package`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import zipfile
from dataclasses import dataclass, replace
from pathlib import Path

from review.workspace.decision_store import SavedDecision
from review.decisions import Decision
from review.errors import VerificationError
from review.identity import cert_from_pem, common_name, fingerprint_of, verify_signature

from exports.xlsx.canonical import Canonical
from exports.errors import SignedFileInvalid
from exports.xlsx.cells import read_grid
from exports.xlsx.columns import CONSULTATION_COLUMNS, DECISION_COLUMNS, HISTORY_COLUMNS, \
    read_decision_row
from exports.xlsx.package import check_package
from exports.xlsx.presentation import check_presentation
from exports.xlsx.signature import FORMAT, FORMAT_VERSION, SHEET, ParsedSignature, SheetSeal, \
    check_sheet, read_signature_sheet

_HEADERS = {"Decisions": [c.header for c in DECISION_COLUMNS],
            "History": [c.header for c in HISTORY_COLUMNS],
            "Consultations": [c.header for c in CONSULTATION_COLUMNS]}
CHART_SHEETS = frozenset({"Summary"})  # where the exporter draws its charts
_FORMATS = {name: [c.number_format for c in columns] for name, columns in (
    ("Decisions", DECISION_COLUMNS), ("History", HISTORY_COLUMNS),
    ("Consultations", CONSULTATION_COLUMNS))}
MAX_UNPACKED_BYTES = 1 << 30  # a 1,131-case export unpacks to about 3.5 MB
_KEY_NOUN = {"Decisions": "case", "History": "history entry",
             "Consultations": "consultation entry"}


@dataclass(frozen=True)
class VerifiedExport:
    """A workbook whose signature and every signed cell checked out."""

    path: Path
    file_digest: str                   # SHA-256 of the file: a re-import is recognised by it
    member_id: str
    member_name: str
    signer_name: str
    fingerprint: str                   # SHA-256 of the signer's certificate, hex
    certificate_pem: bytes
    bundle_id: str
    bundle_title: str
    bundle_digest: str
    coordinator_fingerprint: str
    demo: bool
    exported_at: str                   # UTC ISO: when the decisions were read for export
    signed_at: str                     # UTC ISO: when the workbook was signed
    history_head: str
    history_count: int
    case_count: int
    met_categories: dict[str, str]     # every case in the workbook → Met category
    decisions: dict[str, Decision]     # case id → decision, for cases with one
    saved: dict[str, SavedDecision]    # the same with version and last-saved time
    first_saved: dict[str, str]
    # The chain head after each saved version, in order (the History sheet's entry hashes,
    # checked to link up to history_head); () when they do not, so the merge cannot rely on them.
    history_heads: tuple[str, ...] = ()

    @property
    def decision_count(self) -> int:
        return len(self.decisions)

    def as_member_export(self):
        """The coordinator's merge input (:class:`review.panel.merge.MemberExport`)."""
        from review.panel.merge import MemberExport
        return MemberExport(source=self.path.name, file_digest=self.file_digest,
                            member_id=self.member_id, member_name=self.member_name,
                            fingerprint=self.fingerprint, bundle_id=self.bundle_id,
                            exported_at=self.exported_at, decisions=dict(self.decisions),
                            coordinator_fingerprint=self.coordinator_fingerprint,
                            bundle_digest=self.bundle_digest, history=self.history,
                            versions={cid: s.version for cid, s in self.saved.items()})

    @property
    def history(self):
        """What this export proves about its history (:class:`review.panel.ancestry.History`)."""
        from review.panel.ancestry import History
        return History(self.history_count, self.history_head, self.history_heads)


def read_signed_workbook(path: Path) -> VerifiedExport:
    """Verify a signed workbook completely; SignedFileInvalid names the reason or cell."""
    path = Path(path)
    if not path.is_file():
        raise SignedFileInvalid(f"There is no file at {path}.")
    return verify_workbook_bytes(path.read_bytes(), path)


def verify_workbook_bytes(content: bytes, path: Path) -> VerifiedExport:
    """Verify a signed workbook held in memory (from a sealed return); ``path`` names it.

    Read once: what is verified is what is digested."""
    wb = _load(content)
    digest = hashlib.sha256(content).hexdigest()
    sig = read_signature_sheet(wb)
    core = sig.core
    cert, fingerprint = verify_signature_record(
        sig, FORMAT, FORMAT_VERSION,
        "It is not a signed Panel Review workbook of a version this program knows.")
    expected = {s["name"] for s in core["sheets"]} | {SHEET}
    if not {"Decisions", "History"} <= expected:
        raise SignedFileInvalid("The workbook's signature record does not cover its decisions.")
    for name in wb.sheetnames:
        if name not in expected:
            raise SignedFileInvalid(f"The sheet '{name}' was added after signing.")
    grids: dict[str, list[list[Canonical]]] = {}
    for s in core["sheets"]:
        if s["name"] not in wb.sheetnames:
            raise SignedFileInvalid(f"The sheet '{s['name']}' was deleted or renamed after "
                                    "signing.")
        grids[s["name"]] = grid = read_grid(wb[s["name"]])
        check_sheet(sig.seals[s["name"]], grid, _row_name, _describe)
    check_presentation(wb, [s["name"] for s in core["sheets"]], SHEET, _FORMATS)
    check_package(content, CHART_SHEETS)
    result = _result(path, digest, core, cert, fingerprint, sig.cert_pem, grids["Decisions"])
    return replace(result, history_heads=chain_heads(grids["History"], result.history_count,
                                                     result.history_head))


def chain_heads(grid: list[list[Canonical]], count: int, head: str) -> tuple[str, ...]:
    """The head after each version, from the History sheet, when the rows form the chain.

    Entries 1..count in order, each row's previous hash the row before's hash (64 zeros
    first), the last hash the signed head; otherwise () ("cannot prove").
    """
    from review.workspace.history import GENESIS
    if not grid:
        return ()
    headers = [v[1] if v else "" for v in grid[0]]
    try:
        seq_col, hash_col, prev_col = (headers.index(c.header) for c in HISTORY_COLUMNS
                                       if c.key in ("seq", "hash", "prev_hash"))
    except ValueError:
        return ()
    heads, prev = [], GENESIS
    for i, row in enumerate(grid[1:], start=1):
        cells = [_value(v) for v in row] + [None] * 3
        if cells[seq_col] != i or cells[prev_col] != prev or not isinstance(cells[hash_col], str):
            return ()
        prev = cells[hash_col]
        heads.append(prev)
    if len(heads) != count or (heads and heads[-1] != head):
        return ()
    return tuple(heads)


def verify_signature_record(sig: ParsedSignature, fmt: str, version: int, unknown: str):
    """The signature record's format, certificate and signature: (certificate, fingerprint).

    Shared by the member's and the consolidated workbook; ``unknown`` is the message for a
    record of another format or version.  The signed sheets are checked afterwards.
    """
    core = sig.core
    found_fmt, found = core.get("format"), core.get("format_version")
    if found_fmt != fmt:
        raise SignedFileInvalid(f"{unknown} Its signature record names the format "
                                f"'{str(found_fmt)[:80]}' version {str(found)[:20]}; this program "
                                f"reads '{fmt}' version {version}.")
    if found != version:  # a newer program wrote it, or the record was edited
        raise SignedFileInvalid(f"{unknown} It is version {str(found)[:20]} of '{fmt}'; this "
                                f"program reads version {version} only.")
    try:
        cert = cert_from_pem(sig.cert_pem)
    except VerificationError:
        raise SignedFileInvalid("The certificate in the hidden Signature sheet is damaged or "
                                "missing, so the workbook cannot be verified.") from None
    fingerprint = fingerprint_of(cert)
    if core.get("certificate_sha256") != fingerprint:
        raise SignedFileInvalid("The certificate in the workbook is not the one its signature "
                                "record names: the certificate was replaced.")
    if not verify_signature(cert, sig.signature, sig.message):
        raise SignedFileInvalid("The signature does not match the workbook's signed record: the "
                                "signature or certificate was replaced, or the hidden Signature "
                                "sheet was edited.")
    return cert, fingerprint


def _load(content: bytes):
    from openpyxl import load_workbook
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as z:
            # zipfile stops each member at its declared size, so this bounds memory use
            if sum(i.file_size for i in z.infolist()) > MAX_UNPACKED_BYTES:
                raise SignedFileInvalid("It is far larger unpacked than any export and was not "
                                        "opened.")
    except zipfile.BadZipFile:
        raise SignedFileInvalid("It is damaged or is not an Excel workbook, so it cannot be "
                                "verified.") from None
    try:
        return load_workbook(io.BytesIO(content), read_only=False, data_only=False,
                             keep_links=False)
    except Exception as exc:  # XML parse errors and defusedxml refusals have many classes
        raise SignedFileInvalid("It is damaged or is not an Excel workbook, so it cannot be "
                                f"verified ({type(exc).__name__}).") from None


def _row_name(seal: SheetSeal, i: int) -> str:
    key = seal.rows[i][0] if i < len(seal.rows) else ""
    if i == 0 and seal.name in _HEADERS:
        return "the heading row"
    if key and seal.name in _KEY_NOUN:
        return f"the row of {_KEY_NOUN[seal.name]} {key}"
    return "a row"


def _describe(seal: SheetSeal, i: int, j: int, grid: list[list[Canonical]]) -> str:
    headers = _HEADERS.get(seal.name)
    if not headers:  # Summary and About: the label in column A says what the row is
        label = grid[i][0] if i < len(grid) and grid[i] and j > 0 else None
        return f"the value for '{label[1]}'" if label else "a signed cell"
    column = headers[j] if headers and j < len(headers) else None
    if i == 0 and headers:
        return "a column heading; columns were inserted, deleted or renamed"
    parts = [p for p in (column, _row_name(seal, i).removeprefix("the row of ")
                         if seal.name in _KEY_NOUN else None) if p]
    return ", ".join(parts) if parts else "a signed cell"


def _value(v: Canonical):
    """Back from canonical form to the Python value the columns reader expects."""
    if v is None:
        return None
    kind, raw = v
    if kind == "n":
        return int(raw) if raw.lstrip("-").isdigit() else float(raw)
    if kind == "d":
        return dt.datetime.fromisoformat(raw)
    return raw


def _result(path: Path, digest: str, core: dict, cert, fingerprint: str, cert_pem: bytes,
            grid: list[list[Canonical]]) -> VerifiedExport:
    met, decisions, saved, first = {}, {}, {}, {}
    for row in grid[1:]:
        r = read_decision_row([_value(v) for v in row])
        met[r.case_id] = r.met_category
        if r.saved is not None:
            decisions[r.case_id] = r.saved.decision
            saved[r.case_id] = r.saved
            if r.first_saved:
                first[r.case_id] = r.first_saved
    return VerifiedExport(
        path=path, file_digest=digest, member_id=str(core.get("member_id", "")),
        member_name=str(core.get("member_name", "")), signer_name=common_name(cert),
        fingerprint=fingerprint, certificate_pem=cert_pem,
        bundle_id=str(core.get("bundle_id", "")), bundle_title=str(core.get("bundle_title", "")),
        bundle_digest=str(core.get("bundle_digest", "")),
        coordinator_fingerprint=str(core.get("coordinator_fingerprint", "")),
        demo=bool(core.get("demo")), exported_at=str(core.get("exported_at", "")),
        signed_at=str(core.get("signed_at", "")),
        history_head=str(core.get("history_head", "")),
        history_count=int(core.get("history_count", 0)), case_count=len(met),
        met_categories=met, decisions=decisions, saved=saved, first_saved=first)

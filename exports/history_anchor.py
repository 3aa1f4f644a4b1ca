"""``workspace check WS --against EXPORT``: does the workspace still extend an export?

An export signs the member's history count and head.  Once it has left the
laptop it anchors the history outside the workspace file: a workspace put
back from an older copy, or changed outside Panel Review, no longer holds
that head at that version, although its own chain may be intact.  The export
is verified first (its signature, and for a sealed return the seal), so that
what it is compared with is what the member signed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

from review.errors import VerificationError
from review.workspace.history import Anchor, AnchorCheck, HistoryEntry, check_anchor, short

from exports.errors import SignedFileInvalid


@dataclass(frozen=True)
class ExportedHistory:
    """What a verified export says of the history it was made from."""

    anchor: Anchor
    member_id: str
    bundle_id: str


def exported_history(path: Path, identity: Callable[[], object] | None = None) -> ExportedHistory:
    """Verify the signed PDF, workbook or sealed return at ``path`` and read its history.

    ``identity`` gives the reader's unlocked identity, asked for only for a sealed return.
    Raises VerificationError (exit 1) naming the file when it does not verify."""
    from exports.sealed_return import is_sealed_file
    from exports.verify import detect_kind
    path = Path(path)
    try:
        if is_sealed_file(path):
            return _from_sealed(path, identity)
        if detect_kind(path) == "pdf":
            from exports.pdf.verify import verify_pdf
            r = verify_pdf(path).record
            return ExportedHistory(Anchor(int(r.get("history_count", -1)),
                                          str(r.get("history_head", ""))),
                                   str(r.get("member_id", "")), str(r.get("bundle_id", "")))
        from exports.xlsx.verify import read_signed_workbook
        return _from_workbook(read_signed_workbook(path))
    except SignedFileInvalid as exc:
        raise VerificationError(f"{path.name} is not a valid signed export: {exc.reason}") \
            from None


def _from_sealed(path: Path, identity) -> ExportedHistory:
    from exports.errors import UnsupportedFile
    from exports.sealed_return import workbook_of
    from exports.xlsx.verify import verify_workbook_bytes
    if identity is None:
        raise UnsupportedFile(f"{path.name} is sealed: give --identity DIR (yours or the "
                              "coordinator's) to open it.")
    name, data = workbook_of(path, identity())
    return _from_workbook(verify_workbook_bytes(data, path.with_name(name)))


def _from_workbook(v) -> ExportedHistory:
    return ExportedHistory(Anchor(v.history_count, v.history_head), v.member_id, v.bundle_id)


def against_export(entries: Sequence[HistoryEntry], meta: dict[str, str],
                   exported: ExportedHistory, name: str) -> tuple[bool, str]:
    """(the workspace extends the export, the sentence ``workspace check`` prints)."""
    if (exported.bundle_id, exported.member_id) != (meta.get("bundle_id"), meta.get("member_id")):
        return False, (f"{name} does not come from this workspace: it was exported by member "
                       f"{exported.member_id} from bundle {exported.bundle_id}, and this "
                       f"workspace is member {meta.get('member_id')}'s of bundle "
                       f"{meta.get('bundle_id')}.")
    return describe(check_anchor([e.hash for e in entries], exported.anchor), name)


def describe(c: AnchorCheck, name: str) -> tuple[bool, str]:
    n, m = c.seen.count, c.count
    if c.extends:
        return True, f"The workspace extends the export {name} ({n:,} \u2192 {m:,} versions)."
    if c.head_then is None:
        now = f"the workspace has only {m:,}"
    else:
        now = f"the workspace at version {n:,} has {short(c.head_then)}"
    return False, (f"The workspace does NOT extend the export {name}: the export has {n:,} "
                   f"versions with head {short(c.seen.head)}, {now}. It was restored from an "
                   "older copy or changed; tell the coordinator, and do not export from it.")

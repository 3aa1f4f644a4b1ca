"""Merging members' signed Excel exports into a coordinator workspace.

Each file is verified here (signature, every cell) and then offered to the
coordinator workspace, whose rules (``review.panel.merge``) decide whether it
belongs to this panel.  A file that fails verification is recorded as
refused with the reason, so the consolidated outputs can list it.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Callable, Iterable

from review.panel.workspace import CoordinatorWorkspace, ImportOutcome
from review.errors import PanelReviewError
from review.identity import Identity
from review.panel.merge import MemberExport


def to_member_export(verified) -> MemberExport:
    """The decision set that review/ merges, from exports' verified workbook."""
    return MemberExport(
        source=Path(verified.path).name, file_digest=verified.file_digest,
        member_id=verified.member_id, member_name=verified.member_name,
        fingerprint=verified.fingerprint, bundle_id=verified.bundle_id,
        exported_at=verified.exported_at, decisions=dict(verified.decisions),
        coordinator_fingerprint=verified.coordinator_fingerprint,
        bundle_digest=verified.bundle_digest, history=verified.history,
        versions={cid: s.version for cid, s in verified.saved.items()})


def _digest(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return hashlib.sha256(str(path).encode()).hexdigest()


def merge_files(coord: CoordinatorWorkspace, files: Iterable[Path], *,
                progress: Callable[[int, int, str], None] | None = None,
                should_cancel: Callable[[], bool] | None = None,
                reader: Identity | None = None) -> list[ImportOutcome]:
    """Verify and import each file in turn; returns one outcome per file.

    A sealed return is opened in memory with ``reader`` (the coordinator's
    identity) and its workbook verified as if it had come on its own."""
    from exports.sealed_return import is_sealed_file, workbook_of
    from exports.xlsx.verify import read_signed_workbook, verify_workbook_bytes
    files = [Path(f) for f in files]
    outcomes = []
    for i, path in enumerate(files):
        if should_cancel and should_cancel():
            break
        if progress:
            progress(i, len(files), path.name)
        try:
            if is_sealed_file(path):
                verified = verify_workbook_bytes(workbook_of(path, reader)[1], path)
            else:
                verified = read_signed_workbook(path)
        except PanelReviewError as exc:
            outcomes.append(coord.record_refusal(path.name, _digest(path), str(exc)))
            continue
        outcomes.append(coord.import_export(to_member_export(verified)))
    return outcomes

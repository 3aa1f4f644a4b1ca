"""Merge rules: which member exports a coordinator accepts, and case status.

The functions here work on decision sets that ``exports/`` has already read
and whose signatures it has verified; they decide whether such a set belongs
to this panel (signer pinned in the roster, same bundle, assigned cases
only) and what each case's status is once reviews are in.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Mapping

from review.decisions import Decision
from review.identity import format_fingerprint
from review.panel.ancestry import History

# Fields that must agree for two reviews to count as agreeing.  Concerns and
# confidence are reported side by side but do not by themselves make a case
# a disagreement: they are observations, not the decision.
DECIDING_FIELDS = ("category", "actions", "severity")
COMPARED_FIELDS = ("category", "actions", "severity", "concerns", "confidence")

CASE_STATUSES = {
    "awaiting": "Awaiting reviews",
    "agreed": "Agreed",
    "disagreement": "Disagreement",
    "adjudicated": "Adjudicated",
}


@dataclass(frozen=True)
class MemberExport:
    """A member's verified export: who signed it and what it decides."""

    source: str                 # file name, for messages
    file_digest: str            # SHA-256 of the file: re-imports are recognised by it
    member_id: str
    member_name: str
    fingerprint: str            # signer's certificate, verified by exports/
    bundle_id: str
    exported_at: str            # ISO 8601 UTC
    decisions: Mapping[str, Decision]
    # What the member's workspace was opened from, as the signed export records it:
    # the certificate that signed that bundle, and the bundle's SHA-256.
    coordinator_fingerprint: str = ""
    bundle_digest: str = ""
    # The history the export signed (count, head, the head after each version):
    # what decides whether it is newer than the export already accepted.
    history: History = History(0, "")
    versions: Mapping[str, int] = field(default_factory=dict)   # case id → decision version


@dataclass(frozen=True)
class Refusal:
    source: str
    reason: str


def check_export(exp: MemberExport, *, bundle_id: str, pinned: Mapping[str, str | None],
                 assigned: Mapping[str, set[str]], coordinator: str,
                 member_bundles: Mapping[str, str] | None = None) -> Refusal | None:
    """Why the export does not belong to this panel, or None when it does.

    ``pinned`` maps reviewer id → pinned certificate fingerprint;
    ``assigned`` maps reviewer id → the case ids assigned to them;
    ``coordinator`` is the fingerprint of the certificate that signed the panel's bundles;
    ``member_bundles`` maps reviewer id → digest of the bundle written for them, as the
    panel bundle lists it (None for an older panel bundle that does not).
    """
    by_fp = {fp: rid for rid, fp in pinned.items() if fp}
    signer = by_fp.get(exp.fingerprint)
    if signer is None:
        return Refusal(exp.source, f"it is signed by a certificate ({format_fingerprint(exp.fingerprint)}) "
                                   "that is not pinned for anyone on the roster")
    if signer != exp.member_id:
        return Refusal(exp.source, f"it claims to be {exp.member_id}'s decisions but is signed "
                                   f"with the certificate pinned for {signer}")
    if exp.bundle_id != bundle_id:
        return Refusal(exp.source, f"it belongs to another panel bundle ({exp.bundle_id}), not {bundle_id}")
    refusal = _not_the_bundle_sent(exp, member_bundles, coordinator) \
        or _made_from_another_bundle(exp, coordinator)
    if refusal is not None:
        return refusal
    extra = sorted(set(exp.decisions) - assigned.get(signer, set()))
    if extra:
        more = f" and {len(extra) - 1} more" if len(extra) > 1 else ""
        return Refusal(exp.source, f"it holds a decision on case {extra[0]}{more}, which is not "
                                   f"assigned to {signer}")
    return None


def _made_from_another_bundle(exp: MemberExport, coordinator: str) -> Refusal | None:
    """A bundle with this panel's id but signed by someone else (a forged bundle) gives a
    workspace whose export the member signs in good faith: its decisions were made on
    cases the coordinator never sent, so it is refused by the bundle it records."""
    if exp.coordinator_fingerprint != coordinator:
        made_from = (f"a bundle signed by the certificate "
                     f"{format_fingerprint(exp.coordinator_fingerprint)}"
                     if exp.coordinator_fingerprint else "a bundle whose signer it does not record")
        return Refusal(exp.source, f"it was made from {made_from}, not by the panel's "
                                   f"coordinator ({format_fingerprint(coordinator)}); the bundle "
                                   "its member reviewed did not come from this panel")
    digest = exp.bundle_digest
    if len(digest) != 64 or any(c not in "0123456789abcdef" for c in digest):
        return Refusal(exp.source, "it does not record the SHA-256 digest of the bundle it was "
                                   "made from")
    return None


def _not_the_bundle_sent(exp: MemberExport, member_bundles: Mapping[str, str] | None,
                         coordinator: str) -> Refusal | None:
    """The export must record the digest of the very bundle written for its member: a forged
    bundle, or one the coordinator made again but did not send, gives another digest."""
    if not member_bundles:
        return None  # an older panel bundle: the coordinator's certificate is what is checked
    sent = member_bundles.get(exp.member_id, "")
    if exp.bundle_digest == sent:
        return None
    made_from = f"the bundle {_short(exp.bundle_digest)}" if exp.bundle_digest \
        else "a bundle whose digest it does not record"
    signers = ""
    if exp.coordinator_fingerprint != coordinator:
        signers = (f"; that bundle was signed by the certificate "
                   f"{_short(exp.coordinator_fingerprint)}, not by the panel's coordinator "
                   f"({_short(coordinator)})")
    return Refusal(exp.source, f"it was made from {made_from}, not from the bundle written for "
                               f"{exp.member_id}, {_short(sent)}{signers}")


def _short(hex_value: str) -> str:
    """A digest or fingerprint as people compare it: its first four groups."""
    return format_fingerprint(hex_value)[:19] + "\u2026" if hex_value else "(none recorded)"


def pinned_signer(fingerprint: str | None, pinned: Mapping[str, str | None]) -> str | None:
    """The roster id whose pinned certificate signed a file, or None (unknown signer).

    A refused file is listed under this, never under the member id the file
    claims: a claim in a file that fails the panel's checks proves nothing.
    """
    if not fingerprint:
        return None
    return next((rid for rid, fp in pinned.items() if fp == fingerprint), None)


def signer_label(member_id: str | None, name: str | None, fingerprint: str | None) -> str:
    """'Name (R01)', or 'unknown signer (3F2A …)' for a certificate nobody on the roster holds."""
    if member_id:
        return f"{name or member_id} ({member_id})"
    if fingerprint:
        return f"unknown signer ({format_fingerprint(fingerprint)})"
    return "unknown signer"


def differing_fields(decisions: Iterable[Decision]) -> list[str]:
    """The compared fields on which the given decisions do not all agree."""
    ds = list(decisions)
    out = []
    for name in COMPARED_FIELDS:
        values = {_key(getattr(d, name)) for d in ds}
        if len(values) > 1:
            out.append(name)
    return out


def _key(value):
    return tuple(sorted(value)) if isinstance(value, tuple) else value


def case_status(reviews: Mapping[str, Decision | None], assigned: Iterable[str],
                adjudicated: bool) -> str:
    """awaiting / agreed / disagreement / adjudicated for one case.

    Reviews stay blind until every assigned reviewer has finalised (or
    recused): until then the case is awaiting reviews.
    """
    if adjudicated:
        return "adjudicated"
    for rid in assigned:
        d = reviews.get(rid)
        if d is None or d.status != "final":
            return "awaiting"
    decided = [d for d in reviews.values() if d is not None and not d.recused]
    if len(decided) < 1:
        return "awaiting"  # everyone recused: the case needs another reviewer
    if any(f in DECIDING_FIELDS for f in differing_fields(decided)):
        return "disagreement"
    return "agreed"

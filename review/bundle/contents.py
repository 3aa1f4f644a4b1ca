"""Bundles: what a coordinator sends a panel member (format in docs/formats.md).

``write_bundle`` signs and writes one; ``read_bundle`` verifies one
completely (signature, caps, hashes, then every case, document, reviewer and
assignment) and returns it only when all of it holds.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from review.bundle import format as fmt
from review.cases import ALLEGATION_TYPES, CATEGORIES, Case
from review.errors import BundleError, CaseDataError
from review.identity import Identity, format_fingerprint, normalise_fingerprint
from review.seal import Recipient


@dataclass(frozen=True)
class Reviewer:
    reviewer_id: str
    name: str
    fingerprint: str | None = None  # pinned certificate, when known
    conflicts: tuple[str, ...] = ()  # subject ids or case ids
    certificate: str | None = None  # PEM: what a bundle is sealed for

    def to_json(self) -> dict[str, Any]:
        out = {"reviewer_id": self.reviewer_id, "name": self.name,
               "fingerprint": self.fingerprint, "conflicts": list(self.conflicts)}
        if self.certificate is not None:  # absent from rosters made before sealing
            out["certificate"] = self.certificate
        return out


@dataclass(frozen=True)
class LinkedCase:
    """Another case of the same subject that is not in this bundle.

    Enough to see the subject's pattern (when, what, the Met's category),
    never the case's narrative.  Bundles made before the date and the
    allegations were carried have None for both: "not recorded".
    """

    case_id: str
    subject_id: str
    met_category: str
    conduct_date: str | None = None            # YYYY-MM-DD
    allegation_types: tuple[str, ...] | None = None

    @classmethod
    def of(cls, case: Case) -> "LinkedCase":
        return cls(case.case_id, case.subject_id, case.met_category,
                   case.conduct_date.isoformat(), tuple(case.allegation_types))

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"case_id": self.case_id, "subject_id": self.subject_id,
                               "met_category": self.met_category}
        if self.conduct_date is not None:
            out["conduct_date"] = self.conduct_date
        if self.allegation_types is not None:
            out["allegation_types"] = list(self.allegation_types)
        return out

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> "LinkedCase":
        """Raises BundleError naming the linked case and the field that is wrong."""
        case_id = str(d["case_id"])
        met, date, allegations = d["met_category"], d.get("conduct_date"), \
            d.get("allegation_types")
        if met not in CATEGORIES:
            raise BundleError(f"Linked case {case_id} has the unknown Met category {met!r}.")
        if date is not None:
            try:
                ok = isinstance(date, str) and dt.date.fromisoformat(date).isoformat() == date
            except ValueError:
                ok = False
            if not ok:
                raise BundleError(f"Linked case {case_id} has the conduct date {date!r}, "
                                  "which is not a date (YYYY-MM-DD).")
        if allegations is not None:
            if not isinstance(allegations, list) or not allegations or \
                    any(a not in ALLEGATION_TYPES for a in allegations):
                raise BundleError(f"Linked case {case_id} has the allegation types "
                                  f"{allegations!r}; expected a list of "
                                  f"{', '.join(ALLEGATION_TYPES)}.")
            allegations = tuple(allegations)
        return cls(case_id, str(d["subject_id"]), met, date, allegations)


@dataclass
class BundleContents:
    """Everything a bundle carries, before signing or after verifying."""

    bundle_id: str
    title: str
    created_at: str
    cases: list[Case]
    documents: dict[str, bytes]            # by filename
    roster: list[Reviewer]
    assignments: list[tuple[str, str]]     # (case_id, reviewer_id)
    member_id: str | None = None           # whose bundle this is
    demo: bool = False
    linked: list[LinkedCase] = field(default_factory=list)
    # The Met's category and rationale stay hidden from the member until they
    # have chosen their own category for the case (against anchoring).
    anchoring_guard: bool = False
    # Rows of the case list left out for their errors (panel bundle only):
    # {"row", "case_id", "kinds"}
    left_out: list[dict[str, Any]] = field(default_factory=list)
    # Panel bundle only: reviewer id → digest of the bundle written for that member,
    # so that the merge can tell the bundle an export was made from is the one sent.
    member_bundles: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Bundle:
    contents: BundleContents
    signer_name: str
    signer_fingerprint: str
    digest: str
    cert_pem: bytes
    sealed: bool = False      # sealed for named people
    demo_key: bool = False    # sealed only to the public DEMO key: readable by anyone

    def counts(self) -> dict[str, Any]:
        return counts_of(self.contents)

    def describe(self) -> list[str]:
        """Lines for people: what ``bundle verify`` prints."""
        c = self.contents
        n = self.counts()
        by_cat = " / ".join(f"{n['by_category'][k]:,} {v.lower()}" for k, v in CATEGORIES.items())
        member = next((r for r in c.roster if r.reviewer_id == c.member_id), None)
        return [
            f"Bundle:       {c.title}" + ("  [DEMO - synthetic cases]" if c.demo else ""),
            f"Bundle id:    {c.bundle_id}",
            f"Created:      {c.created_at}",
            f"Signed by:    {self.signer_name}",
            f"Fingerprint:  {format_fingerprint(self.signer_fingerprint)}",
            f"For member:   {member.name + ' (' + member.reviewer_id + ')' if member else 'the whole panel'}",
            f"Cases:        {n['cases']:,} ({by_cat})",
            f"Documents:    {n['documents']:,}",
            f"Reviewers:    {n['reviewers']:,}; assignments: {n['assignments']:,}",
            "Anchoring:    " + ("the Met's category is hidden until the member chooses one"
                                if c.anchoring_guard else "the Met's category is shown at once"),
        ]


def counts_of(c: BundleContents) -> dict[str, Any]:
    cats = Counter(case.met_category for case in c.cases)
    return {"cases": len(c.cases), "by_category": {k: cats.get(k, 0) for k in CATEGORIES},
            "documents": len(c.documents), "reviewers": len(c.roster),
            "assignments": len(c.assignments)}


def _dumps(value: Any) -> bytes:
    # Compact: with an indent, json encodes in Python, several times slower than its C
    # encoder (at 100,000 cases, most of bundle create's time).
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def _cases_json(c: BundleContents, encoded: dict[int, tuple[Any, bytes]]) -> bytes:
    """``_dumps({"cases": ..., "linked": ...})`` byte for byte (compact, "cases" sorts first),
    each case encoded once into ``encoded`` however many bundles hold it."""
    parts = [b'{"cases":[']
    for items, end in ((c.cases, b'],"linked":['), (c.linked, b"]}")):
        for x in items:
            hit = encoded.get(id(x))
            if hit is None or hit[0] is not x:     # the object is kept, so its id stays its own
                hit = encoded[id(x)] = (x, _dumps(x.to_json()))
            parts += (hit[1], b",")
        if items:
            parts.pop()
        parts.append(end)
    return b"".join(parts)       # one copy: at 100,000 cases panel.prb's is ~200 MB


def write_bundle(path: Path, contents: BundleContents, identity: Identity,
                 recipients: list[Recipient] | None = None,
                 seal_keys: dict[str, Any] | None = None,
                 encoded: dict[int, tuple[Any, bytes]] | None = None) -> str:
    """Check, sign and write ``contents`` (sealed for ``recipients`` when given);
    returns the bundle digest.  Bundles written with the same ``encoded`` (a dict the
    caller keeps) share each case's JSON: bundle create writes every case into two
    members' bundles and panel.prb."""
    _check_contents(contents)
    c = contents
    entries = {
        "cases.json": _cases_json(c, {} if encoded is None else encoded),
        "roster.json": _dumps({"reviewers": [r.to_json() for r in c.roster]}),
        "assignments.json": _dumps({"assignments": [{"case_id": a, "reviewer_id": b}
                                                    for a, b in c.assignments]}),
    }
    for name, data in c.documents.items():
        entries["documents/" + name] = data
    manifest = {"bundle_id": c.bundle_id, "title": c.title, "created_at": c.created_at,
                "member_id": c.member_id, "demo": c.demo, "counts": counts_of(c),
                "anchoring_guard": c.anchoring_guard}
    if c.left_out:
        manifest["left_out"] = c.left_out
    if c.member_bundles:
        manifest["member_bundles"] = dict(sorted(c.member_bundles.items()))
    return fmt.pack(Path(path), identity, manifest, entries, recipients, seal_keys)


def read_bundle(path: Path, expected_signer: str | None = None, reader: Identity | None = None,
                reader_label: str | None = None) -> Bundle:
    """Verify and read a bundle (a sealed one with ``reader``, the identity it is for).

    ``expected_signer`` is the coordinator's certificate fingerprint when the
    reader knows it (pinned in a workspace, or given on the command line).
    """
    raw = fmt.unpack(Path(path), reader, reader_label)
    if expected_signer is not None and raw.signer_fingerprint != normalise_fingerprint(expected_signer):
        raise BundleError(
            f"The bundle is signed by {raw.signer_name} "
            f"({format_fingerprint(raw.signer_fingerprint)}), not by the coordinator expected "
            f"({format_fingerprint(normalise_fingerprint(expected_signer))}). Do not use it; "
            "ask the coordinator."
        )
    contents = _parse_contents(raw)
    _check_contents(contents)
    if raw.manifest.get("counts") != counts_of(contents):
        raise BundleError("The bundle's counts do not match what it contains.")
    return Bundle(contents, raw.signer_name, raw.signer_fingerprint, raw.digest, raw.cert_pem,
                  raw.sealed, raw.demo_key)


def _load(raw: fmt.RawBundle, name: str, key: str) -> list:
    try:
        value = json.loads(raw.entries[name].decode("utf-8"))[key]
    except (ValueError, UnicodeError, KeyError, TypeError):
        raise BundleError(f"The bundle's {name} is not in the expected form.") from None
    if not isinstance(value, list):
        raise BundleError(f"The bundle's {name} is not in the expected form.")
    return value


def _parse_contents(raw: fmt.RawBundle) -> BundleContents:
    m = raw.manifest
    try:
        cases = [Case.from_json(d) for d in _load(raw, "cases.json", "cases")]
        linked = [LinkedCase.from_json(d) for d in _load(raw, "cases.json", "linked")]
        roster = [Reviewer(str(d["reviewer_id"]), str(d["name"]), d.get("fingerprint"),
                           tuple(d.get("conflicts") or ()),
                           None if d.get("certificate") is None else str(d["certificate"]))
                  for d in _load(raw, "roster.json", "reviewers")]
        assignments = [(str(d["case_id"]), str(d["reviewer_id"]))
                       for d in _load(raw, "assignments.json", "assignments")]
    except CaseDataError as exc:
        raise BundleError(f"The bundle holds a case that cannot be used: {exc}") from None
    except (KeyError, TypeError, AttributeError):
        raise BundleError("The bundle's roster, assignments or linked cases are incomplete.") from None
    docs = {name.removeprefix("documents/"): data for name, data in raw.entries.items()
            if name.startswith("documents/")}
    fields = (m.get("bundle_id"), m.get("title"), m.get("created_at"))
    if not all(isinstance(x, str) and x for x in fields):
        raise BundleError("The bundle's manifest has no id, title or creation time.")
    guard = m.get("anchoring_guard", False)  # absent (older bundles): off
    if not isinstance(guard, bool):
        raise BundleError("The bundle's manifest has an anchoring_guard that is not true or false.")
    return BundleContents(m["bundle_id"], m["title"], m["created_at"], cases, docs, roster,
                          assignments, m.get("member_id"), bool(m.get("demo")), linked, guard,
                          member_bundles=_member_bundles(m))


def _member_bundles(m: dict) -> dict[str, str]:
    """The manifest's reviewer id → member bundle digest (absent in older panel bundles)."""
    value = m.get("member_bundles", {})
    if not isinstance(value, dict) or not all(
            isinstance(k, str) and isinstance(v, str) and len(v) == 64
            and all(ch in "0123456789abcdef" for ch in v) for k, v in value.items()):
        raise BundleError("The bundle's manifest lists member bundles that are not reviewer ids "
                          "with SHA-256 digests.")
    return dict(value)


def _check_contents(c: BundleContents) -> None:
    """Cross-references that must hold; raises BundleError naming the first that fails."""
    ids = Counter(case.case_id for case in c.cases)
    dup = [k for k, v in ids.items() if v > 1]
    if dup:
        raise BundleError(f"The bundle lists case {dup[0]} more than once.")
    wanted = {d.filename: case.case_id for case in c.cases for d in case.documents}
    for name in sorted(set(wanted) - set(c.documents)):
        raise BundleError(f"Case {wanted[name]} refers to the document {name}, which is missing.")
    for name in sorted(set(c.documents) - set(wanted)):
        raise BundleError(f"The bundle holds the document {name}, which belongs to no case.")
    reviewers = Counter(r.reviewer_id for r in c.roster)
    if not reviewers or any(v > 1 for v in reviewers.values()):
        raise BundleError("The bundle's roster is empty or names a reviewer twice.")
    if c.member_id is not None and c.member_id not in reviewers:
        raise BundleError(f"The bundle is for member {c.member_id}, who is not on its roster.")
    if c.member_bundles and (c.member_id is not None or set(c.member_bundles) != set(reviewers)):
        raise BundleError("The bundle lists member bundles that do not match its roster.")
    for case_id, reviewer_id in c.assignments:
        if case_id not in ids:
            raise BundleError(f"An assignment refers to case {case_id}, which is not in the bundle.")
        if reviewer_id not in reviewers:
            raise BundleError(f"Case {case_id} is assigned to {reviewer_id}, who is not on the roster.")
    if len(set(c.assignments)) != len(c.assignments):
        raise BundleError("The bundle repeats an assignment.")

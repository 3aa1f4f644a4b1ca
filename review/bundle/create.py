"""``bundle create``: a case list, a roster and a documents folder become signed bundles.

Everything is checked before anything is written: the case list
(:mod:`review.intake.parse`), the roster (:mod:`review.bundle.roster`), the
documents folder, the output folder, then the assignment.  Any problem
stops the run with every problem listed (:class:`CaseListError`); the
output folder is then neither created nor touched.

Documents folder: see :mod:`review.bundle.documents`.

Output folder (new, or empty)
-----------------------------

``<reviewer id>.prb``  one bundle per member: only the cases assigned to
                       them, their documents, the roster (other members'
                       conflicts left out), their own assignments, and the
                       other cases of the same subjects as id and category
``panel.prb``          the whole panel (member null): every case, document
                       and assignment and the full roster; the coordinator's
                       workspace is opened from it
``assignments.csv``    ``case_id,reviewer_id``, one line per assignment
``panel.json``         bundle id, title, creation time, coordinator, the
                       roster with fingerprints, and each bundle's digest

The files are written into a temporary folder beside the output folder,
each bundle is read back and verified, and the folder is then renamed into
place, so the output folder appears complete or not at all.  Reading back
checks every bundle's bytes on disk (unsealed, signature, every entry's
digest, the counts); the first member's bundle is also decoded into cases,
as their workspace would.
"""

from __future__ import annotations

import csv
import datetime as dt
import gc
import hashlib
import io
import json
import os
import shutil
import uuid
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable, Mapping

from review.bundle import format as bundle_format
from review.bundle.assign import assign
from review.atomic import atomic_write_bytes, temp_path
from review.storage import guarded_write
from review.bundle.contents import (BundleContents, LinkedCase, Reviewer, counts_of,
                                   read_bundle, write_bundle)
from review.bundle.documents import (BadDocument, DocumentFile, attach_documents, check_document,
                                   scan_documents)
from review.intake.cells import CaseListError, Problem, ProblemList, SheetRows
from review.intake.parse import parse_cases
from review.cases import CATEGORIES, Case
from review.errors import BundleError, PanelReviewError
from review.identity import Identity, cert_from_pem
from review.seal import Recipient
from review.bundle.roster import parse_roster

# A bundle must stay readable: room under the reader's 1 GiB cap for the JSON entries.
MAX_BUNDLE_DOCUMENT_BYTES = bundle_format.MAX_BUNDLE_BYTES - (64 << 20)
NOTHING_WRITTEN = "Nothing was written: correct these and run bundle create again."
PANEL_FILE, PANEL_BUNDLE, ASSIGNMENTS_FILE = "panel.json", "panel.prb", "assignments.csv"
PANEL_FORMAT, PANEL_VERSION = "panel-review-panel", 1
PLAIN_BUNDLES_WARNING = ("Warning: these bundles are not sealed; anyone who gets one (by email, "
                         "on a USB stick) can read every case in it.")


# -- the plan: everything checked, nothing written ---------------------------
@dataclass
class BundlePlan:
    cases: list[Case]
    roster: list[Reviewer]
    assignments: list[tuple[str, str]]     # (case id, reviewer id), in case-list order
    documents: dict[str, DocumentFile]     # by bundle file name
    per_case: int
    seed: int
    sources: dict[str, str]                # what was read: role -> file name
    warnings: list[Problem] = field(default_factory=list)
    left_out: list[dict[str, Any]] = field(default_factory=list)   # rows of the case list
    notes: list[str] = field(default_factory=list)     # rows combined, rows left out

    def cases_of(self, reviewer_id: str) -> list[Case]:
        mine = {cid for cid, rid in self.assignments if rid == reviewer_id}
        return [c for c in self.cases if c.case_id in mine]

    def loads(self) -> dict[str, int]:
        counts = Counter(rid for _, rid in self.assignments)
        return {r.reviewer_id: counts.get(r.reviewer_id, 0) for r in self.roster}


def plan_bundles(cases: SheetRows, roster: SheetRows, *, roster_dir: Path,
                 documents_dir: Path | None = None, per_case: int = 2, seed: int = 0,
                 mapping: Mapping[str, Any] | None = None, mapping_source: str = "mapping file",
                 out_dir: Path | None = None, title: str | None = None,
                 leave_out: bool = False) -> BundlePlan:
    """Check every input and assign the cases; raises CaseListError listing every problem,
    or AssignmentError when the cases cannot be assigned as asked.

    With ``leave_out``, rows of the case list with errors are left out (and
    listed) instead of stopping the run; problems of the list as a whole, of
    the roster and of the documents still stop it.
    """
    problems = ProblemList()
    imported = parse_cases(cases, mapping, mapping_source=mapping_source, leave_out=leave_out)
    if leave_out and imported.cases:
        problems.warnings.extend(imported.problems.items)   # now listed, and left out
        problems.warnings.extend(imported.problems.warnings)
        kept = {c.case_id.casefold() for c in imported.cases}
        case_ids = {k: v for k, v in imported.case_ids.items() if k in kept}
    else:
        problems.merge(imported.problems)
        case_ids = imported.case_ids
    found: dict[str, list[DocumentFile]] = {}
    if documents_dir is not None:
        # Documents of rows left out stay out with them: they belong to a case of the list.
        found, doc_problems = scan_documents(Path(documents_dir), imported.case_ids)
        problems.merge(doc_problems)
    reviewers, roster_problems = parse_roster(roster, base_dir=Path(roster_dir),
                                              case_ids=case_ids,
                                              subject_ids=imported.subject_ids)
    problems.merge(roster_problems)
    if out_dir is not None:
        problems.extend(check_out_dir(Path(out_dir)))
    if title is not None:
        problems.extend(_check_title(title))
    problems.raise_if_any(NOTHING_WRITTEN)
    all_cases, files = attach_documents(imported.cases, found)
    pairs = assign([(c.case_id, c.subject_id) for c in all_cases],
                   [r.reviewer_id for r in reviewers], per_case, seed=seed,
                   conflicts={r.reviewer_id: r.conflicts for r in reviewers})
    plan = BundlePlan(all_cases, reviewers, pairs, files, per_case, seed,
                      {"cases": cases.source, "roster": roster.source},
                      warnings=problems.everything(), left_out=imported.left_out,
                      notes=imported.describe())
    _check_sizes(plan, Path(documents_dir) if documents_dir else None)
    return plan


def check_out_dir(out_dir: Path) -> list[Problem]:
    if out_dir.exists() and not out_dir.is_dir():
        return [Problem(str(out_dir), None, None, "The output must be a folder, and this is a file.")]
    if out_dir.is_dir() and any(out_dir.iterdir()):
        return [Problem(str(out_dir), None, None, "The output folder is not empty; choose a new "
                        "or empty folder so that no earlier bundle is mixed with these.")]
    return []


def _check_title(title: str) -> list[Problem]:
    if not title.strip() or len(title) > 200 or not title.isprintable():
        return [Problem("--title", None, None, "The title must be one line of 1 to 200 "
                        "printable characters.")]
    return []


def _check_sizes(plan: BundlePlan, documents_dir: Path | None) -> None:
    loads: dict[str | None, int] = {None: sum(d.size for d in plan.documents.values())}
    by_case: dict[str, int] = {}
    for d in plan.documents.values():
        by_case[d.case_id] = by_case.get(d.case_id, 0) + d.size
    for cid, rid in plan.assignments:
        loads[rid] = loads.get(rid, 0) + by_case.get(cid, 0)
    over = [(rid, size) for rid, size in loads.items() if size > MAX_BUNDLE_DOCUMENT_BYTES]
    if over:
        where = str(documents_dir) if documents_dir else "documents"
        raise CaseListError([Problem(where, None, None, (
            f"The documents of {'the whole panel' if rid is None else rid} come to "
            f"{size / (1 << 30):.1f} GiB; a bundle may carry up to "
            f"{MAX_BUNDLE_DOCUMENT_BYTES / (1 << 30):.1f} GiB. Make the documents smaller "
            "(for example, scan at a lower resolution)."))
            for rid, size in over], footer=NOTHING_WRITTEN)


# -- writing -----------------------------------------------------------------
def no_certificate(reviewer_id: str) -> str:
    """Why a member's bundle cannot be sealed, and how to put it right (also shown by the
    new-panel window)."""
    return (f"The reviewer {reviewer_id} has no certificate, so their bundle cannot be sealed "
            "for them: ask them to run 'panel-review identity show --export-certificate "
            "FILE' on their identity folder and name that file in the roster's Certificate "
            "column.")


@dataclass(frozen=True)
class CreateResult:
    out_dir: Path
    bundle_id: str
    title: str
    created_at: str
    member_bundles: dict[str, Path]        # reviewer id -> bundle file
    panel_bundle: Path
    digests: dict[str | None, str]         # reviewer id (None: panel.prb) -> bundle digest
    assignments: list[tuple[str, str]]
    loads: dict[str, int]                  # reviewer id -> cases assigned
    cases: int
    documents: int
    warnings: tuple[Problem, ...] = ()
    notes: tuple[str, ...] = ()
    sealed: bool = False                   # each member's bundle sealed for them (and you)

    def describe(self) -> list[str]:
        """Lines for people: what ``bundle create`` prints."""
        lines = [f"Created {len(self.member_bundles)} member bundle"
                 f"{'s' if len(self.member_bundles) != 1 else ''} and the panel bundle in "
                 f"{self.out_dir}",
                 f"Bundle:     {self.title}",
                 f"Bundle id:  {self.bundle_id}",
                 f"Cases:      {self.cases:,}; documents: {self.documents:,}; "
                 f"assignments: {len(self.assignments):,}"]
        for rid, path in self.member_bundles.items():
            lines.append(f"  {path.name:<20} {self.loads.get(rid, 0):>6,} cases")
        lines.append(f"  {self.panel_bundle.name:<20} {self.cases:>6,} cases (the coordinator's)")
        if self.sealed:
            lines.append("Each member's bundle is sealed for that member and you.")
        return lines


def write_bundles(plan: BundlePlan, identity: Identity | Callable[[], Identity], out_dir: Path,
                  *, title: str | None = None, bundle_id: str | None = None,
                  created_at: str | None = None, anchoring_guard: bool = True,
                  demo: bool = False, seal: bool = False,
                  progress: Callable[[int, int], None] | None = None) -> CreateResult:
    """Sign and write the planned bundles; the output folder appears complete or not at all.

    With ``seal`` each member's bundle is sealed for that member and the
    coordinator (review/seal.py).  ``progress(done, total)`` is called before each
    bundle; an exception it raises (the person cancelled) stops the run, and what was
    written so far is removed.

    ``anchoring_guard`` (on unless the coordinator turns it off) hides the
    Met's category from each member until they have chosen their own.

    ``identity`` may be a function that unlocks the coordinator's identity:
    it is called only now, after every input has been checked.
    """
    out_dir = Path(out_dir)
    problems = check_out_dir(out_dir)
    if seal:
        problems += [Problem(plan.sources.get("roster", "roster"), None, None,
                             no_certificate(r.reviewer_id))
                     for r in plan.roster if not r.certificate]
    if problems:
        raise CaseListError(problems, footer=NOTHING_WRITTEN)
    signer = identity() if callable(identity) else identity
    bundle_id = bundle_id or uuid.uuid4().hex
    created_at = created_at or dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    title = (title or "").strip() or f"Panel reassessment - {len(plan.cases):,} cases"
    with guarded_write("no bundle was written", out_dir):
        return _write_all(plan, signer, out_dir, bundle_id, title, created_at, anchoring_guard,
                          demo, progress, seal)


def _write_all(plan: BundlePlan, signer: Identity, out_dir: Path, bundle_id: str, title: str,
               created_at: str, anchoring_guard: bool, demo: bool,
               progress: Callable[[int, int], None] | None, seal: bool) -> CreateResult:
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = temp_path(out_dir.parent, f"-{out_dir.name}")
    tmp.mkdir(mode=0o700)
    collecting = gc.isenabled()
    try:
        # Millions of objects (each case's JSON, written and read back), none in a cycle: the
        # cycle collector would walk them again and again (at 100,000 cases, half the time).
        gc.disable()
        digests: dict[str | None, str] = {}
        encoded: dict = {}          # each case's JSON, made once for all the bundles holding it
        shares = _member_shares(plan)
        for done, member in enumerate(plan.roster):
            if progress is not None:
                progress(done, len(plan.roster) + 1)
            digests[member.reviewer_id] = _write_member(plan, member, tmp, signer, bundle_id,
                                                        title, created_at, anchoring_guard, demo,
                                                        shares[member.reviewer_id], seal,
                                                        done == 0, encoded)
        if progress is not None:
            progress(len(plan.roster), len(plan.roster) + 1)
        everything = BundleContents(
            bundle_id=bundle_id, title=title, created_at=created_at, cases=plan.cases,
            documents=_read_documents(plan, plan.cases), roster=plan.roster,
            assignments=plan.assignments, member_id=None, anchoring_guard=anchoring_guard,
            left_out=plan.left_out, demo=demo,
            member_bundles={rid: d for rid, d in digests.items() if rid is not None})
        # panel.prb stays plain signed: it never leaves the coordinator, and
        # merge and the coordinator workspace read it as it is.
        digests[None] = _write_checked(tmp / PANEL_BUNDLE, everything, signer, None, False,
                                       encoded)
        atomic_write_bytes(tmp / ASSIGNMENTS_FILE, _assignments_csv(plan.assignments))
        atomic_write_bytes(tmp / PANEL_FILE, _panel_json(plan, signer, bundle_id, title,
                                                         created_at, digests, tmp))
        if out_dir.is_dir():
            out_dir.rmdir()             # empty (checked above): rename needs it gone
        os.rename(tmp, out_dir)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    finally:
        if collecting:
            gc.enable()
    return CreateResult(out_dir, bundle_id, title, created_at,
                        {r.reviewer_id: out_dir / f"{r.reviewer_id}.prb" for r in plan.roster},
                        out_dir / PANEL_BUNDLE, digests, plan.assignments, plan.loads(),
                        len(plan.cases), len(plan.documents), tuple(plan.warnings),
                        tuple(plan.notes), seal)


@dataclass
class _Share:
    """One member's part of the plan, in case-list order."""
    cases: list[Case]
    assignments: list[tuple[str, str]]
    linked: list[LinkedCase]


def _member_shares(plan: BundlePlan) -> dict[str, _Share]:
    """Every member's cases, assignments and other cases of their subjects (linked), from
    one pass over the plan (at 100,000 cases, a pass per member cost seconds)."""
    shares = {r.reviewer_id: _Share([], [], []) for r in plan.roster}
    at = {c.case_id: i for i, c in enumerate(plan.cases)}
    mine: dict[str, list[int]] = {rid: [] for rid in shares}
    for cid, rid in plan.assignments:
        shares[rid].assignments.append((cid, rid))
        mine[rid].append(at[cid])
    by_subject: dict[str, list[int]] = {}
    for i, c in enumerate(plan.cases):
        by_subject.setdefault(c.subject_id, []).append(i)
    linked: dict[int, LinkedCase] = {}
    for rid, share in shares.items():
        own = sorted(set(mine[rid]))
        share.cases = [plan.cases[i] for i in own]
        others = {i for j in own for i in by_subject[plan.cases[j].subject_id]}
        for i in sorted(others.difference(own)):
            if i not in linked:
                linked[i] = LinkedCase.of(plan.cases[i])
            share.linked.append(linked[i])
    return shares


def _write_member(plan: BundlePlan, member: Reviewer, folder: Path, signer: Identity,
                  bundle_id: str, title: str, created_at: str, anchoring_guard: bool,
                  demo: bool, share: _Share, seal: bool = False, decode: bool = True,
                  encoded: dict | None = None) -> str:
    contents = BundleContents(
        bundle_id=bundle_id, title=title, created_at=created_at, cases=share.cases,
        documents=_read_documents(plan, share.cases),
        # Members see who is on the panel, but only their own declared conflicts.
        roster=[r if r.reviewer_id == member.reviewer_id else replace(r, conflicts=())
                for r in plan.roster],
        assignments=share.assignments, member_id=member.reviewer_id, linked=share.linked,
        anchoring_guard=anchoring_guard, demo=demo)
    recipients = None
    if seal:  # the coordinator too, so that they can reopen what they sent
        recipients = [Recipient(f"{member.reviewer_id}, {member.name}",
                                cert_from_pem(member.certificate.encode("ascii"))), _own(signer)]
    return _write_checked(folder / f"{member.reviewer_id}.prb", contents, signer, recipients,
                          decode, encoded)


def _own(signer: Identity) -> Recipient:
    return Recipient(f"the coordinator, {signer.name}", signer.certificate)


def _write_checked(path: Path, contents: BundleContents, signer: Identity,
                   recipients: list[Recipient] | None = None, decode: bool = True,
                   encoded: dict | None = None) -> str:
    """Write a bundle and read it back from the disk: only a bundle that verifies is kept.

    Every bundle is unsealed, its signature checked and each entry checked against the
    digest the manifest signs, which proves the file holds exactly the bytes encoded;
    with ``decode`` its JSON is also decoded into cases and checked as a member's
    workspace would.  Decoding every bundle only re-checks the one encoder that wrote
    them all (each case's JSON is made once and the same bytes go into every bundle that
    holds it; at 100,000 cases decoding was a third of bundle create), so the caller
    decodes one member's bundle.
    """
    sealed_for = {"recipients": recipients} if recipients else {}
    digest = write_bundle(path, contents, signer, encoded=encoded, **sealed_for)
    try:
        if decode:
            back = read_bundle(path, signer.fingerprint, reader=signer)
            same = back.digest == digest and len(back.contents.cases) == len(contents.cases)
        else:
            raw = bundle_format.unpack(path, signer)
            same = (raw.digest == digest and raw.signer_fingerprint == signer.fingerprint
                    and raw.manifest.get("counts") == counts_of(contents))
    except PanelReviewError as exc:
        raise BundleError(f"The bundle {path.name} did not verify after it was written ({exc}); "
                          "nothing was written. Please report this.") from None
    if not same:
        raise BundleError(f"The bundle {path.name} did not read back as written; nothing was "
                          "written. Please report this.")
    return digest


def _read_documents(plan: BundlePlan, cases: list[Case]) -> dict[str, bytes]:
    """The documents of ``cases``, read now and checked again (they may have changed)."""
    out = {}
    for case in cases:
        for ref in case.documents:
            doc = plan.documents[ref.filename]
            try:
                data = doc.path.read_bytes()
                size, kind = check_document(doc.path, data)
            except OSError as exc:
                raise CaseListError([Problem(doc.relative, None, None, (
                    f"The document vanished or cannot be read any more ({exc.strerror}).")
                    )], footer=NOTHING_WRITTEN) from None
            except BadDocument as exc:
                raise CaseListError([Problem(doc.relative, None, None, (
                    f"The document changed while the bundles were being made: it {exc}"))],
                    footer=NOTHING_WRITTEN) from None
            if size != doc.size or kind != doc.kind:
                raise CaseListError([Problem(doc.relative, None, None, (
                    "The document changed while the bundles were being made."))],
                    footer=NOTHING_WRITTEN)
            out[ref.filename] = data
    return out


def _assignments_csv(pairs: list[tuple[str, str]]) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["case_id", "reviewer_id"])
    writer.writerows(pairs)
    return buf.getvalue().encode("utf-8")


def _panel_json(plan: BundlePlan, signer: Identity, bundle_id: str, title: str,
                created_at: str, digests: Mapping[str | None, str], folder: Path) -> bytes:
    def file_sha256(name: str) -> str:
        h = hashlib.sha256()
        with open(folder / name, "rb") as f:
            for chunk in iter(lambda: f.read(1 << 20), b""):
                h.update(chunk)
        return h.hexdigest()

    loads = plan.loads()
    cats = Counter(c.met_category for c in plan.cases)
    panel = {
        "format": PANEL_FORMAT, "version": PANEL_VERSION,
        "bundle_id": bundle_id, "title": title, "created_at": created_at,
        "coordinator": {"name": signer.name, "fingerprint": signer.fingerprint},
        "per_case": plan.per_case, "seed": plan.seed, "sources": plan.sources,
        "counts": {"cases": len(plan.cases), "by_category": {k: cats.get(k, 0) for k in CATEGORIES},
                   "documents": len(plan.documents), "reviewers": len(plan.roster),
                   "assignments": len(plan.assignments)},
        "panel_bundle": {"file": PANEL_BUNDLE, "digest": digests[None],
                         "file_sha256": file_sha256(PANEL_BUNDLE)},
        "assignments_file": {"file": ASSIGNMENTS_FILE, "file_sha256": file_sha256(ASSIGNMENTS_FILE)},
        "members": [{**r.to_json(), "cases": loads[r.reviewer_id],
                     "bundle": f"{r.reviewer_id}.prb", "digest": digests[r.reviewer_id],
                     "file_sha256": file_sha256(f"{r.reviewer_id}.prb")} for r in plan.roster],
    }
    return (json.dumps(panel, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def create_bundles(cases: SheetRows, roster: SheetRows, *, roster_dir: Path,
                   identity: Identity | Callable[[], Identity], out_dir: Path,
                   documents_dir: Path | None = None, per_case: int = 2, seed: int = 0,
                   mapping: Mapping[str, Any] | None = None, mapping_source: str = "mapping file",
                   title: str | None = None, bundle_id: str | None = None,
                   created_at: str | None = None, anchoring_guard: bool = True,
                   leave_out: bool = False, demo: bool = False, seal: bool = False) -> CreateResult:
    """The whole ``bundle create``: check everything, assign, sign, write.

    ``demo`` marks every bundle as synthetic (the rehearsal's), so that every output made
    from them says so."""
    plan = plan_bundles(cases, roster, roster_dir=roster_dir, documents_dir=documents_dir,
                        per_case=per_case, seed=seed, mapping=mapping,
                        mapping_source=mapping_source, out_dir=out_dir, title=title,
                        leave_out=leave_out)
    return write_bundles(plan, identity, out_dir, title=title, bundle_id=bundle_id,
                         created_at=created_at, anchoring_guard=anchoring_guard, demo=demo,
                         seal=seal)

"""Synthetic coordinator data for the Coordinator-mode tests and screenshots.

``build_panel`` writes a whole-panel bundle (member_id None, pinned roster,
every assignment) the way ``tests/review/panel/test_workspace.py`` does;
``member_exports`` makes each member's verified export (``MemberExport``)
with a controlled share of disagreements, so tests need no Excel files.
The tests at the bottom check the builder itself.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass
from pathlib import Path

from review.bundle.assign import assign
from review.bundle.contents import BundleContents, Reviewer, write_bundle
from review.cases import Case
from review.decisions import Decision, actions_for
from review.demo.data import generate_cases, generate_documents
from review.identity import Identity
from review.panel.ancestry import History
from review.panel.merge import MemberExport

BUNDLE_ID = "panel-ui"
RATIONALES = [
    "The original investigation did not interview the neighbour who called the police, "
    "and the victim's account was never put to the officer.",
    "The Met's reassessment is sound: the evidence was reviewed at the time and the outcome "
    "was proportionate to what was alleged.",
    "The officer has two earlier reports of controlling behaviour; together they show a "
    "pattern that the original outcome did not weigh.",
    "Vetting should be reviewed because the allegations concern conduct towards a partner "
    "and the officer works with vulnerable people.",
]
NAMES = {"R01": "Dr Amira Hussain", "R02": "Prof. Jonathan Reed", "R03": "Helen Okafor KC"}


@dataclass
class Panel:
    bundle: Path
    members: dict[str, Identity]
    pairs: list[tuple[str, str]]
    cases: list[Case]
    coordinator: Identity


def build_panel(folder: Path, n_cases: int = 24, reviewers: int = 3, per_case: int = 2,
                seed: int = 4) -> Panel:
    data = generate_cases(n_cases, seed=seed)
    cases = [Case.from_json(d) for d in data]
    docs = {ref["filename"]: content for d in data for ref, content in generate_documents(d, 4)}
    ids = [f"R{i:02d}" for i in range(1, reviewers + 1)]
    members = {rid: Identity.generate(NAMES.get(rid, f"Reviewer {rid}")) for rid in ids}
    roster = [Reviewer(rid, ident.name, ident.fingerprint) for rid, ident in members.items()]
    pairs = assign([(c.case_id, c.subject_id) for c in cases], ids, per_case, seed=1)
    contents = BundleContents(BUNDLE_ID, "Met reassessment panel", "2026-01-01T00:00:00Z",
                              cases, docs, roster, pairs, member_id=None)
    path = Path(folder) / "panel.prb"
    coordinator = Identity.generate("Coordinator")
    write_bundle(path, contents, coordinator)
    return Panel(path, members, pairs, cases, coordinator)


def decision_for(case: Case, rid: str, *, disagree: bool, seed: int = 0) -> Decision:
    """A member's final decision; ``disagree`` gives reviewers different categories."""
    rng = random.Random(f"{case.case_id}-{rid if disagree else ''}-{seed}")
    cats = ["no_formal_action", "new_assessment", "formal_risk_management"]
    category = cats[(cats.index(case.met_category) + (int(rid[1:]) if disagree else 0)) % 3]
    offered = list(actions_for(case.regime, case.subject_role))
    actions = {"no_formal_action": ("no_further_action",),
               "new_assessment": ("further_inquiry",),
               "formal_risk_management": ("misconduct_proceedings", "vetting_review")}[category]
    actions = tuple(a for a in actions if a in offered)
    severity = "gross_misconduct" if "misconduct_proceedings" in actions else None
    concerns = tuple(sorted(rng.sample(["investigation_deficient", "repeat_subject",
                                        "victim_not_contacted"], rng.randint(0, 2))))
    return Decision(category=category, actions=actions, severity=severity, concerns=concerns,
                    rationale=rng.choice(RATIONALES), confidence=rng.choice(["medium", "high"]),
                    status="final")


def member_export(panel: Panel, rid: str, *, when: str = "2026-02-01T10:00:00.000Z",
                  disagree: set[str] = frozenset(), only: set[str] | None = None,
                  drafts: set[str] = frozenset(), extra_case: str | None = None,
                  signer: str | None = None, bundle_id: str = BUNDLE_ID,
                  source: str | None = None) -> MemberExport:
    by_id = {c.case_id: c for c in panel.cases}
    mine = [c for c, r in panel.pairs if r == rid and (only is None or c in only)]
    decisions = {}
    for cid in mine + ([extra_case] if extra_case else []):
        case = by_id.get(cid, panel.cases[0])
        d = decision_for(case, rid, disagree=cid in disagree)
        if cid in drafts:
            d = Decision(category=d.category, rationale=d.rationale, status="draft")
        decisions[cid] = d
    fp = panel.members[signer or rid].fingerprint
    name = source or f"{rid} decisions {when[:10]}.xlsx"
    digest = hashlib.sha256(f"{rid}{when}{sorted(disagree)}{only}{sorted(drafts)}{extra_case}"
                            f"{signer}{bundle_id}{name}".encode()).hexdigest()
    return MemberExport(name, digest, rid, panel.members[rid].name, fp, bundle_id, when,
                        decisions, coordinator_fingerprint=panel.coordinator.fingerprint,
                        bundle_digest=hashlib.sha256(rid.encode()).hexdigest(),
                        history=history_until(rid, when))


def history_until(rid: str, when: str) -> History:
    """A stand-in history that grows with ``when``: one member's later export extends
    their earlier one, as a real workspace's would (a version per hour since 2026)."""
    import datetime as dt
    hours = int((dt.datetime.fromisoformat(when.replace("Z", "+00:00"))
                   - dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)).total_seconds() // 3600)
    heads = tuple(hashlib.sha256(f"{rid}{i}".encode()).hexdigest() for i in range(hours))
    return History(hours, heads[-1] if heads else "", heads)


def test_builder_makes_a_panel_with_disagreements(tmp_path):
    from review.panel.workspace import CoordinatorWorkspace
    from tests.ui.ui_helpers import PASSPHRASE
    panel = build_panel(tmp_path, n_cases=9)
    ws = CoordinatorWorkspace.create(tmp_path / "c.prw", PASSPHRASE, panel.bundle)
    try:
        split = {panel.cases[0].case_id}
        for rid in panel.members:
            assert ws.import_export(member_export(panel, rid, disagree=split)).outcome == "accepted"
        status = {o.case_id: o.status for o in ws.overview()}
        assert status[panel.cases[0].case_id] == "disagreement"
        assert set(status.values()) == {"agreed", "disagreement"}
    finally:
        ws.close()

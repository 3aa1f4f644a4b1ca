"""Coordinator workspace: merge checks, supersession, blindness, adjudication."""

from __future__ import annotations

import hashlib
from dataclasses import replace

import pytest

from review.bundle.assign import assign
from review.bundle.contents import BundleContents, Reviewer, write_bundle
from review.cases import Case
from review.panel.workspace import CoordinatorWorkspace
from review.decisions import Decision
from review.demo.data import generate_cases, generate_documents
from review.errors import DecisionInvalid, WorkspaceError
from review.identity import Identity
from review.identity import format_fingerprint
from review.panel.ancestry import History
from review.panel.merge import MemberExport, signer_label
from tests.conftest import PASSPHRASE

# One coordinator for the module: the exports below record it as the signer of their bundle.
COORDINATOR = Identity.generate("Coordinator")
RATIONALE = "The original investigation did not interview the neighbour who called the police."


@pytest.fixture(scope="module")
def panel(tmp_path_factory):
    folder = tmp_path_factory.mktemp("panel")
    data = generate_cases(12, seed=4)
    cases = [Case.from_json(d) for d in data]
    docs = {ref["filename"]: content for d in data for ref, content in generate_documents(d, 4)}
    members = {rid: Identity.generate(f"Reviewer {rid}") for rid in ("R1", "R2", "R3")}
    roster = [Reviewer(rid, ident.name, ident.fingerprint) for rid, ident in members.items()]
    pairs = assign([(c.case_id, c.subject_id) for c in cases], list(members), 2, seed=1)
    coordinator = COORDINATOR
    contents = BundleContents("panel-1", "Test panel", "2026-01-01T00:00:00Z", cases, docs,
                              roster, pairs, member_id=None)
    write_bundle(folder / "panel.prb", contents, coordinator)
    return folder / "panel.prb", members, pairs


@pytest.fixture
def coord(panel, tmp_path):
    ws = CoordinatorWorkspace.create(tmp_path / "coord.prw", PASSPHRASE, panel[0])
    yield ws
    ws.close()


def export(members, pairs, rid, *, when="2026-02-01T10:00:00.000Z", category="new_assessment",
           bundle_id="panel-1", signer=None, extra_case=None, status="final",
           coordinator=None, history=History(0, "")):
    cases = [c for c, r in pairs if r == rid] + ([extra_case] if extra_case else [])
    decisions = {c: Decision(category=category, actions=("further_inquiry",), rationale=RATIONALE,
                             confidence="high", status=status) for c in cases}
    fp = members[signer or rid].fingerprint
    digest = hashlib.sha256(f"{rid}{when}{category}{bundle_id}{signer}{extra_case}{status}".encode()).hexdigest()
    return MemberExport(f"{rid}.xlsx", digest, rid, rid, fp, bundle_id, when, decisions,
                        coordinator_fingerprint=(coordinator or COORDINATOR).fingerprint,
                        bundle_digest=hashlib.sha256(rid.encode()).hexdigest(), history=history)


def chain(n: int) -> History:
    """A history of n versions: the head after each is a stand-in hash."""
    heads = tuple(hashlib.sha256(str(i).encode()).hexdigest() for i in range(1, n + 1))
    return History(n, heads[-1], heads)


def test_member_bundle_cannot_start_a_coordinator_workspace(small_bundle, tmp_path):
    with pytest.raises(WorkspaceError, match="member's bundle"):
        CoordinatorWorkspace.create(tmp_path / "c.prw", PASSPHRASE, small_bundle)
    assert list(tmp_path.iterdir()) == []


def test_accepts_pinned_members_and_reimport_is_a_no_op(coord, panel):
    _, members, pairs = panel
    first = coord.import_export(export(members, pairs, "R1"))
    assert first.outcome == "accepted"
    again = coord.import_export(export(members, pairs, "R1"))
    assert again.outcome == "already imported" and len(coord.imports()) == 1


@pytest.mark.parametrize("kwargs, reason", [
    ({"signer": "R2"}, "signed with the certificate pinned for R2"),
    ({"bundle_id": "panel-2"}, "another panel bundle"),
    ({"extra_case": "PR-0999"}, "not assigned to R1"),
])
def test_refusals_name_the_reason(coord, panel, kwargs, reason):
    _, members, pairs = panel
    out = coord.import_export(export(members, pairs, "R1", **kwargs))
    assert out.outcome == "refused" and reason in out.reason
    assert all(v is None for revs in coord.all_reviews().values() for v in revs.values())


def test_an_export_made_from_a_bundle_another_key_signed_is_refused_naming_both(coord, panel):
    _, members, pairs = panel
    forger = Identity.generate("Forger")
    out = coord.import_export(export(members, pairs, "R1", coordinator=forger))
    assert out.outcome == "refused"
    assert format_fingerprint(forger.fingerprint) in out.reason
    assert format_fingerprint(COORDINATOR.fingerprint) in out.reason
    assert "not by the panel's coordinator" in out.reason
    assert all(v is None for revs in coord.all_reviews().values() for v in revs.values())


@pytest.mark.parametrize("change, says", [
    ({"coordinator_fingerprint": ""}, "whose signer it does not record"),
    ({"bundle_digest": ""}, "does not record the SHA-256 digest"),
    ({"bundle_digest": "not a digest"}, "does not record the SHA-256 digest"),
])
def test_an_export_that_does_not_record_its_bundle_is_refused(coord, panel, change, says):
    _, members, pairs = panel
    out = coord.import_export(replace(export(members, pairs, "R1"), **change))
    assert out.outcome == "refused" and says in out.reason


def test_foreign_signer_refused(coord, panel):
    _, members, pairs = panel
    stranger = Identity.generate("Stranger")
    exp = replace(export(members, pairs, "R1"), fingerprint=stranger.fingerprint)
    out = coord.import_export(exp)
    assert out.outcome == "refused" and "not pinned for anyone" in out.reason


def test_refused_files_are_listed_under_the_verified_signer_never_the_claimed_member(coord, panel):
    _, members, pairs = panel
    stranger = Identity.generate("Stranger")
    # R2 signs a file claiming to be R1's; a stranger signs another claiming to be R1's.
    wrong = coord.import_export(export(members, pairs, "R1", signer="R2"))
    unknown = coord.import_export(replace(export(members, pairs, "R1", when="2026-02-02T10:00:00.000Z"),
                                          fingerprint=stranger.fingerprint))
    assert (wrong.member_id, unknown.member_id) == ("R2", None)
    assert unknown.fingerprint == stranger.fingerprint
    listed = [(i["member_id"], i["fingerprint"]) for i in coord.imports()]
    assert listed == [("R2", members["R2"].fingerprint), (None, stranger.fingerprint)]
    assert signer_label(None, None, stranger.fingerprint) == (
        f"unknown signer ({format_fingerprint(stranger.fingerprint)})")
    assert signer_label("R2", "Reviewer R2", None) == "Reviewer R2 (R2)"
    assert signer_label(None, None, None) == "unknown signer"


def test_newer_export_supersedes_and_both_stay_in_history(coord, panel):
    _, members, pairs = panel
    old = export(members, pairs, "R1", when="2026-02-01T10:00:00.000Z", category="new_assessment",
                 history=chain(2))
    new = export(members, pairs, "R1", when="2026-02-03T10:00:00.000Z", category="no_formal_action",
                 history=chain(3))
    assert coord.import_export(old).outcome == "accepted"
    assert coord.import_export(new).outcome == "accepted"
    outcomes = [(i["exported_at"], i["outcome"]) for i in coord.imports()]
    assert outcomes == [("2026-02-01T10:00:00.000Z", "superseded"), ("2026-02-03T10:00:00.000Z", "accepted")]
    current = {d.category for revs in coord.all_reviews().values() for r, d in revs.items() if r == "R1" and d}
    assert current == {"no_formal_action"}
    # an even older file arriving late does not displace the newer one
    late = export(members, pairs, "R1", when="2026-01-20T10:00:00.000Z", category="formal_risk_management",
                  history=chain(1))
    assert coord.import_export(late).outcome == "superseded"
    assert coord.db.execute("SELECT count(*) FROM review_versions").fetchone()[0] == 3 * sum(
        1 for _, r in pairs if r == "R1")


def test_blind_until_all_final_then_disagreement_then_adjudicated(coord, panel):
    _, members, pairs = panel
    coord.import_export(export(members, pairs, "R1", category="new_assessment"))
    shared = next(c for c, r in pairs if r == "R1")
    others = [r for c, r in pairs if c == shared and r != "R1"]
    assert {o.status for o in coord.overview() if o.case_id == shared} == {"awaiting"}
    assert coord.visible_reviews(shared) == {}
    with pytest.raises(WorkspaceError, match="awaiting"):
        coord.adjudicate(shared, Decision(category="new_assessment", rationale=RATIONALE, confidence="low"))
    coord.import_export(export(members, pairs, others[0], category="formal_risk_management"))
    row = next(o for o in coord.overview() if o.case_id == shared)
    assert row.status == "disagreement" and "category" in row.differing
    with pytest.raises(DecisionInvalid):
        coord.adjudicate(shared, Decision(category="new_assessment", rationale="ok", confidence="low"))
    coord.adjudicate(shared, Decision(category="formal_risk_management", actions=("vetting_review",),
                                      rationale=RATIONALE, confidence="medium"))
    assert next(o for o in coord.overview() if o.case_id == shared).status == "adjudicated"
    how, final = coord.final_decisions()[shared]
    assert how == "adjudicated" and final.category == "formal_risk_management"
    coord.decisions.check_history()


def test_agreement_when_deciding_fields_match(coord, panel):
    _, members, pairs = panel
    for rid in members:
        coord.import_export(export(members, pairs, rid))
    assert {o.status for o in coord.overview()} == {"agreed"}
    assert len(coord.final_decisions()) == len(coord.case_ids())


def test_drafts_keep_a_case_blind(coord, panel):
    _, members, pairs = panel
    for rid in members:
        coord.import_export(export(members, pairs, rid, status="draft" if rid == "R2" else "final"))
    r2_cases = {c for c, r in pairs if r == "R2"}
    for o in coord.overview():
        assert (o.status == "awaiting") == (o.case_id in r2_cases)


def test_workspace_roles_do_not_mix(coord, workspace):
    from review.workspace.database import Workspace
    cpath, mpath = coord.path, workspace.path
    coord.close()
    workspace.close()
    with pytest.raises(WorkspaceError, match="coordinator's workspace"):
        Workspace.open(cpath, PASSPHRASE)
    with pytest.raises(WorkspaceError, match="member's workspace"):
        CoordinatorWorkspace.open(mpath, PASSPHRASE)
    CoordinatorWorkspace.open(cpath, PASSPHRASE).close()


def test_agreed_case_records_every_concern_with_its_count_and_no_single_confidence(coord, panel):
    """Reviewers who agree on category, actions and severity but differ on concerns and
    confidence: the case is agreed, the final record lists every concern raised (with how many
    raised it) and takes no reviewer's confidence as the panel's."""
    from review.panel.record import panel_record
    _, members, pairs = panel
    concerns = {"R1": ("repeat_subject",), "R2": ("repeat_subject", "discrimination"),
                "R3": ()}
    confidence = {"R1": "high", "R2": "low", "R3": "medium"}
    for rid in members:
        exp = export(members, pairs, rid)
        decisions = {c: replace(d, concerns=concerns[rid], confidence=confidence[rid])
                     for c, d in exp.decisions.items()}
        coord.import_export(replace(exp, decisions=decisions))
    assert {o.status for o in coord.overview()} == {"agreed"}
    case_id, a, b = next((c, *sorted(r for cc, r in pairs if cc == c)) for c, _ in pairs
                         if {r for cc, r in pairs if cc == c} == {"R1", "R2"})
    how, final = coord.final_decisions()[case_id]
    assert how == "agreed" and final.confidence is None and final.rationale == ""
    assert final.concerns == ("discrimination", "repeat_subject")  # vocabulary order
    record = panel_record(coord.visible_reviews(case_id), adjudicated=False)
    assert record.reviewers == 2
    assert record.decided_by == {"category": "agreed", "actions": "agreed", "severity": "agreed"}
    assert record.concerns == (("discrimination", 1), ("repeat_subject", 2))
    assert record.actions == (("further_inquiry", 2),)
    assert record.confidence == (("R1", "high"), ("R2", "low"))
    assert record.raised_text(1) == "raised by 1 of 2"
    assert panel_record(coord.visible_reviews(case_id), adjudicated=True).decided_by[
        "category"] == "adjudicated"


def test_record_of_reviews_that_differ_and_of_a_recusal():
    from review.panel.record import panel_record
    a = Decision(category="new_assessment", actions=("refer_iopc",), confidence="high",
                 rationale=RATIONALE, status="final")
    b = replace(a, category="no_formal_action", confidence=None)
    gone = Decision(recused=True, recusal_reason="I know the officer.", status="final")
    record = panel_record({"R1": a, "R2": b, "R3": gone}, adjudicated=False)
    assert record.decided_by["category"] == "differ" and record.decided_by["actions"] == "agreed"
    assert record.reviewers == 2 and record.actions == (("refer_iopc", 2),)
    assert record.confidence == (("R1", "high"), ("R2", None))  # the recused reviewer: none

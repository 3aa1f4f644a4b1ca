"""A member's newer export that changes a decision they had finalised is flagged.

A real rehearsal: R01's workspace changes a final decision on a case the
coordinator may already have adjudicated, exports again, and the merge flags
it; the adjudication is marked for review until the coordinator saves it again.
"""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from review.panel.workspace import CoordinatorWorkspace
from review.workspace.database import Workspace
from tests.conftest import PASSPHRASE

from exports.merge_files import merge_files
from exports.service import export_workspace

RATIONALE = "The neighbour who called the police was never interviewed, so the case is reopened."


@pytest.fixture(scope="module")
def rehearsal(tmp_path_factory) -> Path:
    from exports.rehearsal import run_demo_panel
    folder = tmp_path_factory.mktemp("after-final") / "panel"
    run_demo_panel(folder, PASSPHRASE, reviewers=2, cases=10, seed=3, say=lambda _: None)
    return folder


@pytest.fixture
def coord(rehearsal, tmp_path):
    path = tmp_path / "coordinator.prw"
    shutil.copyfile(rehearsal / "coordinator.prw", path)
    with CoordinatorWorkspace.open(path, PASSPHRASE) as ws:
        yield ws


def _settled_case_of_r01(coord) -> str:
    return next(r.case_id for r in coord.overview()
                if "R01" in r.assigned and r.status in ("agreed", "disagreement"))


def _change_and_export(rehearsal: Path, tmp_path: Path, case_id: str) -> Path:
    member = tmp_path / "R01.prw"
    shutil.copyfile(rehearsal / "workspaces" / "R01.prw", member)
    with Workspace.open(member, PASSPHRASE) as ws:
        before = ws.decisions.get(case_id).decision
        ws.decisions.finalise(case_id, replace(
            before, category="formal_risk_management" if before.category != "formal_risk_management"
            else "no_formal_action", rationale=RATIONALE))
    out = tmp_path / "R01 again.xlsx"
    export_workspace(member, PASSPHRASE, rehearsal / "identities" / "R01", PASSPHRASE,
                     xlsx_path=out)
    return out


def test_a_changed_final_decision_is_flagged_with_both_versions(rehearsal, coord, tmp_path):
    case_id = _settled_case_of_r01(coord)
    old = coord.visible_reviews(case_id)["R01"]
    out = _change_and_export(rehearsal, tmp_path, case_id)
    outcome = merge_files(coord, [out])[0]
    assert outcome.outcome == "accepted"
    flags = coord.changes_after_final(case_id)
    assert len(flags) == 1
    flag = flags[0]
    assert flag.member_id == "R01" and flag.before == old and flag.after != old
    assert flag.new_version == flag.old_version + 1
    assert flag.label == (f"changed after it was final: version {flag.old_version} \u2192 "
                          f"{flag.new_version}")
    assert f"1 decision changed after it was final: {case_id} version" in outcome.reason
    assert coord.imports()[-1]["reason"] == outcome.reason   # what the Imports page shows
    assert coord.changes_after_final() == flags
    assert not flag.needs_review                              # nothing was adjudicated on it


def test_an_adjudication_recorded_before_is_marked_for_review_until_saved_again(
        rehearsal, coord, tmp_path):
    case_id = _settled_case_of_r01(coord)
    base = next(d for d in coord.visible_reviews(case_id).values() if d and not d.recused)
    coord.adjudicate(case_id, replace(base, rationale=RATIONALE, status="final"))
    out = _change_and_export(rehearsal, tmp_path, case_id)
    merge_files(coord, [out])
    assert [f.needs_review for f in coord.changes_after_final(case_id)] == [True]
    coord.adjudicate(case_id, replace(base, rationale=RATIONALE + " Seen again.", status="final"))
    assert [f.needs_review for f in coord.changes_after_final(case_id)] == [False]


def test_a_final_decision_reopened_and_finalised_unchanged_flags_nothing(rehearsal, coord, tmp_path):
    case_id = _settled_case_of_r01(coord)
    member = tmp_path / "R01.prw"
    shutil.copyfile(rehearsal / "workspaces" / "R01.prw", member)
    with Workspace.open(member, PASSPHRASE) as ws:   # reopened, then final again as it was
        before = ws.decisions.get(case_id)
        ws.decisions.save(case_id, replace(before.decision, status="draft"))
        ws.decisions.finalise(case_id, before.decision)
        assert ws.decisions.get(case_id).version == before.version + 2
    out = tmp_path / "R01 again.xlsx"
    export_workspace(member, PASSPHRASE, rehearsal / "identities" / "R01", PASSPHRASE,
                     xlsx_path=out)
    outcome = merge_files(coord, [out])[0]
    assert outcome.outcome == "accepted" and outcome.reason == ""
    assert coord.changes_after_final() == []

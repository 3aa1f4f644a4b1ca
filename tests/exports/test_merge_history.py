"""The merge takes a member's newest export by history, never by the export time.

Real member workspaces from a small rehearsal: decisions saved, workspaces
copied and restored, real signed workbooks exported and merged.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from review.decisions import Decision
from review.panel.workspace import CoordinatorWorkspace
from review.workspace.database import Workspace
from tests.conftest import PASSPHRASE

from exports.merge_files import merge_files
from exports.service import export_workspace
from exports.xlsx.verify import read_signed_workbook

RATIONALE = "The neighbour who called the police was never interviewed."


@pytest.fixture(scope="module")
def rehearsal(tmp_path_factory) -> Path:
    from exports.rehearsal import run_demo_panel
    folder = tmp_path_factory.mktemp("history") / "panel"
    run_demo_panel(folder, PASSPHRASE, reviewers=2, cases=10, seed=3, say=lambda _: None)
    return folder


@pytest.fixture
def member(rehearsal, tmp_path) -> Path:
    """A copy of R01's workspace that a test may change."""
    path = tmp_path / "R01.prw"
    shutil.copyfile(rehearsal / "workspaces" / "R01.prw", path)
    return path


@pytest.fixture
def coord(rehearsal, tmp_path):
    ws = CoordinatorWorkspace.create(tmp_path / "coord.prw", PASSPHRASE,
                                     rehearsal / "bundles" / "panel.prb")
    yield ws
    ws.close()


def decide(path: Path, category: str, times: int = 1) -> int:
    """Save ``times`` new versions of R01's first case; returns the history count."""
    with Workspace.open(path, PASSPHRASE) as ws:
        cid = ws.case_ids()[0]
        for i in range(times):
            ws.decisions.finalise(cid, Decision(category=category, actions=("further_inquiry",),
                                                confidence="high",
                                                rationale=f"{RATIONALE} ({i + 1})"))
        return ws.decisions.check_history().entries


def export(rehearsal: Path, member: Path, out: Path, when: str | None = None) -> Path:
    clock = (lambda: when) if when else None
    export_workspace(member, PASSPHRASE, rehearsal / "identities" / "R01", PASSPHRASE,
                     xlsx_path=out, clock=clock)
    return out


def test_the_export_lists_the_head_after_every_version(rehearsal, member, tmp_path):
    count = decide(member, "new_assessment")
    verified = read_signed_workbook(export(rehearsal, member, tmp_path / "a.xlsx"))
    history = verified.history
    assert history.count == count == len(history.heads) and history.provable
    assert history.heads[-1] == verified.history_head
    with Workspace.open(member, PASSPHRASE) as ws:
        assert history.heads == tuple(e.hash for e in ws.decisions.history())


def test_an_ordinary_newer_export_is_accepted_and_the_older_one_superseded(
        rehearsal, member, coord, tmp_path):
    first = export(rehearsal, member, tmp_path / "first.xlsx")
    decide(member, "formal_risk_management", times=2)
    second = export(rehearsal, member, tmp_path / "second.xlsx")
    outcomes = merge_files(coord, [first, second])
    assert [o.outcome for o in outcomes] == ["accepted", "accepted"]
    assert {i["source"]: i["outcome"] for i in coord.imports()} == {
        "first.xlsx": "superseded", "second.xlsx": "accepted"}


def test_an_older_export_offered_after_the_newer_is_superseded(rehearsal, member, coord,
                                                                tmp_path):
    first = export(rehearsal, member, tmp_path / "first.xlsx")
    decide(member, "formal_risk_management", times=2)
    second = export(rehearsal, member, tmp_path / "second.xlsx")
    late = merge_files(coord, [second, first])
    assert [o.outcome for o in late] == ["accepted", "superseded"]
    assert late[1].reason.startswith("older, already superseded: its ")


def test_restore_then_export_is_refused_naming_both_counts(rehearsal, member, coord, tmp_path):
    copy = tmp_path / "copy.prw"
    shutil.copyfile(member, copy)
    longer = decide(member, "new_assessment", times=3)
    a = export(rehearsal, member, tmp_path / "A.xlsx", when="2026-03-01T10:00:00.000Z")
    shutil.copyfile(copy, member)          # the old copy restored over the workspace
    shorter = decide(member, "no_formal_action")
    b = export(rehearsal, member, tmp_path / "B.xlsx", when="2026-03-02T10:00:00.000Z")
    assert shorter < longer
    outcomes = merge_files(coord, [a, b])
    assert outcomes[0].outcome == "accepted"
    assert outcomes[1].outcome == "refused"
    assert (f"R01's new export has {shorter:,} saved versions and does not continue the "
            f"{longer:,} already accepted") in outcomes[1].reason
    assert "Ask R01 which is right" in outcomes[1].reason
    current = {d.category for revs in coord.all_reviews().values()
               for rid, d in revs.items() if rid == "R01" and d}
    assert "new_assessment" in current and coord.imports()[1]["outcome"] == "refused"


def test_a_clock_a_year_ahead_never_makes_the_older_export_win(rehearsal, member, coord,
                                                               tmp_path):
    skewed = export(rehearsal, member, tmp_path / "skewed.xlsx", when="2027-03-01T10:00:00.000Z")
    decide(member, "formal_risk_management", times=2)
    later = export(rehearsal, member, tmp_path / "later.xlsx", when="2026-03-01T10:00:00.000Z")
    # In the order offered: the member's genuinely later export replaces the skewed one.
    assert [o.outcome for o in merge_files(coord, [skewed, later])] == ["accepted", "accepted"]
    assert {i["source"]: i["outcome"] for i in coord.imports()} == {
        "skewed.xlsx": "superseded", "later.xlsx": "accepted"}


def test_a_clock_a_year_ahead_offered_last_is_superseded(rehearsal, member, coord, tmp_path):
    skewed = export(rehearsal, member, tmp_path / "skewed.xlsx", when="2027-03-01T10:00:00.000Z")
    decide(member, "formal_risk_management", times=2)
    later = export(rehearsal, member, tmp_path / "later.xlsx", when="2026-03-01T10:00:00.000Z")
    outcomes = merge_files(coord, [later, skewed])
    assert [o.outcome for o in outcomes] == ["accepted", "superseded"]
    accepted = [i["source"] for i in coord.imports() if i["outcome"] == "accepted"]
    assert accepted == ["later.xlsx"]


def test_the_same_history_in_another_file_is_already_imported(rehearsal, member, coord,
                                                              tmp_path):
    one = export(rehearsal, member, tmp_path / "one.xlsx", when="2026-03-01T10:00:00.000Z")
    two = export(rehearsal, member, tmp_path / "two.xlsx", when="2026-03-05T10:00:00.000Z")
    outcomes = merge_files(coord, [one, two])
    assert [o.outcome for o in outcomes] == ["accepted", "already imported"]
    assert "the same" in outcomes[1].reason
    assert [i["outcome"] for i in coord.imports()] == ["accepted", "superseded"]


def test_the_signed_pdf_lists_the_same_heads_as_the_workbook(rehearsal, member, tmp_path):
    from exports.pdf.verify import verify_pdf
    decide(member, "new_assessment", times=2)
    pdf, xlsx = tmp_path / "a.pdf", tmp_path / "a.xlsx"
    export_workspace(member, PASSPHRASE, rehearsal / "identities" / "R01", PASSPHRASE,
                     pdf_path=pdf, xlsx_path=xlsx)
    from_pdf = verify_pdf(pdf).history
    assert from_pdf.provable and from_pdf.count >= 3
    assert from_pdf == read_signed_workbook(xlsx).history

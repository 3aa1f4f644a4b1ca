"""Schema version 4: the regime follows the law, and nothing saved is lost.

A version-3 workspace made by the version-3 code (regime by conduct date,
every role offered the regime's whole action list) is migrated on open:
backed up first, each case's regime worked out again, every decision and
the history chain kept exactly.  A decision holding an action that its case
is no longer offered stays as saved; a draft keeps it, finalising asks for
it to be removed.
"""

from __future__ import annotations

import pytest

from main import main
from review.decisions import Decision, actions_for
from review.demo.bundle import build_demo_bundles
from review.errors import DecisionInvalid
from review.workspace import schema
from review.workspace.database import Workspace
from tests.conftest import PASSPHRASE
from tests.review.workspace.legacy import old_regime, old_schema

RATIONALE = "The original investigation did not speak to the neighbour who called."


@pytest.fixture(scope="module")
def bundle(tmp_path_factory):
    """48 demo cases: staff, 2004 and 2008 cases that the old rule called 2012."""
    path = tmp_path_factory.mktemp("v4") / "b.prb"
    build_demo_bundles(path, cases=48)
    return path


def _pick(ws: Workspace) -> dict[str, str]:
    """One case of each kind whose regime the new rule changes."""
    found: dict[str, str] = {}
    for c in ws.iter_cases():
        # Not c.regime: inside old_schema that is the old rule's answer.
        kind = "staff" if c.subject_role == "staff" else c.regulations
        if old_regime(c) == "2012" and kind in ("staff", "2004", "2008") and kind not in found:
            found[kind] = c.case_id
    assert set(found) == {"staff", "2004", "2008"}
    return found


def _old_decisions(ws: Workspace, ids: dict[str, str]) -> None:
    """What the old code accepted on 2012 cases and the new rule no longer offers."""
    ws.decisions.finalise(ids["staff"], Decision(
        category="formal_risk_management", actions=("regulation_13", "unsatisfactory_performance"),
        rationale=RATIONALE, confidence="high"))
    ws.decisions.save(ids["2004"], Decision(
        category="new_assessment", actions=("misconduct_proceedings", "vetting_review"),
        severity="gross_misconduct", rationale="first thoughts"))
    ws.decisions.save(ids["2004"], Decision(
        category="new_assessment", actions=("misconduct_proceedings", "vetting_review"),
        severity="gross_misconduct", rationale=RATIONALE))
    ws.decisions.finalise(ids["2008"], Decision(
        category="new_assessment", actions=("management_action",), rationale=RATIONALE,
        confidence="medium"))


def test_version_3_workspace_migrates_keeping_every_decision_and_its_history(
        bundle, tmp_path, monkeypatch, capsys):
    path = tmp_path / "old.prw"
    with old_schema(monkeypatch, 3), Workspace.create(path, PASSPHRASE, bundle) as ws:
        assert schema.current_version(ws.db) == 3
        ids = _pick(ws)
        _old_decisions(ws, ids)
        before = list(ws.decisions.all())
        chain = ws.decisions.check_history()
        old = dict(ws.db.execute("SELECT case_id, regime FROM cases").fetchall())
    assert set(old.values()) <= {"2012", "2020"}
    with Workspace.open(path, PASSPHRASE) as ws:
        assert schema.current_version(ws.db) == schema.latest_version() >= 4
        assert list(ws.decisions.all()) == before
        assert ws.decisions.check_history() == chain
        new = dict(ws.db.execute("SELECT case_id, regime FROM cases").fetchall())
        assert new == {c.case_id: c.regime for c in ws.iter_cases()}
        assert (new[ids["staff"]], new[ids["2004"]], new[ids["2008"]]) == ("staff", "2004", "2008")
        # The saved actions are no longer offered, and stay as saved.
        staff = ws.decisions.get(ids["staff"]).decision
        assert staff.status == "final" and staff.actions == ("unsatisfactory_performance",
                                                             "regulation_13")
        assert not set(staff.actions) & set(actions_for("staff", "staff"))
        # A draft keeps the earlier-rule action through further edits ...
        saved = ws.decisions.save(ids["2004"], Decision(
            category="new_assessment", actions=("misconduct_proceedings", "vetting_review"),
            severity="gross_misconduct", rationale=RATIONALE + " More.", confidence="high"))
        assert saved.new_version and saved.saved.decision.actions[0] == "misconduct_proceedings"
        # ... but cannot gain one, and finalising asks for it to go.
        with pytest.raises(DecisionInvalid) as info:
            ws.decisions.save(ids["2004"], Decision(actions=("rprp",)))
        assert "not offered under the Police (Conduct) Regulations 2004" in \
            info.value.errors["actions"]
        with pytest.raises(DecisionInvalid) as info:
            ws.decisions.finalise(ids["2004"], saved.saved.decision)
        assert "recorded under the earlier rule" in info.value.errors["actions"]
        done = ws.decisions.finalise(ids["2004"], Decision(
            category="new_assessment", actions=("misconduct_hearing", "vetting_review"),
            rationale=RATIONALE, confidence="high"))
        assert done.saved.decision.status == "final"
        # A reopened staff decision can still be recused from without losing anything.
        ws.decisions.reopen(ids["staff"])
        recused = ws.decisions.recuse(ids["staff"], "I worked with the subject from 2016 on.")
        assert recused.saved.decision.actions == staff.actions
        assert ws.decisions.check_history().entries == chain.entries + 4
    assert schema.backup_path(path, 3).exists()
    monkeypatch.setenv("PANEL_REVIEW_PASSPHRASE", PASSPHRASE)
    assert main(["workspace", "check", str(path)]) == 0
    assert "History intact" in capsys.readouterr().out


def test_the_backup_is_the_version_3_workspace(bundle, tmp_path, monkeypatch):
    path = tmp_path / "old.prw"
    with old_schema(monkeypatch, 3), Workspace.create(path, PASSPHRASE, bundle):
        pass
    with Workspace.open(path, PASSPHRASE):
        pass
    with old_schema(monkeypatch, 3):
        with Workspace.open(schema.backup_path(path, 3), PASSPHRASE) as backup:
            assert schema.current_version(backup.db) == 3
            assert {r for (r,) in backup.db.execute("SELECT regime FROM cases")} <= \
                {"2012", "2020"}

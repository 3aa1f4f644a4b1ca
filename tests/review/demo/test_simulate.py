"""Synthetic decisions: a plausible mix, saved through the real path."""

from __future__ import annotations

from review.decisions import final_errors
from review.demo.simulate import simulate


def test_simulation_mixes_outcomes_and_keeps_the_chain(workspace):
    counts = simulate(workspace, seed=3, coverage=0.9)
    states = workspace.decisions.states()
    assert set(states.values()) >= {"final", "draft"}
    assert counts["final"] == sum(1 for s in states.values() if s == "final")
    assert counts["agrees with Met"] > counts["differs from Met"] > 0
    for saved in workspace.decisions.all():
        if saved.decision.status == "final":
            case = workspace.case(saved.case_id)
            assert final_errors(saved.decision, case.regime, case.subject_role) == {}
    assert workspace.decisions.check_history().entries >= len(workspace.decisions.states()) * 0.5


def test_simulation_is_deterministic(workspace, small_bundle, tmp_path):
    from review.workspace.database import Workspace
    from tests.conftest import PASSPHRASE
    simulate(workspace, seed=1)
    with Workspace.create(tmp_path / "b.prw", PASSPHRASE, small_bundle) as other:
        simulate(other, seed=1)
        assert [(s.case_id, s.decision) for s in other.decisions.all()] == \
               [(s.case_id, s.decision) for s in workspace.decisions.all()]

"""Saving decisions: versions, finalise/reopen/recuse, and the hash chain."""

from __future__ import annotations

from dataclasses import replace

import pytest

from review.decisions import Decision
from review.errors import DecisionInvalid, HistoryError, UnknownCase, WorkspaceError

GOOD = Decision(category="new_assessment", actions=("further_inquiry",),
                rationale="Nobody took a statement from the neighbour who called the police.",
                confidence="high")


def test_every_change_is_a_version_and_unchanged_saves_are_not(workspace):
    cid = workspace.case_ids()[0]
    store = workspace.decisions
    assert store.save(cid, Decision(rationale="first")).new_version
    assert not store.save(cid, Decision(rationale="first ")).new_version  # same once normalised
    store.save(cid, Decision(rationale="second"))
    store.finalise(cid, GOOD)
    versions = [e.version for e in store.history(cid)]
    assert versions == [1, 2, 3]
    assert store.get(cid).decision.status == "final" and store.get(cid).version == 3
    assert store.check_history().entries == 3


def test_finalise_refuses_incomplete_and_saves_nothing(workspace):
    cid = workspace.case_ids()[1]
    with pytest.raises(DecisionInvalid) as info:
        workspace.decisions.finalise(cid, replace(GOOD, rationale="tbc"))
    assert set(info.value.errors) == {"rationale"}
    assert workspace.decisions.get(cid) is None and workspace.decisions.history(cid) == []


def test_reopen_keeps_both_versions(workspace):
    cid = workspace.case_ids()[2]
    workspace.decisions.finalise(cid, GOOD)
    workspace.decisions.reopen(cid)
    states = [e.decision["status"] for e in workspace.decisions.history(cid)]
    assert states == ["final", "draft"]
    with pytest.raises(WorkspaceError):
        workspace.decisions.reopen(workspace.case_ids()[3])


def test_recusal(workspace):
    cid = workspace.case_ids()[4]
    with pytest.raises(DecisionInvalid):
        workspace.decisions.recuse(cid, "")
    workspace.decisions.recuse(cid, "I was the subject's line manager in 2016 and 2017.")
    assert workspace.decisions.states()[cid] == "recused"


def test_unknown_case(workspace):
    with pytest.raises(UnknownCase):
        workspace.decisions.save("PR-9999", GOOD)


def test_history_is_append_only_inside_sqlite(workspace):
    cid = workspace.case_ids()[0]
    workspace.decisions.save(cid, GOOD)
    with pytest.raises(Exception, match="append-only"):
        workspace.db.execute("UPDATE history SET payload = '{}'")
    with pytest.raises(Exception, match="append-only"):
        workspace.db.execute("DELETE FROM history")


def _fill(workspace, n=6):
    ids = workspace.case_ids()
    for i in range(n):
        workspace.decisions.save(ids[i % 3], replace(GOOD, rationale=f"{GOOD.rationale} Note {i}."))
    workspace.db.conn.commit()
    # Tampering from outside: someone with the passphrase and a SQLite shell.
    workspace.db.execute("DROP TRIGGER history_no_update")
    workspace.db.execute("DROP TRIGGER history_no_delete")


@pytest.mark.parametrize("tamper, message", [
    ("UPDATE history SET payload = replace(payload, 'Note 2', 'Note 9') WHERE seq = 3", "altered"),
    ("UPDATE history SET saved_at = '2020-01-01T00:00:00.000Z' WHERE seq = 2", "altered"),
    ("DELETE FROM history WHERE seq = 4", "missing or out of order"),
    ("DELETE FROM history WHERE seq = 6", "removed from its end"),
    ("UPDATE history SET seq = seq + 100 WHERE seq IN (2, 3)", "missing or out of order"),
])
def test_tampering_with_history_is_detected(workspace, tamper, message):
    _fill(workspace)
    workspace.decisions.check_history()
    workspace.db.execute(tamper)
    with pytest.raises(HistoryError, match=message):
        workspace.decisions.check_history()


def test_swapping_two_rows_is_detected(workspace):
    _fill(workspace)
    rows = workspace.db.execute("SELECT payload FROM history WHERE seq IN (2, 5) ORDER BY seq").fetchall()
    workspace.db.execute("UPDATE history SET payload = ? WHERE seq = 2", [rows[1][0]])
    workspace.db.execute("UPDATE history SET payload = ? WHERE seq = 5", [rows[0][0]])
    with pytest.raises(HistoryError):
        workspace.decisions.check_history()


def test_current_decision_edited_outside_history_is_detected(workspace):
    _fill(workspace)
    workspace.db.execute("UPDATE decisions SET payload = replace(payload, 'high', 'low')")
    with pytest.raises(HistoryError, match="does not match its history"):
        workspace.decisions.check_history()


def test_an_anchor_is_extended_only_by_the_same_history_at_its_count(workspace):
    from review.workspace.history import GENESIS, Anchor, check_anchor
    cid = workspace.case_ids()[0]
    for text in ("first", "second", "third"):
        workspace.decisions.save(cid, Decision(rationale=text))
    hashes = workspace.decisions.hashes()
    assert hashes == [e.hash for e in workspace.decisions.history()] and len(hashes) == 3
    assert check_anchor(hashes, Anchor(0, GENESIS)).extends
    c = check_anchor(hashes, Anchor(2, hashes[1]))
    assert (c.extends, c.count, c.head_then) == (True, 3, hashes[1])
    c = check_anchor(hashes, Anchor(2, hashes[2]))  # another entry at that count
    assert not c.extends and c.head_then == hashes[1]
    c = check_anchor(hashes[:2], Anchor(3, hashes[2]))  # shorter than what was seen
    assert not c.extends and c.head_then is None and c.count == 2

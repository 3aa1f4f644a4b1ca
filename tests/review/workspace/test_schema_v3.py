"""Schema version 3: list columns and a search index that stores no text.

A version-2 workspace made by the version-2 code path is migrated on open:
backed up first, every decision and the history chain kept, the list
columns filled from each case's JSON, and the search answering exactly as
the version-2 search did (punctuation, prefixes, several words).
"""

from __future__ import annotations

import json

from review.workspace import schema
from review.decisions import Decision
from review.workspace.database import Workspace
from tests.conftest import PASSPHRASE
from tests.review.workspace.legacy import LEGACY_SEARCH, legacy_match, old_workspace


def _queries(ws: Workspace) -> list[str]:
    """Single words, prefixes, several words, case ids, punctuation, quotes."""
    case = ws.case(ws.case_ids()[2])
    long_word = max(case.summary.split(), key=len).strip(".,;:()\"'")
    return [long_word, long_word[:4], "complainant officer", "domestic abuse",
            case.case_id, case.case_id[:5], case.original_ref, "o'brien", "officer's",
            '"unbalanced', "gross-misconduct", "no such word zzqx", "  ", "IOPC"]


def _decide(ws: Workspace) -> None:
    ids = ws.case_ids()
    ws.decisions.save(ids[0], Decision(rationale="first thoughts"))
    ws.decisions.save(ids[0], Decision(rationale="second thoughts"))
    ws.decisions.finalise(ids[1], Decision(category="new_assessment",
                                           actions=("further_inquiry",), confidence="high",
                                           rationale="Missed lines of inquiry."))
    ws.record_consultation(ids[1])


def test_version_2_workspace_migrates_keeping_decisions_history_and_search(
        small_bundle, tmp_path, monkeypatch):
    path = tmp_path / "old.prw"
    with old_workspace(monkeypatch, path, PASSPHRASE, small_bundle, version=2) as ws:
        assert schema.current_version(ws.db) == 2
        _decide(ws)
        queries = _queries(ws)
        before_search = {q: [r[0] for r in ws.db.execute(LEGACY_SEARCH, [legacy_match(q)])]
                         if legacy_match(q) else [] for q in queries}
        before_decisions = list(ws.decisions.all())
        before_chain = ws.decisions.check_history()
        before_log = ws.consultations()
    assert any(len(hits) > 1 for hits in before_search.values())
    with Workspace.open(path, PASSPHRASE) as ws:
        assert schema.current_version(ws.db) == schema.latest_version() == 5
        assert list(ws.decisions.all()) == before_decisions
        assert ws.decisions.check_history() == before_chain
        assert ws.consultations() == before_log
        assert {q: list(ws.search(q)) for q in queries} == before_search
        assert "case_search_v2" not in ws.db.table_names()
    assert schema.backup_path(path, 2).exists()


def test_new_and_migrated_workspaces_hold_the_same(small_bundle, tmp_path, monkeypatch):
    with old_workspace(monkeypatch, tmp_path / "old.prw", PASSPHRASE, small_bundle, version=2):
        pass
    cols = "case_id, position, subject_role, rank, allegations"
    with Workspace.open(tmp_path / "old.prw", PASSPHRASE) as old, \
            Workspace.create(tmp_path / "new.prw", PASSPHRASE, small_bundle) as new:
        listed = f"SELECT {cols} FROM cases ORDER BY position"
        assert old.db.execute(listed).fetchall() == new.db.execute(listed).fetchall()
        for q in _queries(new):
            assert list(old.search(q)) == list(new.search(q)), q


def test_list_columns_are_the_cases_own_fields(workspace):
    for case_id, role, rank, allegations, data in workspace.db.execute(
            "SELECT case_id, subject_role, rank, allegations, data FROM cases"):
        case = workspace.case(case_id)
        assert (role, rank) == (case.subject_role, case.rank) == (
            json.loads(data)["subject_role"], json.loads(data)["rank"])
        assert tuple(allegations.split(",")) == case.allegation_types


def test_list_columns_fill_in_batches_as_the_import_writes_them(workspace):
    listed = "SELECT case_id, subject_role, rank, allegations FROM cases ORDER BY rowid"
    imported = workspace.db.execute(listed).fetchall()
    workspace.db.execute("UPDATE cases SET subject_role = '', rank = '', allegations = ''")
    schema._fill_list_columns(workspace.db, batch=7)  # 40 cases: six batches, the last short
    assert workspace.db.execute(listed).fetchall() == imported


def test_list_query_reads_the_covering_index_only(workspace):
    plan = workspace.db.execute(
        "EXPLAIN QUERY PLAN SELECT case_id, position, subject_id, met_category, regime, "
        "reported_date, outcome_date, subject_role, rank, allegations FROM cases "
        "ORDER BY position").fetchall()
    assert any("COVERING INDEX cases_list" in row[-1] for row in plan), plan


def test_search_index_keeps_no_copy_of_the_text(workspace):
    assert "case_search_content" not in workspace.db.table_names()
    case = workspace.case(workspace.case_ids()[0])
    assert workspace.search(case.case_id) == [case.case_id]
    assert workspace.search(case.case_id).positions == [0]
    # several words: every word must match, as before
    both = set(workspace.search("complainant officer"))
    assert both == set(workspace.search("complainant")) & set(workspace.search("officer"))
    assert set(workspace.search("complainant")) <= set(workspace.search("compl"))

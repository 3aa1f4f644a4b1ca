"""The encrypted workspace: creation, reopening, refusals, secrecy at rest."""

from __future__ import annotations

import json
import os

import pytest

from review.workspace import schema
from review.demo.bundle import build_demo_bundles
from review.errors import (BundleError, WorkspaceError, WorkspaceLocked, WrongPassphrase)
from review.workspace.database import Workspace
from tests.conftest import PASSPHRASE, SMALL_CASES


def test_create_imports_every_case_and_document(workspace, small_bundle):
    info = workspace.info()
    assert info.case_count == SMALL_CASES and info.demo and info.member_id == "R01"
    case = workspace.case(workspace.case_ids()[0])
    assert case.summary and case.documents
    assert workspace.document(case.documents[0].filename)


def test_reopen_with_passphrase(workspace, small_bundle):
    path = workspace.path
    workspace.close()
    with Workspace.open(path, PASSPHRASE) as ws:
        assert ws.info().case_count == SMALL_CASES
        assert ws.import_bundle(small_bundle).already_imported


def test_wrong_passphrase_is_refused_clearly(workspace):
    path = workspace.path
    workspace.close()
    with pytest.raises(WrongPassphrase, match="passphrase does not open"):
        Workspace.open(path, "wrong passphrase!")
    Workspace.open(path, PASSPHRASE).close()  # the failed attempt changed nothing


def test_no_case_text_in_the_clear(workspace):
    text = workspace.case(workspace.case_ids()[0]).summary
    marker = text.split(".")[0][:40].encode()
    workspace.close()
    for suffix in ("", "-wal", "-shm"):
        p = f"{workspace.path}{suffix}"
        if os.path.exists(p):
            data = open(p, "rb").read()
            assert marker not in data and b"SQLite format 3" not in data


def test_different_bundle_is_refused(workspace, tmp_path):
    other = tmp_path / "other.prb"
    build_demo_bundles(other, cases=5, seed=99)
    with pytest.raises(WorkspaceError, match="different bundle"):
        workspace.import_bundle(other)
    assert workspace.info().case_count == SMALL_CASES


def test_bad_bundle_creates_no_workspace(bundle_copy, tmp_path):
    data = bytearray(bundle_copy.read_bytes())
    data[len(data) // 2] ^= 0xFF
    bundle_copy.write_bytes(bytes(data))
    target = tmp_path / "new.prw"
    with pytest.raises(BundleError):
        Workspace.create(target, PASSPHRASE, bundle_copy)
    assert not any(p.name.startswith("new.prw") for p in tmp_path.iterdir())


def test_whole_panel_bundle_is_refused_and_leaves_nothing(small_bundle, tmp_path, monkeypatch):
    from review.bundle import contents as bundle_mod
    real = bundle_mod.read_bundle

    def as_panel_bundle(*a, **k):
        b = real(*a, **k)
        b.contents.member_id = None
        return b
    monkeypatch.setattr(bundle_mod, "read_bundle", as_panel_bundle)
    with pytest.raises(WorkspaceError, match="whole panel"):
        Workspace.create(tmp_path / "w.prw", PASSPHRASE, small_bundle)
    assert list(tmp_path.iterdir()) == []


def test_short_passphrase_refused(small_bundle, tmp_path):
    with pytest.raises(WorkspaceError, match="at least 12"):
        Workspace.create(tmp_path / "w.prw", "short", small_bundle)
    assert not (tmp_path / "w.prw").exists()


def test_second_opener_is_refused_politely(workspace):
    with pytest.raises(WorkspaceLocked, match="already open"):
        Workspace.open(workspace.path, PASSPHRASE)


def test_import_is_all_or_nothing(small_bundle, tmp_path, monkeypatch):
    from review.workspace import database as ws_mod
    calls = {"n": 0}
    real = ws_mod.search_text

    def failing(case, notes):
        calls["n"] += 1
        if calls["n"] == 10:
            raise RuntimeError("disk full")
        return real(case, notes)
    monkeypatch.setattr(ws_mod, "search_text", failing)
    with pytest.raises(RuntimeError):
        Workspace.create(tmp_path / "w.prw", PASSPHRASE, small_bundle)
    assert list(tmp_path.iterdir()) == []


def test_search_finds_words_from_narratives(workspace):
    case = workspace.case(workspace.case_ids()[3])
    word = max(case.summary.split(), key=len).strip(".,;:()\"'")
    assert case.case_id in workspace.search(word)
    assert workspace.search('"unbalanced quote') is not None
    assert workspace.search("   ") == []


def test_linked_cases_of_the_same_subject(workspace):
    rows = workspace.db.execute(
        "SELECT subject_id FROM cases GROUP BY subject_id HAVING count(*) > 1").fetchall()
    assert rows, "the demo should have repeat subjects"
    ids = [r[0] for r in workspace.db.execute(
        "SELECT case_id FROM cases WHERE subject_id = ?", [rows[0][0]])]
    linked = workspace.linked_cases(ids[0])
    assert {e.case_id for e in linked} >= set(ids[1:])


def test_migration_backs_up_first_and_keeps_data(workspace, monkeypatch):
    path = workspace.path
    workspace.decisions.save(workspace.case_ids()[0], __import__("review.decisions").decisions.Decision(
        rationale="first thoughts"))
    workspace.close()

    def next_version(db):
        db.execute("CREATE TABLE notes (case_id TEXT, note TEXT)")
    old = schema.latest_version()
    monkeypatch.setitem(schema.MIGRATIONS, old + 1, next_version)
    with Workspace.open(path, PASSPHRASE) as ws:
        assert schema.current_version(ws.db) == old + 1 and "notes" in ws.db.table_names()
        assert ws.decisions.get(ws.case_ids()[0]).decision.rationale == "first thoughts"
    assert schema.backup_path(path, old).exists()
    with pytest.raises(WrongPassphrase):  # the backup is encrypted too
        Workspace.open(schema.backup_path(path, old), "wrong passphrase!")


def test_newer_schema_is_refused(workspace):
    workspace.db.execute("PRAGMA user_version = 99")
    workspace.close()
    with pytest.raises(WorkspaceError, match="newer Panel Review"):
        Workspace.open(workspace.path, PASSPHRASE)


def test_change_passphrase(workspace):
    workspace.change_passphrase("a brand new passphrase")
    path = workspace.path
    workspace.close()
    with pytest.raises(WrongPassphrase):
        Workspace.open(path, PASSPHRASE)
    with Workspace.open(path, "a brand new passphrase") as ws:
        assert ws.info().case_count == SMALL_CASES


def test_change_passphrase_checks_the_current_one_while_open(workspace):
    with pytest.raises(WrongPassphrase, match="not the current passphrase"):
        workspace.change_passphrase("a brand new passphrase", current="not the one in use")
    with pytest.raises(WorkspaceError, match="first that anyone would try"):
        workspace.change_passphrase("password123456", current=PASSPHRASE)
    workspace.change_passphrase("a brand new passphrase", current=PASSPHRASE)
    assert workspace.info().case_count == SMALL_CASES  # still open and usable
    path = workspace.path
    workspace.close()
    with pytest.raises(WrongPassphrase):
        Workspace.open(path, PASSPHRASE)
    Workspace.open(path, "a brand new passphrase").close()


def test_case_json_in_workspace_matches_bundle(workspace, small_bundle):
    from review.bundle.contents import read_bundle
    bundle = read_bundle(small_bundle)
    stored = [json.loads(r[0]) for r in workspace.db.execute("SELECT data FROM cases ORDER BY position")]
    assert stored == [c.to_json() for c in bundle.contents.cases]

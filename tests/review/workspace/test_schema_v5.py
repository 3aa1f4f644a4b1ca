"""Schema version 5: linked cases with their date and allegations, the subject searchable.

A version-3 workspace made by the version-3 code path is migrated on open:
backed up first, every decision, the history chain and the consultation log
kept, the old linked cases "not recorded", the search answering as before
and now also finding a subject's pseudonym.
"""

from __future__ import annotations

from review.decisions import Decision
from review.workspace import schema
from review.workspace.database import Workspace
from tests.conftest import PASSPHRASE
from tests.review.workspace.legacy import old_workspace


def _subject_with_cases(ws: Workspace) -> tuple[str, set[str]]:
    subject, n = ws.db.execute("SELECT subject_id, count(*) FROM cases GROUP BY subject_id "
                               "ORDER BY 2 DESC, 1 LIMIT 1").fetchone()
    ids = {r[0] for r in ws.db.execute("SELECT case_id FROM cases WHERE subject_id = ?",
                                       [subject])}
    return subject, ids


def test_version_3_workspace_migrates_keeping_decisions_history_and_search(
        small_bundle, tmp_path, monkeypatch):
    path = tmp_path / "v3.prw"
    with old_workspace(monkeypatch, path, PASSPHRASE, small_bundle, version=3) as ws:
        assert schema.current_version(ws.db) == 3
        assert "conduct_date" not in ws.db["linked_cases"].columns_dict
        ids = ws.case_ids()
        ws.decisions.save(ids[0], Decision(rationale="first thoughts"))
        ws.decisions.save(ids[0], Decision(category="new_assessment", rationale="second"))
        ws.decisions.finalise(ids[1], Decision(category="no_formal_action",
                                               actions=("no_further_action",),
                                               confidence="high",
                                               rationale="The original handling was proportionate."))
        ws.record_consultation(ids[1])
        case = ws.case(ids[2])
        queries = [max(case.summary.split(), key=len).strip(".,;:()\"'"), case.case_id,
                   case.original_ref, "domestic abuse", "IOPC", "officer's"]
        before_search = {q: list(ws.search(q)) for q in queries}
        before = (list(ws.decisions.all()), ws.decisions.check_history(), ws.consultations())
        subject, of_subject = _subject_with_cases(ws)
    with Workspace.open(path, PASSPHRASE) as ws:
        assert schema.current_version(ws.db) == schema.latest_version() >= 5
        assert (list(ws.decisions.all()), ws.decisions.check_history(),
                ws.consultations()) == before
        assert {q: list(ws.search(q)) for q in queries} == before_search
        assert set(ws.search(subject)) == of_subject
        assert {"conduct_date", "allegations"} <= set(ws.db["linked_cases"].columns_dict)
        # Its own cases' dates come from the cases table; the decision state is the member's.
        first = [e for e in ws.linked_cases(ids[1]) if e.case_id == ids[0]]
        assert all(e.state == "draft" and e.conduct_date for e in first)
    assert schema.backup_path(path, 3).exists()


def test_a_version_4_step_runs_before_version_5_when_it_is_added(
        small_bundle, tmp_path, monkeypatch):
    """Version 5 is self-contained: with a version-4 step in the table (another
    change adds one), a version-3 workspace runs both, in order."""
    path = tmp_path / "v3.prw"
    with old_workspace(monkeypatch, path, PASSPHRASE, small_bundle, version=3):
        pass
    ran = []
    real_v5 = schema.MIGRATIONS[5]
    monkeypatch.setitem(schema.MIGRATIONS, 4, lambda db: ran.append(4))
    monkeypatch.setitem(schema.MIGRATIONS, 5, lambda db: (ran.append(5), real_v5(db)))
    with Workspace.open(path, PASSPHRASE) as ws:
        assert ran == [4, 5] and schema.current_version(ws.db) == schema.latest_version()
        assert "allegations" in ws.db["linked_cases"].columns_dict


def test_new_workspace_searches_subject_and_lists_linked_cases_by_date(workspace):
    subject, of_subject = _subject_with_cases(workspace)
    assert len(of_subject) > 1
    assert set(workspace.search(subject)) == of_subject
    assert set(workspace.search(subject.lower())) == of_subject
    first = sorted(of_subject)[0]
    linked = workspace.linked_cases(first)
    assert {e.case_id for e in linked} == of_subject - {first}
    dates = [e.conduct_date for e in linked]
    assert dates == sorted(dates) and all(dates)
    assert all(e.mine and e.state == "not_started" and e.allegations for e in linked)
    workspace.decisions.save(linked[0].case_id, Decision(rationale="looking"))
    assert workspace.linked_cases(first)[0].state == "draft"


def test_under_the_guard_the_search_finds_the_mets_words_only_once_shown(
        small_bundle, tmp_path):
    from dataclasses import replace
    from review.bundle.contents import read_bundle, write_bundle
    from review.demo.bundle import demo_coordinator
    guarded = tmp_path / "guarded.prb"
    write_bundle(guarded, replace(read_bundle(small_bundle).contents, anchoring_guard=True),
                 demo_coordinator())
    with Workspace.create(tmp_path / "g.prw", PASSPHRASE, guarded) as ws:
        assert ws.anchoring_guard()

        def in_body(word: str) -> set[int]:
            return {r for (r,) in ws.db.execute(
                "SELECT rowid FROM case_search WHERE case_search MATCH ?",
                ['{body} : ("' + word + '"*)'])}

        position = {cid: i for i, cid in enumerate(ws.case_ids())}
        found = None
        for cid in ws.case_ids():
            for word in ws.case(cid).met_rationale.split():
                word = word.strip(".,;:()'\"").lower()
                if len(word) > 4 and word.isalpha() and position[cid] not in in_body(word):
                    found = (cid, word)
                    break
            if found:
                break
        assert found, "no Met-only word in the fixture"
        cid, word = found
        assert cid not in ws.search(word)
        ws.decisions.save(cid, Decision(category="new_assessment"))
        assert not ws.met_hidden(cid) and cid in ws.search(word)

"""Workspaces as older Panel Review versions made them, for migration tests.

``old_workspace`` creates a workspace through the real ``Workspace.create``
with the schema stopped at an older version and the bundle import of that
time: until schema 3, the cases table had no list columns and the search
index kept each case's id and text (``_legacy_import`` is that import,
frozen; ``_v3_import`` is the import of schema 3, frozen too: linked cases
with id, subject and Met category only, and no subject in the search text);
until schema 4, the regime went by the conduct date (``old_regime``).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from pathlib import Path
from typing import Iterator

import pytest

from review.workspace import schema
from review.workspace import database as ws_mod
from review.bundle.contents import Bundle
from review.cases import Case
from review.workspace.database import Workspace
from review.workspace.decision_store import DecisionStore

# The search of schema versions 1 and 2, word for word.
LEGACY_SEARCH = "SELECT case_id FROM case_search WHERE case_search MATCH ?"


def old_regime(case) -> str:
    """The regime as versions before schema 4 gave it: by the conduct date, two regimes."""
    return "2020" if case.conduct_date >= dt.date(2020, 2, 1) else "2012"


def legacy_match(query: str) -> str:
    terms = [t for t in query.split() if t.strip('"')]
    return " ".join('"' + t.replace('"', '""') + '"*' for t in terms)


def _legacy_search_text(case, notes: list[str]) -> str:
    """The indexed text of a case until schema 5 (no subject pseudonym)."""
    return "\n".join([case.case_id, case.original_ref, case.summary, case.met_rationale,
                      case.original_outcome, *case.lines_of_inquiry, *case.risk_measures,
                      *(d.title for d in case.documents), *notes])


def _linked_rows(c, ids: set[str]):
    return ({"case_id": x.case_id, "subject_id": x.subject_id, "met_category": x.met_category}
            for x in c.linked if x.case_id not in ids)


def _legacy_import(self: Workspace, bundle: Bundle) -> None:
    c = bundle.contents
    owner_id, owner_name = self._owner(bundle)
    text_docs = ws_mod.search_notes(bundle)
    with self.db.atomic():
        self.db["cases"].insert_all(
            {"case_id": x.case_id, "position": i, "subject_id": x.subject_id,
             "met_category": x.met_category, "regime": old_regime(x),
             "conduct_date": x.conduct_date.isoformat(),
             "reported_date": x.reported_date.isoformat(),
             "outcome_date": x.outcome_date.isoformat(),
             "data": json.dumps(x.to_json(), ensure_ascii=False)}
            for i, x in enumerate(c.cases))
        self.db["case_search"].insert_all(
            {"case_id": x.case_id, "body": _legacy_search_text(x, text_docs.get(x.case_id, []))}
            for x in c.cases)
        _import_the_rest(self, bundle, owner_id, owner_name, "legacy")


def _import_the_rest(self: Workspace, bundle: Bundle, owner_id: str, owner_name: str,
                     workspace_id: str) -> None:
    """Documents, linked cases, roster, assignments and meta, as every old import wrote them."""
    c = bundle.contents
    self.db["documents"].insert_all(
        {"filename": d.filename, "case_id": x.case_id, "content": c.documents[d.filename]}
        for x in c.cases for d in x.documents)
    self.db["linked_cases"].insert_all(_linked_rows(c, {x.case_id for x in c.cases}))
    self.db["roster"].insert_all(
        {"reviewer_id": r.reviewer_id, "name": r.name, "fingerprint": r.fingerprint,
         "conflicts": json.dumps(list(r.conflicts))} for r in c.roster)
    self.db["assignments"].insert_all({"case_id": a, "reviewer_id": b}
                                      for a, b in c.assignments)
    self._set_meta({
        "workspace_id": workspace_id, "created_at": self.clock(), "role": self.ROLE,
        "member_id": owner_id, "member_name": owner_name, "bundle_id": c.bundle_id,
        "bundle_title": c.title, "bundle_digest": bundle.digest,
        "bundle_created_at": c.created_at, "demo": "1" if c.demo else "0",
        "coordinator_name": bundle.signer_name,
        "coordinator_fingerprint": bundle.signer_fingerprint,
        "coordinator_cert": bundle.cert_pem.decode("ascii"),
        "history_head": "0" * 64, "history_count": "0",
    })


def _old_rules(self: DecisionStore, case_id: str) -> tuple[str, str, tuple[str, ...]]:
    """How decisions were checked before schema 4: against the stored regime only.

    Every role was offered the regime's whole list, Regulation 13 included,
    which is what a probationer is offered under the same regulations now.
    """
    (regime,) = self.db.execute("SELECT regime FROM cases WHERE case_id = ?", [case_id]).fetchone()
    return regime, "probationer", ()


def _v3_import(self: Workspace, bundle: Bundle) -> None:
    c = bundle.contents
    owner_id, owner_name = self._owner(bundle)
    text_docs = ws_mod.search_notes(bundle)
    with self.db.atomic():
        self.db["cases"].insert_all(
            {"case_id": x.case_id, "position": i, "subject_id": x.subject_id,
             "met_category": x.met_category, "regime": x.regime,
             "conduct_date": x.conduct_date.isoformat(),
             "reported_date": x.reported_date.isoformat(),
             "outcome_date": x.outcome_date.isoformat(),
             "data": json.dumps(x.to_json(), ensure_ascii=False),
             "subject_role": x.subject_role, "rank": x.rank,
             "allegations": ",".join(x.allegation_types)}
            for i, x in enumerate(c.cases))
        self.db.conn.executemany(
            "INSERT INTO case_search (rowid, body) VALUES (?, ?)",
            [(i, _legacy_search_text(x, text_docs.get(x.case_id, [])))
             for i, x in enumerate(c.cases)])
        schema.optimize_search(self.db)
        _import_the_rest(self, bundle, owner_id, owner_name, "legacy-v3")


@contextlib.contextmanager
def old_schema(monkeypatch: pytest.MonkeyPatch, version: int) -> Iterator[None]:
    """Inside: Panel Review as it was at schema ``version`` (create, open, import)."""
    with monkeypatch.context() as m:
        m.setattr(schema, "MIGRATIONS", {v: schema.MIGRATIONS[v] for v in range(1, version + 1)})
        if version < 3:
            m.setattr(Workspace, "_import", _legacy_import)
        elif version < 5:
            m.setattr(Workspace, "_import", _v3_import)
        if version < 4:
            m.setattr(Case, "regime", property(old_regime))
            m.setattr(DecisionStore, "_rules", _old_rules)
        yield


def old_workspace(monkeypatch: pytest.MonkeyPatch, path: Path, passphrase: str, bundle: Path,
                  version: int) -> Workspace:
    """A new workspace of schema ``version``, made as that version made it."""
    with old_schema(monkeypatch, version):
        return Workspace.create(path, passphrase, bundle)

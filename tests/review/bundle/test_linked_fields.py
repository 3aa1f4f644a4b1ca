"""Linked cases carry conduct date and allegations; the anchoring guard is a
manifest field.  Bundles written before either existed still open."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from review.bundle import format as fmt
from review.bundle.contents import (BundleContents, LinkedCase, counts_of, read_bundle,
                                    write_bundle)
from review.demo.bundle import build_demo_bundles, demo_coordinator
from review.errors import BundleError
from review.workspace.database import Workspace
from tests.conftest import PASSPHRASE


@pytest.fixture(scope="module")
def panel_bundle(tmp_path_factory) -> Path:
    """Member R01 of a three-member demo panel: it has linked cases of others."""
    folder = tmp_path_factory.mktemp("panel")
    build_demo_bundles(folder, cases=60, reviewers=3, per_case=1, seed=5)
    return folder / "R01.prb"


def _rewrite(source: Path, target: Path, **changes) -> Path:
    contents = replace(read_bundle(source).contents, **changes)
    write_bundle(target, contents, demo_coordinator())
    return target


def _write_as_before(path: Path, c: BundleContents) -> Path:
    """A version-1 bundle as Panel Review wrote it before these fields: linked
    cases with id, subject and Met category only, and no anchoring_guard."""
    entries = {
        "cases.json": json.dumps({"cases": [x.to_json() for x in c.cases],
                                  "linked": [{"case_id": x.case_id, "subject_id": x.subject_id,
                                              "met_category": x.met_category}
                                             for x in c.linked]}).encode(),
        "roster.json": json.dumps({"reviewers": [r.to_json() for r in c.roster]}).encode(),
        "assignments.json": json.dumps({"assignments": [{"case_id": a, "reviewer_id": b}
                                                        for a, b in c.assignments]}).encode(),
        **{"documents/" + name: data for name, data in c.documents.items()},
    }
    manifest = {"bundle_id": c.bundle_id, "title": c.title, "created_at": c.created_at,
                "member_id": c.member_id, "demo": c.demo, "counts": counts_of(c)}
    fmt.pack(path, demo_coordinator(), manifest, entries)
    return path


def test_demo_linked_cases_carry_date_and_allegations_and_the_guard_is_off(panel_bundle):
    c = read_bundle(panel_bundle).contents
    assert c.linked and c.anchoring_guard is False
    raw = fmt.unpack(panel_bundle)
    assert raw.manifest["anchoring_guard"] is False
    cases = {x.case_id: x for x in c.cases}
    for x in c.linked:
        assert x.case_id not in cases
        assert x.conduct_date and len(x.conduct_date) == 10 and x.allegation_types


@pytest.mark.parametrize("guard", [True, False])
def test_the_anchoring_guard_round_trips_through_the_manifest(panel_bundle, tmp_path, guard):
    path = _rewrite(panel_bundle, tmp_path / "g.prb", anchoring_guard=guard)
    assert fmt.unpack(path).manifest["anchoring_guard"] is guard
    assert read_bundle(path).contents.anchoring_guard is guard
    assert any(("hidden until" if guard else "shown at once") in line
               for line in read_bundle(path).describe())


def test_a_version_1_bundle_without_the_new_fields_opens_guard_off_not_recorded(
        panel_bundle, tmp_path):
    old = _write_as_before(tmp_path / "old.prb", read_bundle(panel_bundle).contents)
    raw = fmt.unpack(old)
    assert "anchoring_guard" not in raw.manifest and raw.manifest["version"] == 1
    c = read_bundle(old).contents
    assert c.anchoring_guard is False and c.linked
    assert all(x.conduct_date is None and x.allegation_types is None for x in c.linked)
    with Workspace.create(tmp_path / "old.prw", PASSPHRASE, old) as ws:
        assert ws.anchoring_guard() is False
        others = [e for cid in ws.case_ids() for e in ws.linked_cases(cid) if not e.mine]
        assert others and all(e.conduct_date is None and e.allegations is None
                              and e.met_category for e in others)
        assert not ws.met_hidden(ws.case_ids()[0])


@pytest.mark.parametrize("field, value, said", [
    ("conduct_date", "2019-02-30", "'2019-02-30', which is not a date"),
    ("conduct_date", 20190101, "20190101, which is not a date"),
    ("allegation_types", ["arson"], "['arson']; expected a list of"),
    ("allegation_types", [], "[]; expected a list of"),
    ("met_category", "sack_them", "unknown Met category 'sack_them'"),
])
def test_a_bad_linked_field_is_refused_naming_case_and_value(panel_bundle, tmp_path, field,
                                                             value, said):
    c = read_bundle(panel_bundle).contents
    bad = LinkedCase(**{**vars(c.linked[0]), field: value})
    path = tmp_path / "bad.prb"
    # Bypass to_json's typing: write the spoilt value as a coordinator's tool might.
    write_bundle(path, replace(c, linked=[bad, *c.linked[1:]]), demo_coordinator())
    with pytest.raises(BundleError) as err:
        read_bundle(path)
    assert f"Linked case {bad.case_id}" in str(err.value) and said in str(err.value)


def test_a_manifest_guard_that_is_not_true_or_false_is_refused(panel_bundle, tmp_path):
    c = read_bundle(panel_bundle).contents
    path = tmp_path / "odd.prb"
    manifest = {"bundle_id": c.bundle_id, "title": c.title, "created_at": c.created_at,
                "member_id": c.member_id, "demo": c.demo, "counts": counts_of(c),
                "anchoring_guard": "yes"}
    entries = {"cases.json": json.dumps({"cases": [x.to_json() for x in c.cases],
                                         "linked": []}).encode(),
               "roster.json": json.dumps({"reviewers": [r.to_json() for r in c.roster]}).encode(),
               "assignments.json": json.dumps({"assignments": [
                   {"case_id": a, "reviewer_id": b} for a, b in c.assignments]}).encode(),
               **{"documents/" + n: d for n, d in c.documents.items()}}
    fmt.pack(path, demo_coordinator(), manifest, entries)
    with pytest.raises(BundleError, match="anchoring_guard"):
        read_bundle(path)

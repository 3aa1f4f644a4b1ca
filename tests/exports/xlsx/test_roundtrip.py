"""Every decision field survives export to Excel and verified read-back."""

from __future__ import annotations

import dataclasses
import datetime as dt
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from review.cases import CATEGORIES
from review.workspace.decision_store import SavedDecision
from review.decisions import ACTIONS, CONCERNS, CONFIDENCE, SEVERITIES, STATUSES, Decision

from exports.xlsx.canonical import escape_text, unescape_text
from exports.snapshot import CaseRecord
from exports.xlsx.verify import read_signed_workbook
from exports.xlsx.writer import build_workbook


def test_every_saved_decision_reads_back_equal(exported):
    verified = read_signed_workbook(exported.xlsx)
    expected = {r.case_id: r.saved for r in exported.data.records if r.saved is not None}
    assert verified.saved == expected
    assert verified.decisions == {cid: s.decision for cid, s in expected.items()}
    assert verified.first_saved == {r.case_id: r.first_saved for r in exported.data.records
                                    if r.saved is not None}
    assert verified.met_categories == {r.case_id: r.case.met_category
                                       for r in exported.data.records}


def test_hand_made_decisions_keep_their_awkward_text(exported):
    from tests.exports.conftest import AWKWARD_RATIONALE, FORMULA_RATIONALE, RECUSAL_REASON
    got = read_signed_workbook(exported.xlsx).decisions
    assert got[exported.special["formula"]].rationale == FORMULA_RATIONALE
    assert got[exported.special["awkward"]].rationale == AWKWARD_RATIONALE.strip()
    assert got[exported.special["recused"]].recusal_reason == RECUSAL_REASON
    full = got[exported.special["full"]]
    assert full.severity == "gross_misconduct" and len(full.actions) == 3 and len(full.concerns) == 3


def test_metadata_reads_back(exported, member_identity):
    v = read_signed_workbook(exported.xlsx)
    d = exported.data
    assert (v.member_id, v.member_name, v.bundle_id, v.bundle_title, v.bundle_digest) == \
        (d.member_id, d.member_name, d.bundle_id, d.bundle_title, d.bundle_digest)
    assert v.fingerprint == member_identity.fingerprint
    assert v.certificate_pem == member_identity.cert_pem
    assert (v.history_head, v.history_count, v.exported_at) == \
        (d.history_head, d.history_count, d.exported_at)
    assert v.case_count == d.case_count and v.decision_count == d.decision_count
    merge_input = v.as_member_export()
    assert merge_input.fingerprint == v.fingerprint and merge_input.decisions == v.decisions


_text = st.text(max_size=300)
_decisions = st.builds(
    Decision,
    category=st.none() | st.sampled_from(sorted(CATEGORIES)),
    actions=st.lists(st.sampled_from(list(ACTIONS)), unique=True, max_size=4).map(tuple),
    severity=st.none() | st.sampled_from(sorted(SEVERITIES)),
    concerns=st.lists(st.sampled_from(list(CONCERNS)), unique=True, max_size=4).map(tuple),
    rationale=_text,
    confidence=st.none() | st.sampled_from(sorted(CONFIDENCE)),
    status=st.sampled_from(sorted(STATUSES)),
    recused=st.booleans(),
    recusal_reason=_text,
)
_times = st.datetimes(min_value=dt.datetime(2000, 1, 1), max_value=dt.datetime(2099, 12, 31)).map(
    lambda t: t.replace(microsecond=t.microsecond // 1000 * 1000).isoformat(
        timespec="milliseconds") + "Z")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(decisions=st.lists(_decisions, min_size=3, max_size=3),
       versions=st.lists(st.integers(1, 10_000), min_size=3, max_size=3), saved_at=_times)
def test_any_decision_round_trips(export_data, member_identity, decisions, versions, saved_at):
    records = []
    for record, decision, version in zip(export_data.records, decisions, versions):
        saved = SavedDecision(record.case_id, decision, version, saved_at)
        records.append(CaseRecord(record.case, saved, ()))
    data = dataclasses.replace(export_data, records=tuple(records), history=())
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "roundtrip.xlsx"
        path.write_bytes(build_workbook(data, member_identity))
        verified = read_signed_workbook(path)
    assert verified.saved == {r.case_id: r.saved for r in records}
    assert verified.first_saved == {r.case_id: saved_at for r in records}


@given(st.text())
def test_cell_text_escaping_is_reversible(text):
    assert unescape_text(escape_text(text)) == text


@pytest.mark.parametrize("text", ["_x0041_", "_x005F_", "a\x00b", "\x1f", "\ufffe", "_X00e9_"])
def test_awkward_cell_text(text):
    assert unescape_text(escape_text(text)) == text

"""The API the app calls: progress, cancel, atomic writes, refusals."""

from __future__ import annotations

import dataclasses
import os

import pytest

from review.atomic import TEMP_PREFIX
from review.identity import load_identity
from tests.conftest import PASSPHRASE
from tests.exports.conftest import MARKUP_RATIONALE

from exports.errors import ExportCancelled, ExportError
from exports.service import default_export_paths, export_signed, export_workspace
from exports.verify import verify_file


def _files(folder):
    return sorted(p.name for p in folder.iterdir())


def test_progress_rises_to_one_with_messages_free_of_case_text(export_data, member_identity,
                                                               tmp_path):
    seen: list[tuple[float, str]] = []
    export_signed(export_data, member_identity, pdf_path=tmp_path / "a.pdf",
                  xlsx_path=tmp_path / "a.xlsx", progress=lambda f, m: seen.append((f, m)))
    fractions = [f for f, _ in seen]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0 and len(seen) > 10
    assert any("Laying out case" in m for _, m in seen) and any("workbook" in m.lower()
                                                                for _, m in seen)
    case_text = [r.case.summary[:30] for r in export_data.records] + [MARKUP_RATIONALE[:30]]
    assert not any(t in m for _, m in seen for t in case_text)


@pytest.mark.parametrize("stage", ["Laying out case", "Signing the PDF", "Writing the Decisions",
                                   "Writing the History", "Signing the workbook"])
def test_cancel_at_any_stage_leaves_no_file(export_data, member_identity, tmp_path, stage):
    old_pdf = tmp_path / "old.pdf"
    old_pdf.write_bytes(b"an earlier export")
    state = {"cancel": False}

    def progress(fraction, message):
        if message.startswith(stage):
            state["cancel"] = True

    with pytest.raises(ExportCancelled, match="cancelled"):
        export_signed(export_data, member_identity, pdf_path=old_pdf,
                      xlsx_path=tmp_path / "new.xlsx", progress=progress,
                      should_cancel=lambda: state["cancel"])
    assert _files(tmp_path) == ["old.pdf"]
    assert old_pdf.read_bytes() == b"an earlier export"


def test_failure_writing_the_second_file_leaves_neither(export_data, member_identity, tmp_path):
    blocker = tmp_path / "taken.xlsx"
    blocker.mkdir()  # a folder where the workbook should go: the rename fails
    with pytest.raises(ExportError, match="could not be written"):
        export_signed(export_data, member_identity, pdf_path=tmp_path / "a.pdf",
                      xlsx_path=blocker)
    assert _files(tmp_path) == ["taken.xlsx"]
    assert not any(n.startswith(TEMP_PREFIX) for n in os.listdir(tmp_path))


def test_identity_other_than_the_pinned_one_is_refused(export_data, other_identity, tmp_path,
                                                       member_identity):
    data = dataclasses.replace(export_data, member_pinned_fingerprint=member_identity.fingerprint)
    with pytest.raises(ExportError, match="not the one the coordinator registered"):
        export_signed(data, other_identity, pdf_path=tmp_path / "a.pdf")
    assert _files(tmp_path) == []
    export_signed(data, member_identity, xlsx_path=tmp_path / "ok.xlsx")  # the pinned one works
    assert verify_file(tmp_path / "ok.xlsx").valid


@pytest.mark.parametrize("pdf, xlsx", [(None, None), ("same.out", "same.out")])
def test_bad_targets_are_refused(export_data, member_identity, tmp_path, pdf, xlsx):
    with pytest.raises(ExportError):
        export_signed(export_data, member_identity,
                      pdf_path=tmp_path / pdf if pdf else None,
                      xlsx_path=tmp_path / xlsx if xlsx else None)
    assert _files(tmp_path) == []


def test_export_workspace_defaults_to_new_files_beside_the_workspace(decided_workspace,
                                                                     member_identity_dir,
                                                                     tmp_path):
    import shutil
    ws_path = tmp_path / "copy.prw"
    shutil.copyfile(decided_workspace[0], ws_path)
    result = export_workspace(ws_path, PASSPHRASE, member_identity_dir, PASSPHRASE)
    assert result.pdf_path.parent == tmp_path and result.xlsx_path.parent == tmp_path
    assert result.pdf_path.suffix == ".pdf" and result.xlsx_path.suffix == ".xlsx"
    assert verify_file(result.pdf_path).valid and verify_file(result.xlsx_path).valid
    assert result.fingerprint == load_identity(member_identity_dir, PASSPHRASE).fingerprint


def test_default_names_are_safe_and_distinct(export_data, tmp_path):
    data = dataclasses.replace(export_data, member_id="R/../01", bundle_id="b:1")
    pdf, xlsx = default_export_paths(data, tmp_path)
    assert pdf.parent == tmp_path and "/" not in pdf.name and ":" not in pdf.name
    assert pdf.stem == xlsx.stem and pdf != xlsx


def test_default_names_say_who_what_and_when_and_never_overwrite(export_data, tmp_path):
    data = dataclasses.replace(export_data, member_name="Dr A/B O'Neil",
                               bundle_title="Panel: wave 2?", exported_at="2026-03-07T10:11:12.000Z")
    pdf, xlsx = default_export_paths(data, tmp_path)
    assert pdf.name == "Dr A_B O'Neil \u2013 Panel_ wave 2_ \u2013 2026-03-07.pdf"
    assert xlsx == pdf.with_suffix(".xlsx")
    xlsx.write_bytes(b"an earlier export")  # the same day: a new name, not a replaced file
    pdf2, xlsx2 = default_export_paths(data, tmp_path)
    assert pdf2.name == "Dr A_B O'Neil \u2013 Panel_ wave 2_ \u2013 2026-03-07 (2).pdf"
    assert not pdf2.exists() and not xlsx2.exists()


def test_broken_history_is_not_exported(decided_workspace, tmp_path, monkeypatch):
    """The snapshot verifies the chain first (the chain's own tests break it for real)."""
    import shutil
    from review.workspace.decision_store import DecisionStore
    from review.errors import HistoryError
    from review.workspace.database import Workspace
    from exports.snapshot import collect_export_data

    def broken(self):
        raise HistoryError("History entry 3 was altered after it was saved.")
    ws_path = tmp_path / "broken.prw"
    shutil.copyfile(decided_workspace[0], ws_path)
    monkeypatch.setattr(DecisionStore, "check_history", broken)
    with Workspace.open(ws_path, PASSPHRASE) as ws:
        with pytest.raises(HistoryError, match="altered"):
            collect_export_data(ws)


def test_a_workspace_with_no_decisions_exports_and_verifies(small_bundle, member_identity,
                                                           tmp_path):
    from review.workspace.database import Workspace
    from exports.snapshot import collect_export_data
    with Workspace.create(tmp_path / "fresh.prw", PASSPHRASE, small_bundle) as ws:
        data = collect_export_data(ws)
    assert data.decision_count == 0 and data.history_count == 0
    result = export_signed(data, member_identity, pdf_path=tmp_path / "none.pdf",
                           xlsx_path=tmp_path / "none.xlsx")
    assert verify_file(result.pdf_path).valid
    report = verify_file(result.xlsx_path)
    assert report.valid and report.decision_count == 0 and report.case_count == data.case_count

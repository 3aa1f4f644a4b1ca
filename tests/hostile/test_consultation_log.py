"""The consultation log: which cases the member opened and when, kept and exported.

Data protection law expects a record of who consulted a person's data; the
workspace keeps one (schema version 2), the app writes it whenever a case
is shown, and both signed exports carry it.
"""

from __future__ import annotations

import shutil
import subprocess

import openpyxl
import pytest

from review.workspace import schema
from review.decisions import Decision
from review.errors import UnknownCase
from review.workspace.database import Workspace
from tests.conftest import PASSPHRASE
from tests.review.workspace.legacy import old_schema


def test_record_and_read_back(workspace):
    ids = workspace.case_ids()
    first = workspace.record_consultation(ids[0])
    workspace.record_consultation(ids[1])
    workspace.record_consultation(ids[0])
    log = workspace.consultations()
    assert [c.case_id for c in log] == [ids[0], ids[1], ids[0]]
    assert log[0] == first and first.opened_at.endswith("Z")
    assert [c.case_id for c in workspace.consultations(ids[0])] == [ids[0], ids[0]]


def test_unknown_case_is_refused_and_not_logged(workspace):
    with pytest.raises(UnknownCase):
        workspace.record_consultation("PR-NOPE")
    assert workspace.consultations() == []


def test_log_is_committed_and_append_only(workspace):
    cid = workspace.case_ids()[0]
    workspace.record_consultation(cid)
    path = workspace.path
    workspace.close()
    with Workspace.open(path, PASSPHRASE) as ws:
        assert [c.case_id for c in ws.consultations()] == [cid]
        for sql in ("DELETE FROM consultations", "UPDATE consultations SET case_id = 'x'"):
            with pytest.raises(Exception, match="append-only"):
                ws.db.execute(sql)


def test_log_holds_no_case_text(workspace):
    cid = workspace.case_ids()[0]
    workspace.record_consultation(cid)
    row = workspace.db.execute("SELECT * FROM consultations").fetchone()
    assert set(map(type, row)) <= {int, str} and len("".join(map(str, row))) < 80


def test_version_1_workspace_is_backed_up_and_migrated(small_bundle, tmp_path, monkeypatch):
    path = tmp_path / "old.prw"
    with old_schema(monkeypatch, 1):
        with Workspace.create(path, PASSPHRASE, small_bundle) as ws:
            assert schema.current_version(ws.db) == 1
            assert "consultations" not in ws.db.table_names()
            cid = ws.case_ids()[0]
            ws.decisions.finalise(cid, Decision(category="new_assessment",
                                                actions=("further_inquiry",), confidence="high",
                                                rationale="Missed lines of inquiry."))
            before = ws.decisions.check_history()
    with Workspace.open(path, PASSPHRASE) as ws:
        assert schema.current_version(ws.db) == schema.latest_version()
        assert ws.decisions.get(cid).decision.rationale == "Missed lines of inquiry."
        assert ws.decisions.check_history() == before
        assert ws.consultations() == []
        ws.record_consultation(cid)
        assert len(ws.consultations()) == 1
    backup = schema.backup_path(path, 1)
    assert backup.exists()
    with old_schema(monkeypatch, 1):  # the backup is the untouched version-1 workspace
        copy = tmp_path / "restored.prw"
        shutil.copyfile(backup, copy)
        with Workspace.open(copy, PASSPHRASE) as ws:
            assert schema.current_version(ws.db) == 1
            assert ws.decisions.get(cid) is not None


def test_new_workspaces_are_the_latest_version(workspace):
    assert schema.current_version(workspace.db) == schema.latest_version()
    assert not schema.backup_path(workspace.path, 1).exists()


# -- in the exports -----------------------------------------------------------------------

def test_excel_export_has_a_signed_consultations_sheet(signed_export):
    from exports.xlsx.verify import read_signed_workbook
    wb = openpyxl.load_workbook(signed_export[1])
    ws = wb["Consultations"]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0] == ("Entry", "Case ID", "Opened (UTC)")
    assert [r[1] for r in rows[1:]] == ["PR-0001", "PR-0002", "PR-0003", "PR-0001"]
    assert all(r[2] is not None for r in rows[1:])
    about = {r[0]: r[1] for r in wb["About"].iter_rows(values_only=True)}
    assert about["Case openings logged"] == 4
    core_sheets = read_signed_workbook(signed_export[1])  # VALID, with the sheet sealed
    assert core_sheets.decision_count == 2


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs pdftotext (poppler-utils)")
def test_pdf_export_has_a_consultation_appendix(signed_export):
    text = subprocess.run(["pdftotext", str(signed_export[0]), "-"], capture_output=True,
                          text=True, check=True).stdout
    flat = " ".join(text.split())
    assert "Appendix: consultation log" in flat
    assert "Case openings: 4 of 3 cases" in flat
    appendix = flat[flat.index("Appendix: consultation log"):]
    assert appendix.count("PR-0001") >= 2 and "PR-0003" in appendix
    # the consultation appendix comes before the history chain and its signature box
    assert flat.rindex("Appendix: consultation log") < flat.rindex("Appendix: history chain")


def test_pdf_summarises_a_long_log_per_case(small_bundle, tmp_path):
    from exports.snapshot import collect_export_data
    from exports.pdf.cases import CONSULTATIONS_LISTED, consultation_appendix
    from exports.pdf.style import Styles
    with Workspace.create(tmp_path / "w.prw", PASSPHRASE, small_bundle) as ws:
        ids = ws.case_ids()
        for i in range(CONSULTATIONS_LISTED + 5):
            ws.record_consultation(ids[i % 3])
        data = collect_export_data(ws)
    flow = consultation_appendix(data, 500, Styles())
    table = flow[-1]
    assert table._cellvalues[0] == ["Case ID", "Times opened", "First opened", "Last opened"]
    assert len(table._cellvalues) == 4  # header and one row per case

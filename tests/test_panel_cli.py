"""The coordinator's command line: demo-panel end to end, merge refusals."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

import main
from tests.cli_helpers import run
from tests.conftest import PASSPHRASE

pytestmark = pytest.mark.usefixtures("cli_passphrase")


@pytest.fixture(scope="module")
def rehearsal(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("rehearsal") / "panel"
    with pytest.MonkeyPatch.context() as mp:  # module-scoped: no monkeypatch fixture here
        mp.setenv(main.PASSPHRASE_ENV, PASSPHRASE)
        assert main.main(["demo-panel", str(folder), "--cases", "30", "--reviewers", "3"]) == 0
    return folder


def test_rehearsal_produces_every_artefact(rehearsal):
    for rel in ("bundles/panel.prb", "bundles/R01.prb", "exports/R03.xlsx", "coordinator.prw",
                "identities/coordinator/cert.pem", "input/cases.xlsx", "consolidated.pdf",
                "consolidated.xlsx"):
        assert (rehearsal / rel).exists(), rel


def test_exports_verify(rehearsal, capsys):
    code, out, _ = run(capsys, "verify", *sorted((rehearsal / "exports").glob("*.xlsx")))
    assert code == 0 and out.count("VALID") >= 3


def test_consolidated_pdf_verifies_as_the_coordinators(rehearsal, capsys):
    code, out, _ = run(capsys, "verify", rehearsal / "consolidated.pdf")
    assert code == 0 and "VALID" in out and "DEMO Coordinator" in out


def test_demo_panel_adjudicates_and_says_where_the_result_is(tmp_path, capsys):
    from review.panel.workspace import CoordinatorWorkspace
    folder = tmp_path / "p"
    code, out, _ = run(capsys, "demo-panel", folder, "--cases", "16", "--reviewers", "3",
                       "--seed", "5")
    assert code == 0
    assert f"Consolidated PDF:      {folder / 'consolidated.pdf'}" in out
    assert f"Consolidated workbook: {folder / 'consolidated.xlsx'}" in out
    with CoordinatorWorkspace.open(folder / "coordinator.prw", PASSPHRASE) as coord:
        statuses = [r.status for r in coord.overview()]
        history = coord.decisions.check_history()
    disputed = statuses.count("adjudicated") + statuses.count("disagreement")
    assert statuses.count("adjudicated") == (disputed + 1) // 2 == history.entries


def test_reimport_changes_nothing(rehearsal, tmp_path, capsys):
    coord = tmp_path / "coord.prw"
    shutil.copyfile(rehearsal / "coordinator.prw", coord)
    files = sorted((rehearsal / "exports").glob("*.xlsx"))
    code, out, _ = run(capsys, "merge", *files, "--roster", rehearsal / "bundles/panel.prb",
                       "--workspace", coord)
    assert code == 0 and out.count("ALREADY IMPORTED") == 3


def test_edited_export_is_refused_naming_the_cell(rehearsal, tmp_path, capsys):
    from openpyxl import load_workbook
    edited = tmp_path / "R01-edited.xlsx"
    wb = load_workbook(rehearsal / "exports/R01.xlsx")
    ws = wb["Decisions"]
    header = [c.value for c in ws[1]]
    col = next(i for i, h in enumerate(header, 1) if h and "ationale" in str(h))
    ws.cell(row=2, column=col).value = "Changed after signing by someone else entirely."
    wb.save(edited)
    code, out, err = run(capsys, "merge", edited, "--roster", rehearsal / "bundles/panel.prb",
                         "--workspace", tmp_path / "fresh.prw")
    assert code == 1 and "REFUSED" in out and "Decisions!" in out
    assert "refused" in err


def test_export_from_another_panel_is_refused(rehearsal, tmp_path, capsys):
    other = tmp_path / "other"
    assert main.main(["demo-panel", str(other), "--cases", "12", "--reviewers", "2", "--seed", "3"]) == 0
    capsys.readouterr()
    code, out, _ = run(capsys, "merge", other / "exports/R01.xlsx", "--roster",
                       rehearsal / "bundles/panel.prb", "--workspace", tmp_path / "c.prw")
    assert code == 1 and "REFUSED" in out and "not pinned" in out


def test_bundle_create_reports_bad_rows_and_writes_nothing(rehearsal, tmp_path, capsys):
    import csv
    bad = tmp_path / "cases.csv"
    with open(bad, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["Case ID", "Conduct date"])
        w.writerow(["PR-1", "31/02/2019"])
    code, _, err = run(capsys, "bundle", "create", "--cases", bad, "--roster",
                       rehearsal / "input/roster.csv", "--identity",
                       rehearsal / "identities/coordinator", "--out", tmp_path / "out")
    assert code == 2 and "row 2" in err and "Nothing was written" in err
    assert not (tmp_path / "out").exists()


def test_rehearsal_documents_keep_their_titles(rehearsal):
    from review.bundle.contents import read_bundle
    cases = read_bundle(rehearsal / "bundles" / "R01.prb").contents.cases
    titles = {d.title for c in cases for d in c.documents}
    assert titles and not any(re.fullmatch(r"D\d+", t) for t in titles)
    assert "Case chronology" in titles or "Vetting note" in titles


def test_bundle_create_guards_by_default_and_no_anchoring_guard_turns_it_off(
        rehearsal, tmp_path, capsys):
    from review.bundle.contents import read_bundle
    assert read_bundle(rehearsal / "bundles" / "R01.prb").contents.anchoring_guard is True
    args = ["bundle", "create", "--cases", rehearsal / "input/cases.xlsx", "--roster",
            rehearsal / "input/roster.csv", "--identity", rehearsal / "identities/coordinator"]
    code, _, err = run(capsys, *args, "--out", tmp_path / "open", "--no-anchoring-guard",
                       "--plain")
    assert code == 0, err
    assert read_bundle(tmp_path / "open" / "R01.prb").contents.anchoring_guard is False
    code, out, _ = run(capsys, "bundle", "verify", tmp_path / "open" / "R01.prb")
    assert code == 0 and "the Met's category is shown at once" in out

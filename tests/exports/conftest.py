"""Fixtures for the signed exports: a decided 40-case workspace, identities, one export.

The workspace, identities and the exported PDF and workbook are made once
per session (signing and layout take a moment); tests that alter a file
work on a copy in their own tmp_path.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from review.decisions import Decision
from review.identity import Identity, load_identity
from review.demo.simulate import simulate
from review.workspace.database import Workspace
from tests.conftest import PASSPHRASE

from exports.snapshot import ExportData, collect_export_data
from exports.service import ExportResult, export_signed

MEMBER_NAME = "Dr A Example"
FORMULA_RATIONALE = '=HYPERLINK("http://evil.example/steal","Click here")'
MARKUP_RATIONALE = ('Markup must print literally: <b>not bold</b>, <img src="http://evil.example/x.png"> '
                    "and R&D &amp; co. The panel finds that lines of inquiry were missed.")
AWKWARD_RATIONALE = ("Line one.\r\nLine two\twith a tab, _x0041_ literal, a bell \x07 and + - @ "
                     "signs; a long token https://example.invalid/" + "x" * 260 + " ends it.")
RECUSAL_REASON = "-I declare a conflict of interest: I supervised the subject's team for two years."


@dataclass(frozen=True)
class Exported:
    pdf: Path
    xlsx: Path
    data: ExportData
    result: ExportResult
    special: dict[str, str]      # role → case id of the hand-made decisions


@pytest.fixture(scope="session")
def member_identity_dir(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("identities") / "member"
    Identity.generate(MEMBER_NAME).save(folder, PASSPHRASE)
    return folder


@pytest.fixture(scope="session")
def member_identity(member_identity_dir) -> Identity:
    return load_identity(member_identity_dir, PASSPHRASE)


@pytest.fixture(scope="session")
def other_identity_dir(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("identities") / "other"
    Identity.generate("Prof B Other").save(folder, PASSPHRASE)
    return folder


@pytest.fixture(scope="session")
def other_identity(other_identity_dir) -> Identity:
    return load_identity(other_identity_dir, PASSPHRASE)


@pytest.fixture(scope="session")
def decided_workspace(small_bundle, tmp_path_factory) -> tuple[Path, dict[str, str]]:
    """Simulated decisions plus hand-made ones with hostile or awkward text."""
    path = tmp_path_factory.mktemp("workspaces") / "decided.prw"
    ws = Workspace.create(path, PASSPHRASE, small_bundle)
    try:
        simulate(ws, seed=1)
        ids = ws.case_ids()
        special = {"formula": ids[0], "markup": ids[1], "awkward": ids[2], "recused": ids[3],
                   "full": ids[4]}
        ws.decisions.save(ids[0], Decision(category="new_assessment", rationale=FORMULA_RATIONALE))
        ws.decisions.finalise(ids[1], Decision(category="new_assessment",
                                               actions=("further_inquiry",),
                                               rationale=MARKUP_RATIONALE, confidence="high"))
        ws.decisions.save(ids[2], Decision(rationale=AWKWARD_RATIONALE, confidence="low"))
        ws.decisions.recuse(ids[3], RECUSAL_REASON)
        ws.decisions.finalise(ids[4], Decision(
            category="formal_risk_management",
            actions=("misconduct_proceedings", "vetting_review", "safeguarding_referral"),
            severity="gross_misconduct",
            concerns=("repeat_subject", "sexual_misconduct", "victim_not_contacted"),
            rationale="The subject's pattern of conduct across cases calls for proceedings now.",
            confidence="medium"))
    finally:
        ws.close()
    return path, special


@pytest.fixture(scope="session")
def export_data(decided_workspace) -> ExportData:
    with Workspace.open(decided_workspace[0], PASSPHRASE) as ws:
        return collect_export_data(ws)


@pytest.fixture(scope="session")
def exported(export_data, member_identity, decided_workspace, tmp_path_factory) -> Exported:
    folder = tmp_path_factory.mktemp("exported")
    result = export_signed(export_data, member_identity, pdf_path=folder / "member.pdf",
                           xlsx_path=folder / "member.xlsx")
    return Exported(folder / "member.pdf", folder / "member.xlsx", export_data, result,
                    decided_workspace[1])


@pytest.fixture
def pdf_copy(exported, tmp_path) -> Path:
    target = tmp_path / "copy.pdf"
    shutil.copyfile(exported.pdf, target)
    return target


@pytest.fixture
def xlsx_copy(exported, tmp_path) -> Path:
    target = tmp_path / "copy.xlsx"
    shutil.copyfile(exported.xlsx, target)
    return target

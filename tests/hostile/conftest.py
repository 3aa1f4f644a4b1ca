"""Shared fixtures of the hostile-input suite."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))  # hostile_helpers


@pytest.fixture(scope="session")
def tiny_bundle_bytes(tmp_path_factory) -> bytes:
    """A valid 3-case member bundle (documents of both kinds), as bytes."""
    from review.demo.bundle import build_demo_bundles
    path = tmp_path_factory.mktemp("hostile-bundle") / "tiny.prb"
    build_demo_bundles(path, cases=3, seed=3, sealed=False)  # tests alter its archive
    return path.read_bytes()


@pytest.fixture
def private_tmp(tmp_path, monkeypatch) -> Path:
    """Point the process's temporary folder at an empty test folder; yields it.

    Anything Panel Review (or a library it calls) writes to the temporary
    folder then shows up here, so a test can assert that nothing was written.
    """
    folder = tmp_path / "process-tmp"
    folder.mkdir()
    monkeypatch.setenv("TMPDIR", str(folder))
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


MEMBER_MARKER = "zq-marker"  # never in a demo text: see test_secrecy_at_rest


@pytest.fixture(scope="session")
def signed_export(tiny_bundle_bytes, tmp_path_factory):
    """A decided 3-case workspace with consultations, exported: (pdf, xlsx, identity dir)."""
    from review.decisions import Decision
    from review.identity import Identity, load_identity
    from review.workspace.database import Workspace
    from exports.snapshot import collect_export_data
    from exports.service import export_signed
    from tests.conftest import PASSPHRASE
    folder = tmp_path_factory.mktemp("hostile-export")
    bundle = folder / "tiny.prb"
    bundle.write_bytes(tiny_bundle_bytes)
    ident_dir = folder / "identity"
    Identity.generate("Dr A Example").save(ident_dir, PASSPHRASE)
    with Workspace.create(folder / "member.prw", PASSPHRASE, bundle) as ws:
        ids = ws.case_ids()
        for cid in ids + ids[:1]:
            ws.record_consultation(cid)
        ws.decisions.finalise(ids[0], Decision(category="new_assessment",
                                               actions=("further_inquiry",), confidence="high",
                                               rationale="Lines of inquiry were missed."))
        ws.decisions.save(ids[1], Decision(category="no_formal_action", rationale="Draft."))
        data = collect_export_data(ws)
    export_signed(data, load_identity(ident_dir, PASSPHRASE), pdf_path=folder / "member.pdf",
                  xlsx_path=folder / "member.xlsx")
    return folder / "member.pdf", folder / "member.xlsx", ident_dir

"""The full 1,131-case demo exports and verifies in reasonable time (slow: still run in CI)."""

from __future__ import annotations

import time

import pytest

from review.demo.bundle import build_demo_bundles
from review.demo.simulate import simulate
from review.workspace.database import Workspace
from tests.conftest import PASSPHRASE

from exports.snapshot import collect_export_data
from exports.service import export_signed
from exports.verify import verify_file
from exports.xlsx.verify import read_signed_workbook

PDF_SECONDS, XLSX_SECONDS = 150, 40  # several times what a developer laptop takes


@pytest.mark.slow
def test_full_demo_export(tmp_path, member_identity):
    bundle = tmp_path / "full.prb"
    build_demo_bundles(bundle, cases=1131, seed=0)
    with Workspace.create(tmp_path / "full.prw", PASSPHRASE, bundle) as ws:
        simulate(ws, seed=0)
        data = collect_export_data(ws)
    assert data.case_count == 1131

    started = time.perf_counter()
    pdf = export_signed(data, member_identity, pdf_path=tmp_path / "full.pdf")
    pdf_seconds = time.perf_counter() - started
    started = time.perf_counter()
    export_signed(data, member_identity, xlsx_path=tmp_path / "full.xlsx")
    xlsx_seconds = time.perf_counter() - started
    print(f"\n1,131 cases: PDF {pdf_seconds:.1f} s ({pdf.pdf_pages} pages), "
          f"Excel {xlsx_seconds:.1f} s")
    assert pdf_seconds < PDF_SECONDS and xlsx_seconds < XLSX_SECONDS

    assert verify_file(tmp_path / "full.pdf").valid
    verified = read_signed_workbook(tmp_path / "full.xlsx")
    assert verified.saved == {r.case_id: r.saved for r in data.records if r.saved}

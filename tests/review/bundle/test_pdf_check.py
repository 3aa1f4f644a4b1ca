"""PDFs are opened and measured before they are signed into a bundle; hostile and damaged
ones are refused with the file and case named, long ones warned about."""

from __future__ import annotations

import time

import pytest

from review.bundle import pdf_check
from review.bundle.documents import scan_documents
from review.bundle.pdf_check import PdfRefused, inspect_pdf
from review.bundle.pdf_worker import PdfChecker
from tests.hostile import pdfs


def test_an_ordinary_pdf_is_counted():
    assert inspect_pdf(pdfs.ordinary(3)).pages == 3


def test_the_demo_documents_pass():
    from review.demo.pdf import one_page_pdf
    assert inspect_pdf(one_page_pdf("T", ["a"], ["b"])).pages == 1


@pytest.mark.parametrize("data,reason", [
    (pdfs.truncated(pdfs.ordinary(3)), "is truncated"),
    (pdfs.page_tree_loop(), "loops back on itself"),
    (pdfs.deep_tree(pdf_check.MAX_DEPTH + 5), "nested more than"),
    (pdfs.heavy_page(3_000_000), "too complex for a viewer"),
    (b"%PDF-1.7\nnot a pdf at all\n%%EOF\n", "cannot be read as a PDF"),
])
def test_hostile_and_damaged_pdfs_are_refused_with_a_reason(data, reason):
    with pytest.raises(PdfRefused, match=reason):
        inspect_pdf(data)


def test_too_many_pages_is_refused_and_long_is_a_warning():
    with pytest.raises(PdfRefused, match="more than 20,000 pages"):
        inspect_pdf(pdfs.many_pages(pdf_check.MAX_PAGES + 1))
    facts = inspect_pdf(pdfs.many_pages(pdf_check.LONG_DOCUMENT + 1))
    assert facts.pages == 1001 and "very long (1,001 pages)" in facts.warning
    assert inspect_pdf(pdfs.many_pages(pdf_check.LONG_DOCUMENT)).warning is None


def test_half_a_million_pages_is_refused_in_the_worker_in_time(tmp_path):
    path = tmp_path / "huge.pdf"
    path.write_bytes(pdfs.many_pages(500_000))
    started = time.monotonic()
    with PdfChecker() as checker, pytest.raises(PdfRefused, match="more than 20,000 pages"):
        checker.check(path)
    assert time.monotonic() - started < 60


def test_a_document_that_overruns_is_killed_and_the_next_still_checked(tmp_path):
    slow, fine = tmp_path / "slow.pdf", tmp_path / "fine.pdf"
    slow.write_bytes(pdfs.heavy_page(2_000_000))  # decoding takes a while
    fine.write_bytes(pdfs.ordinary(2))
    with PdfChecker(time_limit=0.01) as checker:
        with pytest.raises(PdfRefused, match="could not be checked within"):
            checker.check(slow)
        checker.time_limit = 30
        assert checker.check(fine).pages == 2


def test_a_worker_out_of_memory_is_a_refusal_not_a_crash(tmp_path):
    path = tmp_path / "hungry.pdf"
    path.write_bytes(pdfs.heavy_page(2_000_000))  # 28 MB of drawing instructions, decoded
    # so little address space that the worker fails while reading it
    with PdfChecker(memory_limit=64 << 20) as checker, pytest.raises(PdfRefused,
                                                                       match="more memory"):
        checker.check(path)
    with PdfChecker() as checker:  # with the real limit it reads, and is under the page limit
        assert checker.check(path).pages == 1


def test_scan_names_the_file_and_case_of_each_refused_or_long_document(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "PR-0001 report.pdf").write_bytes(pdfs.ordinary(2))
    (folder / "PR-0002 statement.pdf").write_bytes(pdfs.truncated(pdfs.ordinary(4)))
    (folder / "PR-0003 loop.pdf").write_bytes(pdfs.page_tree_loop())
    (folder / "PR-0004 bundle.pdf").write_bytes(pdfs.many_pages(1_200))
    ids = {f"pr-000{i}": f"PR-000{i}" for i in range(1, 5)}
    found, problems = scan_documents(folder, ids)
    assert set(found) == {"PR-0001", "PR-0004"}
    errors = [p.message for p in problems.items]
    assert any("PR-0002 statement.pdf" in m and "case PR-0002" in m and "truncated" in m
               for m in errors)
    assert any("PR-0003 loop.pdf" in m and "case PR-0003" in m and "loops" in m for m in errors)
    assert all(p.kind == "document" for p in problems.items)
    warnings = [p for p in problems.warnings if p.kind == "long_document"]
    assert len(warnings) == 1 and "PR-0004" in warnings[0].message

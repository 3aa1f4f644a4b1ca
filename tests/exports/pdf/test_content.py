"""What the PDF says: sections, page numbers, literal user text, nothing outside the page."""

from __future__ import annotations

import re
import shutil
import subprocess
import xml.etree.ElementTree as ET

import pytest

from review.identity import format_fingerprint
from tests.exports.conftest import MARKUP_RATIONALE

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None,
                                reason="pdftotext (poppler-utils) is not installed; CI installs it")
MARGIN = 40.0


@pytest.fixture(scope="module")
def pages(exported) -> list[str]:
    text = subprocess.run(["pdftotext", str(exported.pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    return text.split("\f")[:-1]


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_page_x_of_y_on_every_page(pages):
    n = len(pages)
    for i, page in enumerate(pages, start=1):
        assert f"Page {i} of {n}" in page


def test_cover_names_member_fingerprint_bundle_and_counts(pages, exported, member_identity):
    cover = _flat(pages[0])
    d = exported.data
    assert d.member_name in cover and d.member_id in cover and member_identity.name in cover
    assert format_fingerprint(member_identity.fingerprint) in cover
    assert d.bundle_title in cover and d.bundle_id in cover
    s = sum(1 for r in d.records if r.state == "final")
    assert f"{s} final" in cover and "Exported" in cover and "DEMO" in cover


def test_sections_in_order(pages, exported):
    flat = [_flat(p) for p in pages]
    def first(pattern):
        return next(i for i, p in enumerate(flat) if re.search(pattern, p))
    order = [first(r"^.*?Summary Counts of final"), first(r"Decision table One row per case"),
             first(r"Cases Case " + re.escape(exported.data.records[0].case_id)),
             first(r"Appendix: history chain")]
    assert order == sorted(order) and order[-1] == len(pages) - 1
    assert exported.data.history_head in flat[-1]


def test_every_case_has_a_section_with_its_history(pages, exported):
    text = _flat(" ".join(pages))
    for r in exported.data.records:
        assert f"Case {r.case_id} \u2014" in text
    assert text.count("saved version") >= exported.data.decision_count


def test_markup_in_user_text_prints_literally(pages):
    text = _flat(" ".join(pages))
    assert "<b>not bold</b>" in text
    assert '<img src="http://evil.example/x.png">' in text
    assert "R&D &amp; co." in text
    assert _flat(MARKUP_RATIONALE) in text


def test_user_text_adds_no_links_or_images(exported):
    raw = exported.pdf.read_bytes()
    assert b"/URI" not in raw and b"/Subtype /Image" not in raw and b"/Launch" not in raw
    assert raw.count(b"/Subtype /Widget") == 1  # the signature field, nothing else


def test_nothing_is_drawn_outside_the_margins(exported):
    """Tables fit the page: every word lies inside the text area (header/footer included)."""
    xml = subprocess.run(["pdftotext", "-bbox", str(exported.pdf), "-"], capture_output=True,
                         text=True, check=True).stdout
    ns = {"x": "http://www.w3.org/1999/xhtml"}
    root = ET.fromstring(xml)
    outside = []
    for n, page in enumerate(root.iter("{http://www.w3.org/1999/xhtml}page"), start=1):
        width, height = float(page.get("width")), float(page.get("height"))
        for word in page.findall("x:word", ns):
            x0, x1 = float(word.get("xMin")), float(word.get("xMax"))
            y0, y1 = float(word.get("yMin")), float(word.get("yMax"))
            if x0 < MARGIN - 1 or x1 > width - MARGIN + 1 or y0 < MARGIN - 15 or y1 > height - 20:
                outside.append((n, word.text, round(x0), round(x1)))
    assert outside == []


@pytest.mark.parametrize("cancel_at", ["Laying out case 11 ", None])
def test_remembered_word_widths_are_forgotten_however_the_report_ends(export_data, cancel_at):
    """Laying out remembers the widths of words of case text; none outlive the report,
    even when it is cancelled half-way through laying out the case sections."""
    from exports.errors import ExportCancelled
    from exports.pdf.report import Signer, build_report
    from exports.pdf.style import text_width
    from exports.progress import Progress
    seen: list[str] = []
    progress = Progress(lambda fraction, message: seen.append(message),
                        lambda: any(m.startswith(str(cancel_at)) for m in seen))
    signer = Signer("Dr A Member", "ab" * 32)
    if cancel_at is None:
        assert build_report(export_data, signer, progress).pages > 1
    else:
        with pytest.raises(ExportCancelled):
            build_report(export_data, signer, progress)
        assert "Report laid out" not in seen
    assert text_width.cache_info().currsize == 0

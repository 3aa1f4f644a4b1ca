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


def test_every_worked_case_has_a_section_with_its_history(pages, exported):
    """Decided, drafted and recused cases get a section; the rest are listed by id only."""
    text = _flat(" ".join(pages))
    worked = [r for r in exported.data.records if r.saved is not None]
    rest = [r for r in exported.data.records if r.saved is None]
    assert worked and rest
    for r in worked:
        assert f"Case {r.case_id} \u2014" in text
    for r in rest:
        assert f"Case {r.case_id} \u2014" not in text
    assert text.count("saved version") >= exported.data.decision_count


def test_cases_not_started_are_listed_by_id_under_their_met_category(pages, exported):
    from exports import vocab
    flat = [_flat(p) for p in pages]
    start = next(i for i, p in enumerate(flat) if "Cases not started" in p
                 and "had no decision" in p)
    listed = " ".join(flat[start:])
    rest = [r for r in exported.data.records if r.saved is None]
    assert f"{len(rest):,} cases of the bundle had no decision" in listed
    for r in rest:
        assert re.search(rf"(?<![\w-]){re.escape(r.case_id)}(?![\w-])", listed)
    for met in {r.case.met_category for r in rest}:
        count = sum(1 for r in rest if r.case.met_category == met)
        assert f"Met category: {vocab.label('category', met)} ({count:,} not started)" in listed


_FURNITURE = re.compile(r"^(Panel Review \u00b7 .*|Bundle \S+( \u00b7 DEMO)?|Exported .*|"
                        r"Page \d+ of \d+)$")


def _without_furniture(pages: list[str]) -> str:
    """The pages' text without the running header and footer, which pdftotext may put
    between a label and its value where a table breaks across pages."""
    return " ".join(line for page in pages for line in page.splitlines()
                    if not _FURNITURE.match(line.strip()))


def test_each_section_names_its_own_state_and_a_recusal_is_never_final(pages, exported):
    text = _flat(_without_furniture(pages))
    recused = exported.special["recused"]
    section = text[text.index(f"Case {recused} \u2014"):]
    section = section[:section.index("saved version")]
    assert section.startswith(f"Case {recused} \u2014 Recused")
    assert "Decision status Recused" in section and "Decision status Final" not in section
    for r in exported.data.records:
        if r.state in ("draft", "final"):
            state = {"draft": "Draft", "final": "Final"}[r.state]
            one = text[text.index(f"Case {r.case_id} \u2014"):]
            one = one[:one.index("saved version")]
            assert one.startswith(f"Case {r.case_id} \u2014 {state}")
            assert f"Decision status {state}" in one


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


def test_category_chart_sets_met_beside_panel_on_the_same_cases(export_data):
    """Both series count the final decisions with a category, never the whole bundle."""
    from reportlab.graphics.charts.barcharts import VerticalBarChart
    from review.cases import CATEGORIES
    from exports.pdf.charts import category_chart
    from exports.pdf.style import Styles
    from exports.statistics import compute_statistics
    stats = compute_statistics(export_data.records)
    drawing = category_chart(stats, 250, Styles())
    chart = next(c for c in drawing.contents if isinstance(c, VerticalBarChart))
    met, panel = (list(series) for series in chart.data)
    finals = [r for r in export_data.records
              if r.state == "final" and r.saved.decision.category is not None]
    assert met == [sum(1 for r in finals if r.case.met_category == k) for k in CATEGORIES]
    assert panel == [sum(1 for r in finals if r.saved.decision.category == k)
                     for k in CATEGORIES]
    assert sum(met) == sum(panel) == stats.final_compared < export_data.case_count


def test_pages_follow_the_work_not_the_bundle(export_data, tmp_path):
    """With nothing worked on, no case gets a section and every id is listed; each worked
    case adds its section."""
    from dataclasses import replace
    from exports.pdf.report import Signer, build_report
    signer = Signer("Dr A Member", "ab" * 32)
    blank = replace(export_data, records=tuple(replace(r, saved=None, versions=())
                                               for r in export_data.records))
    path = tmp_path / "blank.pdf"
    path.write_bytes(build_report(blank, signer).pdf)
    text = _flat(subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                                check=True).stdout)
    assert "No decision, draft or recusal has been saved yet." in text
    assert "No case has been worked on yet." in text
    assert f"{blank.case_count:,} cases of the bundle had no decision" in text
    assert not re.search(r"Case \S+ \u2014", text)
    full = build_report(export_data, signer).pages
    assert build_report(blank, signer).pages < full

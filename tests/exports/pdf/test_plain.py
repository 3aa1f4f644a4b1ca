"""The plain-text layout of the member's PDF: lines fit, nothing is lost across a split."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.pdfbase.pdfmetrics import stringWidth

from exports.pdf.plain import GridLook, PlainText, TextGrid
from exports.pdf.style import Styles, blocks, cell_lines


@pytest.fixture(scope="module")
def styles() -> Styles:
    return Styles()


words = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=400)


@settings(max_examples=150, deadline=None)
@given(text=words, width=st.floats(20, 300), first=st.one_of(st.none(), st.floats(5, 300)))
def test_lines_fit_and_keep_every_word(text, width, first):
    font = Styles().fonts.regular
    lines = cell_lines(text, width, font, 8, first=first).split("\n")
    for i, line in enumerate(lines):
        limit = first if i == 0 and first is not None else width
        assert len(line) <= 1 or stringWidth(line, font, 8) <= limit + 1e-6
    assert "".join("".join(lines).split()) == "".join(text.split())


def test_a_long_token_is_cut_to_the_width(styles):
    font = styles.fonts.regular
    lines = cell_lines("see https://example.invalid/" + "x" * 300, 100, font, 7.5).split("\n")
    assert len(lines) > 5 and all(stringWidth(x, font, 7.5) <= 100 for x in lines)


def test_blocks_split_at_blank_lines_only():
    assert blocks("one\r\n\r\ntwo\nstill two\n \nthree") == ["one", "two\nstill two", "three"]
    assert blocks("") == [""] and blocks(None) == [""]


def test_plain_text_split_keeps_every_line(styles):
    text = " ".join(f"word{i}" for i in range(600))
    para = PlainText(text, styles.body, "Summary.", styles.fonts.bold)
    _, height = para.wrap(400, 10_000)
    first, rest = para.split(400, height / 3)
    assert first.wrap(400, 10_000)[1] <= height / 3
    assert first._layout(400) + rest._layout(400) == para._layout(400)
    assert first.label == "Summary." and rest.label == "" and rest.getSpaceBefore() == 0
    assert para.split(400, styles.body.leading / 2) == []  # not even a line fits


def test_grid_split_repeats_the_header(styles):
    rows = [["Head A", "Head B"]] + [[f"row {i}", "x\ny"] for i in range(50)]
    grid = TextGrid(rows, [100, 100], GridLook.of(styles, zebra=True))
    _, height = grid.wrap(200, 10_000)
    first, rest = grid.split(200, height / 2)
    assert first.lines[0] == rest.lines[0] == [["Head A"], ["Head B"]]
    assert first.lines[1:] + rest.lines[1:] == grid.lines[1:]
    assert rest.first == len(first.lines) - 1   # zebra stripes continue where they stopped
    assert grid.split(200, grid.heights[0] + 1) == []  # the header alone is no split


def test_a_word_too_wide_beside_the_label_starts_below_it(styles):
    font = styles.fonts.regular
    word = "x" * 20
    w = stringWidth(word, font, 8)
    assert cell_lines(word, w + 10, font, 8, first=w / 2).split("\n") == ["", word]


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler's pdftotext")
def test_grid_and_text_lay_out_over_pages(styles, tmp_path):
    """A real build: both flowables split across several pages and draw their text."""
    from reportlab.lib.pagesizes import A6
    from reportlab.platypus import SimpleDocTemplate
    rows = [["Case", "Note"]] + [[f"C-{i:03d}", f"note {i}"] for i in range(120)]
    story = [TextGrid(rows, [60, 100], GridLook.of(styles, zebra=True)),
             PlainText(" ".join(f"w{i}" for i in range(900)), styles.body, "Summary.",
                       styles.fonts.bold)]
    SimpleDocTemplate(str(tmp_path / "t.pdf"), pagesize=A6).build(story)
    pages = subprocess.run(["pdftotext", str(tmp_path / "t.pdf"), "-"], capture_output=True,
                           text=True, check=True).stdout.split("\f")[:-1]
    text = " ".join(pages)
    assert len(pages) > 4 and all("Case" in p for p in pages if "C-0" in p)
    assert "C-119" in text and "w899" in text and "Summary." in text

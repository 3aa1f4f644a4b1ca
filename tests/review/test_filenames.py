"""File names proposed from people's words are legal on Windows, macOS and Linux."""

from __future__ import annotations

import pytest

from review.filenames import MAX_STEM_BYTES, free_stem, joined_stem, safe_stem


@pytest.mark.parametrize("text, expected", [
    ('a<b>c:d"e/f\\g|h?i*j', "a_b_c_d_e_f_g_h_i_j"),
    ("tab\there\nnewline", "tab_here_newline"),
    ("  spaced   out  ", "spaced out"),
    ("trailing dots...", "trailing dots"),
    ("CON", "_CON"),
    ("lpt1.report", "_lpt1.report"),
    ("...", "_"),
    ("", "_"),
    ("Zo\u00eb O\u2019Neil", "Zo\u00eb O\u2019Neil"),
])
def test_safe_stem(text, expected):
    assert safe_stem(text) == expected


def test_joined_stem_uses_an_en_dash_and_keeps_the_date_of_a_long_title():
    stem = joined_stem("Dr A/B Example", "\u00c9tude " * 60, "2026-12-04")
    assert stem.startswith("Dr A_B Example \u2013 \u00c9tude")
    assert stem.endswith(" \u2013 2026-12-04")
    assert len(stem.encode("utf-8")) <= MAX_STEM_BYTES
    stem.encode("utf-8").decode("utf-8")  # never cut inside a character


def test_joined_stem_leaves_out_empty_parts():
    assert joined_stem("Title", "", "  ") == "Title"


def test_free_stem_counts_up_while_any_suffix_is_taken(tmp_path):
    (tmp_path / "Name.xlsx").write_bytes(b"")
    assert free_stem(tmp_path, "Name", (".pdf", ".xlsx")) == "Name (2)"
    (tmp_path / "Name (2).pdf").write_bytes(b"")
    assert free_stem(tmp_path, "Name", (".pdf", ".xlsx")) == "Name (3)"
    assert free_stem(tmp_path, "Other", (".pdf",)) == "Other"

"""review.inert: text read from files is shown with nothing in it able to act."""

from __future__ import annotations

import pytest

from review.inert import inert, inert_lines, is_hidden

# One of each kind of character that can make printed text lie about itself.
HOSTILE = {
    "ansi escape": ("Dr A\x1b[2K\x1b[1GFingerprint: 0000", "\x1b", "\\u{001B}"),
    "carriage return": ("Dr A\rDr B", "\r", "\\u{000D}"),
    "line feed": ("Dr A\nSigner: Dr B", "\n", "\\u{000A}"),
    "bell": ("Dr A\x07", "\x07", "\\u{0007}"),
    "delete": ("Dr A\x7f", "\x7f", "\\u{007F}"),
    "C1 control (CSI)": ("Dr A\x9b2K", "\x9b", "\\u{009B}"),
    "right-to-left override": ("Dr A (\u202e10R)", "\u202e", "\\u{202E}"),
    "right-to-left isolate": ("Dr A \u2067R01\u2069", "\u2067", "\\u{2067}"),
    "left-to-right mark": ("Dr\u200eA", "\u200e", "\\u{200E}"),
    "zero-width space": ("Dr\u200bA", "\u200b", "\\u{200B}"),
    "zero-width joiner": ("Dr\u200dA", "\u200d", "\\u{200D}"),
    "byte-order mark": ("\ufeffDr A", "\ufeff", "\\u{FEFF}"),
    "line separator": ("Dr A\u2028Dr B", "\u2028", "\\u{2028}"),
}


@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_each_kind_is_made_visible(kind):
    text, hidden, shown = HOSTILE[kind]
    out = inert(text)
    assert hidden not in out and shown in out
    assert all(not is_hidden(ch) for ch in out)


def test_ordinary_names_in_any_script_are_unchanged():
    for name in ("Dr A Example", "Zoë O'Brien-Łukasiewicz", "د. أحمد", "田中 花子", "R01 – case 7"):
        assert inert(name) == name


def test_the_stand_ins_are_unambiguous_about_what_they_replace():
    assert inert("\x1b[31mred") == "\\u{001B}[31mred"
    assert inert("a\tb") == "a\\u{0009}b"
    assert inert(None) == "" and inert(42) == "42"


def test_inert_lines_keeps_line_breaks_only():
    out = inert_lines("First sentence about Dr\u202eA.\nSecond one\r with a return.")
    assert out.split("\n") == ["First sentence about Dr\\u{202E}A.",
                               "Second one\\u{000D} with a return."]

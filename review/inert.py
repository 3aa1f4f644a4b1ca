"""Text read from files, made safe to print or show: nothing in it acts.

A name in a certificate, a member's or reviewer's name, a case id or a file
name comes from a file that anyone could have made.  Printed as it is, an
ANSI escape sequence in a forged signer name can move the cursor and print
a second, false fingerprint over the real one; a carriage return can
overwrite the start of a line; a right-to-left override can make
``Dr A (R01)‮10R`` read as something else; a zero-width character can make
two different names look the same.  :func:`inert` turns every such
character into a visible stand-in, so what is printed is what the file
holds, and nothing more.

Every control (C0 and C1, including escape, carriage return, line feed
and tab), format (bidirectional overrides and isolates, zero-width spaces
and joiners, the byte-order mark, soft hyphens), line- or
paragraph-separator, surrogate or private-use character is written as its
code point in plain ASCII: ``\\x1b`` → ``\\u{001B}``, ``\\r`` → ``\\u{000D}``,
U+202E → ``\\u{202E}``.  (Unicode's control pictures, ``␛``, would read
better, but many fonts lack them and show an empty box.)

Ordinary letters in every script, accents and spaces stay as they are.
The result is plain text; Qt rich text still needs ``html.escape`` on it.
"""

from __future__ import annotations

import unicodedata

# Unicode general categories that can change how the text around them looks
# or what a terminal does: controls, format characters, line and paragraph
# separators, lone surrogates and private-use characters.
_HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs", "Co"})


def _visible(ch: str) -> str:
    return f"\\u{{{ord(ch):04X}}}"


def is_hidden(ch: str) -> bool:
    """True for a character that acts or hides instead of showing itself."""
    return unicodedata.category(ch) in _HIDDEN_CATEGORIES


def inert(text: object) -> str:
    """``text`` with every control, escape, bidi and zero-width character made visible.

    ``None`` becomes the empty string, so optional fields can be passed as they are.
    """
    if text is None:
        return ""
    text = str(text)
    if text.isprintable() and text.isascii():  # the common case, at C speed
        return text
    return "".join(_visible(ch) if is_hidden(ch) else ch for ch in text)


def inert_lines(text: object) -> str:
    """Like :func:`inert`, but keeps line breaks: for messages of several lines."""
    return "\n".join(inert(line) for line in str(text if text is not None else "").split("\n"))

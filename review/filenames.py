"""File names made from people's words: a member's name, a bundle's title.

A name proposed for an export or a workspace must be legal on Windows, macOS
and Linux alike, because the files travel between the panel's laptops: the
characters any of them refuses are replaced, the names Windows reserves for
devices are avoided, trailing dots and spaces (which Windows drops) are
removed, and the length is capped so that the name, with a suffix and a
" (2)", stays well under the 255 bytes every file system allows.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

SEPARATOR = " \u2013 "   # an en dash with a space either side
MAX_STEM_BYTES = 180     # UTF-8 bytes; leaves room for " (99).xlsx" and more
PART_BYTES = 80          # each part of a joined name, so a long title never cuts off the date

_ILLEGAL = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)),
             *(f"LPT{i}" for i in range(1, 10))}


def _clean(text: str, max_bytes: int) -> str:
    text = unicodedata.normalize("NFC", text)
    text = _ILLEGAL.sub("_", text)
    text = " ".join(text.split())  # tabs, newlines and runs of spaces: one space
    encoded = text.encode("utf-8")
    if len(encoded) > max_bytes:
        text = encoded[:max_bytes].decode("utf-8", errors="ignore")
    return text.strip(" .")


def safe_stem(text: str, max_bytes: int = MAX_STEM_BYTES) -> str:
    """``text`` made into a file name without suffix that every system accepts."""
    text = _clean(text, max_bytes)
    if not text:
        return "_"
    if text.split(".")[0].upper() in _RESERVED:
        text = "_" + text
    return text


def joined_stem(*parts: str) -> str:
    """Parts joined by an en dash (empty ones left out), made safe as a whole."""
    kept = [_clean(p, PART_BYTES) for p in parts]
    return safe_stem(SEPARATOR.join(p for p in kept if p))


def free_stem(folder: Path, stem: str, suffixes: tuple[str, ...]) -> str:
    """``stem``, or ``stem (2)``... so that no file ``stem + suffix`` exists in ``folder``."""
    candidate, n = stem, 2
    while any((Path(folder) / f"{candidate}{s}").exists() for s in suffixes):
        candidate = f"{stem} ({n})"
        n += 1
    return candidate

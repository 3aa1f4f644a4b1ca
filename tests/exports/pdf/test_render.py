"""The PDF renders page by page (as poppler does for people), at the size expected."""

from __future__ import annotations

import shutil
import subprocess

import pytest

pytestmark = pytest.mark.skipif(shutil.which("pdftoppm") is None,
                                reason="pdftoppm (poppler-utils) is not installed; CI installs it")


def test_every_page_renders_to_an_a4_png(exported, tmp_path):
    subprocess.run(["pdftoppm", "-r", "30", "-png", str(exported.pdf), str(tmp_path / "p")],
                   check=True, capture_output=True)
    pngs = sorted(tmp_path.glob("p-*.png"))
    assert len(pngs) == exported.result.pdf_pages
    from PIL import Image
    for png in (pngs[0], pngs[1], pngs[-1]):
        with Image.open(png) as im:
            assert abs(im.width / im.height - 210 / 297) < 0.01
            assert im.convert("L").getextrema()[0] < 100  # something dark is drawn on it

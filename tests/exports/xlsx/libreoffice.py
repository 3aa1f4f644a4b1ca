"""Opening and saving a workbook in LibreOffice, headless (shared by tests; not a test module).

Each test run uses its own LibreOffice profile, so runs in parallel do not
wait on each other's profile lock.  Where soffice is not installed the tests
that need it are skipped, saying so.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
needs_soffice = pytest.mark.skipif(
    SOFFICE is None, reason="LibreOffice (soffice) is not installed; CI installs "
                            "libreoffice-calc-nogui")


def resave(source: Path, out_dir: Path, profile: Path) -> Path:
    """``source`` opened and saved as .xlsx by LibreOffice, with no edit: the new file."""
    out_dir.mkdir(parents=True, exist_ok=True)
    subprocess.run([SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless",
                    "--norestore", "--convert-to", "xlsx", "--outdir", str(out_dir), str(source)],
                   check=True, capture_output=True, timeout=180)
    saved = out_dir / (source.stem + ".xlsx")
    assert saved.is_file(), f"LibreOffice wrote no {saved.name}"
    return saved


def rewrite_part(path: Path, part: str, change) -> None:
    """Replace one part of the package with ``change(old text)``; the rest stays as it is."""
    with zipfile.ZipFile(path) as z:
        parts = [(info, z.read(info)) for info in z.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in parts:
            z.writestr(info, change(data.decode("utf-8")).encode("utf-8")
                       if info.filename == part else data)


def sheet_part(path: Path, sheet: str) -> str:
    """The part that holds ``sheet`` (LibreOffice numbers them in tab order)."""
    with zipfile.ZipFile(path) as z:
        names = re.findall(r'<sheet name="([^"]*)"', z.read("xl/workbook.xml").decode())
    return f"xl/worksheets/sheet{names.index(sheet) + 1}.xml"


def edit_shared_string_cell(path: Path, sheet: str, ref: str, text: str) -> None:
    """Make cell ``ref`` hold ``text`` as LibreOffice writes a string cell: an index into a
    new entry of the shared strings."""
    index = {}

    def add_string(xml: str) -> str:
        count = int(re.search(r'uniqueCount="(\d+)"', xml).group(1))
        index["new"] = count
        xml = re.sub(r'uniqueCount="\d+"', f'uniqueCount="{count + 1}"', xml, count=1)
        return xml.replace("</sst>", f'<si><t xml:space="preserve">{text}</t></si></sst>')

    rewrite_part(path, "xl/sharedStrings.xml", add_string)

    def point_cell(xml: str) -> str:
        pattern = re.compile(rf'<c r="{ref}"([^>]*?)(?:/>|>.*?</c>)')
        m = pattern.search(xml)
        assert m, f"no cell {ref} in {sheet}"
        attrs = re.sub(r'\s*t="[^"]*"', "", m.group(1))
        return xml[:m.start()] + f'<c r="{ref}"{attrs} t="s"><v>{index["new"]}</v></c>' + \
            xml[m.end():]

    rewrite_part(path, sheet_part(path, sheet), point_cell)

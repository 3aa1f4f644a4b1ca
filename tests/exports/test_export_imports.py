"""Importing the export modules is cheap: reportlab, pyHanko and openpyxl load only on use."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# exports.pdf.flowables and exports.pdf.plain are left out on purpose: they subclass
# reportlab classes, so they import reportlab, and only the report builders import them
# (when laying out a report).  Every other module of the package is checked, however the
# tree grows.
REPORTLAB_SUBCLASSES = {"exports/pdf/flowables.py", "exports/pdf/plain.py"}
MINE = sorted(".".join(p.relative_to(ROOT).with_suffix("").parts)
              for p in (ROOT / "exports").rglob("*.py")
              if p.stem != "__init__" and p.relative_to(ROOT).as_posix() not in REPORTLAB_SUBCLASSES)


def test_export_modules_load_no_heavy_libraries():
    code = ("import sys\n" + "".join(f"import {m}\n" for m in MINE) +
            "bad = [m for m in sys.modules if m.split('.')[0] in "
            "('PySide6', 'shiboken6', 'pyhanko', 'openpyxl', 'reportlab', 'asn1crypto', 'ui')]\n"
            "print(','.join(sorted(bad)))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                         check=True).stdout.strip()
    assert out == ""


def test_exports_package_init_is_empty():
    assert (ROOT / "exports" / "__init__.py").read_text().strip() == ""

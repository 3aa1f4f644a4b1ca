"""Importing the export modules is cheap: reportlab, pyHanko and openpyxl load only on use."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# pdf_flowables is left out on purpose: it subclasses reportlab classes, so it imports
# reportlab, and only pdf_report.build_report imports it (when laying out a report).
MINE = ["canonical", "cli", "errors", "export_data", "pdf_cases", "pdf_charts", "pdf_report",
        "pdf_sign", "pdf_style", "pdf_verify", "progress", "service", "statistics", "vocab",
        "xlsx_cells", "xlsx_columns", "xlsx_memory", "xlsx_signature", "xlsx_summary",
        "xlsx_verify", "xlsx_writer"]


def test_export_modules_load_no_heavy_libraries():
    code = ("import sys\n" + "".join(f"import exports.{m}\n" for m in MINE) +
            "bad = [m for m in sys.modules if m.split('.')[0] in "
            "('PySide6', 'shiboken6', 'pyhanko', 'openpyxl', 'reportlab', 'asn1crypto', 'ui')]\n"
            "print(','.join(sorted(bad)))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                         check=True).stdout.strip()
    assert out == ""


def test_exports_package_init_is_empty():
    assert (ROOT / "exports" / "__init__.py").read_text().strip() == ""

"""The core never imports Qt; exports never import the UI."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("package, forbidden", [
    ("review", {"PySide6", "shiboken6", "PyQt5", "PyQt6", "ui", "exports"}),
    ("exports", {"PySide6", "shiboken6", "PyQt5", "PyQt6", "ui"}),
])
def test_packages_import_only_downwards(package, forbidden):
    offenders = {str(p.relative_to(ROOT)): sorted(_imports(p) & forbidden)
                 for p in (ROOT / package).rglob("*.py") if _imports(p) & forbidden}
    assert offenders == {}


def test_importing_the_core_loads_no_qt_and_no_export_libraries():
    modules = [p.stem for p in (ROOT / "review").glob("*.py") if p.stem != "__init__"]
    code = ("import sys\n" + "".join(f"import review.{m}\n" for m in modules) +
            "import exports\n"
            "bad = [m for m in sys.modules if m.split('.')[0] in "
            "('PySide6', 'shiboken6', 'pyhanko', 'openpyxl', 'reportlab')]\n"
            "print(','.join(sorted(bad)))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                         check=True).stdout.strip()
    assert out == ""

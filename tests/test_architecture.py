"""The shape of the code: imports point one way, the core never imports Qt, no circles.

``main.py`` and ``ui/`` may import ``exports/`` and ``review/``; ``exports/``
may import ``review/``; ``review/`` imports neither.  Qt is imported only in
``ui/``.  And no module reaches itself through the modules it imports, at
module level or inside a function, since a circle that works today breaks
as soon as someone moves an import.  Each rule is checked on the real tree
and shown to fail on a small tree built for it.
"""

from __future__ import annotations

import ast
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("review", "exports", "ui")
LAYER = {"review": 0, "exports": 1, "ui": 2, "main": 2}
QT = {"PySide6", "shiboken6", "PyQt5", "PyQt6"}


def modules(root: Path) -> dict[str, Path]:
    """Every module of the program under ``root``, by dotted name."""
    found = {"main": root / "main.py"} if (root / "main.py").exists() else {}
    for package in PACKAGES:
        for path in (root / package).rglob("*.py"):
            parts = path.relative_to(root).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            found[name] = path
    return found


def imported(path: Path, name: str, known: dict[str, Path]) -> set[str]:
    """What a module imports, anywhere in it: module names as written, resolved to ours."""
    out: set[str] = set()
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            # "from review.bundle import format" names the module review.bundle.format; the
            # package itself (its __init__) counts only when no module below it is named.
            subs = {f"{base}.{a.name}" for a in node.names if f"{base}.{a.name}" in known}
            out |= subs or {base}
    return out


def graph(root: Path) -> dict[str, set[str]]:
    known = modules(root)
    edges = {}
    for name, path in known.items():
        targets = set()
        for target in imported(path, name, known):
            # A name that is not one of ours (json, PySide6.QtCore) is dropped; one inside
            # a module of ours (review.cases.Case) counts as that module.
            while target and target not in known:
                target = target.rpartition(".")[0]
            if target and target != name:
                targets.add(target)
        edges[name] = targets
    return edges


def qt_imports(root: Path) -> list[str]:
    known = modules(root)
    return sorted(f"{name} imports {sorted(top & QT)[0]}"
                  for name, path in known.items() if name.split(".")[0] in ("review", "exports")
                  for top in [{m.split(".")[0] for m in imported(path, name, known)}]
                  if top & QT)


def upward_imports(root: Path) -> list[str]:
    return sorted(f"{name} imports {target}"
                  for name, targets in graph(root).items() for target in targets
                  if LAYER[target.split(".")[0]] > LAYER[name.split(".")[0]])


def import_circles(root: Path) -> list[list[str]]:
    """Groups of modules that reach each other (Tarjan's strongly connected components)."""
    edges = graph(root)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    circles: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in edges[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                circles.append(sorted(group))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return sorted(circles)


# -- the real tree --------------------------------------------------------------
def test_the_core_and_the_exports_never_import_qt():
    assert qt_imports(ROOT) == []


def test_imports_point_only_downwards():
    assert upward_imports(ROOT) == []


def test_no_module_imports_itself_through_others():
    assert import_circles(ROOT) == []


def test_every_folder_of_the_program_is_a_package():
    missing = [str(d.relative_to(ROOT)) for package in PACKAGES
               for d in [ROOT / package, *(ROOT / package).rglob("*")]
               if d.is_dir() and d.name != "__pycache__" and not (d / "__init__.py").exists()]
    assert missing == []


def test_importing_the_core_loads_no_qt_and_no_export_libraries():
    names = sorted(n for n in modules(ROOT) if n.startswith("review."))
    code = ("import sys\n" + "".join(f"import {m}\n" for m in names) +
            "import exports\n"
            "bad = [m for m in sys.modules if m.split('.')[0] in "
            "('PySide6', 'shiboken6', 'pyhanko', 'openpyxl', 'reportlab', 'python_calamine')]\n"
            "print(','.join(sorted(bad)))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                         check=True).stdout.strip()
    assert out == ""


# -- the checks catch what they are for -------------------------------------------
def _tree(tmp_path: Path, files: dict[str, str]) -> Path:
    for package in PACKAGES:
        (tmp_path / package).mkdir(exist_ok=True)
        (tmp_path / package / "__init__.py").touch()
    for rel, text in files.items():
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        for parent in path.relative_to(tmp_path).parents:
            if str(parent) != "." and (tmp_path / parent).is_dir():
                (tmp_path / parent / "__init__.py").touch()
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return tmp_path


def test_a_clean_small_tree_passes(tmp_path):
    root = _tree(tmp_path, {
        "review/cases.py": "import json\n",
        "exports/pdf/report.py": "from review.cases import json\n",
        "ui/member/form.py": "from PySide6.QtWidgets import QWidget\nfrom exports.pdf import report\n",
        "main.py": "def main():\n    from ui.member import form\n",
    })
    assert (qt_imports(root), upward_imports(root), import_circles(root)) == ([], [], [])


@pytest.mark.parametrize("rel", ["review/workspace/store.py", "exports/xlsx/writer.py"])
def test_a_qt_import_below_the_ui_is_caught(tmp_path, rel):
    root = _tree(tmp_path, {rel: "def later():\n    from PySide6 import QtCore\n"})
    name = rel[:-3].replace("/", ".")
    assert qt_imports(root) == [f"{name} imports PySide6"]


@pytest.mark.parametrize("rel, text, found", [
    ("review/bundle/create.py", "from exports.xlsx import writer\n",
     "review.bundle.create imports exports.xlsx.writer"),
    ("review/cases.py", "def f():\n    import ui.theme\n", "review.cases imports ui.theme"),
    ("exports/service.py", "from ui.member.form import Form\n",
     "exports.service imports ui.member.form"),
])
def test_an_upward_import_is_caught(tmp_path, rel, text, found):
    root = _tree(tmp_path, {rel: text, "exports/xlsx/writer.py": "", "ui/theme.py": "",
                            "ui/member/form.py": "Form = object\n"})
    assert upward_imports(root) == [found]


def test_an_import_circle_is_caught_even_through_a_function_level_import(tmp_path):
    root = _tree(tmp_path, {
        "exports/consolidated/verify.py": "from exports.consolidated.xlsx import FORMAT\n",
        "exports/consolidated/xlsx.py": "FORMAT = 1\ndef f():\n    from exports import service\n",
        "exports/service.py": "def g():\n    from exports.consolidated import verify\n",
    })
    assert import_circles(root) == [["exports.consolidated.verify", "exports.consolidated.xlsx",
                                     "exports.service"]]


def test_a_package_importing_its_own_module_is_not_a_circle(tmp_path):
    root = _tree(tmp_path, {"review/bundle/format.py": "X = 1\n",
                            "review/bundle/contents.py": "from review.bundle import format as f\n"})
    assert import_circles(root) == []

"""Start-up stays light: no export libraries, no case data before a passphrase."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _modules_loaded_at_start(tmp_path, wanted: str) -> list[str]:
    """Start the window in a fresh interpreter; the loaded modules ``wanted`` keeps
    (an expression in ``m``, a module name)."""
    code = ("from ui.app import make_app, start\n"
            "import sys\n"
            "app = make_app(); w = start(None); app.processEvents()\n"
            f"bad = [m for m in sys.modules if {wanted}]\n"
            "print(','.join(sorted(bad)) or 'clean')\n"
            "w.close()\n")
    last = _last_line_of(tmp_path, code)
    return [] if last == "clean" else last.split(",")


def _last_line_of(tmp_path, code: str) -> str:
    """Run ``code`` in a fresh offscreen interpreter; the last line it printed."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PANEL_REVIEW_HOME=str(tmp_path))
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True,
                         text=True, timeout=60)
    assert out.returncode == 0, out.stderr[-2000:]
    assert "Traceback" not in out.stderr
    return out.stdout.strip().splitlines()[-1]


def test_the_window_starts_without_export_libraries(tmp_path):
    assert _modules_loaded_at_start(
        tmp_path, "m.split('.')[0] in ('reportlab', 'openpyxl', 'pyhanko')") == []


def test_demo_flag_builds_the_demo_first_and_reopens_it_later(qtbot, monkeypatch, tmp_path):
    from ui import app, paths
    from ui.workspace_flow import WorkspaceFlow
    calls = []
    monkeypatch.setattr(WorkspaceFlow, "open_demo", lambda self: calls.append("new demo"))
    monkeypatch.setattr(WorkspaceFlow, "open_workspace",
                        lambda self, p=None, error=None: calls.append(Path(p).name))
    w = app.start(None, demo=True)
    qtbot.addWidget(w)
    qtbot.waitUntil(lambda: calls == ["new demo"])
    existing = paths.home() / "DEMO workspace.prw"
    existing.write_bytes(b"stand-in")
    paths.remember_workspace(existing)
    w2 = app.start(None, demo=True)
    qtbot.addWidget(w2)
    qtbot.waitUntil(lambda: calls == ["new demo", "DEMO workspace.prw"])


def test_start_up_loads_neither_the_coordinator_nor_the_dashboard(tmp_path):
    """Their pages are made (and modules imported) when first wanted, not at start."""
    assert _modules_loaded_at_start(
        tmp_path, "m.startswith('ui.coordinator_') and m != 'ui.coordinator.actions' or "
                  "m in ('ui.member.dashboard', 'ui.export.dialogs', 'ui.member.recuse_dialog')") == []


def test_dashboard_and_coordinator_pages_are_made_when_first_wanted(opened, qtbot):
    assert opened._dashboard is None and opened._coordinator is None
    opened.actions["dashboard"].trigger()
    assert opened.pages.currentWidget() is opened.dashboard
    assert opened.dashboard.cards["assigned"].text() == "48"
    opened.actions["review_page"].trigger()
    assert opened.pages.currentWidget() is opened.review
    assert opened._coordinator is None  # a member's workspace never needs it


def test_opening_a_member_workspace_loads_no_bundle_or_signature_code(ui_bundle, tmp_path):
    """Reading bundles and checking signatures (cryptography) is for making workspaces
    and exports; unlocking an existing one and showing its first case needs neither."""
    from review.workspace.database import Workspace
    path = tmp_path / "mine.prw"
    Workspace.create(path, "start-up passphrase", ui_bundle).close()
    code = ("import sys\n"
            "from PySide6.QtCore import QEventLoop\n"
            "from ui import passphrase_dialog\n"
            "from ui.app import make_app, start\n"
            "passphrase_dialog.ask_existing = lambda *a, **k: 'start-up passphrase'\n"
            f"app = make_app(); w = start({str(path)!r}); loop = QEventLoop()\n"
            "w.review.case_shown.connect(lambda cid: loop.quit()); loop.exec()\n"
            "bad = [m for m in sys.modules if m in ('review.bundle.contents', 'review.panel.workspace')"
            " or m.startswith('cryptography')]\n"
            "print(w.review.list.model.rowCount(), ','.join(sorted(bad)) or 'clean')\n"
            "w.close()\n")
    rows, loaded = _last_line_of(tmp_path, code).split(" ")
    assert int(rows) > 0
    assert loaded == "clean"

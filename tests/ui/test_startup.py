"""Start-up stays light: no export libraries, no case data before a passphrase."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_window_starts_without_export_libraries(tmp_path):
    code = ("from ui.app import make_app, start\n"
            "import sys\n"
            "app = make_app(); w = start(None); app.processEvents()\n"
            "bad = [m for m in sys.modules if m.split('.')[0] in "
            "('reportlab', 'openpyxl', 'pyhanko')]\n"
            "print(','.join(sorted(bad)) or 'clean')\n"
            "w.close()\n")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PANEL_REVIEW_HOME=str(tmp_path))
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True,
                         text=True, timeout=60)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip().splitlines()[-1] == "clean"
    assert "Traceback" not in out.stderr


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

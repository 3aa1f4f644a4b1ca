"""Temporary files a killed export left behind are removed when the app starts."""

from __future__ import annotations

import os
import time

from review.atomic import TEMP_PREFIX, remove_stale_temp_files

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def _old(path, age=3600):
    t = time.time() - age
    os.utime(path, (t, t))
    return path


def test_remove_stale_spares_young_files_and_other_files(tmp_path):
    stale = tmp_path / f"{TEMP_PREFIX}abc"
    stale.write_bytes(b"half an export")
    _old(stale)
    young = tmp_path / f"{TEMP_PREFIX}def"
    young.write_bytes(b"being written now")
    folder = tmp_path / f"{TEMP_PREFIX}bundles-1234"
    folder.mkdir()
    (folder / "R01.prb").write_bytes(b"x")
    _old(folder)
    keep = tmp_path / "export.xlsx"
    keep.write_bytes(b"a finished export")
    _old(keep)
    assert remove_stale_temp_files(tmp_path, older_than=300) == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([young.name, keep.name])


def test_app_start_cleans_data_recent_and_export_folders(tmp_path, monkeypatch, qtbot):
    home = tmp_path / "home"
    monkeypatch.setenv("PANEL_REVIEW_HOME", str(home))
    from ui import app, paths
    from ui.export.flow import FOLDER_KEY
    work, exports_dir, elsewhere = tmp_path / "work", tmp_path / "exports", tmp_path / "other"
    for f in (work, exports_dir, elsewhere):
        f.mkdir()
    workspace = work / "mine.prw"
    workspace.write_bytes(b"stands in for a workspace")
    paths.remember_workspace(workspace)
    paths.forget_last_workspace()  # start on the welcome page, opening nothing
    paths.settings().setValue(FOLDER_KEY, str(exports_dir))
    stale = [home / f"{TEMP_PREFIX}1", work / f"{TEMP_PREFIX}2", exports_dir / f"{TEMP_PREFIX}3"]
    for p in stale:
        p.write_bytes(b"partial")
        _old(p)
    untouched = elsewhere / f"{TEMP_PREFIX}4"  # not a folder Panel Review writes to
    untouched.write_bytes(b"partial")
    _old(untouched)
    app.make_app()
    window = app.start()
    qtbot.addWidget(window)
    assert not any(p.exists() for p in stale)
    assert untouched.exists() and workspace.exists()
    window.close()


def test_a_failing_clean_never_stops_the_app(tmp_path, monkeypatch, qtbot):
    monkeypatch.setenv("PANEL_REVIEW_HOME", str(tmp_path / "home"))
    from ui import app

    def broken(*a, **k):
        raise PermissionError("no")
    monkeypatch.setattr("review.atomic.remove_stale_temp_files", broken)
    app.make_app()
    window = app.start()
    qtbot.addWidget(window)
    assert window.isVisible()
    window.close()


def _dead_pid() -> int:
    import subprocess
    import sys
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_a_gone_writers_files_go_at_once_a_running_writers_stay(tmp_path):
    gone = tmp_path / f"{TEMP_PREFIX}{_dead_pid()}-abc"
    gone.write_bytes(b"half an export, written a moment ago")
    running = tmp_path / f"{TEMP_PREFIX}{os.getpid()}-def"
    running.write_bytes(b"being written now")
    assert remove_stale_temp_files(tmp_path, older_than=300) == 1
    assert [p.name for p in tmp_path.iterdir()] == [running.name]


def test_a_pair_whose_journal_was_written_is_finished_at_the_next_start(tmp_path):
    import json
    from review.atomic import JOURNAL_PREFIX
    pid = _dead_pid()
    pdf, xlsx = tmp_path / "a.pdf", tmp_path / "a.xlsx"
    pdf.write_bytes(b"new pdf")           # the writer was killed after renaming the PDF
    xlsx.write_bytes(b"old xlsx")
    tmp_xlsx = tmp_path / f"{TEMP_PREFIX}{pid}-x"
    tmp_xlsx.write_bytes(b"new xlsx")
    journal = tmp_path / f"{JOURNAL_PREFIX}{pid}-j"
    journal.write_text(json.dumps([[str(tmp_path / f"{TEMP_PREFIX}{pid}-p"), str(pdf)],
                                   [str(tmp_xlsx), str(xlsx)]]))
    remove_stale_temp_files(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.pdf", "a.xlsx"]
    assert xlsx.read_bytes() == b"new xlsx" and pdf.read_bytes() == b"new pdf"


def test_temporary_and_exported_files_are_private(tmp_path):
    from review.atomic import atomic_write_bytes, write_pair
    old = os.umask(0o022)
    try:
        atomic_write_bytes(tmp_path / "one.xlsx", b"x")
        write_pair([(tmp_path / "p.pdf", b"p"), (tmp_path / "p.xlsx", b"x")])
    finally:
        os.umask(old)
    for name in ("one.xlsx", "p.pdf", "p.xlsx"):
        assert (tmp_path / name).stat().st_mode & 0o777 == 0o600, name

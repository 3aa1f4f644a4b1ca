"""Secrecy at rest, through the real window: case text never lands on disk or in logs in the clear.

A bundle carries unique marker strings in a case's summary, Met rationale
and text document.  The member opens it in the app (offscreen), opens the
case and others, writes a decision whose rationale carries another marker,
and exports the signed PDF and Excel, sealed (the default) in one file.
Then, while the workspace is still open (live WAL) and again after closing:
no file in the data folder, beside the workspace, in the export folder
(the sealed export included) or in the process's temporary folder holds a
marker, ZIP files unpacked, the log records and the process's output hold
none, and the signing key appears nowhere unencrypted.
"""

from __future__ import annotations

import logging
import os
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

from hostile_helpers import entries_of, relist, with_json  # noqa: E402
from review.identity import Identity, load_identity  # noqa: E402
from tests.conftest import PASSPHRASE  # noqa: E402

CASE_MARKER = "Qzx7MarkerCaseText"
RATIONALE_MARKER = "Qzx7MarkerRationale"
DOC_MARKER = "Qzx7MarkerDocument"
ID_PASS = "identity-passphrase-1"


def _marked_bundle(valid: bytes) -> bytes:
    def mark(obj):
        c = obj["cases"][0]
        c["summary"] = f"{c['summary']} {CASE_MARKER} appears here."
        c["met_rationale"] = f"{CASE_MARKER} {c['met_rationale']}"
    entries = with_json(entries_of(valid), "cases.json", mark)
    entries = [(n, (c + f" {DOC_MARKER}".encode()) if n.endswith(".txt") else c)
               for n, c in entries]
    return relist(entries)


def _needles() -> list[bytes]:
    out = []
    for m in (CASE_MARKER, RATIONALE_MARKER, DOC_MARKER):
        out += [m.encode("utf-8"), m.encode("utf-16-le"), m.encode("utf-16-be")]
    return out


def _files(*folders: Path, exclude: set[Path]) -> list[Path]:
    found = []
    for folder in folders:
        for root, _, files in os.walk(folder):
            found += [Path(root) / f for f in files if (Path(root) / f) not in exclude]
    return found


def _readable(data: bytes) -> bytes:
    """What anyone holding the file reads: its bytes, and a ZIP's entries unpacked (a
    workbook's text is deflated)."""
    import io
    import zipfile
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            return data + b"".join(zf.read(n) for n in zf.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return data


def _leaks(files: list[Path], needles: list[bytes]) -> list[str]:
    bad = []
    for f in files:
        try:
            data = _readable(f.read_bytes())
        except OSError:
            continue
        bad += [f"{f.name}: {n!r}" for n in needles if n in data]
    return bad


@pytest.fixture
def setup(tmp_path, monkeypatch, tiny_bundle_bytes):
    home, work, out, proc_tmp = (tmp_path / n for n in ("home", "work", "out", "tmp"))
    for f in (home, work, out, proc_tmp):
        f.mkdir()
    monkeypatch.setenv("PANEL_REVIEW_HOME", str(home))
    monkeypatch.setenv("TMPDIR", str(proc_tmp))
    monkeypatch.setattr(tempfile, "tempdir", str(proc_tmp))
    bundle = work / "marked.prb"
    bundle.write_bytes(_marked_bundle(tiny_bundle_bytes))
    identity_dir = tmp_path / "identity"
    Identity.generate("Dr A Example").save(identity_dir, ID_PASS)

    from PySide6.QtWidgets import QFileDialog
    from ui import passphrase_dialog
    from ui.export import dialogs as export_dialogs
    workspace = work / "member.prw"
    target = out / "export.prs"
    monkeypatch.setattr(passphrase_dialog, "ask_new", lambda *a, **k: PASSPHRASE)
    monkeypatch.setattr(passphrase_dialog, "ask_existing", lambda *a, **k: PASSPHRASE)

    def save_as(parent, title, default, filters):
        return (str(workspace if "workspace" in title.lower() else target), filters)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save_as))
    monkeypatch.setattr(QFileDialog, "getExistingDirectory",
                        staticmethod(lambda *a, **k: str(identity_dir)))
    monkeypatch.setattr(export_dialogs, "ask_identity_passphrase", lambda *a, **k: ID_PASS)
    monkeypatch.setattr(export_dialogs, "choose_sealing", lambda *a, **k: "sealed")
    monkeypatch.setattr("ui.trust_dialog.confirm_signer", lambda *a, **k: True)
    import ui.errors
    shown: list[str] = []
    for module in ("ui.errors", "ui.workspace_flow", "ui.member.decision_controller", "ui.main_window"):
        monkeypatch.setattr(f"{module}.show_error",
                            lambda parent, exc, *, doing=None: shown.append(
                                ui.errors.message_for(exc)))
    return dict(home=home, work=work, out=out, tmp=proc_tmp, bundle=bundle, workspace=workspace,
                identity_dir=identity_dir, exports={target},
                errors=shown)


def _wait_idle(qtbot, window):
    qtbot.waitUntil(lambda: window.db.idle, timeout=20_000)


def test_no_case_text_in_the_clear_through_the_real_app(setup, qtbot, caplog, capfd):
    from ui.app import make_app, start
    caplog.set_level(logging.DEBUG)
    make_app()
    window = start()
    qtbot.addWidget(window)
    window.resize(1440, 900)
    window.flow.open_bundle(setup["bundle"])
    qtbot.waitUntil(lambda: window.review.current_case_id is not None, timeout=30_000)
    _wait_idle(qtbot, window)
    review = window.review
    ids = [review.list.model.case_at(i).case_id for i in range(review.list.model.rowCount())]
    for cid in ids[1:] + ids[:1]:  # end on the marked case
        review.open_case(cid)
        qtbot.waitUntil(lambda cid=cid: review.current_case_id == cid, timeout=10_000)
        _wait_idle(qtbot, window)
    assert CASE_MARKER in review.case_view.case.summary  # the member does see it

    # -- a decision, typed into the form ------------------------------------------------
    review.form.set_category("new_assessment")
    review.form.rationale.setFocus()
    qtbot.keyClicks(review.form.rationale, f"Reasons: {RATIONALE_MARKER} and more.")
    review.controller.flush()
    qtbot.waitUntil(lambda: not review.controller.dirty, timeout=10_000)
    _wait_idle(qtbot, window)

    # -- export both files ---------------------------------------------------------------
    flow = window.exports
    outcome: dict = {}
    flow.finished.connect(lambda r: outcome.setdefault("result", r))
    flow.failed.connect(lambda e: outcome.setdefault("error", e))
    window.actions["export_both"].trigger()
    qtbot.waitUntil(lambda: "result" in outcome or "error" in outcome, timeout=120_000)
    qtbot.waitUntil(lambda: not flow.busy, timeout=30_000)
    assert "result" in outcome, outcome
    assert all(p.exists() for p in setup["exports"])
    assert setup["errors"] == []

    key = load_identity(setup["identity_dir"], ID_PASS).private_key
    scalar = key.private_numbers().private_value.to_bytes(32, "big")
    key_needles = [scalar, scalar.hex().encode(), b"BEGIN PRIVATE KEY", b"BEGIN EC PRIVATE KEY"]
    folders = (setup["home"], setup["work"], setup["out"], setup["tmp"],
               setup["identity_dir"])
    assert sorted(setup["out"].iterdir()) == sorted(setup["exports"])  # one sealed file only
    exclude = {setup["bundle"]}   # what the member was sent; the sealed export is scanned too

    # -- while the workspace is open: the live WAL and shared memory too ---------------
    live = _files(*folders, exclude=exclude)
    assert any(p.name == "member.prw-wal" for p in live), [p.name for p in live]
    assert _leaks(live, _needles()) == []
    assert _leaks(live + sorted(setup["exports"]), key_needles) == []

    window.close()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=10_000)

    # -- after closing ------------------------------------------------------------------------
    closed = _files(*folders, exclude=exclude)
    assert _leaks(closed, _needles()) == []
    assert _leaks(closed + sorted(setup["exports"]), key_needles) == []
    assert b"ENCRYPTED PRIVATE KEY" in (setup["identity_dir"] / "key.pem").read_bytes()
    assert [p for p in _files(setup["tmp"], exclude=set())] == []

    # -- logs and output ------------------------------------------------------------------------
    captured = capfd.readouterr()
    text = caplog.text + captured.out + captured.err
    for m in (CASE_MARKER, RATIONALE_MARKER, DOC_MARKER):
        assert m not in text

    # -- and the consultations the window recorded ---------------------------------------
    from review.workspace.database import Workspace
    with Workspace.open(setup["workspace"], PASSPHRASE) as ws:
        opened = [c.case_id for c in ws.consultations()]
    assert set(opened) == set(ids) and opened[-1] == ids[0]
    import io
    import openpyxl
    from exports.sealed_return import open_return
    sealed = setup["out"] / "export.prs"
    inside = open_return(sealed.read_bytes(), load_identity(setup["identity_dir"], ID_PASS),
                         sealed.name)
    # Opened, the workbook does hold the rationale: the scans above would have found it in clear.
    assert RATIONALE_MARKER.encode() in _readable(inside["export.xlsx"])
    sheet = openpyxl.load_workbook(io.BytesIO(inside["export.xlsx"]))["Consultations"]
    assert [r[1] for r in sheet.iter_rows(min_row=2, values_only=True)] == opened


def test_the_signing_key_file_is_encrypted(tmp_path):
    folder = tmp_path / "id"
    ident = Identity.generate("Dr A Example")
    ident.save(folder, ID_PASS)
    pem = (folder / "key.pem").read_bytes()
    assert pem.startswith(b"-----BEGIN ENCRYPTED PRIVATE KEY-----")
    scalar = ident.private_key.private_numbers().private_value.to_bytes(32, "big")
    for f in folder.iterdir():
        data = f.read_bytes()
        assert scalar not in data and scalar.hex().encode() not in data
    if os.name == "posix":
        assert (folder / "key.pem").stat().st_mode & 0o077 == 0

"""A full, read-only or vanished disk is named as such, in every place that writes.

Save, the consultation log, export, workspace open and create each turn
SQLite's "database or disk is full", ENOSPC, EDQUOT, EROFS and a vanished
folder into a sentence that says the disk is full (or read-only, or gone),
that nothing saved before was lost, and what was not saved.  Where this
machine lets a test mount a small tmpfs, the disk really is full.
"""

from __future__ import annotations

import errno
import shutil
import subprocess
from pathlib import Path

import pytest
import sqlcipher3

from review.decisions import Decision
from review.errors import DiskFull, FolderUnwritable, StorageError
from review.storage import storage_problem
from review.workspace.database import Workspace
from tests.conftest import PASSPHRASE
from tests.exports.conftest import (decided_workspace, export_data,  # noqa: F401 (fixtures)
                                    member_identity, member_identity_dir)

KEPT = "Nothing saved before was lost"


@pytest.mark.parametrize("exc, kind", [
    (sqlcipher3.OperationalError("database or disk is full"), DiskFull),
    (OSError(errno.ENOSPC, "No space left on device", "/x/y.pdf"), DiskFull),
    (OSError(errno.EDQUOT, "Disk quota exceeded"), DiskFull),
    (OSError(errno.EROFS, "Read-only file system", "/x/y.pdf"), FolderUnwritable),
    (sqlcipher3.OperationalError("attempt to write a readonly database"), FolderUnwritable),
    (OSError(errno.ENOENT, "No such file", "/no/such/folder/y.pdf"), FolderUnwritable),
    (OSError(errno.EIO, "Input/output error", "/x/y.prw"), FolderUnwritable),
])
def test_each_refused_write_becomes_a_sentence(exc, kind):
    err = storage_problem(exc, "the export was not written")
    assert type(err) is kind
    assert f"{KEPT}; the export was not written." in str(err)


def test_other_errors_are_left_alone(tmp_path):
    missing_file = OSError(errno.ENOENT, "No such file", str(tmp_path / "gone.pdf"))
    assert storage_problem(missing_file, "x") is None   # its folder is there: not a pulled stick
    assert storage_problem(ValueError("disk is full"), "x") is None
    assert storage_problem(sqlcipher3.OperationalError("no such table: x"), "x") is None


def _full(*_a, **_k):
    raise sqlcipher3.OperationalError("database or disk is full")


def test_save_says_the_change_was_not_saved_and_keeps_what_was(workspace, monkeypatch):
    cid = workspace.case_ids()[0]
    workspace.decisions.save(cid, Decision(category="new_assessment", rationale="First."))
    monkeypatch.setattr(workspace.decisions, "_commit_now", _full)
    with pytest.raises(DiskFull, match=f"{KEPT}; the latest change to case {cid} was not saved"):
        workspace.decisions.save(cid, Decision(category="new_assessment", rationale="Second."))
    monkeypatch.undo()
    assert workspace.decisions.get(cid).decision.rationale == "First."


def test_the_consultation_log_says_what_was_not_saved(workspace, monkeypatch):
    cid = workspace.case_ids()[0]
    monkeypatch.setattr(workspace.db, "execute", _full)
    with pytest.raises(DiskFull, match=f"the note that case {cid} was opened was not saved"):
        workspace.record_consultation(cid)


def test_opening_and_making_a_workspace_say_so(workspace, small_bundle, tmp_path, monkeypatch):
    path = workspace.path
    workspace.close()
    monkeypatch.setattr("review.workspace.encrypted.connect", _full)
    with pytest.raises(DiskFull, match=f"{KEPT}; the workspace was not opened"):
        Workspace.open(path, PASSPHRASE)
    with pytest.raises(DiskFull, match=f"{KEPT}; the workspace was not made"):
        Workspace.create(tmp_path / "new" / "w.prw", PASSPHRASE, small_bundle)
    assert not (tmp_path / "new").exists() or list((tmp_path / "new").iterdir()) == []


@pytest.mark.parametrize("code, kind, words", [
    (errno.ENOSPC, DiskFull, "is full"), (errno.EDQUOT, DiskFull, "is full"),
    (errno.EROFS, FolderUnwritable, "is read-only")])
def test_export_says_the_disk_and_writes_nothing(export_data, member_identity, tmp_path,
                                                 monkeypatch, code, kind, words):
    from exports.service import export_signed

    def refused(files):
        raise OSError(code, "refused", str(files[0][0]))
    monkeypatch.setattr("exports.service.write_pair", refused)
    with pytest.raises(kind, match=f"{words}.*{KEPT}; the export was not written and no file "
                                   "was changed"):
        export_signed(export_data, member_identity, pdf_path=tmp_path / "a.pdf",
                      xlsx_path=tmp_path / "a.xlsx")
    assert list(tmp_path.iterdir()) == []


def test_export_to_a_folder_that_vanished(export_data, member_identity, tmp_path, monkeypatch):
    from exports.service import export_signed
    stick = tmp_path / "stick"
    real_mkdir = Path.mkdir

    def pulled(self, *a, **k):   # the mount point is gone: nothing can be made under it
        if str(self).startswith(str(stick)):
            raise FileNotFoundError(errno.ENOENT, "No such file or directory", str(self))
        return real_mkdir(self, *a, **k)
    monkeypatch.setattr(Path, "mkdir", pulled)
    with pytest.raises(FolderUnwritable, match="is no longer there.*USB stick"):
        export_signed(export_data, member_identity, pdf_path=stick / "out" / "a.pdf",
                      xlsx_path=stick / "out" / "a.xlsx")


@pytest.fixture
def small_disk(tmp_path):
    """A real 3 MB tmpfs, or a skip where this machine does not allow mounting one."""
    mount = tmp_path / "disk"
    mount.mkdir()
    if shutil.which("mount") is None or subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(mount)],
            capture_output=True).returncode != 0:
        pytest.skip("no tmpfs can be mounted here; the injected tests above cover it")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], capture_output=True)


def _fill(folder: Path) -> None:
    with open(folder / "filler", "wb") as f:
        try:
            while True:
                f.write(b"\0" * 65536)
                f.flush()
        except OSError as exc:
            assert exc.errno == errno.ENOSPC


def test_a_really_full_disk_on_save_and_export(small_bundle, small_disk, export_data,
                                               member_identity):
    from exports.service import export_signed
    ws = Workspace.create(small_disk / "w.prw", PASSPHRASE, small_bundle)
    try:
        ids = ws.case_ids()
        ws.decisions.save(ids[0], Decision(category="new_assessment", rationale="Kept."))
        _fill(small_disk)
        with pytest.raises(DiskFull, match=f"{small_disk} is full. {KEPT}"):
            for i, cid in enumerate(ids * 50):   # until the write log needs a new page
                ws.decisions.save(cid, Decision(category="new_assessment",
                                                rationale=f"Revision {i}. " + "x" * 4000))
        with pytest.raises(DiskFull, match=f"{small_disk} is full. {KEPT}; the export was not"):
            export_signed(export_data, member_identity, pdf_path=small_disk / "a.pdf",
                          xlsx_path=small_disk / "a.xlsx")
        assert sorted(p.name for p in small_disk.iterdir() if not p.name.startswith("w.prw")) \
            == ["filler"]
    finally:
        ws.close()
    (small_disk / "filler").unlink()
    with Workspace.open(small_disk / "w.prw", PASSPHRASE) as again:
        assert again.decisions.get(ids[0]) is not None
        again.decisions.check_history()

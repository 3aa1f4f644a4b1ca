"""Atomic file writes: a temporary file beside the target, then a rename.

A reader never sees half a file, and a crash or cancel leaves the previous
file (or none) in place.  Temporary names carry a fixed prefix and the id of
the writing process (``.panel-review-tmp-<pid>-…``), so that the next start
of the app or the command line removes them at once when their writer is
gone, and spares them while it still runs.

Files that belong together (an export's PDF and workbook) are written as a
pair: every temporary file is written and flushed, then a small journal
naming them is written, then each is renamed into place, then the journal is
removed.  A kill before the journal leaves the old files; a kill after it
leaves a journal that :func:`repair_pairs` finishes, so both files are
always from the same export.  Everything is created readable by its owner
only (0600), as it may hold case material.
"""

from __future__ import annotations

import contextlib
import json
import os
import uuid
from pathlib import Path
from typing import BinaryIO, Iterator

TEMP_PREFIX = ".panel-review-tmp-"
JOURNAL_PREFIX = ".panel-review-pair-"
PRIVATE = 0o600

# A temporary file whose writer still runs (or whose id was reused by another
# process) is spared until it is this old: no write takes longer.
LIVE_WRITER_GRACE = 300.0


def temp_path(folder: Path, suffix: str = "") -> Path:
    """A fresh temporary name in ``folder`` that carries this process's id."""
    return Path(folder) / f"{TEMP_PREFIX}{os.getpid()}-{uuid.uuid4().hex[:12]}{suffix}"


def create_private(path: Path) -> int:
    """Create ``path`` (it must not exist) for writing, readable by its owner only."""
    return os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0),
                   PRIVATE)


@contextlib.contextmanager
def _temp_for(path: Path) -> Iterator[tuple[BinaryIO, Path]]:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = temp_path(path.parent)
    fd = create_private(tmp)
    try:
        with os.fdopen(fd, "wb") as f:
            yield f, tmp
            f.flush()
            os.fsync(f.fileno())
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


@contextlib.contextmanager
def atomic_writer(path: Path) -> Iterator[BinaryIO]:
    """Yield a binary file; on success it replaces ``path``, on error it vanishes."""
    path = Path(path)
    with _temp_for(path) as (f, tmp):
        yield f
    try:
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    _fsync_dir(path.parent)


def atomic_write_bytes(path: Path, data: bytes) -> None:
    with atomic_writer(path) as f:
        f.write(data)


def write_pair(files: list[tuple[Path, bytes]]) -> None:
    """Write all ``files`` so that a kill leaves either every old file or every new one."""
    files = [(Path(p), data) for p, data in files]
    if len(files) == 1:
        atomic_write_bytes(*files[0])
        return
    for path, _ in files:
        if path.is_dir():  # the one rename refusal that can be foreseen
            raise IsADirectoryError(21, "a folder has that name", str(path))
    temps: list[tuple[Path, Path]] = []
    try:
        for path, data in files:
            with _temp_for(path) as (f, tmp):
                f.write(data)
            temps.append((tmp, path))
        journal = files[0][0].parent / f"{JOURNAL_PREFIX}{os.getpid()}-{uuid.uuid4().hex[:12]}"
        fd = create_private(journal)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump([[str(t), str(p)] for t, p in temps], f)
            f.flush()
            os.fsync(f.fileno())
        _fsync_dir(journal.parent)
    except BaseException:
        for tmp, _ in temps:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        raise
    # From here on the pair is decided: a kill leaves the journal to finish it.
    try:
        _roll_forward(journal, temps)
    except OSError:
        for tmp, _ in temps:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        with contextlib.suppress(OSError):
            os.unlink(journal)
        raise


def _roll_forward(journal: Path, temps: list[tuple[Path, Path]]) -> None:
    for tmp, path in temps:
        if os.path.lexists(tmp):
            os.replace(tmp, path)
    for folder in {p.parent for _, p in temps}:
        _fsync_dir(folder)
    os.unlink(journal)
    _fsync_dir(journal.parent)


def repair_pairs(folder: Path) -> int:
    """Finish every pair whose writer was killed after it wrote its journal; returns how many."""
    repaired = 0
    with contextlib.suppress(OSError):
        for journal in Path(folder).glob(JOURNAL_PREFIX + "*"):
            if _writer_alive(journal.name[len(JOURNAL_PREFIX):]):
                continue
            try:
                temps = [(Path(t), Path(p)) for t, p in json.loads(journal.read_text("utf-8"))]
            except (OSError, ValueError, TypeError):
                # Written and synced before any rename, so unreadable means never finished.
                with contextlib.suppress(OSError):
                    journal.unlink()
                continue
            with contextlib.suppress(OSError):
                _roll_forward(journal, temps)
                repaired += 1
    return repaired


def _fsync_dir(folder: Path) -> None:
    # Makes the rename itself durable; not every platform can open a folder.
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _writer_alive(rest: str) -> bool | None:
    """Whether the process named at the start of ``rest`` runs; None if no id is named."""
    head = rest.split("-", 1)[0]
    if not head.isdigit():
        return None
    pid = int(head)
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # alive, but someone else's
        return True
    return True


def remove_stale_temp_files(folder: Path, older_than: float = LIVE_WRITER_GRACE) -> int:
    """Finish interrupted pairs, then delete temporary files (and folders) whose writer is gone.

    Returns how many were removed.  A file whose writer still runs, or that
    names none, is spared until it is ``older_than`` seconds old, so a write
    still in progress in another Panel Review process is left alone.
    """
    import shutil
    import time
    repair_pairs(folder)
    removed = 0
    cutoff = time.time() - older_than
    with contextlib.suppress(OSError):
        for p in Path(folder).glob(TEMP_PREFIX + "*"):
            with contextlib.suppress(OSError):
                alive = _writer_alive(p.name[len(TEMP_PREFIX):])
                if alive is not False and older_than and p.lstat().st_mtime > cutoff:
                    continue
                if p.is_dir() and not p.is_symlink():
                    shutil.rmtree(p)
                else:
                    p.unlink()
                removed += 1
    return removed

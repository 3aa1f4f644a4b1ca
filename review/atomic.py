"""Atomic file writes: a temporary file beside the target, then a rename.

A reader never sees half a file, and a crash or cancel leaves the previous
file (or none) in place.  Temporary names carry a fixed prefix so that stale
ones left by a killed process can be recognised and removed at start-up.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from typing import Iterator, BinaryIO

TEMP_PREFIX = ".panel-review-tmp-"


@contextlib.contextmanager
def atomic_writer(path: Path) -> Iterator[BinaryIO]:
    """Yield a binary file; on success it replaces ``path``, on error it vanishes."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=TEMP_PREFIX, dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    _fsync_dir(path.parent)


def atomic_write_bytes(path: Path, data: bytes) -> None:
    with atomic_writer(path) as f:
        f.write(data)


def _fsync_dir(folder: Path) -> None:
    # Makes the rename itself durable; not every platform can open a folder.
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def remove_stale_temp_files(folder: Path, older_than: float = 0.0) -> int:
    """Delete temporary files (and folders) left by an interrupted write; returns how many.

    ``older_than`` (seconds) spares anything modified more recently, so that
    a write still in progress in another Panel Review process is left alone.
    """
    import shutil
    import time
    removed = 0
    cutoff = time.time() - older_than
    with contextlib.suppress(OSError):
        for p in Path(folder).glob(TEMP_PREFIX + "*"):
            with contextlib.suppress(OSError):
                if older_than and p.lstat().st_mtime > cutoff:
                    continue
                if p.is_dir() and not p.is_symlink():
                    shutil.rmtree(p)
                else:
                    p.unlink()
                removed += 1
    return removed

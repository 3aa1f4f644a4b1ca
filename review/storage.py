"""The one place that turns a refused write into a sentence that says what to do.

A full disk reaches Panel Review in two shapes: SQLite's "database or disk is
full" from the workspace, and ``ENOSPC``/``EDQUOT`` from a file write.  A
read-only folder is ``EROFS`` (or SQLite's "readonly database"); a folder
that vanished, as when a USB stick is pulled out, is ``ENOENT`` for a folder
that is no longer there, or ``ENODEV``/``ENXIO``/``EIO``.  Save, the
consultation log, export, bundle create and opening a workspace all wrap
their writes in :func:`guarded_write`, naming what was not saved; the app
and the command line show the sentence instead of "an unexpected problem".
"""

from __future__ import annotations

import contextlib
import errno
import os
from pathlib import Path
from typing import Iterator

from review.errors import DiskFull, FolderUnwritable, StorageError

_FULL = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}
_READ_ONLY = {errno.EROFS}
_GONE = {errno.ENODEV, errno.ENXIO, errno.EIO}
_SQLITE_FULL = ("database or disk is full",)
_SQLITE_READ_ONLY = ("attempt to write a readonly database", "readonly database")
_SQLITE_GONE = ("disk i/o error", "unable to open database file")

KEPT = "Nothing saved before was lost"


def storage_problem(exc: BaseException, unsaved: str,
                    where: Path | None = None) -> StorageError | None:
    """The StorageError for ``exc`` if it is a refused write, else None.

    ``unsaved`` is a clause that says what was not done, such as "the export was not
    written" (never case text);
    ``where`` is the file or folder written to, when known.
    """
    if isinstance(exc, StorageError):
        return exc
    kind = _kind(exc, where)
    if kind is None:
        return None
    folder = _place(exc, where)
    disk = f"The disk holding {folder}" if folder else "The disk"
    if kind == "full":
        return DiskFull(
            f"{disk} is full. {KEPT}; {unsaved}. Free some space on the disk (or ask for a "
            "larger quota), then try again.")
    if kind == "read-only":
        return FolderUnwritable(
            f"{disk} is read-only, so nothing can be written there. {KEPT}; {unsaved}. Use a "
            "folder you can write to, then try again.")
    return FolderUnwritable(
        f"The folder {folder or ''} is no longer there or cannot be reached (was a USB stick "
        f"or network drive removed?). {KEPT}; {unsaved}. Reconnect it, then try again."
        .replace("folder  is", "folder is"))


@contextlib.contextmanager
def guarded_write(unsaved: str, where: Path | None = None) -> Iterator[None]:
    """Re-raise a refused write inside the block as a StorageError with a sentence."""
    try:
        yield
    except Exception as exc:
        mapped = storage_problem(exc, unsaved, where)
        if mapped is None or mapped is exc:
            raise
        raise mapped from None


def _kind(exc: BaseException, where: Path | None) -> str | None:
    if isinstance(exc, OSError):
        code = exc.errno
        if code in _FULL:
            return "full"
        if code in _READ_ONLY:
            return "read-only"
        if code in _GONE:
            return "gone"
        if code == errno.ENOENT:
            folder = _folder(exc, where)
            return "gone" if folder is not None and not folder.is_dir() else None
        return None
    if type(exc).__name__ in ("OperationalError", "DatabaseError"):  # sqlite3 or sqlcipher3
        text = str(exc).lower()
        if any(t in text for t in _SQLITE_FULL):
            return "full"
        if any(t in text for t in _SQLITE_READ_ONLY):
            return "read-only"
        if any(t in text for t in _SQLITE_GONE) and where is not None \
                and not _existing_folder(where):
            return "gone"
    return None


def _folder(exc: OSError, where: Path | None) -> Path | None:
    target = exc.filename or where
    return Path(os.fsdecode(target)).parent if target else None


def _existing_folder(where: Path) -> bool:
    where = Path(where)
    return (where if where.is_dir() else where.parent).is_dir()


def _place(exc: BaseException, where: Path | None) -> str:
    target = where or (getattr(exc, "filename", None) if isinstance(exc, OSError) else None)
    if not target:
        return ""
    target = Path(os.fsdecode(target))
    return str(target if target.is_dir() else target.parent)

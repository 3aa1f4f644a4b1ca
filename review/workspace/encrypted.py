"""Opening the workspace database: SQLCipher, one writer, durable commits.

The database file, its WAL and any spill files are encrypted by SQLCipher
with a key derived from the member's passphrase (PBKDF2-HMAC-SHA512, SQLCipher
4 defaults).  A lock on the database file itself keeps a second Panel Review
window from opening the same workspace, by whatever path.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import sqlcipher3
import sqlite_utils

from review.errors import WorkspaceError, WorkspaceLocked, WrongPassphrase
from review.passphrases import MIN_PASSPHRASE, passphrase_problem  # noqa: F401 (dialogs read it)
DatabaseError = sqlcipher3.DatabaseError


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


class WorkspaceLock:
    """An advisory lock on the database file itself, held while the workspace is open.

    The lock belongs to the file (its device and inode), not to the name it was
    opened by, so a symlink, a hard link or another spelling of the path finds
    it taken.  On POSIX it is a ``flock`` on the database file: SQLite's own
    locks are ``fcntl`` locks, which ``flock`` neither sees nor disturbs.  A
    process never opens a second descriptor of a file it already holds,
    because closing any descriptor of a file drops the process's ``fcntl``
    locks on it, SQLite's included; ``_held`` answers that case instead.
    """

    _held: set[tuple[int, int]] = set()

    def __init__(self, db_path: Path):
        self.db_path = Path(db_path)
        # Windows locks byte ranges that SQLite reads, so there the lock is a
        # file beside the database, named after its real path.
        self.path = Path(str(Path(os.path.realpath(db_path))) + ".lock")
        self._fd: int | None = None
        self._key: tuple[int, int] | None = None

    def acquire(self) -> None:
        if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
            self._acquire_beside()
            return
        import fcntl
        fd = os.open(self.db_path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
        st = os.fstat(fd)
        key = (st.st_dev, st.st_ino)
        if key in self._held:
            os.close(fd)  # nothing of this process's own on it is dropped: see above
            raise _locked()
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            raise _locked() from None
        self._fd, self._key = fd, key
        self._held.add(key)

    def _acquire_beside(self) -> None:  # pragma: no cover - Windows only
        import msvcrt
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            os.close(fd)
            raise _locked() from None
        self._fd = fd

    def release(self) -> None:
        """Call only after the database connection is closed (see the class comment)."""
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
        if self._key is not None:
            self._held.discard(self._key)
            self._key = None


def _locked() -> WorkspaceLocked:
    return WorkspaceLocked(
        "This workspace is already open in another Panel Review window. "
        "Switch to that window, or close it and try again."
    )


def new_database_file(folder: Path) -> Path:
    """An empty file, readable by its owner only, under a temporary name in ``folder``.

    SQLite gives the -wal, -shm and journal files the database file's mode, so
    they are private too.
    """
    from review.atomic import create_private, temp_path
    folder.mkdir(parents=True, exist_ok=True)
    tmp = temp_path(folder, ".prw")
    os.close(create_private(tmp))
    return tmp


def remove_database_files(path: Path) -> None:
    """Delete a database and SQLite's files beside it, whichever exist."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        try:
            os.unlink(f"{path}{suffix}")
        except OSError:
            pass


def move_into_place(tmp: Path, path: Path) -> None:
    """Rename a finished database to ``path``, never over an existing file."""
    try:
        os.link(tmp, path)          # fails if ``path`` exists, atomically
    except FileExistsError:
        raise WorkspaceError(f"{path} already exists; choose a new file for the workspace.") \
            from None
    except OSError:                 # no hard links here (a FAT stick): check, then rename
        if os.path.lexists(path):
            raise WorkspaceError(
                f"{path} already exists; choose a new file for the workspace.") from None
        os.rename(tmp, path)
        return
    os.unlink(tmp)


def connect(path: Path, passphrase: str, *, create: bool) -> sqlite_utils.Database:
    """Open (or create) the encrypted database and check the passphrase."""
    path = Path(path)
    if create and path.exists() and path.stat().st_size:
        raise WorkspaceError(f"{path} already exists; choose a new file for the workspace.")
    if not create and not path.is_file():
        raise WorkspaceError(f"There is no workspace at {path}.")
    problem = passphrase_problem(passphrase) if create else None
    if problem:
        raise WorkspaceError(problem)
    # One connection, used by one worker thread at a time (the app's database
    # worker), hence check_same_thread=False.
    conn = sqlcipher3.connect(str(path), check_same_thread=False)
    try:
        # SQLCipher would otherwise print decryption errors of its own.
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute(f"PRAGMA key = {_quote(passphrase)}")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except DatabaseError:
        conn.close()
        if create:
            raise WorkspaceError(f"{path} cannot be created as a workspace.") from None
        raise WrongPassphrase(
            f"The passphrase does not open the workspace {path.name}, or the file is not a "
            "Panel Review workspace. Check the passphrase and try again."
        ) from None
    conn.execute("PRAGMA journal_mode = WAL")
    # FULL: a commit is on disk before save() returns, WAL or not.
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA temp_store = MEMORY")
    conn.execute("PRAGMA secure_delete = ON")
    return sqlite_utils.Database(conn, execute_plugins=False)


def passphrase_opens(path: Path, passphrase: str) -> bool:
    """Whether ``passphrase`` is the key of the database at ``path`` (a read-only check on a
    connection of its own, so it works while the workspace is open)."""
    conn = sqlcipher3.connect(f"file:{Path(path).as_posix()}?mode=ro", uri=True)
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute(f"PRAGMA key = {_quote(passphrase)}")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return True
    except DatabaseError:
        return False
    finally:
        conn.close()


def rekey(db: sqlite_utils.Database, new_passphrase: str) -> None:
    problem = passphrase_problem(new_passphrase)
    if problem:
        raise WorkspaceError(problem)
    db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.conn.execute(f"PRAGMA rekey = {_quote(new_passphrase)}")


def library_versions() -> dict[str, str]:
    """SQLCipher's and SQLite's versions, for a support request (no database is opened)."""
    conn = sqlcipher3.connect(":memory:")
    try:
        row = conn.execute("PRAGMA cipher_version").fetchone()
        sqlite = conn.execute("SELECT sqlite_version()").fetchone()[0]
    finally:
        conn.close()
    return {"SQLCipher": str(row[0]) if row else "unknown", "SQLite": str(sqlite)}

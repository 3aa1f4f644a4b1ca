"""What the process does first: private files, and no core dump.

A core dump of Panel Review holds decrypted case text and the passphrases
typed into it, and lands where other accounts or a crash reporter may read
it; so the process turns dumps off for itself (``RLIMIT_CORE`` 0 and, on
Linux, not dumpable, which also keeps other processes of the same user from
attaching to it).  The file mode mask makes every file and folder the
process creates readable by its owner only, SQLite's own files included.
Each step that the platform does not offer is skipped.
"""

from __future__ import annotations

import contextlib
import os
import sys

PRIVATE_UMASK = 0o077
PR_SET_DUMPABLE = 4
PR_GET_DUMPABLE = 3


def guard_process() -> dict[str, bool]:
    """Apply every protection the platform offers; returns which ones took effect."""
    done = {"umask": False, "core limit": False, "not dumpable": False}
    if os.name == "posix":
        os.umask(PRIVATE_UMASK)
        done["umask"] = True
    with contextlib.suppress(ImportError, ValueError, OSError):
        import resource
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        done["core limit"] = True
    if sys.platform.startswith("linux"):
        done["not dumpable"] = _prctl(PR_SET_DUMPABLE, 0) == 0
    return done


def dumpable() -> int | None:
    """The kernel's dumpable flag for this process (Linux), None elsewhere."""
    if not sys.platform.startswith("linux"):
        return None
    return _prctl(PR_GET_DUMPABLE, 0)


def _prctl(option: int, arg: int) -> int | None:
    try:
        import ctypes
        libc = ctypes.CDLL(None, use_errno=True)
        return int(libc.prctl(option, arg, 0, 0, 0))
    except (OSError, AttributeError):
        return None

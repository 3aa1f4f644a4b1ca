"""The command line as the tests drive it: ``main.main()`` in this process.

Tests that use it also take the ``cli_passphrase`` fixture (tests/conftest.py),
which gives the passphrase through the environment as a script would.
"""

from __future__ import annotations

import main


def run(capsys, *argv) -> tuple[int, str, str]:
    """(exit status, stdout, stderr) of ``panel-review *argv``."""
    code = main.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err

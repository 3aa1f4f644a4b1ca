"""Lines of ``identity`` and error sentences quote names from files inert."""

from __future__ import annotations

import pytest

from review.identity import Identity
from tests.cli_helpers import run

pytestmark = pytest.mark.usefixtures("cli_passphrase")
KINDS = {"escape codes": ("\x1b[2K", "\\u{001B}[2K"), "carriage return": ("\r", "\\u{000D}"),
         "right-to-left override": ("\u202e", "\\u{202E}"),
         "zero-width joiner": ("\u200d", "\\u{200D}")}


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_identity_show_prints_the_certificate_name_inert(tmp_path, capsys, kind):
    raw, shown = KINDS[kind]
    Identity.generate(f"Dr{raw}A").save(tmp_path / "id", "identity-passphrase-1")
    code, out, _ = run(capsys, "identity", "show", tmp_path / "id")
    assert code == 0 and f"Name:        Dr{shown}A" in out and raw not in out


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_an_error_naming_a_file_prints_it_inert(tmp_path, capsys, kind):
    raw, shown = KINDS[kind]
    code, out, err = run(capsys, "verify", tmp_path / f"missing{raw}.xlsx")
    assert code == 2 and raw not in err and f"missing{shown}.xlsx" in err

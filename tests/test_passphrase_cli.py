"""``identity passphrase`` and ``workspace passphrase``: changed, checked, nothing lost."""

from __future__ import annotations

import pytest

from review.errors import WrongPassphrase
from review.identity import Identity, load_identity
from review.key_file import key_rounds
from review.workspace.database import Workspace
from tests.cli_helpers import run
from tests.conftest import PASSPHRASE

NEW = "a rather different passphrase"
pytestmark = pytest.mark.usefixtures("cli_passphrase")


def test_identity_passphrase_changes_and_keeps_the_fingerprint(tmp_path, capsys, monkeypatch):
    folder = tmp_path / "me"
    ident = Identity.generate("Dr A Example")
    ident.save(folder, PASSPHRASE)
    monkeypatch.setenv("PANEL_REVIEW_NEW_PASSPHRASE", NEW)
    code, out, err = run(capsys, "identity", "passphrase", folder)
    assert code == 0 and err == ""
    assert "Dr A Example" in out and "(unchanged)" in out
    assert load_identity(folder, NEW).fingerprint == ident.fingerprint
    assert key_rounds((folder / "key.pem").read_bytes()) == 600_000
    with pytest.raises(WrongPassphrase):
        load_identity(folder, PASSPHRASE)


@pytest.mark.parametrize("new, says", [("short", "at least 12 characters"),
                                       ("Password123456", "first that anyone would try")])
def test_identity_passphrase_refuses_a_weak_one_and_changes_nothing(tmp_path, capsys,
                                                                    monkeypatch, new, says):
    folder = tmp_path / "me"
    Identity.generate("Dr A Example").save(folder, PASSPHRASE)
    before = (folder / "key.pem").read_bytes()
    monkeypatch.setenv("PANEL_REVIEW_NEW_PASSPHRASE", new)
    code, out, err = run(capsys, "identity", "passphrase", folder)
    assert code == 2 and says in err and out == ""
    assert (folder / "key.pem").read_bytes() == before


def test_identity_passphrase_with_the_wrong_current_one(tmp_path, capsys, monkeypatch):
    folder = tmp_path / "me"
    Identity.generate("Dr A Example").save(folder, "another long passphrase")
    monkeypatch.setenv("PANEL_REVIEW_NEW_PASSPHRASE", NEW)
    code, _, err = run(capsys, "identity", "passphrase", folder)
    assert code == 2 and "does not unlock" in err
    load_identity(folder, "another long passphrase")


def test_identity_passphrase_without_a_terminal_asks_for_the_variable(tmp_path, capsys,
                                                                      monkeypatch):
    folder = tmp_path / "me"
    Identity.generate("Dr A Example").save(folder, PASSPHRASE)
    monkeypatch.delenv("PANEL_REVIEW_NEW_PASSPHRASE", raising=False)
    monkeypatch.setattr("sys.stdin", None)
    code, _, err = run(capsys, "identity", "passphrase", folder)
    assert code == 2 and "PANEL_REVIEW_NEW_PASSPHRASE" in err


def test_workspace_passphrase_rekeys_the_database(small_bundle, tmp_path, capsys, monkeypatch):
    path = tmp_path / "w.prw"
    Workspace.create(path, PASSPHRASE, small_bundle).close()
    monkeypatch.setenv("PANEL_REVIEW_NEW_PASSPHRASE", "short")
    code, _, err = run(capsys, "workspace", "passphrase", path)
    assert code == 2 and "at least 12" in err
    Workspace.open(path, PASSPHRASE).close()  # unchanged
    monkeypatch.setenv("PANEL_REVIEW_NEW_PASSPHRASE", NEW)
    code, out, err = run(capsys, "workspace", "passphrase", path)
    assert code == 0 and err == "" and "Changed the passphrase" in out
    with pytest.raises(WrongPassphrase):
        Workspace.open(path, PASSPHRASE)
    with Workspace.open(path, NEW) as ws:
        assert ws.info().case_count > 0 and ws.decisions.check_history().entries >= 0

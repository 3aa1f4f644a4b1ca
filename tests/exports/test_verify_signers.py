"""``verify`` names the signer from the keyring, or says plainly that it is NOT known."""

from __future__ import annotations

import pytest

from review.bundle.contents import read_bundle
from review.identity import Identity, format_fingerprint
from review.keyring import Keyring
from tests.cli_helpers import run as run_main
from tests.conftest import PASSPHRASE
from tests.exports.test_export_cli import run

UNKNOWN = "signature intact but the signer is NOT known"


@pytest.fixture(autouse=True)
def passphrase(monkeypatch):
    monkeypatch.setenv("PANEL_REVIEW_PASSPHRASE", PASSPHRASE)


def test_an_unknown_signer_is_said_plainly_and_require_known_fails(capsys, exported,
                                                                   member_identity):
    code, out, err = run(capsys, "verify", exported.pdf, exported.xlsx)
    assert code == 0 and err == ""
    fp = format_fingerprint(member_identity.fingerprint)
    line = (f"VALID \u2014 {UNKNOWN}: fingerprint {fp}; check it before trusting this file")
    assert out.count(line) == 2
    code, out, _ = run(capsys, "verify", "--require-known", exported.xlsx)
    assert code == 1 and UNKNOWN in out


def test_a_member_pinned_by_a_bundle_roster_is_named_with_where_from(capsys, exported,
                                                                     member_identity):
    keyring = Keyring()
    keyring.learn_bundle(title="Wave 2", bundle_id="b-1", coordinator_name="Dr C",
                         coordinator_fingerprint="c" * 64,
                         roster=[("R07", "Dr A Example", member_identity.fingerprint)])
    keyring.save()
    code, out, _ = run(capsys, "verify", "--require-known", exported.xlsx)
    assert code == 0
    assert (f"{exported.xlsx}: VALID, signed by Dr A Example (R07) \u2014 known from the "
            "roster of bundle Wave 2 (b-1)") in out
    assert UNKNOWN not in out


def test_export_teaches_your_own_identity(capsys, decided_workspace, member_identity_dir,
                                          tmp_path):
    import shutil
    workspace = tmp_path / "member.prw"
    shutil.copyfile(decided_workspace[0], workspace)
    out_xlsx = tmp_path / "mine.xlsx"
    code, _, err = run(capsys, "export", workspace, "--identity", member_identity_dir,
                       "--xlsx", out_xlsx)
    assert code == 0, err
    code, out, _ = run(capsys, "verify", "--require-known", out_xlsx)
    assert code == 0 and "signed by Dr A Example (you) \u2014 known from your own signing " \
                         "identity" in out


def _real_bundle(folder, coordinator, member):
    """A one-member bundle that is not the DEMO (whose key is public)."""
    from review.bundle.contents import BundleContents, Reviewer, write_bundle
    from review.cases import Case
    from review.demo.data import generate_cases, generate_documents
    data = generate_cases(3, seed=5)
    cases = [Case.from_json(d) for d in data]
    docs = {ref["filename"]: content for d in data for ref, content in generate_documents(d, 1)}
    path = folder / "wave2.prb"
    write_bundle(path, BundleContents(
        "wave-2", "Wave 2", "2026-01-01T00:00:00Z", cases, docs,
        [Reviewer("R01", member.name, member.fingerprint)],
        [(c.case_id, "R01") for c in cases], member_id="R01"), coordinator)
    return path


def test_opening_a_bundle_teaches_its_coordinator_and_roster(capsys, tmp_path, cli_passphrase,
                                                             member_identity):
    coordinator = Identity.generate("Dr C Coordinator")
    bundle = _real_bundle(tmp_path, coordinator, member_identity)
    code, _, err = run_main(capsys, "workspace", "open", bundle, "--workspace",
                            tmp_path / "w.prw")
    assert code == 0, err
    keyring = Keyring()
    assert keyring.lookup(coordinator.fingerprint).label() == "Dr C Coordinator (coordinator)"
    assert keyring.lookup(coordinator.fingerprint).source == "bundle Wave 2 (wave-2)"
    assert keyring.lookup(member_identity.fingerprint).label() == "Dr A Example (R01)"


def test_the_demo_coordinator_is_never_learnt(capsys, small_bundle, tmp_path, cli_passphrase):
    code, _, err = run_main(capsys, "workspace", "open", small_bundle, "--workspace",
                            tmp_path / "w.prw")
    assert code == 0, err
    assert Keyring().lookup(read_bundle(small_bundle).signer_fingerprint) is None

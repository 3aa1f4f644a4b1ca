"""The command line and sealed bundles: certificates out, sealed bundles verified."""

from __future__ import annotations

import pytest

from review.bundle.contents import read_bundle, write_bundle
from review.demo.bundle import demo_coordinator
from review.identity import load_certificate
from review.seal import Recipient
from tests.cli_helpers import run

pytestmark = pytest.mark.usefixtures("cli_passphrase")


@pytest.fixture
def member(tmp_path, capsys):
    assert run(capsys, "identity", "create", "--name", "Dr M", "--out", tmp_path / "id")[0] == 0
    return tmp_path / "id"


def test_identity_show_exports_the_certificate(member, tmp_path, capsys):
    code, out, _ = run(capsys, "identity", "show", member, "--export-certificate",
                       tmp_path / "dr-m.pem")
    assert code == 0 and "dr-m.pem" in out
    assert (tmp_path / "dr-m.pem").read_bytes() == (member / "cert.pem").read_bytes()


def test_verify_opens_a_sealed_bundle_only_with_the_identity(member, small_bundle, tmp_path,
                                                             capsys):
    sealed = tmp_path / "sealed.prb"
    write_bundle(sealed, read_bundle(small_bundle).contents, demo_coordinator(),
                 [Recipient("R01, Dr M", load_certificate(member))])
    code, _, err = run(capsys, "bundle", "verify", sealed)
    assert code == 1 and "is sealed for R01, Dr M; open it with your identity" in err
    code, out, _ = run(capsys, "bundle", "verify", sealed, "--identity", member)
    assert code == 0 and "VALID" in out and "not sealed" not in out
    plain = tmp_path / "plain.prb"
    write_bundle(plain, read_bundle(small_bundle).contents, demo_coordinator())
    code, out, _ = run(capsys, "bundle", "verify", plain)
    assert code == 0 and "Warning: this bundle is not sealed" in out
    code, out, _ = run(capsys, "bundle", "verify", small_bundle)  # the demo: the DEMO key
    assert code == 0 and "sealed to the public DEMO key" in out and "not sealed" not in out


def test_a_sealed_bundle_without_its_identity_leaves_no_workspace(member, small_bundle, tmp_path,
                                                                  capsys):
    sealed = tmp_path / "sealed.prb"
    write_bundle(sealed, read_bundle(small_bundle).contents, demo_coordinator(),
                 [Recipient("R01, Dr M", load_certificate(member))])
    code, _, err = run(capsys, "workspace", "open", sealed, "--workspace", tmp_path / "w.prw")
    assert code == 1 and "is sealed for R01, Dr M" in err
    assert not (tmp_path / "w.prw").exists()

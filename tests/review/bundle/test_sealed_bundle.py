"""Bundles sealed for their member: opened in memory, refused for anyone else."""

from __future__ import annotations

import pytest

from review.bundle.contents import read_bundle, write_bundle
from review.demo.bundle import build_demo_bundles, demo_coordinator
from review.errors import BundleError
from review.identity import Identity
from review.seal import Recipient

MEMBER, STRANGER = Identity.generate("Dr Member"), Identity.generate("Dr Stranger")


@pytest.fixture(scope="module")
def plain(tmp_path_factory):
    path = tmp_path_factory.mktemp("plain") / "R01.prb"
    build_demo_bundles(path, cases=3, seed=5)
    return read_bundle(path)


@pytest.fixture(scope="module")
def sealed_path(plain, tmp_path_factory):
    path = tmp_path_factory.mktemp("sealed") / "R01.prb"
    write_bundle(path, plain.contents, demo_coordinator(),
                 [Recipient("R01, Dr Member", MEMBER.certificate),
                  Recipient("Coordinator", demo_coordinator().certificate)])
    return path


def test_member_and_coordinator_open_it_and_it_is_the_same_bundle(plain, sealed_path):
    for reader in (MEMBER, demo_coordinator()):
        back = read_bundle(sealed_path, demo_coordinator().fingerprint, reader=reader)
        assert back.sealed and back.digest == plain.digest
        assert [c.case_id for c in back.contents.cases] == [c.case_id for c in plain.contents.cases]
    assert not plain.sealed


def test_someone_else_is_told_whose_it_is(sealed_path):
    with pytest.raises(BundleError) as err:
        read_bundle(sealed_path, reader=STRANGER, reader_label="R02")
    assert str(err.value) == ("R01.prb is sealed for R01, Dr Member; Coordinator; "
                              "your identity is R02.")


def test_without_an_identity_it_does_not_open(sealed_path):
    with pytest.raises(BundleError, match="open it with your identity"):
        read_bundle(sealed_path)


def test_no_case_text_in_clear(plain, sealed_path):
    data = sealed_path.read_bytes()
    case = plain.contents.cases[0]
    markers = [case.case_id, *[w for w in case.to_json().values()
                               if isinstance(w, str) and len(w) > 20]]
    assert len(markers) > 1
    for marker in markers:
        assert marker.encode() not in data


def test_sealed_by_someone_other_than_the_signer_is_refused(plain, tmp_path):
    from review.seal import seal
    signed = tmp_path / "signed.prb"
    write_bundle(signed, plain.contents, demo_coordinator())
    resealed = seal(signed.read_bytes(), STRANGER, [Recipient("R01", MEMBER.certificate)],
                    kind="bundle")
    (tmp_path / "forged.prb").write_bytes(resealed)
    with pytest.raises(BundleError, match="was sealed by Dr Stranger but signed by"):
        read_bundle(tmp_path / "forged.prb", reader=MEMBER)

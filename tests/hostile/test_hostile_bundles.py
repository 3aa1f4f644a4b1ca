"""Hostile bundles, at the workspace level: a clear refusal, nothing changed, no file made.

tests/review/bundle/test_format.py covers the format checks one by one;
here every hostile bundle goes through ``Workspace.create`` (a new
workspace) and ``Workspace.import_bundle`` (an existing one), and the test
proves that the refusal is a sentence, that the existing workspace's files
and content are exactly as before, and that no file appeared anywhere in
the folder or in the process's temporary folder (no -wal, -shm or .lock
left behind, no extracted entry).
"""

from __future__ import annotations

import json
import traceback
import warnings

import pytest

from hostile_helpers import (digests, entries_of, listing, logical_snapshot, patch_declared_size,
                             relist, resign, sign_archive, with_json, zip_entries)
from review.decisions import Decision
from review.errors import BundleError, PanelReviewError
from review.identity import Identity
from review.workspace.database import Workspace
from tests.conftest import PASSPHRASE

MiB = 1 << 20


def _drop(entries, prefix):
    return [(n, c) for n, c in entries if not n.startswith(prefix)]


def _doc_names(entries):
    return [n for n, _ in entries if n.startswith("documents/")]


def _set_case(field, value, index=0):
    def change(obj):
        obj["cases"][index][field] = value
    return change


def _stranger():
    return Identity.generate("Someone Else")


def _encrypted_flag(archive: bytes) -> bytes:
    """Mark every entry as encrypted (general purpose flag bit 0), central and local."""
    data = bytearray(archive)
    for magic, offset in ((b"PK\x01\x02", 8), (b"PK\x03\x04", 6)):
        i = data.find(magic)
        while i >= 0:
            data[i + offset] |= 0x01
            i = data.find(magic, i + 4)
    return bytes(data)


def _unknown_method(archive: bytes) -> bytes:
    """Claim compression method 99 (AES, unsupported) for every entry."""
    data = bytearray(archive)
    for magic, offset in ((b"PK\x01\x02", 10), (b"PK\x03\x04", 8)):
        i = data.find(magic)
        while i >= 0:
            data[i + offset:i + offset + 2] = (99).to_bytes(2, "little")
            i = data.find(magic, i + 4)
    return bytes(data)


def _oversize_all(archive: bytes, names, size) -> bytes:
    for n in names:
        archive = patch_declared_size(archive, n, size)
    return archive


# name → maker(valid bundle bytes) → hostile bytes.  All but the last group are
# signed by the demo coordinator, whom the workspace pins.
HOSTILE = {
    # names
    "traversal-dotdot": lambda d: resign(entries_of(d) + [("../evil.txt", b"x")]),
    "traversal-absolute": lambda d: resign(entries_of(d) + [("/etc/passwd", b"x")]),
    "traversal-in-documents": lambda d: relist(entries_of(d) + [("documents/../../x", b"x")]),
    "traversal-backslash": lambda d: relist(entries_of(d) + [("documents\\..\\..\\x", b"x")]),
    "subfolder-in-documents": lambda d: relist(entries_of(d) + [("documents/a/b.txt", b"x")]),
    "unknown-entry-listed": lambda d: relist(entries_of(d) + [("other.json", b"{}")]),
    # sizes and compression
    "compression-bomb": lambda d: relist(entries_of(d) + [("documents/bomb.txt", b"\0" * (8 * MiB))]),
    "entry-over-size-cap": lambda d: sign_archive(
        patch_declared_size(zip_entries(entries_of(d)), "cases.json", 300 * MiB)),
    "total-over-size-cap": lambda d: sign_archive(
        _oversize_all(zip_entries(entries_of(d)), [n for n, _ in entries_of(d)], 250 * MiB)),
    "entry-smaller-than-declared": lambda d: sign_archive(
        patch_declared_size(zip_entries(entries_of(d)), "cases.json", 10)),
    "entry-larger-than-declared": lambda d: sign_archive(
        patch_declared_size(zip_entries(entries_of(d)), "cases.json", 5000)),
    "encrypted-entries": lambda d: sign_archive(_encrypted_flag(zip_entries(entries_of(d)))),
    "unsupported-compression": lambda d: sign_archive(_unknown_method(zip_entries(entries_of(d)))),
    # duplicated or missing entries
    "duplicated-entry": lambda d: resign(entries_of(d) + [e for e in entries_of(d)
                                                          if e[0] == "roster.json"]),
    "duplicated-manifest": lambda d: resign(entries_of(d) + [e for e in entries_of(d)
                                                             if e[0] == "manifest.json"]),
    "missing-document": lambda d: resign([e for e in entries_of(d)
                                          if e[0] != _doc_names(entries_of(d))[0]]),
    "missing-document-relisted": lambda d: relist([e for e in entries_of(d)
                                                   if e[0] != _doc_names(entries_of(d))[0]]),
    "missing-cases": lambda d: relist(_drop(entries_of(d), "cases.json")),
    "missing-roster": lambda d: relist(_drop(entries_of(d), "roster.json")),
    "missing-manifest": lambda d: resign(_drop(entries_of(d), "manifest.json")),
    "unlisted-extra-document": lambda d: resign(entries_of(d) + [("documents/x.txt", b"x")]),
    "orphan-document-listed": lambda d: relist(entries_of(d) + [("documents/x.txt", b"x")]),
    "empty-archive": lambda d: sign_archive(zip_entries([])),
    # versions and manifest
    "format-version-2": lambda d: relist(entries_of(d), lambda m: m.update(version=2)),
    "format-version-text": lambda d: relist(entries_of(d), lambda m: m.update(version="1")),
    "other-format": lambda d: relist(entries_of(d), lambda m: m.update(format="zip")),
    "manifest-not-json": lambda d: resign([(n, b"{not json" if n == "manifest.json" else c)
                                           for n, c in entries_of(d)]),
    "manifest-a-list": lambda d: resign([(n, b"[]" if n == "manifest.json" else c)
                                         for n, c in entries_of(d)]),
    "manifest-not-utf8": lambda d: resign([(n, b"\xff\xfe{" if n == "manifest.json" else c)
                                           for n, c in entries_of(d)]),
    "manifest-entries-a-list": lambda d: relist(entries_of(d), lambda m: m.update(entries=[])),
    "counts-wrong": lambda d: relist(entries_of(d),
                                     lambda m: m["counts"].update(cases=m["counts"]["cases"] + 1)),
    "member-not-on-roster": lambda d: relist(entries_of(d), lambda m: m.update(member_id="R99")),
    "no-bundle-id": lambda d: relist(entries_of(d), lambda m: m.pop("bundle_id")),
    # contents
    "cases-not-json": lambda d: relist([(n, b"\x00\x01garbage" if n == "cases.json" else c)
                                        for n, c in entries_of(d)]),
    "cases-not-utf8": lambda d: relist([(n, b"\xff" * 40 if n == "cases.json" else c)
                                        for n, c in entries_of(d)]),
    "cases-wrong-shape": lambda d: relist(with_json(entries_of(d), "cases.json",
                                                    lambda o: o.update(cases={"a": 1}))),
    "case-bad-date": lambda d: relist(with_json(entries_of(d), "cases.json",
                                                _set_case("conduct_date", "2019-13-45"))),
    "case-dates-out-of-order": lambda d: relist(with_json(entries_of(d), "cases.json",
                                                          _set_case("conduct_date", "2099-01-01"))),
    "case-id-wrong-type": lambda d: relist(with_json(entries_of(d), "cases.json",
                                                     _set_case("case_id", 12345))),
    "case-summary-wrong-type": lambda d: relist(with_json(entries_of(d), "cases.json",
                                                          _set_case("summary", {"x": 1}))),
    "case-unknown-category": lambda d: relist(with_json(entries_of(d), "cases.json",
                                                        _set_case("met_category", "acquit"))),
    "case-no-allegations": lambda d: relist(with_json(entries_of(d), "cases.json",
                                                      _set_case("allegation_types", []))),
    "case-missing-field": lambda d: relist(with_json(
        entries_of(d), "cases.json", lambda o: o["cases"][0].pop("summary"))),
    "case-duplicated": lambda d: relist(with_json(
        entries_of(d), "cases.json", lambda o: o["cases"].append(o["cases"][0])),
        lambda m: m["counts"].update(cases=m["counts"]["cases"] + 1)),
    "case-document-traversal": lambda d: relist(with_json(
        entries_of(d), "cases.json", lambda o: o["cases"][0]["documents"][0].update(
            filename="../../etc/passwd"))),
    "roster-wrong-shape": lambda d: relist(with_json(entries_of(d), "roster.json",
                                                     lambda o: o.update(reviewers="R01"))),
    "roster-empty": lambda d: relist(with_json(entries_of(d), "roster.json",
                                               lambda o: o.update(reviewers=[]))),
    "assignment-unknown-case": lambda d: relist(with_json(
        entries_of(d), "assignments.json",
        lambda o: o["assignments"].append({"case_id": "PR-9999", "reviewer_id": "R01"}))),
    "assignment-repeated": lambda d: relist(with_json(
        entries_of(d), "assignments.json",
        lambda o: o["assignments"].append(dict(o["assignments"][0])))),
    # truncation and framing
    "truncated-1": lambda d: d[:-1],
    "truncated-trailer": lambda d: d[:-8],
    "truncated-half": lambda d: d[: len(d) // 2],
    "truncated-100": lambda d: d[:100],
    "empty-file": lambda d: b"",
    "appended-junk": lambda d: d + b"junk",
    "prepended-junk": lambda d: b"junk" + d,
    "impossible-block-length": lambda d: d[:-16] + (2 ** 63).to_bytes(8, "big") + d[-8:],
    "plain-zip": lambda d: zip_entries(entries_of(d)),
    # signatures
    "flipped-signature-byte": lambda d: d[:-40] + bytes([d[-40] ^ 1]) + d[-39:],
    "signed-by-stranger": lambda d: resign(entries_of(d), _stranger()),
}

def _stranger_bundle(d: bytes) -> bytes:
    """Validly signed by someone else who names themself as signer.

    A new workspace may accept it (nothing is pinned yet); a workspace that
    pins its coordinator must not.
    """
    import hashlib
    from review.bundle import format as fmt
    stranger = _stranger()
    entries = entries_of(d)
    others = [(n, c) for n, c in entries if n != "manifest.json"]
    manifest = json.loads(dict(entries)["manifest.json"])
    manifest["signer"] = {"name": stranger.name, "fingerprint": stranger.fingerprint}
    manifest["entries"] = {n: {"sha256": hashlib.sha256(c).hexdigest(), "size": len(c)}
                           for n, c in others}
    return resign([("manifest.json", fmt.canonical_json(manifest)), *others], stranger)


PINNED_ONLY = {"stranger-names-themself": _stranger_bundle}


def _make(maker, data: bytes) -> bytes:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about duplicate names
        return maker(data)


def _assert_sentence(exc: BaseException) -> None:
    text = str(exc)
    assert isinstance(exc, PanelReviewError), f"{type(exc).__name__}: {text}"
    assert text and text.rstrip()[-1] in ".)!?'\u201d", text
    assert "Traceback" not in text and "\n" not in text.strip()


@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_hostile_bundle_makes_no_workspace_and_no_file(kind, tiny_bundle_bytes, tmp_path,
                                                       private_tmp):
    folder = tmp_path / "ws"
    folder.mkdir()
    bundle = folder / "hostile.prb"
    bundle.write_bytes(_make(HOSTILE[kind], tiny_bundle_bytes))
    before = listing(folder)
    with pytest.raises(PanelReviewError) as info:
        Workspace.create(folder / "new.prw", PASSPHRASE, bundle)
    _assert_sentence(info.value)
    assert listing(folder) == before
    assert listing(private_tmp) == {}


@pytest.fixture
def existing(tiny_bundle_bytes, tmp_path):
    """An existing workspace with a decision, a consultation and an open WAL."""
    folder = tmp_path / "ws"
    folder.mkdir()
    good = tmp_path / "good.prb"
    good.write_bytes(tiny_bundle_bytes)
    ws = Workspace.create(folder / "member.prw", PASSPHRASE, good)
    cid = ws.case_ids()[0]
    ws.decisions.save(cid, Decision(category="new_assessment", rationale="Draft thoughts."))
    ws.record_consultation(cid)
    yield ws, folder
    ws.close()


@pytest.mark.parametrize("kind", sorted(HOSTILE) + sorted(PINNED_ONLY))
def test_hostile_bundle_leaves_an_existing_workspace_unchanged(kind, existing, tiny_bundle_bytes,
                                                               tmp_path, private_tmp):
    ws, folder = existing
    maker = HOSTILE.get(kind) or PINNED_ONLY[kind]
    bundle = tmp_path / "hostile.prb"
    bundle.write_bytes(_make(maker, tiny_bundle_bytes))
    names_before = listing(folder)
    bytes_before = digests(folder, ["member.prw", "member.prw-wal"])
    content_before = logical_snapshot(ws)
    with pytest.raises(PanelReviewError) as info:
        ws.import_bundle(bundle)
    _assert_sentence(info.value)
    assert listing(folder) == names_before
    assert digests(folder, ["member.prw", "member.prw-wal"]) == bytes_before
    assert logical_snapshot(ws) == content_before
    assert listing(private_tmp) == {}
    ws.decisions.check_history()  # and the workspace still works
    ws.record_consultation(ws.case_ids()[1])


def test_every_hostile_bundle_is_refused_by_the_reader(tiny_bundle_bytes, tmp_path):
    """Guard: each maker really produces something ``read_bundle`` refuses as a bundle."""
    from review.bundle.contents import read_bundle
    for kind, maker in HOSTILE.items():
        path = tmp_path / f"{kind}.prb"
        path.write_bytes(_make(maker, tiny_bundle_bytes))
        with pytest.raises(BundleError):
            read_bundle(path)


def test_same_bundle_again_changes_nothing(existing, tiny_bundle_bytes, tmp_path):
    ws, folder = existing
    again = tmp_path / "again.prb"
    again.write_bytes(tiny_bundle_bytes)
    before = logical_snapshot(ws)
    assert ws.import_bundle(again).already_imported
    assert logical_snapshot(ws) == before


def test_refusal_messages_quote_no_case_text(tiny_bundle_bytes, tmp_path):
    """Messages reach dialogs and stderr: they may name an entry, never a summary."""
    cases = json.loads(dict(entries_of(tiny_bundle_bytes))["cases.json"])["cases"]
    phrases = [c["summary"][:30] for c in cases] + [c["met_rationale"][:30] for c in cases]
    for kind, maker in HOSTILE.items():
        bundle = tmp_path / f"{kind}.prb"
        bundle.write_bytes(_make(maker, tiny_bundle_bytes))
        try:
            Workspace.create(tmp_path / f"{kind}.prw", PASSPHRASE, bundle)
        except PanelReviewError as exc:
            assert not any(p in str(exc) for p in phrases), kind
        else:  # pragma: no cover - the tests above fail first
            pytest.fail(f"{kind} was accepted")


def test_no_traceback_reaches_the_person(tiny_bundle_bytes, tmp_path):
    """Nothing but PanelReviewError escapes, whatever the archive (zipfile's own errors)."""
    for kind, maker in HOSTILE.items():
        bundle = tmp_path / "b.prb"
        bundle.write_bytes(_make(maker, tiny_bundle_bytes))
        try:
            Workspace.create(tmp_path / "w.prw", PASSPHRASE, bundle)
        except PanelReviewError:
            pass
        except Exception:  # pragma: no cover - reported with its traceback
            pytest.fail(f"{kind}: {traceback.format_exc()}")

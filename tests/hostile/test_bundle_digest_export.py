"""An export is merged only when made from the very bundle written for its member.

The panel bundle lists, per member, the digest of the bundle written for
them.  A forged bundle (the panel's id, signed by someone else) and a
bundle the coordinator made again but did not send both give a workspace
whose export records another digest: each is refused with both digests
named (and both signers, where they differ).  A panel bundle from before
the list existed falls back to the signer check, and the merge says so once.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from review.bundle.assign import assign
from review.bundle.contents import BundleContents, Reviewer, read_bundle, write_bundle
from review.cases import Case
from review.demo.data import generate_cases, generate_documents
from review.demo.simulate import simulate
from review.identity import Identity, format_fingerprint
from review.panel.workspace import CoordinatorWorkspace
from review.workspace.database import Workspace
from tests.conftest import PASSPHRASE

from exports.merge_files import merge_files
from exports.service import export_signed
from exports.snapshot import collect_export_data

BUNDLE_ID = "panel-digest-1"


def _short(hex_value: str) -> str:
    return format_fingerprint(hex_value)[:19] + "\u2026"


@pytest.fixture(scope="module")
def panel(tmp_path_factory):
    folder = tmp_path_factory.mktemp("digest-panel")
    data = generate_cases(8, seed=9)
    cases = [Case.from_json(d) for d in data]
    docs = {ref["filename"]: content for d in data for ref, content in generate_documents(d, 2)}
    members = {rid: Identity.generate(f"Reviewer {rid}") for rid in ("R1", "R2")}
    roster = [Reviewer(rid, ident.name, ident.fingerprint) for rid, ident in members.items()]
    pairs = assign([(c.case_id, c.subject_id) for c in cases], list(members), 2, seed=1)
    coordinator, forger = Identity.generate("Coordinator"), Identity.generate("Coordinator")

    def member_bundle(path: Path, rid: str, signer: Identity,
                      created: str = "2026-01-01T00:00:00Z") -> Path:
        mine = {c for c, r in pairs if r == rid}
        write_bundle(path, BundleContents(
            BUNDLE_ID, "Panel", created, [c for c in cases if c.case_id in mine],
            {k: v for k, v in docs.items() if any(k.startswith(c) for c in mine)} or docs,
            roster, [(c, r) for c, r in pairs if r == rid], member_id=rid), signer)
        return path

    sent = {rid: member_bundle(folder / f"{rid}.prb", rid, coordinator) for rid in members}
    digests = {rid: read_bundle(p).digest for rid, p in sent.items()}
    write_bundle(folder / "panel.prb", BundleContents(
        BUNDLE_ID, "Panel", "2026-01-01T00:00:00Z", cases, docs, roster, pairs,
        member_bundles=digests), coordinator)
    write_bundle(folder / "older-panel.prb", BundleContents(
        BUNDLE_ID, "Panel", "2026-01-01T00:00:00Z", cases, docs, roster, pairs), coordinator)
    return {"folder": folder, "members": members, "coordinator": coordinator, "forger": forger,
            "digests": digests, "genuine": sent["R1"],
            "forged": member_bundle(folder / "R1-forged.prb", "R1", forger),
            "remade": member_bundle(folder / "R1-remade.prb", "R1", coordinator,
                                    "2026-01-02T00:00:00Z")}


def _export_from(bundle: Path, member: Identity, folder: Path) -> Path:
    with Workspace.create(folder / f"{bundle.stem}.prw", PASSPHRASE, bundle) as ws:
        simulate(ws, seed=2, coverage=1.0)
        data = collect_export_data(ws)
    out = folder / f"{bundle.stem}.xlsx"
    export_signed(data, member, xlsx_path=out)
    return out


def test_the_panel_bundle_lists_each_member_bundle_digest(panel):
    assert read_bundle(panel["folder"] / "panel.prb").contents.member_bundles == panel["digests"]
    assert read_bundle(panel["folder"] / "older-panel.prb").contents.member_bundles == {}


def test_forged_and_remade_bundles_are_refused_and_the_one_sent_accepted(panel, tmp_path):
    member, sent = panel["members"]["R1"], panel["digests"]["R1"]
    forged_digest = read_bundle(panel["forged"]).digest
    remade_digest = read_bundle(panel["remade"]).digest
    assert len({sent, forged_digest, remade_digest}) == 3
    with CoordinatorWorkspace.create(tmp_path / "coord.prw", PASSPHRASE,
                                     panel["folder"] / "panel.prb") as coord:
        assert coord.member_bundles() == panel["digests"]
        [forged] = merge_files(coord, [_export_from(panel["forged"], member, tmp_path)])
        assert forged.outcome == "refused" and forged.member_id == "R1"
        assert forged.reason == (
            f"it was made from the bundle {_short(forged_digest)}, not from the bundle written "
            f"for R1, {_short(sent)}; that bundle was signed by the certificate "
            f"{_short(panel['forger'].fingerprint)}, not by the panel's coordinator "
            f"({_short(panel['coordinator'].fingerprint)})")

        [remade] = merge_files(coord, [_export_from(panel["remade"], member, tmp_path)])
        assert remade.outcome == "refused"
        assert remade.reason == (f"it was made from the bundle {_short(remade_digest)}, not "
                                 f"from the bundle written for R1, {_short(sent)}")
        assert all(v is None for revs in coord.all_reviews().values() for v in revs.values())

        [genuine] = merge_files(coord, [_export_from(panel["genuine"], member, tmp_path)])
        assert genuine.outcome == "accepted", genuine.reason


def test_an_older_panel_bundle_falls_back_to_the_signer_and_says_so_once(
        panel, tmp_path, capsys, cli_passphrase):
    from tests.cli_helpers import run
    member = panel["members"]["R1"]
    remade = _export_from(panel["remade"], member, tmp_path)
    forged = _export_from(panel["forged"], member, tmp_path)
    code, out, _ = run(capsys, "merge", remade, forged,
                       "--roster", panel["folder"] / "older-panel.prb",
                       "--workspace", tmp_path / "coord.prw")
    assert out.count("lists no member bundle digests") == 1
    # Without the digests a bundle the coordinator signed cannot be told from the one sent.
    assert "R1-remade.xlsx (R1): ACCEPTED" in out
    assert "R1-forged.xlsx (R1): REFUSED" in out and code == 1
    assert format_fingerprint(panel["forger"].fingerprint) in out
    code, out, _ = run(capsys, "merge", remade, "--roster", panel["folder"] / "panel.prb",
                       "--workspace", tmp_path / "coord2.prw")
    assert code == 1 and "lists no member bundle digests" not in out
    assert "R1-remade.xlsx (R1): REFUSED: it was made from the bundle" in out

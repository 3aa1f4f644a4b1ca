"""An export made from a forged bundle is refused by the merge, however honest its signer.

The forger sends a member a bundle with the panel's bundle id and the
member's name, signed with a key of their own (the member, not comparing
fingerprints, opens it).  The member reviews those cases in good faith and
signs the export with their own, pinned, certificate: everything about the
file checks out except that it was made from a bundle the coordinator never
sent.  The export records the bundle's signer and digest, and the merge
compares them with the panel's.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from review.bundle.assign import assign
from review.bundle.contents import BundleContents, Reviewer, write_bundle
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

BUNDLE_ID = "panel-forge-1"


@pytest.fixture(scope="module")
def panel(tmp_path_factory):
    folder = tmp_path_factory.mktemp("forged-panel")
    data = generate_cases(8, seed=9)
    cases = [Case.from_json(d) for d in data]
    docs = {ref["filename"]: content for d in data for ref, content in generate_documents(d, 2)}
    members = {rid: Identity.generate(f"Reviewer {rid}") for rid in ("R1", "R2")}
    roster = [Reviewer(rid, ident.name, ident.fingerprint) for rid, ident in members.items()]
    pairs = assign([(c.case_id, c.subject_id) for c in cases], list(members), 2, seed=1)
    coordinator, forger = Identity.generate("Coordinator"), Identity.generate("Coordinator")

    def member_bundle(path: Path, signer: Identity) -> Path:
        mine = {c for c, r in pairs if r == "R1"}
        write_bundle(path, BundleContents(
            BUNDLE_ID, "Panel", "2026-01-01T00:00:00Z", [c for c in cases if c.case_id in mine],
            {k: v for k, v in docs.items() if any(k.startswith(c) for c in mine)} or docs,
            roster, [(c, r) for c, r in pairs if r == "R1"], member_id="R1"), signer)
        return path

    write_bundle(folder / "panel.prb", BundleContents(
        BUNDLE_ID, "Panel", "2026-01-01T00:00:00Z", cases, docs, roster, pairs), coordinator)
    return {"folder": folder, "members": members, "coordinator": coordinator, "forger": forger,
            "genuine": member_bundle(folder / "R1.prb", coordinator),
            "forged": member_bundle(folder / "R1-forged.prb", forger)}


def _export_from(bundle: Path, member: Identity, folder: Path) -> Path:
    with Workspace.create(folder / f"{bundle.stem}.prw", PASSPHRASE, bundle) as ws:
        simulate(ws, seed=2, coverage=1.0)
        data = collect_export_data(ws)
    out = folder / f"{bundle.stem}.xlsx"
    export_signed(data, member, xlsx_path=out)
    return out


def test_an_export_from_a_forged_bundle_is_refused_naming_both_fingerprints(panel, tmp_path):
    member = panel["members"]["R1"]
    forged = _export_from(panel["forged"], member, tmp_path)
    with CoordinatorWorkspace.create(tmp_path / "coord.prw", PASSPHRASE,
                                     panel["folder"] / "panel.prb") as coord:
        [outcome] = merge_files(coord, [forged])
        assert outcome.outcome == "refused"
        assert format_fingerprint(panel["forger"].fingerprint) in outcome.reason
        assert format_fingerprint(panel["coordinator"].fingerprint) in outcome.reason
        assert outcome.member_id == "R1"  # signed by R1's pinned key: it is R1's mistake
        assert all(v is None for revs in coord.all_reviews().values() for v in revs.values())
        # The same member's export from the coordinator's own bundle is merged.
        [genuine] = merge_files(coord, [_export_from(panel["genuine"], member, tmp_path)])
        assert genuine.outcome == "accepted", genuine.reason


def test_merge_prints_the_refusal_inert_and_exits_1(panel, tmp_path, capsys, cli_passphrase):
    import shutil
    from tests.cli_helpers import run
    forged = _export_from(panel["forged"], panel["members"]["R1"], tmp_path)
    hostile = tmp_path / "R1\x1b[2K\r\u202eforged.xlsx"
    shutil.copyfile(forged, hostile)
    code, out, err = run(capsys, "merge", hostile, "--roster", panel["folder"] / "panel.prb",
                         "--workspace", tmp_path / "coord.prw")
    assert code == 1 and "were refused" in err
    assert "R1\\u{001B}[2K\\u{000D}\\u{202E}forged.xlsx (R1): REFUSED: it was made from" in out
    assert not any(ch in out for ch in "\x1b\r\u202e")
    assert format_fingerprint(panel["forger"].fingerprint) in out

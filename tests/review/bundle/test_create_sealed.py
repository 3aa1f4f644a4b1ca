"""`bundle create --seal`: every bundle sealed, nothing of a case in clear, no certificate refused."""

from __future__ import annotations

import io
import zipfile

import pytest

from review.bundle.contents import read_bundle
from review.errors import BundleError
from review.intake.cells import CaseListError
from review.identity import format_fingerprint
from tests.review.bundle.test_create import PASSPHRASE, base, panel, write_csv  # noqa: F401


@pytest.fixture(scope="module")
def sealed_out(base, tmp_path_factory):  # noqa: F811
    out = tmp_path_factory.mktemp("sealed") / "out"
    base.create(out, seal=True)
    return out


def test_each_member_opens_their_own_and_only_their_own(base, sealed_out):  # noqa: F811
    for rid, member in base.members.items():
        bundle = read_bundle(sealed_out / f"{rid}.prb", base.coordinator.fingerprint, reader=member)
        assert bundle.sealed and bundle.contents.member_id == rid
        other = next(m for r, m in base.members.items() if r != rid)
        with pytest.raises(BundleError, match=f"sealed for {rid}, Reviewer .*; the coordinator, "
                                              "Coordinator; your identity is"):
            read_bundle(sealed_out / f"{rid}.prb", reader=other)
    panel = read_bundle(sealed_out / "panel.prb", base.coordinator.fingerprint)
    assert not panel.sealed and len(panel.contents.cases) == len(base.data)


def readable(data: bytes) -> bytes:
    """What anyone holding the file can read: its bytes, and any ZIP inside it unpacked."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            return data + b"".join(zf.read(n) for n in zf.namelist())
    except zipfile.BadZipFile:
        return data


def clear_markers(folder, data_rows) -> set[str]:
    markers = [d[k] for d in data_rows[:10] for k in ("summary", "met_rationale")]
    assert all(len(m) > 30 for m in markers)
    found = set()
    for path in (p for p in folder.rglob("*") if p.is_file()):
        text = readable(path.read_bytes())
        found |= {m for m in markers if m.encode("utf-8") in text or m.encode("utf-16-le") in text}
    return found


def test_no_file_written_holds_a_case_text_in_clear(base, sealed_out, tmp_path):  # noqa: F811
    names = {p.name for p in sealed_out.rglob("*") if p.is_file()}
    assert names >= {"R1.prb", "R2.prb", "R3.prb", "panel.prb", "panel.json"}
    # panel.prb, the coordinator's own copy of everything, is the one file left plain
    sent = sealed_out / "sent"
    sent.mkdir()
    for name in names - {"panel.prb"}:
        (sent / name).write_bytes((sealed_out / name).read_bytes())
    assert clear_markers(sent, base.data) == set()
    base.create(tmp_path / "plain")   # the same scan finds them in plain bundles
    assert len(clear_markers(tmp_path / "plain", base.data)) >= 10


def test_a_member_without_a_certificate_is_refused_with_how_to_get_one(panel, tmp_path):
    write_csv(panel.roster, [["Reviewer", "Name", "Fingerprint"]] + [
        [rid, i.name, format_fingerprint(i.fingerprint)] for rid, i in panel.members.items()])
    with pytest.raises(CaseListError) as err:
        panel.create(tmp_path / "out", seal=True)
    text = str(err.value)
    assert "The reviewer R1 has no certificate" in text
    assert "panel-review identity show --export-certificate FILE" in text
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def _cli_args(panel, tmp_path):  # noqa: F811
    panel.coordinator.save(tmp_path / "coordinator", PASSPHRASE)
    return ["bundle", "create", "--cases", str(panel.cases), "--roster", str(panel.roster),
            "--documents", str(panel.documents), "--identity", str(tmp_path / "coordinator")]


def test_the_command_line_seals_by_default_and_plain_warns(panel, tmp_path, capsys,  # noqa: F811
                                                           monkeypatch):
    import tempfile
    import main
    monkeypatch.setenv(main.PASSPHRASE_ENV, PASSPHRASE)
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setenv("TMPDIR", str(scratch))
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    args = _cli_args(panel, tmp_path)
    assert main.main([*args, "--out", str(tmp_path / "sealed")]) == 0
    out = capsys.readouterr().out
    assert "not sealed" not in out
    # Every file it wrote but the coordinator's own panel.prb, and its temporary folder:
    # no case text in clear.
    sent = tmp_path / "sent"
    sent.mkdir()
    for path in (tmp_path / "sealed").iterdir():
        if path.name != "panel.prb":
            (sent / path.name).write_bytes(path.read_bytes())
    assert len(list(sent.iterdir())) == len(panel.members) + 2
    assert clear_markers(sent, panel.data) == set() and clear_markers(scratch, panel.data) == set()
    for rid, member in panel.members.items():
        assert read_bundle(tmp_path / "sealed" / f"{rid}.prb", reader=member).sealed
        with pytest.raises(BundleError, match=f"sealed for {rid}"):
            read_bundle(tmp_path / "sealed" / f"{rid}.prb")
    # --seal, which scripts written before sealing became the default pass, changes nothing
    assert main.main([*args, "--seal", "--out", str(tmp_path / "seal-flag")]) == 0
    assert read_bundle(tmp_path / "seal-flag" / "R1.prb", reader=panel.members["R1"]).sealed
    capsys.readouterr()
    assert main.main([*args, "--plain", "--out", str(tmp_path / "plain")]) == 0
    out = capsys.readouterr().out
    assert "Warning: these bundles are not sealed; anyone who gets one" in out
    assert not read_bundle(tmp_path / "plain" / "R1.prb").sealed


def test_the_command_line_refuses_a_member_without_a_certificate_unless_plain(  # noqa: F811
        panel, tmp_path, capsys, monkeypatch):
    import main
    monkeypatch.setenv(main.PASSPHRASE_ENV, PASSPHRASE)
    write_csv(panel.roster, [["Reviewer", "Name", "Fingerprint"]] + [
        [rid, i.name, format_fingerprint(i.fingerprint)] for rid, i in panel.members.items()])
    args = _cli_args(panel, tmp_path)
    assert main.main([*args, "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert "The reviewer R1 has no certificate" in err
    assert "identity show --export-certificate FILE" in err
    assert not (tmp_path / "out").exists()
    assert main.main([*args, "--plain", "--out", str(tmp_path / "plain")]) == 0
    assert "not sealed" in capsys.readouterr().out

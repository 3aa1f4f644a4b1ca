"""`export --seal-for` and `merge` of sealed returns, on the demo-panel rehearsal."""

from __future__ import annotations

import io
import shutil
import zipfile

import pytest

from tests.cli_helpers import run
from tests.test_panel_cli import rehearsal  # noqa: F401  (fixture)

pytestmark = pytest.mark.usefixtures("cli_passphrase")


@pytest.fixture(scope="module")
def sealed_return(rehearsal, tmp_path_factory):  # noqa: F811
    import main
    from tests.conftest import PASSPHRASE
    folder = tmp_path_factory.mktemp("member")
    shutil.copyfile(rehearsal / "workspaces/R01.prw", folder / "R01.prw")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(main.PASSPHRASE_ENV, PASSPHRASE)
        assert main.main(["export", str(folder / "R01.prw"), "--identity",
                          str(rehearsal / "identities/R01"), "--seal-for",
                          str(rehearsal / "identities/coordinator/cert.pem")]) == 0
    written = [p for p in folder.iterdir() if not p.name.startswith("R01.prw")]
    assert len(written) == 1 and written[0].suffix == ".prs", written
    return written[0]


def test_only_the_sealed_file_is_written_and_it_holds_nothing_in_clear(rehearsal,  # noqa: F811
                                                                       sealed_return):
    from review.workspace.database import Workspace
    from tests.conftest import PASSPHRASE
    with Workspace.open(rehearsal / "workspaces/R01.prw", PASSPHRASE) as ws:
        texts = [c.summary for c in ws.iter_cases()]
        assert ws.case_ids() and ws.case_ids()[0].encode() not in sealed_return.read_bytes()
    data = sealed_return.read_bytes()
    try:
        inner = zipfile.ZipFile(io.BytesIO(data))
        data += b"".join(inner.read(n) for n in inner.namelist())
    except zipfile.BadZipFile:
        pass
    assert texts and not any(t.encode() in data or t.encode("utf-16-le") in data for t in texts)


def test_the_coordinator_merges_it_and_no_one_else_opens_it(rehearsal, sealed_return,  # noqa: F811
                                                            tmp_path, capsys):
    coord = tmp_path / "coord.prw"
    shutil.copyfile(rehearsal / "coordinator.prw", coord)
    code, out, err = run(capsys, "merge", sealed_return, "--roster",
                         rehearsal / "bundles/panel.prb", "--workspace", coord)
    assert code == 1 and "is sealed for the coordinator" in out and "REFUSED" in out
    code, out, err = run(capsys, "merge", sealed_return, "--roster",
                         rehearsal / "bundles/panel.prb", "--workspace", coord,
                         "--identity", rehearsal / "identities/coordinator")
    assert code == 0, out + err
    assert "(R01)" in out and "REFUSED" not in out


def test_plain_export_warns_that_it_is_readable(rehearsal, tmp_path, capsys):  # noqa: F811
    shutil.copyfile(rehearsal / "workspaces/R02.prw", tmp_path / "R02.prw")
    code, out, _ = run(capsys, "export", tmp_path / "R02.prw", "--identity",
                       rehearsal / "identities/R02", "--xlsx", tmp_path / "R02.xlsx")
    assert code == 0 and "Warning: these files are not sealed" in out

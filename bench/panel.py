"""Coordinator work: ``bundle create`` from files, and the merge of 20 members' exports.

Fixture (cached): ``exports.rehearsal.run_demo_panel`` with 20 reviewers over
1,131 cases, two reviews per case: identities, a case spreadsheet
(cases.xlsx), roster.csv and a documents folder (2,260 files), the bundles,
20 member workspaces with simulated decisions and 20 signed Excel exports
(~113 cases each), made by the real export code.  A coordinator workspace is
made from panel.prb once and copied fresh for every merge.

Case list check: ``review.intake.check.check_case_list`` (``cases check``:
read the spreadsheet with calamine, every check, the summary).  Floor: a raw
python-calamine read of the same file, every cell of the sheet.

Bundle create: ``review.intake.files.create_bundles_from_files`` (read and check
the spreadsheet, roster and documents, assign, write 20 member bundles sealed
for their member and the coordinator, as ``bundle create`` does by default,
and panel.prb).  Floor: raw python-calamine read of the same spreadsheet (the
reader the app uses), a raw read of every document, every case encoded as
JSON once, raw zipfile writing of exactly the entries the app wrote (same
compression level) with one ECDSA signature per bundle, and each member
bundle sealed with raw ``cryptography`` (ECDH + HKDF per recipient, AES-256-GCM
in 1 MiB chunks, a SHA-256 per chunk, one more signature).  At 100,000 cases:
the same, from a 100,000-row cases.xlsx without documents.

Merge: ``exports.merge_files.merge_files`` of the 20 exports into a fresh
coordinator workspace (verify every cell and signature, check against the
roster and bundle, import).  Floor: raw openpyxl read-only load of the same
20 files, every sheet, every cell value.

    python bench/panel.py [--quick]
"""

from __future__ import annotations

import shutil
import sys
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import (BIG, PASSPHRASE, SMALL, Row, _cached, cases_label,  # noqa: E402
                     floors_legend, median, parse_args, say, table, timed, work_dir)

MEMBERS = 20


def panel_fixture() -> Path:
    def build(tmp: Path) -> None:
        from exports.rehearsal import run_demo_panel
        from review.panel.workspace import CoordinatorWorkspace
        folder = tmp / "panel"
        run_demo_panel(folder, PASSPHRASE, reviewers=MEMBERS, cases=SMALL, seed=0,
                       say=lambda line: say(f"[panel] {line}"))
        (folder / "coordinator.prw").unlink()
        panel_bundle = next((folder / "bundles").rglob("panel.prb"))
        CoordinatorWorkspace.create(tmp / "coordinator.prw", PASSPHRASE, panel_bundle).close()
    return _cached(f"panel-{MEMBERS}", build)


def big_cases_fixture(n: int = BIG) -> Path:
    """A ``n``-row cases.xlsx (no documents) and a roster for the same 20 reviewers."""
    panel = panel_fixture()

    def build(tmp: Path) -> None:
        from review.demo.data import generate_cases
        # exports.rehearsal.write_case_list is quadratic in the row count (it reads
        # ws.max_row once per row), so at 100,000 rows it never finishes; the same
        # sheet is written here in openpyxl's write-only mode instead.
        _write_case_list(tmp / "cases.xlsx", generate_cases(n, seed=0))
        roster = (panel / "panel" / "input" / "roster.csv").read_text(encoding="utf-8")
        ids = panel / "panel" / "identities"
        (tmp / "roster.csv").write_text(roster.replace("../identities/", f"{ids}/"),
                                        encoding="utf-8")
    return _cached(f"cases-xlsx-{n}", build)


def _write_case_list(path: Path, cases: list[dict]) -> None:
    """What exports.rehearsal.write_case_list writes, in linear time."""
    import datetime as dt
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from exports.rehearsal import CASE_HEADERS
    from review.cases import ALLEGATION_TYPES, CATEGORIES, SUBJECT_ROLES
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Cases")
    ws.append(CASE_HEADERS)

    def date(text: str) -> WriteOnlyCell:
        cell = WriteOnlyCell(ws, value=dt.date.fromisoformat(text))
        cell.number_format = "dd/mm/yyyy"
        return cell
    for d in cases:
        ws.append([d["case_id"], d["original_ref"], d["subject_id"],
                   SUBJECT_ROLES[d["subject_role"]], d["rank"], d["gender"], d["ethnicity"],
                   "; ".join(ALLEGATION_TYPES[a] for a in d["allegation_types"]), d["summary"],
                   *(date(d[k]) for k in ("conduct_date", "reported_date", "outcome_date")),
                   d["original_outcome"], CATEGORIES[d["met_category"]], d["met_rationale"],
                   "\n".join(d["lines_of_inquiry"]), "; ".join(d["risk_measures"])])
    wb.save(path)


def _coordinator():
    from review.identity import load_identity
    return load_identity(panel_fixture() / "panel" / "identities" / "coordinator", PASSPHRASE)


def _create(cases: Path, roster: Path, docs: Path | None, out: Path):
    from review.intake.files import create_bundles_from_files
    # Sealed, as `bundle create` writes them unless told --plain.
    return create_bundles_from_files(cases, roster, docs, 2, 0, _coordinator(), out,
                                     title="Benchmark panel", seal=True)


def _bundle_files(out: Path) -> list[Path]:
    return sorted(out.rglob("*.prb"))


def _signed_archive(path: Path, identity) -> tuple[bytes, list]:
    """What the floor must write for one bundle: (the signed archive's entries, the public
    keys it was sealed for, or [] when plain), taken from a bundle the app wrote."""
    import io
    from review import seal
    from review.bundle import format as fmt
    data = path.read_bytes()
    keys = []
    if seal.is_sealed(data):
        keys = [_member_key(path, fp) for _, fp in seal.recipients_of(data)
                if fp != identity.fingerprint] + [identity.certificate.public_key()]
        data = seal.open_sealed(data, identity).content
    archive, _ = fmt._split(data, path.name)
    with zipfile.ZipFile(io.BytesIO(archive)) as zf:
        return [(i.filename, zf.read(i)) for i in zf.infolist()], keys


def _member_key(path: Path, fingerprint: str):
    """The public key of the member a bundle is sealed for, from panel.json's roster."""
    import json
    from review.identity import cert_from_pem, fingerprint_of
    for m in json.loads((path.parent / "panel.json").read_text(encoding="utf-8"))["members"]:
        if m.get("certificate"):
            cert = cert_from_pem(m["certificate"].encode("ascii"))
            if fingerprint_of(cert) == fingerprint:
                return cert.public_key()
    raise LookupError(f"no certificate for {fingerprint} in panel.json")


def raw_seal(content: bytes, identity, keys: list) -> bytes:
    """The sealing a bundle needs, with raw `cryptography`: one ephemeral P-256 key, ECDH and
    HKDF-SHA256 per recipient wrapping one AES-256-GCM key, the content in 1 MiB chunks, a
    SHA-256 per chunk and one ECDSA signature (review/seal.py's work, without its format)."""
    import hashlib
    import os
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF
    eph, key = ec.generate_private_key(ec.SECP256R1()), AESGCM.generate_key(bit_length=256)
    wrapped = [AESGCM(HKDF(hashes.SHA256(), 32, salt=None, info=b"floor").derive(
        eph.exchange(ec.ECDH(), pub))).encrypt(bytes(12), key, None) for pub in keys]
    aead, out, digests, chunk = AESGCM(key), [], [], 1 << 20
    for i in range(0, max(len(content), 1), chunk):
        piece = aead.encrypt(os.urandom(12), content[i:i + chunk], None)
        digests.append(hashlib.sha256(piece).digest())
        out.append(piece)
    return b"".join(wrapped + out + [identity.sign(b"".join(digests))])


def bundle_floor(cases: Path, docs: Path | None, written: list[Path], identity) -> float:
    """Raw libraries doing the same input and output: calamine read, file reads, every case
    encoded as JSON once, zip writes, one signature per bundle and, for a sealed bundle,
    the same sealing."""
    import json
    bundles = [_signed_archive(b, identity) for b in written]
    # The JSON every bundle needs at least: each case encoded once (the app also encodes
    # the linked cases, rosters and assignments of every bundle).
    every_case = next(json.loads(data) for items, keys in bundles if not keys     # panel.prb
                      for name, data in items if name == "cases.json")
    tmp = work_dir()

    def floor():
        calamine_read(cases)
        json.dumps(every_case, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        if docs is not None:
            for p in docs.rglob("*"):
                if p.is_file():
                    p.read_bytes()
        for k, (items, keys) in enumerate(bundles):
            target = tmp / f"{k}.zip"
            with zipfile.ZipFile(target, "w") as zf:
                for name, data in items:
                    zf.writestr(name, data, compress_type=zipfile.ZIP_STORED if name.endswith(
                        ".pdf") else zipfile.ZIP_DEFLATED, compresslevel=6)
            archive = target.read_bytes()
            signed = archive + identity.sign(archive)
            if keys:
                target.write_bytes(raw_seal(signed, identity, keys))
    try:
        return timed(floor)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def bench_bundle_create(scale: int, runs: int) -> Row:
    if scale == SMALL:
        inputs = panel_fixture() / "panel" / "input"
        cases, roster, docs = inputs / "cases.xlsx", inputs / "roster.csv", inputs / "documents"
    else:
        base = big_cases_fixture(scale)
        cases, roster, docs = base / "cases.xlsx", base / "roster.csv", None
    identity = _coordinator()
    app, floors = [], []
    for i in range(runs):
        out = work_dir()
        try:
            say(f"[panel] bundle create, {scale:,} cases, run {i + 1} of {runs}")
            app.append(timed(lambda: _create(cases, roster, docs, out / "bundles")))
            written = _bundle_files(out)
            floors.append(bundle_floor(cases, docs, written, identity))
            size = sum(p.stat().st_size for p in written)
        finally:
            shutil.rmtree(out, ignore_errors=True)
    return Row("Bundle create (20 members + panel.prb)", cases_label(scale), "median",
               median(app), floor=median(floors),
               floor_what="raw python-calamine read of the spreadsheet + raw read of the "
                          "documents + json of every case once + raw zipfile write of the "
                          "same entries + 1 ECDSA signature per bundle + raw AES-GCM "
                          "sealing of each sealed bundle",
               target="<= 1.5x floor" if scale > SMALL else "",
               met=median(app) <= 1.5 * median(floors) if scale > SMALL else None,
               note=f"{len(written)} bundles, {size / 1e6:.0f} MB written; "
                    f"{'with' if docs else 'without'} documents; {_spread(app, floors)}")


def _spread(app: list[float], floors: list[float]) -> str:
    """Each run's time and ratio: on a shared machine the median alone hides the noise."""
    ratios = sorted(a / f for a, f in zip(app, floors))
    return (f"runs {min(app):.2f}–{max(app):.2f} s, floors {min(floors):.2f}–"
            f"{max(floors):.2f} s, ratios {ratios[0]:.2f}–{ratios[-1]:.2f}x")


def calamine_read(path: Path) -> int:
    """The floor's read: every cell of the sheet, as python-calamine gives it."""
    from python_calamine import CalamineWorkbook
    wb = CalamineWorkbook.from_path(str(path))
    try:
        rows = wb.get_sheet_by_name(wb.sheet_names[0]).to_python(skip_empty_area=False)
    finally:
        wb.close()
    return len(rows)


def bench_case_list_check(scale: int, runs: int) -> Row:
    from review.intake.check import check_case_list
    cases = (panel_fixture() / "panel" / "input" / "cases.xlsx" if scale == SMALL
             else big_cases_fixture(scale) / "cases.xlsx")
    calamine_read(cases)                # warm-up: imports and the disk cache
    app, floors, results = [], [], []
    for i in range(runs):
        say(f"[panel] cases check, {scale:,} cases, run {i + 1} of {runs}")
        app.append(timed(lambda: results.append(check_case_list(cases))))
        floors.append(timed(lambda: calamine_read(cases)))
    result = results[-1]
    return Row("Case list read and checked (cases check)", cases_label(scale), "median",
               median(app), floor=median(floors),
               floor_what="raw python-calamine read of the same file, every cell",
               target="<= 1.5x floor", met=median(app) <= 1.5 * median(floors),
               note=f"exit {result.exit_code}; {result.cases:,} cases; "
                    f"{len(result.problems):,} problems; {_spread(app, floors)}")


def merge_floor(files: list[Path]) -> None:
    from openpyxl import load_workbook
    for f in files:
        wb = load_workbook(f, read_only=True, data_only=True)
        for ws in wb.worksheets:
            for _ in ws.iter_rows(values_only=True):
                pass
        wb.close()


def bench_merge(runs: int) -> Row:
    from exports.merge_files import merge_files
    from review.panel.workspace import CoordinatorWorkspace
    base = panel_fixture()
    files = sorted((base / "panel" / "exports").glob("*.xlsx"))
    assert len(files) == MEMBERS, files
    merge_floor(files)  # warm-up: imports and the disk cache
    app, floors, outcomes = [], [], []
    for i in range(runs + 1):
        folder = work_dir()
        try:
            target = folder / "coordinator.prw"
            shutil.copyfile(base / "coordinator.prw", target)
            with CoordinatorWorkspace.open(target, PASSPHRASE) as coord:
                say(f"[panel] merge of {len(files)} exports, run {i + 1} of {runs + 1}")
                t = timed(lambda: outcomes.append(merge_files(coord, files)))
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        if i:  # the first run is a warm-up
            app.append(t)
            floors.append(timed(lambda: merge_floor(files)))
    accepted = sum(o.outcome == "accepted" for o in outcomes[-1])
    cells = _cell_count(files)
    return Row(f"Merge of {len(files)} signed exports", cases_label(SMALL), "median",
               median(app), floor=median(floors),
               floor_what="raw openpyxl read-only load of the same 20 workbooks, every cell "
                          "value of every sheet",
               target="<= 2x floor", met=median(app) <= 2 * median(floors),
               note=f"{accepted} of {len(files)} accepted; {cells:,} cells read; "
                    "~113 cases per member, 2 reviews per case")


def _cell_count(files: list[Path]) -> int:
    from openpyxl import load_workbook
    n = 0
    for f in files:
        wb = load_workbook(f, read_only=True)
        n += sum(ws.max_row * ws.max_column for ws in wb.worksheets if ws.max_row)
        wb.close()
    return n


def run(scales: list[int], quick: bool = False) -> list[Row]:
    rows = [bench_merge(2 if quick else 5)]
    for scale in scales:
        rows.append(bench_case_list_check(scale, 3 if quick or scale > SMALL else 5))
        rows.append(bench_bundle_create(scale, 1 if quick or scale > SMALL else 3))
    return rows


if __name__ == "__main__":
    a = parse_args()
    rows = run(a.scales, a.quick)
    print(table(rows))
    print(floors_legend(rows))

"""``bundle create``: spreadsheets, documents and a roster become signed bundles, or nothing."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
import shutil
import zipfile
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

from review.intake.files import create_bundles_from_files
from review.bundle.assign import AssignmentError
from review.atomic import TEMP_PREFIX
from review.bundle.contents import read_bundle
from review.bundle.create import NOTHING_WRITTEN
from review.bundle.documents import scan_documents
from review.intake.cells import CaseListError, SheetRows
from review.cases import ALLEGATION_TYPES, CATEGORIES, SUBJECT_ROLES, Case
from review.demo.data import generate_cases, generate_documents
from review.errors import BundleError
from review.identity import Identity, fingerprint_of, format_fingerprint
from tests.hostile import pdfs
from review.bundle.roster import parse_roster

PASSPHRASE = "bundle-create-passphrase"
HEADERS = ["Case ref", "PSD ref", "Subject", "Role", "Rank", "Gender", "Ethnicity",
           "Allegation type(s)", "Summary", "Date of conduct", "Date reported", "Outcome date",
           "Original outcome", "Met category", "Rationale", "Lines of enquiry", "Risk measures",
           "Date of awareness", "Conduct regulations"]


def human_row(d: dict) -> list:
    return [d["case_id"], d["original_ref"], d["subject_id"], SUBJECT_ROLES[d["subject_role"]],
            d["rank"], d["gender"], d["ethnicity"],
            "; ".join(ALLEGATION_TYPES[a] for a in d["allegation_types"]), d["summary"],
            dt.date.fromisoformat(d["conduct_date"]),
            dt.date.fromisoformat(d["reported_date"]).strftime("%d/%m/%Y"), d["outcome_date"],
            d["original_outcome"], CATEGORIES[d["met_category"]], d["met_rationale"],
            "\n".join(d["lines_of_inquiry"]), "; ".join(d["risk_measures"]),
            d.get("attention_date") and dt.date.fromisoformat(d["attention_date"]),
            d.get("stated_regime") and f"Police (Conduct) Regulations {d['stated_regime']}"]


def write_xlsx(path: Path, rows: list[list]) -> Path:
    from openpyxl import Workbook
    wb = Workbook()
    ws = wb.active
    ws.title = "Cases"
    for row in rows:
        ws.append(row)
    for cell in ws["J"][1:]:
        cell.number_format = "dd/mm/yyyy"
    wb.save(path)
    return path


def write_csv(path: Path, rows: list[list]) -> Path:
    with open(path, "w", newline="", encoding="utf-8-sig") as f:
        csv.writer(f).writerows(rows)
    return path


@dataclass
class Panel:
    folder: Path
    data: list[dict]
    members: dict[str, Identity]
    coordinator: Identity
    conflicts: dict[str, list[str]]

    @property
    def cases(self) -> Path:
        return self.folder / "cases.xlsx"

    @property
    def roster(self) -> Path:
        return self.folder / "roster.csv"

    @property
    def documents(self) -> Path:
        return self.folder / "documents"

    def case_rows(self) -> list[list]:
        return [list(HEADERS)] + [human_row(d) for d in self.data]

    def roster_rows(self) -> list[list]:
        return [["Reviewer ID", "Name", "Certificate", "Conflicts"]] + [
            [rid, ident.name, f"identities/{rid}/cert.pem", "; ".join(self.conflicts.get(rid, []))]
            for rid, ident in self.members.items()]

    def create(self, out: Path, *, per_case: int = 2, seed: int = 7, identity=None, **kwargs):
        return create_bundles_from_files(self.cases, self.roster, self.documents, per_case, seed,
                                         identity or self.coordinator, out, **kwargs)


def document_name(case_id: str, ref: dict) -> str:
    return f"{case_id} {ref['title']}.{'pdf' if ref['kind'] == 'pdf' else 'txt'}"


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Panel:
    folder = tmp_path_factory.mktemp("panel")
    data = generate_cases(60, seed=3)
    members = {f"R{i}": Identity.generate(f"Reviewer {i}") for i in (1, 2, 3)}
    for rid, ident in members.items():
        ident.save(folder / "identities" / rid, PASSPHRASE)
    panel = Panel(folder, data, members, Identity.generate("Coordinator"),
                  {"R1": [data[0]["subject_id"], data[1]["case_id"].lower()]})
    write_xlsx(panel.cases, panel.case_rows())
    write_csv(panel.roster, panel.roster_rows())
    panel.documents.mkdir()
    for n, d in enumerate(data):
        for k, (ref, content) in enumerate(generate_documents(d, 3)):
            if n % 5 == 0 and k:        # some cases keep later documents in a folder of their own
                (panel.documents / d["case_id"]).mkdir(exist_ok=True)
                (panel.documents / d["case_id"] / f"{ref['title']}.{ref['filename'][-3:]}"
                 ).write_bytes(content)
            else:
                (panel.documents / document_name(d["case_id"], ref)).write_bytes(content)
    (panel.documents / ".DS_Store").write_bytes(b"junk")
    (panel.documents / "Thumbs.db").write_bytes(b"junk")
    return panel


@pytest.fixture
def panel(base, tmp_path) -> Panel:
    """A private copy that a test may spoil."""
    shutil.copytree(base.folder, tmp_path / "in")
    return replace(base, folder=tmp_path / "in")


@pytest.fixture(scope="module")
def created(base, tmp_path_factory):
    out = tmp_path_factory.mktemp("made") / "out"
    result = base.create(out)
    bundles = {rid: read_bundle(out / f"{rid}.prb", base.coordinator.fingerprint)
               for rid in base.members}
    return result, bundles, read_bundle(out / "panel.prb", base.coordinator.fingerprint)


def bare(case: Case) -> Case:
    return replace(case, documents=())


# -- the round trip ------------------------------------------------------------
def test_round_trip_every_case_to_two_members_with_its_documents(base, created):
    result, bundles, _ = created
    source = {d["case_id"]: d for d in base.data}
    seen = Counter()
    for rid, bundle in bundles.items():
        c = bundle.contents
        assert c.member_id == rid and c.bundle_id == result.bundle_id
        assert [a for a in c.assignments] == [(x.case_id, rid) for x in c.cases]
        for case in c.cases:
            seen[case.case_id] += 1
            d = source[case.case_id]
            assert bare(case) == bare(Case.from_json(d))
            given = sorted(content for _, content in generate_documents(d, 3))
            assert sorted(c.documents[ref.filename] for ref in case.documents) == given
            assert {ref.title for ref in case.documents} == {
                ref["title"] for ref, _ in generate_documents(d, 3)}
            for ref in case.documents:
                assert ref.filename.startswith(case.case_id + "-D")
    assert seen == {cid: 2 for cid in source}


def test_members_see_only_their_cases_and_linked_ids(base, created):
    _, bundles, _ = created
    subjects = {d["case_id"]: d["subject_id"] for d in base.data}
    for rid, bundle in bundles.items():
        c = bundle.contents
        mine = {x.case_id for x in c.cases}
        assert set(c.documents) == {ref.filename for x in c.cases for ref in x.documents}
        wanted = {(cid, sid) for cid, sid in subjects.items()
                  if sid in {x.subject_id for x in c.cases} and cid not in mine}
        assert {(x.case_id, x.subject_id) for x in c.linked} == wanted
        roster = {r.reviewer_id: r for r in c.roster}
        assert {k: r.fingerprint for k, r in roster.items()} == {
            k: m.fingerprint for k, m in base.members.items()}
        for other, r in roster.items():
            assert r.conflicts == (() if other != rid else tuple(
                {"R1": (subjects[base.data[0]["case_id"]], base.data[1]["case_id"])}.get(rid, ())))


def test_each_member_holds_its_share_in_case_list_order(base, created):
    _, bundles, panel = created
    every = panel.contents.cases
    for rid, bundle in bundles.items():
        c = bundle.contents
        assigned = [cid for cid, r in panel.contents.assignments if r == rid]
        assert [x.case_id for x in c.cases] == [x.case_id for x in every if x.case_id in assigned]
        assert c.assignments == [(cid, rid) for cid in assigned]
        subjects = {x.subject_id for x in c.cases}
        assert [(x.case_id, x.conduct_date) for x in c.linked] == [
            (x.case_id, x.conduct_date.isoformat()) for x in every
            if x.subject_id in subjects and x.case_id not in assigned]
        assert c.linked, rid                # the demo's subjects have several cases


def test_bundle_entries_are_compact_sorted_json(base, created):
    """Also with each case's JSON made once and shared by the bundles that hold it."""
    result, bundles, _ = created
    for path in [result.panel_bundle, *result.member_bundles.values()]:
        with zipfile.ZipFile(path) as zf:
            for name in ("cases.json", "roster.json", "assignments.json"):
                data = zf.read(name)
                assert data == json.dumps(json.loads(data), ensure_ascii=False, sort_keys=True,
                                          separators=(",", ":")).encode()
    assert all(b.contents.linked for b in bundles.values())     # linked cases shared too


def test_shared_case_json_is_what_encoding_the_whole_entry_gives(created):
    from review.bundle.contents import _cases_json, _dumps
    _, bundles, panel = created
    linked = next(b.contents.linked for b in bundles.values() if b.contents.linked)
    encoded: dict = {}
    for cases, links in [(panel.contents.cases, []), (panel.contents.cases[:3], linked),
                         ([], linked), ([], []), (panel.contents.cases[:1], linked[:1])]:
        contents = replace(panel.contents, cases=cases, linked=links)
        assert _cases_json(contents, encoded) == _dumps(
            {"cases": [x.to_json() for x in cases], "linked": [x.to_json() for x in links]})
    assert len(encoded) == len(panel.contents.cases) + len(linked)


def test_the_cycle_collector_is_on_again_after_writing(panel, tmp_path, monkeypatch):
    import gc
    import review.bundle.create as create
    assert gc.isenabled()
    panel.create(tmp_path / "made")
    assert gc.isenabled()

    def fail(*args):
        assert not gc.isenabled()           # off while the bundles are written and read back
        raise OSError("disk full")
    monkeypatch.setattr(create, "_write_checked", fail)
    with pytest.raises(OSError):
        panel.create(tmp_path / "failed")
    assert gc.isenabled() and not (tmp_path / "failed").exists()


def test_assignment_is_conflict_free_and_balanced(base, created):
    result, bundles, panel = created
    pairs = [(cid, rid) for rid, b in bundles.items() for cid, _ in b.contents.assignments]
    assert sorted(pairs) == sorted(panel.contents.assignments) == sorted(result.assignments)
    r1 = {cid for cid, rid in pairs if rid == "R1"}
    conflicted = {d["case_id"] for d in base.data if d["subject_id"] == base.data[0]["subject_id"]}
    assert r1.isdisjoint(conflicted | {base.data[1]["case_id"]})
    loads = Counter(rid for _, rid in pairs)
    assert max(loads.values()) - min(loads.values()) <= 1 + len(conflicted) + 1
    with open(result.out_dir / "assignments.csv", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0] == ["case_id", "reviewer_id"] and rows[1:] == [list(p) for p in result.assignments]


@pytest.mark.parametrize("reviewers, per_case", [(3, 2), (4, 2), (5, 3)])
def test_without_conflicts_loads_differ_by_at_most_one(panel, tmp_path, reviewers, per_case):
    ids = {f"R{i}": Identity.generate(f"Reviewer {i}") for i in range(1, reviewers + 1)}
    write_csv(panel.roster, [["Reviewer", "Name", "Fingerprint"]] + [
        [rid, i.name, format_fingerprint(i.fingerprint)] for rid, i in ids.items()])
    result = panel.create(tmp_path / "out", per_case=per_case, seed=11)
    loads = Counter()
    for rid in ids:
        bundle = read_bundle(tmp_path / "out" / f"{rid}.prb")
        loads[rid] = len(bundle.contents.cases)
        assert bundle.contents.roster[list(ids).index(rid)].fingerprint == ids[rid].fingerprint
    assert sum(loads.values()) == per_case * len(panel.data)
    assert max(loads.values()) - min(loads.values()) <= 1
    assert result.loads == dict(loads)


def test_the_panel_bundle_and_panel_file(base, created):
    result, bundles, panel = created
    c = panel.contents
    assert c.member_id is None and len(c.cases) == len(base.data)
    assert {r.reviewer_id: r.conflicts for r in c.roster}["R1"] == (
        base.data[0]["subject_id"], base.data[1]["case_id"])
    info = json.loads((result.out_dir / "panel.json").read_text(encoding="utf-8"))
    assert info["format"] == "panel-review-panel" and info["version"] == 1
    assert info["bundle_id"] == result.bundle_id == c.bundle_id
    assert info["coordinator"] == {"name": "Coordinator",
                                   "fingerprint": base.coordinator.fingerprint}
    assert info["panel_bundle"]["digest"] == panel.digest
    for member in info["members"]:
        rid = member["reviewer_id"]
        assert member["digest"] == bundles[rid].digest
        assert member["fingerprint"] == base.members[rid].fingerprint
        assert member["file_sha256"] == hashlib.sha256(
            (result.out_dir / member["bundle"]).read_bytes()).hexdigest()
        assert member["cases"] == len(bundles[rid].contents.cases)
    # The signed panel bundle lists the same digests, so the merge can compare with them.
    assert c.member_bundles == {rid: b.digest for rid, b in bundles.items()}
    assert sorted(p.name for p in result.out_dir.iterdir()) == [
        "R1.prb", "R2.prb", "R3.prb", "assignments.csv", "panel.json", "panel.prb"]
    assert result.describe()[0].startswith("Created 3 member bundles and the panel bundle")


def test_assignments_are_the_same_for_a_seed(base, tmp_path):
    first = base.create(tmp_path / "a", seed=5).assignments
    again = base.create(tmp_path / "b", seed=5).assignments
    other = base.create(tmp_path / "c", seed=6).assignments
    assert first == again and first != other


def test_the_identity_is_unlocked_only_after_every_check(panel, tmp_path):
    calls = []

    def unlock():
        calls.append(1)
        return panel.coordinator

    rows = panel.case_rows()
    rows[3][9] = "not a date"
    write_xlsx(panel.cases, rows)
    with pytest.raises(CaseListError):
        panel.create(tmp_path / "out", identity=unlock)
    assert calls == []
    write_xlsx(panel.cases, panel.case_rows())
    panel.create(tmp_path / "out", identity=unlock)
    assert calls == [1]


# -- nothing written on error ----------------------------------------------------
def spoil_cases(change):
    def apply(panel: Panel) -> None:
        rows = panel.case_rows()
        change(rows)
        write_xlsx(panel.cases, rows)
    return apply


def spoil_roster(change):
    def apply(panel: Panel) -> None:
        rows = panel.roster_rows()
        change(rows)
        write_csv(panel.roster, rows)
    return apply


def put(name: str, content: bytes):
    def apply(panel: Panel) -> None:
        target = panel.documents / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    return apply


def patch_sheet(path: Path, change) -> None:
    """Edit the worksheet XML of a workbook, as a hostile or careless tool might."""
    with zipfile.ZipFile(path) as zf:
        parts = {i.filename: zf.read(i) for i in zf.infolist()}
    parts["xl/worksheets/sheet1.xml"] = change(parts["xl/worksheets/sheet1.xml"].decode()).encode()
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in parts.items():
            zf.writestr(name, data)


def xxe_workbook(panel: Panel) -> None:
    secret = panel.folder / "secret.txt"
    secret.write_text("TOP-SECRET")
    patch_sheet(panel.cases, lambda sheet: sheet.replace(
        "<worksheet", f'<!DOCTYPE w [<!ENTITY x SYSTEM "file://{secret}">]><worksheet', 1
    ).replace("PR-0002", "&x;"))


def enormous_summary(panel: Panel) -> None:
    """Excel stops at 32,767 characters a cell; another tool need not."""
    spoil_cases(lambda r: r[20].__setitem__(8, "ENORMOUS"))(panel)
    patch_sheet(panel.cases, lambda sheet: sheet.replace("ENORMOUS", "w" * 100_001))


def rsa_certificate(panel: Panel) -> None:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "RSA person")])
    now = dt.datetime.now(dt.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(1).not_valid_before(now)
            .not_valid_after(now + dt.timedelta(days=30)).sign(key, hashes.SHA256()))
    (panel.folder / "identities" / "R2" / "cert.pem").write_bytes(
        cert.public_bytes(serialization.Encoding.PEM))


ERRORS = [
    ("bad date", spoil_cases(lambda r: r[14].__setitem__(10, "31/02/2019")),
     "cases.xlsx row 15, column K (Date reported): '31/02/2019' is not a date"),
    ("unknown category", spoil_cases(lambda r: r[4].__setitem__(13, "Further review")),
     "cases.xlsx row 5, column N (Met category): 'Further review' is not a reassessment category"),
    ("bad allegation", spoil_cases(lambda r: r[6].__setitem__(7, "Domestic abuse; Bribery")),
     "cases.xlsx row 7, column H (Allegation type(s)): 'Bribery' is not an allegation type"),
    ("duplicate case id", spoil_cases(lambda r: r[9].__setitem__(0, r[2][0])),
     "cases.xlsx row 10, column A (Case ref): The case id 'PR-0002' is already used on row 3."),
    ("missing column", spoil_cases(lambda r: [row.__delitem__(13) for row in r]),
     "cases.xlsx row 1: There is no Met category column"),
    ("enormous cell", enormous_summary,
     "cases.xlsx row 21, column I (Summary): The text is 100,001 characters long; the limit is "
     "100,000."),
    ("text in a date column", spoil_cases(lambda r: r[2].__setitem__(9, "last spring")),
     "cases.xlsx row 3, column J (Date of conduct): 'last spring' is not a date"),
    ("document without case", put("PR-9999 statement.pdf", b"%PDF-1.4 x"),
     "documents: The document 'PR-9999 statement.pdf' belongs to no case in the list"),
    ("folder without case", put("Misc/notes.txt", b"x"),
     "documents: The folder 'Misc' belongs to no case in the list"),
    ("word document", put("PR-0003 letter.docx", b"PK..."),
     "documents: The document 'PR-0003 letter.docx' of case PR-0003 is .docx: only PDF (.pdf) and text (.txt) "
     "documents can go into a bundle"),
    ("fake pdf", put("PR-0004/scan.pdf", b"GIF89a"),
     "documents: The document 'PR-0004/scan.pdf' of case PR-0004 is not a PDF file"),
    ("empty document", put("PR-0005 empty.txt", b""),
     "documents: The document 'PR-0005 empty.txt' of case PR-0005 is empty."),
    ("text not utf-8", put("PR-0006 note.txt", "caf\xe9".encode("cp1252")),
     "documents: The document 'PR-0006 note.txt' of case PR-0006 is not UTF-8 text"),
    ("missing certificate", spoil_roster(lambda r: r[2].__setitem__(2, "identities/R9/cert.pem")),
     "roster.csv row 3, column C (Certificate): The certificate file "),
    ("damaged certificate", lambda p: (p.folder / "identities/R3/cert.pem").write_text("garbage"),
     "roster.csv row 4, column C (Certificate): The file cert.pem is not a certificate (PEM or DER)"),
    ("not a panel certificate", rsa_certificate,
     "roster.csv row 3, column C (Certificate): The file cert.pem is not a Panel Review signing "
     "certificate (ECDSA P-256)"),
    ("duplicate reviewer", spoil_roster(lambda r: r[3].__setitem__(0, "r1")),
     "roster.csv row 4, column A (Reviewer ID): The reviewer id 'r1' is already used on row 2."),
    ("shared certificate", spoil_roster(lambda r: r[3].__setitem__(2, r[1][2])),
     "roster.csv row 4, column C (Certificate): This certificate is already the one of the "
     "reviewer on row 2"),
    ("reserved reviewer id", spoil_roster(lambda r: r[2].__setitem__(0, "Panel")),
     "roster.csv row 3, column A (Reviewer ID): 'Panel' cannot be a reviewer id: it names the "
     "member's bundle file (Panel.prb), and that name is reserved."),
    ("reviewer without name", spoil_roster(lambda r: r[1].__setitem__(1, "")),
     "roster.csv row 2, column B (Name): The Name is empty; every row needs one."),
    ("xxe workbook", xxe_workbook,
     "cases.xlsx: It contains an XML document type declaration"),
]


@pytest.mark.parametrize("kind, spoil, message", ERRORS, ids=[e[0] for e in ERRORS])
def test_each_problem_is_named_and_nothing_is_written(panel, tmp_path, kind, spoil, message):
    spoil(panel)
    out = tmp_path / "results" / "out"
    with pytest.raises(CaseListError) as exc:
        panel.create(out, identity=lambda: pytest.fail("the identity was unlocked"))
    text = str(exc.value)
    assert message in text
    assert text.splitlines()[-1] == NOTHING_WRITTEN
    assert "TOP-SECRET" not in text and "wwwwwwwwww" not in text
    assert exc.value.exit_code == 2
    assert not out.exists() and not out.parent.exists()


def test_problems_in_every_input_are_reported_together(panel, tmp_path):
    spoil_cases(lambda r: (r[3].__setitem__(9, "soon"), r[8].__setitem__(13, "Other")))(panel)
    put("PR-7777.pdf", b"%PDF-1.7")(panel)
    spoil_roster(lambda r: r[2].__setitem__(1, ""))(panel)
    with pytest.raises(CaseListError) as exc:
        panel.create(tmp_path / "out")
    places = [(p.file, p.row, p.column) for p in exc.value.problems]
    assert places == [("cases.xlsx", 4, "J"), ("cases.xlsx", 9, "N"), ("documents", None, None),
                      ("roster.csv", 3, "B")]
    assert not (tmp_path / "out").exists()


def test_unreadable_files_are_reported_together(panel, tmp_path):
    panel.cases.write_bytes(b"not a workbook")
    panel.roster.unlink()
    with pytest.raises(CaseListError) as exc:
        panel.create(tmp_path / "out", mapping_file=panel.folder / "map.json")
    lines = str(exc.value).splitlines()
    assert lines[0].startswith("cases.xlsx: It is not an Excel workbook")
    assert lines[1].startswith("roster.csv: The roster ") and "does not exist" in lines[1]
    assert lines[2].startswith("map.json: The mapping file ")
    assert lines[3] == NOTHING_WRITTEN


def test_an_output_folder_that_is_not_empty_is_left_alone(panel, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "R1.prb").write_bytes(b"an earlier bundle")
    with pytest.raises(CaseListError, match="The output folder is not empty"):
        panel.create(out)
    assert [p.name for p in out.iterdir()] == ["R1.prb"]


def test_an_empty_output_folder_is_used(panel, tmp_path):
    (tmp_path / "out").mkdir()
    panel.create(tmp_path / "out")
    assert (tmp_path / "out" / "panel.prb").is_file()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(TEMP_PREFIX)]


def test_an_impossible_assignment_writes_nothing(panel, tmp_path):
    with pytest.raises(AssignmentError, match="only 3"):
        panel.create(tmp_path / "out", per_case=4)
    spoil_roster(lambda r: [row.__setitem__(3, panel.data[0]["case_id"]) for row in r[1:]])(panel)
    with pytest.raises(AssignmentError, match=f"Case {panel.data[0]['case_id']} needs 2"):
        panel.create(tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_a_failure_while_writing_leaves_nothing(panel, tmp_path, monkeypatch):
    import review.bundle.create as bc
    real = bc.write_bundle
    written = []

    def flaky(path, contents, identity, **kwargs):
        if written:
            raise OSError(28, "No space left on device")
        written.append(path)
        return real(path, contents, identity, **kwargs)

    monkeypatch.setattr(bc, "write_bundle", flaky)
    from review.errors import DiskFull
    with pytest.raises(DiskFull, match="is full. Nothing saved before was lost; no bundle was "):
        panel.create(tmp_path / "out")
    assert list(tmp_path.iterdir()) == [panel.folder]


@pytest.mark.parametrize("which", ["R1", "R3", "panel"])
def test_every_bundle_is_read_back_from_the_disk(panel, tmp_path, monkeypatch, which):
    """R1's bundle is decoded into cases; R3's and panel.prb are checked byte for byte
    (signature, every entry's digest): a bundle damaged on disk stops each alike."""
    import review.bundle.create as bc
    real = bc.write_bundle
    decoded = []
    real_read = bc.read_bundle

    def damaging(path, contents, identity, **kwargs):
        digest = real(path, contents, identity, **kwargs)
        if path.stem == which:
            data = bytearray(path.read_bytes())
            data[len(data) // 3] ^= 0x01
            path.write_bytes(bytes(data))
        return digest

    def reading(path, *args, **kwargs):
        decoded.append(path.stem)
        return real_read(path, *args, **kwargs)

    monkeypatch.setattr(bc, "read_bundle", reading)
    panel.create(tmp_path / "good")
    assert decoded == ["R1"]
    monkeypatch.setattr(bc, "write_bundle", damaging)
    with pytest.raises(BundleError, match=f"The bundle {which}.prb did not verify after it "
                                          "was written"):
        panel.create(tmp_path / "out")
    assert not (tmp_path / "out").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([panel.folder.name, "good"])


def test_a_mapping_file_and_a_csv_case_list(panel, tmp_path):
    rows = panel.case_rows()
    rows[0] = ["Ref" if h == "Case ref" else "Narrative" if h == "Summary" else h for h in rows[0]]
    rows = [[v.isoformat() if isinstance(v, dt.date) else v for v in row] for row in rows]
    cases = write_csv(panel.folder / "cases.csv", rows)
    (panel.folder / "map.json").write_text(json.dumps({"Ref": "case_id", "Narrative": "summary"}))
    result = create_bundles_from_files(cases, panel.roster, panel.documents, 2, 7,
                                       panel.coordinator, tmp_path / "out",
                                       panel.folder / "map.json", "Spring panel")
    bundle = read_bundle(result.panel_bundle)
    assert bundle.contents.title == "Spring panel"
    assert [bare(c) for c in bundle.contents.cases] == [bare(Case.from_json(d)) for d in panel.data]


# -- documents folder -------------------------------------------------------------
def test_document_names_are_matched_by_the_longest_case_id(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    for name in ["PR-1.pdf", "PR-1-A report.pdf", "pr-1_b.txt", "PR-1 Witness (2) #final \u00e9.txt",
                 "PR-10.txt", "PR-100.pdf"]:
        (folder / name).write_bytes(pdfs.ordinary(1) if name.endswith(".pdf") else b"text")
    ids = {k.casefold(): k for k in ["PR-1", "PR-1-A", "PR-10"]}
    found, problems = scan_documents(folder, ids)
    assert {cid: [d.relative for d in docs] for cid, docs in found.items()} == {
        "PR-1": ["PR-1 Witness (2) #final \u00e9.txt", "PR-1.pdf", "pr-1_b.txt"],
        "PR-1-A": ["PR-1-A report.pdf"], "PR-10": ["PR-10.txt"]}
    assert {d.title for d in found["PR-1"]} == {"Witness (2) #final \u00e9", "b", ""}
    assert [str(p) for p in problems.items] == [
        "docs: The document 'PR-100.pdf' belongs to no case in the list: its name must start "
        "with a case id (as in 'PR-0001 report.pdf'), or it must be in a folder named after one."]


def test_unsafe_document_names_get_safe_bundle_names(panel, tmp_path):
    put("PR-0007 caf\u00e9 (copy) #2 ../x.pdf".replace("/", "_"), pdfs.ordinary(1))(panel)
    result = panel.create(tmp_path / "out")
    case = next(c for c in read_bundle(result.panel_bundle).contents.cases if c.case_id == "PR-0007")
    ref = next(r for r in case.documents if r.title.startswith("caf"))
    assert ref.title == "caf\u00e9 (copy) #2 .. x"
    assert ref.filename.startswith("PR-0007-D") and ref.filename.endswith(".pdf")


def test_a_link_in_the_documents_folder_is_refused(panel, tmp_path):
    (panel.documents / "PR-0008 link.pdf").symlink_to(panel.folder / "cases.xlsx")
    with pytest.raises(CaseListError, match="'PR-0008 link.pdf' is a link"):
        panel.create(tmp_path / "out")


# -- roster ---------------------------------------------------------------------
def roster_sheet(rows: list[list], headers=("Reviewer ID", "Name", "Certificate", "Fingerprint",
                                            "Conflicts")) -> SheetRows:
    return SheetRows(list(headers), [
        (i + 2, {h: v for h, v in zip(headers, row) if v}) for i, row in enumerate(rows)],
        "roster.xlsx")


def test_roster_certificates_fingerprints_and_conflicts(base):
    r1, r2, r3 = (base.members[k] for k in ("R1", "R2", "R3"))
    der = base.folder / "r3.der"
    der.write_bytes(r3.certificate.public_bytes(serialization.Encoding.DER))
    reviewers, problems = parse_roster(roster_sheet([
        ["R1", "Reviewer 1", "identities/R1", format_fingerprint(r1.fingerprint), "s-x | PR-0002"],
        ["R2", "Reviewer 2", "", r2.fingerprint.upper(), ""],
        ["R3", "Reviewer 3", "r3.der", "", ""],
    ]), base_dir=base.folder, case_ids={"pr-0002": "PR-0002"}, subject_ids={"s-x": "S-X"})
    assert not problems
    assert [(r.reviewer_id, r.fingerprint, r.conflicts) for r in reviewers] == [
        ("R1", r1.fingerprint, ("S-X", "PR-0002")), ("R2", r2.fingerprint, ()),
        ("R3", fingerprint_of(r3.certificate), ())]


def test_roster_problems_each_with_row_and_column(base, tmp_path):
    expired = Identity.generate("Old", not_before=dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc))
    (tmp_path / "old.pem").write_bytes(expired.cert_pem)
    r1 = base.members["R1"]
    _, problems = parse_roster(roster_sheet([
        ["R1", "Reviewer 1", f"{base.folder}/identities/R1/cert.pem", "00" * 32, ""],
        ["R 2", "Reviewer 2", "", "12ab", ""],
        ["R3", "Reviewer 3", "", "", ""],
        ["R4", "Reviewer 4", "old.pem", "", ""],
        ["R5", "Reviewer 5", "", r1.fingerprint, ""],
    ]), base_dir=tmp_path, case_ids={}, subject_ids={})
    assert [str(p) for p in problems.items] == [
        "roster.xlsx row 2, column D (Fingerprint): The fingerprint does not match the "
        "certificate file in the same row.",
        "roster.xlsx row 3, column A (Reviewer ID): 'R 2' is not a usable reviewer id: use "
        "letters, digits, '.', '_' and '-', starting with a letter or digit (up to 64 characters).",
        "roster.xlsx row 3, column D (Fingerprint): '12ab' is not a certificate fingerprint: it "
        "should be 64 hexadecimal digits.",
        "roster.xlsx row 4, column C (Certificate): The reviewer has no certificate or "
        "fingerprint; the coordinator must pin one to check their exports.",
        "roster.xlsx row 5, column C (Certificate): The certificate old.pem expired on "
        "2009-12-29; the reviewer needs a new identity.",
    ]


def test_a_roster_needs_a_certificate_or_fingerprint_column(base):
    _, problems = parse_roster(roster_sheet([["R1", "A"]], headers=("Reviewer", "Name")),
                               base_dir=base.folder)
    assert [str(p) for p in problems.items] == [
        "roster.xlsx row 1: There is no Certificate or Fingerprint column; the roster needs "
        "one of them."]


def test_linked_cases_carry_conduct_date_and_allegations_and_the_guard_is_on(base, created):
    _, bundles, panel_bundle = created
    source = {d["case_id"]: d for d in base.data}
    linked = [x for b in bundles.values() for x in b.contents.linked]
    assert linked
    for x in linked:
        assert x.conduct_date == source[x.case_id]["conduct_date"]
        assert list(x.allegation_types) == source[x.case_id]["allegation_types"]
    assert all(b.contents.anchoring_guard for b in bundles.values())
    assert panel_bundle.contents.anchoring_guard


def test_the_coordinator_can_turn_the_anchoring_guard_off(base, tmp_path):
    base.create(tmp_path / "out", anchoring_guard=False)
    for name in [f"{rid}.prb" for rid in base.members] + ["panel.prb"]:
        assert read_bundle(tmp_path / "out" / name).contents.anchoring_guard is False


def test_a_full_disk_names_itself_and_leaves_nothing(panel, tmp_path, monkeypatch):
    import errno
    from review.errors import DiskFull

    def full(path, data):
        raise OSError(errno.EDQUOT, "Disk quota exceeded", str(path))
    monkeypatch.setattr("review.bundle.format.atomic_write_bytes", full)
    with pytest.raises(DiskFull, match=r"is full\. Nothing saved before was lost; no bundle "
                                       r"was written\. Free some space"):
        panel.create(tmp_path / "out")


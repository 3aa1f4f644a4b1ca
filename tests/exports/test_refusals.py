"""The right reason for every refusal: each way of tampering with a signed file, on member and
consolidated PDFs of 500 pages or more and on member and consolidated workbooks, is refused
with its own sentence (slow: the long PDFs take a while to lay out; still run in CI)."""

from __future__ import annotations

import base64
import io
import shutil
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest

from review.demo.bundle import build_demo_bundles
from review.demo.simulate import simulate
from review.identity import Identity, load_identity
from review.workspace.database import Workspace
from tests.conftest import PASSPHRASE
from tests.exports.pdf import tamper

from exports.snapshot import collect_export_data
from exports.verify import verify_file
from exports.xlsx.canonical import canonical_json
from exports.xlsx.signature import SHEET, read_signature_sheet, signed_message

# A member's PDF of over 500 pages: only cases the member worked on get a section, so
# the fixture works on every one of them (about 0.7 pages each).
LONG_CASES = 750
MIN_PAGES = 500


@dataclass(frozen=True)
class Signed:
    """A signed file, the same content signed by another key, and its signer's fingerprint."""
    path: Path
    resigned: Path
    fingerprint: str


def _remove_signature(pdf: bytes) -> bytes:
    """A full rewrite of the file without its signature field."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.pdf_utils.writer import copy_into_new_writer
    writer = copy_into_new_writer(PdfFileReader(io.BytesIO(pdf), strict=False))
    del writer.root["/AcroForm"]
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _pages(path: Path) -> int:
    from pyhanko.pdf_utils.reader import PdfFileReader
    return int(PdfFileReader(io.BytesIO(path.read_bytes()), strict=False).root["/Pages"]["/Count"])


def _resigned(path: Path, identity: Identity) -> Path:
    """What a forger does: strip the signature and the export record, then sign the same
    pages, with a record of their own, by another key."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.pdf_utils.writer import copy_into_new_writer
    from exports.pdf.report import ReportLayout
    from exports.pdf.sign import sign_report
    from exports.pdf.verify import verify_pdf
    record = {**verify_pdf(path).record, "certificate_sha256": identity.fingerprint,
              "signer_name": identity.name}
    reader = PdfFileReader(io.BytesIO(path.read_bytes()), strict=False)
    box = tuple(float(x) for x in reader.embedded_signatures[0].sig_field["/Rect"])
    writer = copy_into_new_writer(reader)
    for key in ("/AcroForm", "/Names", "/Perms"):  # field, record, certification
        del writer.root[key]
    out = io.BytesIO()
    writer.write(out)
    pages = _pages(path)
    target = path.with_name("resigned.pdf")
    target.write_bytes(sign_report(ReportLayout(out.getvalue(), pages, pages - 1, box),
                                   identity, record))
    return target


@pytest.fixture(scope="module")
def member_pdf(tmp_path_factory, member_identity, other_identity) -> Signed:
    from exports.service import export_signed
    folder = tmp_path_factory.mktemp("long-member")
    build_demo_bundles(folder / "long.prb", cases=LONG_CASES, seed=0)
    with Workspace.create(folder / "long.prw", PASSPHRASE, folder / "long.prb") as ws:
        simulate(ws, seed=0, coverage=1.0)
        data = collect_export_data(ws)
    assert data.decision_count == LONG_CASES
    export_signed(data, member_identity, pdf_path=folder / "member.pdf")
    return Signed(folder / "member.pdf", _resigned(folder / "member.pdf", other_identity),
                  member_identity.fingerprint)


@pytest.fixture(scope="module")
def panel(tmp_path_factory) -> Path:
    from exports.rehearsal import run_demo_panel
    folder = tmp_path_factory.mktemp("refusals") / "panel"
    run_demo_panel(folder, PASSPHRASE, reviewers=2, cases=30, seed=4, say=lambda _line: None)
    return folder


@pytest.fixture(scope="module")
def consolidated_pdf(tmp_path_factory, other_identity) -> Signed:
    from exports.rehearsal import run_demo_panel
    folder = tmp_path_factory.mktemp("long-consolidated") / "panel"
    run_demo_panel(folder, PASSPHRASE, reviewers=2, cases=CONSOLIDATED_CASES, seed=0,
                   say=lambda _line: None)
    coordinator = load_identity(folder / "identities" / "coordinator", PASSPHRASE)
    return Signed(folder / "consolidated.pdf",
                  _resigned(folder / "consolidated.pdf", other_identity),
                  coordinator.fingerprint)


CONSOLIDATED_CASES = 2100  # a consolidated result of over 500 pages (1,131 cases give ~290)

# fixture → (how the file is altered, the words its refusal must contain)
PDF_TAMPERINGS = {
    "bytes changed": (lambda pdf: tamper.flip_byte(pdf, "first_third"),
                      "The document was altered after signing: its contents no longer match "
                      "the signature."),
    "content added by an incremental update": (
        tamper.draw_over_first_page, "Content was added after signing: an incremental update"),
    "signature removed": (_remove_signature, "The PDF carries no digital signature."),
}
RESIGNED = "It is validly signed, but by a different certificate from the one expected"


def _pdf_refusals(signed: Signed, tmp_path: Path) -> dict[str, str]:
    assert _pages(signed.path) >= MIN_PAGES
    assert verify_file(signed.path, expected_fingerprint=signed.fingerprint).valid
    reasons = {}
    for name, (change, _) in PDF_TAMPERINGS.items():
        target = tmp_path / f"{name}.pdf"
        target.write_bytes(change(signed.path.read_bytes()))
        reasons[name] = verify_file(target, expected_fingerprint=signed.fingerprint).reason
    reasons["re-signed by another key"] = verify_file(
        signed.resigned, expected_fingerprint=signed.fingerprint).reason
    return reasons


def _assert_table(reasons: dict[str, str], expected: dict[str, str]) -> None:
    assert set(reasons) == set(expected)
    for name, words in expected.items():
        assert reasons[name] and words in reasons[name], (name, reasons[name])
        assert "Error" not in reasons[name], (name, reasons[name])  # no exception's name
    assert len(set(reasons.values())) == len(reasons)  # each its own sentence


PDF_SENTENCES = {**{name: words for name, (_, words) in PDF_TAMPERINGS.items()},
                 "re-signed by another key": RESIGNED}


@pytest.mark.slow
def test_long_member_pdf_refusals(member_pdf, tmp_path):
    _assert_table(_pdf_refusals(member_pdf, tmp_path), PDF_SENTENCES)


@pytest.mark.slow
def test_long_consolidated_pdf_refusals(consolidated_pdf, tmp_path):
    _assert_table(_pdf_refusals(consolidated_pdf, tmp_path), PDF_SENTENCES)


# ---- workbooks ------------------------------------------------------------------------------

def _edit(path: Path, change) -> None:
    wb = openpyxl.load_workbook(path)
    change(wb)
    wb.save(path)


def _flip_middle_byte(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x55
    path.write_bytes(bytes(data))


def _resign(path: Path, identity: Identity) -> None:
    """Sign the workbook's record again with another key, as a forger would."""
    wb = openpyxl.load_workbook(path)
    sig = read_signature_sheet(wb)
    core = {**sig.core, "certificate_sha256": identity.fingerprint, "signer_name": identity.name}
    message = signed_message(core, [sig.seals[s["name"]] for s in core["sheets"]])
    ws = wb[SHEET]
    ws["B2"].value = canonical_json(core).decode()
    ws["B3"].value = identity.cert_pem.decode("ascii")
    ws["B4"].value = base64.b64encode(identity.sign(message)).decode("ascii")
    wb.save(path)


# kind → (file in the rehearsal, decisions sheet, a second signed sheet)
BOOKS = {"member": ("exports/R01.xlsx", "Decisions", "History"),
         "consolidated": ("consolidated.xlsx", "Final decisions", "Reviews")}


def _book_tamperings(sheet: str, other: str):
    return {
        "bytes changed": (_flip_middle_byte, "It is damaged or is not an Excel workbook", None),
        "signature removed": (lambda p: _edit(p, lambda wb: wb.remove(wb[SHEET])),
                              "It carries no Panel Review signature", None),
        "cell edited": (lambda p: _edit(p, lambda wb: setattr(wb[sheet]["B3"], "value", "x")),
                        f"{sheet}!B3 (", f"{sheet}!B3"),
        "row deleted": (lambda p: _edit(p, lambda wb: wb[sheet].delete_rows(4)),
                        "(row 4 when signed) was deleted", f"{sheet}!A4"),
        "row added": (lambda p: _edit(p, lambda wb: wb[sheet].insert_rows(4)),
                      "a row was inserted above", f"{sheet}!A4"),
        "sheet removed": (lambda p: _edit(p, lambda wb: wb.remove(wb[other])),
                          f"The sheet '{other}' was deleted or renamed after signing.", None),
    }


@pytest.mark.parametrize("kind", sorted(BOOKS))
def test_workbook_refusals(panel, tmp_path, other_identity, kind):
    file, sheet, other = BOOKS[kind]
    source = panel / file
    signer = verify_file(source).fingerprint
    reasons, expected = {}, {}
    for name, (change, words, cell) in _book_tamperings(sheet, other).items():
        target = tmp_path / f"{name}.xlsx"
        shutil.copyfile(source, target)
        change(target)
        report = verify_file(target, expected_fingerprint=signer)
        assert not report.valid and report.cell == cell, (name, report.reason, report.cell)
        reasons[name], expected[name] = report.reason, words
    target = tmp_path / "resigned.xlsx"
    shutil.copyfile(source, target)
    _resign(target, other_identity)
    assert verify_file(target).valid  # a forger's signature is a good one...
    reasons["re-signed by another key"] = verify_file(target, expected_fingerprint=signer).reason
    expected["re-signed by another key"] = RESIGNED  # ...by the wrong key
    _assert_table(reasons, expected)

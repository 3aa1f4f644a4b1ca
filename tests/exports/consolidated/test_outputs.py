"""The coordinator's consolidated PDF and workbook: signed, verified, literal, complete.

The files come from the small rehearsal in this folder's conftest.py.
"""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from review.panel.workspace import CoordinatorWorkspace
from review.identity import load_identity
from tests.conftest import PASSPHRASE

from exports.consolidated.publish import collect_consolidated, export_consolidated
from exports.consolidated.verify import read_consolidated_workbook
from exports.verify import consolidated_report
from exports.errors import ExportError, SignedFileInvalid
from exports.verify import verify_file

from tests.exports.consolidated.conftest import EDITED_NAME, HOSTILE, _pdftotext


# -- signatures -------------------------------------------------------------------
def test_demo_panel_consolidated_pdf_verifies(rehearsal):
    report = verify_file(rehearsal / "consolidated.pdf")
    assert report.valid, report.reason
    assert report.signer_name == "DEMO Coordinator"
    coordinator = load_identity(rehearsal / "identities/coordinator", PASSPHRASE)
    assert report.fingerprint == coordinator.fingerprint


def test_consolidated_pdf_verifies_with_pdfsig(consolidated):
    if shutil.which("pdfsig") is None:
        pytest.skip("pdfsig (poppler-utils) is not installed")
    out = subprocess.run(["pdfsig", str(consolidated.pdf)], capture_output=True, text=True).stdout
    assert "Signature is Valid" in out
    assert "Total document signed" in out


def test_consolidated_pdf_changed_after_signing_is_invalid(consolidated, tmp_path):
    copy = tmp_path / "c.pdf"
    copy.write_bytes(consolidated.pdf.read_bytes() + b"\n%% appended\n")
    report = verify_file(copy)
    assert not report.valid


def test_consolidated_workbook_verifies(rehearsal, consolidated):
    for path in (rehearsal / "consolidated.xlsx", consolidated.xlsx):
        v = read_consolidated_workbook(path)
        assert v.signer_name == "DEMO Coordinator" and v.case_count == 30
        report = consolidated_report(path)
        assert report is not None and report.valid


def test_rehearsal_says_synthetic_in_every_output(rehearsal, consolidated, tmp_path):
    """demo-panel's bundles are marked demo, so the member's and the consolidated PDF and
    workbook all say the data is synthetic."""
    from openpyxl import load_workbook
    from exports.service import export_workspace

    def about(path):
        ws = load_workbook(path)["About"]
        return {r[0]: r[1] for r in ws.iter_rows(values_only=True)}
    assert about(rehearsal / "consolidated.xlsx")["Synthetic demo data"] == "Yes"
    assert about(rehearsal / "exports/R01.xlsx")["Synthetic demo data"] == "Yes"
    member_note = load_workbook(rehearsal / "exports/R01.xlsx")["Signature"]["B1"].value
    assert "the member's signature" in member_note
    assert read_consolidated_workbook(rehearsal / "consolidated.xlsx").demo
    member_pdf = tmp_path / "R01.pdf"
    export_workspace(rehearsal / "workspaces/R01.prw", PASSPHRASE,
                     rehearsal / "identities/R01", PASSPHRASE, pdf_path=member_pdf)
    for pdf in (rehearsal / "consolidated.pdf", member_pdf):
        flat = " ".join(_pdftotext(pdf).split())
        assert "DEMO: synthetic data, not real cases" in flat, pdf.name
        assert "\u00b7 DEMO" in flat, pdf.name  # every page's footer


def test_member_export_is_not_taken_for_a_consolidated_workbook(rehearsal):
    assert consolidated_report(rehearsal / "exports/R02.xlsx") is None


def test_verify_command_reports_consolidated_workbook_valid(consolidated):
    assert verify_file(consolidated.xlsx).valid


def test_verify_command_on_consolidated_and_member_files(consolidated, rehearsal, tmp_path,
                                                         capsys):
    import main
    edited = tmp_path / "edited.xlsx"
    _edit(consolidated.xlsx, edited, "Final decisions", "G3", "Edited by hand")
    code = main.main(["verify", str(consolidated.xlsx), str(consolidated.pdf),
                      str(rehearsal / "exports/R01.xlsx")])
    out = capsys.readouterr().out
    assert code == 0 and out.count(": VALID") == 3 and out.count("Consolidated result") == 2
    code = main.main(["verify", str(edited)])
    out = capsys.readouterr().out
    assert code == 1 and "INVALID" in out and "Final decisions!G3" in out


def _edit(src: Path, dst: Path, sheet: str, cell: str, value) -> None:
    from openpyxl import load_workbook
    wb = load_workbook(src)
    wb[sheet][cell].value = value
    wb.save(dst)


def _column(ws, header: str) -> str:
    from openpyxl.utils import get_column_letter
    heads = [c.value for c in ws[1]]
    return get_column_letter(heads.index(header) + 1)


@pytest.mark.parametrize("sheet, header", [
    ("Final decisions", "Final category"),
    ("Reviews", "Rationale"),
    ("Disagreements", "Adjudication rationale"),
    ("Files", "Reason"),
    ("Insights by group", "Rate"),
    ("Insights delay", "Median days"),
    ("Insights repeat subjects", "Panel category"),
])
def test_edited_cell_is_invalid_and_named(consolidated, tmp_path, sheet, header):
    from openpyxl import load_workbook
    ws = load_workbook(consolidated.xlsx)[sheet]
    col = _column(ws, header)
    row = next(r for r in range(2, ws.max_row + 1) if ws[f"{col}{r}"].value)
    key = ws[f"B{row}"].value if sheet == "Files" else ws[f"A{row}"].value
    edited = tmp_path / "edited.xlsx"
    _edit(consolidated.xlsx, edited, sheet, f"{col}{row}", "Changed after signing, by hand.")
    with pytest.raises(SignedFileInvalid) as err:
        read_consolidated_workbook(edited)
    assert err.value.cell == f"{sheet}!{col}{row}"
    assert header in err.value.reason and str(key) in err.value.reason
    with pytest.raises(SignedFileInvalid):
        consolidated_report(edited)


def test_edited_agreement_statistic_is_named(consolidated, tmp_path):
    edited = tmp_path / "edited.xlsx"
    _edit(consolidated.xlsx, edited, "Agreement", "D2", 0.99)
    with pytest.raises(SignedFileInvalid) as err:
        read_consolidated_workbook(edited)
    assert err.value.cell == "Agreement!D2" and "Fleiss kappa, Panel category" in err.value.reason


def test_edited_interval_bound_and_pairwise_kappa_are_named(consolidated, tmp_path):
    from openpyxl import load_workbook
    edited = tmp_path / "bound.xlsx"
    _edit(consolidated.xlsx, edited, "Agreement", "P2", 0.01)  # Gwet AC1 95% low
    with pytest.raises(SignedFileInvalid) as err:
        read_consolidated_workbook(edited)
    assert err.value.cell == "Agreement!P2"
    assert "Gwet AC1 95% low, Panel category" in err.value.reason
    ws = load_workbook(consolidated.xlsx)["Agreement"]
    row = next(r for r in range(2, ws.max_row + 1) if ws[f"A{r}"].value == "Panel category"
               and isinstance(ws[f"C{r}"].value, float) and r > 3)
    pair = ws[f"B{row}"].value
    _edit(consolidated.xlsx, edited, "Agreement", f"C{row}", 0.99)
    with pytest.raises(SignedFileInvalid) as err:
        read_consolidated_workbook(edited)
    assert err.value.cell == f"Agreement!C{row}"
    assert f"Cohen kappa, Panel category, {pair}" in err.value.reason


def test_deleted_row_and_added_sheet_are_invalid(consolidated, tmp_path):
    from openpyxl import load_workbook
    wb = load_workbook(consolidated.xlsx)
    wb["Final decisions"].delete_rows(5)
    wb.save(tmp_path / "deleted.xlsx")
    with pytest.raises(SignedFileInvalid, match="was deleted"):
        read_consolidated_workbook(tmp_path / "deleted.xlsx")
    wb = load_workbook(consolidated.xlsx)
    wb.create_sheet("Notes")
    wb.save(tmp_path / "added.xlsx")
    with pytest.raises(SignedFileInvalid, match="'Notes' was added"):
        read_consolidated_workbook(tmp_path / "added.xlsx")


def test_only_the_panels_coordinator_can_sign(rehearsal, consolidated):
    with CoordinatorWorkspace.open(rehearsal / "coordinator.prw", PASSPHRASE) as coord:
        data = collect_consolidated(coord)
    reviewer = load_identity(rehearsal / "identities/R01", PASSPHRASE)
    with pytest.raises(ExportError, match="not the coordinator's"):
        export_consolidated(data, reviewer, pdf_path=consolidated.folder / "never.pdf")
    assert not (consolidated.folder / "never.pdf").exists()


# -- hostile text stays literal -------------------------------------------------------
def test_hostile_rationale_is_text_in_the_workbook(consolidated):
    from openpyxl import load_workbook
    wb = load_workbook(consolidated.xlsx)
    for sheet, header in (("Final decisions", "Adjudication rationale"),
                          ("Disagreements", "Adjudication rationale")):
        ws = wb[sheet]
        col = _column(ws, header)
        row = next(r for r in range(2, ws.max_row + 1)
                   if ws[f"A{r}"].value == consolidated.hostile_case)
        cell = ws[f"{col}{row}"]
        assert cell.value == HOSTILE and cell.data_type == "s"
    with zipfile.ZipFile(consolidated.xlsx) as z:
        sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/sheet")]
        assert sheets and not any(b"<f>" in z.read(n) or b"<f " in z.read(n) for n in sheets)


def test_hostile_rationale_prints_literally_in_the_pdf(consolidated):
    text = " ".join(_pdftotext(consolidated.pdf).split())
    assert '=HYPERLINK("http://evil.example/steal","Click here")' in text
    assert "<b>not bold</b> & R&D" in text
    assert '<img src="x.png">' in text


# -- content --------------------------------------------------------------------------
def test_pdf_lists_refused_file_with_reason_and_disputed_cases(consolidated):
    text = _pdftotext(consolidated.pdf)
    flat = " ".join(text.split())
    files = flat[flat.index("Files merged and refused"):]
    assert EDITED_NAME in files and "Refused" in files and "Decisions!L2" in files
    disputes = flat[flat.index("Disagreements and how they were resolved"):
                    flat.index("One row per case, in bundle order")]
    assert f"Case {consolidated.hostile_case} — Adjudicated" in disputes
    assert f"Case {consolidated.open_case} — Disagreement" in disputes
    assert "Not yet adjudicated" in disputes
    for heading in ("Agreement statistics", "Fleiss", "Krippendorff", "Cohen", "Gwet", "AC1",
                    "95% interval", "percentile bootstrap over cases",
                    "Met category against final category", "Final decisions",
                    "Reviewers' decisions", "Appendix: adjudication history",
                    "Adjudication history chain head"):
        assert heading in flat, heading
    assert "Page 1 of" in flat


def test_workbook_sheets_are_typed_frozen_and_filtered(consolidated):
    from openpyxl import load_workbook
    wb = load_workbook(consolidated.xlsx)
    assert wb.sheetnames[:10] == ["Final decisions", "Reviews", "Disagreements", "Agreement",
                                  "Files", "Insights", "Insights by group", "Insights delay",
                                  "Insights repeat subjects", "About"]
    assert wb["Signature"].sheet_state == "hidden"
    note = wb["Signature"]["B1"].value
    assert "the coordinator's signature" in note and "member" not in note
    for name in wb.sheetnames[:5]:
        ws = wb[name]
        assert ws.freeze_panes and ws.auto_filter.ref, name
        assert all(ws.column_dimensions[c].width >= 7 for c in "ABC"), name
    agreement = wb["Agreement"]
    assert isinstance(agreement["B2"].value, float) and agreement["B2"].number_format == "0.0%"
    assert isinstance(agreement["G2"].value, int)  # Cases (n), after the four coefficients
    headers = [c.value for c in agreement[1]]
    assert headers[5] == "Gwet AC1" and "Gwet AC1 95% low" in headers
    row = {h: agreement.cell(row=2, column=k + 1).value for k, h in enumerate(headers)}
    for name in ("Percent agreement", "Fleiss kappa", "Krippendorff alpha", "Gwet AC1"):
        low, high = row[f"{name} 95% low"], row[f"{name} 95% high"]
        assert isinstance(low, float) and low <= row[name] <= high, name
    # below the table: Cohen's kappa for every reviewer pair on every field, not only the category
    title = next(r for r in range(2, agreement.max_row + 1)
                 if str(agreement[f"A{r}"].value).startswith("Cohen's kappa"))
    assert [c.value for c in agreement[title + 1]][:5] == ["Field", "Reviewer pair", "Cohen kappa",
                                                          "Cases both rated", "Note"]
    fields = {agreement[f"A{r}"].value for r in range(title + 2, agreement.max_row + 1)}
    assert {"Panel category", "Concern: Original investigation deficient"} <= fields
    files = wb["Files"]
    outcomes = {files[f"G{r}"].value: files[f"H{r}"].value for r in range(2, files.max_row + 1)}
    assert "Refused" in outcomes and "Decisions!L2" in outcomes["Refused"]
    reviews = wb["Reviews"]
    per_case: dict[str, int] = {}
    for r in range(2, reviews.max_row + 1):
        per_case[reviews[f"A{r}"].value] = per_case.get(reviews[f"A{r}"].value, 0) + 1
        if reviews[f"A{r}"].value in consolidated.awaiting:  # blind: no content shown
            assert reviews[f"F{r}"].value is None and reviews[f"L{r}"].value is None
    assert len(per_case) == 30 and min(per_case.values()) >= 2


def test_refused_file_is_listed_under_its_verified_signer_not_its_claim(consolidated):
    """The edited R01 export fails verification: nobody verifiably signed it, so neither
    the workbook nor the PDF lists it under R01, whose export it claims to be."""
    from openpyxl import load_workbook
    files = load_workbook(consolidated.xlsx)["Files"]
    row = next(r for r in range(2, files.max_row + 1) if files[f"B{r}"].value == EDITED_NAME)
    assert files[f"C{row}"].value is None and files[f"D{row}"].value == "unknown signer"
    flat = " ".join(_pdftotext(consolidated.pdf).split())
    files_section = flat[flat.index("Files merged and refused"):]
    entry = files_section[files_section.index(EDITED_NAME) + len(EDITED_NAME):][:120]
    assert entry.split()[0] == "unknown" and "signer" in entry  # the cell wraps
    assert "R01" not in entry
    assert "Exported Offered Outcome Reason" in files_section  # when offered, merged or not


# -- command line -----------------------------------------------------------------------
def test_merge_writes_signed_consolidated_files(rehearsal, tmp_path, capsys, monkeypatch):
    import main
    monkeypatch.setenv(main.PASSPHRASE_ENV, PASSPHRASE)
    coord = tmp_path / "coord.prw"
    shutil.copyfile(rehearsal / "coordinator.prw", coord)
    code = main.main(["merge", *map(str, sorted((rehearsal / "exports").glob("*.xlsx"))),
                      "--roster", str(rehearsal / "bundles/panel.prb"), "--workspace", str(coord),
                      "--pdf", str(tmp_path / "out.pdf"), "--xlsx", str(tmp_path / "out.xlsx"),
                      "--identity", str(rehearsal / "identities/coordinator")])
    out = capsys.readouterr().out
    assert code == 0 and "Wrote" in out and str(tmp_path / "out.pdf") in out
    assert verify_file(tmp_path / "out.pdf").valid
    assert read_consolidated_workbook(tmp_path / "out.xlsx").case_count == 30


@pytest.mark.parametrize("flag", ["--pdf", "--xlsx"])
def test_output_without_identity_is_a_usage_error(rehearsal, tmp_path, capsys, monkeypatch, flag):
    import main
    monkeypatch.setenv(main.PASSPHRASE_ENV, PASSPHRASE)
    code = main.main(["merge", str(rehearsal / "exports/R01.xlsx"), "--roster",
                      str(rehearsal / "bundles/panel.prb"), "--workspace",
                      str(tmp_path / "new.prw"), flag, str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert code == 2 and "need --identity DIR" in err and err.strip().endswith(".")
    assert list(tmp_path.iterdir()) == []


def test_merge_refuses_a_reviewers_identity_before_merging(rehearsal, tmp_path, capsys,
                                                           monkeypatch):
    import main
    monkeypatch.setenv(main.PASSPHRASE_ENV, PASSPHRASE)
    code = main.main(["merge", str(rehearsal / "exports/R01.xlsx"), "--roster",
                      str(rehearsal / "bundles/panel.prb"), "--workspace",
                      str(tmp_path / "new.prw"), "--pdf", str(tmp_path / "out.pdf"),
                      "--identity", str(rehearsal / "identities/R02")])
    err = capsys.readouterr().err
    assert code == 2 and "did not sign panel.prb" in err
    assert list(tmp_path.iterdir()) == []


def test_damaged_certificate_is_invalid_not_a_crash(consolidated, tmp_path):
    edited = tmp_path / "cert.xlsx"
    _edit(consolidated.xlsx, edited, "Signature", "B3", "-----BEGIN CERTIFICATE-----\nAAAA\n")
    with pytest.raises(SignedFileInvalid):
        read_consolidated_workbook(edited)


def test_pdf_agreement_pages_give_intervals_ac1_and_every_pairs_kappa(consolidated):
    from openpyxl import load_workbook
    text = " ".join(_pdftotext(consolidated.pdf).split())
    start = text.index("Agreement statistics")
    pairs = text.index("Cohen's κ for each pair of reviewers", start)
    table = text[start:pairs]
    # the category row shows the workbook's values, each over its interval
    ws = load_workbook(consolidated.xlsx)["Agreement"]
    heads = [c.value for c in ws[1]]
    row = {h: ws.cell(row=2, column=k + 1).value for k, h in enumerate(heads)}
    assert f"{row['Percent agreement'] * 100:.1f}%" in table
    assert (f"({row['Percent agreement 95% low'] * 100:.0f}"
            f"–{row['Percent agreement 95% high'] * 100:.0f}%)") in table
    assert f"({row['Gwet AC1 95% low']:.2f}–{row['Gwet AC1 95% high']:.2f})".replace(
        "-", "\u2212") in table
    assert "AC1" in table and "percentile bootstrap over cases" in table
    # the pairwise tables cover every field, not only the category
    after = text[pairs:pairs + 6000]
    assert "Panel category" in after and "Concern: Data quality" in after


@pytest.mark.parametrize("kind", ["consolidated", "member"])
def test_workbook_of_an_unknown_version_names_the_version_found_and_read(consolidated, rehearsal,
                                                                          tmp_path, kind):
    import json
    from openpyxl import load_workbook
    from exports.xlsx.verify import read_signed_workbook
    src = consolidated.xlsx if kind == "consolidated" else rehearsal / "exports/R01.xlsx"
    manifest = json.loads(load_workbook(src)["Signature"]["B2"].value)
    manifest["format_version"] = 7
    edited = tmp_path / "v7.xlsx"
    _edit(src, edited, "Signature", "B2", json.dumps(manifest))
    read = read_consolidated_workbook if kind == "consolidated" else read_signed_workbook
    with pytest.raises(SignedFileInvalid) as err:
        read(edited)
    from exports.consolidated.layout import FORMAT_VERSION
    reads = FORMAT_VERSION if kind == "consolidated" else 1
    assert "version 7" in str(err.value) and f"reads version {reads} only" in str(err.value)


def test_final_record_says_how_each_field_was_decided(rehearsal):
    """On agreed cases the workbook lists every concern raised with 'raised by k of n' and
    each reviewer's confidence, never one reviewer's as the panel's; the rule is in About
    and in the PDF."""
    from openpyxl import load_workbook
    from review.panel.record import RULE
    wb = load_workbook(rehearsal / "consolidated.xlsx")
    ws = wb["Final decisions"]
    col = {c.value: c.column_letter for c in ws[1]}
    reviews: dict[str, dict[str, tuple]] = {}
    rv = wb["Reviews"]
    rcol = {c.value: c.column_letter for c in rv[1]}
    for r in range(2, rv.max_row + 1):
        reviews.setdefault(rv[f"A{r}"].value, {})
        if rv[f"{rcol['Recusal reason']}{r}"].value:
            continue  # a recused reviewer is not among the n of "k of n"
        reviews[rv[f"A{r}"].value][rv[f"B{r}"].value] = (
            rv[f"{rcol['Concerns']}{r}"].value, rv[f"{rcol['Confidence']}{r}"].value)
    checked = 0
    for r in range(2, ws.max_row + 1):
        if ws[f"{col['Status']}{r}"].value != "Agreed":
            continue
        case = reviews[ws[f"A{r}"].value]
        n = len(case)
        decided = ws[f"{col['Category, actions and severity']}{r}"].value
        assert decided == f"Agreed by {n} of {n} reviewer{'s' if n != 1 else ''}"
        confidence = ws[f"{col['Each reviewer' + chr(39) + 's confidence']}{r}"].value
        assert confidence.split("\n") == [f"{rid}: {conf or '—'}" for rid, (_, conf)
                                          in sorted(case.items())]
        raised: dict[str, int] = {}
        for concerns, _ in case.values():
            for label in (concerns or "").split("; "):
                if label:
                    raised[label] = raised.get(label, 0) + 1
        cell = ws[f"{col['Concerns (raised by k of n reviewers)']}{r}"].value or ""
        assert sorted(cell.split("\n") if cell else []) == sorted(
            f"{label} (raised by {k} of {n})" for label, k in raised.items())
        checked += len({c for c, _ in case.values()}) > 1
    assert checked >= 1, "no agreed case whose reviewers' concerns differ"
    about = {row[0]: row[1] for row in wb["About"].iter_rows(values_only=True)}
    assert about["How each field was decided"] == RULE
    flat = " ".join(_pdftotext(rehearsal / "consolidated.pdf").split())
    assert " ".join(RULE.split()) in flat and "(raised by" in flat

"""Coordinator → New panel from a case list…, driven page by page (offscreen) from a messy
list made by the intake tests' generator, to bundles that open as ``bundle verify`` opens
them; a column's match and a value changed in the window take effect; Cancel leaves
nothing behind."""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtWidgets import QWizard

from review.atomic import TEMP_PREFIX
from review.bundle.contents import read_bundle
from review.identity import Identity, format_fingerprint, load_identity
from review.intake.mapping import value_key
from review.intake.parse import CASE_COLUMNS
from review.intake.template import suggest
from tests.review.intake.messy import MAPPING, messy_rows
from tests.review.intake.test_real_lists import write_xlsx
from ui.coordinator.new_panel.choices import mapping_path
from ui.coordinator.new_panel.wizard import NewPanelWizard
from ui.progress import Cancelled

PASSPHRASE = "new-panel-wizard-passphrase"
WORDS = {c.name: c.words for c in CASE_COLUMNS if c.words}


@dataclass
class Inputs:
    folder: Path
    cases: Path
    roster: Path
    coordinator: Identity
    conflicted: str        # the subject R1 declared, written in another case


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> Inputs:
    folder = tmp_path_factory.mktemp("new-panel")
    rows = messy_rows(240, seed=5, broken=False)
    cases = write_xlsx(folder / "messy.xlsx", rows)
    members = {f"R{i}": Identity.generate(f"Reviewer {i}") for i in (1, 2, 3)}
    for rid, ident in members.items():
        ident.save(folder / "identities" / rid, PASSPHRASE)
    subject = rows[1][1].strip()
    with open(folder / "roster.csv", "w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows([["Reviewer ID", "Name", "Certificate", "Conflicts"]] + [
            [rid, ident.name, f"identities/{rid}/cert.pem",
             subject.lower() if rid == "R1" else ""] for rid, ident in members.items()])
    coordinator = Identity.generate("Coordinator")
    coordinator.save(folder / "coordinator", PASSPHRASE)
    return Inputs(folder, cases, folder / "roster.csv", coordinator, subject)


def open_wizard(qtbot, inputs: Inputs, out: Path) -> NewPanelWizard:
    wizard = NewPanelWizard()
    qtbot.addWidget(wizard)
    wizard.show()
    page = wizard.files
    page.cases.setText(str(inputs.cases))
    page.roster.setText(str(inputs.roster))
    page.identity.setText(str(inputs.folder / "coordinator"))
    page.out.setText(str(out))
    return wizard


def label(field: str, ours: str) -> str:
    """Our label for a value the generator's MAPPING gives as a label or a code."""
    return suggest(WORDS[field], ours)[0]


def choose_columns(wizard: NewPanelWizard, columns: dict[str, str]) -> None:
    for header, field in columns.items():
        combo = wizard.columns.combos[header]
        combo.setCurrentIndex(combo.findData(None if field == "ignore" else field))


def choose_values(wizard: NewPanelWizard, values: dict[str, dict[str, str]]) -> None:
    for field, table in values.items():
        wanted = {value_key(k): label(field, v) for k, v in table.items()}
        for name, theirs, _, _ in wizard.values.combos:
            if name == field and value_key(theirs) in wanted:
                wizard.values.set_choice(field, theirs, wanted[value_key(theirs)])


def test_a_messy_list_becomes_verified_bundles_with_the_choices_made(qtbot, inputs, tmp_path):
    out = tmp_path / "bundles"
    wizard = open_wizard(qtbot, inputs, out)
    wizard.next()
    assert wizard.currentPage() is wizard.columns
    chosen = wizard.columns.chosen()
    # What the core recognised alone: Race is not taken for the ethnicity.
    assert chosen["Case Ref"] == "case_id" and chosen["Race"] is None
    rows = {wizard.columns.table.item(r, 1).text(): r
            for r in range(wizard.columns.table.rowCount())}
    assert wizard.columns.table.item(rows["Race"], 3).text() == "Ethnicity"   # the core's hint
    assert wizard.columns.combine.isChecked()           # case ids repeat: one row per allegation
    assert wizard.columns.preview.rowCount() == 8
    choose_columns(wizard, MAPPING["columns"])
    assert "ethnicity" in wizard.columns.preview.horizontalHeaderItem(5).text()
    wizard.back()                   # to the files and on again: the columns chosen stay
    wizard.next()
    assert wizard.columns.chosen()["Race"] == "ethnicity"
    wizard.next()
    assert wizard.currentPage() is wizard.values
    found = {(name, theirs) for name, theirs, _, _ in wizard.values.combos}
    assert ("ethnicity", "HISPANIC") in found and ("allegation_types", "Domestic Violence") in found
    values = {f: dict(t) for f, t in MAPPING["values"].items()}
    held_back = values["allegation_types"].pop("Domestic Violence")
    choose_values(wizard, values)
    wizard.next()
    # One value left as a problem: its rows are errors, and nothing can be written.
    page = wizard.problems
    assert wizard.currentPage() is page and page.plan is None
    kinds = {p.kind for p in page.problems if p.level == "error"}
    assert kinds == {"unknown_value"}
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    top = page.tree.topLevelItem(0)
    assert top.text(0) == "Errors" and int(top.text(1).replace(",", "")) == len(
        [p for p in page.problems if p.level == "error"])
    saved = page.save_problems(tmp_path / "problems.csv")
    with open(saved, encoding="utf-8-sig") as f:
        assert len(list(csv.DictReader(f))) == len(page.problems)
    wizard.back()
    wizard.values.set_choice("allegation_types", "Domestic Violence",
                             label("allegation_types", held_back))
    wizard.next()
    assert page.plan is not None, page.summary.text()
    assert not [p for p in page.problems if p.level == "error"]
    assert {"column_ignored", "subject_variants"} <= {p.kind for p in page.problems}
    wizard.next()
    assert wizard.currentPage() is wizard.assignment
    table = wizard.assignment.table
    assert [table.item(r, 0).text() for r in range(table.rowCount())] == ["R1", "R2", "R3"]
    assert "none given" in table.item(0, 4).text()
    assert [table.item(r, 5).text() for r in range(3)] == ["yes, with their certificate"] * 3
    assert "will be sealed for that member and you" in wizard.assignment.seal_note.text()
    assert not wizard.assignment.plain.isChecked()
    wizard.assignment.passphrase.setText(PASSPHRASE)
    wizard.button(QWizard.WizardButton.FinishButton).click()
    assert wizard.result is not None, wizard.assignment.outcome.text()

    fingerprint = inputs.coordinator.fingerprint
    whole = read_bundle(out / "panel.prb", fingerprint).contents
    assert len(whole.cases) == len(wizard.plan.cases) > 20
    assert any(c.ethnicity == "Other" for c in whole.cases)        # Race → ethnicity, HISPANIC
    assert any("domestic_abuse" in c.allegation_types for c in whole.cases)
    sealed = read_bundle(out / "R1.prb", fingerprint,
                         reader=load_identity(inputs.folder / "identities" / "R1", PASSPHRASE))
    assert sealed.sealed and wizard.result.sealed
    r1 = sealed.contents
    assert r1.cases and not [c for c in r1.cases
                             if c.subject_id.casefold() == inputs.conflicted.casefold()]
    # The mapping is kept beside the list, and offered the next time.
    kept = json.loads(mapping_path(inputs.cases).read_text(encoding="utf-8"))
    assert kept["columns"]["Race"] == "ethnicity" and kept["combine_rows"] is True
    again = open_wizard(qtbot, inputs, tmp_path / "again")
    assert not again.files.use_saved.isHidden() and again.files.use_saved.isChecked()
    again.next()
    assert again.columns.chosen()["Race"] == "ethnicity"
    mapping_path(inputs.cases).unlink()


def test_cancel_while_writing_leaves_nothing(qtbot, inputs, tmp_path, monkeypatch):
    out = tmp_path / "bundles"
    wizard = open_wizard(qtbot, inputs, out)
    wizard.files.use_saved.setChecked(False)
    wizard.next()
    choose_columns(wizard, MAPPING["columns"])
    wizard.next()
    choose_values(wizard, MAPPING["values"])
    wizard.next()
    assert wizard.problems.plan is not None
    wizard.next()
    calls = []

    def cancel_after_first_bundle(token):
        calls.append(1)
        if len(calls) == 2:     # one member's bundle is written in the temporary folder
            raise Cancelled()
    monkeypatch.setattr("ui.coordinator.new_panel.wizard.check", cancel_after_first_bundle)
    wizard.assignment.passphrase.setText(PASSPHRASE)
    wizard.button(QWizard.WizardButton.FinishButton).click()
    assert len(calls) == 2 and wizard.result is None
    assert wizard.currentPage() is wizard.assignment
    assert wizard.assignment.outcome.text() == "Cancelled: nothing was written."
    assert not out.exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(TEMP_PREFIX)]
    mapping_path(inputs.cases).unlink(missing_ok=True)


def test_a_wrong_passphrase_is_said_on_the_page_and_writes_nothing(qtbot, inputs, tmp_path):
    out = tmp_path / "bundles"
    wizard = open_wizard(qtbot, inputs, out)
    wizard.files.use_saved.setChecked(False)
    wizard.next()
    choose_columns(wizard, MAPPING["columns"])
    wizard.next()
    choose_values(wizard, MAPPING["values"])
    wizard.next()
    wizard.next()
    wizard.assignment.passphrase.setText("not-the-right-passphrase")
    wizard.button(QWizard.WizardButton.FinishButton).click()
    assert wizard.result is None and "passphrase" in wizard.assignment.outcome.text().lower()
    assert not out.exists()
    mapping_path(inputs.cases).unlink(missing_ok=True)


def test_a_member_without_a_certificate_stops_sealed_bundles_unless_unsealed_is_chosen(
        qtbot, inputs, tmp_path):
    from review.bundle.create import PLAIN_BUNDLES_WARNING
    roster = tmp_path / "roster.csv"
    with open(roster, "w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows([["Reviewer ID", "Name", "Certificate", "Fingerprint"]] + [
            [rid, f"Reviewer {rid[1]}", f"{inputs.folder}/identities/{rid}/cert.pem"
             if rid != "R2" else "", "" if rid != "R2" else format_fingerprint(
                 load_identity(inputs.folder / "identities" / rid, PASSPHRASE).fingerprint)]
            for rid in ("R1", "R2", "R3")])
    out = tmp_path / "bundles"
    wizard = open_wizard(qtbot, inputs, out)
    wizard.files.roster.setText(str(roster))
    wizard.files.use_saved.setChecked(False)
    wizard.next()
    choose_columns(wizard, MAPPING["columns"])
    wizard.next()
    choose_values(wizard, MAPPING["values"])
    wizard.next()
    assert wizard.problems.plan is not None, wizard.problems.summary.text()
    wizard.next()
    page = wizard.assignment
    assert [page.table.item(r, 5).text() for r in range(3)] == [
        "yes, with their certificate", "NO CERTIFICATE", "yes, with their certificate"]
    assert ("The reviewer R2 has no certificate, so their bundle cannot be sealed for them: "
            "ask them to run 'panel-review identity show --export-certificate FILE'"
            ) in page.seal_note.text()
    assert "R1 has no" not in page.seal_note.text()
    page.passphrase.setText(PASSPHRASE)
    finish = wizard.button(QWizard.WizardButton.FinishButton)
    assert not finish.isEnabled() and not out.exists()
    page.plain.setChecked(True)                 # the deliberate choice, with its warning
    assert page.seal_note.text() == PLAIN_BUNDLES_WARNING and finish.isEnabled()
    finish.click()
    assert wizard.result is not None and not wizard.result.sealed, page.outcome.text()
    assert not read_bundle(out / "R1.prb", inputs.coordinator.fingerprint).sealed
    mapping_path(inputs.cases).unlink(missing_ok=True)


def test_rows_with_errors_can_be_left_out_in_the_open(qtbot, tmp_path, inputs):
    broken = write_xlsx(tmp_path / "broken.xlsx", messy_rows(240, seed=5))
    wizard = open_wizard(qtbot, inputs, tmp_path / "bundles")
    wizard.files.cases.setText(str(broken))
    wizard.next()
    choose_columns(wizard, MAPPING["columns"])
    wizard.next()
    choose_values(wizard, MAPPING["values"])
    wizard.back()                               # to the columns and back: choices stay
    wizard.next()
    [hispanic] = [combo for name, theirs, _, combo in wizard.values.combos
                  if (name, theirs) == ("ethnicity", "HISPANIC")]
    assert hispanic.currentData() == "Other"
    wizard.next()
    page = wizard.problems
    errors = {p.kind for p in page.problems if p.level == "error"}
    assert page.plan is None and {"date_out_of_range", "unknown_value", "not_a_date"} <= errors
    page.leave_out.setChecked(True)
    assert page.plan is not None and page.plan.left_out
    left = [p for p in page.problems if p.kind == "row_left_out"]
    assert len(left) == len({x["row"] for x in page.plan.left_out})
    assert "rows with errors are left out" in page.summary.text()
    assert wizard.button(QWizard.WizardButton.NextButton).isEnabled()


def test_the_file_and_coordinator_menus_open_the_window(make_window, qtbot):
    window = make_window()
    names = [a.objectName() for a in window.menus["File"].actions()]
    assert "action_coordinator_new_panel" in names
    assert window.coordinator_actions["coordinator_new_panel"] in window.coordinator_menu.actions()
    window.coordinator_actions["coordinator_new_panel"].trigger()
    [wizard] = window.findChildren(NewPanelWizard)
    assert wizard.isVisible() and wizard.currentPage() is wizard.files
    for typed in ("/", "/tmp/", "/tmp/x.xlsx"):    # as typed, letter by letter: no error
        wizard.files.cases.setText(typed)
    assert wizard.files.use_saved.isHidden()
    wizard.reject()
    qtbot.waitUntil(lambda: not window.findChildren(NewPanelWizard))   # gone, and its passphrase


def test_cancel_stops_a_slow_step_from_the_progress_dialog(qtbot):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QProgressDialog, QWidget
    from ui.coordinator.new_panel.background import check, run_in_background
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    steps = []

    def slow(token, report):
        import time
        for n in range(600):        # 30 s unless cancelled
            check(token)
            report(n, 600)
            steps.append(n)
            time.sleep(0.05)

    def press_cancel():
        dialogs = parent.findChildren(QProgressDialog)
        if not dialogs:
            QTimer.singleShot(100, press_cancel)
            return
        from PySide6.QtWidgets import QPushButton
        [button] = [b for b in dialogs[0].findChildren(QPushButton) if b.text() == "Cancel"]
        button.click()
    QTimer.singleShot(600, press_cancel)
    with pytest.raises(Cancelled):
        run_in_background(parent, "Test", "Working\u2026", slow, steps=True)
    assert 5 < len(steps) < 100
    assert not parent.findChildren(QProgressDialog)


def test_a_case_list_that_cannot_be_read_is_said_and_the_page_stays(qtbot, inputs, tmp_path,
                                                                    errors):
    wizard = open_wizard(qtbot, inputs, tmp_path / "bundles")
    wizard._busy = True             # a step still running: a second Next does nothing
    wizard.next()
    assert wizard.currentPage() is wizard.files and not errors
    wizard._busy = False
    wizard.files.cases.setText(str(tmp_path / "missing.xlsx"))
    wizard.next()
    assert wizard.currentPage() is wizard.files
    assert len(errors) == 1 and "missing.xlsx" in errors[0] and "does not exist" in errors[0]


def test_more_reviewers_per_case_than_the_roster_has_is_said_on_the_problems_page(
        qtbot, inputs, tmp_path):
    wizard = open_wizard(qtbot, inputs, tmp_path / "bundles")
    wizard.files.use_saved.setChecked(False)
    wizard.files.per_case.setValue(4)
    wizard.next()
    choose_columns(wizard, MAPPING["columns"])
    wizard.next()
    choose_values(wizard, MAPPING["values"])
    wizard.next()
    page = wizard.problems
    assert page.plan is None and "only 3" in page.summary.text()
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    mapping_path(inputs.cases).unlink(missing_ok=True)

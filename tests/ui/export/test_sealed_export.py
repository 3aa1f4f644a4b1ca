"""File → Export signed PDF and Excel, sealed: one .prs for the bundle's coordinator and the
member by default, plain signed files only as the member's choice (through the real window,
dialogs answered as in test_dialog)."""

from __future__ import annotations

import pytest

from review.identity import Identity
from tests.ui.export.test_dialog import (ID_PASS, _export, _leftovers, answers,  # noqa: F401
                                         identity_dir, out_dir)


def test_the_export_is_sealed_by_default_for_the_coordinator_and_the_member(  # noqa: F811
        opened, qtbot, answers, errors, out_dir, identity_dir, app_home):
    from exports.sealed_return import open_return
    from exports.xlsx.verify import verify_workbook_bytes
    from review.demo.bundle import demo_coordinator
    from review.identity import load_identity
    coordinator = demo_coordinator()       # signed the demo bundle; its certificate came with it
    answers.sealing = "sealed"
    answers.target = out_dir / "my export"  # no suffix typed: .prs is added
    outcome = _export(qtbot, opened)
    assert errors == [] and "error" not in outcome, (errors, outcome)
    assert answers.sealing_asked == [(coordinator.name, None)]
    assert answers.default.parent == app_home / "Documents" / "Panel Review"
    assert answers.default.suffix == ".prs"
    assert answers.default.stem.startswith("Demo Reviewer 1 \u2013 DEMO panel reassessment")
    result = outcome["result"]
    sealed = out_dir / "my export.prs"
    assert result.sealed_path == sealed and result.pdf_path is None and result.xlsx_path is None
    assert _leftovers(out_dir) == ["my export.prs"]      # nothing else, nothing in clear
    for reader in (coordinator, load_identity(identity_dir, ID_PASS)):
        inside = open_return(sealed.read_bytes(), reader, sealed.name)
        assert sorted(inside) == ["my export.pdf", "my export.xlsx"]
        assert verify_workbook_bytes(inside["my export.xlsx"], sealed).case_count == 48
    stranger = Identity.generate("Someone Else")
    with pytest.raises(Exception, match="is sealed for the coordinator, .*Demo Reviewer 1"):
        open_return(sealed.read_bytes(), stranger, sealed.name)
    text = opened.exports.result_dialog.text()
    assert "Your sealed export is ready" in text and "my export.prs" in text
    assert f"the coordinator, {coordinator.name}" in text and "Demo Reviewer 1" in text
    assert "my export.pdf" in text and "my export.xlsx" in text
    assert "only the people it is sealed for can open it" in text
    assert opened.exports.result_dialog.folder == out_dir
    opened.exports.result_dialog.close()
    # The folder is remembered for the next export, sealed or not.
    answers.target = None
    _export(qtbot, opened)
    assert answers.default.parent == out_dir and answers.default.suffix == ".prs"


def test_without_the_coordinator_certificate_only_plain_files_with_the_reason(
        opened, qtbot, answers, errors, out_dir, monkeypatch):
    import dataclasses
    from exports import service
    real = service.collect_export_data
    monkeypatch.setattr(service, "collect_export_data",
                        lambda ws, **k: dataclasses.replace(real(ws, **k), coordinator_cert=""))
    answers.sealing = "sealed"      # asked for, but not possible: the box offers plain only
    outcome = _export(qtbot, opened)
    [(_, why_not)] = answers.sealing_asked
    assert "does not hold the coordinator's certificate" in why_not
    assert outcome.get("result") is not None and outcome["result"].sealed_path is None
    assert _leftovers(out_dir) == ["my export.pdf", "my export.xlsx"]
    text = opened.exports.result_dialog.text()
    assert "NOT sealed: anyone who gets them can read them" in text
    opened.exports.result_dialog.close()


def test_the_sealing_question_offers_plain_files_only_with_the_warning(qtbot):
    from ui.export.dialogs import PLAIN_EXPORT_WARNING, sealing_box
    box, sealed, plain = sealing_box(None, "Dr <b>A</b>", None)
    qtbot.addWidget(box)
    assert box.defaultButton() is sealed and "Seal for the coordinator" in sealed.text()
    assert "Save &plain signed files instead" in plain.text()
    assert "only the coordinator, Dr <b>A</b>, and you can open" in box.text()
    assert PLAIN_EXPORT_WARNING in box.text() and box.textFormat().name == "PlainText"
    box, sealed, plain = sealing_box(None, "Dr A", "This workspace does not hold the "
                                     "coordinator's certificate, so it cannot be sealed.")
    qtbot.addWidget(box)
    assert sealed is None and box.defaultButton() is plain
    assert box.text().startswith("This workspace does not hold") and PLAIN_EXPORT_WARNING in box.text()

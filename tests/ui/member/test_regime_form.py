"""The decision form offers what the law applies to the case on screen, says
which regime or procedure that is and why, and keeps an action recorded
under the earlier rule visible until the member removes it."""

from __future__ import annotations

import json

from review.decisions import Decision, actions_for
from tests.ui.ui_helpers import wait_idle

STAFF_OUTCOMES = ["further_inquiry", "refer_iopc", "misconduct_proceedings", "management_action",
                  "written_warning", "final_written_warning", "dismissal", "vetting_review",
                  "safeguarding_referral", "barred_list_check", "no_further_action"]


def _open(qtbot, window, *, regime: str | None = None, role: str | None = None) -> str:
    """Open the first case of ``regime`` (the list's filter) and ``role``."""
    lst = window.review.list
    combo = lst.combos["regime"]
    combo.setCurrentIndex(combo.findData(regime))
    row = next(i for i in range(lst.model.rowCount())
               if role is None or lst.model.case_at(i).role == role)
    lst.select_row(row)
    case_id = lst.model.case_at(row).case_id
    qtbot.waitUntil(lambda: window.review.current_case_id == case_id, timeout=10_000)
    wait_idle(qtbot, window)
    return case_id


def _visible_labels(form) -> list[str]:
    return [b.text() for b in form.action_boxes.values()]


def test_a_staff_case_offers_the_staff_procedure_outcomes(opened, qtbot):
    form = opened.review.form
    _open(qtbot, opened, regime="staff")
    assert list(form.action_boxes) == STAFF_OUTCOMES
    assert "regulation_13" not in form.action_boxes and "rprp" not in form.action_boxes
    assert form.actions_box.title() == \
        "Recommended actions \u2014 Police staff misconduct procedure"
    assert form.regime_line.text() == ("Police staff misconduct procedure: police staff are not "
                                       "under the Conduct Regulations.")
    assert "Final written warning" in _visible_labels(form)
    header = opened.review.case_view.browser.toPlainText()
    assert ("Procedure: Police staff misconduct procedure (police staff are not under the "
            "Conduct Regulations)") in header
    assert "Regulations:" not in header
    guidance = opened.review.guidance.toPlainText()
    assert "Procedure for this case" in guidance and "police staff misconduct procedure" in guidance
    assert "Regulations for this case" not in guidance


def test_regulation_13_is_offered_on_a_probationers_case_only(opened, qtbot):
    form = opened.review.form
    _open(qtbot, opened, regime="2012", role="probationer")
    assert "regulation_13" in form.action_boxes
    assert "Regulation 13 review (probationers)" in _visible_labels(form)
    _open(qtbot, opened, regime="2012", role="officer")
    assert "regulation_13" not in form.action_boxes
    assert list(form.action_boxes) == list(actions_for("2012", "officer"))


def test_a_2004_case_offers_the_2004_outcomes_and_says_why(opened, qtbot):
    form = opened.review.form
    case_id = _open(qtbot, opened, regime="2004")
    case = opened.review.case_view.case
    assert case.case_id == case_id and case.regime == "2004"
    assert form.actions_box.title() == \
        "Recommended actions \u2014 Police (Conduct) Regulations 2004"
    labels = _visible_labels(form)
    for label in ("Misconduct hearing", "Management action or advice", "Written warning",
                  "Caution", "Reprimand", "Fine", "Reduction in rank", "Requirement to resign",
                  "Dismissal"):
        assert label in labels
    assert "rprp" not in form.action_boxes and "misconduct_proceedings" not in form.action_boxes
    assert form.severity_label.isHidden()  # no gross misconduct before 2008
    assert form.regime_line.text() == case.regime_line
    assert form.regime_line.text().startswith("2004 Regulations: ")
    assert "Regulations: Police (Conduct) Regulations 2004 (" in \
        opened.review.case_view.browser.toPlainText()
    assert "1 December 2008" in opened.review.guidance.toPlainText()


def test_a_2020_case_offers_practice_requiring_improvement_not_management_action(opened, qtbot):
    form = opened.review.form
    _open(qtbot, opened, regime="2020")
    assert {"rprp", "practice_requiring_improvement"} <= set(form.action_boxes)
    assert "management_action" not in form.action_boxes
    assert "Reflective practice review process (RPRP)" in _visible_labels(form)
    assert not form.severity_label.isHidden()
    assert form.regime_line.text().startswith("2020 Regulations: ")


def _store(qtbot, window, fn):
    out = []
    window.db.with_ws(fn, out.append)
    qtbot.waitUntil(lambda: bool(out), timeout=10_000)
    return out[0]


def test_an_action_recorded_under_the_earlier_rule_stays_until_the_member_removes_it(
        opened, qtbot):
    form = opened.review.form
    case_id = _open(qtbot, opened, regime="2020")
    earlier = Decision(category="new_assessment", actions=("management_action", "vetting_review"),
                       rationale="The vetting was never reviewed after the first report.",
                       confidence="high")
    # As a workspace saved under the conduct-date rule holds it (the store's
    # checks would refuse it now).
    _store(qtbot, opened, lambda ws: ws.decisions._commit(case_id, earlier))
    _open(qtbot, opened, regime="2012")
    _open(qtbot, opened, regime="2020")
    box = form.action_boxes["management_action"]
    assert box.isChecked() and box.text() == ("Management action or advice \u2014 recorded "
                                              "under the earlier rule")
    assert form.kept == ("management_action",)
    assert opened.review.controller.finalise() is False
    assert "recorded under the earlier rule" in form.errors["actions"].text()
    # Editing something else saves, and keeps it.
    qtbot.keyClicks(form.rationale, " Still open.")
    qtbot.waitUntil(lambda: "Saved" in form.saved_state.text(), timeout=10_000)
    saved = _store(qtbot, opened, lambda ws: ws.decisions.get(case_id).decision)
    assert saved.actions == ("management_action", "vetting_review")
    # Unticking it removes it; then the decision can be finalised.
    box.click()
    qtbot.waitUntil(lambda: _store(qtbot, opened, lambda ws: ws.decisions.get(
        case_id).decision.actions) == ("vetting_review",), timeout=10_000)
    assert form.kept == ()
    assert opened.review.controller.finalise() is not False
    qtbot.waitUntil(lambda: _store(qtbot, opened, lambda ws: ws.decisions.get(
        case_id).decision.status) == "final", timeout=10_000)
    history = _store(qtbot, opened, lambda ws: [json.loads(e.payload)["actions"]
                                                for e in ws.decisions.history(case_id)])
    assert history[0] == ["management_action", "vetting_review"]


def test_the_guidance_follows_the_regime_there_and_back(opened, qtbot):
    """Each regime's guidance is kept once made: back on a regime, its own text, in
    the panel's font, and nothing of the regime before."""
    guidance = opened.review.guidance
    _open(qtbot, opened, regime="staff")
    staff = guidance.toPlainText()
    assert "Procedure for this case" in staff and "Regulations for this case" not in staff
    _open(qtbot, opened, regime="2004")
    assert "1 December 2008" in guidance.toPlainText()
    assert "Procedure for this case" not in guidance.toPlainText()
    _open(qtbot, opened, regime="staff")
    assert guidance.toPlainText() == staff
    assert guidance.document().defaultFont() == guidance.font()

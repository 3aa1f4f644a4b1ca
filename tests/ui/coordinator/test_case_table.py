"""The coordinator's case table and adjudication form, driven through the window on a
rehearsed panel: search, Next disagreement, Ctrl+1/2/3, "Start from this reviewer's
answer", the rule for "agreed", and the form beside the comparison at 1366x768."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from review.panel.merge import COMPARED_FIELDS, DECIDING_FIELDS
from review.panel.record import RULE
from tests.ui.test_keyboard import CTRL, SHIFT, press
from tests.ui.ui_helpers import wait_idle
from ui.coordinator.model import FIELD_LABELS


def rows(cases):
    return [cases.model.case_at(i) for i in range(cases.model.rowCount())]


def wait_case(qtbot, window, case_id):
    cases = window.coordinator.cases
    qtbot.waitUntil(lambda: cases.detail is not None and cases.detail.case.case_id == case_id,
                    timeout=10_000)
    wait_idle(qtbot, window)


def test_search_narrows_the_table_and_ctrl_f_reaches_it(coordinator, qtbot):
    cases = coordinator.coordinator.cases
    everything = rows(cases)
    some = everything[5]
    press(qtbot, coordinator, Qt.Key.Key_F)
    assert cases.search.hasFocus()
    QTest.keyClicks(cases.search, some.case_id.lower())
    assert [r.case_id for r in rows(cases)] == [some.case_id]
    assert "1 of 14 cases shown matching the search" in cases.overview.count_note.text()
    cases.search.setText("disagreement")
    assert rows(cases) and all(r.status == "disagreement" for r in rows(cases))
    assert len(rows(cases)) == sum(r.status == "disagreement" for r in everything)
    name = cases.names["R02"].split()[-1]  # a reviewer found by name, any case
    cases.search.setText(name.upper())
    assert [r.case_id for r in rows(cases)] == [r.case_id for r in everything
                                                if "R02" in r.assigned]
    cases.search.setText("no such thing")
    assert rows(cases) == []
    cases.search.clear()
    assert len(rows(cases)) == 14


def test_next_disagreement_walks_the_open_disagreements_and_clears_a_hiding_filter(
        coordinator, qtbot):
    cases = coordinator.coordinator.cases
    open_ones = [r.case_id for r in rows(cases) if r.status == "disagreement"]
    assert len(open_ones) >= 2, "the rehearsal should leave disagreements to adjudicate"
    seen = []
    for _ in open_ones:
        before = cases.current_case_id
        press(qtbot, coordinator, Qt.Key.Key_D, CTRL | SHIFT)
        qtbot.waitUntil(lambda: cases.current_case_id != before, timeout=10_000)
        seen.append(cases.current_case_id)
    assert sorted(seen) == sorted(open_ones)  # each once, in table order, wrapping round
    cases.strip.buttons["agreed"].click()
    assert all(r.status == "agreed" for r in rows(cases))
    press(qtbot, coordinator, Qt.Key.Key_D, CTRL | SHIFT)
    qtbot.waitUntil(lambda: cases.detail.status == "disagreement", timeout=10_000)
    assert cases.model.status_filter is None and len(rows(cases)) == 14


def test_ctrl_digits_choose_the_adjudicated_category(coordinator, qtbot):
    cases = coordinator.coordinator.cases
    target = next(r.case_id for r in rows(cases) if r.status == "disagreement")
    cases.show_case(target)
    wait_case(qtbot, coordinator, target)
    cases.form.rationale.setFocus()  # typing the rationale: the keys still reach the form
    for key, code in ((Qt.Key.Key_3, "formal_risk_management"), (Qt.Key.Key_1,
                      "no_formal_action"), (Qt.Key.Key_2, "new_assessment")):
        press(qtbot, coordinator, key)
        assert cases.form.category_buttons[code].isChecked()
        said = cases.form.agreement.text()  # of the adjudication, not of "you"
        assert said.startswith(("\u2713 The adjudication agrees", "\u2260 The adjudication differs"))
    done = next(r.case_id for r in rows(cases) if r.status == "adjudicated")
    cases.show_case(done)
    wait_case(qtbot, coordinator, done)
    before = cases.form.decision().category
    other = next(c for c in cases.form.category_buttons if c != before)
    press(qtbot, coordinator, {"no_formal_action": Qt.Key.Key_1, "new_assessment": Qt.Key.Key_2,
                               "formal_risk_management": Qt.Key.Key_3}[other])
    assert cases.form.decision().category == before  # recorded: Revise first


def test_start_from_a_reviewers_answer_then_record_it(coordinator, qtbot):
    cases = coordinator.coordinator.cases
    target = next(r.case_id for r in rows(cases) if r.status == "disagreement")
    cases.show_case(target)
    wait_case(qtbot, coordinator, target)
    offered = [cases.start_from.reviewer.itemData(i)
               for i in range(cases.start_from.reviewer.count())]
    assert offered == sorted(rid for rid, d in cases.detail.reviews.items()
                             if d is not None and not d.recused)
    for i, rid in enumerate(offered):
        cases.start_from.reviewer.setCurrentIndex(i)
        qtbot.mouseClick(cases.start_from.button, Qt.MouseButton.LeftButton)
        review, got = cases.detail.reviews[rid], cases.form.decision()
        assert (got.category, set(got.actions), got.severity, set(got.concerns),
                got.confidence, got.rationale) == (
            review.category, set(review.actions), review.severity, set(review.concerns),
            review.confidence, review.rationale)
        assert not cases.form.locked
    chosen = cases.detail.reviews[offered[-1]]
    qtbot.mouseClick(cases.form.record_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: cases.detail.adjudication is not None, timeout=10_000)
    assert cases.detail.adjudication.decision.category == chosen.category
    assert cases.form.locked and not cases.start_from.button.isEnabled()
    qtbot.mouseClick(cases.form.revise_button, Qt.MouseButton.LeftButton)
    assert cases.start_from.button.isEnabled()


def test_legend_names_the_fields_that_make_a_case_agreed(coordinator):
    legend = coordinator.coordinator.cases.overview.legend
    text = legend.text()
    agreed, _, rest = text.partition(". ")
    for field in DECIDING_FIELDS:
        assert FIELD_LABELS[field].lower() in agreed
    for field in set(COMPARED_FIELDS) - set(DECIDING_FIELDS):
        assert FIELD_LABELS[field].lower() not in agreed and FIELD_LABELS[field].lower() in rest
    assert legend.toolTip() == RULE and legend.isVisible()


def test_the_form_stands_beside_the_comparison_at_1366x768(coordinator, qtbot):
    coordinator.resize(1366, 768)
    cases = coordinator.coordinator.cases
    target = next(r.case_id for r in rows(cases) if r.status == "disagreement")
    cases.show_case(target)
    wait_case(qtbot, coordinator, target)
    qtbot.wait(50)

    def box(widget):
        top_left = widget.mapTo(coordinator, QPoint(0, 0))
        return top_left.x(), top_left.y(), widget.width(), widget.height()

    cx, cy, cw, ch = box(cases.scroll)
    fx, fy, fw, fh = box(cases.form_scroll)
    assert fx >= cx + cw and abs(fy - cy) < 5  # side by side, level
    assert fx + fw <= coordinator.width() and fy + fh <= coordinator.height()
    assert cw >= 300 and fw >= 380 and ch >= 300
    assert cases.form_scroll.horizontalScrollBar().maximum() == 0  # the form fits its width
    table = cases.comparison.table  # every reviewer's name is read whole in the header
    metrics = table.horizontalHeader().fontMetrics()
    for col, rid in enumerate(cases.comparison.reviewers):
        text = table.horizontalHeaderItem(col).text()
        assert rid in text and text.replace("\n", " ").startswith(cases.names[rid])
        assert max(metrics.horizontalAdvance(line) for line in text.split("\n")) \
            < table.columnWidth(col) - 4
    category = next(iter(cases.form.category_buttons.values()))
    assert category.isVisible() and cases.comparison.table.isVisible()

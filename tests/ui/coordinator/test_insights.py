"""The coordinator's Insights tab: F10 opens it, its figures are the analysis's, and a click
on a bar shows exactly the cases behind it in the Cases tab."""

from __future__ import annotations

from PySide6.QtCore import Qt

from review.insights.analysis import analyse
from review.insights.selection import group_cases
from tests.ui.coordinator.test_mode import coord_window, panel  # noqa: F401  (fixtures)
from tests.ui.ui_helpers import wait_idle


def test_insights_tab_shows_the_analysis_and_opens_the_cases_behind_a_bar(coord_window, qtbot):
    from PySide6.QtTest import QTest
    from ui.coordinator.actions import TAB_CASES, TAB_INSIGHTS
    window = coord_window
    page = window.coordinator
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5_000)
    QTest.keyClick(window.focusWidget() or window, Qt.Key.Key_F10)
    assert page.tabs.currentIndex() == TAB_INSIGHTS
    view = page.insights.panel
    qtbot.waitUntil(lambda: view.insights is not None, timeout=10_000)
    done = []
    window.db.with_ws(lambda ws: (list(ws.iter_cases()), {
        cid: d for cid, (_, d) in ws.final_decisions().items()}), done.append)
    qtbot.waitUntil(lambda: bool(done), timeout=10_000)
    cases, decisions = done[0]
    expected = analyse(cases, decisions)
    assert view.insights.decided == expected.decided
    assert f"on {expected.decided:,} of {len(cases):,} cases" in view.scope.text()
    # the Met's own formal action reads every case, so it has bars before any review is in
    view.dimension.setCurrentIndex(view.dimension.findData("role"))
    chart = view.rate_charts["met_formal"]
    assert chart.table.dimension.key == "role"
    row = next(i for i, r in enumerate(chart.table.rows) if chart.clickable(i))
    group = chart.table.rows[row]
    wanted = group_cases(cases, decisions, "role", group.value, "met_formal")
    assert len(wanted) == group.rate.k > 0
    chart.setFocus()
    for _ in range(row + 1):
        QTest.keyClick(chart, Qt.Key.Key_Down)
    QTest.keyClick(chart, Qt.Key.Key_Return)
    wait_idle(qtbot, window)
    assert page.tabs.currentIndex() == TAB_CASES
    model = page.cases.model
    assert sorted(model.case_at(i).case_id for i in range(model.rowCount())) == sorted(wanted)
    assert page.cases.only_bar.isVisible()
    assert group.label in page.cases.only_label.text()
    page.cases.only_clear.click()
    assert model.rowCount() == len(cases) and not page.cases.only_bar.isVisible()


def test_a_suppressed_group_cannot_be_clicked(coord_window, qtbot):
    view = coord_window.coordinator.insights.panel
    coord_window.coordinator.tabs.setCurrentIndex(3)
    qtbot.waitUntil(lambda: view.insights is not None, timeout=10_000)
    chart = view.rate_charts["met_formal"]
    small = [i for i, r in enumerate(chart.table.rows) if r.rate.suppressed]
    assert small  # 24 cases: most groups are under ten
    assert not any(chart.clickable(i) for i in small)

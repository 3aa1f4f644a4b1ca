"""The built-in demo at full size: 1,131 synthetic cases, marked DEMO."""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import Qt

from tests.ui.ui_helpers import wait_idle


@pytest.mark.slow
def test_full_demo_opens_from_the_welcome_page(make_window, qtbot, passphrases, app_home):
    window = make_window()
    qtbot.mouseClick(window.welcome.demo_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.review.current_case_id is not None, timeout=90_000)
    wait_idle(qtbot, window)
    model = window.review.list.model
    assert model.rowCount() == 1131
    assert "DEMO" in window.windowTitle() and window.demo_banner.isVisible()
    assert "Decided 0 of 1,131" in window.progress_label.text()
    assert (app_home / "demo" / "demo-1131.prb").is_file()
    assert [r.met_category for r in model.all_rows()].count("new_assessment") == 689
    # Sorting and filtering 1,131 rows stays well inside a frame or two.
    started = time.perf_counter()
    window.review.list.table.sortByColumn(7, Qt.SortOrder.DescendingOrder)
    combo = window.review.list.combos["age"]
    combo.setCurrentIndex(combo.findData("over_two_years"))
    assert time.perf_counter() - started < 0.25
    assert all(model.case_at(i).days > 730 for i in range(model.rowCount()))

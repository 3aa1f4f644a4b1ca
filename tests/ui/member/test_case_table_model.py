"""The case list model: Qt's model checks, native sorting, in-model filters."""

from __future__ import annotations

from PySide6.QtCore import QPersistentModelIndex, Qt

from review.workspace.database import Workspace
from tests.ui.ui_helpers import PASSPHRASE
from ui.member.case_rows import load_row, load_rows
from ui.member.case_table_model import (CASE_ID_ROLE, COL_CASE, COL_DAYS, COL_MET, COL_REPORTED,
                                 COL_STATUS, SORT_ROLE, CaseFilter, CaseTableModel)


def _rows(tmp_path, bundle, decide=True):
    with Workspace.create(tmp_path / "m.prw", PASSPHRASE, bundle) as ws:
        if decide:
            from review.demo.simulate import simulate
            simulate(ws, seed=3)
        return load_rows(ws), ws.decisions.states()


def test_model_passes_qt_model_checks(qapp, qtmodeltester, tmp_path, ui_bundle):
    rows, _ = _rows(tmp_path, ui_bundle)
    model = CaseTableModel()
    model.set_rows(rows)
    qtmodeltester.check(model, force_py=True)
    model.sort(COL_DAYS, Qt.SortOrder.DescendingOrder)
    model.set_filter(CaseFilter(met_category="new_assessment"))
    qtmodeltester.check(model, force_py=True)


def test_rows_match_the_store(tmp_path, ui_bundle):
    rows, states = _rows(tmp_path, ui_bundle)
    assert [r.case_id for r in rows] == list(states)
    assert {r.case_id: r.state for r in rows} == states
    assert any(r.repeat_subject for r in rows) and any(r.days > 400 for r in rows)


def test_sorting_uses_native_values_and_keeps_the_current_case(qapp, tmp_path, ui_bundle):
    rows, _ = _rows(tmp_path, ui_bundle)
    model = CaseTableModel()
    model.set_rows(rows)
    keep = QPersistentModelIndex(model.index(5, COL_CASE))
    case_id = keep.data(CASE_ID_ROLE)
    model.sort(COL_DAYS, Qt.SortOrder.AscendingOrder)
    days = [model.index(i, COL_DAYS).data(SORT_ROLE) for i in range(model.rowCount())]
    assert all(isinstance(d, int) for d in days) and days == sorted(days)
    # Display strings would sort "1,020" before "98"; native ints do not.
    assert keep.data(CASE_ID_ROLE) == case_id and keep.row() == model.row_of(case_id)
    model.sort(COL_REPORTED, Qt.SortOrder.DescendingOrder)
    dates = [model.case_at(i).reported for i in range(model.rowCount())]
    assert dates == sorted(dates, reverse=True)
    model.sort(COL_STATUS, Qt.SortOrder.AscendingOrder)
    order = {"not_started": 0, "draft": 1, "final": 2, "recused": 3}
    states = [order[model.case_at(i).state] for i in range(model.rowCount())]
    assert states == sorted(states)


def test_each_filter_keeps_exactly_the_matching_rows(qapp, tmp_path, ui_bundle):
    rows, _ = _rows(tmp_path, ui_bundle)
    model = CaseTableModel()
    model.set_rows(rows)
    checks = {
        CaseFilter(met_category="formal_risk_management"):
            lambda r: r.met_category == "formal_risk_management",
        CaseFilter(state="draft"): lambda r: r.state == "draft",
        CaseFilter(allegation="sexual_misconduct"): lambda r: "sexual_misconduct" in r.allegations,
        CaseFilter(concern="repeat_subject"): lambda r: "repeat_subject" in r.concerns,
        CaseFilter(regime="2012"): lambda r: r.regime == "2012",
        CaseFilter(repeat_subject=True): lambda r: r.subject_cases > 1,
        CaseFilter(repeat_subject=False): lambda r: r.subject_cases == 1,
        CaseFilter(age="over_400"): lambda r: r.days > 400,
        CaseFilter(age="over_two_years"): lambda r: r.days > 730,
        CaseFilter(age="under_400"): lambda r: r.days <= 400,
        CaseFilter(search_ids=frozenset({rows[0].case_id, rows[3].case_id})):
            lambda r: r.case_id in {rows[0].case_id, rows[3].case_id},
    }
    for f, keep in checks.items():
        model.set_filter(f)
        shown = {model.index(i, 0).data(CASE_ID_ROLE) for i in range(model.rowCount())}
        assert shown == {r.case_id for r in rows if keep(r)}, f
    model.set_filter(CaseFilter())
    assert model.rowCount() == len(rows)


def test_a_saved_decision_refreshes_its_row_only(tmp_path, ui_bundle, qtbot):
    from review.decisions import Decision
    with Workspace.create(tmp_path / "m.prw", PASSPHRASE, ui_bundle) as ws:
        model = CaseTableModel()
        model.set_rows(load_rows(ws))
        model.set_filter(CaseFilter(state="not_started"))
        target = model.case_at(2).case_id
        ws.decisions.save(target, Decision(category="new_assessment"))
        with qtbot.waitSignal(model.dataChanged) as blocker:
            model.update_row(load_row(ws, target))
        assert blocker.args[0].row() == 2 and blocker.args[1].row() == 2
        # It stays in view under the filter while the person works on it.
        assert model.case_at(2).state == "draft"
        assert model.index(2, COL_MET).data(Qt.ItemDataRole.BackgroundRole) is not None


def test_search_hits_filter_the_sorted_list_by_position_as_by_case_id(qapp, tmp_path, ui_bundle):
    from ui.member.case_list import CaseListPane
    with Workspace.create(tmp_path / "m.prw", PASSPHRASE, ui_bundle) as ws:
        rows, hits = load_rows(ws), ws.search("complainant")
    assert 0 < len(hits) < len(rows) and hits.positions
    shown = {}
    for name, result in (("positions", hits), ("case ids", list(hits))):
        pane = CaseListPane()
        pane.model.set_rows(rows)
        pane.table.horizontalHeader().setSortIndicator(COL_DAYS, Qt.SortOrder.DescendingOrder)
        pane.search.setText("complainant")
        pane.set_search_result("complainant", result)
        shown[name] = [pane.model.case_at(i).case_id for i in range(pane.model.rowCount())]
    assert shown["positions"] == shown["case ids"]
    by_days = sorted((r for r in rows if r.case_id in set(hits)), key=lambda r: (r.days, r.position),
                     reverse=True)
    assert shown["positions"] == [r.case_id for r in by_days]


def test_a_saved_row_is_resorted_on_the_next_filter_change(tmp_path, ui_bundle, qapp):
    from review.decisions import Decision
    with Workspace.create(tmp_path / "m.prw", PASSPHRASE, ui_bundle) as ws:
        model = CaseTableModel()
        model.set_rows(load_rows(ws))
        model.sort(COL_STATUS, Qt.SortOrder.AscendingOrder)
        target = model.case_at(0).case_id
        ws.decisions.save(target, Decision(category="new_assessment"))
        model.update_row(load_row(ws, target))
        assert model.case_at(0).case_id == target  # stays put while worked on
        model.set_filter(CaseFilter())
        states = [model.case_at(i).state for i in range(model.rowCount())]
        assert model.row_of(target) == states.index("draft")

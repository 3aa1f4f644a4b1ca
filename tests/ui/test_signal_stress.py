"""Thousands of signals in one process (PySide6 6.12.0 on CPython 3.11 aborted
after a few hundred: it dropped a reference to True on every emit)."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal, Slot

from ui.member.case_rows import CaseRow
from ui.member.case_table_model import CaseTableModel
from ui.db_worker import Database

N = 5_000


class Emitter(QObject):
    ping = Signal(object)
    flag = Signal(bool)


class Receiver(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.count = 0
        self.true_count = 0

    @Slot(object)
    def on_ping(self, value) -> None:
        self.count += 1

    @Slot(bool)
    def on_flag(self, value: bool) -> None:
        self.true_count += value


def test_many_direct_signals_arrive(qapp):
    e, r = Emitter(), Receiver()
    e.ping.connect(r.on_ping)
    e.flag.connect(r.on_flag)
    for i in range(N):
        e.ping.emit(i)
        e.flag.emit(True)
    assert r.count == N and r.true_count == N


def test_many_model_data_changes_arrive(qapp):
    model = CaseTableModel()
    model.set_rows([CaseRow(f"C{i}", i, "S", "new_assessment", "2020", "2021-01-01",
                            "2021-06-01", "officer", "PC", ("other",), "not_started", None, (),
                            None, 0, 1, 151) for i in range(50)])
    seen = []
    model.dataChanged.connect(lambda a, b, roles=(): seen.append(a.row()))
    for i in range(3_000):
        model.update_row(model.case_at(i % 50))
    assert len(seen) == 3_000


def test_thousands_of_jobs_through_the_database_thread(qtbot):
    db = Database()
    results = []
    try:
        for i in range(2_000):
            db.call(lambda ctx, i=i: i * 2, results.append)
        qtbot.waitUntil(lambda: db.idle, timeout=30_000)
    finally:
        db.shutdown()
    assert results == [i * 2 for i in range(2_000)]  # all of them, in order

"""Child process for the GUI benchmarks (run offscreen by bench/gui.py).

Modes (argv[1]):

``cold-app WS``
    The app's real start: ``ui.app.start(WS)`` with the passphrase dialog
    answered; prints ``READY {json}`` once the case list is filled, the first
    case is shown and the window has painted.  The parent times spawn→READY.
``cold-floor WS``
    The floor: a bare QMainWindow with a QTableView over a minimal model of
    the same rows, read from the same encrypted file by one raw SQLCipher
    query (key derivation included).  Same READY protocol.
``interactive-app WS``
    The app opened as above, then case switches, sorts, filters, searches and
    scrolling, each followed by a synchronous repaint; prints ``RESULT {json}``.
``interactive-floor WS``
    The same gestures on the bare window: raw SQL, list sort/filter, repaint.
"""

from __future__ import annotations

import json
import os
import sys
import time

T0 = time.perf_counter()
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from _common import PASSPHRASE, rss_mb  # noqa: E402

# Columns sorted and filters applied in the interactive runs.
SEARCHES = ["complainant", "officer", "domestic abuse", "safeguard", "firearms"]


def _emit(tag: str, payload: dict) -> None:
    print(f"{tag} {json.dumps(payload)}", flush=True)


# -- the app -------------------------------------------------------------------------------
def open_app(ws_path: str):
    """Start the app on ``ws_path`` as ``panel-review gui WS`` does; returns (app, window, marks)."""
    marks: dict[str, float] = {}
    from PySide6.QtCore import QEventLoop
    from ui import passphrase_dialog
    from ui.app import make_app, start
    marks["imported"] = time.perf_counter() - T0
    passphrase_dialog.ask_existing = lambda parent, target, error=None: PASSPHRASE
    app = make_app()
    window = start(ws_path)
    marks["window_shown"] = time.perf_counter() - T0
    loop = QEventLoop()
    window.flow.opened.connect(lambda info: marks.setdefault("workspace_open",
                                                             time.perf_counter() - T0))
    window.review.list.model.modelReset.connect(
        lambda: window.review.list.model.rowCount() and marks.setdefault(
            "rows_loaded", time.perf_counter() - T0))
    window.review.case_shown.connect(lambda cid: loop.quit())
    loop.exec()
    window.repaint()
    app.processEvents()
    marks["ready"] = time.perf_counter() - T0
    return app, window, marks


def cold_app(ws_path: str) -> None:
    app, window, marks = open_app(ws_path)
    cur, peak = rss_mb()
    bad = sorted({m.split(".")[0] for m in sys.modules
                  if m.split(".")[0] in ("reportlab", "openpyxl", "pyhanko")})
    _emit("READY", {"marks": marks, "rss": cur, "peak": peak, "rows":
                    window.review.list.model.rowCount(), "export_libs": bad})
    window.close()


def interactive_app(ws_path: str, switches: int) -> None:
    from PySide6.QtCore import QEvent, QEventLoop, Qt
    from ui.member.case_table_model import (COL_ALLEGATIONS, COL_DAYS, COL_PANEL, COL_REPORTED,
                                     COL_STATUS, COL_SUBJECT)
    app, window, marks = open_app(ws_path)
    pane, review = window.review.list, window.review
    out: dict = {"open": marks, "rows": pane.model.rowCount()}

    # case switch: select the next row, wait for the case to be shown, paint the window
    loop = QEventLoop()
    shown: list[str] = []
    review.case_shown.connect(lambda cid: (shown.append(cid), loop.quit()))
    times = []
    for i in range(1, switches + 1):
        shown.clear()
        t = time.perf_counter()
        pane.select_row(i)
        if not shown:
            loop.exec()
        # this case's layout counted here, not at the next switch; the paint is the repaint
        app.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        window.repaint()
        times.append(time.perf_counter() - t)
        # the pause between two key presses (a held arrow key repeats every ~30 ms):
        # the database thread finishes its queue, as it does for a person
        _settle(app, window.db)
    out["switch"] = times

    def painted(action) -> float:
        t = time.perf_counter()
        action()
        pane.repaint()
        return time.perf_counter() - t

    sorts = []
    for col in (COL_STATUS, COL_DAYS, COL_SUBJECT, COL_ALLEGATIONS, COL_PANEL, COL_REPORTED):
        for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
            # what a header click does (sortByColumn would sort twice in Qt 6)
            sorts.append(painted(lambda: pane.table.horizontalHeader().setSortIndicator(col, order)))
    out["sort"] = sorts

    filters = []
    for name, idx in (("met_category", 2), ("state", 3), ("allegation", 1), ("age", 2),
                      ("repeat_subject", 1), ("regime", 1)):
        combo = pane.combos[name]
        filters.append(painted(lambda: combo.setCurrentIndex(idx)))
        filters.append(painted(lambda: combo.setCurrentIndex(0)))
    out["filter"] = filters

    # full-text search, the app's path minus the typing pause: the query goes to the
    # database thread, its hits come back as a filter, the list repaints.
    reset = QEventLoop()
    pane.model.modelReset.connect(reset.quit)
    ws = None
    searches: dict[str, list[float]] = {}
    sql: dict[str, list[float]] = {}
    hits: dict[str, int] = {}
    for q in SEARCHES:
        for _ in range(5):
            pane.search.blockSignals(True)
            pane.search.setText(q)
            pane.search.blockSignals(False)
            t = time.perf_counter()
            pane._search_now()
            reset.exec()
            pane.repaint()
            searches.setdefault(q, []).append(time.perf_counter() - t)
            hits[q] = pane.model.rowCount()
            pane.clear_filters()
            app.processEvents()
        # the SQL alone, on the worker's connection while the worker is idle
        if ws is None:
            box: list = []
            window.db.call(lambda ctx: box.append(ctx.ws))
            while not box:
                app.processEvents()
            ws = box[0]
        sql[q] = [_timed(lambda: ws.search(q)) for _ in range(5)]
    out["search"] = searches
    out["search_sql"] = sql
    out["search_hits"] = hits

    out["scroll"] = _scroll(pane.table, app)
    out["rss"], out["peak"] = rss_mb()
    _emit("RESULT", out)
    window.close()


def _settle(app, db) -> None:
    while not db.idle:
        app.processEvents()
    app.processEvents()


def _timed(fn) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def _scroll(table, app, steps: int = 200) -> list[float]:
    """Page through the whole list (evenly spaced jumps), painting each frame."""
    bar = table.verticalScrollBar()
    app.processEvents()
    top = bar.maximum()
    for k in range(21):  # warm-up: fonts, glyph caches
        bar.setValue(top * k // 20)
        table.viewport().repaint()
    frames = []
    for k in range(steps + 1):
        t = time.perf_counter()
        bar.setValue(top * k // steps)
        table.viewport().repaint()
        frames.append(time.perf_counter() - t)
    # and line by line for a screenful, as a wheel does
    for _ in range(60):
        t = time.perf_counter()
        bar.setValue(bar.value() - 3)
        table.viewport().repaint()
        frames.append(time.perf_counter() - t)
    return frames


# -- the floor -------------------------------------------------------------------------------
# position (column 6) is also the search index's rowid (schema v3)
_FLOOR_SQL = ("SELECT case_id, subject_id, met_category, regime, reported_date, outcome_date, "
              "position FROM cases ORDER BY position")


def open_floor(ws_path: str):
    import sqlcipher3
    from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
    from PySide6.QtWidgets import (QApplication, QMainWindow, QSplitter, QTableView,
                                   QTextEdit)
    marks = {"imported": time.perf_counter() - T0}

    class Model(QAbstractTableModel):
        def __init__(self, rows):
            super().__init__()
            self.all = rows
            self.rows = rows

        def rowCount(self, parent=QModelIndex()):
            return 0 if parent.isValid() else len(self.rows)

        def columnCount(self, parent=QModelIndex()):
            return 0 if parent.isValid() else 7

        def data(self, index, role=Qt.ItemDataRole.DisplayRole):
            if role == Qt.ItemDataRole.DisplayRole:
                return str(self.rows[index.row()][index.column()])
            return None

        def sort(self, column, order=Qt.SortOrder.AscendingOrder):
            self.layoutAboutToBeChanged.emit()
            self.rows = sorted(self.rows, key=lambda r: (r[column], r[6]),
                               reverse=order == Qt.SortOrder.DescendingOrder)
            self.layoutChanged.emit()

    app = QApplication(sys.argv[:1])
    app.setStyle("Fusion")  # the app's style (without its style sheet)
    window = QMainWindow()
    split = QSplitter()
    table = QTableView()
    text = QTextEdit()
    split.addWidget(table)
    split.addWidget(text)
    window.setCentralWidget(split)
    window.resize(1440, 900)
    window.show()
    conn = sqlcipher3.connect(ws_path, check_same_thread=False)
    conn.execute("PRAGMA key = '" + PASSPHRASE.replace("'", "''") + "'")
    rows = conn.execute(_FLOOR_SQL).fetchall()
    marks["workspace_open"] = time.perf_counter() - T0
    model = Model(rows)
    table.setModel(model)
    table.verticalHeader().hide()  # as the app's list: no per-row header sections
    table.verticalHeader().setDefaultSectionSize(26)
    table.setWordWrap(False)
    table.setSortingEnabled(True)
    table.selectRow(0)
    text.setPlainText(conn.execute("SELECT data FROM cases WHERE case_id = ?",
                                   [rows[0][0]]).fetchone()[0])
    window.repaint()
    app.processEvents()
    marks["ready"] = time.perf_counter() - T0
    return app, window, table, text, model, conn, marks


def cold_floor(ws_path: str) -> None:
    app, window, table, text, model, conn, marks = open_floor(ws_path)
    cur, peak = rss_mb()
    _emit("READY", {"marks": marks, "rss": cur, "peak": peak, "rows": model.rowCount()})


def interactive_floor(ws_path: str, switches: int) -> None:
    app, window, table, text, model, conn, marks = open_floor(ws_path)
    out: dict = {"open": marks, "rows": model.rowCount()}
    times = []
    for i in range(1, switches + 1):
        t = time.perf_counter()
        table.selectRow(i)
        data = json.loads(conn.execute("SELECT data FROM cases WHERE case_id = ?",
                                       [model.rows[i][0]]).fetchone()[0])
        text.setPlainText(data["summary"])
        window.repaint()
        times.append(time.perf_counter() - t)
    out["switch"] = times

    def painted(action) -> float:
        t = time.perf_counter()
        action()
        table.repaint()
        return time.perf_counter() - t

    def refilter(pred):
        model.beginResetModel()
        model.rows = [r for r in model.all if pred(r)]
        model.endResetModel()

    from PySide6.QtCore import Qt
    out["sort"] = [painted(lambda: table.horizontalHeader().setSortIndicator(col, order))
                   for col in (2, 3, 4, 5, 1, 0)
                   for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder)]
    out["filter"] = []
    for pred in (lambda r: r[2] == "new_assessment", lambda r: r[3] == "2012",
                 lambda r: r[4] > "2018", lambda r: r[1].endswith("7"),
                 lambda r: r[5] < "2019", lambda r: r[0] > "PR-0500"):
        out["filter"].append(painted(lambda: refilter(pred)))
        out["filter"].append(painted(lambda: refilter(lambda r: True)))
    # raw FTS5: the same MATCH expressions, no ranking; the index's rowids are the
    # cases' positions, which the bare rows carry
    sql, hits, painted_sql = {}, {}, {}
    for q in SEARCHES:
        match = " ".join('"' + t + '"*' for t in q.split())
        run = lambda: conn.execute("SELECT rowid FROM case_search WHERE case_search MATCH ?",  # noqa: E731
                                   [match]).fetchall()
        sql[q] = [_timed(run) for _ in range(5)]
        positions = frozenset(r[0] for r in run())
        hits[q] = len(positions)

        def apply(positions=positions):
            refilter(lambda r: r[6] in positions)
        painted_sql[q] = [painted(apply) for _ in range(3)]
        refilter(lambda r: True)
    out["search_sql"] = sql
    out["search_painted"] = painted_sql
    out["search_hits"] = hits
    out["scroll"] = _scroll(table, app)
    out["rss"], out["peak"] = rss_mb()
    _emit("RESULT", out)


def main() -> None:
    mode, ws = sys.argv[1], sys.argv[2]
    switches = int(sys.argv[3]) if len(sys.argv) > 3 else 40
    {"cold-app": lambda: cold_app(ws), "cold-floor": lambda: cold_floor(ws),
     "interactive-app": lambda: interactive_app(ws, switches),
     "interactive-floor": lambda: interactive_floor(ws, switches)}[mode]()
    sys.stdout.flush()
    os._exit(0)  # skip teardown: nothing of it is measured


if __name__ == "__main__":
    main()

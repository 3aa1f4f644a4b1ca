"""Decision save: ``DecisionStore.save`` (WAL, synchronous=FULL, SQLCipher) vs a raw commit.

The app's save is one transaction that reads the current version, appends a
hash-chained history entry, replaces the decision and moves the chain head.
The floor is one raw SQLCipher commit of a row of the same size on a
connection with the same pragmas (key, WAL, synchronous=FULL), in the same
folder, so the fsyncs are the same.  A raw, unencrypted sqlite3 commit is
measured as well, for reference.

    python bench/saves.py [--quick]
"""

from __future__ import annotations

import shutil
import sqlite3
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import (PASSPHRASE, Row, cases_label, copy_workspace, median, p95,  # noqa: E402
                     parse_args, say, table, timed, work_dir, workspace)

TARGET_P95 = 0.005


def _raw_commit_times(conn, n: int, payload: str) -> list[float]:
    conn.execute("CREATE TABLE IF NOT EXISTS t (k INTEGER PRIMARY KEY, v TEXT)")
    conn.commit()
    out = []
    for i in range(n):
        def one():
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("INSERT INTO t (v) VALUES (?)", [payload + str(i)])
            conn.execute("COMMIT")
        out.append(timed(one))
    return out


def _pragmas(conn) -> None:
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")


def raw_floor(folder: Path, n: int, payload: str) -> tuple[list[float], list[float]]:
    import sqlcipher3
    c = sqlcipher3.connect(str(folder / "floor.db"), isolation_level=None)
    c.execute("PRAGMA key = '" + PASSPHRASE + "'")
    _pragmas(c)
    enc = _raw_commit_times(c, n, payload)
    c.close()
    p = sqlite3.connect(str(folder / "plain.db"), isolation_level=None)
    _pragmas(p)
    plain = _raw_commit_times(p, n, payload)
    p.close()
    return enc, plain


def run(scales: list[int], quick: bool = False) -> list[Row]:
    from review.decisions import Decision
    from review.workspace.database import Workspace
    n = 100 if quick else 400
    rows: list[Row] = []
    for scale in scales:
        folder = work_dir()
        try:
            path = copy_workspace(workspace(scale), folder)
            say(f"[saves] {scale:,} cases: {n} saves and {n} raw commits")
            with Workspace.open(path, PASSPHRASE) as ws:
                ids = ws.case_ids()
                step = max(1, len(ids) // n)
                times, app_path = [], []
                payload = ""
                for i in range(n):
                    cid = ids[(i * step) % len(ids)]
                    d = Decision(category="new_assessment", actions=("further_inquiry",),
                                 concerns=("investigation_deficient",),
                                 rationale=f"Revision {i}: the panel weighed the complainant's "
                                           "account against the original record and finds "
                                           "lines of inquiry that were never pursued.",
                                 confidence="medium")
                    payload = d.canonical()
                    times.append(timed(lambda: ws.decisions.save(cid, d)))
                # as the app does it on the database thread: save, then the case's
                # history and list row for the views
                from ui.member.case_rows import load_row
                for i in range(n // 4):
                    cid = ids[(i * step + 1) % len(ids)]
                    d = Decision(category="no_formal_action", rationale=f"Draft {i}.")

                    def app_save():
                        ws.decisions.save(cid, d)
                        ws.decisions.history(cid)
                        load_row(ws, cid)
                    app_path.append(timed(app_save))
            enc, plain = raw_floor(folder, n, payload)
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        c = cases_label(scale)
        floor_what = ("one raw SQLCipher INSERT+COMMIT of the same payload, WAL, "
                      "synchronous=FULL, same disk")
        rows += [
            Row("Decision save", c, "p95", p95(times), floor=p95(enc), floor_what=floor_what,
                target="p95 <= 5 ms", met=p95(times) <= TARGET_P95),
            Row("Decision save", c, "median", median(times), floor=median(enc),
                floor_what=floor_what),
            Row("Decision save + history + row reload (app job)", c, "p95", p95(app_path),
                floor=p95(enc), floor_what=floor_what),
        ]
        if scale == scales[0]:
            rows.append(Row("Raw commit, plain sqlite3 (reference)", "-", "p95", p95(plain),
                            note="unencrypted sqlite3, same pragmas: the disk's fsync cost"))
    return rows


if __name__ == "__main__":
    a = parse_args()
    print(table(run(a.scales, a.quick)))

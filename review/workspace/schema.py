"""Workspace schema, its version, and migrations between versions.

The version lives in ``PRAGMA user_version``.  Before any migration the
database file is copied beside itself (still encrypted), so that a failed
or regretted upgrade can be undone by hand.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Callable

import sqlcipher3
import sqlite_utils

from review.cases import Case
from review.errors import WorkspaceError
from review.workspace.search_text import workspace_texts

SCHEMA_V1 = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE cases (
    case_id TEXT PRIMARY KEY,
    position INTEGER NOT NULL,
    subject_id TEXT NOT NULL,
    met_category TEXT NOT NULL,
    regime TEXT NOT NULL,
    conduct_date TEXT NOT NULL,
    reported_date TEXT NOT NULL,
    outcome_date TEXT NOT NULL,
    data TEXT NOT NULL
);
CREATE INDEX cases_subject ON cases(subject_id);
CREATE TABLE linked_cases (
    case_id TEXT PRIMARY KEY, subject_id TEXT NOT NULL, met_category TEXT NOT NULL
);
CREATE INDEX linked_subject ON linked_cases(subject_id);
CREATE TABLE documents (
    filename TEXT PRIMARY KEY,
    case_id TEXT NOT NULL REFERENCES cases(case_id),
    content BLOB NOT NULL
);
CREATE INDEX documents_case ON documents(case_id);
CREATE TABLE roster (
    reviewer_id TEXT PRIMARY KEY, name TEXT NOT NULL, fingerprint TEXT, conflicts TEXT NOT NULL
);
CREATE TABLE assignments (
    case_id TEXT NOT NULL, reviewer_id TEXT NOT NULL, PRIMARY KEY (case_id, reviewer_id)
);
CREATE TABLE decisions (
    case_id TEXT PRIMARY KEY REFERENCES cases(case_id),
    version INTEGER NOT NULL,
    saved_at TEXT NOT NULL,
    state TEXT NOT NULL,
    category TEXT,
    payload TEXT NOT NULL
);
CREATE TABLE history (
    seq INTEGER PRIMARY KEY,
    case_id TEXT NOT NULL,
    version INTEGER NOT NULL,
    saved_at TEXT NOT NULL,
    member_id TEXT NOT NULL,
    payload TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE INDEX history_case ON history(case_id, version);
-- The history is append-only inside Panel Review; the hash chain catches
-- anything done to it from outside.
CREATE TRIGGER history_no_update BEFORE UPDATE ON history
    BEGIN SELECT RAISE(ABORT, 'the decision history is append-only'); END;
CREATE TRIGGER history_no_delete BEFORE DELETE ON history
    BEGIN SELECT RAISE(ABORT, 'the decision history is append-only'); END;
-- Coordinator workspaces only: every member export offered to the merge,
-- accepted or not, and the decisions each accepted export carried.
CREATE TABLE imports (
    seq INTEGER PRIMARY KEY,
    file_digest TEXT NOT NULL UNIQUE,
    source TEXT NOT NULL,
    member_id TEXT,
    fingerprint TEXT,
    exported_at TEXT,
    imported_at TEXT NOT NULL,
    outcome TEXT NOT NULL,
    reason TEXT
);
CREATE TABLE review_versions (
    import_seq INTEGER NOT NULL REFERENCES imports(seq),
    case_id TEXT NOT NULL,
    member_id TEXT NOT NULL,
    payload TEXT NOT NULL,
    PRIMARY KEY (import_seq, case_id)
);
CREATE VIRTUAL TABLE case_search USING fts5(
    case_id UNINDEXED, body, tokenize = 'porter unicode61 remove_diacritics 2'
);
"""

# Version 2: the consultation log.  Data protection law expects a record of
# who looked at a person's data and when: every time the member opens a case
# its id and the time are appended here (never the case text).  Like the
# history, it is append-only inside Panel Review.
SCHEMA_V2 = """
CREATE TABLE consultations (
    seq INTEGER PRIMARY KEY,
    case_id TEXT NOT NULL,
    opened_at TEXT NOT NULL
);
CREATE INDEX consultations_case ON consultations(case_id);
CREATE TRIGGER consultations_no_update BEFORE UPDATE ON consultations
    BEGIN SELECT RAISE(ABORT, 'the consultation log is append-only'); END;
CREATE TRIGGER consultations_no_delete BEFORE DELETE ON consultations
    BEGIN SELECT RAISE(ABORT, 'the consultation log is append-only'); END;
"""

# Version 3: the case list and the search read only what they need.
# - The case list's fields get their own columns, and one covering index
#   holds every listed column in list order, so the list query never reads
#   the cases' JSON (at 100,000 cases, decrypting those pages was ~3.5 s).
#   ``allegations`` holds the allegation codes joined by commas.
# - The search index keeps no copy of the text (content=''), and its rowid is
#   the case's ``position`` (not its SQLite rowid, which a VACUUM may
#   renumber), so a search reads index pages only: looking up each hit's case
#   id in the index's own content table cost ~10 µs a hit (0.9 s for a word
#   in every case of 100,000).  Positions are kept (detail=full): a query word
#   with punctuation, such as "PR-000123" or "o'brien", is a phrase of several
#   tokens, and only positions answer it exactly.
LIST_COLUMNS = ("subject_role", "rank", "allegations")
SEARCH_TABLE = """
CREATE VIRTUAL TABLE case_search USING fts5(
    body, content = '', tokenize = 'porter unicode61 remove_diacritics 2'
)
"""
SCHEMA_V3 = """
CREATE INDEX cases_list ON cases(
    position, case_id, subject_id, met_category, regime, reported_date, outcome_date,
    subject_role, rank, allegations
);
"""

# Version 5 (4 is another step's): linked cases worth reading, and the
# subject searchable.
# - ``linked_cases`` gains each case's conduct date and allegation codes
#   (joined by commas), NULL when the bundle did not carry them ("not
#   recorded", as in every workspace made before this version).
# - The search index is rebuilt from the cases' JSON and text documents,
#   now with each case's subject pseudonym in its text, and the Met's
#   rationale, lines of inquiry and risk measures in a column of their own
#   (``met``), which the search leaves out while the anchoring guard hides
#   them.
# Self-contained: it reads nothing that version 4 adds, so its place in the
# sequence can change without touching it.
SCHEMA_V5 = (
    "ALTER TABLE linked_cases ADD COLUMN conduct_date TEXT",
    "ALTER TABLE linked_cases ADD COLUMN allegations TEXT",
)
SEARCH_TABLE_V5 = """
CREATE VIRTUAL TABLE case_search USING fts5(
    body, met, content = '', tokenize = 'porter unicode61 remove_diacritics 2'
)
"""

Migration = Callable[[sqlite_utils.Database], None]


def _statements(script: str) -> list[str]:
    """Split a script into statements (triggers hold semicolons of their own)."""
    out, buf = [], ""
    for line in script.splitlines(keepends=True):
        if line.lstrip().startswith("--") and not buf:
            continue
        buf += line
        if sqlcipher3.complete_statement(buf):
            out.append(buf.strip())
            buf = ""
    return out


def _v1(db: sqlite_utils.Database) -> None:
    # Statement by statement: executescript() would commit the open
    # transaction and make the migration non-atomic.
    for statement in _statements(SCHEMA_V1):
        db.execute(statement)


def _v2(db: sqlite_utils.Database) -> None:
    for statement in _statements(SCHEMA_V2):
        db.execute(statement)


def _v3(db: sqlite_utils.Database) -> None:
    for column in LIST_COLUMNS:
        db.execute(f"ALTER TABLE cases ADD COLUMN {column} TEXT NOT NULL DEFAULT ''")
    _fill_list_columns(db)
    db.execute(SCHEMA_V3)
    # The old index held each case's text; the new one is filled from it.
    db.execute("ALTER TABLE case_search RENAME TO case_search_v2")
    db.execute(SEARCH_TABLE)
    db.execute("INSERT INTO case_search (rowid, body) SELECT c.position, s.body "
               "FROM case_search_v2 s JOIN cases c USING (case_id)")
    db.execute("DROP TABLE case_search_v2")
    optimize_search(db)


def _v5(db: sqlite_utils.Database) -> None:
    for statement in SCHEMA_V5:
        db.execute(statement)
    db.execute("DROP TABLE case_search")
    db.execute(SEARCH_TABLE_V5)
    db.conn.executemany("INSERT INTO case_search (rowid, body, met) VALUES (?, ?, ?)",
                        workspace_texts(db))
    optimize_search(db)


def _fill_list_columns(db: sqlite_utils.Database, batch: int = 5000) -> None:
    """The list columns of every case, from its JSON, as the import writes them.

    In Python, in batches of rows: the SQL for this (``->>``, an ordered
    ``group_concat``) needs SQLite 3.44, newer than some SQLCipher builds.
    """
    for rows in _case_batches(db, batch):
        db.conn.executemany(
            "UPDATE cases SET subject_role = ?, rank = ?, allegations = ? WHERE rowid = ?",
            [(d.get("subject_role") or "", d.get("rank") or "",
              ",".join(d.get("allegation_types") or ()), rowid)
             for rowid, d in ((rowid, json.loads(data)) for rowid, data in rows)])


def _case_batches(db: sqlite_utils.Database, batch: int):
    """The cases' (rowid, JSON) in rowid order, ``batch`` rows at a time."""
    last = -1
    while True:
        rows = db.execute("SELECT rowid, data FROM cases WHERE rowid > ? ORDER BY rowid "
                          "LIMIT ?", [last, batch]).fetchall()
        if not rows:
            return
        yield rows
        last = rows[-1][0]


# Version 4: the regime follows the law.  Each case's ``regime`` is worked
# out again from its JSON: the Conduct Regulations in force when the
# allegation came to the attention of the appropriate authority (or those the
# case list stated), and "staff" for police staff, where earlier versions
# went by the conduct date.  Decisions and their history are not touched: a
# saved action that the case's new regime does not offer stays as it was
# saved (see ``review.decisions.shape_errors``); only finalising again asks
# for it to be removed.
def _v4(db: sqlite_utils.Database, batch: int = 5000) -> None:
    for rows in _case_batches(db, batch):
        db.conn.executemany("UPDATE cases SET regime = ? WHERE rowid = ?",
                            [(Case.from_json(json.loads(data)).regime, rowid)
                             for rowid, data in rows])


# Version 6: the coordinator keeps, per import, the history the member's export
# signed (its count, its head and the head after each version), so that a newer
# export is accepted only when its history continues the accepted one.  Imports
# recorded before carry none (NULL): see ``review.panel.ancestry``.  It also keeps
# what a newer export changed after it was final (``review.panel.after_final``).
def _v6(db: sqlite_utils.Database) -> None:
    for column, kind in (("history_count", "INTEGER"), ("history_head", "TEXT"),
                         ("history_heads", "TEXT")):
        db.execute(f"ALTER TABLE imports ADD COLUMN {column} {kind}")
    # Each merged decision's version, and the decisions a newer accepted export changed
    # after the accepted one held them final, with the adjudication version they found.
    db.execute("ALTER TABLE review_versions ADD COLUMN version INTEGER")
    db.execute("""CREATE TABLE changed_after_final (
        import_seq INTEGER NOT NULL REFERENCES imports(seq),
        case_id TEXT NOT NULL,
        member_id TEXT NOT NULL,
        old_import_seq INTEGER NOT NULL REFERENCES imports(seq),
        old_version INTEGER,
        new_version INTEGER,
        flagged_at TEXT NOT NULL,
        adjudication_version INTEGER,
        PRIMARY KEY (import_seq, case_id))""")


def optimize_search(db: sqlite_utils.Database) -> None:
    """Merge the search index into one segment after a bulk insert.

    A bulk insert leaves many segments, and a query reads every one of them.
    """
    db.execute("INSERT INTO case_search (case_search) VALUES ('optimize')")


# version reached → how to get there from the version before; migrations run in
# order over the versions listed
MIGRATIONS: dict[int, Migration] = {1: _v1, 2: _v2, 3: _v3, 4: _v4, 5: _v5, 6: _v6}


def latest_version() -> int:
    return max(MIGRATIONS)


def current_version(db: sqlite_utils.Database) -> int:
    return db.execute("PRAGMA user_version").fetchone()[0]


def backup_path(db_path: Path, version: int) -> Path:
    return Path(f"{db_path}.v{version}.bak")


def migrate(db: sqlite_utils.Database, db_path: Path) -> int:
    """Bring the schema up to date; returns the version found before."""
    found = current_version(db)
    target = latest_version()
    if found > target:
        raise WorkspaceError(
            f"This workspace was made by a newer Panel Review (schema {found}); this version "
            f"understands schema {target}. Update Panel Review to open it."
        )
    if found == target:
        return found
    if found > 0:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        shutil.copy2(db_path, backup_path(db_path, found))
    for version in sorted(v for v in MIGRATIONS if v > found):
        # Each step and its new version number commit together or not at all.
        with db.atomic():
            MIGRATIONS[version](db)
            db.execute(f"PRAGMA user_version = {version}")
    return found

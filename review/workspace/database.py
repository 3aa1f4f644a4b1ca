"""The member's workspace: the service API that the app and the CLI call.

One ``Workspace`` owns one encrypted database connection.  Methods that
change data commit before they return and return a :class:`Changes` that
says what changed, so that views refresh only what they show.  The app
calls every method from its single database worker thread.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Iterator

import sqlite_utils

from review.workspace import encrypted as encrypted_db
from review.workspace import schema
from review.cases import Case
from review.workspace.decision_store import DecisionStore
from review.workspace.linked import LinkedEntry, linked_entries
from review.workspace.search_text import search_notes, search_text
from review.errors import UnknownCase, WorkspaceError, WrongPassphrase
from review.atomic import remove_stale_temp_files
from review.storage import guarded_write

if TYPE_CHECKING:  # reading a bundle needs the signature checks (cryptography, ~0.1 s to
    # import); opening an existing workspace does not, so read_bundle is imported on use.
    from review.bundle.contents import Bundle
    from review.identity import Identity

SUFFIX = ".prw"


def utc_now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


@dataclass(frozen=True)
class Changes:
    """What an operation changed: views refresh only on what they show."""

    case_ids: frozenset[str] = frozenset()
    decisions: bool = False
    history: bool = False
    cases: bool = False

    @property
    def nothing(self) -> bool:
        return not (self.case_ids or self.decisions or self.history or self.cases)


@dataclass(frozen=True)
class WorkspaceInfo:
    path: Path
    member_id: str
    member_name: str
    bundle_id: str
    bundle_title: str
    bundle_digest: str
    coordinator_name: str
    coordinator_fingerprint: str
    demo: bool
    case_count: int
    role: str = "member"   # Workspace.ROLE of the class that opened it: "member" or "coordinator"


@dataclass(frozen=True)
class Consultation:
    """One opening of a case by the workspace's owner (the consultation log)."""

    seq: int
    case_id: str
    opened_at: str   # UTC, ISO 8601 with milliseconds and Z


@dataclass(frozen=True)
class ImportResult:
    changes: Changes
    already_imported: bool
    bundle: Bundle | None = field(default=None, repr=False)


_GUARDED_SEARCH = """
SELECT rowid FROM case_search WHERE case_search MATCH ?
UNION
SELECT rowid FROM case_search WHERE case_search MATCH ? AND rowid IN (
    SELECT c.position FROM cases c JOIN decisions d USING (case_id) WHERE d.category IS NOT NULL)
ORDER BY 1
"""


class SearchHits(list):
    """A search's hits: the case ids, in bundle order (a list of str like any
    other), and beside them ``positions``, the same cases' positions, which
    the case list filters on without looking each case id up."""

    def __init__(self, case_ids: Iterable[str], positions: list[int]):
        super().__init__(case_ids)
        self.positions = positions


class Workspace:
    """A panel member's workspace: their cases and their own decisions only."""

    ROLE = "member"

    def __init__(self, path: Path, db: sqlite_utils.Database, lock: encrypted_db.WorkspaceLock,
                 clock: Callable[[], str] = utc_now):
        self.path, self.db, self._lock, self.clock = Path(path), db, lock, clock
        self.decisions = DecisionStore(db, self.meta, clock)
        self._case_ids: dict[int, str] | None = None
        self._guard: bool | None = None   # the anchoring guard, read once (set at import)

    # -- opening ----------------------------------------------------------
    @classmethod
    def open(cls, path: Path, passphrase: str, *, clock: Callable[[], str] = utc_now) -> "Workspace":
        """Open an existing workspace; WrongPassphrase if the passphrase is wrong."""
        with guarded_write("the workspace was not opened", Path(path)):
            return cls._open(Path(path), passphrase, clock)

    @classmethod
    def _open(cls, path: Path, passphrase: str, clock: Callable[[], str]) -> "Workspace":
        if not path.is_file():
            raise WorkspaceError(f"There is no workspace at {path}.")
        lock = encrypted_db.WorkspaceLock(path)
        lock.acquire()
        try:
            db = encrypted_db.connect(path, passphrase, create=False)
            try:
                schema.migrate(db, path)
                meta = cls._meta_of(db)
                if not meta.get("bundle_digest"):
                    raise WorkspaceError(
                        f"{path.name} was never finished: making it was interrupted before the "
                        "bundle was copied in, so it holds no cases and no decisions. Delete it, "
                        "then open the bundle again.")
                if meta.get("role", "member") != cls.ROLE:
                    raise WorkspaceError(
                        f"{path.name} is a {meta.get('role', 'member')}'s workspace, not a "
                        f"{cls.ROLE}'s. Open it in the matching mode.")
            except BaseException:
                db.close()
                raise
        except BaseException:
            lock.release()
            raise
        return cls(path, db, lock, clock)

    @classmethod
    def create(cls, path: Path, passphrase: str, bundle_path: Path, *,
               expected_signer: str | None = None, clock: Callable[[], str] = utc_now,
               reader: "Identity | None" = None) -> "Workspace":
        """Verify a bundle, then make a new workspace holding it (or nothing at all).

        A sealed bundle is opened in memory with ``reader``, the identity it is sealed
        for (the DEMO's opens with the public DEMO key)."""
        path = Path(path)
        if path.exists():
            raise WorkspaceError(f"{path} already exists; choose a new file for the workspace.")
        from review.bundle.contents import read_bundle
        bundle = read_bundle(bundle_path, expected_signer, reader=reader)  # before any file is made
        cls._check_bundle(bundle)
        with guarded_write("the workspace was not made", path):
            return cls._create(path, passphrase, bundle, clock)

    @classmethod
    def _create(cls, path: Path, passphrase: str, bundle: "Bundle",
                clock: Callable[[], str]) -> "Workspace":
        # Made under a temporary name and renamed into place once the import has
        # committed, so a kill at any moment leaves no half-made workspace at
        # ``path`` (the next start removes the temporary one).
        remove_stale_temp_files(path.parent)   # an earlier one killed here
        tmp = encrypted_db.new_database_file(path.parent)
        lock = encrypted_db.WorkspaceLock(tmp)   # the lock follows the file through the rename
        db = None
        try:
            lock.acquire()
            db = encrypted_db.connect(tmp, passphrase, create=True)
            schema.migrate(db, tmp)
            cls(tmp, db, lock, clock)._import(bundle)
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            db.close()
            db = None
            encrypted_db.move_into_place(tmp, path)
            db = encrypted_db.connect(path, passphrase, create=False)
        except BaseException:
            if db is not None:
                with contextlib.suppress(Exception):
                    db.close()
            encrypted_db.remove_database_files(tmp)
            lock.release()
            raise
        return cls(path, db, lock, clock)

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        self.db.close()
        self._lock.release()

    def __enter__(self) -> "Workspace":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- bundle import ------------------------------------------------------
    def import_bundle(self, bundle_path: Path, reader: "Identity | None" = None) -> ImportResult:
        """The same bundle again changes nothing; a different one is refused."""
        meta = self.meta()
        from review.bundle.contents import read_bundle
        bundle = read_bundle(bundle_path, meta["coordinator_fingerprint"], reader=reader)
        if bundle.digest == meta["bundle_digest"]:
            return ImportResult(Changes(), already_imported=True, bundle=bundle)
        raise WorkspaceError(
            f"This workspace holds the bundle \u201c{meta['bundle_title']}\u201d; "
            f"{Path(bundle_path).name} is a different bundle. Open it into a new workspace."
        )

    @staticmethod
    def _check_bundle(bundle: Bundle) -> None:
        if bundle.contents.member_id is None:
            raise WorkspaceError(
                "This bundle is addressed to the whole panel, not to one member. Open the "
                "bundle that the coordinator prepared for you."
            )

    def _owner(self, bundle: Bundle) -> tuple[str, str]:
        """(id, name) of the person whose decisions this workspace records."""
        c = bundle.contents
        member = next(r for r in c.roster if r.reviewer_id == c.member_id)
        return member.reviewer_id, member.name

    def _import(self, bundle: Bundle) -> None:
        c = bundle.contents
        owner_id, owner_name = self._owner(bundle)
        cases = {x.case_id: x for x in c.cases}
        text_docs = search_notes(bundle)
        with self.db.atomic():
            self.db["cases"].insert_all(
                ({"case_id": x.case_id, "position": i, "subject_id": x.subject_id,
                  "met_category": x.met_category, "regime": x.regime,
                  # A date the record lacks is stored as '' (the columns are NOT NULL).
                  "conduct_date": _iso(x.conduct_date),
                  "reported_date": _iso(x.reported_date),
                  "outcome_date": _iso(x.outcome_date),
                  "data": json.dumps(x.to_json(), ensure_ascii=False),
                  "subject_role": x.subject_role, "rank": x.rank,
                  "allegations": ",".join(x.allegation_types)}
                 for i, x in enumerate(c.cases)), batch_size=500)
            # The search index's rowid is the case's position (it stores no case id).
            self.db.conn.executemany(
                "INSERT INTO case_search (rowid, body, met) VALUES (?, ?, ?)",
                ((i, *search_text(x, text_docs.get(x.case_id, [])))
                 for i, x in enumerate(c.cases)))
            schema.optimize_search(self.db)
            self.db["documents"].insert_all(
                ({"filename": d.filename, "case_id": x.case_id, "content": c.documents[d.filename]}
                 for x in cases.values() for d in x.documents), batch_size=200)
            self.db["linked_cases"].insert_all(
                ({"case_id": x.case_id, "subject_id": x.subject_id, "met_category": x.met_category,
                  "conduct_date": x.conduct_date,
                  "allegations": None if x.allegation_types is None
                  else ",".join(x.allegation_types)}
                 for x in c.linked if x.case_id not in cases), batch_size=500)
            self.db["roster"].insert_all(
                ({"reviewer_id": r.reviewer_id, "name": r.name, "fingerprint": r.fingerprint,
                  "conflicts": json.dumps(list(r.conflicts))} for r in c.roster))
            self.db["assignments"].insert_all(
                ({"case_id": a, "reviewer_id": b} for a, b in c.assignments), batch_size=500)
            self._set_meta({
                "workspace_id": uuid.uuid4().hex, "created_at": self.clock(),
                "role": self.ROLE, "member_id": owner_id, "member_name": owner_name,
                "bundle_id": c.bundle_id, "bundle_title": c.title, "bundle_digest": bundle.digest,
                "bundle_created_at": c.created_at, "demo": "1" if c.demo else "0",
                "coordinator_name": bundle.signer_name,
                "coordinator_fingerprint": bundle.signer_fingerprint,
                "coordinator_cert": bundle.cert_pem.decode("ascii"),
                "history_head": "0" * 64, "history_count": "0",
                "anchoring_guard": "1" if c.anchoring_guard else "0",
                **self._more_meta(bundle),
            })

    def _more_meta(self, bundle: Bundle) -> dict[str, str]:
        """What a kind of workspace keeps of its bundle beyond the above (none for a member's)."""
        return {}

    # -- reading ------------------------------------------------------------
    @staticmethod
    def _meta_of(db: sqlite_utils.Database) -> dict[str, str]:
        if "meta" not in db.table_names():
            return {}
        return {k: v for k, v in db.execute("SELECT key, value FROM meta").fetchall()}

    def meta(self) -> dict[str, str]:
        return self._meta_of(self.db)

    def _set_meta(self, values: dict[str, str]) -> None:
        for k, v in values.items():
            self.db.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", [k, v])

    def info(self) -> WorkspaceInfo:
        m = self.meta()
        count = self.db.execute("SELECT count(*) FROM cases").fetchone()[0]
        return WorkspaceInfo(self.path, m["member_id"], m["member_name"], m["bundle_id"],
                             m["bundle_title"], m["bundle_digest"], m["coordinator_name"],
                             m["coordinator_fingerprint"], m["demo"] == "1", count, self.ROLE)

    def case_ids(self) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT case_id FROM cases ORDER BY position")]

    def case(self, case_id: str) -> Case:
        return self.decisions.case(case_id)

    def iter_cases(self) -> Iterator[Case]:
        for (data,) in self.db.execute("SELECT data FROM cases ORDER BY position"):
            yield Case.from_json(json.loads(data))

    def document(self, filename: str) -> bytes:
        row = self.db.execute("SELECT content FROM documents WHERE filename = ?", [filename]).fetchone()
        if row is None:
            raise WorkspaceError(f"The document {filename} is not in this workspace.")
        return row[0]

    def linked_cases(self, case_id: str) -> list[LinkedEntry]:
        """Other cases of the same subject, by conduct date (see review.workspace.linked)."""
        subject = self.case(case_id).subject_id
        return linked_entries(self.db, case_id, subject, self.anchoring_guard())

    def anchoring_guard(self) -> bool:
        """The coordinator asked that the Met's category stay hidden until the member
        has chosen one (a member's workspace only; older bundles: off)."""
        if self._guard is None:
            self._guard = self.ROLE == "member" and self.meta().get("anchoring_guard") == "1"
        return self._guard

    def met_hidden(self, case_id: str) -> bool:
        """True while the anchoring guard hides this case's Met category and rationale."""
        if not self.anchoring_guard():
            return False
        row = self.db.execute("SELECT category FROM decisions WHERE case_id = ?",
                              [case_id]).fetchone()
        return row is None or row[0] is None

    def search(self, query: str) -> "SearchHits":
        """Case ids whose narrative, rationale or notes match every word.

        Unranked: the app uses the hits as a filter on its own sorted list,
        and bm25 ranking costs up to half a second at 100,000 cases."""
        terms = [t for t in query.split() if t.strip('"')]
        if not terms:
            return []
        match = " ".join('"' + t.replace('"', '""') + '"*' for t in terms)
        if self.anchoring_guard():
            # The Met's words count only where the member may already read them.
            positions = [r for (r,) in self.db.execute(_GUARDED_SEARCH,
                                                       ["{body} : (" + match + ")", match])]
        else:
            positions = [r for (r,) in self.db.execute(
                "SELECT rowid FROM case_search WHERE case_search MATCH ?", [match])]
        return SearchHits(map(self._ids_by_position().__getitem__, positions), positions)

    def _ids_by_position(self) -> dict[int, str]:
        """position (the search index's rowid) → case id, read once from the
        list index: the bundle import is the only writer of ``cases``."""
        if self._case_ids is None:
            self._case_ids = dict(self.db.execute("SELECT position, case_id FROM cases"))
        return self._case_ids

    # -- consultation log ---------------------------------------------------
    def record_consultation(self, case_id: str) -> Consultation:
        """Log that the owner opened ``case_id`` now; committed before it returns.

        One small append-only row (case id and time, never case text); the
        app calls it on its database thread whenever a case is shown.
        """
        opened_at = self.clock()
        with guarded_write(f"the note that case {case_id} was opened was not saved", self.path), \
                self.db.atomic():
            cur = self.db.execute(
                "INSERT INTO consultations (case_id, opened_at) "
                "SELECT ?, ? WHERE EXISTS (SELECT 1 FROM cases WHERE case_id = ?)",
                [case_id, opened_at, case_id])
            if cur.rowcount != 1:
                raise UnknownCase(f"Case {case_id} is not in this workspace.")
            seq = cur.lastrowid
        return Consultation(seq, case_id, opened_at)

    def consultations(self, case_id: str | None = None) -> list[Consultation]:
        """The consultation log, oldest first (one case's entries when ``case_id`` is given)."""
        sql = "SELECT seq, case_id, opened_at FROM consultations"
        args: list[str] = []
        if case_id is not None:
            sql += " WHERE case_id = ?"
            args.append(case_id)
        return [Consultation(*row) for row in self.db.execute(sql + " ORDER BY seq", args)]

    def change_passphrase(self, new_passphrase: str, *, current: str | None = None) -> None:
        """Re-encrypt the workspace under ``new_passphrase``; with ``current``, only if it
        is the passphrase now (WrongPassphrase otherwise, and nothing changes)."""
        if current is not None and not encrypted_db.passphrase_opens(self.path, current):
            raise WrongPassphrase(f"That is not the current passphrase of {self.path.name}; "
                                  "nothing was changed.")
        encrypted_db.rekey(self.db, new_passphrase)


def _iso(day) -> str:
    return day.isoformat() if day is not None else ""   # "" stored: not recorded

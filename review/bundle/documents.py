"""The documents folder of ``bundle create``: which file belongs to which case.

A document belongs to a case in one of two ways:

* a file directly in the folder whose name starts with the case id, followed
  by the end of the name or by a space, ``_``, ``-`` or ``.``
  (``PR-0001.pdf``, ``PR-0001 Investigation report.pdf``,
  ``PR-0001_statement.txt``); when several case ids fit, the longest wins;
* any file in a folder (or its subfolders) named exactly after the case id
  (``PR-0001/report.pdf``).

Case ids match ignoring case.  Only PDF (``.pdf``, starting ``%PDF-``) and
UTF-8 text (``.txt``) documents are taken, each of 1 byte to 100 MiB; hidden
files, ``Thumbs.db``, ``desktop.ini`` and Office lock files (``~$...``) are
skipped; anything else, a file or folder that belongs to no case, and a
link, is a problem.  In the bundle a document is called
``<case id>-D<n>.pdf`` or ``.txt`` (n counting from 1 in name order, so
names are always safe); its title is the rest of the original file name
(``Investigation report``), or ``Document <n>``.

Problems are collected (:class:`review.intake.parse.ProblemList`), not
raised one at a time, so that one run of ``bundle create`` lists them all.
"""

from __future__ import annotations

import os
import zlib
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Mapping

from review.bundle import format as bundle_format
from review.bundle.pdf_check import PdfRefused
from review.bundle.pdf_worker import PdfChecker
from review.intake.cells import Problem, ProblemList, shown
from review.cases import Case, DocumentRef

MAX_DOCUMENT_BYTES = 100 << 20
MAX_DOCUMENT_FILES = 100_000
MAX_FOLDER_DEPTH = 8
DOCUMENT_KINDS = {".pdf": "pdf", ".txt": "text"}
SKIPPED_FILES = {"thumbs.db", "desktop.ini"}
SEPARATORS = " _-."


@dataclass(frozen=True)
class DocumentFile:
    """A document found in the documents folder, checked, not yet read."""

    case_id: str
    path: Path
    relative: str       # inside the documents folder, with '/', for messages
    kind: str           # "pdf" or "text"
    size: int
    title: str


def scan_documents(folder: Path, case_ids: Mapping[str, str]
                   ) -> tuple[dict[str, list[DocumentFile]], ProblemList]:
    """Documents by case id (as written in the case list), and the problems found.

    ``case_ids`` maps casefold id -> id as written.  Every PDF is opened and checked
    (:mod:`review.bundle.pdf_check`) in a worker process with a time and memory limit.
    """
    with PdfChecker() as checker:
        return _scan(Path(folder), case_ids, checker)


def _scan(folder: Path, case_ids: Mapping[str, str], checker: "PdfChecker"
          ) -> tuple[dict[str, list[DocumentFile]], ProblemList]:
    problems = ProblemList()
    found: dict[str, list[DocumentFile]] = {}
    src = folder.name or str(folder)
    if not folder.is_dir():
        problems.add(Problem(str(folder), None, None, "The documents folder does not exist."))
        return found, problems
    count = 0
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name.casefold())
    except OSError as exc:
        problems.add(Problem(src, None, None, f"The documents folder cannot be read ({exc.strerror})."))
        return found, problems
    for entry in entries:
        if _skipped(entry.name):
            continue
        if entry.is_symlink():
            problems.add(Problem(src, None, None, f"{shown(entry.name)} is a link; put the "
                                 "file or folder itself in the documents folder."))
        elif entry.is_dir():
            cid = case_ids.get(entry.name.casefold())
            if cid is None:
                problems.add(Problem(src, None, None, (
                    f"The folder {shown(entry.name)} belongs to no case in the list: name a "
                    "case's folder exactly after its case id.")))
                continue
            for path, relative in _walk(Path(entry.path), entry.name, problems, src, 1):
                count += 1
                _add_document(found, cid, path, relative, _title(path.stem, cid), problems, src,
                              checker)
        else:
            cid = _case_for_name(entry.name, case_ids)
            if cid is None:
                problems.add(Problem(src, None, None, (
                    f"The document {shown(entry.name)} belongs to no case in the list: its name "
                    "must start with a case id (as in 'PR-0001 report.pdf'), or it must be in "
                    "a folder named after one.")))
                continue
            count += 1
            _add_document(found, cid, Path(entry.path), entry.name,
                          _title(Path(entry.name).stem, cid), problems, src, checker)
        if count > MAX_DOCUMENT_FILES:
            problems.add(Problem(src, None, None, f"The documents folder holds more than "
                                 f"{MAX_DOCUMENT_FILES:,} files."))
            break
    return found, problems


def _skipped(name: str) -> bool:
    return name.startswith((".", "~$")) or name.casefold() in SKIPPED_FILES


def _walk(folder: Path, relative: str, problems: ProblemList, src: str, depth: int):
    if depth > MAX_FOLDER_DEPTH:
        problems.add(Problem(src, None, None, f"{shown(relative)} is nested too deeply."))
        return
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name.casefold())
    except OSError as exc:
        problems.add(Problem(src, None, None, f"{shown(relative)} cannot be read ({exc.strerror})."))
        return
    for entry in entries:
        rel = f"{relative}/{entry.name}"
        if _skipped(entry.name):
            continue
        if entry.is_symlink():
            problems.add(Problem(src, None, None, f"{shown(rel)} is a link; put the file itself "
                                 "in the documents folder."))
        elif entry.is_dir():
            yield from _walk(Path(entry.path), rel, problems, src, depth + 1)
        else:
            yield Path(entry.path), rel


def _case_for_name(name: str, case_ids: Mapping[str, str]) -> str | None:
    """The longest case id that starts ``name`` and is followed by a separator or the end."""
    stem = name.rsplit(".", 1)[0] if "." in name else name
    folded, best = name.casefold(), None
    for i, ch in enumerate(folded):
        if (ch in SEPARATORS and i) or i == len(stem):
            cid = case_ids.get(folded[:i])
            if cid is not None:
                best = cid
        if i >= 64:
            break
    cid = case_ids.get(stem.casefold())
    return cid if cid is not None else best


def _title(stem: str, case_id: str) -> str:
    if stem.casefold().startswith(case_id.casefold()):
        stem = stem[len(case_id):]
    title = " ".join(stem.replace("_", " ").strip(SEPARATORS).split())
    return "".join(ch for ch in title if ch.isprintable())[:200]


def _add_document(found: dict[str, list[DocumentFile]], cid: str, path: Path, relative: str,
                  title: str, problems: ProblemList, src: str, checker: "PdfChecker") -> None:
    try:
        size, kind = check_document(path)
        if kind == "pdf":
            facts = checker.check(path)
            if facts.warning:
                problems.warn(Problem(src, None, None, f"The document {shown(relative)} of case "
                                      f"{cid} {facts.warning}", kind="long_document"))
    except (BadDocument, PdfRefused) as exc:
        problems.add(Problem(src, None, None, f"The document {shown(relative)} of case {cid} "
                             f"{exc}", kind="document"))
        return
    found.setdefault(cid, []).append(DocumentFile(cid, path, relative, kind, size, title))


class BadDocument(ValueError):
    """A document that may not go into a bundle; the message completes 'The document X ...'."""


def check_document(path: Path, data: bytes | None = None) -> tuple[int, str]:
    """(size, kind) of a document that may go into a bundle; raises BadDocument."""
    kind = DOCUMENT_KINDS.get(path.suffix.casefold())
    if kind is None:
        shown = path.suffix or "a file without an extension"
        raise BadDocument(f"is {shown}: only PDF (.pdf) and text (.txt) documents can go "
                           "into a bundle; save it as PDF.")
    try:
        size = len(data) if data is not None else path.stat().st_size
        if size == 0:
            raise BadDocument("is empty.")
        if size > MAX_DOCUMENT_BYTES:
            raise BadDocument(f"is {size / (1 << 20):,.0f} MiB; a document may have up to "
                               f"{MAX_DOCUMENT_BYTES >> 20} MiB.")
        if kind == "pdf":
            if data is None:
                with open(path, "rb") as f:
                    head = f.read(1024)
            else:
                head = data[:1024]
            if b"%PDF-" not in head:
                raise BadDocument("is not a PDF file (it does not begin like one).")
        else:
            text_bytes = path.read_bytes() if data is None else data
            try:
                text_bytes.decode("utf-8")
            except UnicodeDecodeError:
                raise BadDocument("is not UTF-8 text; save it as UTF-8 text or as PDF.") from None
            if size > (1 << 20) and size > bundle_format.MAX_RATIO * len(
                    zlib.compress(text_bytes, 6)):
                raise BadDocument("is almost all repetition (it compresses more than "
                                   f"{bundle_format.MAX_RATIO}:1), which a bundle may not carry.")
    except OSError as exc:
        raise BadDocument(f"cannot be read ({exc.strerror}).") from None
    return size, kind


def attach_documents(cases: list[Case], found: Mapping[str, list[DocumentFile]]
                     ) -> tuple[list[Case], dict[str, DocumentFile]]:
    """Cases with their DocumentRefs, and the files by bundle file name."""
    files: dict[str, DocumentFile] = {}
    out = []
    for case in cases:
        refs = []
        for n, doc in enumerate(found.get(case.case_id, ()), 1):
            filename = f"{case.case_id}-D{n}.{'pdf' if doc.kind == 'pdf' else 'txt'}"
            refs.append(DocumentRef(f"{case.case_id}-D{n}", doc.title or f"Document {n}",
                                    doc.kind, filename))
            files[filename] = doc
        out.append(replace(case, documents=tuple(refs)) if refs else case)
    return out, files

"""Reading a table's columns: which column gives each field, and each row's values.

A case list and a roster are both tables (:class:`SheetRows`) whose columns
are recognised by their headers, compared ignoring case, spaces, underscores
and punctuation; a mapping file (``their header -> our field``, or
``ignore``) decides the rest.  The tables' own columns are declared where
they are read: :data:`review.intake.parse.CASE_COLUMNS` and the roster's in
:mod:`review.bundle.roster`.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import re
import unicodedata
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Mapping, Sequence

from review.intake.cells import (IGNORE, LIST_SEPARATORS, BadValue, Problem, ProblemList,
                                 SheetRows, Vocabulary, cell_text, column_letter,
                                 normalise_header, quote, shown, split_list)
from review.intake.mapping import value_key


# -- the columns of a case list ----------------------------------------------
@dataclass(frozen=True)
class Column:
    """A field that a table may carry, its headers, and how its cells are read."""

    name: str
    label: str
    required: bool
    parse: Callable[[object], Any]      # raises BadValue; returns None for a blank cell
    synonyms: tuple[str, ...] = ()      # besides the name and the label, strongest first
    default: Any = None
    repeats: bool = False               # values recur (categories, dates): remember them
    hints: tuple[str, ...] = ()         # headers that resemble the field without giving it

    def headers(self) -> list[str]:
        return [normalise_header(h) for h in (self.label, self.name, *self.synonyms)]

    @property
    def words(self) -> Vocabulary | None:
        """The closed list its values come from, when it has one."""
        return getattr(self.parse, "words", None)

    @property
    def many(self) -> bool:
        """Whether a cell holds a list of values (allegation types)."""
        return getattr(self.parse, "many", False)


def text_column(limit: int, *, multiline: bool = False) -> Callable[[object], str | None]:
    parse = functools.partial(cell_text, limit=limit, multiline=multiline)
    parse.text = (limit, multiline)     # type: ignore[attr-defined]  (review.intake.columns)
    return parse


def identifier_column(pattern: re.Pattern, what: str, example: str) -> Callable[[object], str | None]:
    def parse(value: object) -> str | None:
        text = cell_text(value, limit=64)
        if text is not None and not text.isascii():
            # Full-width letters and compatibility forms are the same id (NFKC).
            text = unicodedata.normalize("NFKC", text).strip()
        if text is not None and (not pattern.fullmatch(text) or ".." in text):
            raise BadValue(f"{quote(text)} is not a usable {what}: use letters, digits and "
                           f"{example}, starting with a letter or digit (up to 64 characters).",
                           "bad_identifier")
        return text
    parse.text, parse.pattern = (64, False), pattern    # type: ignore[attr-defined]
    return parse


def choice_column(words: Vocabulary, limit: int = 200) -> Callable[[object], str | None]:
    def parse(value: object) -> str | None:
        text = cell_text(value, limit=limit)
        return None if text is None else words.code(text)
    parse.words = words                 # type: ignore[attr-defined]
    return parse


# -- matching headers to columns ----------------------------------------------
@dataclass(frozen=True)
class Placed:
    """A column found in the table: its field, position and header."""

    column: Column
    index: int          # 1-based
    header: str         # as written in the table (the row dicts' key)

    @property
    def letter(self) -> str:
        return column_letter(self.index)


def read_mapping_entries(mapping: Mapping[str, Any] | None, columns: Sequence[Column],
                         source: str, problems: ProblemList) -> dict[str, str | None]:
    """A mapping file's entries as {normalised header: field name, or None to ignore}."""
    if not mapping:
        return {}
    by_word = {normalise_header(w): c.name for c in columns for w in (c.name, c.label)}
    out: dict[str, str | None] = {}
    for theirs, ours in mapping.items():
        key = normalise_header(theirs)
        if not key:
            problems.add(Problem(source, None, None, "An entry maps an empty header; remove it.",
                                 kind="mapping"))
            continue
        if ours is None or normalise_header(str(ours)) in ("", IGNORE):
            out[key] = None
            continue
        name = by_word.get(normalise_header(str(ours)))
        if name is None:
            problems.add(Problem(source, None, None, (
                f"The header {shown(theirs)} is mapped to {shown(ours)}, which is not a field; "
                f"the fields are {', '.join(c.name for c in columns)} (or 'ignore')."),
                kind="mapping", value=str(ours)))
            continue
        out[key] = name
    return out


def place_columns(sheet: SheetRows, columns: Sequence[Column], problems: ProblemList, *,
                  mapping: Mapping[str, Any] | None = None, mapping_source: str = "mapping file",
                  what: str = "case list", alternatives: Sequence[tuple[str, ...]] = (),
                  provided: Iterable[str] = (), report_unused: bool = False
                  ) -> dict[str, Placed]:
    """Which column of ``sheet`` gives each field; problems for missing or doubled ones.

    A mapping entry decides for its header.  Otherwise the strongest header
    wins when several columns could give a field (``Case ID`` over ``ID``);
    two columns with equally strong headers are a problem.  ``alternatives``
    lists groups of optional fields of which at least one must be present;
    ``provided`` names fields that need no column (a default fills them).  With
    ``report_unused``, every column left unused is a warning: one that
    resembles a field says which.
    """
    mapped = read_mapping_entries(mapping, columns, mapping_source, problems)
    present = {normalise_header(h) for h in sheet.headers if h}
    for key in mapped:
        if key not in present:
            problems.add(Problem(mapping_source, None, None, (
                f"It maps the header {shown(key)}, which the {what} {sheet.source} does not have."),
                kind="mapping"))
    by_name = {c.name: c for c in columns}
    strength: dict[str, tuple[str, int]] = {}
    for c in columns:
        for rank, word in enumerate(c.headers()):
            strength.setdefault(word, (c.name, rank))
    explicit = {name for name in mapped.values() if name}
    candidates: dict[str, list[tuple[int, int, str]]] = {}
    for index, header in enumerate(sheet.headers, 1):
        if not header:
            continue
        key = normalise_header(header)
        if key in mapped:
            if mapped[key]:
                candidates.setdefault(mapped[key], []).append((-1, index, header))
            continue
        hit = strength.get(key)
        if hit and hit[0] not in explicit:
            candidates.setdefault(hit[0], []).append((hit[1], index, header))
    placed: dict[str, Placed] = {}
    for name, found in candidates.items():
        found.sort()
        best = [f for f in found if f[0] == found[0][0]]
        if len(best) > 1:
            cols = " and ".join(f"{column_letter(i)} ({h})" for _, i, h in best)
            problems.add(Problem(sheet.source, sheet.header_row, column_letter(best[1][1]), (
                f"Columns {cols} both give the {by_name[name].label}; keep one, or name the "
                "one to use in a mapping file."), best[1][2], kind="doubled_column"))
        placed[name] = Placed(by_name[name], found[0][1], found[0][2])
    provided = set(provided)
    for c in columns:
        if c.required and c.name not in placed and c.name not in provided:
            examples = ", ".join(repr(h) for h in (c.label, *c.synonyms[:2]))
            problems.add(Problem(sheet.source, sheet.header_row, None, (
                f"There is no {c.label} column (a header such as {examples}); add one, or "
                "name it in a mapping file."), kind="missing_column"))
    for group in alternatives:
        if not any(name in placed or name in provided for name in group):
            labels = " or ".join(by_name[n].label for n in group)
            problems.add(Problem(sheet.source, sheet.header_row, None,
                                 f"There is no {labels} column; the {what} needs one of them.",
                                 kind="missing_column"))
    if report_unused:
        used = {p.index for p in placed.values()}
        for index, header in enumerate(sheet.headers, 1):
            key = normalise_header(header)
            if header and index not in used and mapped.get(key, "") is not None:
                _unused(sheet, index, header, columns, placed, problems)
    return placed


_GENERIC = {"date", "id", "of", "the", "s", "type", "types", "case", "met", "no", "number",
            "ref", "reference", "code", "name", "details", "and", "or", "by", "to"}


def resembles(header: str, columns: Sequence[Column]) -> Column | None:
    """The field a header looks like without being one of its headers, if any."""
    key = normalise_header(header)
    if not key:
        return None
    words = set(key.split()) - _GENERIC
    for c in columns:
        hints = {normalise_header(h) for h in c.hints}
        if key in hints or words & {w for h in hints for w in h.split()}:
            return c
    best, score = None, 0.0
    for c in columns:
        for h in c.headers():
            ratio = difflib.SequenceMatcher(None, key, h).ratio()
            overlap = words & (set(h.split()) - _GENERIC)
            value = max(ratio, 0.8 if overlap else 0.0)
            if value > score:
                best, score = c, value
    return best if score >= 0.8 else None


def _unused(sheet: SheetRows, index: int, header: str, columns: Sequence[Column],
            placed: dict[str, Placed], problems: ProblemList) -> None:
    like = resembles(header, columns)
    letter = column_letter(index)
    if like is None:
        problems.add(Problem(sheet.source, sheet.header_row, letter, (
            "This column is not used: no field has this header, and the mapping does not "
            "name it."), header, kind="column_ignored"))
        return
    given = placed.get(like.name)
    also = f" (column {given.letter}, {shown(given.header)}, gives it now)" if given else ""
    problems.add(Problem(sheet.source, sheet.header_row, letter, (
        f"{shown(header)} resembles the field {like.name} ({like.label}){also} but is not "
        f"used; map it to {like.name}, or to 'ignore'."), header, kind="column_resembles",
        value=like.name))


_MISSING = object()
_HASHABLE = (str, dt.date, dt.datetime)


def as_found(raw: object) -> str:
    """A cell's value as the problems file shows it: whole, dates as ISO."""
    if isinstance(raw, (dt.date, dt.datetime, dt.time)):
        return raw.isoformat()
    return str(raw)


class RowReader:
    """Parses rows of one table: the placed columns, in column order.

    Values of columns whose values recur (categories, dates) are remembered,
    so that 100,000 rows parse each distinct category or date once.
    ``values`` maps their values to ours per field (matched ignoring case and
    surrounding spaces); ``defaults`` gives a field's value where a cell is
    empty.
    """

    def __init__(self, placed: Iterable[Placed], source: str, problems: ProblemList, *,
                 values: Mapping[str, Mapping[str, str]] | None = None,
                 defaults: Mapping[str, Any] | None = None):
        order = sorted(placed, key=lambda p: p.index)
        self.headers = [p.header for p in order]
        self.source, self.problems = source, problems
        values, defaults = values or {}, defaults or {}
        self.plan = [(p.column.name, p.header, p.letter, self._parser(p.column, values),
                      p.column.required and p.column.name not in defaults,
                      defaults.get(p.column.name, p.column.default),
                      {} if p.column.repeats or values.get(p.column.name) else None,
                      f"The {p.column.label} is empty; every row needs one.") for p in order]

    @staticmethod
    def _parser(column: Column, values: Mapping[str, Mapping[str, str]]):
        table = values.get(column.name)
        if not table:
            return column.parse
        parse, many = column.parse, column.many

        def mapped(raw: object):
            if type(raw) is not str:
                return parse(raw)
            if many:
                parts = split_list(raw, LIST_SEPARATORS)
                return parse("; ".join(table.get(value_key(v), v) for v in parts))
            return parse(table.get(value_key(raw), raw))
        return mapped

    def is_blank(self, values: Mapping[str, object]) -> bool:
        """Nothing in the columns that matter: a blank row for this table."""
        return not any(map(values.__contains__, self.headers))

    def __call__(self, row_number: int, values: Mapping[str, object]
                 ) -> tuple[dict[str, Any], bool]:
        """({field: value}, whether every cell was usable) for one row.

        A required field whose cell is blank is a problem; an optional one
        takes its default.  Fields whose column is missing are left out.
        """
        out: dict[str, Any] = {}
        ok = True
        get = values.get
        for name, header, letter, parse, required, default, seen, empty in self.plan:
            raw = get(header)
            if raw is None:
                if required:
                    self.problems.add(Problem(self.source, row_number, letter, empty, header,
                                              kind="empty_required"))
                    ok = False
                else:
                    out[name] = default
                continue
            remember = seen is not None and type(raw) in _HASHABLE
            value = seen.get(raw, _MISSING) if remember else _MISSING
            if value is _MISSING:
                try:
                    value = parse(raw)
                except BadValue as exc:
                    value = exc
                if remember and len(seen) < 50_000:
                    seen[raw] = value
            if value is None:
                if required:
                    self.problems.add(Problem(self.source, row_number, letter, empty, header,
                                              kind="empty_required"))
                    ok = False
                else:
                    out[name] = default
            elif isinstance(value, BadValue):
                self.problems.add(Problem(self.source, row_number, letter, str(value), header,
                                          kind=value.kind, value=as_found(raw)))
                ok = False
            else:
                out[name] = value
        return out, ok

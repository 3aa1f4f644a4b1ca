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
import functools
import re
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Mapping, Sequence

from review.intake.cells import (IGNORE, BadValue, Problem, ProblemList, SheetRows, Vocabulary,
                                 cell_text, column_letter, normalise_header, quote, shown)


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

    def headers(self) -> list[str]:
        return [normalise_header(h) for h in (self.label, self.name, *self.synonyms)]


def text_column(limit: int, *, multiline: bool = False) -> Callable[[object], str | None]:
    return functools.partial(cell_text, limit=limit, multiline=multiline)


def identifier_column(pattern: re.Pattern, what: str, example: str) -> Callable[[object], str | None]:
    def parse(value: object) -> str | None:
        text = cell_text(value, limit=64)
        if text is not None and (not pattern.fullmatch(text) or ".." in text):
            raise BadValue(f"{quote(text)} is not a usable {what}: use letters, digits and "
                           f"{example}, starting with a letter or digit (up to 64 characters).")
        return text
    return parse


def choice_column(words: Vocabulary, limit: int = 200) -> Callable[[object], str | None]:
    def parse(value: object) -> str | None:
        text = cell_text(value, limit=limit)
        return None if text is None else words.code(text)
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
            problems.add(Problem(source, None, None, "An entry maps an empty header; remove it."))
            continue
        if ours is None or normalise_header(str(ours)) in ("", IGNORE):
            out[key] = None
            continue
        name = by_word.get(normalise_header(str(ours)))
        if name is None:
            problems.add(Problem(source, None, None, (
                f"The header {shown(theirs)} is mapped to {shown(ours)}, which is not a field; "
                f"the fields are {', '.join(c.name for c in columns)} (or 'ignore').")))
            continue
        out[key] = name
    return out


def place_columns(sheet: SheetRows, columns: Sequence[Column], problems: ProblemList, *,
                  mapping: Mapping[str, Any] | None = None, mapping_source: str = "mapping file",
                  what: str = "case list", alternatives: Sequence[tuple[str, ...]] = ()
                  ) -> dict[str, Placed]:
    """Which column of ``sheet`` gives each field; problems for missing or doubled ones.

    A mapping entry decides for its header.  Otherwise the strongest header
    wins when several columns could give a field (``Case ID`` over ``ID``);
    two columns with equally strong headers are a problem.  ``alternatives``
    lists groups of optional fields of which at least one must be present.
    """
    mapped = read_mapping_entries(mapping, columns, mapping_source, problems)
    present = {normalise_header(h) for h in sheet.headers if h}
    for key in mapped:
        if key not in present:
            problems.add(Problem(mapping_source, None, None, (
                f"It maps the header {shown(key)}, which the {what} {sheet.source} does not have.")))
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
                "one to use in a mapping file."), best[1][2]))
        placed[name] = Placed(by_name[name], found[0][1], found[0][2])
    for c in columns:
        if c.required and c.name not in placed:
            examples = ", ".join(repr(h) for h in (c.label, *c.synonyms[:2]))
            problems.add(Problem(sheet.source, sheet.header_row, None, (
                f"There is no {c.label} column (a header such as {examples}); add one, or "
                "name it in a mapping file.")))
    for group in alternatives:
        if not any(name in placed for name in group):
            labels = " or ".join(by_name[n].label for n in group)
            problems.add(Problem(sheet.source, sheet.header_row, None,
                                 f"There is no {labels} column; the {what} needs one of them."))
    return placed


_MISSING = object()
_HASHABLE = (str, dt.date, dt.datetime)


class RowReader:
    """Parses rows of one table: the placed columns, in column order.

    Values of columns whose values recur (categories, dates) are remembered,
    so that 100,000 rows parse each distinct category or date once.
    """

    def __init__(self, placed: Iterable[Placed], source: str, problems: ProblemList):
        order = sorted(placed, key=lambda p: p.index)
        self.headers = [p.header for p in order]
        self.source, self.problems = source, problems
        self.plan = [(p.column.name, p.header, p.letter, p.column.parse, p.column.required,
                      p.column.default, {} if p.column.repeats else None,
                      f"The {p.column.label} is empty; every row needs one.") for p in order]

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
                    self.problems.add(Problem(self.source, row_number, letter, empty, header))
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
                    self.problems.add(Problem(self.source, row_number, letter, empty, header))
                    ok = False
                else:
                    out[name] = default
            elif isinstance(value, BadValue):
                self.problems.add(Problem(self.source, row_number, letter, str(value), header))
                ok = False
            else:
                out[name] = value
        return out, ok

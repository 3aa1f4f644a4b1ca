"""``panel-review cases template``: a mapping workbook made from a case list, to edit in Excel.

Sheets (read back by ``--mapping``, see :mod:`review.intake.mapping`):

Columns   one row per column of the list: Letter, Their column, Field (the
          field it gives now, or blank), Resembles (a field its header looks
          like), Filled (how many rows have a value).  Fill Field to map a
          column; write ``ignore`` to silence a warning about it.
Values    for every field with a list of values, every distinct value found
          in its column: Field, Their value, Our value (suggested: the value
          it matches now, or the closest one; blank when nothing is close),
          Count, Recognised (yes when it matches without a mapping).
Settings  combine_rows (TRUE when some case id is on several rows), and a
          ``default <field>`` row for each required field that has no column.
Fields    every field, whether it is required, and its allowed values.

Their values are closed vocabularies (roles, categories, genders, ...);
free text (summaries, rationales) is never copied into the template.
"""

from __future__ import annotations

import difflib
from collections import Counter
from pathlib import Path

from review.atomic import atomic_write_bytes
from review.intake.cells import LIST_SEPARATORS, BadValue, SheetRows, column_letter, split_list
from review.intake.parse import CASE_COLUMNS
from review.intake.problems import ProblemList
from review.intake.report import ReportError, xlsx_bytes
from review.intake.table import place_columns, resembles

MAX_VALUES = 2_000          # distinct values listed per field


def suggest(words, text: str) -> tuple[str, bool]:
    """(our label for their value, whether it is recognised as it is); '' when nothing fits."""
    try:
        code = words.code(text)
        return _label(words, code), True
    except BadValue:
        pass
    options = {k: v for k, v in words.codes.items()}
    close = difflib.get_close_matches(" ".join(text.casefold().split()), list(options), 1, 0.75)
    return (_label(words, options[close[0]]), False) if close else ("", False)


def _label(words, code: str) -> str:
    labels = dict(zip(words.allowed_codes, words.allowed.split(", ")))
    return labels.get(code, code)


def template_sheets(sheet: SheetRows, columns: dict[str, str | None] | None = None
                    ) -> list[tuple[str, list[str], list[list]]]:
    """The template's sheets; ``columns`` (their header -> field or "ignore") overrides the
    recognised matches, as a mapping's columns would (the new-panel window's choices)."""
    problems = ProblemList()
    placed = place_columns(sheet, CASE_COLUMNS, problems, mapping=columns)
    by_index = {p.index: p for p in placed.values()}
    filled = Counter(h for _, row in sheet.rows for h in row)
    columns = []
    for index, header in enumerate(sheet.headers, 1):
        if not header:
            continue
        p = by_index.get(index)
        like = resembles(header, CASE_COLUMNS) if p is None else None
        columns.append([column_letter(index), header, p.column.name if p else "",
                        like.name if like else "", filled.get(header, 0)])
    values = []
    # Placed columns, and those that only resemble a field: their values are what a
    # coordinator maps once the column is mapped.
    sources = [(p.column, p.header) for p in sorted(placed.values(), key=lambda p: p.index)]
    sources += [(like, header) for header in sheet.headers if header
                and (like := resembles(header, CASE_COLUMNS)) is not None
                and like.name not in placed and header not in {h for _, h in sources}]
    for column, header in sources:
        words = column.words
        if words is None:
            continue
        found: Counter = Counter()
        for _, row in sheet.rows:
            raw = row.get(header)
            if isinstance(raw, str) and raw.strip():
                parts = split_list(raw, LIST_SEPARATORS) if column.many else [raw.strip()]
                found.update(parts)
        for theirs, count in found.most_common(MAX_VALUES):
            ours, known = suggest(words, theirs)
            values.append([column.name, theirs, ours, count, "yes" if known else "no"])
    ids = Counter(str(row.get(placed["case_id"].header, "")).casefold()
                  for _, row in sheet.rows) if "case_id" in placed else Counter()
    repeated = any(n > 1 for k, n in ids.items() if k)
    settings = [["combine_rows", "TRUE" if repeated else "FALSE"]]
    settings += [[f"default {c.name}", ""] for c in CASE_COLUMNS
                 if c.required and c.name not in placed and c.name != "case_id"]
    fields = [[c.name, c.label, "yes" if c.required else "no",
               c.words.allowed if c.words else ""] for c in CASE_COLUMNS]
    return [("Columns", ["Letter", "Their column", "Field", "Resembles", "Filled"], columns),
            ("Values", ["Field", "Their value", "Our value", "Count", "Recognised"], values),
            ("Settings", ["Setting", "Value"], settings),
            ("Fields", ["Field", "Label", "Required", "Allowed values"], fields)]


def write_template(sheet: SheetRows, out: Path) -> Path:
    out = Path(out)
    if out.suffix.casefold() != ".xlsx":
        raise ReportError(f"The template {out.name} must end in .xlsx.")
    out.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_bytes(out, xlsx_bytes(template_sheets(sheet)))
    return out

"""A case list's mapping: which of their columns gives which field, how their values
translate, defaults for what the list lacks, and whether rows combine into cases.

JSON (documented in docs/formats.md)::

    {"columns": {"Race": "ethnicity", "Notes": "ignore"},
     "values": {"allegation_types": {"Domestic Violence": "Domestic abuse"}},
     "defaults": {"subject_role": "officer"},
     "combine_rows": true}

A flat object ``{"their header": "field" or "ignore"}`` is the ``columns``
part alone, as before.  The same as an XLSX workbook: a **Columns** sheet
(Their column, Field), a **Values** sheet (Field, Their value, Our value) and
an optional **Settings** sheet (Setting, Value: ``combine_rows``, and
``default <field>`` rows); ``panel-review cases template`` writes one.

Their values are matched ignoring case and surrounding spaces.  Field names
and target values are checked against the case list's columns when the list
is parsed (:func:`review.intake.parse.parse_cases`), each problem naming the
mapping file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

from review.intake.cells import BadValue, SheetRows, normalise_header
from review.intake.problems import Problem

KEYS = ("columns", "values", "defaults", "combine_rows")


def value_key(text: object) -> str:
    """How their values are compared: ignoring case and surrounding spaces."""
    return str(text).strip().casefold()


@dataclass
class CaseMapping:
    columns: dict[str, str | None] = field(default_factory=dict)   # their header -> field
    values: dict[str, dict[str, str]] = field(default_factory=dict)  # field -> {key: ours}
    defaults: dict[str, object] = field(default_factory=dict)      # field -> raw value
    combine_rows: bool = False
    source: str = "mapping file"

    @classmethod
    def of(cls, data: "CaseMapping | Mapping[str, Any] | None",
           source: str = "mapping file") -> "CaseMapping":
        """A mapping from what a caller holds: a CaseMapping, a flat or full dict, or None."""
        if isinstance(data, CaseMapping):
            return data
        if not data:
            return cls(source=source)
        problems: list[Problem] = []
        mapping = from_json(data, source, problems)
        if problems:
            from review.intake.problems import CaseListError
            raise CaseListError(problems)
        return mapping

    def value_map(self, name: str) -> dict[str, str] | None:
        return self.values.get(name) or None


def _bad(source: str, message: str, row: int | None = None) -> Problem:
    return Problem(source, row, None, message, kind="mapping")


def from_json(data: Any, source: str, problems: list[Problem]) -> CaseMapping:
    """A mapping from parsed JSON; problems for anything of the wrong shape."""
    out = CaseMapping(source=source)
    if not isinstance(data, dict):
        problems.append(_bad(source, "It must be one JSON object."))
        return out
    full = any(k in data for k in KEYS) and all(
        not isinstance(data.get(k), str) for k in ("columns", "values", "defaults"))
    if not full:                      # the flat form: their header -> field
        data = {"columns": data}
    for key in data:
        if key not in KEYS:
            problems.append(_bad(source, f"It has the key {key!r}; the keys are "
                                 f"{', '.join(KEYS)}."))
    columns = data.get("columns", {})
    if not isinstance(columns, dict) or not all(
            isinstance(k, str) and (v is None or isinstance(v, str)) for k, v in columns.items()):
        problems.append(_bad(source, '"columns" must be an object of "their header": '
                                     '"field" (or "ignore") pairs.'))
    else:
        out.columns = dict(columns)
    values = data.get("values", {})
    if not isinstance(values, dict) or not all(
            isinstance(f, str) and isinstance(m, dict)
            and all(isinstance(v, str) for v in m.values()) for f, m in values.items()):
        problems.append(_bad(source, '"values" must be an object of field: {"their value": '
                                     '"our value"} objects.'))
    else:
        for name, table in values.items():
            add_values(out, name, table.items(), source, problems)
    defaults = data.get("defaults", {})
    if not isinstance(defaults, dict) or not all(
            isinstance(v, (str, int, float)) for v in defaults.values()):
        problems.append(_bad(source, '"defaults" must be an object of field: value pairs.'))
    else:
        out.defaults = dict(defaults)
    combine = data.get("combine_rows", False)
    if not isinstance(combine, bool):
        problems.append(_bad(source, '"combine_rows" must be true or false.'))
    else:
        out.combine_rows = combine
    return out


def add_values(out: CaseMapping, name: str, pairs, source: str, problems: list[Problem],
               rows: list[int | None] | None = None) -> None:
    """Their value -> ours for one field; a value mapped twice, differently, is a problem."""
    table = out.values.setdefault(name, {})
    for i, (theirs, ours) in enumerate(pairs):
        key = value_key(theirs)
        if not key or not str(ours).strip():
            continue
        if key in table and table[key] != str(ours).strip():
            problems.append(_bad(source, f"The {name} value {theirs!r} is mapped twice, to "
                                 f"{table[key]!r} and {ours!r}.", rows[i] if rows else None))
            continue
        table[key] = str(ours).strip()


def truthy(value: object) -> bool | None:
    text = str(value).strip().casefold()
    if text in ("true", "yes", "1", "y", "x"):
        return True
    if text in ("false", "no", "0", "n", ""):
        return False
    return None


# -- mapping files: a two-column CSV, or the template's sheets -------------------
_MAPPING_HEADERS = {"field", "our field", "panel review field", "maps to", "to", "column"}


def columns_from_csv(text: str, source: str, problems: list[Problem]) -> dict[str, str | None]:
    """Two columns: their header, our field (or ``ignore``); a header line is skipped."""
    import csv
    import io
    out: dict[str, str | None] = {}
    for number, row in enumerate(csv.reader(io.StringIO(text)), 1):
        cells = [c.strip() for c in row]
        if not any(cells):
            continue
        if len(cells) < 2 or len([c for c in cells[2:] if c]):
            problems.append(Problem(source, number, None, "Each line needs two cells: their "
                                    "header, then the field it gives (or 'ignore').",
                                    kind="mapping"))
            continue
        theirs, ours = cells[0], cells[1]
        if number == 1 and normalise_header(ours) in _MAPPING_HEADERS:
            continue
        if normalise_header(theirs) in {normalise_header(k) for k in out}:
            problems.append(Problem(source, number, "A", f"The header {theirs!r} is mapped twice.",
                                    kind="mapping"))
            continue
        out[theirs] = ours or None
    return out


def _cells(sheet: SheetRows, source: str, problems: list[Problem], *wanted: str):
    keys = {normalise_header(h): h for h in sheet.headers if h}
    found = [keys.get(normalise_header(w)) for w in wanted]
    if sheet.headers and None in found:
        problems.append(Problem(source, sheet.header_row, None, (
            f"A sheet needs the columns {', '.join(wanted)}."), kind="mapping"))
        return []
    return [(number, [values.get(k) for k in found]) for number, values in sheet.rows]


def from_sheets(sheets: Mapping[str, SheetRows], source: str,
                problems: list[Problem]) -> CaseMapping:
    """The template's workbook (see ``review.intake.template``) as a mapping."""
    out = CaseMapping(source=source)
    for _, (theirs, ours) in _cells(sheets["Columns"], source, problems, "Their column", "Field"):
        # A blank Field leaves the column to be recognised (or ignored) as without a mapping.
        if theirs is not None and str(theirs).strip() and ours is not None and str(ours).strip():
            out.columns[str(theirs)] = str(ours).strip()
    by_field: dict[str, list] = {}
    for number, (name, theirs, ours) in _cells(sheets["Values"], source, problems, "Field",
                                               "Their value", "Our value"):
        if name is not None and theirs is not None and ours is not None:
            by_field.setdefault(str(name).strip(), []).append((number, str(theirs), str(ours)))
    for name, items in by_field.items():
        add_values(out, name, [(t, o) for _, t, o in items], source, problems,
                   [n for n, _, _ in items])
    for number, (setting, value) in _cells(sheets["Settings"], source, problems, "Setting",
                                           "Value"):
        key = normalise_header(setting or "")
        if key == "combine rows":
            flag = truthy(value if value is not None else "")
            if flag is None:
                problems.append(Problem(source, number, "B", "combine_rows must be TRUE or FALSE.",
                                        kind="mapping"))
            out.combine_rows = bool(flag)
        elif key.startswith("default ") and value is not None and str(value).strip():
            out.defaults[key[len("default "):].replace(" ", "_")] = value
        elif key and not key.startswith("default "):
            problems.append(Problem(source, number, "A", (
                f"The setting {setting!r} is not known; the settings are combine_rows and "
                "'default <field>'."), kind="mapping"))
    return out


def checked_defaults(mapping: CaseMapping, by_name: Mapping[str, Any], problems) -> dict[str, Any]:
    """The mapping's defaults, each read by its field's column (``by_name``: name → Column)."""
    out = {}
    for name, raw in mapping.defaults.items():
        column = by_name.get(name)
        if column is None:
            problems.add(Problem(mapping.source, None, None, (
                f"It gives a default for {name!r}, which is not a field; the fields are "
                f"{', '.join(by_name)}."), kind="mapping", value=str(raw)))
            continue
        try:
            value = column.parse(raw)
        except BadValue as exc:
            problems.add(Problem(mapping.source, None, None, f"The default for {name}: {exc}",
                                 kind="mapping", value=str(raw)))
            continue
        if value is not None:
            out[name] = value
    return out


def checked_values(mapping: CaseMapping, by_name: Mapping[str, Any], problems) -> dict:
    """The mapping's values, each target checked against the field's own list."""
    out = {}
    for name, table in mapping.values.items():
        column = by_name.get(name)
        words = column.words if column else None
        if words is None:
            problems.add(Problem(mapping.source, None, None, (
                f"It maps values of {name!r}, which is not a field with a list of values; "
                "those are " + ", ".join(n for n, c in by_name.items() if c.words) + "."),
                kind="mapping"))
            continue
        good = {}
        for theirs, ours in table.items():
            try:
                words.code(ours)
                good[theirs] = ours
            except BadValue as exc:
                problems.add(Problem(mapping.source, None, None, (
                    f"The {name} value {theirs!r} is mapped to a value that is not in the "
                    f"list: {exc}"), kind="mapping", value=ours))
        out[name] = good
    return out

"""Problems found in input files: what each is, how bad, what to do, and the summary.

Every problem is kept (no cap): a real case list may have thousands, and the
coordinator needs all of them in the problems file (:mod:`review.intake.report`).
An **error** blocks (nothing is written while one remains); a **warning** is
reported and written to the problems file, and blocks nothing.

The terminal shows a summary, not the list: one line per kind of problem with
its count and the first rows where it occurs, so that a list with 8,000
problems fits on a screen and no kind is hidden behind the first 200 rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Sequence

from review.errors import PanelReviewError

ERROR, WARNING = "error", "warning"

# kind -> (severity, what it is, what to do).  The order is the summary's.
KINDS: dict[str, tuple[str, str, str]] = {
    "unreadable_file": (ERROR, "File cannot be read", "Save it again as .xlsx or CSV UTF-8."),
    "formula": (ERROR, "Cell holds a formula",
                "Copy the sheet and paste it as values (Paste Special, Values only)."),
    "mapping": (ERROR, "Mapping file entry is wrong", "Correct the mapping file."),
    "missing_column": (ERROR, "Required column missing",
                       "Add the column, or name it in the mapping's columns."),
    "doubled_column": (ERROR, "Two columns give one field",
                       "Keep one, or map the other to 'ignore'."),
    "empty_required": (ERROR, "Required value empty",
                       "Fill the cell, or give a default in the mapping."),
    "bad_identifier": (ERROR, "Unusable id",
                       "Use letters, digits and . _ - (up to 64 characters)."),
    "duplicate_case_id": (ERROR, "Case id used on more than one row",
                          "Give each case its own id, or set combine_rows in the mapping."),
    "rows_disagree": (ERROR, "Rows of one case disagree",
                      "Make the rows of the case agree on the subject and closed fields."),
    "not_a_date": (ERROR, "Not a date", "Write dates as 14/03/2019 or 2019-03-14."),
    "date_out_of_range": (ERROR, "Date before 1950 or after 2100",
                          "Correct the date, or leave the cell empty if it is not known."),
    "unknown_value": (ERROR, "Value not in the list",
                      "Map the value in the mapping's values (see cases template)."),
    "bad_text": (ERROR, "Cell cannot be used as text",
                 "Remove control characters or spreadsheet errors; shorten the text."),
    "roster": (ERROR, "Roster entry is wrong", "Correct the roster."),
    "document": (ERROR, "Document cannot be used", "Replace or remove the document."),
    "invalid": (ERROR, "Input cannot be used", "Correct it."),
    "column_ignored": (WARNING, "Column ignored",
                       "Map it to a field if it holds one; map it to 'ignore' to silence this."),
    "column_resembles": (WARNING, "Column looks like a field but is not used",
                         "Map it to the field it resembles, or to 'ignore'."),
    "not_recorded": (WARNING, "Field not recorded on some rows",
                     "Nothing, if the source lacks it: those cases show 'not recorded'."),
    "subject_variants": (WARNING, "One subject id written in several ways",
                         "Nothing: they are taken as one person; align the spelling at source."),
    "date_order": (WARNING, "Dates out of order",
                   "Check the dates: reported before conduct, or outcome before report."),
    "future_date": (WARNING, "Date in the future", "Check the date."),
    "old_date": (WARNING, "Implausibly old date (before 1970)", "Check the date."),
    "placeholder_date": (WARNING, "Date that looks like a placeholder",
                         "Leave the cell empty when the date is not known."),
    "subject_share": (WARNING, "One subject holds an outsized share of the list",
                      "Check that the subject column holds people, not a code."),
    "repeated_narrative": (WARNING, "Same narrative on many cases",
                           "Check the summary column holds each case's own text."),
    "unknown_conflict": (WARNING, "Declared conflict names no subject or case of the list",
                         "Nothing, for a standing roster; else check the spelling."),
    "long_document": (WARNING, "Very long document",
                      "Nothing, if it is needed: members can read it, it opens more slowly."),
    "row_left_out": (WARNING, "Row left out of the bundles",
                     "Correct its errors and create the bundles again to include it."),
}
SHOW_EACH = 40          # up to this many problems, the message lists each one


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input, located for a person to find it."""

    file: str
    row: int | None
    column: str | None          # column letter, e.g. "F"
    message: str                # a sentence, without the location
    header: str | None = None   # the column's header as written
    kind: str = "invalid"
    value: str | None = None    # the cell as found, whole (the problems file shows it)
    severity: str | None = None  # None: the kind's

    @property
    def level(self) -> str:
        return self.severity or KINDS.get(self.kind, KINDS["invalid"])[0]

    @property
    def hint(self) -> str:
        return KINDS.get(self.kind, KINDS["invalid"])[2]

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f" row {self.row}"
        if self.column:
            where += f", column {self.column}" + (f" ({self.header})" if self.header else "")
        return f"{where}: {self.message}"


def summary_lines(problems: Sequence[Problem], *, rows_shown: int = 5) -> list[str]:
    """One line per kind: count, title and first rows (or headers), errors first."""
    by_kind: dict[str, list[Problem]] = {}
    for p in problems:
        by_kind.setdefault(p.kind, []).append(p)
    order = {k: i for i, k in enumerate(KINDS)}
    lines = []
    for level in (ERROR, WARNING):
        kinds = sorted((k for k, ps in by_kind.items() if ps[0].level == level),
                       key=lambda k: order.get(k, len(order)))
        if not kinds:
            continue
        count = sum(len(by_kind[k]) for k in kinds)
        lines.append(f"{count:,} {level}{'s' if count != 1 else ''}:")
        for kind in kinds:
            ps = by_kind[kind]
            title = KINDS.get(kind, KINDS["invalid"])[1]
            lines.append(f"  {len(ps):>7,}  {title} [{kind}]: {_where(kind, ps, rows_shown)}")
    return lines


def _where(kind: str, ps: list[Problem], limit: int) -> str:
    if kind in ("column_ignored", "column_resembles"):
        names = list(dict.fromkeys(p.header or p.column or "" for p in ps))
        more = " ..." if len(names) > 12 else ""
        if kind == "column_ignored":
            return "ignored: " + ", ".join(names[:12]) + more
        return ", ".join(f"{p.header} (like {p.value})" for p in ps[:12]) + more
    rows = sorted({p.row for p in ps if p.row is not None})
    if not rows:
        return _short(ps[0])
    files = {p.file for p in ps}
    text = ", ".join(str(r) for r in rows[:limit]) + (" ..." if len(rows) > limit else "")
    return f"{'rows' if len(rows) > 1 else 'row'} {text}" + (
        f" of {next(iter(files))}" if len(files) == 1 else "") + f" - e.g. {_short(ps[0])}"


def _short(p: Problem, limit: int = 160) -> str:
    text = str(p)
    return text if len(text) <= limit else text[:limit - 3] + "..."


class CaseListError(PanelReviewError):
    """Input files with errors; ``problems`` lists every one, ``warnings`` the rest."""

    def __init__(self, problems: Sequence[Problem], *, total: int | None = None,
                 footer: str | None = None, warnings: Sequence[Problem] = ()):
        self.problems = list(problems)
        self.warnings = list(warnings)
        self.total = max(total or 0, len(self.problems))
        self.footer = footer
        if len(self.problems) <= SHOW_EACH:
            lines = [str(p) for p in self.problems]
        else:
            lines = summary_lines(self.problems)
        if footer:
            lines.append(footer)
        super().__init__("\n".join(lines))


class ProblemList:
    """Collects every problem: errors in ``items`` (``count`` of them), warnings apart."""

    def __init__(self) -> None:
        self.items: list[Problem] = []
        self.warnings: list[Problem] = []

    @property
    def count(self) -> int:
        return len(self.items)

    def add(self, problem: Problem) -> None:
        (self.items if problem.level == ERROR else self.warnings).append(problem)

    def warn(self, problem: Problem) -> None:
        self.warnings.append(problem)

    def extend(self, problems: Iterable[Problem]) -> None:
        for p in problems:
            self.add(p)

    def merge(self, other: "ProblemList") -> None:
        self.items.extend(other.items)
        self.warnings.extend(other.warnings)

    def everything(self) -> list[Problem]:
        """Errors and warnings, by file (in the order met) and row."""
        return in_row_order([*self.items, *self.warnings])

    def __bool__(self) -> bool:
        return bool(self.items)

    def raise_if_any(self, footer: str | None = None) -> None:
        if self.items:
            raise CaseListError(in_row_order(self.items), footer=footer,
                                warnings=in_row_order(self.warnings))


def in_row_order(problems: list[Problem]) -> list[Problem]:
    """By file (in the order met) then row; problems of a whole file before its rows."""
    files: dict[str, int] = {}
    for p in problems:
        files.setdefault(p.file, len(files))
    return sorted(problems, key=lambda p: (files[p.file], p.row if p.row is not None else 0))

"""``cases check`` and ``cases template``, and the summary both they and ``bundle create`` print.

``cases check`` runs every check of ``bundle create`` on the case list (and
its mapping) alone: no identity, roster or bundles.  It exits 0 when the list
is clean or has warnings only, 2 when it has errors.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from review.intake.problems import CaseListError, Problem, in_row_order, summary_lines
from review.intake.report import check_report_path, write_problems

MAX_LINES = 40


@dataclass
class CheckResult:
    lines: list[str]
    exit_code: int
    problems: list[Problem]
    cases: int


def report_lines(problems: Sequence[Problem], problems_file: Path | None,
                 notes: Sequence[str] = ()) -> list[str]:
    """The terminal's summary (at most about 40 lines) and where the full list went.

    Writes the problems file when one is named and there is anything to write.
    """
    lines = list(notes)
    if problems:
        lines += summary_lines(problems)[:MAX_LINES - len(lines) - 1]
    if problems_file is not None:
        written = write_problems(problems_file, in_row_order(list(problems)))
        lines.append(f"Every problem ({len(problems):,}, one row each) was written to {written}."
                     if problems else f"No problems; {written} lists none.")
    elif len(problems) > 1:
        lines.append(f"Add --problems FILE (.xlsx or .csv) to write all {len(problems):,} "
                     "problems, one row each.")
    return lines


def check_case_list(cases_file: Path, mapping_file: Path | None = None,
                    problems_file: Path | None = None) -> CheckResult:
    from review.intake.files import read_mapping, read_table
    from review.intake.parse import parse_cases
    if problems_file is not None:
        check_report_path(problems_file)
    found: list[Problem] = []
    sheet = mapping = None
    try:
        sheet = read_table(Path(cases_file), what="case list")
    except CaseListError as exc:
        found += exc.problems
    try:
        mapping = read_mapping(Path(mapping_file)) if mapping_file else None
    except CaseListError as exc:
        found += exc.problems
    if found or sheet is None:
        lines = report_lines(found, problems_file)
        return CheckResult(lines, 2, found, 0)
    result = parse_cases(sheet, mapping, make_cases=False)
    everything = result.problems.everything()
    errors = result.problems.count
    head = [f"{sheet.source}: {len(sheet):,} rows; "
            + (f"{result.count:,} cases, ready for bundle create."
               if not errors else f"{errors:,} error{'s' if errors != 1 else ''}: no bundle "
               "can be made until corrected (or use --leave-out-rows-with-errors).")]
    lines = report_lines(everything, problems_file, [*head, *result.describe()])
    return CheckResult(lines, 2 if errors else 0, everything, result.count)


def write_case_template(cases_file: Path, out: Path) -> list[str]:
    from review.intake.files import read_table
    from review.intake.template import write_template
    sheet = read_table(Path(cases_file), what="case list")
    written = write_template(sheet, Path(out))
    return [f"Wrote the mapping template {written} for {sheet.source} "
            f"({len(sheet.headers)} columns, {len(sheet):,} rows).",
            "Fill in Field on the Columns sheet and Our value on the Values sheet, then give "
            "it to cases check or bundle create with --mapping."]


def refusal_lines(exc: CaseListError, report: Path | None) -> list[str]:
    """What ``bundle create`` says when it writes nothing: the error's summary (or each
    error, when few), then where every problem was written, or how to write them."""
    lines = [str(exc)]
    every = [*exc.problems, *exc.warnings]
    if report is not None:
        write_problems(report, in_row_order(every))
        lines.append(f"Every problem ({len(every):,}, one row each) was written to {report}.")
    elif len(every) > 1:
        lines.append(f"Add --problems FILE (.xlsx or .csv) to write all {len(every):,} "
                     "problems, one row each.")
    return lines


# -- the command line ---------------------------------------------------------------
def register(subparsers) -> None:
    """Add ``cases check`` and ``cases template`` to main.py's subcommands."""
    cases = subparsers.add_parser("cases", help="check a case list, or make its mapping "
                                  "template").add_subparsers(dest="action", metavar="ACTION",
                                                             required=True)
    ck = cases.add_parser("check", help="every problem of a case list, grouped by kind")
    ck.add_argument("file", metavar="FILE", help="case list, XLSX or CSV")
    ck.add_argument("--mapping", metavar="M", help="columns, values and defaults (JSON, CSV, XLSX)")
    ck.add_argument("--problems", metavar="OUT", help="write every problem (.xlsx or .csv)")
    ck.set_defaults(func=cmd_check)
    tp = cases.add_parser("template", help="a mapping workbook for a case list, to edit in Excel")
    tp.add_argument("file", metavar="FILE", help="case list, XLSX or CSV")
    tp.add_argument("--out", required=True, metavar="MAPPING.xlsx")
    tp.set_defaults(func=cmd_template)


def cmd_check(args: argparse.Namespace) -> int:
    result = check_case_list(Path(args.file), Path(args.mapping) if args.mapping else None,
                             Path(args.problems) if args.problems else None)
    for line in result.lines:
        print(line, file=sys.stderr if result.exit_code else sys.stdout)
    return result.exit_code


def cmd_template(args: argparse.Namespace) -> int:
    for line in write_case_template(Path(args.file), Path(args.out)):
        print(line)
    return 0

"""Panel Review: the GUI by default, subcommands for headless work.

Exit status: 0 success or valid, 1 verification failed, 2 bad input or
usage.  Errors are plain sentences on stderr, never a traceback (set
PANEL_REVIEW_DEBUG=1 to see one).  Passphrases come from a prompt, or from
PANEL_REVIEW_PASSPHRASE when it is set.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

# One passphrase reader for every subcommand: the prompt, or PANEL_REVIEW_PASSPHRASE.
from exports.cli import (PASSPHRASE_ENV, read_new_passphrase,  # noqa: F401  (light: no libraries)
                         read_passphrase)


class UsageError(Exception):
    """Bad command-line input: printed as it is, exit status 2."""


# -- identity ---------------------------------------------------------------
def cmd_identity_create(args) -> int:
    from review.identity import Identity, format_fingerprint
    ident = Identity.generate(args.name)
    ident.save(Path(args.out), read_passphrase("Passphrase for the new signing key: ", confirm=True))
    from review.inert import inert
    from review.keyring import learn_and_save
    print(f"Created the signing identity of {inert(ident.name)} in {args.out}")
    print(f"Fingerprint: {format_fingerprint(ident.fingerprint)}")
    learn_and_save(lambda keyring: keyring.learn_own(ident.name, ident.fingerprint))
    return 0


def cmd_identity_show(args) -> int:
    from review.identity import common_name, fingerprint_of, format_fingerprint, load_certificate
    cert = load_certificate(Path(args.dir))
    from review.inert import inert
    print(f"Name:        {inert(common_name(cert))}")
    print(f"Fingerprint: {format_fingerprint(fingerprint_of(cert))}")
    print(f"Valid until: {cert.not_valid_after_utc:%Y-%m-%d}")
    if args.export_certificate:
        from cryptography.hazmat.primitives import serialization
        from review.atomic import atomic_write_bytes
        out = Path(args.export_certificate)
        atomic_write_bytes(out, cert.public_bytes(serialization.Encoding.PEM))
        print(f"Wrote the certificate (public, for the coordinator's roster) to {out}")
    return 0


def cmd_identity_passphrase(args) -> int:
    from review.identity import change_identity_passphrase, format_fingerprint
    from review.inert import inert
    old = read_passphrase("Current passphrase of the signing identity: ")
    identity = change_identity_passphrase(Path(args.dir), old,
                                          read_new_passphrase("New passphrase: "))
    print(f"Changed the passphrase of {inert(identity.name)}'s signing identity in {args.dir}.")
    print(f"Fingerprint: {format_fingerprint(identity.fingerprint)} (unchanged)")
    return 0


# -- bundles ----------------------------------------------------------------
def cmd_bundle_demo(args) -> int:
    from review.demo.bundle import build_demo_bundles
    if args.cases < 1 or args.reviewers < 1 or args.per_case < 1:
        raise UsageError("--cases, --reviewers and --per-case must each be at least 1.")
    out = Path(args.out)
    if args.reviewers > 1 and out.exists() and not out.is_dir():
        raise UsageError(f"With --reviewers {args.reviewers}, OUT must be a folder; {out} is a file.")
    paths = build_demo_bundles(out, cases=args.cases, reviewers=args.reviewers,
                               per_case=args.per_case, seed=args.seed)
    for p in paths:
        print(f"Wrote {p}")
    return 0


def _bundle_reader(args):
    """The identity a sealed bundle is opened with (``--identity``), or None."""
    if not args.identity:  # a sealed bundle opens only with the identity it is sealed for
        return None
    from review.identity import load_identity
    return load_identity(Path(args.identity),
                         read_passphrase("Passphrase of your signing identity: "))


def _sealing_note(bundle) -> str | None:
    if bundle.demo_key:
        return "DEMO bundle: sealed to the public DEMO key; its cases are synthetic."
    if not bundle.sealed:
        return "Warning: this bundle is not sealed; anyone who has the file can read it."
    return None


def cmd_bundle_verify(args) -> int:
    from review.bundle.contents import read_bundle
    bundle = read_bundle(Path(args.file), args.coordinator, reader=_bundle_reader(args))
    if note := _sealing_note(bundle):
        print(note)
    from review.inert import inert
    for line in bundle.describe():
        print(inert(line))
    print("VALID: signature, every entry's hash and every cross-reference check out.")
    return 0


def cmd_bundle_create(args) -> int:
    from review.intake.files import create_bundles_from_files
    from review.identity import load_identity

    def unlock():  # asked only once every input has passed its checks
        return load_identity(Path(args.identity),
                             read_passphrase("Passphrase of your signing identity: "))
    from review.intake.check import refusal_lines, report_lines
    from review.intake.cells import CaseListError
    from review.intake.report import check_report_path
    report = Path(args.problems) if args.problems else None
    if report is not None:
        check_report_path(report)
    try:
        result = create_bundles_from_files(
            Path(args.cases), Path(args.roster), Path(args.documents) if args.documents else None,
            args.per_case, args.seed, unlock, Path(args.out),
            Path(args.mapping) if args.mapping else None, args.title,
            leave_out=args.leave_out_rows_with_errors, anchoring_guard=args.anchoring_guard,
            seal=not args.plain)
    except CaseListError as exc:
        for line in refusal_lines(exc, report):
            print(line, file=sys.stderr)
        return exc.exit_code
    from review.inert import inert  # names and titles come from the case list and roster
    for line in report_lines(result.warnings, report, result.notes) if (
            result.warnings or report or result.notes) else ():
        print(inert(line))
    for line in result.describe():
        print(inert(line))
    if args.plain:
        from review.bundle.create import PLAIN_BUNDLES_WARNING
        print(PLAIN_BUNDLES_WARNING)
    return 0


# -- workspace --------------------------------------------------------------
def cmd_workspace_open(args) -> int:
    from review.atomic import remove_stale_temp_files
    from review.workspace.database import Workspace
    path, bundle = Path(args.workspace), Path(args.bundle)
    remove_stale_temp_files(path.parent)  # what a killed first open or export left there
    if path.exists():
        ws = Workspace.open(path, read_passphrase("Workspace passphrase: "))
        result = ws.import_bundle(bundle, reader=_bundle_reader(args))
        note = "already holds this bundle; nothing changed" if result.already_imported else "updated"
    else:
        if not bundle.is_file():
            raise UsageError(f"There is no bundle at {bundle}.")
        reader = _bundle_reader(args)
        ws = Workspace.create(path, read_passphrase("Choose a workspace passphrase: ", confirm=True),
                              bundle, expected_signer=args.coordinator, reader=reader)
        note = "created"
        from review.bundle.format import sealed_for
        if sealed_for(bundle) is None:
            print("Warning: this bundle was not sealed; anyone who had the file could read it.")
    with ws:
        from review.keyring import learn_and_save, learn_workspace
        learn_and_save(lambda keyring: learn_workspace(keyring, ws))
        _print_workspace(ws, note)
    return 0


def _print_workspace(ws, note: str) -> None:
    from review.cases import CATEGORIES
    from review.identity import format_fingerprint
    from review.inert import inert
    info = ws.info()
    progress = ws.decisions.progress()
    by_cat = " / ".join(f"{sum(progress[k].values()):,} {v.lower()}" for k, v in CATEGORIES.items())
    done = progress["all"].get("final", 0) + progress["all"].get("recused", 0)
    print(f"Workspace {inert(info.path)} {note}.")
    print(f"Bundle:      {inert(info.bundle_title)}" + ("  [DEMO]" if info.demo else ""))
    print(f"Member:      {inert(info.member_name)} ({inert(info.member_id)})")
    print(f"Coordinator: {inert(info.coordinator_name)}, "
          f"{format_fingerprint(info.coordinator_fingerprint)}")
    print(f"Cases:       {info.case_count:,} ({by_cat})")
    print(f"Decided:     {done:,} of {info.case_count:,} "
          f"({progress['all'].get('draft', 0):,} drafts in progress)")


def cmd_workspace_passphrase(args) -> int:
    from review.workspace.database import Workspace
    with Workspace.open(Path(args.workspace), read_passphrase("Current workspace passphrase: ")) as ws:
        # Re-encrypts every page, then commits: the old passphrase opens it until then.
        ws.change_passphrase(read_new_passphrase("New workspace passphrase: "))
    print(f"Changed the passphrase of the workspace {args.workspace}.")
    return 0


def cmd_simulate(args) -> int:
    from review.demo.simulate import simulate
    from review.workspace.database import Workspace
    with Workspace.open(Path(args.workspace), read_passphrase("Workspace passphrase: ")) as ws:
        counts = simulate(ws, seed=args.seed)
        report = ws.decisions.check_history()
        print("Simulated decisions: " + ", ".join(f"{v:,} {k}" for k, v in sorted(counts.items())))
        print(f"History: {report.entries:,} versions, chain intact.")
    return 0


def cmd_history_check(args) -> int:
    from review.workspace.database import Workspace
    exported = _exported_history(args) if args.against else None  # bad export: before the passphrase
    with Workspace.open(Path(args.workspace), read_passphrase("Workspace passphrase: ")) as ws:
        report = ws.decisions.check_history()
        entries, meta = ws.decisions.history(), ws.meta()
    print(f"History intact: {report.entries:,} versions, head {report.head[:16]}…")
    if exported is None:
        return 0
    from exports.history_anchor import against_export
    extends, sentence = against_export(entries, meta, exported, Path(args.against).name)
    print(sentence)
    return 0 if extends else 1


def _exported_history(args):
    from exports.history_anchor import exported_history

    def identity():
        from review.identity import load_identity
        return load_identity(Path(args.identity),
                             read_passphrase("Passphrase of your signing identity: "))
    return exported_history(Path(args.against), identity if args.identity else None)


def cmd_gui(args) -> int:
    # Before any QApplication: a missing X11 library gets a sentence, not Qt's abort.
    from ui.preflight import preflight
    status = preflight()
    if status is not None:
        return status
    from ui.app import run_gui
    return run_gui(getattr(args, "path", None), demo=getattr(args, "demo", False))


# -- parser -----------------------------------------------------------------
def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="panel-review", description=__doc__.splitlines()[0],
                                usage="%(prog)s [-h] [--version] [COMMAND ... | PATH]")
    p.add_argument("--version", action=_VersionAction)
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    g = sub.add_parser("gui", help="open the app (the default)")
    g.add_argument("path", nargs="?", help="a bundle (.prb) or workspace (.prw)")
    g.add_argument("--demo", action="store_true",
                   help="open the built-in DEMO bundle (1,131 synthetic cases)")
    g.set_defaults(func=cmd_gui)

    ident = sub.add_parser("identity", help="signing identities").add_subparsers(
        dest="action", metavar="ACTION", required=True)
    c = ident.add_parser("create", help="make a key and certificate")
    c.add_argument("--name", required=True)
    c.add_argument("--out", required=True, metavar="DIR")
    c.set_defaults(func=cmd_identity_create)
    s = ident.add_parser("show", help="name and certificate fingerprint")
    s.add_argument("dir", metavar="DIR")
    s.add_argument("--export-certificate", metavar="FILE",
                   help="also write the certificate (public) for the coordinator's roster")
    s.set_defaults(func=cmd_identity_show)
    ip = ident.add_parser("passphrase", help="change the passphrase of a signing identity "
                                             "(the key and fingerprint stay the same)")
    ip.add_argument("dir", metavar="DIR")
    ip.set_defaults(func=cmd_identity_passphrase)

    bundle = sub.add_parser("bundle", help="case bundles").add_subparsers(
        dest="action", metavar="ACTION", required=True)
    d = bundle.add_parser("demo", help="write the synthetic demo bundle(s)")
    d.add_argument("out", metavar="OUT")
    d.add_argument("--cases", type=int, default=1131)
    d.add_argument("--reviewers", type=int, default=1)
    d.add_argument("--per-case", type=int, default=2)
    d.add_argument("--seed", type=int, default=0)
    d.set_defaults(func=cmd_bundle_demo)
    v = bundle.add_parser("verify", help="check a bundle's signature and contents")
    v.add_argument("file", metavar="FILE")
    v.add_argument("--coordinator", metavar="FINGERPRINT",
                   help="refuse unless signed by this certificate")
    v.add_argument("--identity", metavar="DIR", help="your identity, to open a sealed bundle")
    v.set_defaults(func=cmd_bundle_verify)

    bc = bundle.add_parser("create", help="bundles for each member from a case spreadsheet")
    bc.add_argument("--cases", required=True, metavar="FILE", help="case list, XLSX or CSV")
    bc.add_argument("--roster", required=True, metavar="FILE", help="roster, XLSX or CSV")
    bc.add_argument("--documents", metavar="DIR", help="folder of case documents")
    bc.add_argument("--per-case", type=int, default=2, help="reviewers per case (default 2)")
    bc.add_argument("--seed", type=int, default=0, help="seed for the assignment")
    bc.add_argument("--identity", required=True, metavar="DIR", help="your signing identity")
    bc.add_argument("--out", required=True, metavar="DIR")
    bc.add_argument("--mapping", metavar="FILE", help="your columns and values → ours, defaults, "
                    "combine_rows (JSON, CSV, or the XLSX of cases template)")
    bc.add_argument("--title", help="the panel's title")
    bc.add_argument("--plain", action="store_true",
                    help="write bundles that are not sealed (by default each member's bundle "
                         "is sealed for that member and you, and every roster row needs a "
                         "certificate); anyone who gets a plain bundle can read it")
    # Sealing is the default; --seal stays accepted so that older scripts still run.
    bc.add_argument("--seal", action="store_true", help=argparse.SUPPRESS)
    bc.add_argument("--no-anchoring-guard", dest="anchoring_guard", action="store_false",
                    help="show members the Met's category and rationale at once (by default "
                         "they are hidden until the member has chosen a category)")
    bc.add_argument("--problems", metavar="FILE",
                    help="write every problem, one row each (.xlsx or .csv)")
    bc.add_argument("--leave-out-rows-with-errors", action="store_true",
                    help="make the bundles from the rows without errors; list the rest")
    bc.set_defaults(func=cmd_bundle_create)

    from review.intake.check import register as register_cases  # light: no libraries
    register_cases(sub)

    from exports.panel_cli import register as register_panel  # light: libraries load on use
    register_panel(sub)

    ws = sub.add_parser("workspace", help="the member's workspace").add_subparsers(
        dest="action", metavar="ACTION", required=True)
    o = ws.add_parser("open", help="open a bundle into a workspace")
    o.add_argument("bundle", metavar="BUNDLE")
    o.add_argument("--workspace", required=True, metavar="FILE")
    o.add_argument("--coordinator", metavar="FINGERPRINT")
    o.add_argument("--identity", metavar="DIR",
                   help="your signing identity's folder, to open a bundle sealed for you")
    o.set_defaults(func=cmd_workspace_open)
    h = ws.add_parser("check", help="verify the decision history chain")
    h.add_argument("workspace", metavar="WORKSPACE")
    h.add_argument("--against", metavar="EXPORT",
                   help="a signed PDF, workbook or sealed return made from this workspace: "
                        "exit 1 unless the workspace still extends its history")
    h.add_argument("--identity", metavar="DIR",
                   help="your signing identity's folder, to open a sealed return")
    h.set_defaults(func=cmd_history_check)
    wp = ws.add_parser("passphrase", help="change the passphrase of a workspace")
    wp.add_argument("workspace", metavar="WORKSPACE")
    wp.set_defaults(func=cmd_workspace_passphrase)

    from exports.cli import register as register_exports  # light: libraries load on use
    register_exports(sub)

    sim = sub.add_parser("simulate", help="fill a workspace with synthetic decisions")
    sim.add_argument("workspace", metavar="WORKSPACE")
    sim.add_argument("--seed", type=int, default=0)
    sim.set_defaults(func=cmd_simulate)
    return p


def _version() -> str:
    """From the installed package's metadata (the frozen app carries it too)."""
    from importlib.metadata import PackageNotFoundError, version
    try:
        return version("panel-review")
    except PackageNotFoundError:
        return "(not installed)"


class _VersionAction(argparse.Action):
    """``--version``, read only when asked: the metadata lookup is not start-up work."""

    def __init__(self, option_strings, dest, **kwargs):
        super().__init__(option_strings, dest, nargs=0, help="print the version and exit")

    def __call__(self, parser, namespace, values, option_string=None):
        print(f"panel-review {_version()}")
        parser.exit()


def _with_command(parser: argparse.ArgumentParser, argv: list[str]) -> list[str]:
    """``panel-review FILE`` is ``panel-review gui FILE``: what a file manager runs when
    a bundle or workspace is double-clicked."""
    commands = next(a.choices for a in parser._actions
                    if isinstance(a, argparse._SubParsersAction))
    first = argv[0] if argv else ""
    if first and not first.startswith("-") and first not in commands and (
            Path(first).suffix.lower() in (".prb", ".prw") or Path(first).is_file()):
        return ["gui", *argv]
    return argv


def main(argv: list[str] | None = None) -> int:
    from review.process_guard import guard_process
    guard_process()  # before any file is made or any passphrase read
    parser = build_parser()
    args = parser.parse_args(_with_command(parser, sys.argv[1:] if argv is None else argv))
    if not getattr(args, "func", None):
        args.func = cmd_gui
    from review.errors import PanelReviewError
    # Messages can quote names and file names read from files: printed inert.
    from review.inert import inert_lines
    try:
        return args.func(args)
    except UsageError as exc:
        print(inert_lines(exc), file=sys.stderr)
        return 2
    except PanelReviewError as exc:
        print(inert_lines(exc), file=sys.stderr)
        return exc.exit_code
    except Exception as exc:
        from review.storage import storage_problem
        storage = storage_problem(exc, "the command did not finish")
        if storage is None:
            return _unnamed_failure(exc)
        print(storage, file=sys.stderr)
        return storage.exit_code
    except KeyboardInterrupt:
        print("Stopped; nothing further was changed.", file=sys.stderr)
        return 2


def _unnamed_failure(exc: Exception) -> int:
    from review.inert import inert
    try:
        raise exc
    except OSError as exc:
        where = f" {inert(exc.filename)}" if exc.filename else ""
        print(f"Could not read or write{where}: {exc.strerror or exc}. Nothing else was changed.",
              file=sys.stderr)
        return 2
    except Exception as exc:  # the last resort: a sentence, never a traceback
        if os.environ.get("PANEL_REVIEW_DEBUG"):
            raise
        print(f"Panel Review stopped on an unexpected problem ({type(exc).__name__}). "
              "Nothing acknowledged was lost. Please report it to the coordinator.", file=sys.stderr)
        return 2


if __name__ == "__main__":
    # The frozen app starts its worker processes (the PDF check of bundle create) as
    # itself; this makes such a start run the worker instead of the whole program.
    import multiprocessing
    multiprocessing.freeze_support()
    sys.exit(main())

"""The ``export`` and ``verify`` subcommands.

main.py adds them with one call, and takes its passphrase reader from here,
so that prompts and PANEL_REVIEW_PASSPHRASE behave alike in every command:

    from exports.cli import register as register_exports
    register_exports(sub)

Handlers return the exit status (0 valid/success, 1 any file INVALID, 2 bad
input) and raise PanelReviewError subclasses, which main() prints as plain
sentences.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path
from typing import Callable

from review.errors import PanelReviewError

PASSPHRASE_ENV = "PANEL_REVIEW_PASSPHRASE"
ReadPassphrase = Callable[[str], str]


class PassphraseNeeded(PanelReviewError):
    """No terminal to prompt on and no passphrase in the environment, or two that differ."""


def read_passphrase(prompt: str, *, confirm: bool = False) -> str:
    """The passphrase from PANEL_REVIEW_PASSPHRASE, else asked for at the terminal."""
    value = os.environ.get(PASSPHRASE_ENV)
    if value is not None:
        return value
    if not sys.stdin or not sys.stdin.isatty():
        raise PassphraseNeeded(f"A passphrase is needed: run this in a terminal, or set "
                               f"{PASSPHRASE_ENV}.")
    return _ask_twice(prompt) if confirm else getpass.getpass(prompt)


NEW_PASSPHRASE_ENV = "PANEL_REVIEW_NEW_PASSPHRASE"


def read_new_passphrase(prompt: str) -> str:
    """A changed passphrase: PANEL_REVIEW_NEW_PASSPHRASE, else asked for twice at the terminal
    (PANEL_REVIEW_PASSPHRASE is then the current one)."""
    value = os.environ.get(NEW_PASSPHRASE_ENV)
    if value is not None:
        return value
    if not sys.stdin or not sys.stdin.isatty():
        raise PassphraseNeeded(f"The new passphrase is needed: run this in a terminal, or set "
                               f"{NEW_PASSPHRASE_ENV}.")
    return _ask_twice(prompt)


def _ask_twice(prompt: str) -> str:
    first = getpass.getpass(prompt)
    if getpass.getpass("Repeat it: ") != first:
        raise PassphraseNeeded("The two passphrases differ; nothing was changed. Try again.")
    return first


def register(subparsers, *, reader: ReadPassphrase | None = None) -> None:
    """Add ``export`` and ``verify`` to main.py's subcommands."""
    reader = reader or read_passphrase  # tests may pass their own

    e = subparsers.add_parser("export", help="write the signed PDF and/or Excel export")
    e.add_argument("workspace", metavar="WORKSPACE")
    e.add_argument("--identity", required=True, metavar="DIR", help="your signing identity")
    e.add_argument("--pdf", metavar="FILE", help="signed PDF report to write")
    e.add_argument("--xlsx", metavar="FILE", help="signed Excel workbook to write")
    e.add_argument("--seal-for", metavar="CERT",
                   help="write both files inside one file sealed for the coordinator (their "
                        "cert.pem) and you, next to the workspace; only you two can open it")
    e.set_defaults(func=lambda args: cmd_export(args, reader))

    v = subparsers.add_parser("verify", help="check signed PDF or Excel exports")
    v.add_argument("files", nargs="+", metavar="FILE")
    v.add_argument("--signer", metavar="FINGERPRINT",
                   help="also require this signer's certificate fingerprint")
    v.add_argument("--require-known", action="store_true",
                   help="exit 1 when a file's signer is not in your keyring (the coordinator "
                        "of a bundle you opened, a member its roster pins, or yourself)")
    v.set_defaults(func=cmd_verify)


def cmd_export(args: argparse.Namespace, read_passphrase: ReadPassphrase) -> int:
    from review.identity import format_fingerprint
    from review.inert import inert
    from review.atomic import remove_stale_temp_files
    from exports.errors import ExportError
    from exports.service import export_workspace
    if args.seal_for and (args.pdf or args.xlsx):
        raise ExportError("--seal-for writes both files inside one sealed file next to the "
                          "workspace; leave out --pdf and --xlsx.")
    # What a killed export left in the folders written to (and the workspace's) goes first.
    for folder in {Path(p).parent for p in (args.workspace, args.pdf, args.xlsx) if p}:
        remove_stale_temp_files(folder)
    workspace_pass = read_passphrase("Workspace passphrase: ")
    identity_pass = read_passphrase("Passphrase for your signing key: ")
    result = export_workspace(
        Path(args.workspace), workspace_pass, Path(args.identity), identity_pass,
        pdf_path=Path(args.pdf) if args.pdf else None,
        xlsx_path=Path(args.xlsx) if args.xlsx else None,
        progress=_terminal_progress() if sys.stderr.isatty() else None,
        seal_for=Path(args.seal_for) if args.seal_for else None)
    if result.sealed_path:
        print(f"Wrote {result.sealed_path} (signed PDF and Excel workbook, sealed for the "
              "coordinator and you)")
    elif result.pdf_path or result.xlsx_path:
        print("Warning: these files are not sealed; anyone who gets them can read them "
              "(--seal-for CERT seals them for the coordinator).")
    if result.pdf_path:
        print(f"Wrote {result.pdf_path} (signed PDF, {result.pdf_pages:,} pages)")
    if result.xlsx_path:
        print(f"Wrote {result.xlsx_path} (signed Excel workbook)")
    print(f"Decisions: {result.decision_count:,} of {result.case_count:,} cases")
    print(f"Signed by:   {inert(result.signer_name)}")
    print(f"Fingerprint: {format_fingerprint(result.fingerprint)}")
    from review.keyring import learn_and_save
    learn_and_save(lambda keyring: keyring.learn_own(result.signer_name, result.fingerprint))
    return 0


def _terminal_progress():
    def show(fraction: float, message: str) -> None:
        end = "\n" if fraction >= 1.0 else ""
        print(f"\r{fraction * 100:3.0f}%  {message[:60]:<60}", end=end, file=sys.stderr,
              flush=True)
    return show


def cmd_verify(args: argparse.Namespace) -> int:
    from review.identity import normalise_fingerprint
    from review.inert import inert
    from review.keyring import Keyring
    from exports.errors import UnsupportedFile
    from exports.verify import verify_file
    expected = normalise_fingerprint(args.signer) if args.signer else None
    keyring = Keyring()
    status = 0
    for name in args.files:
        try:
            report = verify_file(Path(name), expected_fingerprint=expected)
        except UnsupportedFile as exc:
            print(f"{inert(name)}: {inert(exc)}", file=sys.stderr)
            status = 2
            continue
        known, headline = report.verdict(keyring)
        print(f"{inert(name)}: {headline}")
        if not report.valid or (not known and args.require_known):
            status = max(status, 1)
        for label, value in report.details():
            print(f"  {label + ':':<13}{value}")
    return status

"""The coordinator's ``merge`` and ``demo-panel`` subcommands.

main.py adds them with one call (``register(sub)``); like every command they
take passphrases from the prompt or PANEL_REVIEW_PASSPHRASE, print plain
sentences, and return the exit status (0 success, 1 a file refused, 2 bad
input).
"""

from __future__ import annotations

import sys
from pathlib import Path

from review.errors import PanelReviewError

from exports.cli import read_passphrase


class PanelUsage(PanelReviewError):
    """Options that do not go together, or a workspace from another panel: exit status 2."""


def register(sub) -> None:
    m = sub.add_parser("merge", help="merge members' signed Excel exports (coordinator)")
    m.add_argument("files", nargs="+", metavar="FILE")
    m.add_argument("--roster", required=True, metavar="FILE",
                   help="the panel file (panel.prb) that bundle create wrote")
    m.add_argument("--workspace", required=True, metavar="FILE",
                   help="the coordinator workspace (made on first use)")
    m.add_argument("--xlsx", metavar="OUT",
                   help="write the consolidated result as a signed Excel workbook "
                        "(needs --identity)")
    m.add_argument("--pdf", metavar="OUT",
                   help="write the consolidated result as a signed PDF (needs --identity)")
    m.add_argument("--identity", metavar="DIR",
                   help="the coordinator's signing identity (the one that signed the panel's "
                        "bundles); required with --pdf or --xlsx, both of which are signed")
    m.set_defaults(func=cmd_merge)

    dp = sub.add_parser("demo-panel", help="rehearse the whole workflow with synthetic reviewers, "
                                           "up to the signed consolidated result")
    dp.add_argument("dir", metavar="DIR")
    dp.add_argument("--reviewers", type=int, default=3)
    dp.add_argument("--cases", type=int, default=1131)
    dp.add_argument("--seed", type=int, default=0)
    dp.set_defaults(func=cmd_demo_panel)


def cmd_merge(args) -> int:
    from exports.merge_files import merge_files
    from review.panel.workspace import CoordinatorWorkspace
    from review.panel.merge import CASE_STATUSES
    path, files = Path(args.workspace), [Path(f) for f in args.files]
    pdf = Path(args.pdf) if args.pdf else None
    xlsx = Path(args.xlsx) if args.xlsx else None
    if (pdf or xlsx) and not args.identity:
        raise PanelUsage("--pdf and --xlsx need --identity DIR: the consolidated result is "
                         "signed with the coordinator's signing identity.")
    from exports.sealed_return import is_sealed_file
    if args.identity and not (pdf or xlsx) and not any(is_sealed_file(f) for f in files):
        raise PanelUsage("--identity is only used to sign the consolidated result; add --pdf "
                         "FILE and/or --xlsx FILE.")
    if pdf and xlsx and pdf.resolve() == xlsx.resolve():
        raise PanelUsage("The consolidated PDF and workbook need two different file names.")
    if path.exists():
        coord_pass = read_passphrase("Coordinator workspace passphrase: ")
    else:
        coord_pass = read_passphrase("Choose a coordinator workspace passphrase: ", confirm=True)
    identity = _coordinator_identity(args.identity, Path(args.roster)) if args.identity else None
    if path.exists():
        coord = CoordinatorWorkspace.open(path, coord_pass)
    else:
        coord = CoordinatorWorkspace.create(path, coord_pass, Path(args.roster))
    data = None
    with coord:
        if coord.meta()["bundle_digest"] != _panel_digest(Path(args.roster)):
            raise PanelUsage(f"{path.name} was made from another panel file than {args.roster}.")
        from review.keyring import learn_and_save, learn_workspace
        learn_and_save(lambda keyring: learn_workspace(keyring, coord))  # verify names them
        if coord.member_bundles() is None:
            print("Note: the panel file lists no member bundle digests (an older Panel Review "
                  "made it), so each export is checked by the certificate that signed its "
                  "bundle, not by the bundle's digest.")
        outcomes = merge_files(coord, files, reader=identity)
        from review.inert import inert  # file names and reasons quote what files hold
        for o in outcomes:
            tail = f": {inert(o.reason)}" if o.reason else ""
            who = f" ({inert(o.member_id)})" if o.member_id else ""
            print(f"{inert(o.source)}{who}: {o.outcome.upper()}{tail}")
        counts: dict[str, int] = {}
        for row in coord.overview():
            counts[row.status] = counts.get(row.status, 0) + 1
        print("Cases: " + ", ".join(f"{counts.get(k, 0):,} {v.lower()}"
                                    for k, v in CASE_STATUSES.items()))
        if identity is not None and (pdf or xlsx):
            from exports.consolidated.publish import collect_consolidated
            data = collect_consolidated(coord)
    if identity is not None and data is not None:
        from exports.consolidated.publish import export_consolidated
        from review.identity import format_fingerprint
        result = export_consolidated(data, identity, pdf_path=pdf, xlsx_path=xlsx)
        if result.pdf_path:
            print(f"Wrote {result.pdf_path} (consolidated result, signed PDF, "
                  f"{result.pdf_pages:,} pages)")
        if result.xlsx_path:
            print(f"Wrote {result.xlsx_path} (consolidated result, signed Excel workbook)")
        print(f"Final decisions: {result.final_count:,} of {result.case_count:,} cases")
        from review.inert import inert
        print(f"Signed by:   {inert(result.signer_name)}")
        print(f"Fingerprint: {format_fingerprint(result.fingerprint)}")
    refused = [o for o in outcomes if o.outcome == "refused"]
    if refused:
        print(f"{len(refused)} of {len(outcomes)} files were refused; nothing from them was "
              "merged.", file=sys.stderr)
        return 1
    return 0


def _coordinator_identity(folder: str, panel: Path):
    """The coordinator's identity, unlocked, and checked against the panel file's signer
    before anything is merged (a wrong passphrase or identity changes nothing)."""
    from review.bundle.contents import read_bundle
    from review.identity import format_fingerprint, load_identity
    identity = load_identity(Path(folder), read_passphrase("Passphrase of the coordinator's "
                                                           "signing identity: "))
    signer = read_bundle(panel).signer_fingerprint
    if identity.fingerprint != signer:
        raise PanelUsage(f"The identity in {folder} ({identity.name}, "
                         f"{format_fingerprint(identity.fingerprint)[:19]}\u2026) did not sign "
                         f"{panel.name} ({format_fingerprint(signer)[:19]}\u2026). The "
                         "consolidated result is signed by the coordinator who signed the "
                         "panel's bundles.")
    return identity


def cmd_demo_panel(args) -> int:
    from exports.rehearsal import run_demo_panel
    result = run_demo_panel(Path(args.dir), read_passphrase("Passphrase for the rehearsal: ",
                                                            confirm=True),
                            reviewers=args.reviewers, cases=args.cases, seed=args.seed,
                            say=lambda line: print(line, flush=True))
    for line in result.lines:
        print(line)
    return 1 if result.refused else 0


def _panel_digest(panel: Path) -> str:
    from review.bundle.contents import read_bundle
    return read_bundle(panel).digest

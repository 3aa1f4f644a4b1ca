"""``panel-review demo-panel``: the whole workflow with synthetic reviewers.

The rehearsal a new coordinator runs first: identities, a case spreadsheet
and documents folder, bundles made from them, one workspace per reviewer
filled with simulated decisions, signed Excel exports, the merge into a
coordinator workspace, adjudication of about half the disagreements (with a
synthetic rationale, through the coordinator workspace's real validation and
history), and the consolidated PDF and workbook signed by the demo
coordinator.  Everything is synthetic and lands in one folder.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable

from review.cases import ALLEGATION_TYPES, CATEGORIES, SUBJECT_ROLES
from review.demo.data import generate_cases, generate_documents
from review.errors import PanelReviewError
from review.identity import Identity

CASE_HEADERS = ["Case ID", "Original reference", "Subject", "Role", "Rank", "Gender",
                "Ethnicity", "Allegation type(s)", "Summary", "Conduct date", "Date reported",
                "Outcome date", "Original outcome", "Met category", "Met rationale",
                "Lines of inquiry", "Risk measures"]


@dataclass
class PanelRehearsal:
    folder: Path
    lines: list[str] = field(default_factory=list)
    refused: int = 0
    adjudicated: int = 0
    consolidated_pdf: Path | None = None
    consolidated_xlsx: Path | None = None


def adjudicate_demo(coord, seed: int = 0) -> int:
    """Adjudicate every other open disagreement (about half) with a synthetic rationale.

    Each adjudication adopts one reviewer's decision (chosen at random, reproducibly)
    and is saved through :meth:`CoordinatorWorkspace.adjudicate`, so it passes the
    same validation and enters the same hash-chained history as a real one.
    Returns how many cases were adjudicated.
    """
    rng = random.Random(f"adjudicate-{seed}")
    open_cases = [row.case_id for row in coord.overview() if row.status == "disagreement"]
    chosen = open_cases[::2]
    reviews = coord.all_reviews()
    for cid in chosen:
        decided = sorted((rid, d) for rid, d in reviews[cid].items() if d and not d.recused)
        rid, base = decided[rng.randrange(len(decided))]
        others = ", ".join(r for r, _ in decided if r != rid)
        rationale = (f"DEMO adjudication, synthetic text: the coordinator compared the "
                     f"independent reviews of {rid} and {others} and adopts {rid}'s category "
                     "and recommended actions, which follow most closely from the gaps in the "
                     "original investigation that the case file shows.")
        coord.adjudicate(cid, replace(base, rationale=rationale, status="final"))
    return len(chosen)


def write_case_list(path: Path, cases: list[dict]) -> None:
    """The synthetic cases as a coordinator's spreadsheet would hold them."""
    from openpyxl import Workbook
    wb = Workbook()
    ws = wb.active
    ws.title = "Cases"
    ws.append(CASE_HEADERS)
    for row, d in enumerate(cases, start=2):
        ws.append([d["case_id"], d["original_ref"], d["subject_id"],
                   SUBJECT_ROLES[d["subject_role"]], d["rank"], d["gender"], d["ethnicity"],
                   "; ".join(ALLEGATION_TYPES[a] for a in d["allegation_types"]), d["summary"],
                   *(dt.date.fromisoformat(d[k]) for k in ("conduct_date", "reported_date",
                                                            "outcome_date")),
                   d["original_outcome"], CATEGORIES[d["met_category"]], d["met_rationale"],
                   "\n".join(d["lines_of_inquiry"]), "; ".join(d["risk_measures"])])
        for col in (10, 11, 12):  # by number: ws.max_row would rescan the sheet every row
            ws.cell(row=row, column=col).number_format = "dd/mm/yyyy"
    wb.save(path)


def run_demo_panel(folder: Path, passphrase: str, *, reviewers: int = 3, cases: int = 1131,
                   seed: int = 0, say: Callable[[str], None] = print) -> PanelRehearsal:
    from review.intake.files import create_bundles_from_files
    from exports.consolidated.publish import collect_consolidated, export_consolidated
    from exports.merge_files import merge_files
    from review.identity import load_identity
    from exports.service import export_workspace
    from review.panel.workspace import CoordinatorWorkspace
    from review.demo.simulate import simulate
    from review.workspace.database import Workspace

    if reviewers < 2:
        raise PanelReviewError("A panel rehearsal needs at least 2 reviewers (--reviewers 2 or more).")
    folder = Path(folder)
    if folder.exists() and any(folder.iterdir()):
        raise PanelReviewError(f"{folder} is not empty; choose a new folder for the rehearsal.")
    out = PanelRehearsal(folder)
    ids, inputs = folder / "identities", folder / "input"
    (inputs / "documents").mkdir(parents=True)

    say("Making signing identities for the coordinator and each reviewer…")
    coordinator = Identity.generate("DEMO Coordinator")
    coordinator.save(ids / "coordinator", passphrase)
    members = {f"R{i:02d}": Identity.generate(f"DEMO Reviewer {i}") for i in range(1, reviewers + 1)}
    for rid, ident in members.items():
        ident.save(ids / rid, passphrase)

    say(f"Writing a case spreadsheet of {cases:,} synthetic cases and their documents…")
    data = generate_cases(cases, seed)
    write_case_list(inputs / "cases.xlsx", data)
    for d in data:
        for ref, content in generate_documents(d, seed):
            # Named as a coordinator's folder would be: bundle create takes the
            # title from what follows the case id.
            suffix = Path(ref["filename"]).suffix
            (inputs / "documents" / f"{d['case_id']} {ref['title']}{suffix}").write_bytes(content)
    with open(inputs / "roster.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["Reviewer ID", "Name", "Certificate", "Conflicts"])
        for rid, ident in members.items():
            w.writerow([rid, ident.name, f"../identities/{rid}/cert.pem", ""])

    say("Building and signing one bundle per reviewer…")
    created = create_bundles_from_files(inputs / "cases.xlsx", inputs / "roster.csv",
                                        inputs / "documents", 2, seed, coordinator,
                                        folder / "bundles", title="DEMO panel rehearsal",
                                        demo=True)
    exports = []
    for rid in members:
        say(f"{rid}: opening the bundle, simulating decisions, exporting the signed workbook…")
        ws_path = folder / "workspaces" / f"{rid}.prw"
        ws_path.parent.mkdir(exist_ok=True)
        with Workspace.create(ws_path, passphrase, created.member_bundles[rid]) as ws:
            simulate(ws, seed=seed + int(rid[1:]), coverage=0.97, draft_rate=0.04)
        xlsx = folder / "exports" / f"{rid}.xlsx"
        export_workspace(ws_path, passphrase, ids / rid, passphrase, xlsx_path=xlsx)
        exports.append(xlsx)

    say("Merging the signed exports into the coordinator workspace…")
    coord_path = folder / "coordinator.prw"
    with CoordinatorWorkspace.create(coord_path, passphrase, created.panel_bundle) as coord:
        outcomes = merge_files(coord, exports)
        merged: dict[str, int] = {}
        for row in coord.overview():
            merged[row.status] = merged.get(row.status, 0) + 1
        say("Adjudicating about half of the disagreements (synthetic rationales)…")
        out.adjudicated = adjudicate_demo(coord, seed)
        counts: dict[str, int] = {}
        for row in coord.overview():
            counts[row.status] = counts.get(row.status, 0) + 1
        data = collect_consolidated(coord)
    out.refused = sum(o.outcome == "refused" for o in outcomes)

    say("Writing the consolidated PDF and workbook, signed by the coordinator…")
    out.consolidated_pdf = folder / "consolidated.pdf"
    out.consolidated_xlsx = folder / "consolidated.xlsx"
    result = export_consolidated(data, load_identity(ids / "coordinator", passphrase),
                                 pdf_path=out.consolidated_pdf,
                                 xlsx_path=out.consolidated_xlsx)
    out.lines = [
        f"Rehearsal written to {folder}",
        f"  identities/       coordinator and {reviewers} reviewers (passphrase as given)",
        "  input/            cases.xlsx, roster.csv, documents/",
        f"  bundles/          {', '.join(p.name for p in created.member_bundles.values())}, "
        f"{created.panel_bundle.name}",
        "  workspaces/       one per reviewer, with simulated decisions",
        f"  exports/          {', '.join(p.name for p in exports)} (signed)",
        "  coordinator.prw   merged: "
        + ", ".join(f"{v:,} {k}" for k, v in sorted(merged.items())),
        f"                    then {out.adjudicated:,} disagreements adjudicated: "
        + ", ".join(f"{v:,} {k}" for k, v in sorted(counts.items())),
        f"  consolidated.pdf  the panel's result, signed by the coordinator "
        f"({result.pdf_pages:,} pages)",
        "  consolidated.xlsx the same as a workbook, signed by the coordinator",
        f"Consolidated PDF:      {out.consolidated_pdf}",
        f"Consolidated workbook: {out.consolidated_xlsx}",
        f"Check them with: panel-review verify {out.consolidated_pdf} {out.consolidated_xlsx}",
        "Open coordinator.prw in the app (Coordinator mode) to adjudicate the rest.",
    ]
    return out

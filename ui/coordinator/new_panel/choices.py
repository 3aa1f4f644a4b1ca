"""What the coordinator chose in the new-panel window, and the mapping it makes.

The mapping is the one ``bundle create --mapping`` reads (docs/formats.md),
saved beside the case list as ``<case list>.mapping.json`` and offered the
next time that list is opened.  It holds headers and closed-list values
(categories, roles...), never free text of a case.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

IGNORE = "ignore"


def mapping_path(cases_file: Path) -> Path:
    return Path(cases_file).with_name(Path(cases_file).stem + ".mapping.json")


@dataclass
class Choices:
    cases_file: Path | None = None
    roster_file: Path | None = None
    documents_dir: Path | None = None
    identity_dir: Path | None = None
    out_dir: Path | None = None
    title: str = ""
    per_case: int = 2
    use_saved: bool = True
    sheet: Any = None                      # review.intake.cells.SheetRows
    sheet_path: Path | None = None         # the file it was read from
    roster: Any = None
    saved: Any = None                      # review.intake.mapping.CaseMapping, when offered
    auto: dict[str, str | None] = field(default_factory=dict)     # header -> recognised field
    columns: dict[str, str | None] = field(default_factory=dict)  # header -> chosen field
    values: dict[str, dict[str, str]] = field(default_factory=dict)  # field -> theirs -> ours
    combine_rows: bool = False
    leave_out: bool = False

    def take_sheet(self, sheet, saved, auto, mine) -> None:
        """A case list just read: ``auto`` and ``mine`` are the core's placed columns
        without and with the saved mapping.  Read again (Back, then Next) from the same
        file, the columns chosen in the window stay."""
        kept = self.columns if self.sheet_path == self.cases_file else {}
        self.sheet, self.saved, self.sheet_path = sheet, saved, self.cases_file
        self.auto = {h: None for h in sheet.headers if h}
        self.auto.update({p.header: p.column.name for p in auto.values()})
        self.columns = {h: None for h in sheet.headers if h}
        self.columns.update({p.header: p.column.name for p in mine.values()})
        self.columns.update({h: f for h, f in kept.items() if h in self.columns})
        if not kept:
            self.combine_rows = saved.combine_rows if saved else repeats_case_ids(sheet, mine)

    def mapping(self) -> dict[str, Any]:
        """The mapping as JSON: only the columns whose choice differs from what is
        recognised, so an unmatched column still shows as a warning (nothing dropped
        silently)."""
        columns = {h: (f or IGNORE) for h, f in self.columns.items() if f != self.auto.get(h)}
        values = {f: {t: o for t, o in table.items() if o}
                  for f, table in self.values.items()}
        out: dict[str, Any] = {"columns": columns,
                               "values": {f: t for f, t in values.items() if t},
                               "combine_rows": self.combine_rows}
        defaults = dict(self.saved.defaults) if self.saved is not None else {}
        if defaults:
            out["defaults"] = defaults
        return out

    def save_mapping(self) -> Path:
        """Write the mapping beside the case list (raises OSError when it cannot)."""
        from review.atomic import atomic_write_bytes
        path = mapping_path(self.cases_file)
        text = json.dumps(self.mapping(), ensure_ascii=False, indent=2) + "\n"
        atomic_write_bytes(path, text.encode("utf-8"))
        return path


def repeats_case_ids(sheet, placed) -> bool:
    """Whether some case id is on several rows: one row per allegation, as a start."""
    if "case_id" not in placed:
        return False
    header = placed["case_id"].header
    seen: set[str] = set()
    for _, row in sheet.rows:
        key = str(row.get(header, "")).strip().casefold()
        if key and key in seen:
            return True
        seen.add(key)
    return False

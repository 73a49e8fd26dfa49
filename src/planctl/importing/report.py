"""What `planctl import` says it did: recognised, guessed, not placed — nothing silent.

Every paragraph and cell of the document is either used by the draft (recognised, or
guessed: then the draft carries a `note:` too) or listed as not placed, with its place in
the document (段落 12, 表 3 第 5 列第 2 欄) and its text.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class Line:
    where: str
    what: str


@dataclass
class ImportReport:
    source: str
    recognised: list[Line] = field(default_factory=list)
    guessed: list[Line] = field(default_factory=list)
    unplaced: list[Line] = field(default_factory=list)
    output: str = ""
    errors: int = 0
    warnings: int = 0

    def recognise(self, where: str, what: str) -> None:
        self.recognised.append(Line(where, what))

    def guess(self, where: str, what: str) -> None:
        self.guessed.append(Line(where, what))

    def unplace(self, where: str, what: str) -> None:
        self.unplaced.append(Line(where, what))


def as_text(report: ImportReport) -> str:
    """The report as the terminal shows it, one line per finding, grouped."""
    lines = [f"planctl import {report.source} → {report.output or 'stdout'}"]
    for title, entries in (
        ("recognised", report.recognised),
        ("guessed (with a `note:` in the draft where the format has one)", report.guessed),
        ("not placed (not in the draft: add it by hand or ignore it)", report.unplaced),
    ):
        lines.append(f"{title}: {len(entries)}")
        lines.extend(f"  {line.where}: {line.what}" for line in entries)
    checked = f"{report.errors} error(s), {report.warnings} warning(s)"
    lines.append(
        f"the draft checks with {checked}"
        + ("" if report.errors else "; planctl check for details")
    )
    return "\n".join(lines) + "\n"


def as_json(report: ImportReport) -> str:
    return json.dumps(asdict(report), ensure_ascii=False, indent=2) + "\n"

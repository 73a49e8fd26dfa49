"""What every row of a listing answer (`due`, `duties`) begins with: which plan and file it
comes from, what kind of thing it lists and that thing's id. Declared once, so that the rows
and their JSON keys (`planctl.outputs.tables`) begin alike."""

from __future__ import annotations

from dataclasses import dataclass, fields


@dataclass(frozen=True)
class PlanRow:
    """A row's place: its plan's title and file, the kind of thing the row is (each answer
    narrows `kind` to its own words) and that thing's id (empty for one the plan gives none,
    such as a strategy-table row)."""

    plan: str
    file: str
    kind: str
    id: str


ROW_KEYS = tuple(field.name for field in fields(PlanRow))
"""The keys a row's JSON object begins with, in this order."""

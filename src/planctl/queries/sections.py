"""Choosing schedule tables by what people call a section: its name, code, or one of its units."""

from __future__ import annotations

from planctl.errors import UsageError
from planctl.plan.model import Plan, ScheduleTable
from planctl.plan.units import UnitIndex, normalise


def select_tables(plan: Plan, section: str | None) -> list[ScheduleTable]:
    """The plan's schedule tables, or those `section` names; an unknown name is an error."""
    tables = [table for _, table in plan.schedule_tables()]
    if section is None:
        return tables
    index = UnitIndex.of(plan)
    chosen = [
        table
        for table in tables
        if names_table(table, index, section) or has_rows_for(table, index, section)
    ]
    if not chosen:
        known = "、".join(table.section for table in tables)
        raise UsageError(f"unknown section {section!r}", hint=f"known: {known}")
    return chosen


def has_rows_for(table: ScheduleTable, index: UnitIndex, name: str) -> bool:
    """Does an office-wide table (units per row, 承辦單位) have rows for the unit `name`?"""
    unit = index.find(name)
    rows = (task for item in table.items for task in item.tasks)
    return unit is not None and any(index.find(u) == unit for task in rows for u in task.units)


def names_table(table: ScheduleTable, index: UnitIndex, name: str) -> bool:
    """A section is named by its table's section, its code, or one of its units."""
    if normalise(name) in (normalise(table.section), table.code):
        return True
    unit = index.find(name)
    return unit is not None and any(index.find(u) == unit for u in table.units)

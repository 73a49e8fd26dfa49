"""Choosing schedule tables by what people call a section: its name, code, or one of its units."""

from __future__ import annotations

from typing import TYPE_CHECKING

from planctl.errors import UsageError
from planctl.plan.record import replaced
from planctl.plan.units import UnitIndex, normalise, unknown_name_hint

if TYPE_CHECKING:  # a plan read from the cache is Records: the model is only its type
    from planctl.plan.model import Plan, ScheduleTable, Task


def select_tables(plan: Plan, section: str | None) -> list[ScheduleTable]:
    """The plan's schedule tables, or those `section` names; an unknown name is an error.
    An office-wide table (units per row) that has rows for the section's unit is narrowed
    to them, and to its rows for the whole office (no units, or 各課室)."""
    tables = schedule_tables(plan)
    if section is None:
        return tables
    if not tables:
        raise UsageError(f"--section {section}: the plan has no 作業時程管制表 (schedule tables)")
    index = UnitIndex.of(plan)
    chosen = [
        table if names_table(table, index, section) else narrowed(table, index, section)
        for table in tables
        if names_table(table, index, section) or has_rows_for(table, index, section)
    ]
    if not chosen:
        known = [table.section for table in tables]
        raise UsageError(f"unknown section 「{section}」", hint=unknown_name_hint(section, known))
    return chosen


def schedule_tables(plan: Plan) -> list[ScheduleTable]:
    """The plan's schedule tables in document order, read by fields only (the plan may be
    the model or its cached Records, see planctl.plan.record)."""
    return [table for part in plan.parts if part.kind == "schedules" for table in part.tables]


def has_schedule(plan: Plan) -> bool:
    """Whether the plan has a 作業時程管制表 at all (many offices publish only the strategy
    table, and `due` can then tell only the plan's dated deadlines)."""
    return bool(schedule_tables(plan))


def has_rows_for(table: ScheduleTable, index: UnitIndex, name: str) -> bool:
    """Does an office-wide table (units per row, 承辦單位) have rows for the unit `name`?"""
    unit = index.find(name)
    rows = (task for item in table.items for task in item.tasks)
    return unit is not None and any(index.find(u) == unit for task in rows for u in task.units)


def narrowed(table: ScheduleTable, index: UnitIndex, name: str) -> ScheduleTable:
    """The table with only the rows that concern the unit `name`."""
    unit = index.find(name)

    def concerns(task: Task) -> bool:
        found = [index.find(u) for u in task.units]
        return not task.units or any(
            f is not None and (f == unit or f.kind == "all") for f in found
        )

    items = [
        replaced(item, tasks=tasks)
        for item in table.items
        if (tasks := [task for task in item.tasks if concerns(task)])
    ]
    return replaced(table, items=items)


def names_table(table: ScheduleTable, index: UnitIndex, name: str) -> bool:
    """A section is named by its table's section, its code, or one of its units."""
    if normalise(name) in (normalise(table.section), table.code):
        return True
    unit = index.find(name)
    return unit is not None and any(index.find(u) == unit for u in table.units)

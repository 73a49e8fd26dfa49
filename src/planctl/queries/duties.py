"""What a unit is responsible for across the plan: the strategy-table rows that name it, with
their full numbering (伍、一、(一)1.(2)), and the schedule tasks with their months.

Section staff ask this at the start of the year, and it is the only answer a plan without a
作業時程管制表 can give them. A pure query; `planctl.outputs.tables.duties_table` prints the rows.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from planctl.plan.units import UnitIndex
from planctl.queries.rows import PlanRow
from planctl.queries.sections import has_schedule as has_schedule  # re-exported
from planctl.queries.sections import select_tables
from planctl.repository.check import Checked

if TYPE_CHECKING:  # a cached plan is Records: the model only for type checking
    from planctl.plan.model import Method, ScheduleTable, StrategyPart


@dataclass(frozen=True)
class DutyRow(PlanRow):
    """A piece of work and who does it. `number` is the full numbering path of a strategy
    row, or the 編號 of a task's item; `context` the texts above the row (實施要領, 執行策略,
    執行方法; or the task's 計畫項目); `details` the sub-items a method's row holds."""

    kind: Literal["strategy", "task"]
    part: str
    number: str
    text: str
    context: tuple[str, ...]
    details: tuple[str, ...]
    units: tuple[str, ...]
    months: tuple[int, ...] = ()


def duties(
    plans: Sequence[Checked], unit: str | None = None, section: str | None = None
) -> list[DutyRow]:
    """Every duty row of `plans` in document order; with `unit`, the rows that unit is
    responsible for (work of every section included); with `section`, that section's
    schedule table and the strategy rows naming one of its units; with both, the rows that
    are both (as `due` takes them)."""
    rows: list[DutyRow] = []
    for checked in plans:
        rows.extend(_plan_duties(checked, unit, section))
    return rows


def _plan_duties(checked: Checked, unit: str | None, section: str | None) -> Iterator[DutyRow]:
    plan, index = checked.plan, UnitIndex.of(checked.plan)
    name = index.named(unit).name if unit is not None else None
    tables = select_tables(plan, section)
    of_section = _section_units(index, tables, section)
    for row in [*_strategy_rows(checked, index), *_task_rows(checked, tables, index)]:
        mine = name is None or index.concerns(row.units, name)
        # Task rows come from the section's tables already; strategy rows name its units.
        ours = of_section is None or row.kind == "task"
        if mine and (ours or any(index.concerns(row.units, u) for u in of_section or ())):
            yield row


def _section_units(
    index: UnitIndex, tables: Sequence[ScheduleTable], section: str | None
) -> list[str] | None:
    """The units a section stands for: its tables' units, and the unit it names (an
    office-wide table has no units of its own; its rows name theirs)."""
    if section is None:
        return None
    named = index.find(section)
    return [u for table in tables for u in table.units] + ([named.name] if named else [])


def _canonical(index: UnitIndex, units: Sequence[str]) -> tuple[str, ...]:
    names = (found.name if (found := index.find(u)) else u for u in units)
    return tuple(dict.fromkeys(names))


def _strategy_rows(checked: Checked, index: UnitIndex) -> Iterator[DutyRow]:
    """One row where the table assigns units: a strategy (tables without methods), a method,
    or each sub-item that has its own units. A row that names no unit anywhere is kept with
    none, so that the whole listing shows what nobody has been given."""
    row = _RowMaker(checked, index)
    for part in checked.plan.parts:
        if part.kind != "strategies":  # not isinstance: a cached plan is Records
            continue
        for principle in part.principles:
            for strategy in principle.strategies:
                above = (part.number, principle.number, strategy.number)
                if not strategy.methods:
                    yield row(part, above, strategy.text, (principle.text,), (), strategy.units)
                for method in strategy.methods:
                    context = (principle.text, strategy.text)
                    yield from _method_rows(row, part, above, context, strategy.units, method)


def _method_rows(
    row: _RowMaker,
    part: StrategyPart,
    above: tuple[str | None, ...],
    context: tuple[str, ...],
    units: list[str],
    method: Method,
) -> Iterator[DutyRow]:
    """A method is one row with its sub-items, unless only its sub-items name units: then
    each sub-item is a row of its own (the printed table aligns a unit with each)."""
    path, units = (*above, method.number), [*units, *method.units]
    if method.units or not any(sub.units for sub in method.subitems):
        details = tuple(f"{sub.number or ''}{sub.text}" for sub in method.subitems)
        yield row(part, path, method.text, context, details, units)
        return
    for sub in method.subitems:
        inner = (*context, method.text)
        yield row(part, (*path, sub.number), sub.text, inner, (), [*units, *sub.units])


@dataclass(frozen=True)
class _RowMaker:
    """Makes the strategy rows of one plan."""

    checked: Checked
    index: UnitIndex

    def __call__(
        self,
        part: StrategyPart,
        numbers: tuple[str | None, ...],
        text: str,
        context: tuple[str, ...],
        details: tuple[str, ...],
        units: Sequence[str],
    ) -> DutyRow:
        return DutyRow(
            self.checked.plan.title,
            self.checked.file,
            "strategy",
            "",
            f"{part.number or ''}{part.heading or ''}",
            "".join(number or "" for number in numbers),
            text,
            context,
            details,
            _canonical(self.index, units),
        )


def _task_rows(
    checked: Checked, tables: Sequence[ScheduleTable], index: UnitIndex
) -> Iterator[DutyRow]:
    for table in tables:
        for item in table.items:
            for task in item.tasks:
                units = _canonical(index, task.units or table.units)
                yield DutyRow(
                    checked.plan.title,
                    checked.file,
                    "task",
                    task.id,
                    table.section,
                    str(item.number),
                    task.text,
                    (item.name,) if item.name else (),
                    (),
                    units,
                    tuple(task.month_numbers),
                )

"""The 作業時程管制表 as rows: what every schedule output (HTML, ODS, CSV, ICS) shows.

`render`'s templates and the exports share these functions, so a table printed from HTML and
one opened in a spreadsheet cannot disagree about a title, a ■ or a run of months.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from planctl.plan.units import UnitIndex
from planctl.queries.sections import select_tables

if TYPE_CHECKING:  # a plan read from the cache is Records: the model is only its type
    from planctl.plan.model import Plan, ScheduleTable, Task

MONTHS = tuple(range(1, 13))


def month_marks(task: Task) -> list[bool]:
    """Twelve flags, January first: is the task scheduled in that month?"""
    months = set(task.month_numbers)
    return [month in months for month in MONTHS]


def month_runs(months: Iterable[int]) -> list[tuple[int, int]]:
    """The runs of consecutive months, as (first, last): [1, 2, 3, 6] → [(1, 3), (6, 6)].
    A run is what the table shows as one unbroken bar of ■, and one calendar event."""
    runs: list[tuple[int, int]] = []
    for month in sorted(set(months)):
        if runs and month == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], month)
        else:
            runs.append((month, month))
    return runs


def schedule_title(plan: Plan, table: ScheduleTable) -> str:
    """The table's own title, or the one the office's tables use."""
    default = f"{plan.office}({table.section}){plan.roc_year}年度重要工作計畫作業時程管制表"
    return table.title or default


@dataclass(frozen=True)
class ScheduleRow:
    """One task of a schedule table; `item_rows` > 0 on the first task of its 計畫項目 (the
    number of rows 編號 and 計畫項目 span), 0 on the others."""

    id: str
    no: int | str
    item: str
    item_rows: int
    task: str
    months: tuple[int, ...]
    remark: str | None
    """The document's own 備註 (never the editor's `note`)."""
    units: tuple[str, ...] = ()
    """The row's own units (an office-wide table's 承辦單位 column)."""

    @property
    def marks(self) -> list[bool]:
        return [month in self.months for month in MONTHS]


@dataclass(frozen=True)
class ScheduleSheet:
    """A section's table: its title, its canonical units and its rows in table order."""

    section: str
    code: str
    title: str
    units: tuple[str, ...]
    rows: tuple[ScheduleRow, ...]
    units_heading: str = ""
    """The heading of a per-row units column (承辦單位); empty when the table has none."""


def schedule_sheets(
    plan: Plan, section: str | None = None, unit: str | None = None, month: int | None = None
) -> list[ScheduleSheet]:
    """The plan's schedule tables (those `section` and `unit` name), each task a row; with
    `month`, only tasks scheduled in it. Tables left without rows are left out."""
    index = UnitIndex.of(plan)
    wanted = find_unit(index, unit)
    sheets = []
    for table in select_tables(plan, section):
        units = tuple(found.name if (found := index.find(u)) else u for u in table.units)
        if wanted is not None and units and not concerns(index, wanted, units):
            continue
        rows = tuple(_rows(table, month))
        if wanted is not None and not units:  # an office-wide table: its rows for the unit
            rows = tuple(row for row in rows if concerns(index, wanted, row.units))
        if rows:
            title = schedule_title(plan, table)
            heading = (table.units_heading or "承辦單位") if any(r.units for r in rows) else ""
            sheet = ScheduleSheet(table.section, table.code, title, units, rows, heading)
            sheets.append(sheet)
    return sheets


def _rows(table: ScheduleTable, month: int | None) -> Iterable[ScheduleRow]:
    for item in table.items:
        name = item.name or ""
        if not item.tasks and month is None:  # its 編號 and 計畫項目 are still printed
            yield ScheduleRow("", item.number, name, 1, "", (), None)
        tasks = [t for t in item.tasks if month is None or month in t.month_numbers]
        for position, task in enumerate(tasks):
            rows = len(tasks) if position == 0 else 0
            months = tuple(task.month_numbers)
            yield ScheduleRow(
                task.id, item.number, name, rows, task.text, months, task.remark, tuple(task.units)
            )


def find_unit(index: UnitIndex, unit: str | None) -> str | None:
    """The canonical name of the unit asked for (None: no filter); unknown names are an error."""
    return None if unit is None else index.named(unit).name


def concerns(index: UnitIndex, unit: str, units: Sequence[str]) -> bool:
    """Work concerns `unit` if the unit is responsible for it, or it is for every unit (no
    units, or 各課室); asking for 各課室 itself shows everything."""
    return not units or index.concerns(tuple(units), unit)

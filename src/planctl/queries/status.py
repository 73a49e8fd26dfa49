"""`planctl status`: where each section's tasks stand at a month, against the plan.

The rules themselves are in `planctl.progress.measure`; this gathers them per section, with
the behind and missing lists and what comes next month.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from fractions import Fraction
from typing import TYPE_CHECKING

from planctl.errors import UsageError
from planctl.plan.months import Month, quarter_months, quarter_of
from planctl.plan.units import UnitIndex
from planctl.progress.measure import (
    ONE,
    Light,
    actual,
    entries_by_task,
    light,
    missing_months,
    planned,
    report_deadline,
    reported_in,
)
from planctl.progress.terms import STOPPED, effective
from planctl.queries.due import DueRow, span_position
from planctl.queries.sections import select_tables

if TYPE_CHECKING:  # the models are only types: a plan and ledger from the cache are Records
    from planctl.plan.model import Control, Item, Period, Plan, ScheduleTable, Task
    from planctl.progress.model import Entry, Ledger


@dataclass(frozen=True)
class ScheduledTask:
    """A task with where it stands in the plan: its 計畫項目, its schedule table and the
    units that do it (what a status row and a next-month row both show)."""

    task: Task
    item: Item
    table: ScheduleTable
    units: tuple[str, ...]


@dataclass(frozen=True)
class TaskStatus(ScheduledTask):
    """One task at the month asked."""

    planned: Fraction
    actual: Fraction
    entries: tuple[Entry, ...]
    """Its effective entries up to the month, by month then file order."""
    missing: tuple[int, ...]
    stopped: bool
    light: Light | None
    """None for a stopped task."""

    @property
    def latest(self) -> Entry | None:
        return self.entries[-1] if self.entries else None

    @property
    def done(self) -> bool:
        return self.actual >= ONE

    @property
    def behind(self) -> bool:
        return not self.stopped and self.actual < self.planned

    @property
    def months_late(self) -> int:
        """How many ■ months the actual progress is short of the plan, rounded up."""
        count = len(self.task.month_numbers)
        return max(0, math.ceil((self.planned - self.actual) * count))

    def latest_text(self, field: str) -> str:
        """The latest entry's 執行情形說明 / 落後原因 / 因應對策 (`text`, `reason`, `measure`),
        or the last one given: a reason stated last month still explains this month."""
        for entry in reversed(self.entries):
            value = getattr(entry, field)
            if value:
                return str(value)
        return ""


@dataclass(frozen=True)
class SectionStatus:
    """A section's totals: tasks scheduled to date, and how they stand."""

    table: ScheduleTable
    units: tuple[str, ...]
    tasks: tuple[TaskStatus, ...]
    light: Light | None

    @property
    def scheduled(self) -> int:
        return len(self.tasks)

    @property
    def reported(self) -> int:
        return sum(1 for t in self.tasks if t.entries)

    @property
    def done(self) -> int:
        return sum(1 for t in self.tasks if t.done)

    @property
    def behind(self) -> int:
        return sum(1 for t in self.tasks if t.behind)

    @property
    def missing(self) -> int:
        """Missing reports, one per task and month."""
        return sum(len(t.missing) for t in self.tasks)

    @property
    def counted(self) -> list[TaskStatus]:
        """The tasks the section's progress is the mean of: stopped ones (停辦) are left out."""
        return [t for t in self.tasks if not t.stopped]

    @property
    def planned(self) -> Fraction:
        return mean(t.planned for t in self.counted)

    @property
    def actual(self) -> Fraction:
        return mean(t.actual for t in self.counted)


@dataclass(frozen=True)
class NextTask(ScheduledTask):
    """A task scheduled in the month after the one asked."""

    span: str


@dataclass(frozen=True)
class Progress:
    """The whole answer of `planctl status` for one plan and month (a quarter's last month
    when a quarter is asked, or the plan is reported by quarter)."""

    plan: Plan
    month: int
    quarter: int | None
    """The quarter stood at; None for a month of a monthly plan."""
    as_of: date
    sections: tuple[SectionStatus, ...]
    next: tuple[NextTask, ...]

    @property
    def tasks(self) -> list[TaskStatus]:
        return [task for section in self.sections for task in section.tasks]

    @property
    def behind(self) -> list[TaskStatus]:
        return [task for task in self.tasks if task.behind]

    @property
    def missing(self) -> list[tuple[TaskStatus, int]]:
        return [(task, month) for task in self.tasks for month in task.missing]

    def deadline(self, month: int) -> date:
        return report_deadline(self.plan.year, month, self.plan.control.report_day)


def mean(values: Iterable[Fraction]) -> Fraction:
    """The mean of progress values, 0 for none: a section's or the office's progress."""
    listed = list(values)
    return sum(listed, Fraction(0)) / len(listed) if listed else Fraction(0)


def task_status(
    plan: Plan,
    found: tuple[ScheduleTable, Item, Task, tuple[str, ...]],
    entries: Sequence[Entry],
    month: int,
    as_of: date,
) -> TaskStatus:
    """Where one task stands at `month`, from its effective entries (all months)."""
    table, item, task, units = found
    upto = tuple(entry for entry in entries if entry.month <= month)
    control = plan.control
    missing = missing_months(task, upto, month, as_of, plan.year, control)
    share, done = planned(task, month) or Fraction(0), actual(task, upto, control.period)
    stopped = bool(upto) and upto[-1].status == STOPPED
    shown = None if stopped else light(share - done, bool(missing), control)
    return TaskStatus(task, item, table, units, share, done, upto, tuple(missing), stopped, shown)


def progress(
    plan: Plan,
    ledger: Ledger | None,
    month: int,
    as_of: date,
    section: str | None = None,
    unit: str | None = None,
    quarter: int | None = None,
) -> Progress:
    """Every section's tasks scheduled by `month`, where they stand, and the next month's
    tasks (the next quarter's when standing at the end of `quarter`)."""
    index = UnitIndex.of(plan)
    tables = [t for t in select_tables(plan, section) if _concerns(t, index, unit)]
    by_task = entries_by_task(ledger)
    sections: list[SectionStatus] = []
    upcoming: list[NextTask] = []
    for table in tables:
        units = tuple(found.name if (found := index.find(u)) else u for u in table.units)
        statuses = [
            task_status(plan, (table, item, task, units), by_task.get(task.id, []), month, as_of)
            for item in table.items
            for task in item.tasks
            if task.month_numbers and task.month_numbers[0] <= month
        ]
        sections.append(_section(table, units, statuses, plan.control))
        upcoming.extend(
            _next(table, units, quarter_months(quarter + 1) if quarter else [month + 1])
        )
    return Progress(plan, month, quarter, as_of, tuple(sections), tuple(upcoming))


def _section(
    table: ScheduleTable, units: tuple[str, ...], tasks: list[TaskStatus], control: Control
) -> SectionStatus:
    section = SectionStatus(table, units, tuple(tasks), None)
    if not section.counted:
        return section
    shown = light(section.planned - section.actual, bool(section.missing), control)
    return replace(section, light=shown)


def _next(table: ScheduleTable, units: tuple[str, ...], months: Sequence[int]) -> list[NextTask]:
    """The tasks scheduled in `months` (a month or a quarter; none past December), each with
    where those months sit in its span (本月完成 at a month, 本季完成 at a quarter)."""
    if months[0] > 12:
        return []
    return [
        NextTask(task, item, table, units, span_position(task.month_numbers, months[0], months[-1]))
        for item in table.items
        for task in item.tasks
        if any(month in task.month_numbers for month in months)
    ]


def _concerns(table: ScheduleTable, index: UnitIndex, unit: str | None) -> bool:
    """A table concerns a unit responsible for it; 各課室 (kind `all`) stands for every one."""
    if unit is None:
        return True
    found = index.find(unit)
    if found is None:
        raise UsageError(f"unknown unit {unit!r}", hint="known: " + "、".join(index.names()))
    return found.kind == "all" or any(index.find(u) == found for u in table.units)


def progress_asked(
    plan: Plan,
    ledger: Ledger | None,
    month: str | None,
    as_of: date,
    section: str | None = None,
    unit: str | None = None,
    quarter: int | None = None,
) -> Progress:
    """`planctl status` and the review/results documents: the progress at the month asked
    (`--month` as typed; None: the month of `as_of`) or at the end of the quarter asked,
    counted to `as_of`. A quarterly plan stands at the end of the month's quarter."""
    from planctl.plan.months import parse_month

    asked = parse_month(month) if month else None
    if quarter is None and plan.control.period == "quarter":
        quarter = quarter_of(status_month(plan, asked, as_of))
    at = status_month(plan, asked, as_of) if quarter is None else 3 * quarter
    return progress(plan, ledger, at, as_of, section=section, unit=unit, quarter=quarter)


def status_month(plan: Plan, month: Month | None, as_of: date) -> int:
    """The month asked (its year must be the plan's); without one, the month of `as_of`, or
    December once the plan year is over."""
    if month is not None:
        if month.year not in (None, plan.year):
            raise UsageError(
                f"{month.year}-{month.month:02} is outside the plan year {plan.year} "
                f"(民國{plan.roc_year}年)",
                hint="give --month 1-12 or a month of the plan year",
            )
        return month.month
    if as_of.year == plan.year:
        return as_of.month
    if as_of.year > plan.year:
        return 12
    raise UsageError(f"{as_of.isoformat()} is before the plan year {plan.year}: give --month")


NOT_REPORTED = "未填報"


def with_reports(
    rows: Sequence[DueRow],
    ledgers: dict[str, Ledger | None],
    month: int,
    periods: dict[str, Period],
) -> list[DueRow]:
    """`due` rows with what was reported for `month` (for its quarter, in a plan of `periods`
    reported by quarter), for the plans that have a ledger."""
    reports = {
        file: {(e.task, e.month): e for e in effective(ledger.entries)}
        for file, ledger in ledgers.items()
        if ledger is not None
    }
    at = {file: reported_in(month, period) for file, period in periods.items()}
    return [
        replace(row, reported=_reported(reports[row.file].get((row.id, at[row.file]))))
        if row.kind == "task" and row.file in reports
        else row
        for row in rows
    ]


def _reported(entry: Entry | None) -> str:
    if entry is None:
        return NOT_REPORTED
    return entry.status + (f" {entry.percent:g}%" if entry.percent is not None else "")

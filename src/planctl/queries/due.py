"""What is due in a month: the schedule tasks and the dated deadlines that fall in it.

One rule for deadlines: every `deadline` the plan's schema accepts is listed in its month —
a paragraph of any prose part or of 組織目標, a strategy-table row — and so is the period's end;
a date `check` validates is never one `due` and the calendar leave out.

A pure query over loaded plans; `planctl.outputs.tables.due_table` prints the rows. It reads
plans by their fields and properties only, so it answers the same from the pydantic model and
from the cached Records (`planctl.plan.record`).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING, Literal, cast

from planctl.errors import UsageError
from planctl.plan.months import ROC_OFFSET, Month
from planctl.plan.record import model_name
from planctl.plan.units import UnitIndex
from planctl.queries.rows import PlanRow
from planctl.queries.schedule import concerns, find_unit
from planctl.queries.sections import select_tables
from planctl.repository.check import Checked

if TYPE_CHECKING:  # a plan read from the cache is Records: the model is only its type
    from planctl.plan.model import (
        GoalsPart,
        Method,
        PeriodPart,
        ScheduleTable,
        Strategy,
        StrategyPart,
        Task,
        TextPart,
    )

Span = Literal["start", "continue", "end", "single"]
SPAN_LABELS: dict[str, str] = {
    "start": "本月開始",
    "continue": "持續辦理",
    "end": "本月完成",
    "single": "本月辦理",
}


@dataclass(frozen=True)
class DueRow(PlanRow):
    """One thing due in the month. `units` empty means the whole office."""

    kind: Literal["task", "deadline"]
    section: str
    no: str
    item: str
    task: str
    units: tuple[str, ...]
    months: tuple[int, ...]
    span: Span
    deadline: date | None = None
    reported: str | None = None
    """What the unit reported for the month (`已完成`, `辦理中 50%`, `未填報`), when the plan
    has a progress ledger; None otherwise."""


def span_position(months: Sequence[int], month: int, last: int | None = None) -> Span:
    """Where `month` (or the months `month`-`last`, a quarter) sits in its run of consecutive
    months: so a clerk sees what must finish."""
    before, after = month - 1 in months, (last or month) + 1 in months
    if before and after:
        return "continue"
    if after:
        return "start"
    return "end" if before else "single"


def due(
    plans: Sequence[Checked], month: Month, section: str | None = None, unit: str | None = None
) -> list[DueRow]:
    """Rows due in `month` across `plans`, filtered by section and unit names or aliases.

    Plans of several years are refused unless the month names its year: "March" of a
    2015 and a 2016 plan is two months, and a merged answer would mix them."""
    years = sorted({loaded.plan.year for loaded in plans})
    if month.year is None and len(years) > 1:
        named = " and ".join(f"{year} (民國{year - ROC_OFFSET}年)" for year in years)
        raise UsageError(
            f"--month {month.month} names no year, and the plans are for {named}",
            hint=f"give the year: --month {years[-1]}-{month.month:02} "
            f"or {years[-1] - ROC_OFFSET}-{month.month:02}",
        )
    year_plans = plans_of(plans, month)
    if not year_plans:
        given = "、".join(f"{p.plan.year} (民國{p.plan.roc_year}年)" for p in plans)
        asked = f"{month.year}-{month.month:02}"
        raise UsageError(
            f"{asked} is outside the plan year: the plans are for {given}",
            hint="give --month 1-12 or a month of the plan year",
        )
    rows: list[DueRow] = []
    for loaded in year_plans:
        rows.extend(_plan_rows(loaded, month.month, section, unit))
    return rows


def plans_of(plans: Sequence[Checked], month: Month) -> list[Checked]:
    """The plans whose year `month` falls in (all of them when it names no year)."""
    return [loaded for loaded in plans if month.year in (None, loaded.plan.year)]


def _plan_rows(
    loaded: Checked, month: int, section: str | None, unit: str | None
) -> Iterator[DueRow]:
    plan, index = loaded.plan, UnitIndex.of(loaded.plan)
    wanted = find_unit(index, unit)
    for table in select_tables(plan, section):
        for row in _table_rows(loaded, table, index, month):
            if wanted is None or concerns(index, wanted, row.units):
                yield row
    if section is None:
        for row in _deadline_rows(loaded, month):
            if wanted is None or concerns(index, wanted, row.units):
                yield row


def _table_rows(
    loaded: Checked, table: ScheduleTable, index: UnitIndex, month: int
) -> Iterator[DueRow]:
    for item in table.items:
        for task in item.tasks:
            months = task.month_numbers
            if month in months:
                names = task.units or table.units  # the row's 承辦單位, or the table's
                units = tuple(found.name if (found := index.find(u)) else u for u in names)
                yield _task_row(loaded, table, item.number, item.name or "", task, units, month)


def _task_row(
    loaded: Checked,
    table: ScheduleTable,
    number: int | str,
    name: str,
    task: Task,
    units: tuple[str, ...],
    month: int,
) -> DueRow:
    months = tuple(task.month_numbers)
    return DueRow(
        loaded.plan.title,
        loaded.file,
        "task",
        task.id,
        table.section,
        str(number),
        name,
        task.text,
        units,
        months,
        span_position(months, month),
    )


def _deadline_rows(loaded: Checked, month: int) -> Iterator[DueRow]:
    """Dated deadlines of the plan body (柒 steps, 參 goals …) and the end of the period (陸)."""
    for part in loaded.plan.parts:
        heading = part.heading or ""
        kind = model_name(part)  # not isinstance: a cached plan is Records
        if kind in ("TextPart", "GoalsPart"):
            text = cast("TextPart | GoalsPart", part)
            for n, item in enumerate(text.items, 1):
                if item.deadline and item.deadline.month == month:
                    label = f"{text.number or ''}{item.number or ''}"
                    yield _deadline_row(
                        loaded, f"{text.kind}-{n}", label, heading, item.text, item.deadline
                    )
        elif kind == "PeriodPart":
            period = cast("PeriodPart", part)
            if period.end and period.end.month == month:
                label = period.number or ""
                yield _deadline_row(
                    loaded, f"{period.kind}-end", label, heading, period.text, period.end
                )
        elif kind == "StrategyPart":
            yield from _row_deadlines(loaded, cast("StrategyPart", part), month)


def _row_deadlines(loaded: Checked, part: StrategyPart, month: int) -> Iterator[DueRow]:
    """A strategy-table row with a dated 完成期限 is due in its month; its label is the full
    numbering path (一、(一)1.) and its units are the row's (or its strategy's shared cell)."""
    n = 0
    for principle in part.principles:
        for strategy in principle.strategies:
            rows: list[Strategy | Method] = [strategy, *strategy.methods]
            for row in rows:
                n += 1
                if not (row.deadline and row.deadline.month == month):
                    continue
                numbers = [principle.number, strategy.number]
                numbers += [row.number] if row is not strategy else []
                label = "".join(number or "" for number in numbers)
                units = tuple(row.units or strategy.units)
                due_row = _deadline_row(
                    loaded, f"strategies-{n}", label, part.heading or "", row.text, row.deadline
                )
                yield replace(due_row, units=_canonical(loaded, units))


def _canonical(loaded: Checked, units: tuple[str, ...]) -> tuple[str, ...]:
    index = UnitIndex.of(loaded.plan)
    return tuple(found.name if (found := index.find(u)) else u for u in units)


def _deadline_row(
    loaded: Checked, row_id: str, label: str, heading: str, text: str, deadline: date
) -> DueRow:
    return DueRow(
        loaded.plan.title,
        loaded.file,
        "deadline",
        row_id,
        heading,
        label,
        heading,
        text,
        (),
        (deadline.month,),
        "single",
        deadline,
    )


def deadlines(loaded: Checked) -> list[DueRow]:
    """Every dated deadline of the plan body, in month order (for calendars)."""
    return [row for month in range(1, 13) for row in _deadline_rows(loaded, month)]


@dataclass(frozen=True)
class DueAnswer:
    """`planctl due`'s answer: the rows, the month's heading, whether several plans are
    merged (each row then names its plan), and the plans that schedule no month at all."""

    rows: list[DueRow]
    label: str
    merged: bool
    unscheduled: list[str]
    plans: int

    @property
    def scheduled(self) -> bool:
        """Whether any plan has a schedule (else an empty month means no dated deadline)."""
        return len(self.unscheduled) < self.plans


def due_answer(
    plans: Sequence[Checked], month: str | None, section: str | None, unit: str | None
) -> DueAnswer:
    """What is due in the month asked (`--month` as typed; None: this month), with what
    each unit reported for it when a plan has a progress ledger."""
    from planctl.plan.months import parse_month
    from planctl.queries.sections import has_schedule

    asked = parse_month(month)
    rows = _with_reports(due(plans, asked, section=section, unit=unit), plans, asked.month)
    return DueAnswer(
        rows,
        asked.label(asked.year or plans[0].plan.year),
        len(plans_of(plans, asked)) > 1,
        [checked.file for checked in plans if not has_schedule(checked.plan)],
        len(plans),
    )


def _with_reports(rows: list[DueRow], plans: Sequence[Checked], month: int) -> list[DueRow]:
    """The rows with what each unit reported, for the plans that have a progress ledger (as
    it was checked with its plan: from the cache, Records)."""
    if all(checked.ledger is None for checked in plans):
        return rows
    from planctl.queries.status import with_reports

    ledgers = {checked.file: checked.ledger for checked in plans}
    periods = {checked.file: checked.plan.control.period for checked in plans}
    return with_reports(rows, ledgers, month, periods)

"""The 總覽 (dashboard) of an office, the first page of a bureau, and the 預定/實際進度 S-curves.

Everything here is read off `planctl.queries.status` (its `progress`; for the curves its
`task_status` in each month with a report, and the measure `planned`) with the one 燈號 rule
of `planctl.progress.measure`: no second way of counting.

Two percentages, on purpose:

- a section's (and the office's) 預定/實際進度 in the tables is the mean over the tasks
  scheduled *to date* (as `planctl status` shows it): how far the work due so far is;
- the S-curve is the mean over *all* the year's tasks, month by month, so that it rises to
  100 % in December as the 管考 report's curve does. Both agree from December on.

A task stopped (停辦) by the month asked counts in neither. The month is the one asked; a
quarter stands at its last month (第1季 → 3), and a plan reported by quarter stands at the end
of the month's quarter, as `planctl status` does: its 總覽 is per quarter.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from typing import TYPE_CHECKING

from planctl.plan.months import quarter_label, quarter_of
from planctl.progress.measure import Light, light, planned
from planctl.queries.sections import schedule_tables
from planctl.queries.status import (
    Progress,
    SectionStatus,
    mean,
    progress,
    status_month,
    task_status,
)

if TYPE_CHECKING:  # the models are only types: `status`'s 全所 row reads a cached plan's Records
    from planctl.plan.model import Item, Plan, ScheduleTable, Task
    from planctl.progress.model import Entry, Ledger

MONTHS = range(1, 13)


@dataclass(frozen=True)
class Counts:
    """應辦/已填報/已完成/落後/缺報: tasks scheduled to date, those reported, done and behind,
    and the missing reports (one per task and month)."""

    scheduled: int
    reported: int
    done: int
    behind: int
    missing: int

    @classmethod
    def of(cls, sections: Iterable[SectionStatus]) -> Counts:
        listed = list(sections)
        return cls(
            scheduled=sum(s.scheduled for s in listed),
            reported=sum(s.reported for s in listed),
            done=sum(s.done for s in listed),
            behind=sum(s.behind for s in listed),
            missing=sum(s.missing for s in listed),
        )


@dataclass(frozen=True)
class Total:
    """The line under the sections (`planctl status`'s and the 總覽's): their counts, the
    mean planned and actual progress of their tasks counted to date, and the light."""

    label: str
    """全所 when the sections are the whole plan; 合計 when `--section` or `--unit` chose
    some (their sum is no office's)."""
    counts: Counts
    planned: Fraction
    actual: Fraction
    light: Light | None
    """None while no task is counted (nothing scheduled yet, or all stopped)."""


def total(answer: Progress) -> Total:
    """The office's (全所) line of a status answer: the one computation of it."""
    counted = [task for section in answer.sections for task in section.counted]
    share = mean(task.planned for task in counted)
    done = mean(task.actual for task in counted)
    counts = Counts.of(answer.sections)
    shown = light(share - done, counts.missing > 0, answer.plan.control) if counted else None
    whole = [section.table for section in answer.sections] == schedule_tables(answer.plan)
    return Total("全所" if whole else "合計", counts, share, done, shown)


@dataclass(frozen=True)
class Curve:
    """The 預定/實際進度 S-curve of a section or of the office: cumulative progress by month."""

    key: str
    """`office`, or the section's code: unique in a document (an SVG's ids are made of it)."""
    label: str
    """What the curve is of: the office's name or the section's."""
    planned: tuple[Fraction, ...]
    """Twelve values, January first: the planned progress at the end of each month."""
    actual: tuple[Fraction, ...]
    """One value per month up to the month asked (none before the plan year)."""


@dataclass(frozen=True)
class Curves:
    """The office's curve and each section's, in the order of `Progress.sections`."""

    office: Curve
    sections: tuple[Curve, ...]


@dataclass(frozen=True)
class Dashboard:
    """The 總覽 of one plan at a month: the status (sections, behind, missing, next month's
    tasks) with the office's totals, its light and the S-curves."""

    progress: Progress
    counts: Counts
    planned: Fraction
    """The office's planned progress: the mean over every section's tasks counted to date."""
    actual: Fraction
    light: Light | None
    """None while no task is counted (nothing scheduled yet, or all stopped)."""
    curves: Curves


@dataclass(frozen=True)
class OfficeRow:
    """A bureau's first page: one plan (an office and a year) with its light and counts."""

    key: str
    """The caller's name for the plan (its file), to link to its 總覽."""
    dashboard: Dashboard

    @property
    def office(self) -> str:
        return self.dashboard.progress.plan.office

    @property
    def year(self) -> int:
        return self.dashboard.progress.plan.year

    @property
    def roc_year(self) -> int:
        return self.dashboard.progress.plan.roc_year

    @property
    def month(self) -> int:
        return self.dashboard.progress.month

    @property
    def quarter(self) -> int | None:
        """The quarter stood at, for a plan reported by quarter (or a quarter asked)."""
        return self.dashboard.progress.quarter

    @property
    def period(self) -> str:
        """What the row stands at: 第2季 for a plan reported by quarter, else the month (—
        before the plan year)."""
        if self.quarter:
            return quarter_label(self.quarter)
        return str(self.month) if self.month else "—"

    @property
    def light(self) -> Light | None:
        return self.dashboard.light

    @property
    def counts(self) -> Counts:
        return self.dashboard.counts


def dashboard(
    plan: Plan, ledger: Ledger | None, month: int, as_of: date, quarter: int | None = None
) -> Dashboard:
    """The 總覽 of `plan` at `month` (0 before the plan year: nothing scheduled yet) or at the
    end of `quarter`, with the reports counted to `as_of`. A plan reported by quarter stands
    at the end of the month's quarter (its reports are the quarters' last months)."""
    if quarter is None and month and plan.control.period == "quarter":
        quarter = quarter_of(month)
    at = month if quarter is None else 3 * quarter
    return summarize(progress(plan, ledger, at, as_of, quarter=quarter))


def summarize(answer: Progress) -> Dashboard:
    """A status answer (of any section or unit) with the office's totals and curves."""
    line = total(answer)
    curves = progress_curves(answer)
    return Dashboard(answer, line.counts, line.planned, line.actual, line.light, curves)


def bureau(
    plans: Mapping[str, tuple[Plan, Ledger | None]],
    as_of: date,
    month: int | None = None,
    quarter: int | None = None,
) -> tuple[OfficeRow, ...]:
    """Every plan of a repository (each office and year), in the order given, at `month`, at
    the end of `quarter` or, without either, at the month of `as_of` (December for a past
    year; a plan whose year has not begun shows nothing scheduled); a plan reported by
    quarter at the end of that month's quarter."""
    return tuple(
        OfficeRow(key, dashboard(plan, ledger, _month(plan, month, as_of), as_of, quarter))
        for key, (plan, ledger) in plans.items()
    )


def _month(plan: Plan, month: int | None, as_of: date) -> int:
    if month is not None:
        return month
    return 0 if as_of.year < plan.year else status_month(plan, None, as_of)


# -- the S-curves ------------------------------------------------------------------------------


def progress_curves(answer: Progress) -> Curves:
    """Each section's S-curve and the office's, to the month of `answer`."""
    tallies = [_tally(answer, section) for section in answer.sections]
    office = sum(tallies, _Tally.none(answer.month))
    return Curves(
        office=office.curve("office", answer.plan.office),
        sections=tuple(
            tally.curve(section.table.code, section.table.section)
            for section, tally in zip(answer.sections, tallies, strict=True)
        ),
    )


Found = tuple["ScheduleTable", "Item", "Task", tuple[str, ...]]
"""A task where the plan has it, as `task_status` takes it: table, 計畫項目, task, units."""


@dataclass(frozen=True)
class _Tally:
    """A curve before its division: the sums of some tasks' progress at the end of each
    month (planned for the year, actual to the month asked), and how many tasks they are."""

    tasks: int
    planned: tuple[Fraction, ...]
    actual: tuple[Fraction, ...]

    @classmethod
    def none(cls, month: int) -> _Tally:
        """Of no task, to `month`."""
        return cls(0, (Fraction(0),) * 12, (Fraction(0),) * month)

    def __add__(self, other: _Tally) -> _Tally:
        return _Tally(
            self.tasks + other.tasks,
            tuple(a + b for a, b in zip(self.planned, other.planned, strict=True)),
            tuple(a + b for a, b in zip(self.actual, other.actual, strict=True)),
        )

    def curve(self, key: str, label: str) -> Curve:
        count = self.tasks or 1  # no task: a flat 0
        return Curve(
            key,
            label,
            tuple(v / count for v in self.planned),
            tuple(v / count for v in self.actual),
        )


def _tally(answer: Progress, section: SectionStatus) -> _Tally:
    """The section's tasks with months summed, each with its entries to the month asked: a
    task not yet begun has none, a task stopped by then is left out."""
    statuses = {status.task.id: status for status in section.tasks}
    tally = _Tally.none(answer.month)
    for item in section.table.items:
        for task in item.tasks:
            status = statuses.get(task.id)
            if not task.month_numbers or (status and status.stopped):
                continue
            entries = status.entries if status else ()
            tally += _task_tally(answer, (section.table, item, task, section.units), entries)
    return tally


def _task_tally(answer: Progress, found: Found, entries: tuple[Entry, ...]) -> _Tally:
    """One task: its planned progress for the year, its actual progress to the month asked."""
    task = found[2]
    return _Tally(
        1,
        _stepped(task.month_numbers, 12, lambda m: planned(task, m) or Fraction(0)),
        _stepped(
            [entry.month for entry in entries],
            answer.month,
            lambda m: task_status(answer.plan, found, entries, m, answer.as_of).actual,
        ),
    )


def _stepped(
    steps: Sequence[int], months: int, value: Callable[[int], Fraction]
) -> tuple[Fraction, ...]:
    """`value` at the end of months 1 to `months`, where it can change only in the months of
    `steps` (a task's planned progress in its ■ months, its actual progress in a month with
    an entry): the measures are asked there only, and held between."""
    held, values = Fraction(0), []
    for month in range(1, months + 1):
        if month in steps:
            held = value(month)
        values.append(held)
    return tuple(values)

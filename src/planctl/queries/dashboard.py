"""The 總覽 (dashboard) of an office, the first page of a bureau, and the 預定/實際進度 S-curves.

Everything here is read off `planctl.queries.status.progress` and the measures of
`planctl.progress.measure` (`planned`, `actual`, `light`): no second way of counting.

Two percentages, on purpose:

- a section's (and the office's) 預定/實際進度 in the tables is the mean over the tasks
  scheduled *to date* (as `planctl status` shows it): how far the work due so far is;
- the S-curve is the mean over *all* the year's tasks, month by month, so that it rises to
  100 % in December as the 管考 report's curve does. Both agree from December on.

A task stopped (停辦) by the month asked counts in neither. The month is the one asked; a
quarter is asked as its last month (第1季 → 3).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from planctl.plan.model import Plan, Task
from planctl.progress.measure import Light, actual, light, planned
from planctl.progress.model import Entry, Ledger
from planctl.queries.status import Progress, SectionStatus, mean, progress, status_month

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
    def light(self) -> Light | None:
        return self.dashboard.light

    @property
    def counts(self) -> Counts:
        return self.dashboard.counts


def dashboard(plan: Plan, ledger: Ledger | None, month: int, as_of: date) -> Dashboard:
    """The 總覽 of `plan` at `month` (0 before the plan year: nothing scheduled yet), with the
    reports counted to `as_of`."""
    return summarize(progress(plan, ledger, month, as_of))


def summarize(answer: Progress) -> Dashboard:
    """A status answer (of any section or unit) with the office's totals and curves."""
    counted = [task for section in answer.sections for task in section.counted]
    share = mean(task.planned for task in counted)
    done = mean(task.actual for task in counted)
    counts = Counts.of(answer.sections)
    shown = light(share - done, counts.missing > 0, answer.plan.control) if counted else None
    return Dashboard(answer, counts, share, done, shown, progress_curves(answer))


def bureau(
    plans: Mapping[str, tuple[Plan, Ledger | None]], as_of: date, month: int | None = None
) -> tuple[OfficeRow, ...]:
    """Every plan of a repository (each office and year), in the order given, at `month` or,
    without one, at the month of `as_of` (December for a past year; a plan whose year has
    not begun shows nothing scheduled)."""
    return tuple(
        OfficeRow(key, dashboard(plan, ledger, _month(plan, month, as_of), as_of))
        for key, (plan, ledger) in plans.items()
    )


def _month(plan: Plan, month: int | None, as_of: date) -> int:
    if month is not None:
        return month
    return 0 if as_of.year < plan.year else status_month(plan, None, as_of)


# -- the S-curves ------------------------------------------------------------------------------


def progress_curves(answer: Progress) -> Curves:
    """Each section's S-curve and the office's, to the month of `answer`."""
    sections = [(section, _tracked(section)) for section in answer.sections]
    pooled = [pair for _, tracked in sections for pair in tracked]
    plan = answer.plan
    return Curves(
        office=_curve("office", plan.office, pooled, answer.month),
        sections=tuple(
            _curve(section.table.code, section.table.section, tracked, answer.month)
            for section, tracked in sections
        ),
    )


def _tracked(section: SectionStatus) -> list[tuple[Task, tuple[Entry, ...]]]:
    """The section's tasks with months, each with its entries to the month asked; a task not
    yet begun has none, a task stopped by then is left out."""
    statuses = {status.task.id: status for status in section.tasks}
    tracked = []
    for item in section.table.items:
        for task in item.tasks:
            status = statuses.get(task.id)
            if task.month_numbers and not (status and status.stopped):
                tracked.append((task, status.entries if status else ()))
    return tracked


def _curve(
    key: str, label: str, tracked: Sequence[tuple[Task, tuple[Entry, ...]]], month: int
) -> Curve:
    return Curve(
        key,
        label,
        tuple(_planned_at(tracked, m) for m in MONTHS),
        tuple(_actual_at(tracked, m) for m in MONTHS if m <= month),
    )


def _planned_at(tracked: Sequence[tuple[Task, tuple[Entry, ...]]], month: int) -> Fraction:
    return mean(planned(task, month) or Fraction(0) for task, _ in tracked)


def _actual_at(tracked: Sequence[tuple[Task, tuple[Entry, ...]]], month: int) -> Fraction:
    """As `status` counts it at `month`: from the entries of that month and before."""
    return mean(actual(task, [e for e in entries if e.month <= month]) for task, entries in tracked)

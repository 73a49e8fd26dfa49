"""管考 semantics: how far a task is, against what the plan scheduled by a month.

The rules (docs/plan-format.md, "Progress ledgers"), as pure functions that `rules/` (checks)
and `queries/` (status, reports) share:

- planned progress at month M: the share of the task's ■ months that are ≤ M;
- actual progress: the percent of the latest entry ≤ M when it gives one, else the share of
  ■ months with an 已完成 entry; an 已完成 entry in the last ■ month, or 100 %, completes it;
- behind: actual < planned (a stopped task, 停辦, is never behind);
- a missing report: a ■ month ≤ M with no entry once the reporting day after it (the plan's
  `control.report_day`, default the 10th) has passed as of the given day, unless an earlier
  entry completed or stopped the task;
- a quarterly plan (`control.period: quarter`) is reported once a quarter, in one entry for
  the quarter's last month (`reported_in`): that entry stands for each ■ month of the quarter,
  and its report is due by the reporting day after the quarter;
- 燈號: red for a missing report, else from the gap planned − actual in percentage points:
  green up to `control.yellow`, yellow up to `control.red`, red above.

Percentages are exact fractions (a third of the months is not 33 %); outputs round them.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from fractions import Fraction
from typing import TYPE_CHECKING, Literal

from planctl.plan.months import quarter_label, quarter_months, quarter_of
from planctl.progress.terms import DONE, STOPPED, effective

if TYPE_CHECKING:  # the models are only types: a plan and ledger from the cache are Records
    from planctl.plan.model import Control, Period, Task
    from planctl.progress.model import Entry, Ledger

Light = Literal["green", "yellow", "red"]
LIGHT_LABELS: dict[str, str] = {"green": "綠燈", "yellow": "黃燈", "red": "紅燈"}
ONE = Fraction(1)


def reported_in(month: int, period: Period) -> int:
    """The month whose entry reports `month`: the month itself, or in a quarterly plan the
    quarter's last month (2 → 3), so that a quarter is one entry and the ledger keeps its
    format."""
    return month if period == "month" else 3 * quarter_of(month)


def reported_name(month: int, period: Period) -> str:
    """What an entry for `month` reports, as messages name it: `month 3`, or in a quarterly
    plan `第1季 (month 3)`."""
    if period == "month":
        return f"month {month}"
    return f"{quarter_label(quarter_of(month))} (month {month})"


def period_begins(year: int, month: int, period: Period) -> tuple[date, str]:
    """The first day of what an entry for `month` reports, and its name: the month, or in a
    quarterly plan the quarter, which begins two months earlier (a quarter's report may be
    made from its first month on)."""
    first = month if period == "month" else quarter_months(quarter_of(month))[0]
    return date(year, first, 1), reported_name(month, period)


def unscheduled(task_id: str, months: Sequence[int], month: int, period: Period) -> str | None:
    """`reg-1.2 is not scheduled in month 9 (its months: 3、4)` (`in 第3季 (month 9)` in a
    quarterly plan) when an entry for `month` reports none of the task's ■ months; None when
    it reports one, or the months are not known."""
    if not months or month in {reported_in(m, period) for m in months}:
        return None
    listed = "、".join(str(m) for m in months)
    return f"{task_id} is not scheduled in {reported_name(month, period)} (its months: {listed})"


def report_deadline(year: int, month: int, report_day: int) -> date:
    """The day a month's report is due: `report_day` of the next month. December 9999's is
    due past the calendar's end, given as its last day (`date.max`), which no day passes."""
    if year + month // 12 > date.max.year:
        return date.max
    return date(year + month // 12, month % 12 + 1, report_day)


def reporting_end(year: int) -> date:
    """The last day a report or review of the plan year may be dated: 31 December of the next
    year (December is reported in January), or the calendar's last day for a plan of 9999."""
    return date(min(year + 1, date.max.year), 12, 31)


def planned(task: Task, month: int) -> Fraction | None:
    """The share of the task's ■ months that are ≤ `month`; None for a task with no months."""
    months = task.month_numbers
    if not months:
        return None
    return Fraction(sum(1 for m in months if m <= month), len(months))


def completes(entry: Entry, task: Task, period: Period) -> bool:
    """An entry completes its task: 100 %, or 已完成 in the entry that reports the task's
    last ■ month (that month, or its quarter's last month)."""
    months = task.month_numbers
    last = entry.status == DONE and bool(months) and entry.month == reported_in(months[-1], period)
    return entry.percent == 100 or last


def actual(task: Task, entries: Sequence[Entry], period: Period) -> Fraction:
    """Actual progress from the task's effective entries up to the month asked, in order."""
    if any(completes(entry, task, period) for entry in entries):
        return ONE
    if entries and entries[-1].percent is not None:
        return Fraction(str(entries[-1].percent)) / 100
    months = task.month_numbers
    if not months:
        return Fraction(0)
    done = {entry.month for entry in entries if entry.status == DONE}
    return Fraction(sum(1 for m in months if reported_in(m, period) in done), len(months))


def settled_before(task: Task, entries: Sequence[Entry], month: int, period: Period) -> bool:
    """Completed or stopped by an entry for an earlier month: no more reports are due."""
    return any(
        entry.month < month and (completes(entry, task, period) or entry.status == STOPPED)
        for entry in entries
    )


def missing_months(
    task: Task, entries: Sequence[Entry], month: int, as_of: date, year: int, control: Control
) -> list[int]:
    """The months ≤ `month` whose entry is due for the task (its ■ months, or in a quarterly
    plan the last month of each quarter with one), without a report whose reporting day has
    passed as of `as_of`."""
    reported = {entry.month for entry in entries}
    due = sorted({reported_in(m, control.period) for m in task.month_numbers})
    return [
        m
        for m in due
        if m <= month
        and m not in reported
        and as_of > report_deadline(year, m, control.report_day)
        and not settled_before(task, entries, m, control.period)
    ]


def light(gap: Fraction, missing: bool, control: Control) -> Light:
    """The 燈號 for a gap (planned − actual, as a fraction) and whether a report is missing."""
    points = gap * 100
    if missing or points > Fraction(str(control.red)):
        return "red"
    return "yellow" if points > Fraction(str(control.yellow)) else "green"


def percent_label(share: Fraction) -> str:
    """A share as messages give it, in whole percent: `33 %`."""
    return f"{float(share * 100):.0f} %"


def entries_by_task(ledger: Ledger | None) -> dict[str, list[Entry]]:
    """Each task's effective entries, ordered by month, then as written."""
    grouped: dict[str, list[Entry]] = {}
    for entry in effective(ledger.entries) if ledger else []:
        grouped.setdefault(entry.task, []).append(entry)
    for entries in grouped.values():
        entries.sort(key=lambda entry: entry.month)  # stable: file order within a month
    return grouped

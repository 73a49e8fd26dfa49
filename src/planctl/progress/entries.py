"""What a `done` or `report` entry of the ledger is, built from what a unit typed: the task,
the month it is for, its status and the rest. Pure: nothing here reads or writes the ledger
(planctl.repository.ledger records the entry; it adds the id and refuses conflicts).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from planctl.errors import Refusal, UsageError
from planctl.plan.months import parse_month, quarter_label, quarter_months, quarter_of
from planctl.progress.measure import reported_in

if TYPE_CHECKING:
    from planctl.plan.model import Plan

DONE = "已完成"
"""The status `planctl done` records."""


@dataclass(frozen=True)
class Report:
    """What a unit reports about one task for one month (an Entry without its id)."""

    task: str
    month: int
    status: str
    text: str
    date: dt.date
    percent: float | None = None
    reason: str | None = None
    measure: str | None = None
    completed: dt.date | None = None
    evidence: tuple[str, ...] = field(default_factory=tuple)
    by: str | None = None
    replaces: str | None = None
    reporter: str | None = None


@dataclass(frozen=True)
class Filing:
    """What every entry a unit files says besides its own fields: the task, the month asked
    (`--month` as typed; None: the month of the date), the day, the evidence, who, and the
    entry it corrects; on the web desk, the account that files it."""

    task: str
    month: str | None
    date: dt.date
    evidence: tuple[str, ...] = ()
    by: str | None = None
    replaces: str | None = None
    reporter: str | None = None

    def report(
        self,
        plan: Plan,
        status: str,
        text: str,
        percent: float | None = None,
        reason: str | None = None,
        measure: str | None = None,
        completed: dt.date | None = None,
    ) -> Report:
        """The report this filing makes for `plan`, with the entry's own fields."""
        return Report(
            self.task,
            report_month(plan, self.month, self.date),
            status,
            text,
            self.date,
            percent=percent,
            reason=reason,
            measure=measure,
            completed=completed,
            evidence=self.evidence,
            by=self.by,
            replaces=self.replaces,
            reporter=self.reporter,
        )


@dataclass(frozen=True)
class Done:
    """`planctl done`: the task's work for the month is done (已完成)."""

    filing: Filing
    text: str

    def entry(self, plan: Plan) -> Report:
        """Done in the plan year completes the task that day; done later (a December report
        in January) completes it without a date of the plan year."""
        day = self.filing.date
        return self.filing.report(
            plan, DONE, self.text, completed=day if day.year == plan.year else None
        )


@dataclass(frozen=True)
class Progressed:
    """`planctl report`: where the task stands at the month, and why when it is behind."""

    filing: Filing
    status: str
    text: str
    percent: float | None = None
    reason: str | None = None
    measure: str | None = None
    completed: dt.date | None = None

    def entry(self, plan: Plan) -> Report:
        return self.filing.report(
            plan, self.status, self.text, self.percent, self.reason, self.measure, self.completed
        )


def report_month(plan: Plan, month: str | None, day: dt.date) -> int:
    """The month a report is for: `--month` (of the plan year), or the month of its date; in
    a quarterly plan, a quarter's last month (the date's quarter when no month is given)."""
    if month is None:
        if day.year != plan.year:
            raise UsageError(
                f"{day.isoformat()} is not in the plan year {plan.year}: give --month",
            )
        return reported_in(day.month, plan.control.period)
    asked = parse_month(month)
    if asked.year not in (None, plan.year):
        raise UsageError(
            f"--month {month}: outside the plan year {plan.year} (民國{plan.roc_year}年)",
            hint="give a month 1-12 of the plan year",
        )
    if plan.control.period == "quarter" and asked.month % 3:
        months = quarter_months(quarter_of(asked.month))
        raise UsageError(
            f"--month {month}: the plan is reported by quarter (control.period: quarter); "
            f"{quarter_label(quarter_of(asked.month))} (months {months[0]}-{months[-1]}) is "
            f"one report, for month {months[-1]}",
            hint=f"give --month {months[-1]}",
        )
    return asked.month


def typed_percent(value: str, option: str) -> float:
    """A share of a task done, 0-100, as typed (`62.5`, `0.00001`), for `--percent` and the
    web desk's 完成進度; NaN, infinities and numbers outside the range refused in one line
    naming where it was typed."""
    try:
        number = float(value)
    except ValueError:
        number = math.nan
    if not 0 <= number <= 100:  # NaN is no number from 0 to 100 either
        message = f"{option} 「{value}」: give a number from 0 to 100"
        raise Refusal(message, "percent", option, value=value)
    return number

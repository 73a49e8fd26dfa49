"""What a `done` or `report` entry of the ledger is, built from what a unit typed: the task,
the month it is for, its status and the rest. Pure: nothing here reads or writes the ledger
(planctl.repository.ledger records the entry; it adds the id and refuses conflicts).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from planctl.errors import UsageError
from planctl.plan.months import parse_month

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


@dataclass(frozen=True, kw_only=True)
class Reported:
    """What every entry a unit makes says besides its own fields: the task, the month asked
    (`--month` as typed; None: the month of the date), the day, the evidence, who, and the
    entry it corrects."""

    task: str
    month: str | None
    date: dt.date
    evidence: tuple[str, ...] = ()
    by: str | None = None
    replaces: str | None = None


@dataclass(frozen=True, kw_only=True)
class Done(Reported):
    """`planctl done`: the task's work for the month is done (已完成)."""

    text: str

    def entry(self, plan: Plan) -> Report:
        """Done in the plan year completes the task that day; done later (a December report
        in January) completes it without a date of the plan year."""
        completed = self.date if self.date.year == plan.year else None
        return Report(
            self.task,
            report_month(plan, self.month, self.date),
            DONE,
            self.text,
            self.date,
            completed=completed,
            evidence=self.evidence,
            by=self.by,
            replaces=self.replaces,
        )


@dataclass(frozen=True, kw_only=True)
class Progressed(Reported):
    """`planctl report`: where the task stands at the month, and why when it is behind."""

    status: str
    text: str
    percent: float | None = None
    reason: str | None = None
    measure: str | None = None
    completed: dt.date | None = None

    def entry(self, plan: Plan) -> Report:
        return Report(
            self.task,
            report_month(plan, self.month, self.date),
            self.status,
            self.text,
            self.date,
            percent=self.percent,
            reason=self.reason,
            measure=self.measure,
            completed=self.completed,
            evidence=self.evidence,
            by=self.by,
            replaces=self.replaces,
        )


def report_month(plan: Plan, month: str | None, day: dt.date) -> int:
    """The month a report is for: `--month` (of the plan year), or the month of its date."""
    if month is None:
        if day.year != plan.year:
            raise UsageError(
                f"{day.isoformat()} is not in the plan year {plan.year}: give --month",
            )
        return day.month
    asked = parse_month(month)
    if asked.year not in (None, plan.year):
        raise UsageError(
            f"--month {month}: outside the plan year {plan.year} (民國{plan.roc_year}年)",
            hint="give a month 1-12 of the plan year",
        )
    return asked.month

"""What the export tests of several modules share: the bundled plan as `check` loads it, its
schedules' tasks with their months, runs of months, and the UIDs' plan key.
"""

from __future__ import annotations

from planctl.plan.model import Plan
from planctl.repository.check import load_checked
from tests.conftest import PLAN_2015

CHECKED = load_checked(PLAN_2015)
PLAN = CHECKED.plan


def tasks(plan: Plan = PLAN) -> list[tuple[str, list[int]]]:
    """Every task of the plan's schedules with its months, in table order."""
    return [
        (task.id, task.month_numbers)
        for _, table in plan.schedule_tables()
        for item in table.items
        for task in item.tasks
    ]


def runs(months: list[int]) -> list[tuple[int, int]]:
    found: list[tuple[int, int]] = []
    for month in months:
        if found and found[-1][1] == month - 1:
            found[-1] = (found[-1][0], month)
        else:
            found.append((month, month))
    return found


# ICS ------------------------------------------------------------------------------------

OFFICE_2015 = "2015-cd9fa8028de1"
"""The UIDs' plan key of the bundled plan: its year and the first 12 hex digits of the
SHA-256 of 臺北市中正區戶政事務所 (tests/test_ics_uids.py checks the digest)."""

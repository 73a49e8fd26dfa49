"""What the shell completes: section names and codes, units and their aliases, task IDs and
the month forms `--month` reads, from the plans in the current folder.

Each candidate is (value, help): zsh and fish show the help beside it (a code's section, an
alias's unit, a month's 民國 name).
"""

from __future__ import annotations

from collections.abc import Sequence

from planctl.plan.model import ROC_OFFSET, Plan

Candidate = tuple[str, str]


def sections(plans: Sequence[Plan]) -> list[Candidate]:
    """Each schedule table's section name (help: its units) and code (help: the section)."""
    found: dict[str, str] = {}
    for plan in plans:
        for _, table in plan.schedule_tables():
            found.setdefault(table.section, "、".join(table.units))
            found.setdefault(table.code, table.section)
    return list(found.items())


def units(plans: Sequence[Plan]) -> list[Candidate]:
    """Unit names, then aliases (help: the unit they name)."""
    found: dict[str, str] = {}
    every = [unit for plan in plans for unit in plan.units]
    for unit in every:
        found.setdefault(unit.name, {"section": "", "role": "職務", "all": "各課室"}[unit.kind])
    for unit in every:
        for alias in unit.aliases:
            found.setdefault(alias, unit.name)
    return list(found.items())


def tasks(plans: Sequence[Plan]) -> list[Candidate]:
    """Every task ID (help: the task's text)."""
    return [
        (task.id, task.text)
        for plan in plans
        for _, table in plan.schedule_tables()
        for item in table.items
        for task in item.tasks
    ]


def months(plans: Sequence[Plan]) -> list[Candidate]:
    """1–12, then the plan years' 民國 (104-03) and Gregorian (2015-03) forms."""
    found: dict[str, str] = {str(month): f"{month}月" for month in range(1, 13)}
    for year in sorted({plan.year for plan in plans}):
        roc = year - ROC_OFFSET
        for month in range(1, 13):
            label = f"民國{roc}年{month}月"
            found.setdefault(f"{roc}-{month:02}", label)
            found.setdefault(f"{year}-{month:02}", label)
    return list(found.items())


KINDS = {"section": sections, "unit": units, "task": tasks, "month": months}

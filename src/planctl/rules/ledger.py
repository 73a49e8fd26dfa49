"""Rules over a progress ledger and its plan: pure functions from the models to findings.

The ledger's own findings carry paths into the ledger (`entries[3].task`); missing reports
(PC708, only when `check --as-of` gives the day to count from) carry the path of the task's
months in the plan, the place a clerk looks to see what was due.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from datetime import date

from planctl.plan.characters import blank, blank_hint
from planctl.plan.findings import Finding, Severity
from planctl.plan.model import Plan, Task
from planctl.plan.quoting import clip
from planctl.plan.source import YamlPath
from planctl.plan.units import UnitIndex
from planctl.progress.measure import (
    actual,
    entries_by_task,
    missing_months,
    planned,
    report_deadline,
    reporting_end,
)
from planctl.progress.model import STOPPED, Entry, Ledger

E, W = Severity.ERROR, Severity.WARNING


def plan_tasks(plan: Plan) -> dict[str, tuple[YamlPath, Task]]:
    """Every task of the plan by ID, with its path in the plan."""
    found: dict[str, tuple[YamlPath, Task]] = {}
    for (part_index, table_index), table in plan.schedule_tables():
        base: YamlPath = ("parts", part_index, "tables", table_index)
        for i, item in enumerate(table.items):
            for t, task in enumerate(item.tasks):
                found.setdefault(task.id, ((*base, "items", i, "tasks", t), task))
    return found


def check_ledger(plan: Plan, ledger: Ledger, as_of: date | None = None) -> list[Finding]:
    """Every finding about the ledger's entries, in rule order."""
    tasks = {task_id: task for task_id, (_, task) in plan_tasks(plan).items()}
    return [
        *entry_ids(ledger),
        *entry_tasks(ledger, tasks),
        *entry_units(plan, ledger),
        *entry_dates(plan, ledger, as_of),
        *corrections(ledger),
        *one_per_month(ledger),
        *entry_texts(ledger),
        *behind_reasons(ledger, tasks),
    ]


def _indexed(ledger: Ledger) -> Iterator[tuple[YamlPath, Entry]]:
    for index, entry in enumerate(ledger.entries):
        yield ("entries", index), entry


def entry_ids(ledger: Ledger) -> Iterator[Finding]:
    seen: set[str] = set()
    for path, entry in _indexed(ledger):
        if entry.id in seen:
            message = f"entry id '{clip(entry.id)}' is used twice"
            hint = "give each entry its own id; a correction names the old one in `replaces`"
            yield Finding("PC707", E, message, (*path, "id"), hint=hint)
        seen.add(entry.id)


def entry_tasks(ledger: Ledger, tasks: dict[str, Task]) -> Iterator[Finding]:
    for path, entry in _indexed(ledger):
        task = tasks.get(entry.task)
        if task is None:
            close = difflib.get_close_matches(entry.task, list(tasks), n=1)
            hint = f"did you mean {close[0]}?" if close else ""
            message = f"unknown task ID '{clip(entry.task)}'"
            yield Finding("PC701", E, message, (*path, "task"), hint=hint)
        elif task.month_numbers and entry.month not in task.month_numbers:
            months = "、".join(str(m) for m in task.month_numbers)
            yield Finding(
                "PC702",
                W,
                f"{entry.task} is not scheduled in month {entry.month} (its months: {months})",
                (*path, "month"),
            )


def entry_units(plan: Plan, ledger: Ledger) -> Iterator[Finding]:
    index = UnitIndex.of(plan)
    for path, entry in _indexed(ledger):
        named = [((*path, "by"), entry.by)]
        if entry.review is not None:
            named.append(((*path, "review", "by"), entry.review.by))
        for where, unit in named:
            if unit is not None and index.find(unit) is None:
                hint = "known: " + "、".join(index.names())
                yield Finding("PC201", E, f"unknown unit 「{clip(unit)}」", where, hint=hint)


def entry_dates(plan: Plan, ledger: Ledger, as_of: date | None) -> Iterator[Finding]:
    """Work is completed in the plan year; reports and reviews are dated in it or the next
    (December is reported in January); nothing is dated after the day checked as of."""
    first, last = date(plan.year, 1, 1), reporting_end(plan.year)
    for path, entry in _indexed(ledger):
        dated: list[tuple[YamlPath, date | None, date]] = [
            ((*path, "completed"), entry.completed, date(plan.year, 12, 31)),
            ((*path, "date"), entry.date, last),
        ]
        if entry.review is not None:
            dated.append(((*path, "review", "date"), entry.review.date, last))
        for where, day, latest in dated:
            if day is None:
                continue
            if not first <= day <= latest:
                span = f"{plan.year}" if latest.year == plan.year else f"{plan.year}–{last.year}"
                message = f"{where[-1]} {day.isoformat()} is outside {span}"
                yield Finding("PC703", E, message, where, hint=f"the plan is for {plan.year}")
            elif as_of is not None and day > as_of:
                message = f"{where[-1]} {day.isoformat()} is after {as_of.isoformat()} (--as-of)"
                yield Finding("PC703", E, message, where)


def corrections(ledger: Ledger) -> Iterator[Finding]:
    by_id = {entry.id: entry for entry in ledger.entries}
    for path, entry in _indexed(ledger):
        if entry.replaces is None:
            continue
        named = by_id.get(entry.replaces)
        where = (*path, "replaces")
        if named is None or named is entry:
            message = f"replaces '{clip(entry.replaces)}', which is no other entry's id"
            yield Finding("PC705", E, message, where, hint=_close_id(entry.replaces, by_id))
        elif named.task != entry.task:
            message = f"replaces an entry of another task ({named.task}, not {entry.task})"
            yield Finding("PC705", E, message, where)


def _close_id(name: str, ids: dict[str, Entry]) -> str:
    close = difflib.get_close_matches(name, list(ids), n=1)
    return f"did you mean {close[0]}?" if close else ""


def one_per_month(ledger: Ledger) -> Iterator[Finding]:
    """One effective report per task and month: a second one must replace the first."""
    effective = {id(entry) for entry in ledger.effective()}
    first: dict[tuple[str, int], Entry] = {}
    for path, entry in _indexed(ledger):
        if id(entry) not in effective:
            continue
        key = (entry.task, entry.month)
        if key in first:
            yield Finding(
                "PC706",
                E,
                f"a second report for {entry.task}, month {entry.month}, "
                f"and neither replaces the other",
                (*path, "month"),
                hint=f"if it corrects {first[key].id}, add `replaces: {first[key].id}`",
            )
        first.setdefault(key, entry)


def entry_texts(ledger: Ledger) -> Iterator[Finding]:
    """PC501: a report must say what was done (執行情形說明); a text of spaces or invisible
    characters says nothing."""
    for path, entry in _indexed(ledger):
        if blank(entry.text):
            yield Finding("PC501", E, "empty text", (*path, "text"), hint=blank_hint(entry.text))


def behind_reasons(ledger: Ledger, tasks: dict[str, Task]) -> Iterator[Finding]:
    """A report that leaves its task behind says why (落後原因) and what is done (因應對策)."""
    by_task = entries_by_task(ledger)
    effective = {id(entry) for entries in by_task.values() for entry in entries}
    for path, entry in _indexed(ledger):
        task = tasks.get(entry.task)
        if task is None or id(entry) not in effective or entry.status == STOPPED:
            continue
        upto = [e for e in by_task[entry.task] if e.month <= entry.month]
        share = planned(task, entry.month)
        if upto[-1] is not entry or share is None or actual(task, upto) >= share:
            continue
        for key, label in (("reason", "落後原因"), ("measure", "因應對策")):
            given: str | None = getattr(entry, key)
            if given is None or blank(given):
                yield Finding(
                    "PC704",
                    E,
                    f"{entry.task} is behind at month {entry.month} and the report gives no "
                    f"{label} ({key})",
                    (*path, key),
                    hint=blank_hint(given or ""),
                )


def missing_reports(plan: Plan, ledger: Ledger, as_of: date) -> Iterator[Finding]:
    """A ■ month whose report was due by `as_of` (the reporting day after it) and is not in
    the ledger; located at the task's months in the plan."""
    by_task = entries_by_task(ledger)
    control = plan.control
    for task_id, (path, task) in plan_tasks(plan).items():
        entries = by_task.get(task_id, [])
        for month in missing_months(task, entries, 12, as_of, plan.year, control):
            due = report_deadline(plan.year, month, control.report_day)
            yield Finding(
                "PC708",
                E,
                f"no progress report for {task_id}, month {month} (due {due.isoformat()})",
                (*path, "months"),
                hint=f"planctl report {task_id} --month {month} …",
            )

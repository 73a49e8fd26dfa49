"""Rules over a progress ledger and its plan: pure functions from the models to findings.

The ledger's own findings carry paths into the ledger (`entries[3].task`); missing reports
(PC708, only when `check --as-of` gives the day to count from) carry the path of the task's
months in the plan, the place a clerk looks to see what was due.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from datetime import date
from typing import TYPE_CHECKING

from planctl.plan.characters import blank, blank_hint
from planctl.plan.findings import Code, Finding
from planctl.plan.quoting import clip
from planctl.plan.units import UnitIndex
from planctl.rules import reports
from planctl.rules.places import each_task
from planctl.rules.texts import EMPTY_TEXT
from planctl.rules.units import UNKNOWN_UNIT, Suggestions

if TYPE_CHECKING:  # the registry reads the codes without the models (pydantic)
    from planctl.plan.model import Period, Plan, Task
    from planctl.plan.source import YamlPath
    from planctl.progress.model import Entry, Ledger


def plan_tasks(plan: Plan) -> dict[str, tuple[YamlPath, Task]]:
    """Every task of the plan by ID, with its path in the plan."""
    found: dict[str, tuple[YamlPath, Task]] = {}
    for path, _table, task in each_task(plan):
        found.setdefault(task.id, (path, task))
    return found


def check_ledger(plan: Plan, ledger: Ledger, as_of: date | None = None) -> list[Finding]:
    """Every finding about the ledger's entries, in rule order."""
    tasks = {task_id: task for task_id, (_, task) in plan_tasks(plan).items()}
    return [
        *entry_ids(ledger),
        *entry_tasks(ledger, tasks, plan.control.period),
        *entry_units(plan, ledger),
        *entry_dates(plan, ledger, as_of),
        *corrections(ledger),
        *one_per_month(ledger),
        *entry_texts(ledger),
        *behind_reasons(ledger, tasks, plan.control.period),
        *reports.correction_cycles(ledger),
        *reports.dates_in_order(plan, ledger),
        *reports.reasons_on_track(ledger, tasks, plan.control.period),
        *reports.completion_dates(ledger, tasks, plan.control.period),
        *reports.regressions(ledger, tasks),
    ]


def _indexed(ledger: Ledger) -> Iterator[tuple[YamlPath, Entry]]:
    """Each entry with its path in the ledger."""
    for index, entry in enumerate(ledger.entries):
        yield ("entries", index), entry


class _Closest:
    """ "Did you mean" among `known` names: difflib compares a name with every known one, so
    each name is looked up once, and after Suggestions.MAX_LOOKUPS different names no more
    are (thousands of mistyped entries against thousands of ids would be quadratic)."""

    def __init__(self, known: list[str]) -> None:
        self.known = known
        self.found: dict[str, str | None] = {}

    def __call__(self, name: str) -> str:
        """The hint: `did you mean …?`, or nothing."""
        if name not in self.found:
            if len(self.found) >= Suggestions.MAX_LOOKUPS:
                return ""
            close = difflib.get_close_matches(name, self.known, n=1)
            self.found[name] = close[0] if close else None
        closest = self.found[name]
        return f"did you mean {closest}?" if closest else ""


ENTRY_ID_TWICE = Code.parse(
    """
PC707 error: a ledger entry id used twice
why: Corrections and reviews name entries by id; with two entries of one id, a correction could
  replace the wrong one.
fix: Give the entry written by hand a new id (`planctl done` and `report` make unique ones: the
  task, the month and six random hex digits).
bad:
    - id: reg-1.1-m01-4f2a9c
    - id: reg-1.1-m01-4f2a9c
good:
    - id: reg-1.1-m01-4f2a9c
    - id: reg-1.1-m01-a07d13
"""
)


def entry_ids(ledger: Ledger) -> Iterator[Finding]:
    """PC707: entry ids are unique, so that a correction or review names one entry."""
    seen: set[str] = set()
    for path, entry in _indexed(ledger):
        if entry.id in seen:
            message = f"entry id '{clip(entry.id)}' is used twice"
            hint = "give each entry its own id; a correction names the old one in `replaces`"
            yield ENTRY_ID_TWICE.finding(message, (*path, "id"), hint=hint)
        seen.add(entry.id)


UNKNOWN_TASK = Code.parse(
    """
PC701 error: a progress ledger entry for a task ID the plan does not have
why: A report that names no task of the plan counts for nothing: the task it was meant for stays
  behind and its report missing in `status`.
fix: Use the task's ID as the plan writes it (`planctl duties --unit NAME` lists them); the hint
  suggests the closest one.
bad:
  entries:
    - id: reg-1.1-m01-4f2a9c
      task: reg1.1
good:
  entries:
    - id: reg-1.1-m01-4f2a9c
      task: reg-1.1
"""
)

UNSCHEDULED_REPORT = Code.parse(
    """
PC702 warning: a progress report for a month its task is not scheduled in
why: Work reported outside the ■ months does not move the planned figures; it is often the wrong
  month typed, which leaves the real month's report missing.
fix: Check the month: a report for January's work made in February is `month: 1`. If the work really
  moved, revise the plan's months.
bad:
  # task reg-1.1 has months: [1-2]
      task: reg-1.1
      month: 3
good:
  # task reg-1.1 has months: [1-2]
      task: reg-1.1
      month: 2
"""
)


def entry_tasks(ledger: Ledger, tasks: dict[str, Task], period: Period) -> Iterator[Finding]:
    """PC701: an entry names a task of the plan (else its report counts for nothing); PC702:
    a report for a month its task is not scheduled in (often the wrong month typed)."""
    from planctl.progress.measure import unscheduled  # with the model: see TYPE_CHECKING

    closest = _Closest(list(tasks))
    for path, entry in _indexed(ledger):
        task = tasks.get(entry.task)
        if task is None:
            message = f"unknown task ID '{clip(entry.task)}'"
            yield UNKNOWN_TASK.finding(message, (*path, "task"), hint=closest(entry.task))
        elif off := unscheduled(task.id, task.month_numbers, entry.month, period):
            yield UNSCHEDULED_REPORT.finding(off, (*path, "month"))


def entry_units(plan: Plan, ledger: Ledger) -> Iterator[Finding]:
    """PC201: the unit that reported (or reviewed) is one of the plan's `units:`."""
    index = UnitIndex.of(plan)
    hint = "known: " + "、".join(index.names())
    for path, entry in _indexed(ledger):
        named = [((*path, "by"), entry.by)]
        if entry.review is not None:
            named.append(((*path, "review", "by"), entry.review.by))
        for where, unit in named:
            if unit is not None and index.find(unit) is None:
                yield UNKNOWN_UNIT.finding(f"unknown unit 「{clip(unit)}」", where, hint=hint)


LEDGER_DATE = Code.parse(
    """
PC703 error: a ledger date outside the plan year (completion) or the plan year and the next (report,
  review), or after `check --as-of`
why: A report dated in another year, or in the future, is a typing slip (often a 民國 year) that
  would make a late report look on time.
fix: Write the date in the Western calendar: 民國104年4月8日 is 2015-04-08.
bad:
      month: 3
      date: 2014-04-08
good:
      month: 3
      date: 2015-04-08
"""
)


def entry_dates(plan: Plan, ledger: Ledger, as_of: date | None) -> Iterator[Finding]:
    """Work is completed in the plan year; reports and reviews are dated in it or the next
    (December is reported in January); nothing is dated after the day checked as of."""
    from planctl.progress.measure import reporting_end  # with the model: see TYPE_CHECKING

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
                yield LEDGER_DATE.finding(message, where, hint=f"the plan is for {plan.year}")
            elif as_of is not None and day > as_of:
                message = f"{where[-1]} {day.isoformat()} is after {as_of.isoformat()} (--as-of)"
                yield LEDGER_DATE.finding(message, where)


BAD_CORRECTION = Code.parse(
    """
PC705 error: a correction (`replaces`) naming no other entry of its task
why: A correction that names no entry replaces nothing: the wrong report still counts, and the
  correction is counted as a second report.
fix: Copy the id of the entry being corrected into `replaces:` (the hint suggests the closest one of
  the same task).
bad:
      replaces: reg-1.2-m03-e2f76
good:
      replaces: reg-1.2-m03-e2f765
"""
)


def corrections(ledger: Ledger) -> Iterator[Finding]:
    """PC705: a correction replaces another entry of the same task, so that the wrong report
    stops counting."""
    by_id = {entry.id: entry for entry in ledger.entries}
    closest = _Closest(list(by_id))
    for path, entry in _indexed(ledger):
        if entry.replaces is None:
            continue
        named = by_id.get(entry.replaces)
        where = (*path, "replaces")
        if named is None or named is entry:
            message = f"replaces '{clip(entry.replaces)}', which is no other entry's id"
            yield BAD_CORRECTION.finding(message, where, hint=closest(entry.replaces))
        elif named.task != entry.task:
            message = f"replaces an entry of another task ({named.task}, not {entry.task})"
            yield BAD_CORRECTION.finding(message, where)


SECOND_REPORT = Code.parse(
    """
PC706 error: two reports for one task and month, neither replacing the other
why: With two reports for one month, which one counts is a guess; often both units of a section
  reported, or a correction forgot its `replaces:`.
fix: Make the later entry a correction (`replaces: <id of the earlier>`), or delete the one entered
  by mistake if it was never shared.
bad:
    - id: reg-1.2-m03-e2f765
      …
    - id: reg-1.2-m03-9b41c0
      …
good:
    - id: reg-1.2-m03-e2f765
      …
    - id: reg-1.2-m03-9b41c0
      replaces: reg-1.2-m03-e2f765
"""
)


def one_per_month(ledger: Ledger) -> Iterator[Finding]:
    """One effective report per task and month: a second one must replace the first."""
    effective = {id(entry) for entry in ledger.effective()}
    first: dict[tuple[str, int], Entry] = {}
    for path, entry in _indexed(ledger):
        if id(entry) not in effective:
            continue
        key = (entry.task, entry.month)
        if key in first:
            yield SECOND_REPORT.finding(
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
            yield EMPTY_TEXT.finding("empty text", (*path, "text"), hint=blank_hint(entry.text))


NO_BEHIND_REASON = Code.parse(
    """
PC704 error: a report that leaves its task behind without 落後原因 or 因應對策
why: The monthly meeting reviews every task that is behind by its 落後原因 and 因應對策; a report
  without them leaves the 研考 clerk nothing to review.
fix: Add `reason:` (落後原因) and `measure:` (因應對策) to the entry, or a `percent:` that shows the
  task on schedule.
bad:
      status: 辦理中
      percent: 10
      text: 清查中
good:
      status: 辦理中
      percent: 10
      text: 清查中
      reason: 通報延遲
      measure: 每週催辦
"""
)


def behind_reasons(ledger: Ledger, tasks: dict[str, Task], period: Period) -> Iterator[Finding]:
    """A report that leaves its task behind says why (落後原因) and what is done (因應對策).
    Only the last effective report of its task and month counts: its task's progress is
    measured up to it."""
    from planctl.progress.measure import actual, entries_by_task, planned  # see TYPE_CHECKING
    from planctl.progress.model import STOPPED

    by_task = entries_by_task(ledger)
    ends = _month_ends(by_task)
    for path, entry in _indexed(ledger):
        task = tasks.get(entry.task)
        end = ends.get(id(entry))
        if task is None or end is None or entry.status == STOPPED:
            continue
        upto = by_task[entry.task][:end]
        share = planned(task, entry.month)
        if share is None or actual(task, upto, period) >= share:
            continue
        for key, label in (("reason", "落後原因"), ("measure", "因應對策")):
            given: str | None = getattr(entry, key)
            if given is None or blank(given):
                yield NO_BEHIND_REASON.finding(
                    f"{entry.task} is behind at month {entry.month} and the report gives no "
                    f"{label} ({key})",
                    (*path, key),
                    hint=blank_hint(given or ""),
                )


def _month_ends(by_task: dict[str, list[Entry]]) -> dict[int, int]:
    """The last effective entry of each task and month (by `id`), with how many of its
    task's entries (ordered by month) come up to it: found once, not by going through the
    task's entries again for each of them."""
    ends: dict[int, int] = {}
    for entries in by_task.values():
        for index, entry in enumerate(entries):
            if index + 1 == len(entries) or entries[index + 1].month != entry.month:
                ends[id(entry)] = index + 1
    return ends


MISSING_REPORT = Code.parse(
    """
PC708 error: with `check --as-of DATE`: a progress report missing after its reporting day (the 10th
  of the next month, or the plan's `control.report_day`; in a quarterly plan, of the month after the
  quarter)
why: Units report last month's progress by the reporting day; a CI job that runs `planctl check
  --as-of today` enforces it like a test, and the 研考 clerk sees who has not reported before the
  meeting.
fix: The unit records the month (`planctl done TASK_ID --month M` or `planctl report …`); the
  finding points at the task in the plan.
bad:
  # reg-1.1 (months 1-2), no entry for month 1, checked --as-of 2015-02-11
good:
  entries:
    - id: reg-1.1-m01-4f2a9c
      task: reg-1.1
      month: 1
      status: 已完成
"""
)


def missing_reports(plan: Plan, ledger: Ledger, as_of: date) -> Iterator[Finding]:
    """A ■ month whose report was due by `as_of` (the reporting day after it) and is not in
    the ledger; located at the task's months in the plan."""
    from planctl.plan.months import quarter_label, quarter_of
    from planctl.progress.measure import entries_by_task, missing_months, report_deadline

    by_task = entries_by_task(ledger)
    control = plan.control
    for task_id, (path, task) in plan_tasks(plan).items():
        entries = by_task.get(task_id, [])
        for month in missing_months(task, entries, 12, as_of, plan.year, control):
            due = report_deadline(plan.year, month, control.report_day).isoformat()
            quarter = f"{quarter_label(quarter_of(month))}, " if control.period == "quarter" else ""
            yield MISSING_REPORT.finding(
                f"no progress report for {task_id}, month {month} ({quarter}due {due})",
                (*path, "months"),
                hint=f"planctl report {task_id} --month {month} …",
            )

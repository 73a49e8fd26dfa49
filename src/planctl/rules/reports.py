"""The consistency rules a 管考 system runs on every progress report, beyond the ledger's own
shape (planctl.rules.ledger): corrections that replace each other in a cycle, a report that
is on track yet gives a 落後原因 (「進度正常，有落後原因」), a task completed without its date
(「實際進度100%，無完成日期」), a percent lower than the month before (進度倒退), and dates in
the wrong order (a report made before its month began, a completion after the report).

Each rule is linear in the ledger: a correction chain of tens of thousands of entries is
checked in the time it takes to read it (bench/ledger_chain.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from planctl.plan.characters import blank
from planctl.plan.findings import Code, Finding
from planctl.plan.quoting import clip

if TYPE_CHECKING:  # the registry reads the codes without the models (pydantic)
    from planctl.plan.model import Period, Plan, Task
    from planctl.progress.model import Entry, Ledger

CORRECTION_CYCLE = Code.parse(
    """
PC709 error: corrections (`replaces`) that replace each other in a cycle, or an entry that replaces
  itself
why: Every entry of a cycle is replaced by another, so none of them counts: the month's report
  vanishes from `status` and the task looks unreported or behind.
fix: Remove `replaces:` from the entry that is the original report; each correction names the entry
  it corrects, which was written before it.
bad:
    - id: reg-1.2-m03-e2f765
      replaces: reg-1.2-m03-9b41c0
    - id: reg-1.2-m03-9b41c0
      replaces: reg-1.2-m03-e2f765
good:
    - id: reg-1.2-m03-e2f765
    - id: reg-1.2-m03-9b41c0
      replaces: reg-1.2-m03-e2f765
"""
)


def correction_cycles(ledger: Ledger) -> Iterator[Finding]:
    """PC709: follow each entry's `replaces` once (every entry names at most one other, so
    the walk is linear); a walk that comes back to an entry of its own path is a cycle,
    reported once at its first entry in the file, naming every entry of it."""
    first: dict[str, int] = {}  # an id used twice (PC707) is followed to its first entry
    for index, entry in enumerate(ledger.entries):
        first.setdefault(entry.id, index)
    state = [0] * len(ledger.entries)  # 0 not seen, 1 on the current walk, 2 finished
    for start in range(len(ledger.entries)):
        walk: list[int] = []
        at: int | None = start
        while at is not None and state[at] == 0:
            state[at] = 1
            walk.append(at)
            named = ledger.entries[at].replaces
            at = first.get(named) if named is not None else None
        if at is not None and state[at] == 1:
            yield _cycle(ledger, walk[walk.index(at) :])
        for index in walk:
            state[index] = 2


def _cycle(ledger: Ledger, cycle: list[int]) -> Finding:
    """The finding on a cycle of entries (by index, each replacing the next), at the one
    written first."""
    turn = cycle.index(min(cycle))
    cycle = cycle[turn:] + cycle[:turn]
    ids = [clip(ledger.entries[index].id) for index in [*cycle, cycle[0]]]
    return CORRECTION_CYCLE.finding(
        f"corrections in a cycle ({' → '.join(ids)}, each replacing the next): none of them counts",
        ("entries", cycle[0], "replaces"),
        hint="remove `replaces:` from the original report",
    )


DATES_OUT_OF_ORDER = Code.parse(
    """
PC713 error: a report dated before the month it reports has begun (in a quarterly plan, the
  quarter), or a `completed` date after the report's own date
why: A report tells what was done by the day it is made: one dated before its month (or quarter)
  began, or one that completes the work on a later day, is a mistyped month or date, and it would
  make a late report look on time.
fix: Correct the `month`, the `date` (the day the unit reported) or the `completed` day (the day the
  work was completed, at the latest the report's date).
bad:
      month: 4
      completed: 2015-04-30
      date: 2015-03-31
good:
      month: 3
      completed: 2015-03-30
      date: 2015-03-31
"""
)


def dates_in_order(plan: Plan, ledger: Ledger) -> Iterator[Finding]:
    """PC713: a report is made once its month has begun, and completes nothing after its own
    date. A date before the plan year is left to PC703, which names the year. In a quarterly
    plan what begins is the quarter (`period_begins`), and the hint says so."""
    from planctl.progress.measure import period_begins  # with the model: see TYPE_CHECKING

    period = plan.control.period
    for index, entry in enumerate(ledger.entries):
        begins, reported = period_begins(plan.year, entry.month, period)
        if entry.date.year >= plan.year and entry.date < begins:
            yield DATES_OUT_OF_ORDER.finding(
                f"date {entry.date.isoformat()} is before {reported} begins ({begins.isoformat()})",
                ("entries", index, "date"),
                hint=f"a {period} is reported once it has begun; is the month or the date "
                "mistyped?",
            )
        if entry.completed is not None and entry.completed > entry.date:
            yield DATES_OUT_OF_ORDER.finding(
                f"completed {entry.completed.isoformat()} is after the report's date "
                f"{entry.date.isoformat()}",
                ("entries", index, "completed"),
                hint="a report completes work done by the day it is made",
            )


def month_reports(ledger: Ledger, tasks: dict[str, Task]) -> Iterator[tuple[int, Entry, Task]]:
    """Each task's report for each month that counts (the last effective entry of the month,
    as `status` takes it), with its index in the ledger; entries of unknown tasks left out."""
    from planctl.progress.measure import entries_by_task  # with the model: see TYPE_CHECKING

    index = {id(entry): number for number, entry in enumerate(ledger.entries)}
    for task_id, entries in entries_by_task(ledger).items():
        task = tasks.get(task_id)
        if task is None:
            continue
        for position, entry in enumerate(entries):
            following = entries[position + 1] if position + 1 < len(entries) else None
            if following is None or following.month != entry.month:
                yield index[id(entry)], entry, task


REASON_ON_TRACK = Code.parse(
    """
PC710 warning: a report on track (actual ≥ planned) that gives a 落後原因 (「進度正常，有落後原因」)
why: 管考 systems question a report that says the task is on schedule and explains why it is behind:
  one of the two is wrong, often a percent typed too high or a reason copied from last month.
fix: Remove `reason:` (and `measure:`) when the task is on schedule, or correct the `percent:` if it
  is in fact behind.
bad:
  # reg-1.2 has months: [3-4]
      month: 3
      percent: 50
      reason: 通報延遲
good:
  # reg-1.2 has months: [3-4]
      month: 3
      percent: 50
"""
)


def reasons_on_track(ledger: Ledger, tasks: dict[str, Task], period: Period) -> Iterator[Finding]:
    """PC710: 「進度正常，有落後原因」 — the month's report leaves its task on track (actual ≥
    planned, the figures of `status` and PC704) and still gives a 落後原因."""
    from planctl.progress.measure import actual, entries_by_task, percent_label, planned
    from planctl.progress.model import STOPPED

    by_task = entries_by_task(ledger)
    for index, entry, task in month_reports(ledger, tasks):
        share = planned(task, entry.month)
        if share is None or entry.status == STOPPED or entry.reason is None or blank(entry.reason):
            continue
        upto = [e for e in by_task[entry.task] if e.month <= entry.month]
        done = actual(task, upto, period)
        if done >= share:
            yield REASON_ON_TRACK.finding(
                f"{entry.task} 進度正常，有落後原因: on track at month {entry.month} (planned "
                f"{percent_label(share)}, actual {percent_label(done)}) yet the report gives "
                "a 落後原因 (reason)",
                ("entries", index, "reason"),
                hint="remove reason (and measure), or correct the percent",
            )


COMPLETED_UNDATED = Code.parse(
    """
PC711 warning: a report that completes its task (100 %, or 已完成 in its last ■ month) without a
  `completed` date (「實際進度100%，無完成日期」)
why: The 管制表's 完成日期 column and the 研考 review's 解除列管 need the day the work was
  completed; without it a completed task cannot be released from control.
fix: Add `completed: YYYY-MM-DD`, the day the work was completed (`planctl report … --completed`;
  `planctl done` writes the report's date).
bad:
      month: 4
      status: 已完成
      date: 2015-05-06
good:
      month: 4
      status: 已完成
      completed: 2015-04-30
      date: 2015-05-06
"""
)


def completion_dates(ledger: Ledger, tasks: dict[str, Task], period: Period) -> Iterator[Finding]:
    """PC711: 「實際進度100%，無完成日期」 — every effective report that completes its task
    gives the day it was completed."""
    from planctl.progress.measure import completes  # with the model: see TYPE_CHECKING
    from planctl.progress.model import DONE

    effective = {id(entry) for entry in ledger.effective()}
    for index, entry in enumerate(ledger.entries):
        task = tasks.get(entry.task)
        if id(entry) not in effective or task is None or entry.completed is not None:
            continue
        if not completes(entry, task, period):
            continue
        how = "100 %" if entry.percent == 100 else f"{DONE} in its last ■ month"
        yield COMPLETED_UNDATED.finding(
            f"{entry.task} 實際進度100%，無完成日期: the report for month {entry.month} "
            f"completes the task ({how}) and gives no completed date",
            ("entries", index, "completed"),
            hint="add `completed: YYYY-MM-DD`, the day the work was completed",
        )


PROGRESS_REGRESSED = Code.parse(
    """
PC712 warning: a `percent` lower than the same task's percent in an earlier month, with no
  correction of that month (進度倒退)
why: Work done does not undo itself: a lower percent than last month's is a typing slip in one of
  the two, or an earlier figure that was too high and was never corrected, and the 管考 meeting
  would see the task go backwards.
fix: If the earlier month's figure was wrong, correct that entry (a new entry with `replaces: <its
  id>` and the right percent); else correct this one.
bad:
      month: 3
      percent: 50
  …
      month: 4
      percent: 40
good:
      month: 3
      percent: 30
      replaces: reg-1.2-m03-e2f765
  …
      month: 4
      percent: 40
"""
)


def regressions(ledger: Ledger, tasks: dict[str, Task]) -> Iterator[Finding]:
    """PC712: 進度倒退 — a task's month report gives a percent lower than the last one given
    for an earlier month. Only the entries that count are compared: a correction of the
    earlier month replaces the figure it corrects."""
    from planctl.progress.ledger_text import decimal  # with the model: see TYPE_CHECKING

    latest: dict[str, Entry] = {}  # each task's last month report with a percent so far
    for index, entry, _task in month_reports(ledger, tasks):
        earlier = latest.get(entry.task)
        if entry.percent is None:
            continue
        if earlier is not None and earlier.percent is not None and entry.percent < earlier.percent:
            yield PROGRESS_REGRESSED.finding(
                f"{entry.task} 進度倒退: {decimal(entry.percent)} % at month {entry.month}, "
                f"below {decimal(earlier.percent)} % at month {earlier.month} "
                f"({clip(earlier.id)})",
                ("entries", index, "percent"),
                hint=f"if month {earlier.month}'s figure was wrong, correct it: a new entry "
                f"with `replaces: {clip(earlier.id)}`",
            )
        latest[entry.task] = entry

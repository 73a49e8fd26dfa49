"""`planctl done`, `report` and `review`: append one entry to a plan's progress ledger.

The ledger is text people edit and git merges, so an entry is *appended as text*: the bytes
already in the file (comments, hand formatting) are kept exactly, and a new entry is one
self-contained block at the end, which is what lets `merge=union` merge two units' reports.
Twenty clerks may run this at once: an exclusive lock on a lock file beside the ledger
serialises read → check → write, and the write replaces the file atomically (a reader sees the
old file or the new one, never half an entry).
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields, replace
from datetime import date
from fractions import Fraction
from pathlib import Path

from planctl.errors import Refusal, UsageError
from planctl.files.locking import locked
from planctl.files.writing import write_atomic
from planctl.plan.characters import blank, refuse_characters, typed_text
from planctl.plan.load import discover
from planctl.plan.model import Item, Period, Plan, ScheduleTable, Task
from planctl.plan.reading import decode
from planctl.plan.units import UnitIndex
from planctl.progress.entries import Done, Progressed, Report
from planctl.progress.ledger_text import appended, header
from planctl.progress.load import ledger_path, load_ledger, parse_ledger
from planctl.progress.measure import (
    actual,
    percent_label,
    period_begins,
    planned,
    reporting_end,
    unscheduled,
)
from planctl.progress.model import Entry, Ledger, Review
from planctl.repository.check import load_checked

Found = tuple[ScheduleTable, Item, Task]


class Behind(UsageError):
    """A report that would leave its task behind without saying why. `behind` is where the
    task stands (the message before the options it asks for), `month` the month reported,
    `off_schedule` whether the task is not scheduled in it: what `planctl done`, which takes
    no reason, needs to point to `planctl report` instead; `shares` the planned and actual
    shares, for the web desk's form to say it in the staff's words."""

    def __init__(
        self,
        message: str,
        hint: str,
        behind: str,
        month: int,
        off_schedule: bool,
        shares: tuple[Fraction, Fraction],
    ):
        super().__init__(message, hint=hint)
        self.behind = behind
        self.month = month
        self.off_schedule = off_schedule
        self.shares = shares

    @property
    def in_words_of_the_form(self) -> str:
        """The refusal as the web desk's form says it: its fields, no options."""
        due, done = (f"{float(share * 100):.0f}%" for share in self.shares)
        return (
            f"進度落後（預定 {due}，實際 {done}）：請填寫落後原因及因應對策；"
            "或把完成進度改為整個工作項目至今完成的百分比"
        )


def tasks_of(plan: Plan) -> dict[str, Found]:
    """Every schedule task of the plan by ID, with its table and item."""
    return {
        task.id: (table, item, task)
        for _, table in plan.schedule_tables()
        for item in table.items
        for task in item.tasks
    }


def find_task(tasks: dict[str, Found], task_id: str) -> Found:
    """The task with this ID, or a usage error that suggests the nearest IDs."""
    if task_id in tasks:
        return tasks[task_id]
    folded = {name.lower(): name for name in tasks}
    close = [folded[task_id.lower()]] if task_id.lower() in folded else []
    close = close or difflib.get_close_matches(task_id, list(tasks), n=3, cutoff=0.6)
    hint = "did you mean " + " or ".join(close) + "?" if close else "see `planctl due`"
    raise UsageError(f"unknown task ID {task_id!r}", hint=hint)


def check_dates(plan: Plan, report: Report) -> None:
    """A report is dated in the plan year or the next (December is reported in January); the
    work it reports is completed within the plan year."""
    first, last = date(plan.year, 1, 1), reporting_end(plan.year)
    if not first <= report.date <= last:
        raise Refusal(
            f"report date {report.date.isoformat()} is outside {plan.year}–{last.year}: "
            f"the plan is for {plan.year} (民國{plan.roc_year}年)",
            "date outside",
            "--date",
            hint="give --date YYYY-MM-DD, the day the unit reports",
            **_span(report.date, first, last),
        )
    if report.completed and report.completed.year != plan.year:
        raise Refusal(
            f"completion date {report.completed.isoformat()} is outside the plan year {plan.year}",
            "completed outside",
            "--completed",
            hint="give --date YYYY-MM-DD of the plan year",
            day=report.completed.isoformat(),
            year=str(plan.year),
        )
    _refuse_dates_out_of_order(plan, report)


def _refuse_dates_out_of_order(plan: Plan, report: Report) -> None:
    """What PC713 finds in a ledger is not written into one: a report made before the month
    it reports has begun, or completing work after its own date."""
    begins, reported = period_begins(plan.year, report.month, plan.control.period)
    if report.date < begins:
        raise Refusal(
            f"report date {report.date.isoformat()} is before {reported} begins "
            f"({begins.isoformat()})",
            "too early",
            "--date",
            hint="a month is reported once it has begun: give the --month or --date meant",
            day=report.date.isoformat(),
            begins=begins.isoformat(),
        )
    if report.completed and report.completed > report.date:
        raise Refusal(
            f"--completed {report.completed.isoformat()} is after the report's date "
            f"{report.date.isoformat()}",
            "completed after",
            "--completed",
            hint="a report completes work done by the day it is made",
            completed=report.completed.isoformat(),
            day=report.date.isoformat(),
        )


def record(plan_file: Path, plan: Plan, report: Report) -> tuple[Path, Entry]:
    """Append `report` to the plan's ledger (creating it), under the lock; the entry as
    written. Refused, and nothing written, when the entry would not be valid."""
    table, _, task = find_task(tasks_of(plan), report.task)
    _refuse_unwritable(report)
    check_dates(plan, report)
    report = _with_unit(plan, table, report)

    def make(ledger: Ledger) -> Entry:
        entry = _entry(ledger, report)
        _refuse_conflicts(ledger, task, entry, plan.control.period)
        return entry

    return ledger_path(plan_file), _append(plan_file, plan, make)


def _refuse_unwritable(report: Report) -> None:
    """A report's texts as a ledger may hold them (planctl.plan.characters): a 執行情形說明
    that shows something, and no control or bidi character in any text, named with the
    option that gives it."""
    typed_text(report.text, "--text")
    given = [("--reason", report.reason), ("--measure", report.measure)]
    for option, value in [*given, *(("--evidence", item) for item in report.evidence)]:
        if value is not None:
            refuse_characters(value, option)


def record_review(plan_file: Path, plan: Plan, entry_id: str, review: Review) -> Entry:
    """研考's review of a report, appended as a correction of it that carries the review (the
    report itself is never rewritten)."""
    if review.note is not None:
        refuse_characters(review.note, "--note")
    check_review_date(plan, review.date)
    if review.by is not None:
        found = UnitIndex.of(plan).find(review.by)
        if found is None:
            raise UsageError(f"unknown unit {review.by!r}")
        review = review.model_copy(update={"by": found.name})

    def make(ledger: Ledger) -> Entry:
        reviewed = _reviewed_entry(ledger, entry_id)
        taken = {entry.id for entry in ledger.entries}
        new_id = _new_id(reviewed.task, reviewed.month, taken)
        update = {"id": new_id, "replaces": reviewed.id, "review": review}
        return reviewed.model_copy(update=update)

    return _append(plan_file, plan, make)


def _reviewed_entry(ledger: Ledger, entry_id: str) -> Entry:
    """The entry a review is for: it must be in the ledger and not replaced."""
    by_id = {entry.id: entry for entry in ledger.entries}
    if entry_id not in by_id:
        close = difflib.get_close_matches(entry_id, list(by_id), n=1)
        hint = f"did you mean {close[0]}?" if close else "the ids are in the ledger's `id:` lines"
        raise Refusal(f"no entry {entry_id!r} in the ledger", "no entry", hint=hint, entry=entry_id)
    for entry in ledger.entries:
        if entry.replaces == entry_id:
            raise Refusal(
                f"entry {entry_id} is replaced by {entry.id}",
                "replaced",
                hint=f"review {entry.id} instead",
                entry=entry_id,
                by=entry.id,
            )
    return by_id[entry_id]


def check_review_date(plan: Plan, day: dt.date) -> None:
    last = reporting_end(plan.year)
    if not date(plan.year, 1, 1) <= day <= last:
        raise Refusal(
            f"review date {day.isoformat()} is outside {plan.year}–{last.year}",
            "date outside",
            "--date",
            hint="give --date YYYY-MM-DD, the day of the review",
            **_span(day, date(plan.year, 1, 1), last),
        )


def _span(day: date, first: date, last: date) -> dict[str, str]:
    """The facts of a date outside the days a plan takes reports and reviews on."""
    return {"day": day.isoformat(), "first": first.isoformat(), "last": last.isoformat()}


def _append(plan_file: Path, plan: Plan, make: Callable[[Ledger], Entry]) -> Entry:
    """Under the lock: read the ledger, make the entry from it, append it as text, replace
    the file atomically — the file a symlinked ledger points to (the link stays a link),
    keeping its permissions, group and owner."""
    path = ledger_path(plan_file)
    real = Path(os.path.realpath(path))
    with locked(real):
        found = _status(path, real)
        raw = _read_bytes(path, real) if found else header(plan).encode("utf-8")
        old = decode(raw, str(path))
        entry = make(parse_ledger(old, str(path)))
        write_atomic(real, raw + appended(old, entry, path).encode("utf-8"), found, shown=path)
    return entry


def _status(path: Path, real: Path) -> os.stat_result | None:
    """The ledger file's status; None when there is none yet."""
    try:
        return real.stat()
    except FileNotFoundError:
        return None
    except OSError as error:
        raise UsageError(f"{path}: cannot read ({error.strerror})") from None


def _read_bytes(path: Path, real: Path) -> bytes:
    try:
        return real.read_bytes()
    except OSError as error:
        raise UsageError(f"{path}: cannot read ({error.strerror})") from None


def _with_unit(plan: Plan, table: ScheduleTable, report: Report) -> Report:
    """The reporting unit as the registry names it; the table's unit when it has just one."""
    index = UnitIndex.of(plan)
    if report.by is None:
        units = [found.name if (found := index.find(u)) else u for u in table.units]
        return replace(report, by=units[0]) if len(units) == 1 else report
    found = index.find(report.by)
    if found is None:
        raise UsageError(f"unknown unit {report.by!r}", hint="known: " + "、".join(index.names()))
    return replace(report, by=found.name)


def _new_id(task: str, month: int, taken: set[str]) -> str:
    """`reg-1.1-m03-4f2a9c`: readable, and random enough that two branches never collide."""
    while True:
        entry_id = f"{task}-m{month:02}-{secrets.token_hex(3)}"
        if entry_id not in taken:
            return entry_id


def _entry(ledger: Ledger, report: Report) -> Entry:
    entry_id = _new_id(report.task, report.month, {entry.id for entry in ledger.entries})
    values = {part.name: getattr(report, part.name) for part in fields(report)}
    values["evidence"] = list(report.evidence)
    return Entry.model_validate({**values, "id": entry_id})


def _refuse_conflicts(ledger: Ledger, task: Task, entry: Entry, period: Period) -> None:
    """One report per task and month (a correction replaces), and a behind task must say
    why (落後原因) and what is being done about it (因應對策)."""
    ids = {e.id for e in ledger.entries}
    if entry.replaces is not None and entry.replaces not in ids:
        message = f"--replaces {entry.replaces}: no entry has this id in the ledger"
        raise Refusal(message, "no entry", "--replaces", entry=entry.replaces)
    replaced = {e.replaces for e in ledger.entries if e.replaces} | {entry.replaces}
    for earlier in ledger.entries:
        same = earlier.task == entry.task and earlier.month == entry.month
        if same and earlier.id not in replaced:
            raise Refusal(
                f"{entry.task} already has a report for month {entry.month} ({earlier.id})",
                "reported",
                hint=f"to correct it, give --replaces {earlier.id}",
                entry=earlier.id,
            )
    _refuse_behind_without_reason(ledger, task, entry, period)


def _refuse_behind_without_reason(ledger: Ledger, task: Task, entry: Entry, period: Period) -> None:
    after = Ledger(entries=[*ledger.entries, entry]).effective()
    upto = sorted(
        (e for e in after if e.task == entry.task and e.month <= entry.month),
        key=lambda e: e.month,
    )
    share, done = planned(task, entry.month), actual(task, upto, period)
    if entry.status == "停辦" or share is None or done >= share:
        return
    lacking = [
        option
        for option, value in (
            ("--reason (落後原因)", entry.reason),
            ("--measure (因應對策)", entry.measure),
        )
        if value is None or blank(value)  # a text that shows nothing says nothing
    ]
    if not lacking:
        return
    figures = f"(planned {percent_label(share)}, actual {percent_label(done)})"
    hint = "or --percent with the share of the whole task done so far"
    off = unscheduled(task.id, task.month_numbers, entry.month, period)
    if off is None:
        behind = f"{entry.task} is behind at month {entry.month} {figures}"
    else:  # often the wrong month typed: say that first, with the months it has
        behind = f"{off}, and is behind there {figures}"
        hint = "check --month; " + hint
    message = f"{behind}: give " + " and ".join(lacking)
    raise Behind(message, hint, behind, entry.month, off is not None, (share, done))


def plan_with_task(files: list[Path], task_id: str) -> tuple[Path, Plan]:
    """The one plan among `files` that has the task; a did-you-mean over all of them if none."""
    plans = [(path, load_checked(path).plan) for path in files]
    holding = [(path, plan) for path, plan in plans if task_id in tasks_of(plan)]
    if len(holding) > 1:
        names = "、".join(str(path) for path, _ in holding)
        raise UsageError(f"task ID {task_id!r} is in several plans ({names}): give the plan file")
    if not holding:
        find_task({k: v for _, plan in plans for k, v in tasks_of(plan).items()}, task_id)
    return holding[0]


def plan_with_entry(files: list[Path], entry_id: str) -> tuple[Path, Plan]:
    """The plan whose ledger holds the entry (the first plan when none does: the review
    then says the entry is not there)."""
    plans = [(path, load_checked(path).plan) for path in files]
    for path, plan in plans:
        ledger = load_ledger(path)
        if ledger is not None and any(entry.id == entry_id for entry in ledger.entries):
            return path, plan
    return plans[0]


@dataclass(frozen=True)
class Recorded:
    """An entry as appended to a plan's ledger, with the months its task is scheduled in
    and how often the plan is reported."""

    ledger: Path
    entry: Entry
    scheduled: tuple[int, ...]
    period: Period

    def note(self) -> str | None:
        """The note on an entry for a month its task is not scheduled in, or a quarter without
        one, in the words of PC702 (worth a note, not an error: work is sometimes done early
        or late); None for an entry on schedule."""
        return unscheduled(self.entry.task, self.scheduled, self.entry.month, self.period)


def record_entry(paths: Sequence[str], asked: Done | Progressed) -> Recorded:
    """`planctl done` and `report`: the entry built for the plan among PATHS that has the
    task, appended to its ledger."""
    plan_file, plan = plan_with_task(discover(paths), asked.filing.task)
    path, entry = record(plan_file, plan, asked.entry(plan))
    months = tasks_of(plan)[entry.task][2].month_numbers
    return Recorded(path, entry, tuple(months), plan.control.period)


def review_entry(paths: Sequence[str], entry_id: str, review: Review) -> Entry:
    """`planctl review`: 研考's review of an entry of the ledger among PATHS that holds it."""
    plan_file, plan = plan_with_entry(discover(paths), entry_id)
    return record_review(plan_file, plan, entry_id, review)

"""`planctl done` and `planctl report`: append one entry to a plan's progress ledger.

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
import json
import os
import secrets
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date
from fractions import Fraction
from pathlib import Path

from planctl.errors import InvalidPlan, UsageError
from planctl.outputs.writing import write_atomic
from planctl.plan.load import load_valid
from planctl.plan.model import Item, Plan, ScheduleTable, Task
from planctl.plan.months import parse_month
from planctl.plan.source import decode, parse
from planctl.plan.units import UnitIndex
from planctl.progress.load import ledger_path, parse_ledger
from planctl.progress.measure import actual, planned
from planctl.progress.model import Entry, Ledger

FIELDS = (
    "id",
    "task",
    "month",
    "status",
    "percent",
    "text",
    "reason",
    "measure",
    "completed",
    "evidence",
    "by",
    "date",
    "replaces",
)
"""The order an entry's keys are written in."""


def header(plan: Plan) -> str:
    """The opening comment of a new ledger: what it is and how to add to it."""
    return (
        f"# {plan.title}：執行情形 (progress ledger, 民國{plan.roc_year}年)\n"
        "#\n"
        "# One entry per task per reported month, appended at the end by `planctl done` and\n"
        "# `planctl report` (or by hand: copy the last entry). Never edit an entry: a correction\n"
        '# is a new entry with `replaces: <id>`. Format: docs/plan-format.md, "Progress\n'
        '# ledgers". Validate with `planctl check`.\n'
        "entries:\n"
    )


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


Found = tuple[ScheduleTable, Item, Task]


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
    first, last = date(plan.year, 1, 1), date(plan.year + 1, 12, 31)
    if not first <= report.date <= last:
        raise UsageError(
            f"report date {report.date.isoformat()} is outside {plan.year}–{plan.year + 1}: "
            f"the plan is for {plan.year} (民國{plan.roc_year}年)",
            hint="give --date YYYY-MM-DD, the day the unit reports",
        )
    if report.completed and report.completed.year != plan.year:
        raise UsageError(
            f"completion date {report.completed.isoformat()} is outside the plan year {plan.year}",
            hint="give --date YYYY-MM-DD of the plan year",
        )


def record(plan_file: Path, plan: Plan, report: Report) -> tuple[Path, Entry]:
    """Append `report` to the plan's ledger (creating it), under the lock; the entry as
    written. Refused, and nothing written, when the entry would not be valid."""
    table, _, task = find_task(tasks_of(plan), report.task)
    check_dates(plan, report)
    report = _with_unit(plan, table, report)
    path = ledger_path(plan_file)
    with locked(path):
        raw = _read_bytes(path) if path.exists() else header(plan).encode("utf-8")
        old = decode(raw, str(path))
        ledger = parse_ledger(old, str(path))
        entry = _entry(ledger, report)
        _refuse_conflicts(ledger, task, entry)
        write_atomic(path, raw + _appended(old, entry, path).encode("utf-8"))
    return path, entry


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
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


def _entry(ledger: Ledger, report: Report) -> Entry:
    taken = {entry.id for entry in ledger.entries}
    while True:
        entry_id = f"{report.task}-m{report.month:02}-{secrets.token_hex(3)}"
        if entry_id not in taken:
            break
    values = {name: getattr(report, name) for name in FIELDS if name != "id"}
    values["evidence"] = list(report.evidence)
    return Entry.model_validate({"id": entry_id, **values})


def _refuse_conflicts(ledger: Ledger, task: Task, entry: Entry) -> None:
    """One report per task and month (a correction replaces), and a behind task must say
    why (落後原因) and what is being done about it (因應對策)."""
    ids = {e.id for e in ledger.entries}
    if entry.replaces is not None and entry.replaces not in ids:
        raise UsageError(f"--replaces {entry.replaces}: no entry has this id in the ledger")
    replaced = {e.replaces for e in ledger.entries if e.replaces} | {entry.replaces}
    for earlier in ledger.entries:
        same = earlier.task == entry.task and earlier.month == entry.month
        if same and earlier.id not in replaced:
            raise UsageError(
                f"{entry.task} already has a report for month {entry.month} ({earlier.id})",
                hint=f"to correct it, give --replaces {earlier.id}",
            )
    _refuse_behind_without_reason(ledger, task, entry)


def _refuse_behind_without_reason(ledger: Ledger, task: Task, entry: Entry) -> None:
    after = Ledger(entries=[*ledger.entries, entry]).effective()
    upto = sorted(
        (e for e in after if e.task == entry.task and e.month <= entry.month),
        key=lambda e: e.month,
    )
    share, done = planned(task, entry.month), actual(task, upto)
    if entry.status == "停辦" or share is None or done >= share:
        return
    lacking = [
        option
        for option, value in (
            ("--reason (落後原因)", entry.reason),
            ("--measure (因應對策)", entry.measure),
        )
        if not value
    ]
    if lacking:
        raise UsageError(
            f"{entry.task} is behind at month {entry.month} (planned {_pct(share)}, actual "
            f"{_pct(done)}): give " + " and ".join(lacking),
            hint="or --percent with the share of the whole task done so far",
        )


def _pct(value: Fraction) -> str:
    return f"{float(value * 100):.0f} %"


def _appended(old: str, entry: Entry, path: Path) -> str:
    """The text to add after the ledger's bytes: the entry's block (after a line end if the
    file lacks a last one), in the file's own line ends and indentation; checked by reading
    the whole ledger back with it."""
    source = parse(old, str(path))
    entries = source.data.get("entries") or []
    indent = source.values[("entries",)][1] if entries else 2
    newline = "\r\n" if "\r\n" in old else "\n"
    added = ("" if old.endswith("\n") or not old else "\n") + entry_block(entry, indent)
    added = added.replace("\n", newline)
    try:
        after: Ledger | None = parse_ledger(old + added, str(path))
    except InvalidPlan:
        after = None
    if after is None or len(after.entries) != len(entries) + 1 or after.entries[-1] != entry:
        raise InvalidPlan(
            f"{path}: cannot append: the file does not end with its list of entries",
            hint="the entries must be the last thing in the file, one `- id: …` block each",
        )
    return added


def entry_block(entry: Entry, indent: int = 2) -> str:
    """One entry as a block of YAML lines, its keys in FIELDS order, empty ones left out."""
    lead, inner = " " * indent + "- ", " " * (indent + 2)
    lines: list[str] = []
    for name in FIELDS:
        value = getattr(entry, name)
        if value is None or value == []:
            continue
        prefix = lead if not lines else inner
        if isinstance(value, list):
            lines.append(f"{prefix}{name}:")
            lines.extend(f"{inner}  - {scalar(item)}" for item in value)
        else:
            lines.append(f"{prefix}{name}: {scalar(value)}")
    return "\n".join(lines) + "\n"


def scalar(value: object) -> str:
    """A value as YAML reads it back unchanged: plain when that is safe, else double-quoted
    (JSON's string syntax is YAML's)."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        raise TypeError(value)
    if isinstance(value, int | float):
        return f"{value:g}" if float(value).is_integer() else repr(value)
    text = str(value)
    if text and "\n" not in text and _reads_back(text):
        return text
    return json.dumps(text, ensure_ascii=False)


def _reads_back(text: str) -> bool:
    try:
        return bool(parse(f"k: {text}\n", "value").data == {"k": text})
    except (InvalidPlan, UsageError):
        return False


@contextmanager
def locked(ledger: Path) -> Iterator[None]:
    """Hold an exclusive lock on `.NAME.lock` beside the ledger (the ledger itself is replaced
    by a rename, so it cannot carry the lock). Creates the ledger's folder."""
    try:
        ledger.parent.mkdir(exist_ok=True)
        handle = os.open(ledger.parent / f".{ledger.name}.lock", os.O_RDWR | os.O_CREAT, 0o666)
    except OSError as error:
        raise UsageError(f"{ledger}: cannot lock ({error.strerror})") from None
    try:
        _lock(handle)
        yield
    finally:
        os.close(handle)  # closing releases the lock


def _lock(handle: int) -> None:
    if sys.platform == "win32":
        import msvcrt

        msvcrt.locking(handle, msvcrt.LK_LOCK, 1)
    else:
        import fcntl

        fcntl.flock(handle, fcntl.LOCK_EX)


def plan_with_task(files: list[Path], task_id: str) -> tuple[Path, Plan]:
    """The one plan among `files` that has the task; a did-you-mean over all of them if none."""
    plans = [(path, load_valid(path)[0]) for path in files]
    holding = [(path, plan) for path, plan in plans if task_id in tasks_of(plan)]
    if len(holding) > 1:
        names = "、".join(str(path) for path, _ in holding)
        raise UsageError(f"task ID {task_id!r} is in several plans ({names}): give the plan file")
    if not holding:
        find_task({k: v for _, plan in plans for k, v in tasks_of(plan).items()}, task_id)
    return holding[0]


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

"""The schedule as an iCalendar file (RFC 5545) for Outlook, Google Calendar, khal ….

Every run of consecutive scheduled months of a task is one all-day VEVENT (DTSTART on the
first day, DTEND the day after the run, as RFC 5545 counts all-day events), and every dated
deadline of the plan body is a one-day event. `--todo` adds a VTODO per run for clients that
keep tasks.

A re-import must update the events, not add copies, so a UID names what an event *is*, never
what may be revised: the plan's year, its office (a digest, so the UID stays ASCII), the task
ID and the run's ordinal (`2015-<office>-reg-1.2-run1@planctl`, the task's first run of
months), or a deadline's place in the plan (`…-steps-2@planctl`; a task's UIDs end in
`-run<n>`, so the two never meet). Moving a task's months, rewording it or renaming
the plan file keeps its UIDs; two offices' plans never share one. SEQUENCE is the date of the
plan's latest approval record (a 修訂 is how an office revises its plan), so it grows with
every revision.
"""

from __future__ import annotations

import hashlib
import os
import unicodedata
from calendar import monthrange
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from typing import NamedTuple

from icalendar import Calendar, Event, Todo

from planctl import __version__
from planctl.plan.model import ROC_OFFSET, Plan
from planctl.queries.due import DueRow, deadlines
from planctl.queries.schedule import ScheduleRow, ScheduleSheet, month_runs
from planctl.repository.check import Checked

UID_DOMAIN = "planctl"
OFFICE_DIGITS = 12
"""Hex digits of the office digest: 48 bits, so that among 5,000 offices the chance that any
two share one is below one in ten million."""


def office_key(office: str) -> str:
    """The office in a UID: the first hex digits of the SHA-256 of its name, NFKC-normalised
    and without spaces (a name typed with full-width or stray spaces is the same office)."""
    name = "".join(unicodedata.normalize("NFKC", office).split())
    return hashlib.sha256(name.encode("utf-8")).hexdigest()[:OFFICE_DIGITS]


def plan_key(plan: Plan) -> str:
    """What names the plan in a UID: its year and its office (`2015-3f0c…`), never its file
    name, which an office renames at will."""
    return f"{plan.year}-{office_key(plan.office)}"


def sequence(plan: Plan) -> int:
    """SEQUENCE: the date of the plan's latest approval record as a number (20150204 for
    民國104年2月4日修訂), 0 without records. A revision adds or re-dates a 修訂 record, so the
    number grows with it; a client that compares SEQUENCE (RFC 5546) takes the revised
    events over the old ones."""
    last = plan.last_approval
    return int(last.date.strftime("%Y%m%d")) if last else 0


def run_label(year: int, first: int, last: int) -> str:
    """民國104年3月至5月, or 民國104年3月 for one month."""
    roc = f"民國{year - ROC_OFFSET}年{first}月"
    return roc if first == last else f"{roc}至{last}月"


def stamp() -> datetime:
    """DTSTAMP: now, or SOURCE_DATE_EPOCH for reproducible files."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), UTC)
    return datetime.now(UTC).replace(microsecond=0)


def to_ics(
    plans: Sequence[tuple[Checked, Sequence[ScheduleSheet]]],
    todo: bool = False,
    with_deadlines: bool = True,
    month: int | None = None,
) -> bytes:
    """One calendar of every plan's task runs (and deadlines; with `month`, those of that
    month), as bytes with CRLF lines."""
    calendar = Calendar()
    calendar.add("prodid", f"-//planctl//planctl {__version__}//ZH-TW")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", "、".join(loaded.plan.title for loaded, _ in plans))
    now = stamp()
    for loaded, sheets in plans:
        for sheet in sheets:
            for row in sheet.rows:
                for ordinal, (first, last) in enumerate(month_runs(row.months), 1):
                    run = Run(ordinal, first, last)
                    calendar.add_component(_task_event(loaded, sheet, row, run, now))
                    if todo:
                        calendar.add_component(_task_todo(loaded, sheet, row, run, now))
        if with_deadlines:
            for deadline in deadlines(loaded):
                if month is not None and deadline.months != (month,):
                    continue
                calendar.add_component(_deadline_event(loaded, deadline, now))
    data: bytes = calendar.to_ical()
    return data


class Run(NamedTuple):
    """A run of consecutive scheduled months of a task: its ordinal among the task's runs
    (1 for the first), which keys the UID, and its first and last month."""

    ordinal: int
    first: int
    last: int


def _run_days(year: int, first: int, last: int) -> int:
    """How many days the months `first`..`last` of `year` have."""
    return sum(monthrange(year, month)[1] for month in range(first, last + 1))


def _task_fields(
    loaded: Checked, sheet: ScheduleSheet, row: ScheduleRow, run: Run
) -> tuple[str, str, str, list[str]]:
    plan, first, last = loaded.plan, run.first, run.last
    uid = f"{plan_key(plan)}-{row.id}-run{run.ordinal}@{UID_DOMAIN}"
    summary = f"{sheet.section}：{row.task}"
    lines = [
        plan.title,
        f"{run_label(plan.year, first, last)}（{plan.year}-{first:02}至{plan.year}-{last:02}）",
        f"{sheet.title}",
        f"編號 {row.no} {row.item}",
        f"負責單位：{'、'.join(sheet.units) or '各課室'}",
        f"ID：{row.id}",
    ]
    if row.remark:
        lines.append(f"備註：{row.remark}")
    categories = list(dict.fromkeys([sheet.section, *sheet.units]))
    return uid, summary, "\n".join(lines), categories


def _task_event(
    loaded: Checked, sheet: ScheduleSheet, row: ScheduleRow, run: Run, now: datetime
) -> Event:
    uid, summary, description, categories = _task_fields(loaded, sheet, row, run)
    year = loaded.plan.year
    return _event(
        (uid, sequence(loaded.plan)),
        summary,
        description,
        categories,
        date(year, run.first, 1),
        _run_days(year, run.first, run.last),
        now,
    )


def _task_todo(
    loaded: Checked, sheet: ScheduleSheet, row: ScheduleRow, run: Run, now: datetime
) -> Todo:
    uid, summary, description, categories = _task_fields(loaded, sheet, row, run)
    year = loaded.plan.year
    todo = Todo()
    todo.add("uid", uid.replace(f"@{UID_DOMAIN}", f"-todo@{UID_DOMAIN}"))
    todo.add("sequence", sequence(loaded.plan))
    todo.add("dtstamp", now)
    todo.add("summary", summary)
    todo.add("description", description)
    todo.add("categories", categories)
    todo.add("dtstart", date(year, run.first, 1))
    todo.add("due", date(year, run.last, monthrange(year, run.last)[1]))
    todo.add("status", "NEEDS-ACTION")
    return todo


def _deadline_event(loaded: Checked, row: DueRow, now: datetime) -> Event:
    assert row.deadline is not None
    day = row.deadline
    roc = f"民國{day.year - ROC_OFFSET}年{day.month}月{day.day}日"
    description = "\n".join([loaded.plan.title, f"期限：{roc}（{day.isoformat()}）", row.task])
    return _event(
        (f"{plan_key(loaded.plan)}-{row.id}@{UID_DOMAIN}", sequence(loaded.plan)),
        f"期限：{row.no}{row.item}",
        description,
        [row.section or "期限"],
        day,
        1,
        now,
    )


def _event(
    identity: tuple[str, int],
    summary: str,
    description: str,
    categories: list[str],
    start: date,
    days: int,
    now: datetime,
) -> Event:
    """An all-day event of `days` days from `start`: DTEND the day after it, or, when that
    day is past the calendar's end (9999-12-31), a DURATION (RFC 5545 allows either)."""
    uid, revision = identity
    event = Event()
    event.add("uid", uid)
    event.add("sequence", revision)
    event.add("dtstamp", now)
    event.add("summary", summary)
    event.add("description", description)
    event.add("categories", categories)
    event.add("dtstart", start)
    try:
        event.add("dtend", start + timedelta(days=days))
    except OverflowError:
        event.add("duration", timedelta(days=days))
    event.add("transp", "TRANSPARENT")  # a month of work does not make anyone busy
    return event

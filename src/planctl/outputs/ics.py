"""The schedule as an iCalendar file (RFC 5545) for Outlook, Google Calendar, khal ….

Every run of consecutive scheduled months of a task is one all-day VEVENT (DTSTART on the
first day, DTEND the day after the run, as RFC 5545 counts all-day events), and every dated
deadline of the plan body is a one-day event. UIDs are built from the plan file's name, the
task ID and the run (`2015-reg-1.1-01-02@planctl`), so re-importing the file after an edit
updates the events instead of duplicating them, and an edit of one task leaves every other
event's UID as it was. `--todo` adds a VTODO per run for clients that keep tasks.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from icalendar import Calendar, Event, Todo

from planctl import __version__
from planctl.plan.model import ROC_OFFSET
from planctl.queries.due import DueRow, deadlines
from planctl.queries.schedule import ScheduleRow, ScheduleSheet, month_runs
from planctl.rules.check import Checked

UID_DOMAIN = "planctl"


def plan_key(loaded: Checked) -> str:
    """What names the plan in a UID: its file name without the suffix (`2015`)."""
    return Path(loaded.file).stem


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
                for first, last in month_runs(row.months):
                    calendar.add_component(_task_event(loaded, sheet, row, first, last, now))
                    if todo:
                        calendar.add_component(_task_todo(loaded, sheet, row, first, last, now))
        if with_deadlines:
            for deadline in deadlines(loaded):
                if month is not None and deadline.months != (month,):
                    continue
                calendar.add_component(_deadline_event(loaded, deadline, now))
    data: bytes = calendar.to_ical()
    return data


def _month_start(year: int, month: int) -> date:
    return date(year + month // 13, (month - 1) % 12 + 1, 1)


def _task_fields(
    loaded: Checked, sheet: ScheduleSheet, row: ScheduleRow, first: int, last: int
) -> tuple[str, str, str, list[str]]:
    plan = loaded.plan
    uid = f"{plan_key(loaded)}-{row.id}-{first:02}-{last:02}@{UID_DOMAIN}"
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
    loaded: Checked,
    sheet: ScheduleSheet,
    row: ScheduleRow,
    first: int,
    last: int,
    now: datetime,
) -> Event:
    uid, summary, description, categories = _task_fields(loaded, sheet, row, first, last)
    year = loaded.plan.year
    return _event(
        uid,
        summary,
        description,
        categories,
        _month_start(year, first),
        _month_start(year, last + 1),
        now,
    )


def _task_todo(
    loaded: Checked,
    sheet: ScheduleSheet,
    row: ScheduleRow,
    first: int,
    last: int,
    now: datetime,
) -> Todo:
    uid, summary, description, categories = _task_fields(loaded, sheet, row, first, last)
    year = loaded.plan.year
    todo = Todo()
    todo.add("uid", uid.replace(f"@{UID_DOMAIN}", f"-todo@{UID_DOMAIN}"))
    todo.add("dtstamp", now)
    todo.add("summary", summary)
    todo.add("description", description)
    todo.add("categories", categories)
    todo.add("dtstart", _month_start(year, first))
    todo.add("due", _month_start(year, last + 1) - timedelta(days=1))
    todo.add("status", "NEEDS-ACTION")
    return todo


def _deadline_event(loaded: Checked, row: DueRow, now: datetime) -> Event:
    assert row.deadline is not None
    day = row.deadline
    roc = f"民國{day.year - ROC_OFFSET}年{day.month}月{day.day}日"
    description = "\n".join([loaded.plan.title, f"期限：{roc}（{day.isoformat()}）", row.task])
    return _event(
        f"{plan_key(loaded)}-{row.id}@{UID_DOMAIN}",
        f"期限：{row.no}{row.item}",
        description,
        [row.section or "期限"],
        day,
        day + timedelta(days=1),
        now,
    )


def _event(
    uid: str,
    summary: str,
    description: str,
    categories: list[str],
    start: date,
    end: date,
    now: datetime,
) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", now)
    event.add("summary", summary)
    event.add("description", description)
    event.add("categories", categories)
    event.add("dtstart", start)
    event.add("dtend", end)
    event.add("transp", "TRANSPARENT")  # a month of work does not make anyone busy
    return event

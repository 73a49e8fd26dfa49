"""`planctl status` output: a rich summary for the terminal, JSON, Markdown and CSV.

Percentages are rounded to one decimal here, and only here (the query keeps exact fractions).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from planctl.outputs.cells import compact_months, csv_cell, md_cell, pct, pct_label
from planctl.outputs.jsontext import json_text
from planctl.plan.months import quarter_label, quarter_months, quarter_of
from planctl.progress.measure import LIGHT_LABELS
from planctl.queries.dashboard import Total, total
from planctl.queries.due import SPAN_LABELS
from planctl.queries.status import NextTask, Progress, SectionStatus, TaskStatus

if TYPE_CHECKING:
    from rich.console import Console

SUMMARY_HEADINGS = (
    "課室",
    "應辦",
    "已填報",
    "已完成",
    "落後",
    "缺報",
    "預定進度",
    "實際進度",
    "燈號",
)
BEHIND_HEADINGS = ("ID", "編號", "工作內容", "課室", "預定", "實際", "落後月數", "落後原因")
MISSING_HEADINGS = ("ID", "編號", "工作內容", "課室", "月份", "應報日期")
QUARTER_HEADINGS = {"月份": "季別"}
"""A quarterly plan's missing list names quarters (第1季), not months."""
NEXT_HEADINGS = ("ID", "編號", "工作內容", "課室", "時程")
CSV_HEADER = (
    "section",
    "id",
    "no",
    "item",
    "task",
    "units",
    "months",
    "planned_pct",
    "actual_pct",
    "status",
    "behind",
    "missing_months",
    "light",
    "text",
    "reason",
    "measure",
)


def light_label(light: str | None) -> str:
    return LIGHT_LABELS[light] if light else "—"


def heading(progress: Progress) -> str:
    plan, month, quarter = progress.plan, progress.month, progress.quarter
    if quarter is None:
        period = f"民國{plan.roc_year}年{month}月 ({plan.year}-{month:02})"
    else:
        first = quarter_months(quarter)[0]
        period = (
            f"民國{plan.roc_year}年{quarter_label(quarter)} "
            f"({plan.year}-{first:02}至{plan.year}-{month:02})"
        )
    return f"{plan.title}　執行情形：{period}，截至 {progress.as_of.isoformat()}"


def reported_label(progress: Progress, month: int) -> str:
    """What a report is for, as a missing list names it: 3月, or 第1季 in a quarterly plan
    (whose report for the quarter is the entry for its last month)."""
    if progress.plan.control.period == "quarter":
        return quarter_label(quarter_of(month))
    return f"{month}月"


def following_title(progress: Progress) -> str:
    """The heading of what is scheduled next: 4月預定辦理, or 第2季預定辦理 at a quarter."""
    if progress.quarter is not None:
        ahead = progress.quarter < 4
        return f"{quarter_label(progress.quarter + 1) if ahead else '下季'}預定辦理"
    return f"{progress.month + 1}月預定辦理" if progress.month < 12 else "下月預定辦理"


def _units(units: tuple[str, ...]) -> str:
    return "、".join(units)


def as_json(progress: Progress) -> str:
    """The object documented in docs/commands.md (`planctl status`)."""
    data = {
        "plan": progress.plan.title,
        "year": progress.plan.year,
        "period": progress.plan.control.period,
        "month": progress.month,
        "quarter": progress.quarter,
        "as_of": progress.as_of.isoformat(),
        "sections": [_json_section(section) for section in progress.sections],
        "total": _json_total(total(progress)),
        "behind": [_json_behind(task) for task in progress.behind],
        "missing": [_json_missing(progress, task, month) for task, month in progress.missing],
        "next": [_json_next(task) for task in progress.next],
        "tasks": [_json_task(task) for task in progress.tasks],
    }
    return json_text(data)


def _json_section(section: SectionStatus) -> dict[str, Any]:
    return {
        "section": section.table.section,
        "code": section.table.code,
        "units": list(section.units),
        "scheduled": section.scheduled,
        "reported": section.reported,
        "done": section.done,
        "behind": section.behind,
        "missing": section.missing,
        "planned_pct": pct(section.planned),
        "actual_pct": pct(section.actual),
        "light": section.light,
    }


def _json_total(line: Total) -> dict[str, Any]:
    counts = line.counts
    return {
        "label": line.label,
        "scheduled": counts.scheduled,
        "reported": counts.reported,
        "done": counts.done,
        "behind": counts.behind,
        "missing": counts.missing,
        "planned_pct": pct(line.planned),
        "actual_pct": pct(line.actual),
        "light": line.light,
    }


def _json_row(task: TaskStatus | NextTask) -> dict[str, Any]:
    return {
        "id": task.task.id,
        "section": task.table.section,
        "no": task.item.number,
        "item": task.item.name or "",
        "task": task.task.text,
        "units": list(task.units),
    }


def _json_task(task: TaskStatus) -> dict[str, Any]:
    latest = task.latest
    return {
        **_json_row(task),
        "months": task.task.month_numbers,
        "planned_pct": pct(task.planned),
        "actual_pct": pct(task.actual),
        "status": latest.status if latest else None,
        "behind": task.behind,
        "missing_months": list(task.missing),
        "light": task.light,
        "text": task.latest_text("text") or None,
    }


def _json_behind(task: TaskStatus) -> dict[str, Any]:
    return {
        **_json_row(task),
        "planned_pct": pct(task.planned),
        "actual_pct": pct(task.actual),
        "months_late": task.months_late,
        "reason": task.latest_text("reason") or None,
        "measure": task.latest_text("measure") or None,
        "light": task.light,
    }


def _json_missing(progress: Progress, task: TaskStatus, month: int) -> dict[str, Any]:
    return {**_json_row(task), "month": month, "due": progress.deadline(month).isoformat()}


def _json_next(task: NextTask) -> dict[str, Any]:
    return {**_json_row(task), "span": task.span}


def as_csv(progress: Progress) -> str:
    """One row per task scheduled to date, with where it stands."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_HEADER)
    for task in progress.tasks:
        latest = task.latest
        cells = (
            task.table.section,
            task.task.id,
            str(task.item.number),
            task.item.name or "",
            task.task.text,
            _units(task.units),
            compact_months(task.task.month_numbers),
            f"{pct(task.planned):g}",
            f"{pct(task.actual):g}",
            latest.status if latest else "",
            "yes" if task.behind else "",
            compact_months(task.missing),
            task.light or "",
            task.latest_text("text"),
            task.latest_text("reason"),
            task.latest_text("measure"),
        )
        writer.writerow([csv_cell(cell) for cell in cells])
    return buffer.getvalue()


def summary_cells(section: SectionStatus) -> tuple[str, ...]:
    name = section.table.section
    return (
        name,
        str(section.scheduled),
        str(section.reported),
        str(section.done),
        str(section.behind),
        str(section.missing),
        pct_label(section.planned),
        pct_label(section.actual),
        light_label(section.light),
    )


def total_cells(line: Total) -> tuple[str, ...]:
    """The 全所 (or 合計) row under the sections."""
    counts = line.counts
    return (
        line.label,
        str(counts.scheduled),
        str(counts.reported),
        str(counts.done),
        str(counts.behind),
        str(counts.missing),
        pct_label(line.planned),
        pct_label(line.actual),
        light_label(line.light),
    )


def behind_cells(task: TaskStatus) -> tuple[str, ...]:
    return (
        task.task.id,
        str(task.item.number),
        task.task.text,
        _units(task.units),
        pct_label(task.planned),
        pct_label(task.actual),
        str(task.months_late),
        task.latest_text("reason") or "（未填）",
    )


def missing_cells(progress: Progress, task: TaskStatus, month: int) -> tuple[str, ...]:
    return (
        task.task.id,
        str(task.item.number),
        task.task.text,
        _units(task.units),
        reported_label(progress, month),
        progress.deadline(month).isoformat(),
    )


def next_cells(progress: Progress, task: NextTask) -> tuple[str, ...]:
    span = SPAN_LABELS[task.span]
    return (
        task.task.id,
        str(task.item.number),
        task.task.text,
        _units(task.units),
        span if progress.quarter is None else span.replace("本月", "本季"),
    )


def tables(progress: Progress) -> list[tuple[str, tuple[str, ...], list[tuple[str, ...]]]]:
    """The four tables every human format shows: title, headings, rows."""
    following = following_title(progress)
    monthly = progress.plan.control.period == "month"
    return [
        (
            "各課室執行情形",
            SUMMARY_HEADINGS,
            [*(summary_cells(s) for s in progress.sections), total_cells(total(progress))],
        ),
        ("落後項目", BEHIND_HEADINGS, [behind_cells(t) for t in progress.behind]),
        (
            "未填報",
            MISSING_HEADINGS
            if monthly
            else tuple(QUARTER_HEADINGS.get(h, h) for h in MISSING_HEADINGS),
            [missing_cells(progress, t, m) for t, m in progress.missing],
        ),
        (following, NEXT_HEADINGS, [next_cells(progress, t) for t in progress.next]),
    ]


def as_markdown(progress: Progress) -> str:
    lines = [f"# {md_cell(heading(progress))}", ""]
    for title, headings, rows in tables(progress):
        lines += [f"## {title}", ""]
        if not rows:
            lines += ["（無）", ""]
            continue
        lines += ["| " + " | ".join(headings) + " |", "|" + "---|" * len(headings)]
        lines += ["| " + " | ".join(md_cell(cell) for cell in row) + " |" for row in rows]
        lines.append("")
    return "\n".join(lines)


LIGHT_STYLES = {"綠燈": "green", "黃燈": "yellow", "紅燈": "bold red"}


def print_status(progress: Progress, console: Console) -> None:
    """Rich tables; the 燈號 cells coloured (only on a terminal, never with NO_COLOR)."""
    from rich.table import Table
    from rich.text import Text

    console.print(Text(heading(progress), style="bold"))
    for title, headings, rows in tables(progress):
        if not rows:
            console.print(Text(f"{title}：（無）"))
            continue
        table = Table(title=Text(title), title_justify="left", title_style="bold")
        for name in headings:
            table.add_column(name, overflow="fold", no_wrap=name in ("ID", "編號"))
        for row in rows:
            table.add_row(*(Text(cell, style=LIGHT_STYLES.get(cell, "")) for cell in row))
        console.print(table)


FORMATS: dict[str, Callable[[Progress], str]] = {
    "json": as_json,
    "md": as_markdown,
    "csv": as_csv,
}

"""`planctl render`: the plan and its schedule tables through jinja2 templates.

Templates live in `templates/` beside this module (shipped in the wheel). An office can
override any of them with `--templates DIR`; its templates may extend the shipped ones as
`default:NAME` (the datasette pattern), e.g. `{% extends "default:page.html" %}`.
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import jinja2
from markupsafe import Markup

from planctl.errors import UsageError
from planctl.outputs.cells import compact_months, md_cell
from planctl.outputs.sandbox import LimitedEnvironment, render_capped, run_limited
from planctl.outputs.status_report import light_label, pct_label
from planctl.plan.model import ROC_OFFSET, Approval, Item, Method, Plan, ScheduleTable, Task
from planctl.queries.schedule import month_marks, schedule_title
from planctl.queries.sections import select_tables
from planctl.queries.status import Progress, TaskStatus
from planctl.queries.strategies import principle_rows, principle_strategies, strategy_rows

FORMATS = ("md", "html", "pdf")
WHAT = ("plan", "schedule", "all", "review", "results")
PROGRESS_REPORTS = ("review", "results")
"""What needs the progress ledger: the 執行情形管制考核表 and the 執行成果 report."""


@dataclass(frozen=True)
class Note:
    """A row note, shown as a numbered footnote under its table (※1, ※2 …)."""

    mark: str
    task: Task


def default_templates() -> Path:
    """The shipped templates, beside this module (and inside the wheel)."""
    return Path(__file__).parent / "templates"


@functools.lru_cache(maxsize=8)
def environment(templates: Path | None = None) -> jinja2.Environment:
    """Strict, autoescaping (for .html), sandboxed jinja2 with the user's templates first."""
    default = jinja2.FileSystemLoader(default_templates())
    loaders: list[jinja2.BaseLoader] = [
        jinja2.PrefixLoader({"default": default}, delimiter=":"),
        default,
    ]
    if templates is not None:
        loaders.insert(0, jinja2.FileSystemLoader(templates))
    env = LimitedEnvironment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=jinja2.select_autoescape(["html"], default_for_string=False),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        md=md_cell,
        roc_date=roc_date,
        approval_line=approval_line,
        join_units="、".join,
        pct=pct_label,
        light=light_label,
        months=compact_months,
        css_string=css_string,
    )
    env.globals.update(
        review_title=review_title,
        results_title=results_title,
        progress_period=progress_period,
        item_groups=item_groups,
        missing_by_task=missing_by_task,
        review_note=review_note,
        completed_on=completed_on,
        results_text=results_text,
        evidence=evidence,
        month_marks=month_marks,
        schedule_title=schedule_title,
        notes=notes,
        has_remarks=has_remarks,
        has_item_names=has_item_names,
        has_row_units=has_row_units,
        sub_units=sub_units,
        item_rows=item_rows,
        strategy_rows=strategy_rows,
        principle_rows=principle_rows,
        principle_strategies=principle_strategies,
    )
    return env


def render(
    plan: Plan,
    fmt: str,
    what: str = "all",
    section: str | None = None,
    templates: Path | None = None,
    progress: Progress | None = None,
    show_notes: bool = False,
) -> str:
    """The document as Markdown or HTML text (PDF is printed from the HTML). The progress
    reports (`what` review or results) take the `progress` at the month asked. Editor's
    notes (`note`) and the task IDs they name are an editor's view: only with `show_notes`."""
    suffix = "md" if fmt == "md" else "html"
    tables = select_tables(plan, section)
    if what == "schedule" and not tables:
        raise UsageError("--what schedule: the plan has no 作業時程管制表 (schedule tables)")
    return run_limited(
        lambda: render_capped(
            environment(templates).get_template(f"page.{suffix}"),
            plan=plan,
            tables=tables,
            show_plan=what in ("plan", "all"),
            show_schedule=what in ("schedule", "all"),
            show_review=what == "review",
            show_results=what == "results",
            progress=progress,
            footer=Footer(plan.title, footer_right(plan, print_date())),
            show_notes=show_notes,
        )
    )


def print_date() -> date:
    """The date printed in the footer: today, or SOURCE_DATE_EPOCH's day (reproducible
    builds' convention) so that a rendering can be repeated byte for byte."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), UTC).date()
    return date.today()


def css_string(text: str) -> Markup:
    """`text` as a quoted CSS string for a `content:` of the print footer. Everything but
    letters, digits and CJK is written as a hex escape, so no plan text can end the string,
    the rule or the <style> element."""
    escaped = "".join(
        ch if ch.isalnum() and ch.isprintable() else f"\\{ord(ch):06x}" for ch in text
    )
    return Markup(f'"{escaped}"')


def roc_date(day: date) -> str:
    """2015-02-04 → 民國104年2月4日, as the document writes dates."""
    return f"民國{day.year - ROC_OFFSET}年{day.month}月{day.day}日"


@dataclass(frozen=True)
class Footer:
    """The running footer of every printed page (style.css): what the document is on the
    left, the page number in the middle, its date line on the right."""

    left: str
    right: str


def approval_line(approval: Approval) -> str:
    """The record as the document prints it under the title (a template filter)."""
    return approval.line


def footer_right(plan: Plan, printed: date) -> str:
    """The printed footer's right side: the plan's revision line and the print date."""
    last = plan.last_approval
    approved = f"{last.line}　" if last else ""
    return f"{approved}列印日期：{roc_date(printed)}"


def notes(table: ScheduleTable) -> dict[str, Note]:
    """The table's row notes by task ID, numbered in row order."""
    tasks = [task for item in table.items for task in item.tasks if task.note]
    return {task.id: Note(f"※{number}", task) for number, task in enumerate(tasks, 1)}


# -- progress reports (管考) -------------------------------------------------------------------


def review_title(progress: Progress) -> str:
    """執行情形管制考核表, as the office titles it."""
    plan = progress.plan
    return f"{plan.office}{plan.roc_year}年度重要工作計畫執行情形管制考核表"


def results_title(progress: Progress) -> str:
    """執行成果: the half-year (上半年) or the year-end (全年度) report, or up to a month."""
    plan, month = progress.plan, progress.month
    period = "全年度" if month == 12 else "上半年" if month == 6 else f"1至{month}月"
    return f"{plan.office}{plan.roc_year}年度重要工作計畫執行成果（{period}）"


def progress_period(progress: Progress) -> str:
    """民國104年3月（資料截至民國104年4月11日）: the month reported and the day counted to."""
    roc = progress.plan.roc_year
    return f"民國{roc}年{progress.month}月（資料截至{roc_date(progress.as_of)}）"


def item_groups(tasks: tuple[TaskStatus, ...]) -> list[tuple[Item, list[TaskStatus]]]:
    """The rows grouped by 計畫項目, in order, so that 編號 and 計畫項目 span their rows."""
    groups: list[tuple[Item, list[TaskStatus]]] = []
    for row in tasks:
        if groups and groups[-1][0] is row.item:
            groups[-1][1].append(row)
        else:
            groups.append((row.item, [row]))
    return groups


def missing_by_task(progress: Progress) -> list[tuple[str, str]]:
    """The missing reports as (task ID, its months: "1-3"), for one line under the list."""
    return [(row.task.id, compact_months(row.missing)) for row in progress.tasks if row.missing]


def review_note(row: TaskStatus) -> str:
    """研考意見: the latest review: decision, note and date."""
    for entry in reversed(row.entries):
        if entry.review is not None:
            review = entry.review
            note = f"：{review.note}" if review.note else ""
            return f"{review.decision}{note}（{roc_date(review.date)}）"
    return ""


def completed_on(row: TaskStatus) -> str:
    """The completion date of a completed task, as the document writes dates."""
    days = [entry.completed for entry in row.entries if entry.completed]
    return roc_date(max(days)) if row.done and days else ""


def results_text(row: TaskStatus) -> str:
    """What was done: the latest 執行情形說明, or that nothing was reported."""
    return row.latest_text("text") or "（未填報）"


def evidence(row: TaskStatus) -> list[str]:
    """Every piece of evidence reported for the task up to the month, each once."""
    return list(dict.fromkeys(ref for entry in row.entries for ref in entry.evidence))


def has_remarks(table: ScheduleTable) -> bool:
    """Does the table need a 備註 column: does any row carry the document's own remark?"""
    return any(task.remark for item in table.items for task in item.tasks)


def has_item_names(table: ScheduleTable) -> bool:
    """Does the table group its rows under 計畫項目 (some offices' tables have no such column)?"""
    return any(item.name for item in table.items)


def has_row_units(table: ScheduleTable) -> bool:
    """Does the table name a unit per row (an office-wide table's 承辦單位 column)?"""
    return any(task.units for item in table.items for task in item.tasks)


def item_rows(item: Item) -> list[Task | None]:
    """The table rows of a 計畫項目: one per task, or one empty row for an item without tasks
    (its 編號 and name must still be printed)."""
    return list(item.tasks) or [None]


def sub_units(method: Method) -> bool:
    """Do the method's sub-items name units of their own (one line per sub-item)?"""
    return any(sub.units for sub in method.subitems)

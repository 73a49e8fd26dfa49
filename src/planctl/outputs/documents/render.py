"""`planctl render`: the plan and its schedule tables through jinja2 templates.

Templates live in `templates/` beside this module (shipped in the wheel). An office can
override any of them with `--templates DIR`; its templates may extend the shipped ones as
`default:NAME` (the datasette pattern), e.g. `{% extends "default:page.html" %}`.

Templates are given plain read-only values (planctl.outputs.documents.template_values),
never the plan's models; the functions and filters below read those values. docs/templates.md
lists them all.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from types import MappingProxyType
from typing import Any

import jinja2
from markupsafe import Markup

from planctl.errors import UsageError
from planctl.outputs.cells import compact_months, md_cell, pct_label, roc_date
from planctl.outputs.chart import s_curve_svg
from planctl.outputs.documents.sandbox import (
    FolderLoader,
    LimitedEnvironment,
    render_capped,
    run_limited,
)
from planctl.outputs.documents.template_values import MissingName, Values, plain_values
from planctl.outputs.tables.status_report import light_label
from planctl.plan.model import Plan
from planctl.plan.months import quarter_label, quarter_months, quarters_label
from planctl.queries.dashboard import progress_curves
from planctl.queries.schedule import month_marks, schedule_title
from planctl.queries.sections import select_tables
from planctl.queries.status import Progress, TaskStatus
from planctl.queries.strategies import principle_rows, principle_strategies, strategy_rows

FORMATS = ("md", "html", "pdf")
WHAT = ("plan", "schedule", "all", "review", "results")
PROGRESS_REPORTS = ("review", "results")
"""What needs the progress ledger: the 執行情形管制考核表 and the 執行成果 report."""
REPORT_TEXTS = ("text", "reason", "measure")
"""A report's texts (執行情形說明, 落後原因, 因應對策): a row's `latest_text` has each."""


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
        loaders.insert(0, FolderLoader(templates))
    env = LimitedEnvironment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=jinja2.select_autoescape(["html"], default_for_string=False),
        undefined=MissingName,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        {
            "md": md_cell,
            "roc_date": roc_date,
            "approval_line": approval_line,
            "join_units": "、".join,
            "pct": pct_label,
            "light": light_label,
            "months": compact_months,
            "css_string": css_string,
        }
    )
    env.globals.update(
        review_title=review_title,
        results_title=results_title,
        progress_period=progress_period,
        item_groups=item_groups,
        missing_by_task=missing_by_task,
        missing_periods=missing_periods,
        this_period=this_period,
        review_note=review_note,
        progress_chart=progress_chart,
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
    variables = plain_values(
        {
            "plan": plan,
            "tables": tables,
            "show_plan": what in ("plan", "all"),
            "show_schedule": what in ("schedule", "all"),
            "show_review": what == "review",
            "show_results": what == "results",
            "progress": progress,
            "curves": progress_curves(progress) if progress else None,
            "footer": Footer(plan.title, footer_right(plan, print_date())),
            "show_notes": show_notes,
        },
        derived=_derived,
    )
    env = environment(templates)
    return run_limited(lambda: render_capped(env.get_template(f"page.{suffix}"), **variables))


def _derived(value: object) -> Mapping[str, Any]:
    """What a template gets beyond an object's fields and properties: a task's latest report
    texts (`row.latest_text.reason`), which TaskStatus gives by a method."""
    if isinstance(value, TaskStatus):
        return {"latest_text": {field: value.latest_text(field) for field in REPORT_TEXTS}}
    return {}


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
    # Every character but letters and digits is escaped above, so the markup is safe.
    return Markup(f'"{escaped}"')  # nosec B704


@dataclass(frozen=True)
class Footer:
    """The running footer of every printed page (style.css): what the document is on the
    left, the page number in the middle, its date line on the right."""

    left: str
    right: str


def approval_line(approval: Values) -> str:
    """The record as the document prints it under the title (a template filter)."""
    return str(approval.line)


def footer_right(plan: Plan, printed: date) -> str:
    """The printed footer's right side: the plan's revision line and the print date."""
    last = plan.last_approval
    approved = f"{last.line}　" if last else ""
    return f"{approved}列印日期：{roc_date(printed)}"


def notes(table: Values) -> Mapping[str, Values]:
    """The table's row notes by task ID, numbered in row order: each a `mark` (※1, ※2 …)
    and its `task`, for a footnote under the table."""
    tasks = [task for item in table.items for task in item.tasks if task.note]
    return MappingProxyType(
        {
            task.id: Values({"mark": f"※{number}", "task": task})
            for number, task in enumerate(tasks, 1)
        }
    )


# -- progress reports (管考) -------------------------------------------------------------------


def review_title(progress: Values) -> str:
    """執行情形管制考核表, as the office titles it; a quarter's (季報) names it: 第1季."""
    plan = progress.plan
    quarter = quarter_label(progress.quarter) if progress.quarter else ""
    return f"{plan.office}{plan.roc_year}年度{quarter}重要工作計畫執行情形管制考核表"


QUARTERS_TO_DATE = {1: quarter_label(1), 2: "上半年", 3: "前三季", 4: "全年度"}
"""What a 執行成果 report at a quarter's end covers, as offices title it."""


def results_title(progress: Values) -> str:
    """執行成果: the half-year (上半年) or the year-end (全年度) report, or up to a month; at
    a quarter (季報), as offices title it: 第1季, 上半年, 前三季, 全年度."""
    plan, month = progress.plan, progress.month
    if progress.quarter:
        period = QUARTERS_TO_DATE[progress.quarter]
    else:
        period = "全年度" if month == 12 else "上半年" if month == 6 else f"1至{month}月"
    return f"{plan.office}{plan.roc_year}年度重要工作計畫執行成果（{period}）"


def progress_period(progress: Values) -> str:
    """民國104年3月（資料截至民國104年4月11日）: the month reported and the day counted to;
    民國104年第1季（1至3月，資料截至…） for a quarter."""
    roc, as_of = progress.plan.roc_year, roc_date(progress.as_of)
    if progress.quarter:
        months = quarter_months(progress.quarter)
        span = f"{months[0]}至{months[-1]}月"
        return f"民國{roc}年{quarter_label(progress.quarter)}（{span}，資料截至{as_of}）"
    return f"民國{roc}年{progress.month}月（資料截至{as_of}）"


def this_period(progress: Values) -> str:
    """本月, or 本季 for a quarter: what the review's sentences call the period reported."""
    return "本季" if progress.quarter else "本月"


def item_groups(tasks: tuple[Values, ...]) -> tuple[tuple[Values, tuple[Values, ...]], ...]:
    """The rows grouped by 計畫項目, in order, so that 編號 and 計畫項目 span their rows (the
    rows of one item share its value: `is`)."""
    groups: list[tuple[Values, list[Values]]] = []
    for row in tasks:
        if groups and groups[-1][0] is row.item:
            groups[-1][1].append(row)
        else:
            groups.append((row.item, [row]))
    return tuple((item, tuple(rows)) for item, rows in groups)


def missing_by_task(progress: Values) -> tuple[tuple[str, str], ...]:
    """The missing reports as (task ID, its months: "1-3"), for one line under the list."""
    return tuple(
        (row.task.id, compact_months(row.missing)) for row in progress.tasks if row.missing
    )


def missing_periods(progress: Values) -> tuple[tuple[str, str], ...]:
    """The missing reports as (task ID, what they are for: "1-3月", or "第1、2季" in a
    quarterly plan), for one line under the list."""
    if progress.plan.control.period != "quarter":
        return tuple((task, f"{months}月") for task, months in missing_by_task(progress))
    return tuple(
        (row.task.id, quarters_label(row.missing)) for row in progress.tasks if row.missing
    )


def review_note(row: Values) -> str:
    """研考意見: the latest review: decision, note and date."""
    for entry in reversed(row.entries):
        if entry.review is not None:
            review = entry.review
            note = f"：{review.note}" if review.note else ""
            return f"{review.decision}{note}（{roc_date(review.date)}）"
    return ""


def progress_chart(curve: Values) -> Markup:
    """The 預定/實際進度 S-curve of a section or the office, as inline SVG."""
    svg = s_curve_svg(curve.key, curve.label, curve.planned, curve.actual)
    # s_curve_svg escapes every text it is given; the numbers are the curve's own.
    return Markup(svg)  # nosec B704


def completed_on(row: Values) -> str:
    """The completion date of a completed task, as the document writes dates."""
    days = [entry.completed for entry in row.entries if entry.completed]
    return roc_date(max(days)) if row.done and days else ""


def results_text(row: Values) -> str:
    """What was done: the latest 執行情形說明, or that nothing was reported."""
    return str(row.latest_text["text"] or "（未填報）")


def evidence(row: Values) -> tuple[str, ...]:
    """Every piece of evidence reported for the task up to the month, each once."""
    return tuple(dict.fromkeys(ref for entry in row.entries for ref in entry.evidence))


def has_remarks(table: Values) -> bool:
    """Does the table need a 備註 column: does any row carry the document's own remark?"""
    return any(task.remark for item in table.items for task in item.tasks)


def has_item_names(table: Values) -> bool:
    """Does the table group its rows under 計畫項目 (some offices' tables have no such column)?"""
    return any(item.name for item in table.items)


def has_row_units(table: Values) -> bool:
    """Does the table name a unit per row (an office-wide table's 承辦單位 column)?"""
    return any(task.units for item in table.items for task in item.tasks)


def item_rows(item: Values) -> tuple[Values | None, ...]:
    """The table rows of a 計畫項目: one per task, or one empty row for an item without tasks
    (its 編號 and name must still be printed)."""
    return tuple(item.tasks) or (None,)


def sub_units(method: Values) -> bool:
    """Do the method's sub-items name units of their own (one line per sub-item)?"""
    return any(sub.units for sub in method.subitems)

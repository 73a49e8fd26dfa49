"""`planctl render`: the plan and its schedule tables through jinja2 templates.

Templates live in `templates/` beside this module (shipped in the wheel). An office can
override any of them with `--templates DIR`; its templates may extend the shipped ones as
`default:NAME` (the datasette pattern), e.g. `{% extends "default:page.html" %}`.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import jinja2

from planctl.errors import Position, UsageError
from planctl.outputs.cells import md_cell
from planctl.plan.model import (
    ROC_OFFSET,
    Approval,
    Item,
    Method,
    Plan,
    Principle,
    ScheduleTable,
    Strategy,
    Task,
)
from planctl.queries.sections import select_tables

FORMATS = ("md", "html", "pdf")
WHAT = ("plan", "schedule", "all")


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
    """Strict, autoescaping (for .html) jinja2 with the user's templates first."""
    default = jinja2.FileSystemLoader(default_templates())
    loaders: list[jinja2.BaseLoader] = [
        jinja2.PrefixLoader({"default": default}, delimiter=":"),
        default,
    ]
    if templates is not None:
        loaders.insert(0, jinja2.FileSystemLoader(templates))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=jinja2.select_autoescape(["html"], default_for_string=False),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        md=md_cell, roc_date=roc_date, approval_line=approval_line, join_units="、".join
    )
    env.globals.update(
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
    show_notes: bool = False,
) -> str:
    """The document as Markdown or HTML text (PDF is printed from the HTML). Editor's notes
    (`note`) and the task IDs they name are an editor's view: only with `show_notes`."""
    suffix = "md" if fmt == "md" else "html"
    tables = select_tables(plan, section)
    if what == "schedule" and not tables:
        raise UsageError("--what schedule: the plan has no 作業時程管制表 (schedule tables)")
    try:
        return (
            environment(templates)
            .get_template(f"page.{suffix}")
            .render(
                plan=plan,
                tables=tables,
                show_plan=what in ("plan", "all"),
                show_schedule=what in ("schedule", "all"),
                show_notes=show_notes,
            )
        )
    except jinja2.TemplateSyntaxError as error:
        where = Position(error.filename or error.name or "template", error.lineno, 1)
        raise UsageError(f"template syntax error: {error.message}", where) from None
    except jinja2.TemplateNotFound as error:
        raise UsageError(f"template not found: {error.name}") from None
    except jinja2.UndefinedError as error:
        raise UsageError(f"template error: {error.message}") from None


def roc_date(day: date) -> str:
    """2015-02-04 → 民國104年2月4日, as the document writes dates."""
    return f"民國{day.year - ROC_OFFSET}年{day.month}月{day.day}日"


def approval_line(approval: Approval) -> str:
    """The record as the document prints it under the title: 民國104年2月4日修訂, or with its
    文號, 民國106年11月13日高市地政秘字第10631078900號核定."""
    return f"{roc_date(approval.date)}{approval.ref or ''}{approval.kind}"


def month_marks(task: Task) -> list[bool]:
    """Twelve flags, January first: is the task scheduled in that month?"""
    months = set(task.month_numbers)
    return [month in months for month in range(1, 13)]


def schedule_title(plan: Plan, table: ScheduleTable) -> str:
    """The table's own title, or the one the office's tables use."""
    default = f"{plan.office}({table.section}){plan.roc_year}年度重要工作計畫作業時程管制表"
    return table.title or default


def notes(table: ScheduleTable) -> dict[str, Note]:
    """The table's row notes by task ID, numbered in row order."""
    tasks = [task for item in table.items for task in item.tasks if task.note]
    return {task.id: Note(f"※{number}", task) for number, task in enumerate(tasks, 1)}


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


def strategy_rows(strategy: Strategy) -> list[Method | None]:
    """The table rows of a strategy: one per method, or one for a strategy without methods."""
    return list(strategy.methods) or [None]


def principle_strategies(principle: Principle) -> list[Strategy | None]:
    """A 實施要領's strategies, or one empty row for one without strategies."""
    return list(principle.strategies) or [None]


def principle_rows(principle: Principle) -> int:
    """How many table rows a 實施要領 cell spans."""
    return sum(len(strategy_rows(s)) if s else 1 for s in principle_strategies(principle))

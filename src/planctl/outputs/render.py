"""`planctl render`: the plan and its schedule tables through jinja2 templates.

Templates live in `templates/` beside this module (shipped in the wheel). An office can
override any of them with `--templates DIR`; its templates may extend the shipped ones as
`default:NAME` (the datasette pattern), e.g. `{% extends "default:page.html" %}`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import jinja2

from planctl.outputs.cells import md_cell
from planctl.outputs.sandbox import LimitedEnvironment, render_capped, run_limited
from planctl.plan.model import ROC_OFFSET, Method, Plan, Principle, ScheduleTable, Strategy, Task
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
    env.filters.update(md=md_cell, roc_date=roc_date, join_units="、".join)
    env.globals.update(
        month_marks=month_marks,
        schedule_title=schedule_title,
        notes=notes,
        strategy_rows=strategy_rows,
        principle_rows=principle_rows,
    )
    return env


def render(
    plan: Plan,
    fmt: str,
    what: str = "all",
    section: str | None = None,
    templates: Path | None = None,
) -> str:
    """The document as Markdown or HTML text (PDF is printed from the HTML)."""
    suffix = "md" if fmt == "md" else "html"
    tables = select_tables(plan, section)
    return run_limited(
        lambda: render_capped(
            environment(templates).get_template(f"page.{suffix}"),
            plan=plan,
            tables=tables,
            show_plan=what in ("plan", "all"),
            show_schedule=what in ("schedule", "all"),
        )
    )


def roc_date(day: date) -> str:
    """2015-02-04 → 民國104年2月4日, as the document writes dates."""
    return f"民國{day.year - ROC_OFFSET}年{day.month}月{day.day}日"


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


def strategy_rows(strategy: Strategy) -> list[Method | None]:
    """The table rows of a strategy: one per method, or one for a strategy without methods."""
    return list(strategy.methods) or [None]


def principle_rows(principle: Principle) -> int:
    """How many table rows a 實施要領 cell spans."""
    return sum(len(strategy_rows(strategy)) for strategy in principle.strategies)

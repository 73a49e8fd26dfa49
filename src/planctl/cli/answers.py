"""`planctl due`, `duties` and `status`: the questions asked at the counter, answered from
the plans (and their progress ledgers) as a table, JSON, CSV or Markdown."""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

import click

from planctl.cli.options import (
    bom_option,
    cache_option,
    format_option,
    month_option,
    needs,
    period_options,
    plan_paths,
    section_option,
    unit_option,
)
from planctl.cli.present import load_plans, print_answer, say, stdout_console, today

if TYPE_CHECKING:
    from planctl.queries.due import DueAnswer
    from planctl.queries.status import Progress
    from planctl.repository.check import Checked


@click.command(short_help="List what is due in a month, per section.")
@needs("bom", fmt="csv")
@needs("header_lang", fmt="csv")
@plan_paths
@cache_option
@month_option(
    "1-12 (of the plan year), YYYY-MM (2015-03), 民國 YYY-MM, YYY/MM or 104年3月 "
    "(full-width digits too), or this / next (本月 / 下月). Default: this month."
)
@section_option("Only this section's schedule: its name, code (reg) or a unit of it.")
@unit_option(
    "Only rows this unit is responsible for (names or aliases: 登記課). Rows "
    "for the whole office (各課室, plan deadlines) are shown for every unit."
)
@format_option("table", "json", "csv", "md")
@bom_option
@click.option(
    "--header-lang",
    type=click.Choice(["zh", "en"]),
    default="zh",
    show_default=True,
    help="With --format csv: Chinese column headings for a spreadsheet, or the English keys "
    "(as in JSON) for scripts.",
)
def due(
    paths: tuple[str, ...],
    month: str | None,
    section: str | None,
    unit: str | None,
    fmt: str,
    bom: bool,
    header_lang: str,
) -> None:
    """What is due in a month: scheduled tasks and dated deadlines, per section.

    Each row tells where the month sits in the task's span: 本月開始 (starts), 持續辦理
    (continues), 本月完成 (last month of the span) or 本月辦理 (this month only). Several
    plan files are merged, each row naming its plan; plans of several years need a month
    that names its year (2016-03).

    \b
    Examples:
      planctl due --month 3
      planctl due --month 104-03 --unit 登記課
      planctl due -m 3 --format csv --bom > 三月.csv
    """
    from planctl.outputs.tables.due_table import as_csv, as_json, as_markdown
    from planctl.queries.due import due_answer

    answer = due_answer(load_plans(paths, cached=True), month, section, unit)
    for file in answer.unscheduled:
        say(
            f"{file} has no 作業時程管制表 (schedule tables): due shows only "
            "its dated deadlines; planctl duties --unit NAME shows what a unit is "
            "responsible for"
        )
    rows, label = answer.rows, answer.label
    print_answer(
        fmt,
        {
            "table": lambda: _due_table(answer),
            "csv": lambda: as_csv(rows, label, bom=bom, header=header_lang),
            "md": lambda: as_markdown(rows, label, answer.merged),
            "json": lambda: as_json(rows, label),
        },
    )


def _due_table(answer: DueAnswer) -> str | None:
    from planctl.outputs.tables.due_table import table_text

    if not answer.rows:
        nothing = "nothing is scheduled" if answer.scheduled else "no dated deadline falls in it"
        click.echo(f"{answer.label}: {nothing}", err=True)
        return None
    return table_text(answer.rows, answer.label, stdout_console(), answer.merged)


@click.command(short_help="List what a unit is responsible for across the plan.")
@needs("bom", fmt="csv")
@plan_paths
@cache_option
@unit_option(
    "Only what this unit is responsible for (names or aliases: 登記課), work given to "
    "every section (各課室) included."
)
@section_option(
    "Only this section's schedule table, and the strategy rows naming one of its units."
)
@format_option("table", "json", "csv", "md")
@bom_option
def duties(
    paths: tuple[str, ...], unit: str | None, section: str | None, fmt: str, bom: bool
) -> None:
    """Everything a unit is responsible for across the plan: the strategy-table rows that
    name it, with their full numbering (伍、一、(一)1.(2)), and the schedule tasks with their
    months. Works on plans without a 作業時程管制表.

    \b
    Examples:
      planctl duties --unit 登記課
      planctl duties --section 會計 --format md
      planctl duties -u 人事 --format csv --bom > 人事.csv
    """
    from planctl.outputs.tables.duties_table import as_csv, as_json, as_markdown, print_table
    from planctl.queries.duties import duties as duty_rows

    plans = load_plans(paths, cached=True)
    rows = duty_rows(plans, unit=unit, section=section)
    title = "職掌：" + (unit or section or "全部")
    merged = len(plans) > 1

    def table() -> None:
        if not rows:
            click.echo(f"{title}: nothing is assigned", err=True)
        else:
            print_table(rows, title, stdout_console(), merged)

    print_answer(
        fmt,
        {
            "table": table,
            "csv": lambda: as_csv(rows, bom=bom),
            "md": lambda: as_markdown(rows, title, merged),
            "json": lambda: as_json(rows),
        },
    )


@click.command(short_help="Show what is behind and which reports are missing.")
@needs("bom", fmt="csv")
@plan_paths
@cache_option
@period_options(
    month="The month to stand at (default: as of).",
    quarter="The quarter to stand at the end of (季報), instead of --month.",
    as_of="Count missing reports as of this day.",
)
@section_option("Only this section: its name, code or one of its units.")
@unit_option("Only the sections this unit is in.")
@format_option("table", "json", "md", "csv")
@bom_option
def status(
    paths: tuple[str, ...],
    month: str | None,
    quarter: int | None,
    as_of: datetime | None,
    section: str | None,
    unit: str | None,
    fmt: str,
    bom: bool,
) -> None:
    """Progress against the plan: per section and for the office (全所), tasks scheduled
    to date, reported, done, behind, missing reports, planned % vs actual %, the 燈號; then
    the behind and missing lists, and what is scheduled next month.

    A report for a month is missing once the reporting day after it (the plan's
    control.report_day, default the 10th) has passed as of --as-of (default today). A plan
    reported by quarter (control.period: quarter) stands at the end of the month's quarter,
    and a quarter's report is due by the reporting day of the month after it.

    \b
    Examples:
      planctl status --month 3
      planctl status --quarter 1 --as-of 2015-04-11
      planctl status -m 3 --as-of 2015-04-10 --format json
      planctl status -m 3 --unit 登記課 --format md
    """
    from planctl.outputs.tables.status_report import FORMATS, print_status

    plans = load_plans(paths, command="status", cached=True)
    result = progress_of(plans[0], (month, quarter), as_of, section, unit)
    mark = "\ufeff" if bom else ""
    formats: dict[str, Callable[[], str | None]] = {
        name: functools.partial(_marked, mark, make, result) for name, make in FORMATS.items()
    }
    formats["table"] = lambda: print_status(result, stdout_console())
    print_answer(fmt, formats)


def _marked(mark: str, make: Callable[[Progress], str], result: Progress) -> str:
    """The status in a format, after the BOM when one is asked for."""
    return mark + make(result)


def progress_of(
    checked: Checked,
    asked: tuple[str | None, int | None],
    as_of: datetime | None,
    section: str | None,
    unit: str | None = None,
) -> Progress:
    """The progress at the month or quarter asked (`--month`, `--quarter`), from the plan's
    ledger as it was checked with the plan: `status`, and `render`'s review and results."""
    from planctl.queries.status import progress_asked

    month, quarter = asked
    plan, ledger = checked.plan, checked.ledger
    return progress_asked(plan, ledger, month, today(as_of), section, unit, quarter)

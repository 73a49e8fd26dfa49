"""planctl's command line: parse options, call one function, print.

Start-up is part of the product: this module imports only click and the standard library, and
each command imports what it needs when it runs. Every PlanctlError raised below becomes one
line on stderr and its exit code; PLANCTL_DEBUG=1 shows the traceback instead.
"""

from __future__ import annotations

import functools
import gc
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar, cast

import click
from click.core import ParameterSource

from planctl import __version__
from planctl.errors import EXIT_USAGE, PlanctlError, UsageError

F = TypeVar("F", bound=Callable[..., Any])
EXIT_INTERNAL = 3
REPORT_URL = "the IT desk (include the output of PLANCTL_DEBUG=1 planctl …)"


def debugging() -> bool:
    return os.environ.get("PLANCTL_DEBUG", "") not in ("", "0")


def use_color(err: bool = False) -> bool:
    """Colour only on a terminal, and never with NO_COLOR set (https://no-color.org)."""
    stream = sys.stderr if err else sys.stdout
    return not os.environ.get("NO_COLOR") and stream.isatty()


class PlanctlGroup(click.Group):
    """Turns every error into one line and an exit code, never a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except PlanctlError as error:
            _print_rejected(error)
            if debugging():
                raise
            click.echo(f"planctl: {error.one_line()}", err=True)
            ctx.exit(error.exit_code)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except BrokenPipeError:
            # The reader (`| head`) went away: not an error of ours.
            sys.stderr.close()
            ctx.exit(0)
        except Exception as error:
            if debugging():
                raise
            click.echo(f"planctl: internal error: {type(error).__name__}: {error}", err=True)
            click.echo(f"planctl: this is a bug; please report it to {REPORT_URL}", err=True)
            ctx.exit(EXIT_INTERNAL)


def _print_rejected(error: PlanctlError) -> None:
    """A plan refused for its errors: its findings first, exactly as `planctl check` prints
    them (on stderr: the command's answer, not the findings, belongs on stdout)."""
    findings = getattr(error, "findings", None)
    if findings:
        from planctl.outputs.check_report import text_findings

        click.echo(text_findings(findings, use_color(err=True)), err=True, nl=False)


def load_plans(paths: tuple[str, ...], command: str = "") -> list[Any]:
    """The checked plans named by PATHS, for commands that answer from them: a plan with
    errors stops the command (PlanRejected); warnings are counted once on stderr. With
    `command`, it takes exactly one plan."""
    from planctl.rules.check import load_checked_plans

    plans = load_checked_plans(paths, command)
    warnings = sum(len(checked.warnings) for checked in plans)
    if warnings:
        files = " ".join(checked.file for checked in plans)
        noun = "warning" if warnings == 1 else "warnings"
        click.echo(f"planctl: {warnings} {noun}; planctl check {files} for details", err=True)
    return plans


def plan_paths(function: F) -> F:
    """The PATHS argument every command shares."""
    return click.argument(
        "paths", nargs=-1, type=click.Path(dir_okay=True, path_type=str), metavar="[PATHS]..."
    )(function)


def format_option(*choices: str) -> Callable[[F], F]:
    """`--format` with the command's own choices; the first is the default."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(choices),
        default=choices[0],
        show_default=True,
        help="Output format.",
    )


def unit_option(help: str) -> Callable[[F], F]:
    """`--unit/-u NAME`, shared by the commands that answer for one unit."""
    return click.option("--unit", "-u", metavar="NAME", help=help)


def section_option(help: str) -> Callable[[F], F]:
    """`--section/-s NAME`: a section by its name, its table's code or one of its units."""
    return click.option("--section", "-s", metavar="NAME", help=help)


def bom_option(function: F) -> F:
    """`--bom`, for CSV that Excel opens; `needs("bom", fmt="csv")` goes with it."""
    return click.option(
        "--bom",
        is_flag=True,
        help="With --format csv: start with a UTF-8 BOM, so that Excel on Windows shows "
        "the Chinese.",
    )(function)


def needs(option: str, **required: str | tuple[str, ...]) -> Callable[[F], F]:
    """Declare that `option`, when given, applies only with these values of other options:
    `@needs("bom", fmt="csv")`. Given without them it is a usage error (exit 2) with a
    one-line reason, never silently ignored. Put it right under `@cli.command()`."""
    wanted = {
        name: (value,) if isinstance(value, str) else value for name, value in required.items()
    }

    def decorate(function: F) -> F:
        @functools.wraps(function)
        def checked(*args: Any, **kwargs: Any) -> Any:
            ctx = click.get_current_context()
            if _given(ctx, option):
                for name, values in wanted.items():
                    if ctx.params.get(name) not in values:
                        raise UsageError(
                            f"{_flag(ctx, option)} applies only with "
                            f"{_flag(ctx, name)} {' or '.join(values)}"
                        )
            return function(*args, **kwargs)

        return cast(F, checked)

    return decorate


def _given(ctx: click.Context, name: str) -> bool:
    """Whether the user gave the option (on the command line or in the environment)."""
    source = ctx.get_parameter_source(name)
    return source not in (None, ParameterSource.DEFAULT, ParameterSource.DEFAULT_MAP)


def _flag(ctx: click.Context, name: str) -> str:
    """The option's long form as the user types it (`fmt` → `--format`)."""
    param = next(p for p in ctx.command.params if p.name == name)
    return max(param.opts, key=len)


@click.group(cls=PlanctlGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="planctl")
def cli() -> None:
    """Keep an office's annual service-quality plan (提升服務品質實施計畫) as YAML, and
    answer questions about it.

    PATHS are plan files or folders of them; without PATHS, every plans/*.yaml under the
    current folder.

    \b
    Examples:
      planctl check                  validate plans/*.yaml
      planctl due --month 3          what is scheduled for March
      planctl duties --unit 登記課    what a unit is responsible for
    """


@cli.command()
@plan_paths
@click.option("--strict", is_flag=True, help="Fail (exit 1) on warnings too.")
@format_option("text", "json", "github")
def check(paths: tuple[str, ...], strict: bool, fmt: str) -> None:
    """Validate plan files: schema and consistency rules.

    Prints each finding as file:line:col with its code (PC…), the line and a hint. Exit
    status: 0 clean (warnings allowed unless --strict), 1 findings, 2 unreadable input.

    \b
    Examples:
      planctl check
      planctl check --strict plans/2015.yaml
      planctl check --format github        # annotations in GitHub Actions
    """
    from planctl.outputs.check_report import FORMATS, summary
    from planctl.rules.check import check_paths

    result = check_paths(paths)
    click.echo(FORMATS[fmt](result, use_color()), nl=False)
    for message in result.unreadable:
        click.echo(f"planctl: {message}", err=True)
    if fmt == "text":
        click.echo(summary(result), err=True)
    sys.exit(result.exit_code(strict))


@cli.command()
@needs("bom", fmt="csv")
@plan_paths
@click.option(
    "--month",
    "-m",
    metavar="MONTH",
    help="1-12, YYYY-MM (2015-03) or 民國 YYY-MM (104-03). Default: this month.",
)
@section_option("Only this section's schedule: its name, code (reg) or a unit of it.")
@unit_option(
    "Only rows this unit is responsible for (names or aliases: 登記課). Rows "
    "for the whole office (各課室, plan deadlines) are shown for every unit."
)
@format_option("table", "json", "csv", "md")
@bom_option
def due(
    paths: tuple[str, ...],
    month: str | None,
    section: str | None,
    unit: str | None,
    fmt: str,
    bom: bool,
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
    from planctl.outputs.due_table import as_csv, as_json, as_markdown
    from planctl.plan.months import parse_month
    from planctl.queries.due import due as due_rows
    from planctl.queries.due import plans_of

    plans = load_plans(paths)
    asked = parse_month(month)
    rows = due_rows(plans, asked, section=section, unit=unit)
    scheduled = _say_unscheduled(plans)
    label = asked.label(asked.year or plans[0].plan.year)
    merged = len(plans_of(plans, asked)) > 1
    if fmt == "table":
        _print_due_table(rows, label, merged, scheduled)
    elif fmt == "csv":
        click.echo(as_csv(rows, label, bom=bom), nl=False)
    elif fmt == "md":
        click.echo(as_markdown(rows, label, merged), nl=False)
    else:
        click.echo(as_json(rows, label), nl=False)


def _say_unscheduled(plans: list[Any]) -> bool:
    """A plan without 作業時程管制表 schedules no month: say so, rather than let "nothing is
    scheduled" read as a month without work. Whether any plan has a schedule."""
    from planctl.queries.duties import has_schedule

    unscheduled = [checked for checked in plans if not has_schedule(checked.plan)]
    for checked in unscheduled:
        click.echo(
            f"planctl: {checked.file} has no 作業時程管制表 (schedule tables): due shows only "
            "its dated deadlines; planctl duties --unit NAME shows what a unit is "
            "responsible for",
            err=True,
        )
    return len(unscheduled) < len(plans)


def _print_due_table(rows: list[Any], label: str, merged: bool, scheduled: bool) -> None:
    from rich.console import Console

    from planctl.outputs.due_table import print_table

    if not rows:
        nothing = "nothing is scheduled" if scheduled else "no dated deadline falls in it"
        click.echo(f"{label}: {nothing}", err=True)
        return
    print_table(rows, label, Console(highlight=False), merged)


@cli.command()
@needs("section", what=("schedule", "all"))
@plan_paths
@format_option("md", "html", "pdf")
@click.option(
    "--what",
    type=click.Choice(["plan", "schedule", "all"]),
    default="all",
    show_default=True,
    help="The plan document, the schedule tables, or both.",
)
@section_option("Only this section's schedule table: its name, code or one of its units.")
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to this file (atomically). Required for pdf.",
)
@click.option(
    "--templates",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    help="A folder of templates that override the shipped ones; they can extend "
    'them as "default:page.html".',
)
@click.option(
    "--notes",
    "show_notes",
    is_flag=True,
    help="Also print the editor's notes (`note`) and the task IDs they name.",
)
def render(
    paths: tuple[str, ...],
    fmt: str,
    what: str,
    section: str | None,
    output: Path | None,
    templates: Path | None,
    show_notes: bool,
) -> None:
    """The plan and its printable schedule tables as Markdown, HTML or PDF.

    HTML is one self-contained file made for print (A4 landscape, each section's table on
    its own page, header rows repeated). PDF is that HTML printed by headless Chromium.

    \b
    Examples:
      planctl render --format md > plan.md
      planctl render --format html --what schedule -o schedule.html
      planctl render --format pdf --what schedule -o 管制表.pdf
      planctl render --format html --what schedule --section 會計 -o 會計.html
    """
    from planctl.outputs.render import render as render_plan
    from planctl.outputs.writing import refuse_inputs, write_atomic

    if fmt == "pdf" and output is None:
        raise UsageError("--format pdf needs -o FILE (a PDF is not for the terminal)")
    plans = load_plans(paths, command="render")
    plan, files = plans[0].plan, [Path(plans[0].file)]
    suffix = "md" if fmt == "md" else "html"
    text = render_plan(plan, suffix, what, section, templates, show_notes=show_notes)
    if output is None:
        click.echo(text, nl=False)
        return
    refuse_inputs(output, files)
    if fmt == "pdf":
        from planctl.outputs.pdf import html_to_pdf

        write_atomic(output, html_to_pdf(text))
    else:
        write_atomic(output, text.encode("utf-8"))
    click.echo(f"planctl: wrote {output}", err=True)


@cli.command()
@needs("bom", fmt="csv")
@plan_paths
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
    from planctl.outputs.duties_table import as_csv, as_json, as_markdown, print_table
    from planctl.queries.duties import duties as duty_rows

    plans = load_plans(paths)
    rows = duty_rows(plans, unit=unit, section=section)
    title = "職掌：" + (unit or section or "全部")
    merged = len(plans) > 1
    if fmt == "table":
        from rich.console import Console

        if not rows:
            click.echo(f"{title}: nothing is assigned", err=True)
            return
        print_table(rows, title, Console(highlight=False), merged)
    elif fmt == "csv":
        click.echo(as_csv(rows, bom=bom), nl=False)
    elif fmt == "md":
        click.echo(as_markdown(rows, title, merged), nl=False)
    else:
        click.echo(as_json(rows), nl=False)


def main() -> None:
    """Console-script entry point."""
    # A run builds a plan's hundreds of thousands of small dicts, lists and tuples and frees
    # them by reference counting; the cycle collector would only rescan them over and over
    # (a third of the time of a 20,000-task plan). A short-lived process has no cycles to fear.
    gc.disable()
    # planctl uses no pydantic plugins; without this, pydantic scans every installed
    # package's entry points when the first model is built (about 40 ms of each start).
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    try:
        cli(prog_name="planctl")
    except KeyboardInterrupt:
        sys.exit(EXIT_USAGE)

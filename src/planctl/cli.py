"""planctl's command line: parse options, call one function, print.

Start-up is part of the product: this module imports only click and the standard library, and
each command imports what it needs when it runs. Every PlanctlError raised below becomes one
line on stderr and its exit code; PLANCTL_DEBUG=1 shows the traceback instead.
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

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
@plan_paths
@click.option(
    "--month",
    "-m",
    metavar="MONTH",
    help="1-12, YYYY-MM (2015-03) or 民國 YYY-MM (104-03). Default: this month.",
)
@click.option(
    "--section",
    "-s",
    metavar="NAME",
    help="Only this section's schedule: its name, code (reg) or a unit of it.",
)
@click.option(
    "--unit",
    "-u",
    metavar="NAME",
    help="Only rows this unit is responsible for (names or aliases: 登記課). Rows "
    "for the whole office (各課室, plan deadlines) are shown for every unit.",
)
@format_option("table", "json", "csv", "md")
@click.option(
    "--bom",
    is_flag=True,
    help="With --format csv: start with a UTF-8 BOM, so that Excel on Windows shows the Chinese.",
)
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
    plan files are merged, each row naming its plan.

    \b
    Examples:
      planctl due --month 3
      planctl due --month 104-03 --unit 登記課
      planctl due -m 3 --format csv --bom > 三月.csv
    """
    from planctl.outputs.due_table import as_csv, as_json, as_markdown
    from planctl.plan.load import load_plans
    from planctl.plan.months import parse_month
    from planctl.queries.due import LoadedPlan
    from planctl.queries.due import due as due_rows

    plans = [LoadedPlan(plan, name) for plan, name in load_plans(paths)]
    asked = parse_month(month)
    rows = due_rows(plans, asked, section=section, unit=unit)
    label = asked.label(asked.year or plans[0].plan.year)
    if fmt == "table":
        _print_due_table(rows, label)
    elif fmt == "csv":
        click.echo(as_csv(rows, label, bom=bom), nl=False)
    else:
        click.echo({"json": as_json, "md": as_markdown}[fmt](rows, label), nl=False)


def _print_due_table(rows: list[Any], label: str) -> None:
    from rich.console import Console

    from planctl.outputs.due_table import print_table

    if not rows:
        click.echo(f"{label}: nothing is scheduled", err=True)
        return
    print_table(rows, label, Console(highlight=False))


@cli.command()
@plan_paths
@format_option("md", "html", "pdf")
@click.option(
    "--what",
    type=click.Choice(["plan", "schedule", "all"]),
    default="all",
    show_default=True,
    help="The plan document, the schedule tables, or both.",
)
@click.option(
    "--section",
    "-s",
    metavar="NAME",
    help="Only this section's schedule table: its name, code or one of its units.",
)
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
def render(
    paths: tuple[str, ...],
    fmt: str,
    what: str,
    section: str | None,
    output: Path | None,
    templates: Path | None,
) -> None:
    """The plan and its printable schedule tables as Markdown, HTML or PDF.

    HTML is one self-contained file made for print (A4 landscape, each section's table on
    its own page, header rows repeated). PDF is that HTML printed by headless Chromium.

    \b
    Examples:
      planctl render --format md > plan.md
      planctl render --format html --what schedule -o schedule.html
      planctl render --format pdf --what schedule -o 管制表.pdf
      planctl render --format html --section 會計 --templates my-templates/
    """
    from planctl.outputs.render import render as render_plan
    from planctl.outputs.writing import refuse_inputs, write_atomic
    from planctl.plan.load import discover, load_valid

    files = discover(paths)
    if len(files) != 1:
        raise UsageError(f"render takes one plan file; got {len(files)}")
    if fmt == "pdf" and output is None:
        raise UsageError("--format pdf needs -o FILE (a PDF is not for the terminal)")
    plan, _ = load_valid(files[0])
    text = render_plan(plan, "md" if fmt == "md" else "html", what, section, templates)
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


# --- planctl diff (issue 13) ---------------------------------------------------------------------


@cli.command()
@click.argument("old", metavar="OLD")
@click.argument("new", metavar="NEW")
@format_option("text", "md", "json", "html", "pdf")
@click.option("--exit-code", is_flag=True, help="Exit 1 when the plans differ (as git diff).")
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to this file (atomically). Required for pdf.",
)
def diff(old: str, new: str, fmt: str, exit_code: bool, output: Path | None) -> None:
    """What changed between two revisions of a plan, as a 修正對照表.

    OLD and NEW are plan files or git revisions of one: REV:path, or a bare REV (HEAD~1)
    for the other side's file at that revision. Reports tasks added, removed, moved or
    renamed, months, units, deadlines and reworded texts with the changed words marked.

    \b
    Examples:
      planctl diff HEAD~1 plans/2015.yaml
      planctl diff v1:plans/2015.yaml plans/2015.yaml --format md
      planctl diff old.yaml new.yaml --format pdf -o 修正對照表.pdf
    """
    from planctl.outputs.diff_report import FORMATS, report
    from planctl.plan.revisions import read_revision, resolve
    from planctl.queries.diff import diff_plans

    if fmt == "pdf" and output is None:
        raise UsageError("--format pdf needs -o FILE (a PDF is not for the terminal)")
    before, after = read_revision(resolve(old, new)), read_revision(resolve(new, old))
    result = report(before, after, diff_plans(before.plan, after.plan))
    if fmt == "text":
        from planctl.outputs.diff_report import as_text

        text = as_text(result, output is None and use_color())
    else:
        text = FORMATS["html" if fmt == "pdf" else fmt](result)
    _emit(text, fmt, output, [before.revision.path, after.revision.path])
    if exit_code and result.changes:
        sys.exit(1)


def _emit(text: str, fmt: str, output: Path | None, inputs: list[Path]) -> None:
    """Print `text`, or write it (printed to PDF for `pdf`) atomically to `output`."""
    if output is None:
        click.echo(text, nl=False)
        return
    from planctl.outputs.writing import refuse_inputs, write_atomic

    refuse_inputs(output, inputs)
    if fmt == "pdf":
        from planctl.outputs.pdf import html_to_pdf

        write_atomic(output, html_to_pdf(text))
    else:
        write_atomic(output, text.encode("utf-8"))
    click.echo(f"planctl: wrote {output}", err=True)


# --- planctl new (issue 13) ----------------------------------------------------------------------


@cli.command()
@click.argument("year", type=int)
@click.option(
    "--from",
    "source",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Last year's plan. Default: plans/<YEAR-1>.yaml.",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The new plan file (never overwritten). Default: <YEAR>.yaml beside --from.",
)
@click.option(
    "--report",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the list of replacements to this file instead of stdout.",
)
def new(year: int, source: Path | None, output: Path | None, report: Path | None) -> None:
    """Next year's draft plan from this year's: years, deadlines and period moved on.

    YEAR is Gregorian (2016) or 民國 (105). Every 民國 year of the plan in titles and texts
    moves on (104年度 → 105年度, 105年度預算 → 106年度預算), deadlines and the period move a
    year (with a warning on weekends and near 春節, 端午, 中秋), the revision record and the
    transcription notes are dropped, and 計畫依據 is kept but listed for review. Every
    replacement is listed. The new file is checked like `planctl check`.

    \b
    Examples:
      planctl new 2016
      planctl new 105 --from plans/2015.yaml -o plans/2016.yaml --report 2016-review.txt
    """
    from planctl.outputs.rollover_report import as_text, draft_yaml
    from planctl.outputs.writing import refuse_inputs, write_atomic
    from planctl.plan.load import load_valid
    from planctl.queries.rollover import roll_over

    year = year + 1911 if year < 1000 else year
    source = source or Path("plans", f"{year - 1}.yaml")
    output = output or source.with_name(f"{year}.yaml")
    if output.exists():
        raise UsageError(f"{output}: already exists; planctl new never overwrites a plan")
    if report is not None:
        refuse_inputs(report, [source, output])
    plan, written = load_valid(source)
    rollover = roll_over(plan, year)
    draft, kept_layout = draft_yaml(rollover, written)
    write_atomic(output, draft.encode("utf-8"), replace=False)
    click.echo(f"planctl: wrote {output}", err=True)
    text = as_text(rollover, str(source), str(output), kept_layout)
    if report is None:
        click.echo(text, nl=False)
    else:
        write_atomic(report, text.encode("utf-8"))
        click.echo(f"planctl: wrote {report}", err=True)
    _check_new(output)


def _check_new(output: Path) -> None:
    """The draft must check clean: say so, or show the errors and exit 1."""
    from planctl.outputs.check_report import FORMATS
    from planctl.rules.check import CheckResult, check_file

    result = CheckResult(files=1, findings=check_file(output))
    errors = [f for f in result.findings if f.severity == "error"]
    if errors:
        click.echo(FORMATS["text"](CheckResult(1, errors), use_color(err=True)), err=True, nl=False)
        click.echo(f"planctl: {output}: {len(errors)} error(s); fix them before use", err=True)
        sys.exit(1)
    warnings = len(result.findings)
    click.echo(f"planctl: {output} checks clean ({warnings} warning(s))", err=True)


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

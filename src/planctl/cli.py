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
from contextlib import ExitStack, nullcontext
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
      planctl explain PC301          what a check code means and how to fix it
      planctl help due               the same as planctl due --help
    """


@cli.command(short_help="Validate plan files and report each problem with its place and code.")
@plan_paths
@click.option("--strict", is_flag=True, help="Fail (exit 1) on warnings too.")
@format_option("text", "json", "github")
@click.option(
    "--select",
    metavar="CODES",
    help="Report only these codes: comma-separated, prefixes allowed (PC2,PC301).",
)
@click.option(
    "--ignore",
    metavar="CODES",
    help="Do not report these codes: comma-separated, prefixes allowed (PC301,PC5).",
)
@click.option(
    "--quiet",
    "-q",
    is_flag=True,
    help="Print errors and the summary only (text and github formats).",
)
def check(
    paths: tuple[str, ...],
    strict: bool,
    fmt: str,
    select: str | None,
    ignore: str | None,
    quiet: bool,
) -> None:
    """Validate plan files: the YAML, the schema and the consistency rules.

    Prints each finding as file:line:col with its code (PC…), the line and a hint, and a
    summary counting each code; `planctl explain CODE` says what a code means and how to fix
    it. A plan can accept warnings itself: `check: {ignore: [PC301]}`. Exit status: 0 clean
    (warnings allowed unless --strict), 1 findings, 2 unreadable input.

    \b
    Examples:
      planctl check
      planctl check --strict plans/2015.yaml
      planctl check --quiet --ignore PC301
      planctl check --format github        # annotations in GitHub Actions
    """
    from planctl.outputs.check_report import FORMATS, errors_only, summary
    from planctl.rules.check import check_paths, selected
    from planctl.rules.selection import Selection

    selection = Selection.parse(select, ignore)
    with ExitStack() as stack:
        result = selected(check_paths(paths, _file_progress(stack, quiet)), selection)
    shown = errors_only(result) if quiet and fmt != "json" else result
    click.echo(FORMATS[fmt](shown, use_color()), nl=False)
    for message in result.unreadable:
        click.echo(f"planctl: {message}", err=True)
    if fmt == "text":
        click.echo(summary(result), err=True)
    sys.exit(result.exit_code(strict))


@cli.command(short_help="List what is due in a month, per section.")
@plan_paths
@click.option(
    "--month",
    "-m",
    metavar="MONTH",
    help="1-12 (of the plan year), YYYY-MM (2015-03), 民國 YYY-MM, YYY/MM or 104年3月 "
    "(full-width digits too), or this / next (本月 / 下月). Default: this month.",
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
        click.echo(as_csv(rows, label, bom=bom, header=header_lang), nl=False)
    else:
        click.echo({"json": as_json, "md": as_markdown}[fmt](rows, label), nl=False)


def _print_due_table(rows: list[Any], label: str) -> None:
    from rich.console import Console

    from planctl.outputs.due_table import table_text

    if not rows:
        click.echo(f"{label}: nothing is scheduled", err=True)
        return
    # No colour system at all unless colour is wanted: with NO_COLOR, rich would still bold.
    console = Console(highlight=False, color_system="auto" if use_color() else None)
    click.echo(table_text(rows, label, console), nl=False)


@cli.command(short_help="Print the plan and its schedule tables as Markdown, HTML or PDF.")
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
@click.option(
    "--quiet", "-q", is_flag=True, help="No progress display and no 'wrote FILE' message."
)
def render(
    paths: tuple[str, ...],
    fmt: str,
    what: str,
    section: str | None,
    output: Path | None,
    templates: Path | None,
    quiet: bool,
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

        with _printing_progress(quiet):
            pdf = html_to_pdf(text)
        write_atomic(output, pdf)
    else:
        write_atomic(output, text.encode("utf-8"))
    if not quiet:
        click.echo(f"planctl: wrote {output}", err=True)


# -- progress on stderr -------------------------------------------------------------------------

MANY_FILES = 20
"""`check` shows a progress bar from this many files on (fewer take no time to speak of)."""


def show_progress(quiet: bool) -> bool:
    """A progress display only for a person watching: stderr a terminal, no --quiet."""
    return not quiet and sys.stderr.isatty()


def _file_progress(stack: ExitStack, quiet: bool) -> Callable[[int], Callable[[], None]]:
    """For check_paths: given the number of files, the function to call after each."""

    def start(total: int) -> Callable[[], None]:
        if total < MANY_FILES or not show_progress(quiet):
            return lambda: None
        from planctl.outputs.progress import progress_bar

        bar = progress_bar("checking plan files", total, use_color(err=True))
        return stack.enter_context(bar)

    return start


def _printing_progress(quiet: bool) -> Any:
    """A spinner while Chromium prints (its one step has no count to show)."""
    if not show_progress(quiet):
        return nullcontext()
    from planctl.outputs.progress import progress_bar

    return progress_bar("printing the PDF with Chromium", None, use_color(err=True))


# -- explain and help ---------------------------------------------------------------------------


@cli.command(short_help="Explain a check code: why it matters, how to fix it, an example.")
@click.argument("code", required=False, metavar="[CODE]")
@click.option("--all", "show_all", is_flag=True, help="Explain every code.")
def explain(code: str | None, show_all: bool) -> None:
    """Explain a check code (PC301): what it means, why it matters, how to fix it, and an
    example of the problem and its fix. Without CODE, list every code.

    \b
    Examples:
      planctl explain PC301
      planctl explain             # every code, one line each
      planctl explain --all       # every code in full
    """
    from planctl.outputs.explain import code_list, every_explanation, explanation
    from planctl.rules.registry import CODES
    from planctl.rules.selection import parse_codes

    if show_all:
        click.echo(every_explanation(), nl=False)
    elif code is None:
        click.echo(code_list(), nl=False)
    else:
        name = parse_codes(code, "explain")[0]
        if name not in CODES:
            raise UsageError(
                f"explain: 「{name}」 is not one code", hint="give a whole code, e.g. PC301"
            )
        click.echo(explanation(CODES[name]), nl=False)


@cli.command("help", short_help="Show the help of a command, like COMMAND --help.")
@click.argument("command", required=False, metavar="[COMMAND]")
@click.pass_context
def help_command(ctx: click.Context, command: str | None) -> None:
    """Show planctl's help, or a command's: `planctl help due` is `planctl due --help`.

    \b
    Examples:
      planctl help
      planctl help check
    """
    parent = ctx.parent
    assert parent is not None
    if command is None:
        click.echo(parent.get_help())
        return
    found = cli.get_command(parent, command)
    if found is None:
        names = "、".join(cli.list_commands(parent))
        raise UsageError(f"help: unknown command 「{command}」", hint=f"commands: {names}")
    with click.Context(found, info_name=command, parent=parent) as sub:
        click.echo(found.get_help(sub))


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

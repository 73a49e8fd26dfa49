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
from planctl.errors import EXIT_USAGE, PlanctlError, UsageError, visible

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
        except KeyboardInterrupt:
            click.echo("planctl: interrupted", err=True)
            ctx.exit(EXIT_USAGE)
        except BrokenPipeError:
            # The reader (`| head`) went away: not an error of ours.
            _drop_stdout()
            sys.stderr.close()
            ctx.exit(0)
        except OSError as error:
            # The system refused: a full disk under stdout, a file gone mid-run, no processes left.
            if debugging():
                raise
            _drop_stdout()
            click.echo(f"planctl: {os_failure(error)}", err=True)
            ctx.exit(EXIT_USAGE)
        except MemoryError:
            if debugging():
                raise
            click.echo("planctl: out of memory", err=True)
            ctx.exit(EXIT_USAGE)
        except Exception as error:
            if debugging():
                raise
            click.echo(f"planctl: internal error: {type(error).__name__}: {error}", err=True)
            click.echo(f"planctl: this is a bug; please report it to {REPORT_URL}", err=True)
            ctx.exit(EXIT_INTERNAL)


def os_failure(error: OSError) -> str:
    """An OSError in one line: the file it names, what the system said, and its errno name."""
    import errno

    where = f"{visible(os.fsdecode(error.filename))}: " if error.filename else ""
    name = errno.errorcode.get(error.errno or 0)
    return f"{where}{error.strerror or error}" + (f" ({name})" if name else "")


def _drop_stdout() -> None:
    """Point stdout at /dev/null, so that what is still buffered for a closed pipe or a full
    disk does not fail again when Python flushes it at exit."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass  # not a real stream (a test runner's): nothing to flush at exit


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

    class QuietConsole(Console):
        def on_broken_pipe(self) -> None:
            """rich exits 1 when the reader goes away; planctl treats it as every command does."""
            self.quiet = True
            raise BrokenPipeError

    print_table(rows, label, QuietConsole(highlight=False))


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
    type=click.Path(path_type=Path, allow_dash=True),
    help="Write to this file (atomically; a device or pipe is written through). "
    "'-' is stdout. Required for pdf.",
)
@click.option(
    "--force",
    is_flag=True,
    help="Overwrite an existing plan file with -o (never one given as input).",
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
    force: bool,
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
    from planctl.plan.load import discover, load_valid

    files = discover(paths)
    if len(files) != 1:
        raise UsageError(f"render takes one plan file; got {len(files)}")
    if fmt == "pdf" and output is None:
        raise UsageError("--format pdf needs -o FILE (a PDF is not for the terminal)")
    to_stdout = output is None or str(output) == "-"
    if fmt == "pdf" and to_stdout and sys.stdout.isatty():
        raise UsageError("-o -: a PDF is not for the terminal; redirect stdout to a file")
    plan, _ = load_valid(files[0])
    text = render_plan(plan, "md" if fmt == "md" else "html", what, section, templates)
    if fmt == "pdf":
        from planctl.outputs.pdf import html_to_pdf

        data = html_to_pdf(text)
    else:
        data = text.encode("utf-8")
    if output is None or to_stdout:
        click.echo(data, nl=False)  # bytes go to the binary stream, then flushed
        return
    _write_file(output, data, files, force)


def _write_file(output: Path, data: bytes, inputs: list[Path], force: bool) -> None:
    from planctl.outputs.writing import write_output

    write_output(output, data, inputs, force)
    click.echo(f"planctl: wrote {visible(str(output))}", err=True)


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

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
from contextlib import ExitStack, nullcontext
from pathlib import Path
from typing import Any, TypeVar, cast

import click
from click.core import ParameterSource

from planctl import __version__
from planctl.errors import EXIT_USAGE, PlanctlError, UsageError, visible

F = TypeVar("F", bound=Callable[..., Any])
EXIT_INTERNAL = 3
REPORT_URL = "the IT desk (include the output of PLANCTL_DEBUG=1 planctl …)"
ISO_DATE = click.DateTime(formats=["%Y-%m-%d"])
STDOUT = "<stdout>"
"""The name of what `-o -` writes, where a file name is shown (`planctl new -o -`)."""


def _ledger_text(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
    """Callback of the options whose text is written into the ledger (one text, or several
    for a repeated option): refused in one line naming the option when one is blank or holds
    a control character (see planctl.plan.characters)."""
    from planctl.plan.characters import typed_text

    name = _flag(ctx, str(param.name))
    if isinstance(value, tuple):
        return tuple(typed_text(text, name) for text in value)
    return value if value is None else typed_text(value, name)


def _percent(ctx: click.Context, param: click.Parameter, value: str | None) -> float | None:
    """Callback of `--percent`: a share of a task done, 0-100, as typed (`62.5`, `0.00001`);
    NaN, infinities and numbers outside the range refused in one line."""
    import math

    if value is None:
        return None
    try:
        number = float(value)
    except ValueError:
        number = math.nan
    if not 0 <= number <= 100:  # NaN is no number from 0 to 100 either
        raise UsageError(f"{_flag(ctx, str(param.name))} 「{value}」: give a number from 0 to 100")
    return number


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


def _print_rejected(error: PlanctlError) -> None:
    """A plan refused for its errors: its findings first, exactly as `planctl check` prints
    them (on stderr: the command's answer, not the findings, belongs on stdout)."""
    findings = getattr(error, "findings", None)
    if findings:
        from planctl.outputs.tables.check_report import text_findings

        click.echo(text_findings(findings, use_color(err=True)), err=True, nl=False)


def load_plans(paths: tuple[str, ...], command: str = "", cached: bool = False) -> list[Any]:
    """The checked plans named by PATHS, for commands that answer from them: a plan with
    errors stops the command (PlanRejected); warnings are counted once on stderr. With
    `command`, it takes exactly one plan. `cached`: the command reads plans by fields and
    properties only (see planctl.plan.record), so they may come from the cache."""
    from planctl.repository.check import load_checked_plans

    plans = load_checked_plans(paths, command, open_cache() if cached else None)
    warnings = sum(len(checked.warnings) for checked in plans)
    if warnings:
        files = " ".join(visible(checked.file) for checked in plans)  # a name may hold escapes
        noun = "warning" if warnings == 1 else "warnings"
        click.echo(f"planctl: {warnings} {noun}; planctl check {files} for details", err=True)
    return plans


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


NO_CACHE = "planctl.no_cache"
"""Where `--no-cache` is remembered, in the click context's `meta` (shared by every command)."""


def cache_option(function: F) -> F:
    """`--no-cache`, shared by every command that reads plans from the cache."""
    return click.option(
        "--no-cache",
        is_flag=True,
        expose_value=False,
        callback=_remember_no_cache,
        help="Check the plans afresh: neither read nor fill the cache (see PLANCTL_CACHE_DIR).",
    )(function)


def _remember_no_cache(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if value:
        ctx.meta[NO_CACHE] = True


def open_cache() -> Any:
    """The checked-plan cache (planctl.repository.cache), or None with --no-cache or when the
    cache folder cannot be used."""
    from planctl.repository.cache import Cache

    context = click.get_current_context(silent=True)
    return Cache.open(enabled=not (context and context.meta.get(NO_CACHE)))


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


def complete(kind: str) -> Callable[[click.Context, click.Parameter, str], list[Any]]:
    """Shell completion of `kind` (section, unit, task, month) from the plans/*.yaml of the
    current folder (click's completion does not see PATHS typed before an option). Completion
    must never fail: on any error, it offers nothing."""

    def candidates(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[Any]:
        from click.shell_completion import CompletionItem

        try:
            from planctl.queries.completion import KINDS
            from planctl.repository.check import load_checked_plans

            plans = [checked.plan for checked in load_checked_plans(())]
            found = KINDS[kind](plans)
        except Exception:
            return []
        return [
            CompletionItem(value, help=help)
            for value, help in found
            if value.startswith(incomplete)
        ]

    return candidates


def unit_option(help: str) -> Callable[[F], F]:
    """`--unit/-u NAME`, shared by the commands that answer for one unit."""
    return click.option("--unit", "-u", metavar="NAME", help=help, shell_complete=complete("unit"))


def section_option(help: str) -> Callable[[F], F]:
    """`--section/-s NAME`: a section by its name, its table's code or one of its units."""
    return click.option(
        "--section", "-s", metavar="NAME", help=help, shell_complete=complete("section")
    )


def bom_option(function: F) -> F:
    """`--bom`, for CSV that Excel opens; `needs("bom", fmt="csv")` goes with it."""
    return click.option(
        "--bom",
        is_flag=True,
        help="With --format csv: start with a UTF-8 BOM, so that Excel on Windows shows "
        "the Chinese.",
    )(function)


def output_option(help: str) -> Callable[[F], F]:
    """`--output/-o FILE`, shared by the commands that write a file: `-` is stdout, anything
    else is written by `outputs.writing` (never an input, a ledger or its lock file)."""
    path = click.Path(path_type=Path, allow_dash=True)
    return click.option("--output", "-o", metavar="FILE", type=path, help=help)


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
                            f"{_flag(ctx, name)} {_either(values)}"
                        )
            return function(*args, **kwargs)

        return cast(F, checked)

    return decorate


def _either(values: tuple[str, ...]) -> str:
    """`schedule, all or review`: the values an option needs, as a sentence says them."""
    return values[0] if len(values) == 1 else f"{', '.join(values[:-1])} or {values[-1]}"


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
      planctl explain PC301          what a check code means and how to fix it
      planctl help due               the same as planctl due --help
      planctl duties --unit 登記課    what a unit is responsible for
      planctl status --month 3       what is behind, what reports are missing
    """


@cli.command(short_help="Validate plan files and report each problem with its place and code.")
@plan_paths
@cache_option
@click.option("--strict", is_flag=True, help="Fail (exit 1) on warnings too.")
@format_option("text", "json", "github", "gitlab")
@click.option(
    "--as-of",
    "as_of",
    type=ISO_DATE,
    help="Also report progress reports missing on this day (PC708), YYYY-MM-DD.",
)
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
    as_of: Any,
    select: str | None,
    ignore: str | None,
    quiet: bool,
) -> None:
    """Validate plan files: the YAML, the schema and the consistency rules.

    Prints each finding as file:line:col with its code (PC…), the line and a hint, and a
    summary counting each code; `planctl explain CODE` says what a code means and how to fix
    it. A plan can accept warnings itself: `check: {ignore: [PC301]}`. A plan's progress
    ledger (progress/NAME.yaml beside plans/NAME.yaml) is checked with it. Exit status: 0
    clean (warnings allowed unless --strict), 1 findings, 2 unreadable input.

    \b
    Examples:
      planctl check
      planctl check --strict plans/2015.yaml
      planctl check --quiet --ignore PC301
      planctl check --format github        # annotations in GitHub Actions
      planctl check --as-of 2015-04-11     # reports due by then must be in the ledger
      planctl check --format gitlab > gl-code-quality-report.json
    """
    from planctl.outputs.tables.check_report import FORMATS, errors_only, summary
    from planctl.repository.check import check_paths, selected
    from planctl.rules.selection import Selection

    selection = Selection.parse(select, ignore)
    day = as_of.date() if as_of else None
    with ExitStack() as stack:
        progress = _file_progress(stack, quiet)
        result = selected(check_paths(paths, day, progress, open_cache()), selection)
    shown = errors_only(result) if quiet and fmt != "json" else result
    click.echo(FORMATS[fmt](shown, use_color()), nl=False)
    for message in result.unreadable:
        click.echo(f"planctl: {message}", err=True)
    if fmt == "text":
        click.echo(summary(result), err=True)
    sys.exit(result.exit_code(strict))


@cli.command(short_help="List what is due in a month, per section.")
@needs("bom", fmt="csv")
@needs("header_lang", fmt="csv")
@plan_paths
@cache_option
@click.option(
    "--month",
    "-m",
    shell_complete=complete("month"),
    metavar="MONTH",
    help="1-12 (of the plan year), YYYY-MM (2015-03), 民國 YYY-MM, YYY/MM or 104年3月 "
    "(full-width digits too), or this / next (本月 / 下月). Default: this month.",
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
    from planctl.plan.months import parse_month
    from planctl.queries.due import due as due_rows
    from planctl.queries.due import plans_of

    plans = load_plans(paths, cached=True)
    asked = parse_month(month)
    rows = due_rows(plans, asked, section=section, unit=unit)
    scheduled = _say_unscheduled(plans)
    rows = _with_reports(rows, [loaded.file for loaded in plans], asked.month)
    label = asked.label(asked.year or plans[0].plan.year)
    merged = len(plans_of(plans, asked)) > 1
    if fmt == "table":
        _print_due_table(rows, label, merged, scheduled)
    elif fmt == "csv":
        click.echo(as_csv(rows, label, bom=bom, header=header_lang), nl=False)
    elif fmt == "md":
        click.echo(as_markdown(rows, label, merged), nl=False)
    else:
        click.echo(as_json(rows, label), nl=False)


def _say_unscheduled(plans: list[Any]) -> bool:
    """A plan without 作業時程管制表 schedules no month: say so, rather than let "nothing is
    scheduled" read as a month without work. Whether any plan has a schedule."""
    from planctl.queries.sections import has_schedule

    unscheduled = [checked for checked in plans if not has_schedule(checked.plan)]
    for checked in unscheduled:
        click.echo(
            f"planctl: {checked.file} has no 作業時程管制表 (schedule tables): due shows only "
            "its dated deadlines; planctl duties --unit NAME shows what a unit is "
            "responsible for",
            err=True,
        )
    return len(unscheduled) < len(plans)


def _with_reports(rows: list[Any], files: list[str], month: int) -> list[Any]:
    """The rows with what each unit reported, for the plans that have a progress ledger."""
    from planctl.plan.load import has_ledger

    if not any(has_ledger(Path(file)) for file in files):
        return rows
    from planctl.progress.load import load_ledger
    from planctl.queries.status import with_reports

    return with_reports(rows, {file: load_ledger(Path(file)) for file in files}, month)


def _print_due_table(rows: list[Any], label: str, merged: bool, scheduled: bool) -> None:
    from rich.console import Console

    from planctl.outputs.tables.due_table import table_text

    if not rows:
        nothing = "nothing is scheduled" if scheduled else "no dated deadline falls in it"
        click.echo(f"{label}: {nothing}", err=True)
        return
    # No colour system at all unless colour is wanted: with NO_COLOR, rich would still bold.
    console = Console(highlight=False, color_system="auto" if use_color() else None)
    click.echo(table_text(rows, label, console, merged), nl=False)


@cli.command(short_help="Print the plan, its schedule tables and progress reports.")
@needs("section", what=("schedule", "all", "review", "results"))
@plan_paths
@format_option("md", "html", "pdf")
@click.option(
    "--what",
    type=click.Choice(["plan", "schedule", "all", "review", "results"]),
    default="all",
    show_default=True,
    help="The plan document, the schedule tables, or both; or from the progress ledger the "
    "執行情形管制考核表 (review) or the 執行成果 report (results).",
)
@section_option("Only this section's schedule table: its name, code or one of its units.")
@output_option(
    "Write to this file (atomically; a device or pipe is written through). "
    "'-' is stdout. Required for pdf."
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
@click.option("--month", "-m", metavar="MONTH", help="review/results: the month reported.")
@click.option("--as-of", "as_of", type=ISO_DATE, help="review/results: count to this day.")
@click.option(
    "--quiet", "-q", is_flag=True, help="No progress display and no 'wrote FILE' message."
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
    month: str | None,
    as_of: Any,
    quiet: bool,
    show_notes: bool,
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
      planctl render --format html --what schedule --section 會計 -o 會計.html
      planctl render --what review --month 3 --format pdf -o 三月管考.pdf
    """
    from planctl.outputs.documents.render import render as render_plan

    if fmt == "pdf":
        _binary_output(output, fmt, "a PDF")
    plans = load_plans(paths, command="render")
    plan, files = plans[0].plan, [Path(plans[0].file)]
    progress = _progress(files[0], plan, what, month, as_of, section)
    suffix = "md" if fmt == "md" else "html"
    text = render_plan(plan, suffix, what, section, templates, progress, show_notes=show_notes)
    if fmt == "pdf":
        from planctl.outputs.documents.pdf import html_to_pdf

        with _printing_progress(quiet):
            data = html_to_pdf(text)
    else:
        data = text.encode("utf-8")
    _write_file(output, data, files, force, quiet)


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
    from planctl.outputs.tables.explain import code_list, every_explanation, explanation
    from planctl.rules.registry import CODES
    from planctl.rules.selection import parse_codes

    if show_all:
        click.echo(every_explanation(), nl=False)
    elif code is None:
        click.echo(code_list(), nl=False)
    else:
        name = next(iter(parse_codes(code, "explain")), code)  # "" and "," name no code
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


@cli.command(short_help="List what a unit is responsible for across the plan.")
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
    from planctl.outputs.tables.duties_table import as_csv, as_json, as_markdown, print_table
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


# Progress control (管考): units record what they did (done, report); status compares it
# with the plan. The ledger is progress/<plan>.yaml beside plans/<plan>.yaml.

STATUS_CHOICES = ("辦理中", "已完成", "停辦")


def entry_options(function: F) -> F:
    """The options `done` and `report` share: what, when, who, and the evidence."""
    options = [
        click.argument("task_id", metavar="TASK_ID"),
        plan_paths,
        click.option(
            "--date",
            "-d",
            "day",
            type=ISO_DATE,
            help="The day of the report, YYYY-MM-DD. Default: today.",
        ),
        click.option(
            "--evidence",
            "-e",
            callback=_ledger_text,
            multiple=True,
            metavar="REF",
            help="Evidence: a 文號, a file path or a link (repeat for more).",
        ),
        click.option(
            "--by",
            callback=_ledger_text,
            metavar="UNIT",
            help="The reporting unit (default: the section's).",
        ),
        click.option("--replaces", metavar="ENTRY_ID", help="Correct this earlier entry (its id)."),
    ]
    for option in reversed(options):
        function = option(function)
    return function


def _record(paths: tuple[str, ...], task_id: str, build: Callable[[Any], Any]) -> None:
    """Find the plan with the task, build the report for it, append it, say what was written."""
    from planctl.plan.load import discover
    from planctl.repository.ledger import plan_with_task, record, tasks_of

    plan_file, plan = plan_with_task(discover(paths), task_id)
    path, entry = record(plan_file, plan, build(plan))
    click.echo(entry.id)
    click.echo(
        f"planctl: recorded {entry.id} in {path} ({entry.task}, month {entry.month}: "
        f"{entry.status})",
        err=True,
    )
    months = tasks_of(plan)[entry.task][2].month_numbers
    if months and entry.month not in months:
        listed = "、".join(map(str, months))
        click.echo(f"planctl: note: {entry.task} is scheduled in months {listed} only", err=True)


def _today(day: Any) -> Any:
    from datetime import date

    return day.date() if day is not None else date.today()


@cli.command(short_help="Record that a task's work for a month is done.")
@entry_options
@click.option("--month", "-m", metavar="MONTH", help="The month done (default: of --date).")
@click.option(
    "--text",
    "-t",
    callback=_ledger_text,
    default="依計畫辦理完成",
    show_default=True,
    help="執行情形說明.",
)
def done(
    task_id: str,
    paths: tuple[str, ...],
    day: Any,
    evidence: tuple[str, ...],
    by: str | None,
    replaces: str | None,
    month: str | None,
    text: str,
) -> None:
    """Record that a task's work for a month is done (已完成).

    Appends one entry to the plan's progress ledger (progress/2015.yaml for plans/2015.yaml),
    keeping every byte already there; prints the new entry's id. Done in the task's last
    scheduled month completes the task.

    \b
    Examples:
      planctl done reg-1.1 --month 1 --date 2015-02-05
      planctl done reg-1.1 -m 2 -d 2015-03-06 -e 北市正戶登字第1043000123號
    """
    from planctl.repository.ledger import Report, report_month

    reported = _today(day)

    def build(plan: Any) -> Report:
        when = report_month(plan, month, reported)
        completed = reported if reported.year == plan.year else None
        return Report(
            task_id,
            when,
            "已完成",
            text,
            reported,
            completed=completed,
            evidence=evidence,
            by=by,
            replaces=replaces,
        )

    _record(paths, task_id, build)


@cli.command(short_help="Record a unit's progress report on a task.")
@entry_options
@click.option("--month", "-m", metavar="MONTH", required=True, help="The month reported.")
@click.option(
    "--status",
    "-s",
    "state",
    type=click.Choice(STATUS_CHOICES),
    required=True,
    help="辦理中 (in progress), 已完成 (done) or 停辦 (stopped).",
)
@click.option(
    "--percent",
    "-p",
    metavar="0-100",
    callback=_percent,
    help="Share of the whole task done, 0-100.",
)
@click.option(
    "--text", "-t", callback=_ledger_text, required=True, help="執行情形說明: what was done."
)
@click.option(
    "--reason",
    callback=_ledger_text,
    help="落後原因: why the task is behind (required when it is).",
)
@click.option(
    "--measure",
    callback=_ledger_text,
    help="因應對策: what is done about it (required when behind).",
)
@click.option("--completed", type=ISO_DATE, help="The day the task was completed.")
def report(
    task_id: str,
    paths: tuple[str, ...],
    day: Any,
    evidence: tuple[str, ...],
    by: str | None,
    replaces: str | None,
    month: str,
    state: str,
    percent: float | None,
    text: str,
    reason: str | None,
    measure: str | None,
    completed: Any,
) -> None:
    """Report a task's progress for a month: status, percent, what was done, and, when it
    is behind, why (落後原因) and what is being done (因應對策).

    \b
    Examples:
      planctl report reg-1.2 --month 3 --status 辦理中 --percent 50 --text 已清查半數 -d 2015-04-08
      planctl report reg-1.4 -m 3 -s 辦理中 -p 10 -t 通報延遲 --reason 人力不足 --measure 加派人力
    """
    from planctl.repository.ledger import Report, report_month

    reported = _today(day)

    def build(plan: Any) -> Report:
        return Report(
            task_id,
            report_month(plan, month, reported),
            state,
            text,
            reported,
            percent=percent,
            reason=reason,
            measure=measure,
            completed=completed.date() if completed else None,
            evidence=evidence,
            by=by,
            replaces=replaces,
        )

    _record(paths, task_id, build)


@cli.command(short_help="Record 研考's review of a report.")
@click.argument("entry_id", metavar="ENTRY_ID")
@plan_paths
@click.option(
    "--decision",
    type=click.Choice(("解除列管", "繼續列管")),
    required=True,
    help="研考's decision.",
)
@click.option("--note", "-t", callback=_ledger_text, help="研考意見: the note that goes with it.")
@click.option("--date", "-d", "day", type=ISO_DATE, help="The day of the review. Default: today.")
@click.option(
    "--by",
    callback=_ledger_text,
    metavar="UNIT",
    help="Who reviews (a unit of the plan, e.g. 研考).",
)
def review(
    entry_id: str,
    paths: tuple[str, ...],
    decision: str,
    note: str | None,
    day: Any,
    by: str | None,
) -> None:
    """Record 研考's review of a report: 解除列管 (release it from control) or 繼續列管 (keep
    controlling it), with a note.

    The report is not rewritten: a correction of it that carries the review is appended
    (it `replaces` the entry reviewed). Prints the new entry's id.

    \b
    Examples:
      planctl review reg-1.1-m02-671a0c --decision 解除列管 --note 已完成 -d 2015-04-15
      planctl review reg-1.4-m03-5057a8 --decision 繼續列管 --note 四月底前完成 --by 研考
    """
    from planctl.plan.load import discover
    from planctl.progress.model import Review
    from planctl.repository.ledger import plan_with_entry, record_review

    plan_file, plan = plan_with_entry(discover(paths), entry_id)
    verdict = Review(decision=decision, date=_today(day), note=note, by=by)
    entry = record_review(plan_file, plan, entry_id, verdict)
    click.echo(entry.id)
    click.echo(f"planctl: recorded {decision} for {entry_id} as {entry.id}", err=True)


@cli.command(short_help="Show what is behind and which reports are missing.")
@needs("bom", fmt="csv")
@plan_paths
@click.option("--month", "-m", metavar="MONTH", help="The month to stand at (default: as of).")
@click.option("--as-of", "as_of", type=ISO_DATE, help="Count missing reports as of this day.")
@section_option("Only this section: its name, code or one of its units.")
@unit_option("Only the sections this unit is in.")
@format_option("table", "json", "md", "csv")
@bom_option
def status(
    paths: tuple[str, ...],
    month: str | None,
    as_of: Any,
    section: str | None,
    unit: str | None,
    fmt: str,
    bom: bool,
) -> None:
    """Progress against the plan: per section, tasks scheduled to date, reported, done,
    behind, missing reports, planned % vs actual %, the 燈號; then the behind and missing
    lists, and what is scheduled next month.

    A report for a month is missing once the reporting day after it (the plan's
    control.report_day, default the 10th) has passed as of --as-of (default today).

    \b
    Examples:
      planctl status --month 3
      planctl status -m 3 --as-of 2015-04-10 --format json
      planctl status -m 3 --unit 登記課 --format md
    """
    from planctl.outputs.tables.status_report import FORMATS, print_status
    from planctl.plan.months import parse_month
    from planctl.progress.load import load_ledger
    from planctl.queries.status import progress, status_month

    plans = load_plans(paths, command="status")
    plan, files = plans[0].plan, [Path(plans[0].file)]
    day = _today(as_of)
    at = status_month(plan, parse_month(month) if month else None, day)
    result = progress(plan, load_ledger(files[0]), at, day, section=section, unit=unit)
    if fmt == "table":
        from rich.console import Console

        print_status(result, Console(highlight=False))
    else:
        click.echo(("\ufeff" if bom else "") + FORMATS[fmt](result), nl=False)


def _progress(
    plan_file: Path, plan: Any, what: str, month: str | None, as_of: Any, section: str | None
) -> Any:
    """The progress at the month asked, for the reports that show it; None for the others."""
    if what not in ("review", "results"):
        return None
    from planctl.plan.months import parse_month
    from planctl.progress.load import load_ledger
    from planctl.queries.status import progress, status_month

    day = _today(as_of)
    at = status_month(plan, parse_month(month) if month else None, day)
    return progress(plan, load_ledger(plan_file), at, day, section=section)


# --- planctl diff (issue 13) ---------------------------------------------------------------------


@cli.command(short_help="Compare two revisions of a plan, as a 修正對照表.")
@click.argument("old", metavar="OLD")
@click.argument("new", metavar="NEW")
@format_option("text", "md", "json", "html", "pdf")
@click.option("--exit-code", is_flag=True, help="Exit 1 when the plans differ (as git diff).")
@output_option("Write to this file (atomically); '-' is stdout. Required for pdf.")
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
    from planctl.outputs.documents.diff_report import FORMATS, report
    from planctl.queries.diff import diff_plans
    from planctl.repository.revisions import read_revision, resolve

    if fmt == "pdf":
        _binary_output(output, fmt, "a PDF")
    before, after = read_revision(resolve(old, new)), read_revision(resolve(new, old))
    result = report(before, after, diff_plans(before.plan, after.plan))
    if fmt == "text":
        from planctl.outputs.documents.diff_report import as_text

        text = as_text(result, _output_file(output) is None and use_color())
    else:
        text = FORMATS["html" if fmt == "pdf" else fmt](result)
    _emit(text, fmt, output, [before.revision.path, after.revision.path])
    if exit_code and result.changes:
        sys.exit(1)


def _emit(text: str, fmt: str, output: Path | None, inputs: list[Path]) -> None:
    """Print `text`, or write it (printed to PDF for `pdf`) to `output`."""
    if fmt != "pdf" and _output_file(output) is None:
        click.echo(text, nl=False)
        return
    if fmt == "pdf":
        from planctl.outputs.documents.pdf import html_to_pdf

        _write_file(output, html_to_pdf(text), inputs)
    else:
        _write_file(output, text.encode("utf-8"), inputs)


def _output_file(output: Path | None) -> Path | None:
    """The file `-o` names; None for stdout (no `-o`, or `-o -`)."""
    return None if output is None or str(output) == "-" else output


def _binary_output(output: Path | None, fmt: str, kind: str) -> None:
    """A binary format needs `-o FILE`, or `-o -` with stdout not a terminal."""
    if output is None:
        raise UsageError(f"--format {fmt} needs -o FILE ({kind} is not for the terminal)")
    if _output_file(output) is None and sys.stdout.isatty():
        raise UsageError(f"-o -: {kind} is not for the terminal; redirect stdout to a file")


def _write_file(
    output: Path | None,
    data: bytes,
    inputs: list[Path],
    force: bool = False,
    quiet: bool = False,
) -> None:
    """Print `data` (no `-o`, or `-o -`), or write an output file by the rules of
    `outputs.writing` (atomic, never a device, an input, a ledger or its lock replaced) and
    say so on stderr."""
    from planctl.files.writing import write_output

    file = _output_file(output)
    if file is None:
        click.echo(data, nl=False)  # bytes go to the binary stream, then flushed
        return
    write_output(file, data, inputs, force)
    if not quiet:
        click.echo(f"planctl: wrote {visible(str(file))}", err=True)


# --- planctl new (issue 13) ----------------------------------------------------------------------


@cli.command(short_help="Draft next year's plan from this year's.")
@click.argument("year", type=int)
@click.option(
    "--from",
    "source",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Last year's plan. Default: plans/<YEAR-1>.yaml.",
)
@output_option(
    "The new plan file (never overwritten); '-' is stdout. Default: <YEAR>.yaml beside --from."
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
    from planctl.files.writing import refuse_inputs, write_atomic
    from planctl.outputs.documents.rollover_report import as_text, draft_yaml
    from planctl.progress.load import load_ledger
    from planctl.queries.rollover import roll_over
    from planctl.repository.check import load_checked

    year = year + 1911 if year < 1000 else year
    source = source or Path("plans", f"{year - 1}.yaml")
    # beside the source, by its folder: `--from ''` has no name to replace; None: `-o -`
    output = _output_file(output or source.parent / f"{year}.yaml")
    written_to = [source] if output is None else [source, output]
    if output is not None:
        refuse_inputs(output, [source])
        if output.exists():
            raise UsageError(f"{output}: already exists; planctl new never overwrites a plan")
    if report is not None:
        refuse_inputs(report, written_to)
    checked = load_checked(source)
    plan, written = checked.plan, checked.source
    assert written is not None  # read afresh (no cache): the draft keeps its layout
    rollover = roll_over(plan, year, load_ledger(source))
    draft, kept_layout = draft_yaml(rollover, written)
    if output is None:
        click.echo(draft, nl=False)
    else:
        write_atomic(output, draft.encode("utf-8"), replace=False)
        click.echo(f"planctl: wrote {visible(str(output))}", err=True)
    text = as_text(rollover, str(source), str(output or STDOUT), kept_layout)
    if report is not None:
        _write_file(report, text.encode("utf-8"), written_to)
    else:  # beside a draft on stdout, the list goes to stderr
        click.echo(text, nl=False, err=output is None)
    _check_new(output, draft)


def _check_new(output: Path | None, draft: str) -> None:
    """The draft must check clean: say so, or show the errors and exit 1. A draft on stdout
    (`output` None) is checked from its text."""
    from planctl.outputs.tables.check_report import FORMATS
    from planctl.repository.check import CheckResult, check_file

    findings = check_file(output) if output is not None else _draft_findings(draft)
    name = visible(str(output or STDOUT))
    result = CheckResult(files=1, findings=findings)
    errors = [f for f in result.findings if f.severity == "error"]
    if errors:
        click.echo(FORMATS["text"](CheckResult(1, errors), use_color(err=True)), err=True, nl=False)
        click.echo(f"planctl: {name}: {len(errors)} error(s); fix them before use", err=True)
        sys.exit(1)
    warnings = len(result.findings)
    click.echo(f"planctl: {name} checks clean ({warnings} warning(s))", err=True)


def _draft_findings(draft: str) -> list[Any]:
    """The findings of a draft that was printed rather than written to a file."""
    from planctl.plan.source import parse
    from planctl.repository.check import PlanRejected, check_source

    try:
        return check_source(parse(draft, STDOUT)).warnings
    except PlanRejected as rejected:
        return rejected.findings


# --- planctl export, schema (issue 12) -----------------------------------------------------------


@cli.command(short_help="Export the plan as ODS, ODT, iCalendar, CSV or JSON.")
@needs("todo", fmt="ics")
@needs("header_lang", fmt="csv")
@needs("bom", fmt="csv")
@plan_paths
@format_option("ods", "odt", "ics", "csv", "json")
@click.option(
    "--what",
    type=click.Choice(["schedule", "plan", "due"]),
    help="What to export; default: schedule (ods, ics, csv) or plan (odt, json). "
    "ods: schedule|due; odt: plan|schedule; csv: schedule|due; json: plan|schedule|due.",
)
@section_option("Only this section's schedule: its name, code (reg) or a unit of it.")
@unit_option("Only the schedules this unit works on.")
@click.option(
    "--month",
    "-m",
    shell_complete=complete("month"),
    metavar="MONTH",
    help="Only tasks scheduled in this month (1-12, 2015-03, 104-03); --what due: the "
    "month (default: this month).",
)
@output_option("Write to this file (atomically); '-' is stdout. Required for ods and odt.")
@click.option("--todo", is_flag=True, help="ics: add a VTODO for each task run too.")
@click.option(
    "--header-lang",
    type=click.Choice(["zh", "en"]),
    default="zh",
    show_default=True,
    help="csv: column headings in Chinese (計畫項目, 1月 …) or English (item, m01 …).",
)
@bom_option
def export(
    paths: tuple[str, ...],
    fmt: str,
    what: str | None,
    section: str | None,
    unit: str | None,
    month: str | None,
    output: Path | None,
    todo: bool,
    header_lang: str,
    bom: bool,
) -> None:
    """Export plans as the files an office exchanges: ODS, ODT, iCalendar, CSV, JSON.

    ODS and ODT are OpenDocument (CNS 15251) for LibreOffice, Excel and Word; ICS is for
    Outlook and Google Calendar (one all-day event per run of months, UIDs stable across
    edits, so a re-import updates instead of duplicating).

    \b
    Examples:
      planctl export --format ods -o 管制表.ods
      planctl export --format odt -o 計畫.odt
      planctl export --format ics -o 計畫.ics
      planctl export --format csv --header-lang en > schedule.csv
      planctl export --format ods --what due --month 3 -o 三月.ods
    """
    from planctl.outputs.exports.export import BINARY, Request
    from planctl.outputs.exports.export import export as export_plans
    from planctl.plan.months import parse_month

    if fmt in BINARY:
        _binary_output(output, fmt, "a binary file")
    asked = parse_month(month) if month is not None else None
    request = Request(fmt, what, section, unit, asked, todo, header_lang, bom)
    request.chosen()  # an impossible --format/--what pair fails before any plan is read
    plans = load_plans(paths)
    data = export_plans(plans, request)
    _write_file(output, data, [Path(checked.file) for checked in plans])


@cli.command(short_help="Print the JSON Schema of a plan file.")
def schema() -> None:
    """Print the JSON Schema of a plan file (for editors and check-jsonschema).

    Generated from planctl's own models, with descriptions in Chinese and English; the
    repository keeps a copy in schema/plan.schema.json. A plan names it in its first line:
    # yaml-language-server: $schema=../schema/plan.schema.json

    \b
    Examples:
      planctl schema > schema/plan.schema.json
      check-jsonschema --schemafile schema/plan.schema.json plans/2015.yaml
    """
    from planctl.outputs.exports.schema import schema_text

    click.echo(schema_text(), nl=False)


# --- planctl import (issue 21) ------------------------------------------------------------------


@cli.command("import", short_help="Draft a plan file from a Word, ODF or spreadsheet plan.")
@click.argument("source", metavar="FILE", type=click.Path(path_type=Path))
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the draft to this file (atomically). Default: stdout.",
)
@click.option("--office", help="The office's name, when the title does not give it.")
@click.option("--year", type=int, help="The plan year (2015 or 民國 104), when the title has none.")
@click.option("--force", is_flag=True, help="Overwrite an existing plan file with -o.")
@format_option("text", "json")
def import_(
    source: Path, output: Path | None, office: str | None, year: int | None, force: bool, fmt: str
) -> None:
    """Draft a plan file from an office's plan document: .docx, .odt, .ods, .xlsx, or .doc
    and .rtf through LibreOffice.

    Parts are recognised by their numbering and headings, the strategy table and every
    作業時程管制表 by their header words, months from the marks (■ ● V ✓, Wingdings symbols,
    shaded cells). Every guess carries a `note:` in the draft; the report on stderr lists what
    was recognised, what was guessed and what could not be placed. The draft is checked like
    `planctl check`: exit 0 when it has no errors, 1 when it has (it is written all the same).

    \b
    Examples:
      planctl import 計畫.docx -o plans/2016.yaml
      planctl import 管制表.xlsx --office 臺北市測試地政事務所 --year 105 > plans/draft.yaml
      planctl import 計畫.doc -o plans/2016.yaml --format json 2> report.json
    """
    from planctl.importing.run import run_import

    outcome = run_import(source, output, office, year, force, fmt)
    click.echo(outcome.stdout, nl=False)
    click.echo(outcome.stderr, err=True, nl=False)
    sys.exit(outcome.exit_code)


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

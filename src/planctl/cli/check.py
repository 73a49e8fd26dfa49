"""`planctl check`, `explain` and `help`: the findings of the rules, what a code means, and
each command's help."""

from __future__ import annotations

import sys
from contextlib import ExitStack
from datetime import datetime

import click

from planctl.cli.options import (
    as_of_option,
    cache_option,
    format_option,
    open_cache,
    plan_paths,
    quiet_option,
)
from planctl.cli.present import file_progress, use_color
from planctl.errors import UsageError


@click.command(short_help="Validate plan files and report each problem with its place and code.")
@plan_paths
@cache_option
@click.option("--strict", is_flag=True, help="Fail (exit 1) on warnings too.")
@format_option("text", "json", "github", "gitlab")
@as_of_option("Also report progress reports missing on this day (PC708), YYYY-MM-DD.")
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
@quiet_option("Print errors and the summary only (text and github formats).")
def check(
    paths: tuple[str, ...],
    strict: bool,
    fmt: str,
    as_of: datetime | None,
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
        progress = file_progress(stack, quiet)
        result = selected(check_paths(paths, day, progress, open_cache()), selection)
    shown = errors_only(result) if quiet and fmt != "json" else result
    click.echo(FORMATS[fmt](shown, use_color()), nl=False)
    for message in result.unreadable:
        click.echo(f"planctl: {message}", err=True)
    if fmt == "text":
        click.echo(summary(result), err=True)
    sys.exit(result.exit_code(strict))


@click.command(short_help="Explain a check code: why it matters, how to fix it, an example.")
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


@click.command("help", short_help="Show the help of a command, like COMMAND --help.")
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
    assert parent is not None and isinstance(parent.command, click.Group)
    group = parent.command
    if command is None:
        click.echo(parent.get_help())
        return
    found = group.get_command(parent, command)
    if found is None:
        names = "、".join(group.list_commands(parent))
        raise UsageError(f"help: unknown command 「{command}」", hint=f"commands: {names}")
    with click.Context(found, info_name=command, parent=parent) as sub:
        click.echo(found.get_help(sub))

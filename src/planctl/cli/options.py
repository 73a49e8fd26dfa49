"""Every option two commands share, declared once: its name, metavar, type, validation and
shell completion. A command passes only what is its own (the help sentence that says what
the option does for it); everything else is the same wherever the option appears.

Imports click and the standard library only: every command loads this module at start-up.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

import click
from click.core import ParameterSource

from planctl.errors import UsageError

if TYPE_CHECKING:
    from click.shell_completion import CompletionItem

    from planctl.repository.cache import Cache

F = TypeVar("F", bound=Callable[..., Any])
ISO_DATE = click.DateTime(formats=["%Y-%m-%d"])
NO_CACHE = "planctl.no_cache"
"""Where `--no-cache` is remembered, in the click context's `meta` (shared by every command)."""


def plan_paths(function: F) -> F:
    """The PATHS argument every command shares."""
    return click.argument(
        "paths", nargs=-1, type=click.Path(dir_okay=True, path_type=str), metavar="[PATHS]..."
    )(function)


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


def open_cache() -> Cache | None:
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


def complete(kind: str) -> Callable[[click.Context, click.Parameter, str], list[CompletionItem]]:
    """Shell completion of `kind` (section, unit, task, month) from the plans/*.yaml of the
    current folder (click's completion does not see PATHS typed before an option). Completion
    must never fail: on any error, it offers nothing."""

    def candidates(
        ctx: click.Context, param: click.Parameter, incomplete: str
    ) -> list[CompletionItem]:
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


def month_option(help: str, required: bool = False) -> Callable[[F], F]:
    """`--month/-m MONTH`, in any of the forms planctl.plan.months reads, completed from the
    plans' months."""
    return click.option(
        "--month",
        "-m",
        shell_complete=complete("month"),
        metavar="MONTH",
        required=required,
        help=help,
    )


def quarter_option(help: str) -> Callable[[F], F]:
    """`--quarter 1-4`: stand at a quarter's end (季報) instead of a month; given with
    `--month` it is a usage error (exit 2): the two would name two places to stand."""

    def decorate(function: F) -> F:
        @functools.wraps(function)
        def checked(*args: Any, **kwargs: Any) -> Any:
            if kwargs.get("quarter") is not None and kwargs.get("month") is not None:
                raise UsageError(
                    f"--quarter {kwargs['quarter']} and --month {kwargs['month']} name two "
                    "periods: give one",
                    hint=f"--quarter {kwargs['quarter']} stands at month "
                    f"{3 * kwargs['quarter']}, the quarter's last",
                )
            return function(*args, **kwargs)

        return cast(
            F,
            click.option(
                "--quarter",
                type=click.IntRange(1, 4),
                metavar="1-4",
                help=help,
            )(checked),
        )

    return decorate


def as_of_option(help: str) -> Callable[[F], F]:
    """`--as-of YYYY-MM-DD`: the day a command counts to."""
    return click.option("--as-of", "as_of", type=ISO_DATE, help=help)


def period_options(month: str, quarter: str, as_of: str) -> Callable[[F], F]:
    """`--month`, `--quarter` and `--as-of`: the period a progress report stands at (a month
    or a quarter's end) and the day it counts to, each with the command's own help."""

    def decorate(function: F) -> F:
        return month_option(month)(quarter_option(quarter)(as_of_option(as_of)(function)))

    return decorate


def date_option(help: str) -> Callable[[F], F]:
    """`--date/-d YYYY-MM-DD`: the day an entry of the ledger is made (its parameter `day`)."""
    return click.option("--date", "-d", "day", type=ISO_DATE, help=help)


def by_option(help: str) -> Callable[[F], F]:
    """`--by UNIT`: who reports or reviews, written into the ledger."""
    return click.option("--by", callback=ledger_text, metavar="UNIT", help=help)


def quiet_option(help: str) -> Callable[[F], F]:
    """`--quiet/-q`: less on stderr (what is left out is the command's to say)."""
    return click.option("--quiet", "-q", is_flag=True, help=help)


def bom_option(function: F) -> F:
    """`--bom`, for CSV that Excel opens; `needs("bom", fmt="csv")` goes with it."""
    return click.option(
        "--bom",
        is_flag=True,
        help="With --format csv: start with a UTF-8 BOM, so that Excel on Windows shows "
        "the Chinese.",
    )(function)


def output_option(
    help: str, metavar: str | None = "FILE", dir_okay: bool = True
) -> Callable[[F], F]:
    """`--output/-o FILE`, shared by the commands that write a file: `-` is stdout, anything
    else is written by `files.writing` (never an input, a ledger or its lock file)."""
    path = click.Path(path_type=Path, allow_dash=True, dir_okay=dir_okay)
    return click.option("--output", "-o", metavar=metavar, type=path, help=help)


def ledger_text(
    ctx: click.Context, param: click.Parameter, value: str | tuple[str, ...] | None
) -> str | tuple[str, ...] | None:
    """Callback of the options whose text is written into the ledger (one text, or several
    for a repeated option): refused in one line naming the option when one is blank or holds
    a control character (see planctl.plan.characters)."""
    from planctl.plan.characters import typed_text

    name = flag(ctx, str(param.name))
    if isinstance(value, tuple):
        return tuple(typed_text(text, name) for text in value)
    return value if value is None else typed_text(value, name)


def percent(ctx: click.Context, param: click.Parameter, value: str | None) -> float | None:
    """Callback of `--percent`: a share of a task done, 0-100, as typed (`62.5`, `0.00001`);
    NaN, infinities and numbers outside the range refused in one line."""
    from planctl.progress.entries import typed_percent

    return None if value is None else typed_percent(value, flag(ctx, str(param.name)))


def needs(option: str, **required: str | tuple[str, ...]) -> Callable[[F], F]:
    """Declare that `option`, when given, applies only with these values of other options:
    `@needs("bom", fmt="csv")`. Given without them it is a usage error (exit 2) with a
    one-line reason, never silently ignored. Put it right under `@click.command()`."""
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
                            f"{flag(ctx, option)} applies only with "
                            f"{flag(ctx, name)} {_either(values)}"
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


def flag(ctx: click.Context, name: str) -> str:
    """The option's long form as the user types it (`fmt` → `--format`)."""
    param = next(p for p in ctx.command.params if p.name == name)
    return max(param.opts, key=len)

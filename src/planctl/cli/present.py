"""How every command presents what the core returned: the console (colour only on a
terminal, never with NO_COLOR), the progress display on stderr, the output file or stdout,
and the plans read for a command with their warnings counted once.

Imports click and the standard library only; rich and the writers are imported when used.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager, ExitStack, nullcontext
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click

from planctl.cli.options import open_cache
from planctl.errors import UsageError, visible

if TYPE_CHECKING:
    from rich.console import Console

    from planctl.plan.findings import Located
    from planctl.repository.check import Checked

MANY_FILES = 20
"""`check` shows a progress bar from this many files on (fewer take no time to speak of)."""


def use_color(err: bool = False) -> bool:
    """Colour only on a terminal, and never with NO_COLOR set (https://no-color.org)."""
    stream = sys.stderr if err else sys.stdout
    return not os.environ.get("NO_COLOR") and stream.isatty()


def stdout_console() -> Console:
    """The Console for stdout, coloured by the rules of use_color."""
    from planctl.outputs.console import console as make

    return make(use_color())


def say(message: str) -> None:
    """One line for the person at the terminal, on stderr, as `planctl: …`."""
    click.echo(f"planctl: {message}", err=True)


def today(day: datetime | None) -> date:
    """The day an option gave (`--date`, `--as-of`), or today."""
    return day.date() if day is not None else date.today()


def load_plans(paths: tuple[str, ...], command: str = "", cached: bool = False) -> list[Checked]:
    """The checked plans named by PATHS, for commands that answer from them: a plan with
    errors stops the command (PlanRejected); warnings are counted once on stderr. With
    `command`, it takes exactly one plan. `cached`: the command reads plans by fields and
    properties only (see planctl.plan.record), so they may come from the cache."""
    from planctl.repository.check import load_checked_plans

    plans = load_checked_plans(paths, command, open_cache() if cached else None)
    count_warnings(sum(len(checked.warnings) for checked in plans), [c.file for c in plans])
    return plans


def count_warnings(warnings: int, files: list[str]) -> None:
    """One line for the warnings a command does not show, and where `check` shows them."""
    if warnings:
        named = " ".join(visible(file) for file in files)  # a name may hold escapes
        noun = "warning" if warnings == 1 else "warnings"
        say(f"{warnings} {noun}; planctl check {named} for details")


def print_rejected(findings: Sequence[Located], plan: str) -> None:
    """A plan or ledger refused for its errors: the errors, each as `planctl check` prints it
    (with its excerpt), and one line counting the warnings, so that one typo is not buried
    under a hundred warnings. On stderr: the command's answer, not the findings, belongs on
    stdout."""
    from planctl.outputs.tables.check_report import text_findings
    from planctl.plan.findings import Severity

    errors = [located for located in findings if located.severity is Severity.ERROR]
    click.echo(text_findings(errors, use_color(err=True)), err=True, nl=False)
    count_warnings(len(findings) - len(errors), [plan])  # checking a plan checks its ledger


def print_answer(fmt: str, formats: dict[str, Callable[[], str | None]]) -> None:
    """The one way a command chooses its output format: each format's function makes the
    text to print (None when it printed to the console itself, or said there is nothing)."""
    text = formats[fmt]()
    if text is not None:
        click.echo(text, nl=False)


# -- progress on stderr -------------------------------------------------------------------------


def show_progress(quiet: bool) -> bool:
    """A progress display only for a person watching: stderr a terminal, no --quiet."""
    return not quiet and sys.stderr.isatty()


def file_progress(stack: ExitStack, quiet: bool) -> Callable[[int], Callable[[], None]]:
    """For check_paths: given the number of files, the function to call after each."""

    def start(total: int) -> Callable[[], None]:
        if total < MANY_FILES or not show_progress(quiet):
            return lambda: None
        from planctl.outputs.progress import progress_bar

        bar = progress_bar("checking plan files", total, use_color(err=True))
        return stack.enter_context(bar)

    return start


def printing_progress(quiet: bool) -> AbstractContextManager[object]:
    """A spinner while Chromium prints (its one step has no count to show)."""
    if not show_progress(quiet):
        return nullcontext()
    from planctl.outputs.progress import progress_bar

    return progress_bar("printing the PDF with Chromium", None, use_color(err=True))


# -- the output file or stdout ------------------------------------------------------------------


def output_file(output: Path | None) -> Path | None:
    """The file `-o` names; None for stdout (no `-o`, or `-o -`)."""
    return None if output is None or str(output) == "-" else output


def binary_output(output: Path | None, fmt: str, kind: str) -> None:
    """A binary format needs `-o FILE`, or `-o -` with stdout not a terminal."""
    if output is None:
        raise UsageError(f"--format {fmt} needs -o FILE ({kind} is not for the terminal)")
    if output_file(output) is None and sys.stdout.isatty():
        raise UsageError(f"-o -: {kind} is not for the terminal; redirect stdout to a file")


def write_file(
    output: Path | None,
    data: bytes,
    inputs: list[Path],
    force: bool = False,
    quiet: bool = False,
) -> None:
    """Print `data` (no `-o`, or `-o -`), or write an output file by the rules of
    `files.writing` (atomic, never a device, an input, a ledger or its lock replaced) and
    say so on stderr."""
    from planctl.files.writing import write_output

    file = output_file(output)
    if file is None:
        click.echo(data, nl=False)  # bytes go to the binary stream, then flushed
        return
    write_output(file, data, inputs, force)
    if not quiet:
        say(f"wrote {visible(str(file))}")


def emit(text: str, fmt: str, output: Path | None, inputs: list[Path]) -> None:
    """Print `text`, or write it (printed to PDF for `pdf`) to `output`."""
    if fmt != "pdf" and output_file(output) is None:
        click.echo(text, nl=False)
        return
    if fmt == "pdf":
        from planctl.outputs.documents.pdf import html_to_pdf

        write_file(output, html_to_pdf(text), inputs)
    else:
        write_file(output, text.encode("utf-8"), inputs)

"""A progress display on stderr for long work: checking many files, printing a PDF.

rich's progress bar, transient (it disappears when the work is done). The CLI shows it only
when stderr is a terminal and not with --quiet; nothing below the CLI knows about it — the
work reports its steps through a plain callback.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from planctl.outputs.console import console


@contextmanager
def progress_bar(label: str, total: int | None, color: bool) -> Iterator[Callable[[], None]]:
    """A bar of `total` steps (a spinner when the total is unknown); yields `advance`."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
    )

    columns = [SpinnerColumn(), TextColumn("{task.description}")]
    if total is not None:
        columns += [BarColumn(), MofNCompleteColumn()]
    shown = console(color, stderr=True)
    with Progress(*columns, TimeElapsedColumn(), console=shown, transient=True) as progress:
        task = progress.add_task(label, total=total)
        yield lambda: progress.advance(task)

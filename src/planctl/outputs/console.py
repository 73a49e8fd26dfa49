"""The one rich Console every table and progress display is printed with.

Whether to colour is the front end's decision (the CLI: only on a terminal, never with
NO_COLOR); given `color` False there is no colour system at all, because rich with NO_COLOR
alone would still print bold.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console


def console(color: bool, stderr: bool = False) -> Console:
    """A Console for stdout (or stderr): colour only when `color`, no highlighting of
    numbers and names in the plan's texts."""
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, color_system="auto" if color else None)

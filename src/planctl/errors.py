"""The one error path: every failure planctl reports is a PlanctlError.

Code below the CLI raises these and never prints or exits; the CLI turns one into a single
line on stderr and its exit code (see README, "Exit codes").
"""

from __future__ import annotations

from dataclasses import dataclass

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2


@dataclass(frozen=True, order=True)
class Position:
    """A place in a source file: 1-based line and column (columns count characters)."""

    file: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


class PlanctlError(Exception):
    """An error the user can act on; `exit_code` says how the CLI ends."""

    exit_code = EXIT_USAGE

    def __init__(
        self, message: str, position: Position | None = None, hint: str = "", code: str = ""
    ) -> None:
        super().__init__(message)
        self.message = message
        self.position = position
        self.hint = hint
        self.code = code

    def one_line(self) -> str:
        """The message as the CLI prints it: `file:line:col: CODE message (hint)`."""
        where = f"{self.position}: " if self.position else ""
        code = f"{self.code} " if self.code else ""
        hint = f" ({self.hint})" if self.hint else ""
        return f"{where}{code}{self.message}{hint}"


class UnreadableInput(PlanctlError):
    """A file that cannot be read as text: missing, a directory, binary, wrong encoding, too big."""

    exit_code = EXIT_USAGE


class InvalidPlan(PlanctlError):
    """A file that was read but is not a valid plan (YAML or schema errors)."""

    exit_code = EXIT_FINDINGS


class UsageError(PlanctlError):
    """A bad option value that click's own types cannot catch (an unknown unit, say)."""

    exit_code = EXIT_USAGE

"""The one error path: every failure planctl reports is a PlanctlError.

Code below the CLI raises these and never prints or exits; the CLI turns one into a single
line on stderr and its exit code (docs/commands.md, "Exit codes").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2


def _escape(code: int) -> str:
    if 0xDC80 <= code <= 0xDCFF:  # a byte of a file name that is not UTF-8 (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _escaped(match: re.Match[str]) -> str:
    return _escape(ord(match.group()))


# Patterns, not translation tables: a table of the 2,048 surrogates would be built by every
# run at start-up (a few ms of every `planctl due`); a pattern is compiled in microseconds.
_SURROGATE_RANGE = "\ud800-\udfff"
_INVISIBLE_RANGES = "\x00-\x08\x0a-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
_SURROGATE = re.compile(f"[{_SURROGATE_RANGE}]")
_INVISIBLE_KEEPING_TABS = re.compile(f"[{_INVISIBLE_RANGES}{_SURROGATE_RANGE}]")
_INVISIBLE_OR_TAB = re.compile(f"[\\t{_INVISIBLE_RANGES}{_SURROGATE_RANGE}]")


def utf8(text: str) -> str:
    """`text` that can be written as UTF-8: the bytes of a file name that is not UTF-8 (which
    Python keeps as lone surrogates) written as visible escapes, \\xff. For JSON, where
    everything else may stay as it is."""
    return _SURROGATE.sub(_escaped, text)


def visible(text: str, tabs: bool = False) -> str:
    """`text` safe to print into a terminal, a log or an annotation: control characters
    (an escape sequence could clear the screen or forge a link), bidi overrides (they reorder
    what the reader sees) and the undecodable bytes of a file name are shown as escapes
    (\\x1b, \\u202e, \\xff) instead of being sent. `tabs` keeps tabs (a source line)."""
    return (_INVISIBLE_KEEPING_TABS if tabs else _INVISIBLE_OR_TAB).sub(_escaped, text)


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
        return visible(f"{where}{code}{self.message}{hint}")


class UnreadableInput(PlanctlError):
    """A file that cannot be read as text: missing, a directory, binary, wrong encoding, too big."""

    exit_code = EXIT_USAGE


class InvalidPlan(PlanctlError):
    """A file that was read but is not a valid plan (YAML or schema errors)."""

    exit_code = EXIT_FINDINGS


class UsageError(PlanctlError):
    """A bad option value that click's own types cannot catch (an unknown unit, say)."""

    exit_code = EXIT_USAGE


class Refusal(UsageError):
    """A refused value, told apart for a page that says it in its own words (the web desk's
    form, by the field): `kind` says what is wrong, `option` is the command's option that
    gives the value (None: the request as a whole), `facts` the values the message names.
    The message itself stays the command line's."""

    def __init__(
        self, message: str, kind: str, option: str | None = None, hint: str = "", **facts: str
    ) -> None:
        super().__init__(message, hint=hint)
        self.kind = kind
        self.option = option
        self.facts = facts

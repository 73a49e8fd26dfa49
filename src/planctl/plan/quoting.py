"""Quoting a plan's text in a finding: the line shown under it, and a value inside its message.

Both are what users hand in: a 5 MB one-line file or a value with line breaks must not stretch
a one-line message, nor may a control character reach the terminal (an escape sequence would
drive it)."""

from __future__ import annotations

import re

EXCERPT_CHARS = 200
"""Longest source line shown under a finding; longer lines are cut and end in "…"."""

LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
"""YAML's line breaks (not all of Python's: `str.splitlines` also splits at \\f and \\v)."""

_CONTROL_PICTURES = {
    **{code: 0x2400 + code for code in range(0x20) if code != 0x09},
    0x7F: 0x2421,
    **dict.fromkeys(range(0x80, 0xA0), 0xFFFD),
}
"""Control characters → the symbols that stand for them (␀ … ␟, ␡); tabs stay tabs."""


def line_of(text: str, number: int) -> str:
    """Line `number` (1-based) of `text`, without its line end, cut for display; "" past the end."""
    return excerpt(LINE_BREAK.split(text), number)


def excerpt(lines: list[str], number: int) -> str:
    """A line as a finding shows it: a 5 MB one-line file must not be echoed to the terminal,
    nor a control character (an escape sequence would drive the terminal): it shows as its
    one-column symbol (␛), so the caret under the line stays in place."""
    line = lines[number - 1] if 0 < number <= len(lines) else ""
    line = line if len(line) <= EXCERPT_CHARS else line[:EXCERPT_CHARS] + "…"
    return line.translate(_CONTROL_PICTURES)


def clip(text: str, limit: int = 60) -> str:
    """`text` made fit for a one-line message: line breaks shown as \\n, and cut to `limit`
    characters, so that a huge or multi-line value keeps the message on one line."""
    text = text.replace("\r", "\\r").replace("\n", "\\n")
    return text if len(text) <= limit else text[:limit] + "…"

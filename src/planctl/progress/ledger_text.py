"""A ledger entry as YAML text, appended after the bytes already in the file.

Written by hand rather than dumped: the file is people's text (their comments, their
formatting) and is never re-serialised; a new entry is one block in the file's own
indentation and line ends, and every value is written so that YAML reads it back unchanged.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

from planctl.errors import InvalidPlan, UsageError
from planctl.plan.model import Plan
from planctl.plan.source import parse
from planctl.progress.load import parse_ledger
from planctl.progress.model import Entry, Ledger, Review

FIELDS = (
    "id",
    "task",
    "month",
    "status",
    "percent",
    "text",
    "reason",
    "measure",
    "completed",
    "evidence",
    "by",
    "reporter",
    "date",
    "replaces",
    "review",
)
"""The order an entry's keys are written in."""
REVIEW_FIELDS = ("decision", "note", "date", "by", "reviewer")


def header(plan: Plan) -> str:
    """The opening comment of a new ledger: what it is and how to add to it."""
    return (
        f"# {plan.title}：執行情形 (progress ledger, 民國{plan.roc_year}年)\n"
        "#\n"
        "# One entry per task per reported month, appended at the end by `planctl done` and\n"
        "# `planctl report` (or by hand: copy the last entry). Never edit an entry: a correction\n"
        '# is a new entry with `replaces: <id>`. Format: docs/plan-format.md, "Progress\n'
        '# ledgers". Validate with `planctl check`.\n'
        "entries:\n"
    )


def appended(old: str, entry: Entry, path: Path) -> str:
    """The text to add after the ledger's bytes: the entry's block (after a line end if the
    file lacks a last one), in the file's own line ends and indentation; checked by reading
    the whole ledger back with it."""
    source = parse(old, str(path))
    entries = source.data.get("entries") or []
    indent = source.values[("entries",)][1] if entries else 2
    newline = "\r\n" if "\r\n" in old else "\n"
    added = ("" if old.endswith("\n") or not old else "\n") + entry_block(entry, indent)
    added = added.replace("\n", newline)
    try:
        after: Ledger | None = parse_ledger(old + added, str(path))
    except InvalidPlan:
        after = None
    if after is None or len(after.entries) != len(entries) + 1 or after.entries[-1] != entry:
        raise InvalidPlan(
            f"{path}: cannot append: the file does not end with its list of entries",
            hint="the entries must be the last thing in the file, one `- id: …` block each",
        )
    return added


def entry_block(entry: Entry, indent: int) -> str:
    """One entry as a block of YAML lines, its keys in FIELDS order, empty ones left out."""
    lead, inner = " " * indent + "- ", " " * (indent + 2)
    lines: list[str] = []
    for name in FIELDS:
        value = getattr(entry, name)
        if value is None or value == []:
            continue
        prefix = lead if not lines else inner
        if isinstance(value, Review):
            lines.append(f"{prefix}{name}:")
            for key in REVIEW_FIELDS:
                if (part := getattr(value, key)) is not None:
                    lines.append(f"{inner}  {key}: {scalar(part)}")
        elif isinstance(value, list):
            lines.append(f"{prefix}{name}:")
            lines.extend(f"{inner}  - {scalar(item)}" for item in value)
        else:
            lines.append(f"{prefix}{name}: {scalar(value)}")
    return "\n".join(lines) + "\n"


def scalar(value: object) -> str:
    """A value as YAML reads it back unchanged: plain when that is safe, else double-quoted
    (JSON's string syntax is YAML's)."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        raise TypeError(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return decimal(value)
    text = str(value)
    if text and "\n" not in text and _reads_back(text):
        return text
    return json.dumps(text, ensure_ascii=False)


def decimal(number: float) -> str:
    """A number as decimals are typed, never in exponent notation (`0.00001`, not `1e-05`,
    which YAML reads back as a string): the shortest digits that read back as the same
    number, and a whole number without its `.0` (`50`)."""
    if number.is_integer():
        return str(int(number))
    return format(Decimal(repr(number)), "f")


def _reads_back(text: str) -> bool:
    try:
        return bool(parse(f"k: {text}\n", "value").data == {"k": text})
    except (InvalidPlan, UsageError):
        return False

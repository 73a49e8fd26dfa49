"""The one registry of check codes: each code's severity and what it means.

The README's code table is generated from it (`python -m planctl.rules.registry`, checked by
`tests/test_readme.py`), so the two cannot drift. Every `PCnnn` that planctl reports is here.
"""

from __future__ import annotations

from dataclasses import dataclass

from planctl.plan.findings import Severity


@dataclass(frozen=True)
class Code:
    """A check code: stable across releases, documented in the README."""

    code: str
    severity: Severity
    summary: str
    """What it means, one line (the README table's last column)."""


E, W = Severity.ERROR, Severity.WARNING

CODES: dict[str, Code] = {
    code.code: code
    for code in (
        Code(
            "PC001",
            E,
            "YAML syntax error (tabs for indentation, unclosed brackets, a control character, a "
            "second document after `---`, …)",
        ),
        Code("PC002", E, "the same key twice in one mapping (YAML would silently keep one)"),
        Code("PC003", E, "an alias (`*name`) or merge key (`<<`): plans are written out in full"),
        Code(
            "PC004",
            E,
            "a tag (`!!python/…`, `!!binary`, `!include`, …), or a value its standard tag "
            "cannot read (`!!int 一`): never constructed",
        ),
        Code("PC005", E, "empty document: no plan in the file"),
        Code("PC006", E, "nesting deeper than 64 levels"),
        Code("PC101", E, "a required key is missing"),
        Code("PC102", E, "an unknown key (a typo: the hint suggests the known key)"),
        Code(
            "PC103",
            E,
            "a wrong type or value: text expected, a date not written YYYY-MM-DD, an unknown "
            "part `kind`, `no`/`yes` read as true/false …",
        ),
        Code("PC201", E, "a unit not in the plan's `units:` registry (names and aliases count)"),
        Code("PC202", E, "a unit name or alias defined twice in the registry"),
        Code("PC203", W, "one unit listed twice in the same list (also through an alias)"),
        Code(
            "PC204",
            W,
            "a unit written differently from its `units:` name only by invisible characters (a "
            "zero-width space), full-width forms or 台 for 臺; or a registry name holding an "
            "invisible character",
        ),
        Code("PC301", W, "a task with no months (`months: []`: not known yet)"),
        Code("PC302", E, "a month outside 1–12, or a reversed range"),
        Code("PC303", W, "a month listed twice in one task"),
        Code("PC304", E, "a task ID that is not a short ASCII name (letters, digits, `.-_`)"),
        Code("PC305", E, "a task ID used twice in the plan"),
        Code("PC306", W, "a task ID that does not start with its table's code (`reg-`)"),
        Code(
            "PC307",
            E,
            "the same 編號 twice in a table (an item repeated after a page break is one item)",
        ),
        Code("PC308", W, "編號 out of order in a table"),
        Code("PC309", E, "two schedule tables for one section, or with one code"),
        Code("PC401", E, "a deadline outside the plan year"),
        Code(
            "PC402",
            E,
            "a deadline before the plan's text was written: its first 函頒 or 修訂 date (a later "
            "核定 or 核備 does not count)",
        ),
        Code("PC403", W, "a step's deadline is not a date its text states"),
        Code("PC404", W, "a step's text states a date of the plan year but has no `deadline`"),
        Code(
            "PC405",
            E,
            "the year a title names disagrees with `year` (2015 = 民國104年; 104年度, "
            "民國104年, 一〇四年度 and 2015年度 all read)",
        ),
        Code("PC406", E, "the period ends before it starts"),
        Code("PC407", E, "a period date outside the plan year (`due` would never reach it)"),
        Code(
            "PC408",
            W,
            "a text states a date that does not exist (13月45日, 2月30日)",
        ),
        Code(
            "PC409",
            W,
            "a period's text states a start or end (to the day, or to the month: "
            "自民國107年1月起至民國107年12月止) that `start:`/`end:` do not carry",
        ),
        Code(
            "PC410",
            E,
            "two plans for the same office and year in one run (the finding names both files)",
        ),
        Code(
            "PC501",
            E,
            "an empty text (also one of only invisible characters: U+200B, U+3164, U+3000 …)",
        ),
        Code("PC502", W, "text that begins or ends with spaces"),
        Code(
            "PC503",
            E,
            "the acronym's letters do not spell it (SMILE), or a word does not begin with its "
            "letter",
        ),
        Code(
            "PC601",
            E,
            "a strategy table's `columns:` do not reach its units column (one per numbering "
            "level, then the units; `{label: …, span: 2}` covers two)",
        ),
        Code("PC602", E, "units on both a strategy and one of its methods"),
        Code(
            "PC603",
            E,
            "a row's `cells` name a column the table's `columns:` do not have",
        ),
    )
}


def markdown_table() -> str:
    """The README's code table."""
    lines = ["| code | severity | what it means |", "| --- | --- | --- |"]
    lines += [f"| {c.code} | {c.severity.value} | {c.summary} |" for c in CODES.values()]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(markdown_table(), end="")

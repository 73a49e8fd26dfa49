"""The rules engine's one walk over a plan (planctl.rules.walk): the texts it hands to the text
rules, the units it hands to the unit rules, each with its place, seen through the findings
`planctl check` reports."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from tests.helpers import PLAN, findings

TASK_TEXT = "parts[4].tables[1].items[0].tasks[0].text"
"""辦理文康活動, the last task's text (line 93, column 23 of the small plan)."""


def test_a_text_of_one_invisible_character_is_empty(runner: CliRunner, tmp_path: Path) -> None:
    """U+200B is no whitespace (`str.isspace`), yet it prints as nothing: a text that begins
    with it is looked at whole, and this one is empty (PC501)."""
    text = PLAN.replace("text: 辦理文康活動", 'text: "\\u200b"')
    assert findings(runner, tmp_path, text) == [
        (
            "PC501",
            93,
            23,
            TASK_TEXT,
            "empty text",
            "it holds only U+200B, which print as nothing",
        )
    ]


def test_every_place_a_unit_is_named(runner: CliRunner, tmp_path: Path) -> None:
    """The registry's names (a name that repeats another unit's alias, a name holding an
    invisible character) and the units of a method, of a schedule table and of a task, each
    found where it is written."""
    text = PLAN.replace("  - name: 人事\n", "  - name: 登記課\n  - name: 人\u200b事\n")
    method = "                text: 充實設備：\n"
    text = text.replace(method, method + "                units: [甲課]\n")
    text = text.replace("units: [人事]\n        items:", "units: [乙課]\n        items:")
    task = "                months: [3-11]\n"
    text = text.replace(task, task + "                units: [丙課]\n")
    method_units = "parts[1].principles[0].strategies[0].methods[0].units[0]"
    hint = "did you mean 各課室?"
    assert findings(runner, tmp_path, text) == [
        ("PC202", 11, 11, "units[1].name", "unit name 「登記課」 already names 「戶籍登記課」", ""),
        (
            "PC204",
            12,
            11,
            "units[2].name",
            "unit name 「人<U+200B>事」 contains an invisible character (U+200B)",
            "retype it as 「人事」",
        ),
        ("PC201", 44, 25, method_units, "unknown unit 「甲課」", hint),
        ("PC201", 89, 17, "parts[4].tables[1].units[0]", "unknown unit 「乙課」", hint),
        (
            "PC201",
            97,
            25,
            "parts[4].tables[1].items[0].tasks[0].units[0]",
            "unknown unit 「丙課」",
            hint,
        ),
    ]


def test_the_units_of_every_strategy_table(runner: CliRunner, tmp_path: Path) -> None:
    """Two strategy tables (伍 and a copy of it, 捌): a unit misspelt in the first one's
    sub-item is found, however many tables follow."""
    start, end = PLAN.index("  - kind: strategies\n"), PLAN.index("  - kind: period\n")
    second = PLAN[start:end].replace("number: 伍、", "number: 捌、")
    text = (PLAN[:end] + second + PLAN[end:]).replace("units: [登記課]", "units: [登紀課]", 1)
    assert findings(runner, tmp_path, text) == [
        (
            "PC201",
            46,
            29,
            "parts[1].principles[0].strategies[0].methods[0].subitems[0].units[0]",
            "unknown unit 「登紀課」",
            "did you mean 戶籍登記課?",
        )
    ]


def test_a_registry_name_with_two_invisible_characters(runner: CliRunner, tmp_path: Path) -> None:
    """PC204 names each invisible character of a registry name, comma-separated (mutation
    testing found the separator unchecked: docs/testing.md)."""
    text = PLAN.replace("  - name: 人事\n", '  - name: "人\\u200b事\\u2060"\n')
    assert findings(runner, tmp_path, text) == [
        (
            "PC204",
            11,
            11,
            "units[1].name",
            "unit name 「人<U+200B>事<U+2060>」 contains an invisible character (U+200B, U+2060)",
            "retype it as 「人事」",
        )
    ]


def test_a_unit_variant_after_an_unknown_unit(runner: CliRunner, tmp_path: Path) -> None:
    """An unknown unit (PC201) does not end the look for variants: the unit after it, written
    with a zero-width space, is still a PC204 (mutation testing found `continue` → `break`)."""
    method = "                text: 充實設備：\n"
    text = PLAN.replace(method, method + '                units: [甲課, "人\\u200b事"]\n')
    place = "parts[1].principles[0].strategies[0].methods[0].units"
    assert findings(runner, tmp_path, text) == [
        ("PC201", 43, 25, f"{place}[0]", "unknown unit 「甲課」", "did you mean 各課室?"),
        (
            "PC204",
            43,
            29,
            f"{place}[1]",
            "unit 「人<U+200B>事」 is written differently from 「人事」 in `units:`: an invisible "
            "character (U+200B)",
            "write 「人事」",
        ),
    ]


def test_a_unit_variant_after_units_written_right(runner: CliRunner, tmp_path: Path) -> None:
    """A unit written as the registry writes it does not end the look for variants either: the
    last task's 各課室 with a zero-width space, after every unit of the plan written right and
    人事 in its own list, is a PC204 (mutation testing found `continue` → `break`)."""
    task = "                months: [3-11]\n"
    text = PLAN.replace(task, task + '                units: [人事, "各課\\u200b室"]\n')
    assert findings(runner, tmp_path, text) == [
        (
            "PC204",
            95,
            29,
            "parts[4].tables[1].items[0].tasks[0].units[1]",
            "unit 「各課<U+200B>室」 is written differently from 「各課室」 in `units:`: "
            "an invisible character (U+200B)",
            "write 「各課室」",
        )
    ]


def test_a_unit_variant_in_two_ways(runner: CliRunner, tmp_path: Path) -> None:
    """A unit written with a zero-width space and 台 for 臺: PC204 names both differences,
    joined by "and" (mutation testing found the joint unchecked)."""
    text = PLAN.replace("  - name: 人事\n", "  - name: 人事\n  - name: 臺北組\n")
    task = "                months: [3-11]\n"
    text = text.replace(task, task + '                units: ["台\\u200b北組"]\n')
    assert findings(runner, tmp_path, text) == [
        (
            "PC204",
            96,
            25,
            "parts[4].tables[1].items[0].tasks[0].units[0]",
            "unit 「台<U+200B>北組」 is written differently from 「臺北組」 in `units:`: "
            "an invisible character (U+200B) and 台 for 臺",
            "write 「臺北組」",
        )
    ]


def test_an_alias_repeating_a_name_of_its_own_unit(runner: CliRunner, tmp_path: Path) -> None:
    """PC202 for an alias that repeats its unit's name, and for one that repeats another alias
    of it, each where it is written; the first 人事室 is no repeat (mutation testing found the
    alias branch untested)."""
    text = PLAN.replace("  - name: 人事\n", "  - name: 人事\n    aliases: [人事, 人事室, 人事室]\n")
    assert findings(runner, tmp_path, text) == [
        (
            "PC202",
            12,
            15,
            "units[1].aliases[0]",
            "alias 「人事」 repeats a name of the same unit",
            "",
        ),
        (
            "PC202",
            12,
            24,
            "units[1].aliases[2]",
            "alias 「人事室」 repeats a name of the same unit",
            "",
        ),
    ]


def test_a_unit_defined_twice(runner: CliRunner, tmp_path: Path) -> None:
    """PC202 for a second registry entry with the same name, at that name, naming the first
    entry; its alias repeating the first entry's alias is a repeat of the same unit (the rule
    reported neither before: mutation testing found the branch)."""
    twice = "  - name: 人事\n    aliases: [人事室]\n  - name: 人事\n    aliases: [人事室]\n"
    text = PLAN.replace("  - name: 人事\n", twice)
    assert findings(runner, tmp_path, text) == [
        ("PC202", 13, 11, "units[2].name", "unit 「人事」 is defined twice: first at units[1]", ""),
        (
            "PC202",
            14,
            15,
            "units[2].aliases[0]",
            "alias 「人事室」 repeats a name of the same unit",
            "",
        ),
    ]

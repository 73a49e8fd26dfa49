"""The README stays true: every command, every check code, the Quick start CI runs."""

from __future__ import annotations

import re

from planctl.cli import cli
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
SOURCES = "".join(p.read_text(encoding="utf-8") for p in (ROOT / "src" / "planctl").rglob("*.py"))


def test_every_check_code_is_documented_and_every_documented_code_exists() -> None:
    documented = set(re.findall(r"^\| (PC\d{3}) \|", README, flags=re.MULTILINE))
    used = set(re.findall(r'"(PC\d{3})"', SOURCES))
    assert documented == used


def test_every_command_has_a_section_with_an_example() -> None:
    for name in cli.commands:  # type: ignore[attr-defined]
        assert f"### `planctl {name}" in README
        assert re.search(rf"^planctl {name}\b", README, flags=re.MULTILINE), name


def test_quick_start_has_two_commands_and_ci_runs_the_test_one() -> None:
    quick = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"```sh\n(.+?)\n```", quick)
    assert commands == [
        "pip install . && planctl due --month 3",
        'pip install ".[test]" && python -m pytest',
    ]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert all(command in ci for command in commands)

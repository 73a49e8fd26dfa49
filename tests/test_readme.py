"""The README and the command manual (docs/commands.md) stay true: every command, every check
code, the Quick start CI runs, the examples on the front page."""

from __future__ import annotations

import json
import re
from pathlib import Path

from click.testing import CliRunner

from planctl.cli import cli
from planctl.rules.registry import markdown_table
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
MANUAL = (ROOT / "docs" / "commands.md").read_text(encoding="utf-8")


def test_the_code_table_is_generated_from_the_registry() -> None:
    """The manual's table whole, from its header to the blank line after it."""
    start = MANUAL.index("| code | severity |")
    table = MANUAL[start : MANUAL.index("\n\n", start) + 1]
    assert markdown_table() == table, "regenerate it: python -m planctl.rules.registry"


def test_every_command_has_a_section_with_an_example() -> None:
    for name in cli.commands:  # type: ignore[attr-defined]
        assert f"\n## `planctl {name}" in MANUAL, name
        assert re.search(rf"^planctl {name}\b", MANUAL, flags=re.MULTILINE), name


def test_quick_start_has_two_commands_and_ci_runs_the_test_one() -> None:
    quick = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"```sh\n(.+?)\n```", quick)
    assert commands == [
        "pip install . && planctl due --month 3",
        'pip install ".[test]" && python -m pytest',
    ]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert all(command in ci for command in commands)


def test_the_bundled_plans_warning_count_is_what_check_prints(in_repo: Path) -> None:
    """The README states the bundled plan's warnings; the figure must be today's."""
    result = CliRunner().invoke(cli, ["check", "--format", "json", "plans/2015.yaml"])
    report = json.loads(result.stdout)
    codes = {finding["code"] for finding in report["findings"]}
    assert (report["errors"], codes) == (0, {"PC301"})
    assert f"checks clean with\n{report['warnings']} PC301 warnings" in MANUAL


def test_quick_start_says_how_to_get_a_virtual_environment() -> None:
    quick = README.split("## Quick start", 1)[1].split("```sh", 1)[0]
    assert "PEP 668" in quick
    assert "`python3 -m venv .venv && . .venv/bin/activate`" in quick


def test_the_command_reference_is_generated_from_help() -> None:
    """The manual's "Command reference" is `cog` output of every command's --help: run
    `cog -r docs/commands.md` after changing a command."""
    from cogapp import Cog

    status = Cog().main(["cog", "--check", str(ROOT / "docs" / "commands.md")])
    assert status == 0, "the command reference is stale: run `cog -r docs/commands.md`"


def examples(text: str) -> set[str]:
    """The commands of a page's ```sh and ```console blocks, without their comments."""
    blocks = re.findall(r"```(?:sh|console)\n(.*?)```", text, flags=re.DOTALL)
    lines = (line.split("  #")[0].strip() for block in blocks for line in block.splitlines())
    return {line for line in lines if line.startswith("planctl ")}


def test_the_front_pages_examples_are_the_manuals_tested_ones() -> None:
    """Each role's example on the front page is one that tests/test_readme_examples.py runs
    from the manual, or the web desk's, which its own page documents."""
    front = README.split("## One example per role", 1)[1].split("\n## ", 1)[0]
    web = (ROOT / "docs" / "web.md").read_text(encoding="utf-8")
    untested = examples(front) - examples(MANUAL) - examples(web)
    assert not untested
    assert len(examples(front)) >= 8

"""docs/plan-format.md cannot drift: every YAML example in it loads and checks without errors,
each the way a reader would use it — a whole plan as it is, a part inside the small test plan,
top-level keys added to the small test plan, and a progress ledger beside the bundled plan."""

from __future__ import annotations

import re
import shutil
import textwrap
from pathlib import Path
from typing import Any

import pytest
import yaml

from planctl.plan.findings import Located, Severity
from planctl.plan.load import LEDGER_FOLDER, validated
from planctl.plan.source import parse
from planctl.progress.load import validated_ledger
from planctl.repository.check import check_file
from tests.conftest import MINIMAL, PLAN_2015, ROOT

DOC = (ROOT / "docs" / "plan-format.md").read_text(encoding="utf-8")
EXAMPLES = re.findall(r"```yaml\n(.*?)```", DOC, flags=re.DOTALL)
SMALL = yaml.safe_load(MINIMAL.read_text(encoding="utf-8"))


def kind_of(example: str) -> str:
    """What an example shows: a whole plan, parts of one, top-level keys of one, a ledger."""
    data: Any = yaml.safe_load(example)
    if isinstance(data, list):
        return "parts"
    assert isinstance(data, dict), example
    if "title" in data:
        return "plan"
    if set(data) == {"entries"}:
        return "ledger"
    assert not set(data) & set(SMALL), f"{sorted(data)} would repeat keys of the small plan"
    return "keys"


def as_plan(example: str) -> str:
    """The plan file an example is read in: a whole plan as it is; parts (`  - kind: …`)
    appended to the small plan's parts; top-level keys appended to the small plan."""
    small = MINIMAL.read_text(encoding="utf-8")
    match kind_of(example):
        case "plan":
            return example
        case "parts":
            return small + textwrap.indent(textwrap.dedent(example), "  ")
        case _:
            return small + example


def errors(found: list[Located]) -> list[tuple[str, str, int]]:
    return [
        (located.code, located.finding.message, located.position.line)
        for located in found
        if located.severity is Severity.ERROR
    ]


def test_every_code_block_is_a_checked_example() -> None:
    """No example escapes the checks below by a fence other than ```yaml."""
    assert len(EXAMPLES) == DOC.count("\n```") // 2
    kinds = [kind_of(example) for example in EXAMPLES]
    assert kinds[0] == "plan"
    assert set(kinds) == {"plan", "parts", "keys", "ledger"}


PLAN_EXAMPLES = [n for n, example in enumerate(EXAMPLES) if kind_of(example) != "ledger"]
LEDGER_EXAMPLES = [n for n, example in enumerate(EXAMPLES) if kind_of(example) == "ledger"]


@pytest.mark.parametrize("number", PLAN_EXAMPLES)
def test_every_plan_example_checks_without_errors(number: int, tmp_path: Path) -> None:
    path = tmp_path / "example.yaml"
    text = as_plan(EXAMPLES[number])
    path.write_text(text, encoding="utf-8")
    assert errors(check_file(path)) == []
    plan = validated(parse(text, str(path))).plan
    assert plan is not None
    if kind_of(EXAMPLES[number]) == "keys":  # the keys were read, not ignored
        assert set(yaml.safe_load(EXAMPLES[number])) <= plan.model_fields_set


@pytest.mark.parametrize("number", LEDGER_EXAMPLES)
def test_every_ledger_example_checks_against_the_bundled_plan(number: int, tmp_path: Path) -> None:
    (tmp_path / "plans").mkdir()
    shutil.copy(PLAN_2015, tmp_path / "plans" / PLAN_2015.name)
    ledger = tmp_path / LEDGER_FOLDER / PLAN_2015.name
    ledger.parent.mkdir()
    ledger.write_text(EXAMPLES[number], encoding="utf-8")
    found = check_file(ledger)
    assert errors(found) == []
    loaded = validated_ledger(parse(ledger.read_text(encoding="utf-8"), str(ledger))).ledger
    assert loaded is not None
    assert len(loaded.entries) == len(yaml.safe_load(EXAMPLES[number])["entries"]) > 0

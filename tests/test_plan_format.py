"""docs/plan-format.md cannot drift: every YAML example in it loads and checks without errors
(a whole plan as it is, a part inside the small test plan)."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest

from planctl.plan.findings import Severity
from planctl.rules.check import check_file
from tests.conftest import MINIMAL, ROOT

DOC = (ROOT / "docs" / "plan-format.md").read_text(encoding="utf-8")
EXAMPLES = re.findall(r"```yaml\n(.*?)```", DOC, flags=re.DOTALL)


def as_plan(example: str) -> str:
    """A whole plan as it is; a part (`  - kind: …`) appended to the small plan's parts."""
    if example.startswith("title:"):
        return example
    return MINIMAL.read_text(encoding="utf-8") + textwrap.indent(textwrap.dedent(example), "  ")


def test_the_doc_has_its_examples() -> None:
    assert len(EXAMPLES) == 5
    assert EXAMPLES[0].startswith("title:")


@pytest.mark.parametrize("number", range(len(EXAMPLES)))
def test_every_example_checks_without_errors(number: int, tmp_path: Path) -> None:
    path = tmp_path / "example.yaml"
    path.write_text(as_plan(EXAMPLES[number]), encoding="utf-8")
    errors = [
        (found.code, found.finding.message, found.position.line)
        for found in check_file(path)
        if found.severity is Severity.ERROR
    ]
    assert errors == []

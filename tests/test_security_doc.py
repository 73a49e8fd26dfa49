"""docs/security.md stays true: every test it names as a guard's proof exists, and every module
it names as a guard's place is a file of the project."""

from __future__ import annotations

import re

from tests.conftest import ROOT

DOC = (ROOT / "docs" / "security.md").read_text(encoding="utf-8")
TESTS = "\n".join(path.read_text(encoding="utf-8") for path in (ROOT / "tests").rglob("*.py"))


def test_every_test_named_exists() -> None:
    named = set(re.findall(r"`(test_\w+)`", DOC))
    assert len(named) > 20
    assert sorted(name for name in named if f"def {name}(" not in TESTS) == []


def test_every_module_and_test_file_named_exists() -> None:
    named = set(re.findall(r"`((?:[\w.]+/)+[\w.]+\.py)`", DOC))
    assert len(named) > 10
    places = (ROOT, ROOT / "src" / "planctl")
    assert sorted(n for n in named if not any((p / n).is_file() for p in places)) == []

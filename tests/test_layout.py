"""The package's folders are the stages of the flow, and imports go one way only:
plan → files → progress → rules → repository → queries → outputs → importing → cli.
 A module may import its own
stage and earlier ones (and `planctl.errors`, the one error path), never a later one."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import ROOT

PACKAGE = ROOT / "src" / "planctl"
STAGES = [
    "errors",
    "plan",
    "files",
    "progress",
    "rules",
    "repository",
    "queries",
    "outputs",
    "importing",
    "cli",
]
STAGES.append("__main__")


def stage_of(module: str) -> int:
    """`planctl.repository.check` → the index of `rules`; `planctl` itself (the version) → 0."""
    parts = module.split(".")
    return STAGES.index(parts[1]) if len(parts) > 1 and parts[1] in STAGES else 0


def planctl_imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
        elif isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
    return [name for name in names if name == "planctl" or name.startswith("planctl.")]


MODULES = sorted(PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_flow_one_way(path: Path) -> None:
    relative = path.relative_to(PACKAGE).with_suffix("")
    module = "planctl." + ".".join(relative.parts)
    own = stage_of(module)
    later = [name for name in planctl_imports(path) if stage_of(name) > own]
    assert not later, f"{module} imports a later stage: {later}"


def test_every_module_is_in_a_stage_folder() -> None:
    top = {p.name for p in PACKAGE.glob("*.py")}
    assert top == {"__init__.py", "__main__.py", "errors.py"}

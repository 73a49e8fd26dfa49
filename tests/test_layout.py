"""The package's folders are the stages of the flow, and imports go one way only:
plan → files → progress → rules → repository → queries → outputs → importing → cli.
 A module may import its own
stage and earlier ones (and `planctl.errors`, the one error path), never a later one."""

from __future__ import annotations

import ast
import re
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
FRONT_ENDS = {"web": "cli"}
"""The web desk is a second front end, of the same rank as the command line."""


def stage_of(module: str) -> int:
    """`planctl.repository.check` → the index of `rules`; `planctl` itself (the version) → 0."""
    parts = module.split(".")
    stage = FRONT_ENDS.get(parts[1], parts[1]) if len(parts) > 1 else ""
    return STAGES.index(stage) if stage in STAGES else 0


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


@pytest.mark.parametrize(
    "path", sorted((PACKAGE / "web").rglob("*.py")), ids=lambda p: str(p.relative_to(PACKAGE))
)
def test_the_web_desk_never_imports_the_command_line(path: Path) -> None:
    """Two front ends over one core: what the web desk needs of the CLI's lives below both."""
    assert [name for name in planctl_imports(path) if name.startswith("planctl.cli")] == []


def test_every_module_is_in_a_stage_folder() -> None:
    top = {p.name for p in PACKAGE.glob("*.py")}
    assert top == {"__init__.py", "__main__.py", "errors.py"}


FORMAT_WRITERS = {"as_csv", "as_json", "as_markdown", "as_text"}
"""One writer per format in each output module (due_table, duties_table, status_report,
diff_report, …), so that every module's FORMATS table reads alike: the module names what is
written, the function the format. The only names allowed more than once."""


def _is_command(node: ast.stmt) -> bool:
    """A click command's function (`@cli.command(...)`): it takes its command's name."""
    return isinstance(node, ast.FunctionDef) and any(
        isinstance(decorator, ast.Call)
        and isinstance(decorator.func, ast.Attribute)
        and decorator.func.attr in {"command", "group"}
        for decorator in node.decorator_list
    )


def public_names(path: Path) -> list[str]:
    """The module's public top-level classes and functions, less click commands."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        node.name
        for node in tree.body
        if isinstance(node, ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and not node.name.startswith("_")
        and not _is_command(node)
    ]


def test_no_two_public_names_alike() -> None:
    """Three classes named `Entry` (a ledger entry, a diff's element, a cache record) made every
    reader ask which one; a public name means one thing in the whole package."""
    places: dict[str, list[str]] = {}
    for path in MODULES:
        for name in public_names(path):
            places.setdefault(name, []).append(str(path.relative_to(PACKAGE)))
    twice = {name: where for name, where in places.items() if len(where) > 1}
    assert {name: where for name, where in twice.items() if name not in FORMAT_WRITERS} == {}
    assert twice.keys() >= FORMAT_WRITERS, "a format writer is unique now: drop it from the list"


OUTPUT_ROOMS = {"tables": 1, "exports": 2, "documents": 2}
"""`outputs/` inside: the shared modules at its root (0) under all; tables (an answer) on them;
exports (the whole plan, some as tables) and documents (the printed plan) on both, and on each
other (`export --format odt` writes the document, which borrows the sheets' cell styles)."""


def output_room(module: str) -> int:
    """`planctl.outputs.tables.due_table` → the rank of `tables`; a root module → 0."""
    parts = module.split(".")
    return OUTPUT_ROOMS[parts[2]] if len(parts) > 3 else 0


@pytest.mark.parametrize(
    "path",
    sorted((PACKAGE / "outputs").rglob("*.py")),
    ids=lambda p: str(p.relative_to(PACKAGE)),
)
def test_output_rooms_import_one_way(path: Path) -> None:
    relative = path.relative_to(PACKAGE).with_suffix("")
    module = "planctl." + ".".join(relative.parts)
    own = output_room(module)
    outputs = [name for name in planctl_imports(path) if name.startswith("planctl.outputs.")]
    later = [name for name in outputs if output_room(name) > own]
    assert not later, f"{module} imports a later room of outputs/: {later}"


ARCHITECTURE = ROOT / "docs" / "architecture.md"
PATH = re.compile(r"`((?:src|tests|docs|bench)/[^`\s]*)`( \(new\))?")


def test_the_paths_of_the_architecture_page_exist() -> None:
    """The worked examples name real files, so that following them leads somewhere; a path
    marked (new) is one the example creates, and must not exist yet (then the page says how
    it is done now)."""
    found = PATH.findall(ARCHITECTURE.read_text(encoding="utf-8"))
    assert len(found) > 10
    missing = [path for path, new in found if not new and not (ROOT / path).exists()]
    assert missing == []
    written = [path for path, new in found if new and (ROOT / path).exists()]
    assert written == [], "written now: show it in docs/architecture.md's example"

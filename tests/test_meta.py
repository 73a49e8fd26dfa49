"""The tests themselves: an assertion that cannot fail is a defect (issue 23).

`assert md.count("附註刪除。") == 69 and md.endswith` passed whatever the page said: the method
was named, not called (its argument had slipped into a comment), and a bound method is true.
Ruff's B015 and B018 (pyproject.toml) catch a comparison or a name left as a statement; no
linter catches this, so this test reads every test module's syntax tree for it.

And a test that skips in CI is a test that never ran behind a green run: tests give up for
want of a program or file only through tests/clients.py, which fails there instead.
"""

from __future__ import annotations

import ast
import inspect
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.clients import MARKERS, PRINTING, require
from tests.conftest import ROOT, TESTS, pytest_collection_modifyitems

METHODS = frozenset(
    name
    for kind in (str, bytes, list, dict, set, tuple, Path)
    for name in dir(kind)
    if not name.startswith("_") and callable(inspect.getattr_static(kind, name))
)
"""Methods of the values tests compare: text, bytes, containers, paths (not properties such
as Path.name)."""


def _fields_of_planctl() -> frozenset[str]:
    """Names planctl's own types declare as fields (`title: str` in a class body): a plan's
    `title` or a table's `items` compared to a value is no method."""
    return frozenset(
        statement.target.id
        for path in (ROOT / "src" / "planctl").rglob("*.py")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.ClassDef)
        for statement in node.body
        if isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name)
    )


FIELDS = _fields_of_planctl()


def _truth_operands(test: ast.expr) -> Iterator[ast.expr]:
    """The expressions whose truth an assert takes: `a and b` both, `not a` a."""
    if isinstance(test, ast.BoolOp):
        for value in test.values:
            yield from _truth_operands(value)
    elif isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        yield from _truth_operands(test.operand)
    elif isinstance(test, ast.IfExp):
        yield from _truth_operands(test.body)
        yield from _truth_operands(test.orelse)
    else:
        yield test


def _compared(compare: ast.Compare) -> Iterator[ast.expr]:
    """The operands of a comparison, and the items of a tuple or list compared."""
    for operand in [compare.left, *compare.comparators]:
        if isinstance(operand, ast.Tuple | ast.List | ast.Set):
            yield from operand.elts
        else:
            yield operand


def named_not_called(source: str, name: str) -> list[str]:
    """`file:line: expression` for each method named where its value is meant: taken for
    its truth in an assert (always true), or compared (never equal: a field of planctl's
    own types with the same name, such as `title`, is let be)."""
    found = []
    for node in ast.walk(ast.parse(source, name)):
        if isinstance(node, ast.Assert):
            suspects = [(operand, METHODS) for operand in _truth_operands(node.test)]
        elif isinstance(node, ast.Compare):
            suspects = [(operand, METHODS - FIELDS) for operand in _compared(node)]
        else:
            continue
        for operand, methods in suspects:
            if isinstance(operand, ast.Attribute) and operand.attr in methods:
                found.append(f"{name}:{operand.lineno}: {ast.unparse(operand)}")
    return sorted(set(found))


def test_no_test_names_a_method_without_calling_it() -> None:
    found = [
        finding
        for path in sorted(TESTS.glob("*.py"))
        for finding in named_not_called(
            path.read_text(encoding="utf-8"), str(path.relative_to(ROOT))
        )
    ]
    assert found == []


def test_a_method_named_not_called_is_found() -> None:
    source = 'assert md.count("x") == 1 and md.endswith  # ("。")\n'
    assert named_not_called(source, "t.py") == ["t.py:1: md.endswith"]
    assert named_not_called("assert not path.exists\n", "t.py") == ["t.py:1: path.exists"]
    assert named_not_called("assert lines.pop != 3\n", "t.py") == ["t.py:1: lines.pop"]
    assert named_not_called("assert (text.strip, 1) != ('', 1)\n", "t.py") == ["t.py:1: text.strip"]
    # A field named as a method is let be where compared, but not taken for its truth: say
    # `plan.title != ""`.
    assert named_not_called("assert plan.title\n", "t.py") == ["t.py:1: plan.title"]


def test_called_methods_and_fields_are_not_found() -> None:
    for source in (
        'assert md.count("x") == 1 and md.endswith("。")',
        'assert plan.title == "104年度計畫" and table.items != []',
        "assert sorted(rows, key=str.lower) == rows",
        "assert path.name == 'x' and path.suffix",
    ):
        assert named_not_called(source + "\n", "t.py") == []


SKIPPING = {f"pytest.{way}" for way in ("skip", "importorskip", "xfail")} | {
    f"pytest.mark.{way}" for way in ("skip", "skipif", "xfail")
}
"""pytest's ways to give up on a test: tests/clients.py's `unavailable` is the only one used
(and this module, which tests it), so that CI fails where a tool it installs is missing
instead of passing with tests unrun."""


def test_tests_give_up_only_through_unavailable() -> None:
    found = [
        f"{path.relative_to(ROOT)}:{node.lineno}: {ast.unparse(node)}"
        for path in sorted(TESTS.glob("*.py"))
        if path.name not in ("clients.py", "test_meta.py")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Attribute) and ast.unparse(node) in SKIPPING
    ]
    assert found == []


def require_outcome(program: str) -> str:
    """What `require(program)` does, as text (a skip or a failure raised out of a test would
    end the test that looks at it)."""
    try:
        return f"found {require(program)}"
    except pytest.skip.Exception as skipped:
        return f"skipped: {skipped.msg}"
    except pytest.fail.Exception as failed:
        return f"failed: {failed.msg}"


def test_a_missing_program_is_skipped_here_and_fails_in_ci(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")
    for name in ("CI", "PLANCTL_REQUIRE_CLIENTS", "PLANCTL_REQUIRE_BROWSER"):
        monkeypatch.delenv(name, raising=False)
    assert require_outcome("git") == "skipped: git is not installed"
    for name, value in (("CI", "true"), ("PLANCTL_REQUIRE_CLIENTS", "1")):
        with monkeypatch.context() as each:
            each.setenv(name, value)
            assert require_outcome("git") == (
                "failed: git is not installed, and this run requires it (CI; see .ci/run)"
            )


def test_the_markers_of_the_slow_clients_are_registered() -> None:
    """`-m "not browser"` relies on the marker names: each client's marker (tests/clients.py,
    MARKERS, which conftest.py adds to a test that `needs` the client) is registered in
    pyproject.toml, and nothing else is, so a marker can be neither misspelt nor forgotten."""
    with (ROOT / "pyproject.toml").open("rb") as stream:
        options = tomllib.load(stream)["tool"]["pytest"]["ini_options"]
    registered = {line.split(":", 1)[0] for line in options["markers"]}
    assert registered == set(MARKERS.values()) == {"browser", "office", "calendar", "git"}
    assert "--strict-markers" in options["addopts"].split()


class _Collected:
    """What conftest.py's collection hook reads of a test and adds to it."""

    def __init__(self, *programs: str) -> None:
        self.marks = [pytest.mark.needs(*programs).mark]
        self.added: list[str] = []

    def iter_markers(self, name: str) -> Iterator[pytest.Mark]:
        return (mark for mark in self.marks if mark.name == name)

    def add_marker(self, marker: str) -> None:
        self.added.append(marker)


def test_a_test_that_needs_a_client_gets_its_marker() -> None:
    """The markers follow from `needs`: printing and reading back a LibreOffice PDF is both
    `office` and `browser`; a program that is no slow client (setpriv) adds none."""
    tests = [_Collected("soffice", "pdfinfo"), _Collected("khal"), _Collected("setpriv")]
    tests.append(_Collected(*PRINTING, "git"))
    pytest_collection_modifyitems(tests)  # type: ignore[arg-type]
    assert [test.added for test in tests] == [
        ["browser", "office"],
        ["calendar"],
        [],
        ["browser", "git"],
    ]

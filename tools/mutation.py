"""Mutation testing of queries/, rules/ and progress/ (mutmut 3), one module at a time.

    python tools/mutation.py                      # the modules below, in this order
    python tools/mutation.py queries/status.py    # one module (relative to src/planctl/)
    python tools/mutation.py --children 2 --survivors queries/due.py
    python tools/mutation.py --scores             # the scores of the last runs, running nothing

For each module this runs `mutmut run "planctl.queries.due.*"`: mutmut mutates the module in
its copy of the project (`mutants/`, ignored by git), runs the tests that reach each mutated
function (its map of which test calls what, made on the first run and kept in
`mutants/`), and this script prints the module's score: killed / mutants. The settings are in
pyproject.toml, [tool.mutmut]; docs/testing.md has the scores and the equivalent mutants.

This file is also the pytest plugin that run loads (`-p tools.mutation`, pyproject.toml):
each test gets an empty checked-plan cache folder of its own. With the suite's one folder per
session, the first test to check plans/2015.yaml fills the cache and every later test is
answered from it without reaching the rules, so mutmut's map would leave them out and their
mutants would look untested.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

MODULES = (
    "queries/due.py",
    "queries/status.py",
    "progress/measure.py",
    "rules/consistency.py",
    "rules/ledger.py",
)
"""The default run, the modules whose mistakes a clerk would see first."""

KILLED = {"killed", "timeout", "caught by type check"}
RESULT = re.compile(r"^\s+(?P<name>\S+): (?P<status>.+)$")


def pytest_configure(config: pytest.Config) -> None:
    """Import the test modules afresh in each session mutmut starts in its process: a module
    kept from the session before keeps the ids its parametrize computed, escaped once more
    (`[due -m 3 --unit \\u767b…]`), and pytest then finds no such test. And keep the tests'
    own planctl processes out of mutmut's map (below)."""
    tests = str(config.rootpath / "tests")
    for name, module in list(sys.modules.items()):
        if (getattr(module, "__file__", None) or "").startswith(tests):
            del sys.modules[name]
    if os.environ.get("MUTANT_UNDER_TEST") == "stats":
        # Mapping the tests: a test that runs planctl as a process with PYTHONPATH=src (the
        # mutated package) in a folder of its own would have it record its calls, and fail
        # ("Could not figure out where the code to mutate is"): there, mutmut finds no
        # settings. Without the variable that process runs the original functions; this one
        # keeps mapping (mutmut holds "stats" in the process too).
        del os.environ["MUTANT_UNDER_TEST"]


SESSION_CACHE = pytest.StashKey[str]()
"""The suite's cache folder, put back after a test that was given one of its own."""


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item: pytest.Item) -> Iterator[None]:
    """Once the test's fixtures are set up, give it an empty cache folder of its own, unless
    a fixture chose one. Done around the whole test, not only its call: a test that sets
    PLANCTL_CACHE_DIR itself puts back, at its teardown, the value it found."""
    result = yield
    session = getattr(item, "funcargs", {}).get("cache_folder")
    if session is not None and os.environ.get("PLANCTL_CACHE_DIR") == str(session):
        item.stash[SESSION_CACHE] = str(session)
        os.environ["PLANCTL_CACHE_DIR"] = tempfile.mkdtemp(prefix="test-", dir=str(session))
    return result


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item) -> Iterator[None]:
    try:
        return (yield)
    finally:
        if SESSION_CACHE in item.stash:
            os.environ["PLANCTL_CACHE_DIR"] = item.stash[SESSION_CACHE]


def dotted(module: str) -> str:
    """`queries/due.py` as mutmut names its mutants: `planctl.queries.due`."""
    return "planctl." + module.removesuffix(".py").replace("/", ".")


def statuses(module: str) -> Counter[str]:
    """How many of the module's mutants ended in each state (mutmut results --all)."""
    shown = subprocess.run(
        ["mutmut", "results", "--all", "true"], capture_output=True, text=True, check=True
    ).stdout
    prefix = dotted(module) + "."
    counts: Counter[str] = Counter()
    for line in shown.splitlines():
        if (found := RESULT.match(line)) and found["name"].startswith(prefix):
            counts[found["status"]] += 1
    return counts


def score_line(module: str, counts: Counter[str]) -> str:
    total = sum(counts.values())
    killed = sum(n for status, n in counts.items() if status in KILLED)
    others = ", ".join(f"{n} {s}" for s, n in sorted(counts.items()) if s not in KILLED)
    score = f"{100 * killed / total:.1f} %" if total else "-"
    return f"{module:24} {total:5} mutants {killed:5} killed  {score:>7}  {others}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("modules", nargs="*", default=MODULES, help="e.g. queries/due.py")
    parser.add_argument("--children", type=int, default=1, help="parallel mutants (default 1)")
    parser.add_argument("--survivors", action="store_true", help="list what survived")
    parser.add_argument("--scores", action="store_true", help="the last run's scores; run nothing")
    args = parser.parse_args(argv)
    os.chdir(Path(__file__).resolve().parent.parent)
    lines = []
    for module in args.modules:
        if not args.scores:
            run = ["mutmut", "run", "--max-children", str(args.children), dotted(module) + ".*"]
            subprocess.run(run, check=False)
        counts = statuses(module)
        lines.append(score_line(module, counts))
        print(lines[-1], flush=True)
        if args.survivors:
            survivors(module)
    print("\n".join(lines))
    return 0


def survivors(module: str) -> None:
    shown = subprocess.run(["mutmut", "results"], capture_output=True, text=True).stdout
    for line in shown.splitlines():
        if dotted(module) + "." in line:
            print(line)


if __name__ == "__main__":
    sys.exit(main())

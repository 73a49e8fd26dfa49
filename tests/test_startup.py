"""Start-up stays lean: each command imports only what it needs (issue 6).

Not a timing: a fresh interpreter runs the CLI as `planctl` would, then reports which of the
heavy libraries are in `sys.modules`. `planctl due` at the counter and `planctl check` in CI
must not pay for jinja2 (rendering only) or rich (terminal tables only); the CLI module itself
imports only click and the standard library. `COMMANDS` lists, for every command, which of the
watched libraries it may import (issue 24); the web desk's stack is watched so that no command
of the command line ever loads it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import PLAN_2015, ROOT, TESTS

HEAVY = (
    *("pydantic", "yaml", "rich", "jinja2", "docx", "openpyxl", "odfdo", "icalendar", "lunardate"),
    *("flask", "waitress", "flask_wtf", "werkzeug"),  # the web desk's, for `serve` only
)
MARK = "\n@@modules@@ "

CHILD = """
import json, sys
args, watched = json.loads(sys.argv[1]), set(json.loads(sys.argv[2]))
sys.argv = ["planctl", *args]
from planctl.cli import main
try:
    main()
except SystemExit as stop:
    code = stop.code
else:
    code = 0
sys.stdout.flush()
heavy = sorted({name.split(".")[0] for name in sys.modules} & watched)
sys.stdout.write(MARK + json.dumps({"code": code, "heavy": heavy}) + "\\n")
"""


def run_cli(*args: str, cache: Path | None = None, cwd: Path = ROOT) -> tuple[str, int, set[str]]:
    """Run planctl with `args` in a fresh interpreter: its output, exit code and heavy imports.
    `cache`: the cache folder to use (else the tests' own, see conftest)."""
    code = f"MARK = {MARK!r}\n" + CHILD
    env = {**os.environ, **({"PLANCTL_CACHE_DIR": str(cache)} if cache else {})}
    done = subprocess.run(
        [sys.executable, "-c", code, json.dumps(args), json.dumps(HEAVY)],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    output, _, report = done.stdout.rpartition(MARK)
    assert report, f"the child did not report:\n{done.stdout}\n{done.stderr}"
    result = json.loads(report)
    return output, result["code"], set(result["heavy"])


# -- every command's imports (issue 24) -------------------------------------------------------

CHECKED = frozenset({"pydantic", "yaml"})
"""What reading a plan afresh (no cache entry yet) takes: the parser and the model."""
P = "plans/2015.yaml"
"""The plan every case reads: a copy of the bundled one, in the `office` fixture."""


@dataclass(frozen=True)
class Imports:
    """A command line, the watched libraries it may import with an empty cache folder, and
    those it may import on a second run with the cache filled by the first (None: the same)."""

    args: tuple[str, ...]
    may: frozenset[str]
    cached: frozenset[str] | None = None


def imports(line: str, may: Iterable[str] = (), cached: Iterable[str] | None = None) -> Imports:
    """A case from a command line written out (no argument holds a space)."""
    return Imports(
        tuple(line.split()), frozenset(may), None if cached is None else frozenset(cached)
    )


COMMANDS = {
    "check": [
        imports("check plans/2015.yaml", CHECKED, cached=()),
        imports("check --format json plans/2015.yaml", CHECKED, cached=()),
    ],
    # The office has a progress ledger: the cache holds it with the plan, as Records, so a
    # cached `due` or `status` reads neither file with YAML nor pydantic.
    "due": [
        imports("due -m 3 --format json plans/2015.yaml", CHECKED, cached=()),
        imports("due -m 3 --format csv plans/2015.yaml", CHECKED, cached=()),
        imports("due -m 3 plans/2015.yaml", CHECKED | {"rich"}),
    ],
    "duties": [
        imports("duties --format json plans/2015.yaml", CHECKED, cached=()),
        imports("duties -u 登記課 plans/2015.yaml", CHECKED | {"rich"}),
    ],
    "status": [
        imports("status -m 3 --as-of 2015-04-11 --format json plans/2015.yaml", CHECKED, cached=()),
        imports("status -m 3 --as-of 2015-04-11 --format csv plans/2015.yaml", CHECKED, cached=()),
        imports("status -m 3 --as-of 2015-04-11 plans/2015.yaml", CHECKED | {"rich"}),
    ],
    "render": [
        imports("render --format md plans/2015.yaml", CHECKED | {"jinja2"}),
        imports("render --format html --what all plans/2015.yaml", CHECKED | {"jinja2"}),
    ],
    "export": [
        imports("export --format ods -o x.ods plans/2015.yaml", CHECKED | {"odfdo"}),
        imports("export --format odt --what plan -o x.odt plans/2015.yaml", CHECKED | {"odfdo"}),
        imports("export --format ics -o - plans/2015.yaml", CHECKED | {"icalendar"}),
        # From the cache too, writing the answer imports the YAML reader (files/writing.py).
        imports("export --format csv -o - plans/2015.yaml", CHECKED, cached={"yaml"}),
        imports("export --format json -o - plans/2015.yaml", CHECKED),
    ],
    "diff": [
        imports("diff plans/2015.yaml plans/2015.yaml", CHECKED),
        imports("diff --format json plans/2015.yaml plans/2015.yaml", CHECKED),
        imports("diff --format html plans/2015.yaml plans/2015.yaml", CHECKED | {"jinja2"}),
    ],
    "new": [imports("new 2016 -o -", CHECKED | {"jinja2", "lunardate"})],
    "done": [imports("done reg-1.1 -m 6 -d 2015-07-05 plans/2015.yaml", CHECKED)],
    "report": [
        imports(
            "report reg-1.4 -m 4 -s 辦理中 -p 40 -t 清查中 -d 2015-05-05 plans/2015.yaml", CHECKED
        )
    ],
    "review": [
        imports(
            "review reg-1.2-m03-86c48a --decision 解除列管 -d 2015-04-20 plans/2015.yaml", CHECKED
        )
    ],
    # explain needs only the codes: the rule modules import the model for type checking only.
    "explain": [imports("explain PC301")],
    "help": [imports("help due")],
    "schema": [imports("schema", CHECKED)],
    "import": [imports("import plan.docx", CHECKED | {"docx"})],
    # The web desk's stack is imported by `serve` only when it starts the server (its tests:
    # tests/test_web_server.py); its help and the accounts commands never load it.
    "serve": [imports("serve --help")],
    "user": [imports("user list", CHECKED)],
}
"""Every command of the CLI, with the libraries each use of it may import: a command that
imports more (the web stack, a reader or writer it does not use) fails."""


def test_every_command_is_in_the_table() -> None:
    """A new command (the web desk's `serve`, say) must say what it imports."""
    from planctl.cli import cli

    assert set(COMMANDS) == set(cli.commands)


def test_every_command_is_found_by_its_name() -> None:
    """The CLI imports a command's module when the command is asked for (planctl.cli,
    COMMANDS): each name leads to the command of that name."""
    from planctl.cli import cli

    assert {name: cli.commands[name].name for name in cli.commands} == {n: n for n in cli.commands}


COMMAND_MODULES = {f"planctl.cli.{name}" for name in ("answers", "check", "documents")} | {
    f"planctl.cli.{name}" for name in ("importing", "progress", "web")
}
"""The modules of the CLI that define commands (planctl.cli.COMMANDS)."""


def modules_of(args: tuple[str, ...], cache: Path) -> set[str]:
    """Every module a fresh interpreter has loaded after running planctl with `args`."""
    code = (
        "import json, sys\n"
        f"sys.argv = ['planctl', *{list(args)!r}]\n"
        "from planctl.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(json.dumps(sorted(sys.modules)))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        env={**os.environ, "PLANCTL_CACHE_DIR": str(cache)},
    )
    return set(json.loads(done.stdout.splitlines()[-1]))


@pytest.mark.parametrize(
    ("args", "own"),
    [
        (("due", "--format", "json", "-m", "3", P), "planctl.cli.answers"),
        (("check", "--format", "json", P), "planctl.cli.check"),
    ],
)
def test_a_command_imports_only_its_own_module_of_the_cli(
    args: tuple[str, ...], own: str, tmp_path: Path
) -> None:
    """`due` does not pay for the modules of `render`, `import` or `serve` (nor for what they
    import at their top)."""
    assert modules_of(args, tmp_path) & COMMAND_MODULES == {own}


def test_due_from_the_cache_loads_nothing_of_the_rules(tmp_path: Path) -> None:
    """A cache hit checks nothing: neither the rules (their selection included) nor the
    parser nor the model are imported."""
    args = ("due", "--format", "json", "-m", "3", P)
    assert any(name.startswith("planctl.rules") for name in modules_of(args, tmp_path))
    loaded = modules_of(args, tmp_path)  # from the entry the first run stored
    checking = {"planctl.rules", "planctl.plan.source", "planctl.plan.model"}
    assert {name for name in loaded if name.startswith(tuple(checking))} == set()


@pytest.fixture
def office(tmp_path: Path) -> Path:
    """A copy of plans/2015.yaml with the tests' progress ledger (done, report and review
    write to it) and a .docx to import."""
    import docx

    root = tmp_path / "office"
    (root / "plans").mkdir(parents=True)
    (root / "progress").mkdir()
    shutil.copy(PLAN_2015, root / P)
    shutil.copy(TESTS / "ledgers" / "2015.yaml", root / "progress" / "2015.yaml")
    document = docx.Document()
    document.add_paragraph("臺北市測試地政事務所105年度提升服務品質執行計畫")
    document.add_paragraph("一、本計畫奉核定後實施。")
    document.save(str(root / "plan.docx"))
    return root


@pytest.mark.parametrize(
    "case",
    [case for cases in COMMANDS.values() for case in cases],
    ids=lambda case: " ".join(case.args),
)
def test_each_command_imports_only_what_it_uses(case: Imports, office: Path) -> None:
    cache = office.parent / "cache"
    _output, code, heavy = run_cli(*case.args, cache=cache, cwd=office)
    assert code == 0
    assert heavy <= case.may, sorted(heavy - case.may)
    if case.cached is not None:
        _output, code, heavy = run_cli(*case.args, cache=cache, cwd=office)
        assert code == 0
        assert heavy <= case.cached, sorted(heavy - case.cached)


FROZEN = """
import gc, sys
sys.argv = ["planctl", *sys.argv[1:]]
from planctl.cli import main
try:
    main()
except SystemExit as stop:
    print(f"\\n{stop.code} {gc.get_freeze_count()}")
"""


@pytest.mark.parametrize(
    ("plan", "expected"), [(PLAN_2015, 0), (TESTS / "check" / "PC001-syntax.yaml", 1)]
)
def test_what_the_run_made_is_frozen_before_shutdown(plan: Path, expected: int) -> None:
    """Shutdown's full collection has nothing of the run's to walk (gc.freeze in main), and
    the exit code is the command's."""
    done = subprocess.run(
        [sys.executable, "-c", FROZEN, "check", "--no-cache", str(plan)],
        capture_output=True,
        text=True,
        check=False,
    )
    code, frozen = done.stdout.rsplit("\n", 2)[-2].split()
    assert int(code) == expected
    assert int(frozen) > 10_000


def test_importing_the_cli_imports_no_heavy_library() -> None:
    code = (
        "import json, sys, planctl.cli\n"
        "print(json.dumps(sorted({n.split('.')[0] for n in sys.modules})))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    loaded = set(json.loads(done.stdout))
    assert "click" in loaded
    assert loaded.isdisjoint(HEAVY), sorted(loaded & set(HEAVY))


def test_due_as_json_imports_neither_jinja2_nor_rich(tmp_path: Path) -> None:
    """Checked afresh (an empty cache): YAML and pydantic, but no more."""
    args = ("due", "--format", "json", "--month", "3", "plans/2015.yaml")
    output, code, heavy = run_cli(*args, cache=tmp_path)
    assert code == 0
    assert len(json.loads(output)) > 0  # it really ran: rows for March
    assert {"pydantic", "yaml"} <= heavy
    assert "jinja2" not in heavy
    assert "rich" not in heavy


@pytest.mark.parametrize("fmt", ["json", "text", "github"])
def test_check_imports_neither_jinja2_nor_rich(fmt: str, tmp_path: Path) -> None:
    """Checked afresh (an empty cache); from the cache, none of the four."""
    output, code, heavy = run_cli("check", "--format", fmt, "plans/2015.yaml", cache=tmp_path)
    assert run_cli("check", "--format", fmt, "plans/2015.yaml", cache=tmp_path)[2] == set()
    assert code == 0
    if fmt == "json":
        assert json.loads(output)["files"] == 1  # it really ran
    assert {"pydantic", "yaml"} <= heavy
    assert heavy.isdisjoint({"jinja2", "rich"}), sorted(heavy)


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_due_from_the_cache_imports_none_of_the_heavy_libraries(tmp_path: Path, fmt: str) -> None:
    """A plan checked once is answered from the cache: no YAML, no pydantic (issue 15)."""
    args = ("due", "--format", fmt, "--month", "3", "plans/2015.yaml")
    first, code, heavy = run_cli(*args, cache=tmp_path)
    assert code == 0
    assert {"pydantic", "yaml"} <= heavy  # the first run checked the plan and filled the cache
    output, code, heavy = run_cli(*args, cache=tmp_path)
    assert (code, output) == (0, first)
    assert "清查" in output  # it really ran: rows for March
    assert heavy == set(), sorted(heavy)
    _output, code, heavy = run_cli(*args, "--no-cache", cache=tmp_path)
    assert {"pydantic", "yaml"} <= heavy


def test_due_as_a_table_imports_rich_but_not_jinja2() -> None:
    _output, code, heavy = run_cli("due", "--month", "3", "plans/2015.yaml")
    assert code == 0
    assert "rich" in heavy
    assert "jinja2" not in heavy


def test_status_as_json_imports_neither_jinja2_nor_rich() -> None:
    output, code, heavy = run_cli(
        "status", "--format", "json", "--month", "3", "--as-of", "2015-04-11", "plans/2015.yaml"
    )
    assert code == 0
    assert json.loads(output)["month"] == 3  # it really ran
    assert heavy.isdisjoint({"jinja2", "rich"}), sorted(heavy)


def test_done_imports_neither_jinja2_nor_rich() -> None:
    """Refused (an unknown ID) so that the repository's ledger is not written to."""
    _output, code, heavy = run_cli("done", "reg-9.9", "--month", "1", "plans/2015.yaml")
    assert code == 2
    assert {"pydantic", "yaml"} <= heavy
    assert heavy.isdisjoint({"jinja2", "rich"}), sorted(heavy)


@pytest.mark.parametrize("fmt", ["table", "json"])
def test_due_never_imports_the_document_readers(fmt: str) -> None:
    """python-docx, openpyxl and odfdo are for `planctl import` (and odfdo for ODF export)."""
    output, code, heavy = run_cli("due", "--format", fmt, "--month", "3", "plans/2015.yaml")
    assert code == 0
    assert "清查" in output  # it really ran
    assert heavy.isdisjoint({"docx", "openpyxl", "odfdo"}), sorted(heavy)


def test_import_imports_only_the_reader_it_uses(tmp_path: Path) -> None:
    """The watcher sees the readers: a .docx imported loads python-docx, not openpyxl."""
    import docx

    source = tmp_path / "plan.docx"
    document = docx.Document()
    document.add_paragraph("臺北市測試地政事務所105年度提升服務品質執行計畫")
    document.add_paragraph("一、本計畫奉核定後實施。")
    document.save(str(source))
    output, code, heavy = run_cli("import", str(source))
    assert code == 0
    assert "本計畫奉核定後實施。" in output
    assert "docx" in heavy
    assert "openpyxl" not in heavy


def test_explain_imports_none_of_the_heavy_libraries() -> None:
    """The registry of codes is read without the model: the rule modules import it only for
    type checking (issue 25)."""
    output, code, heavy = run_cli("explain", "PC408")
    assert code == 0
    assert output.startswith("PC408")
    assert heavy == set()


def test_check_with_select_from_the_cache_imports_none_of_the_heavy_libraries(
    tmp_path: Path,
) -> None:
    """`--select`/`--ignore` name codes of the registry; answered from the cache, the check
    still needs no YAML, no pydantic (issue 25)."""
    args = ("check", "--format", "json", "--select", "PC4", "--ignore", "PC301", "plans/2015.yaml")
    run_cli(*args, cache=tmp_path)  # fills the cache
    output, code, heavy = run_cli(*args, cache=tmp_path)
    assert code == 0
    assert json.loads(output)["files"] == 1
    assert heavy == set()

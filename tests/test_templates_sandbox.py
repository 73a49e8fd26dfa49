"""Templates are data (issue 23): plain read-only values, a folder that is a jail, limits that
are walls — and docs/templates.md is the contract the shipped and an office's templates rely on.

Each guard has a test that fails without it: the values (handing templates the models lets
`parse_raw` unpickle), the immutable sandbox (a list a template made can be changed), the
jail, the render's own process (SIGALRM waits for a builtin call), the memory limit (a
template that succeeds without it), the CPU limit (a render that outlives planctl).
"""

from __future__ import annotations

import os
import pickle
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import jinja2
import pytest
from click.testing import CliRunner, Result

from planctl.cli import cli
from tests.clients import require_file
from tests.conftest import MINIMAL, PLAN_2015, ROOT, TESTS

DOC = (ROOT / "docs" / "templates.md").read_text(encoding="utf-8")
LEDGER = TESTS / "ledgers" / "2015.yaml"
LONG_SUM = "{{ ([range(1000)|list] * 8000)|sum(start=[]) }}"
"""One builtin call that runs for minutes: SIGALRM's handler waits until it returns."""
LOWERED = """
import sys
from planctl.outputs.documents import sandbox
sandbox.TIME_LIMIT = float(sys.argv[1])
sys.argv = ["planctl", *sys.argv[2:]]
from planctl.cli import main
main()
"""
"""planctl with a lower time limit, as its own process (tests only)."""


def invoke(runner: CliRunner, *args: str) -> Result:
    result = runner.invoke(cli, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    return result


def render_with(runner: CliRunner, folder: Path, template: str, *args: str) -> Result:
    folder.mkdir(exist_ok=True)
    (folder / "page.md").write_text(template, encoding="utf-8")
    return invoke(runner, "render", "--templates", str(folder), *args, str(MINIMAL))


def outcome(result: Result) -> tuple[int, str, str]:
    return result.exit_code, result.stdout, result.stderr


# -- the contract: docs/templates.md ------------------------------------------------------------


def doc_section(heading: str) -> str:
    return DOC.split(f"\n## {heading}\n", 1)[1].split("\n## ", 1)[0]


def table_names(text: str) -> list[str]:
    """The first column of a Markdown table, each written `like this` (with `\\|` a pipe)."""
    return [m.replace("\\|", "|") for m in re.findall(r"^\| `(.+?)` \|", text, re.MULTILINE)]


def documented_values() -> list[tuple[str, list[str]]]:
    """Each value heading's path (`tables[].items[]`) and the names its table lists."""
    sections = doc_section("Values").split("\n### ")[1:]
    found = []
    for section in sections:
        heading, body = section.split("\n", 1)
        path = re.fullmatch(r".*: `([^`]+)`", heading)
        assert path, heading
        found.append((path[1], table_names(body)))
    return found


def loops(path: str) -> tuple[str, str, str]:
    """Jinja loops reaching every value a documented path names: (opening tags, the loop
    variable of the innermost one, closing tags). `[]` is each item, `[kind=a,b]` the parts
    of those kinds, `?` a value that may be none."""
    opening, current = [], ""
    for depth, segment in enumerate(path.split(".")):
        found = re.fullmatch(r"(\w+)(\[(?:kind=([\w,]+))?\])?(\?)?", segment)
        assert found, segment
        name, each, kinds, optional = found.groups()
        source = f"{current}.{name}" if current else name
        variable = f"v{depth}"
        conditions = [f"{variable}.kind in {tuple(kinds.split(','))!r}"] if kinds else []
        conditions += [f"{variable} is not none"] if optional else []
        where = f" if {' and '.join(conditions)}" if conditions else ""
        opening.append(f"{{% for {variable} in {source if each else f'[{source}]'}{where} %}}")
        current = variable
    return "".join(opening), current, "{% endfor %}" * len(opening)


SAMPLES = {
    "plan": "plan",
    "table": "tables[0]",
    "item": "tables[0].items[0]",
    "task": "tables[0].items[0].tasks[0]",
    "principle": "(plan.parts | selectattr('kind', 'eq', 'strategies') | first).principles[0]",
    "strategy": "(plan.parts | selectattr('kind', 'eq', 'strategies') | first)"
    ".principles[0].strategies[0]",
    "method": "(plan.parts | selectattr('kind', 'eq', 'strategies') | first)"
    ".principles[0].strategies[0].methods[0]",
    "progress": "progress",
    "rows": "progress.sections[0].tasks",
    "row": "progress.sections[0].tasks[0]",
    "text": "'a | b <br>'",
    "day": "plan.approvals[0].date",
    "approval": "plan.approvals[0]",
    "units": "tables[0].units",
    "fraction": "progress.sections[0].planned",
    "light": "progress.sections[0].tasks[0].light",
    "months": "tables[0].items[0].tasks[0].month_numbers",
    "curve": "curves.office",
}
"""A value for each argument name the functions and filters are documented with."""


def calls(documented: list[str]) -> str:
    """Each documented call (`month_marks(task)`, `day | roc_date`) with its arguments bound
    to sample values, its result printed as its length."""
    lines = []
    for call in documented:
        names = sorted(set(re.findall(r"\b([a-z_]+)\b(?!\()", call)) & set(SAMPLES))
        bound = ", ".join(f"{name}={SAMPLES[name]}" for name in names)
        lines.append(
            f"{{% with {bound} %}}§{call}§{{{{ ({call}) | string | length }}}}{{% endwith %}}"
        )
    return "\n".join(lines)


@pytest.fixture
def office(tmp_path: Path) -> Path:
    """The bundled plan (with `check:` settings, so that every value exists) and its ledger."""
    (tmp_path / "plans").mkdir()
    (tmp_path / "progress").mkdir()
    plan = tmp_path / "plans" / "2015.yaml"
    plan.write_text(
        PLAN_2015.read_text(encoding="utf-8") + "check:\n  ignore: [PC301]\n", encoding="utf-8"
    )
    shutil.copyfile(LEDGER, tmp_path / "progress" / "2015.yaml")
    return plan


def test_a_template_using_every_documented_name_renders(
    runner: CliRunner, tmp_path: Path, office: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every variable, every name of every value (and no other), every function and filter."""
    from planctl.outputs.documents import render as render_module

    given: list[str] = []
    plain_values = render_module.plain_values

    def spy(variables: dict[str, object], **kwargs: object) -> dict[str, object]:
        given.extend(variables)
        return plain_values(variables, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(render_module, "plain_values", spy)
    values = documented_values()
    variables = table_names(doc_section("Variables"))
    parts = [f"{{{{ {name} is defined }}}}" for name in variables]
    for number, (path, names) in enumerate(values):
        opening, value, closing = loops(path)
        uses = "".join(f"{{% set _ = {value}.{name} | string %}}" for name in names)
        parts.append(
            f"{opening}§{number}:{{{{ {value} | list | sort | join(',') }}}}§{uses}{closing}"
        )
    functions, filters = table_names(doc_section("Functions")), table_names(doc_section("Filters"))
    parts += [calls(functions), calls(filters)]
    folder = tmp_path / "t"
    folder.mkdir()
    (folder / "page.md").write_text("\n".join(parts), encoding="utf-8")
    args = ("--what", "review", "--month", "11", "--as-of", "2015-12-01", "--notes")
    result = invoke(runner, "render", "--templates", str(folder), *args, str(office))
    assert (result.exit_code, result.stderr) == (0, ""), result.output

    assert sorted(given) == sorted(variables)
    assert result.stdout.startswith("True\n" * len(variables))
    for number, (path, names) in enumerate(values):
        seen = set(re.findall(rf"§{number}:([^§]*)§", result.stdout))
        assert seen == {",".join(sorted(names))}, path  # reached, with the names listed
    for call in functions + filters:
        assert re.search(rf"§{re.escape(call)}§[1-9]", result.stdout), call
    env = render_module.environment()
    assert {c.split("(")[0] for c in functions} == set(env.globals) - set(
        jinja2.defaults.DEFAULT_NAMESPACE
    )
    assert {c.split("| ")[1] for c in filters} == set(env.filters) - set(jinja2.filters.FILTERS)


@pytest.mark.parametrize(
    "args",
    [
        ("--format", "md"),
        ("--format", "html", "--notes"),
        ("--format", "html", "--what", "schedule", "--section", "人事"),
    ],
)
def test_a_template_that_includes_the_shipped_ones_renders_as_they_do(
    runner: CliRunner, tmp_path: Path, args: tuple[str, ...]
) -> None:
    """Whatever a template may do to its values before it includes a shipped template, the
    shipped template sees the data it would have seen."""
    suffix = "html" if "html" in args else "md"
    folder = tmp_path / "t"
    folder.mkdir()
    fiddling = (
        "{% set parts = plan.parts | list %}{% set copied = parts | reverse | list %}"
        "{% set cells = (plan.parts | selectattr('kind', 'eq', 'strategies') | first)"
        ".principles[0].strategies[0].cells.copy() %}"
        "{% set ns = namespace(plan=plan) %}{% set ns.plan = none %}"
        "{% set sorted_tables = tables | sort(attribute='section') | list %}"
    )
    (folder / f"page.{suffix}").write_text(
        f'{fiddling}{{% include "default:page.{suffix}" %}}', encoding="utf-8"
    )
    own = invoke(runner, "render", *args, "--templates", str(folder), str(PLAN_2015))
    shipped = invoke(runner, "render", *args, str(PLAN_2015))
    assert (own.exit_code, own.stdout) == (0, shipped.stdout)


# -- attacks on the data -----------------------------------------------------------------------


class Touch:
    """A pickle that runs `touch FILE` when it is loaded."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.system, (f"touch {self.path}",))


def test_a_template_cannot_unpickle(runner: CliRunner, tmp_path: Path) -> None:
    """The issue's repro: the pydantic model's `parse_raw(…, allow_pickle=True)`."""
    touched = tmp_path / "touched"
    payload = pickle.dumps(Touch(touched)).hex()
    template = (
        f'{{% set b = "".encode().fromhex("{payload}") %}}'
        '{{ plan.parse_raw(b, content_type="application/pickle", allow_pickle=True) }}'
    )
    result = render_with(runner, tmp_path / "t", template)
    assert result.exit_code == 2
    assert result.stderr.startswith(
        f"planctl: {tmp_path / 't' / 'page.md'}:1:1: template error: no 'parse_raw' here; "
        "there are title, office, year,"
    )
    assert result.stderr.count("\n") == 1
    assert not touched.exists()


NAMES = (
    "there are title, office, year, approvals, units, parts, control, signoff, check, "
    "signoff_titles, roc_year, last_approval"
)


@pytest.mark.parametrize(
    ("template", "message"),
    [
        (
            "{{ plan.parse_file('/etc/passwd') }}",
            f"template error: no 'parse_file' here; {NAMES}",
        ),
        ("{{ plan.model_dump() }}", f"template error: no 'model_dump' here; {NAMES}"),
        (
            "{{ plan.model_copy(update={'title': 'x'}) }}",
            f"template error: no 'model_copy' here; {NAMES}",
        ),
        (
            "{{ plan.parts[0].model_validate_json('{}') }}",
            "template error: no 'model_validate_json' here; there are kind, number, heading, "
            "text, acronym, items, note",
        ),
        (
            "{% set _ = plan.parts.clear() %}",
            "template error: 'tuple object' has no attribute 'clear'",
        ),
        (
            "{% set _ = plan.units.pop() %}",
            "template error: 'tuple object' has no attribute 'pop'",
        ),
        (
            "{% set _ = tables[0].items.append(1) %}",
            "template error: 'tuple object' has no attribute 'append'",
        ),
        (
            "{% set _ = (plan.parts | selectattr('kind', 'eq', 'strategies') | first)"
            ".principles[0].strategies[0].cells.update(x=1) %}",
            "template error: 'mappingproxy object' has no attribute 'update'",
        ),
        (
            "{% set rows = plan.parts | list %}{% set _ = rows.clear() %}",
            "template not allowed: access to attribute 'clear' of 'list' object is unsafe.",
        ),
        (
            "{% set rows = [1] %}{% set _ = rows.append(2) %}",
            "template not allowed: access to attribute 'append' of 'list' object is unsafe.",
        ),
        (
            "{% set rows = [1] %}{% set _ = rows.pop() %}",
            "template not allowed: access to attribute 'pop' of 'list' object is unsafe.",
        ),
        (
            "{% set d = {} %}{% set _ = d.update(a=1) %}",
            "template not allowed: access to attribute 'update' of 'dict' object is unsafe.",
        ),
        (
            "{% set d = dict(a=1) %}{% set _ = d.setdefault('b', 2) %}",
            "template not allowed: access to attribute 'setdefault' of 'dict' object is unsafe.",
        ),
        (
            "{% set plan.title = 'x' %}",
            "template error: TemplateRuntimeError: cannot assign attribute on non-namespace object",
        ),
        (
            "{{ plan.__class__.__mro__ }}",
            "template not allowed: access to attribute '__class__' of 'Values' object is unsafe.",
        ),
        (
            "{{ plan._fields }}",
            "template not allowed: access to attribute '_fields' of 'Values' object is unsafe.",
        ),
        (
            "{{ plan.parts.__class__ }}",
            "template not allowed: access to attribute '__class__' of 'tuple' object is unsafe.",
        ),
        (
            "{{ (plan | attr('__class__')).__subclasses__() }}",
            "template not allowed: access to attribute '__class__' of 'Values' object is unsafe.",
        ),
    ],
    ids=[
        "parse_file",
        "model_dump",
        "model_copy",
        "model_validate_json",
        "parts-clear",
        "units-pop",
        "items-append",
        "cells-update",
        "copied-list-clear",
        "own-list-append",
        "own-list-pop",
        "own-dict-update",
        "own-dict-setdefault",
        "set-attribute",
        "class",
        "private-field",
        "tuple-class",
        "attr-filter",
    ],
)
def test_an_attack_on_the_data_is_one_line_and_changes_nothing(
    runner: CliRunner, tmp_path: Path, template: str, message: str
) -> None:
    """Each stops with one line, exit 2, before the shipped template included after it."""
    result = render_with(runner, tmp_path / "t", template + '{% include "default:page.md" %}')
    assert outcome(result) == (2, "", f"planctl: {tmp_path / 't' / 'page.md'}:1:1: {message}\n")


def test_a_missing_name_lists_the_names_there_are(runner: CliRunner, tmp_path: Path) -> None:
    result = render_with(runner, tmp_path / "t", "\n{{ tables[0].items[0].tasks[0].txet }}")
    assert outcome(result) == (
        2,
        "",
        f"planctl: {tmp_path / 't' / 'page.md'}:2:1: template error: no 'txet' here; there are "
        "id, text, months, units, remark, note, month_numbers\n",
    )


# -- the folder is a jail ----------------------------------------------------------------------


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A file beside the template folder, that a template must not reach."""
    secret = tmp_path / "secret.md"
    secret.write_text("SECRET {{ plan.title }}", encoding="utf-8")
    return secret


def refused(folder: Path, name: str, leads: Path) -> str:
    return (
        f"planctl: {folder / name}: template is outside the template folder {folder} "
        f"(it leads to {leads})\n"
    )


def test_a_link_to_a_file_outside_is_refused(
    runner: CliRunner, tmp_path: Path, outside: Path
) -> None:
    folder = tmp_path / "t"
    folder.mkdir()
    (folder / "plan.md").symlink_to(outside)
    result = invoke(runner, "render", "--templates", str(folder), str(MINIMAL))
    assert outcome(result) == (2, "", refused(folder, "plan.md", outside))


def test_the_issues_link_to_etc_hostname_is_refused(runner: CliRunner, tmp_path: Path) -> None:
    require_file(Path("/etc/hostname"), "/etc/hostname (the issue's repro)")
    folder = tmp_path / "t"
    folder.mkdir()
    (folder / "plan.md").symlink_to("/etc/hostname")
    result = invoke(runner, "render", "--what", "plan", "--templates", str(folder), str(MINIMAL))
    real = Path(os.path.realpath("/etc/hostname"))
    assert outcome(result) == (2, "", refused(folder, "plan.md", real))


def test_a_linked_subfolder_outside_is_refused(
    runner: CliRunner, tmp_path: Path, outside: Path
) -> None:
    folder = tmp_path / "t"
    folder.mkdir()
    (folder / "parts").symlink_to(tmp_path, target_is_directory=True)
    result = render_with(runner, folder, '{% include "parts/secret.md" %}')
    assert outcome(result) == (2, "", refused(folder, "parts/secret.md", outside))


def test_a_name_with_dot_dot_is_refused(runner: CliRunner, tmp_path: Path, outside: Path) -> None:
    folder = tmp_path / "t"
    result = render_with(runner, folder, '{% include "../secret.md" %}')
    assert outcome(result) == (2, "", refused(folder, "../secret.md", outside))


def test_links_inside_the_folder_are_followed(runner: CliRunner, tmp_path: Path) -> None:
    """A linked template folder, a link to a template beside it, a linked subfolder."""
    real = tmp_path / "real"
    (real / "shared").mkdir(parents=True)
    (real / "shared" / "title.md").write_text("{{ plan.title }}", encoding="utf-8")
    (real / "parts").symlink_to("shared", target_is_directory=True)
    (real / "mine.md").write_text('# {% include "parts/title.md" %}\n', encoding="utf-8")
    (real / "page.md").symlink_to("mine.md")
    (tmp_path / "linked").symlink_to(real, target_is_directory=True)
    result = invoke(runner, "render", "--templates", str(tmp_path / "linked"), str(MINIMAL))
    assert outcome(result) == (0, "# 臺北市測試區戶政事務所104年度提升服務品質實施計畫", "")


def test_a_template_that_is_not_utf8_is_one_line(runner: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "t"
    folder.mkdir()
    (folder / "page.md").write_bytes(b"ok\n\xff{{ plan.title }}")
    result = invoke(runner, "render", "--templates", str(folder), str(MINIMAL))
    message = f"planctl: {folder / 'page.md'}: cannot read the template (not UTF-8: byte 3)\n"
    assert outcome(result) == (2, "", message)


def test_a_named_pipe_is_refused_not_waited_on(runner: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "t"
    folder.mkdir()
    os.mkfifo(folder / "page.md")
    started = time.monotonic()
    result = invoke(runner, "render", "--templates", str(folder), str(MINIMAL))
    message = f"planctl: {folder / 'page.md'}: cannot read the template (not a regular file)\n"
    assert outcome(result) == (2, "", message)
    assert time.monotonic() - started < 10


# -- limits are walls --------------------------------------------------------------------------


def test_a_long_builtin_call_is_stopped_at_the_time_limit(tmp_path: Path) -> None:
    """The issue's `sum`: SIGALRM cannot interrupt it; the render's process is killed. Run
    as a process of its own with a deadline, so that without the wall the test fails (the
    `sum` would run for minutes) rather than hangs."""
    from planctl.outputs.documents.sandbox import KILL_GRACE

    folder = tmp_path / "t"
    folder.mkdir()
    (folder / "page.md").write_text(LONG_SUM, encoding="utf-8")
    command = [sys.executable, "-c", LOWERED, "0.5", "render", "--templates", str(folder)]
    started = time.monotonic()
    done = subprocess.run(
        [*command, str(MINIMAL)],
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
        capture_output=True,
        timeout=0.5 + KILL_GRACE + 20,  # start-up on a loaded machine
        check=False,
    )
    took = time.monotonic() - started
    message = b"planctl: template went past a limit: still running after 0.5 s\n"
    assert (done.returncode, done.stdout, done.stderr) == (2, b"", message)
    assert took < 0.5 + KILL_GRACE + 10, took


def test_the_memory_limit_stops_what_would_succeed_without_it(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """1.5 GiB of text, built in a way no other guard stops (a filter, not `*`), and printed
    as its length: it renders when the limit is 4 GiB, and the 1 GiB limit stops it."""
    from planctl.outputs.documents import sandbox

    template = "\n{{ ' ' | center(1600000000) | length }}"
    stopped = render_with(runner, tmp_path / "t", template)
    message = f"planctl: {tmp_path / 't' / 'page.md'}:2:1: template used too much memory\n"
    assert outcome(stopped) == (2, "", message)
    monkeypatch.setattr(sandbox, "MEMORY_LIMIT", 4 * 1024**3)
    assert outcome(render_with(runner, tmp_path / "t", template)) == (0, "\n1600000000", "")


# -- the render's own process -------------------------------------------------------------------


def test_no_process_left_to_render_in_is_one_line(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_fork() -> int:
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", no_fork)
    result = render_with(runner, tmp_path / "t", "{{ plan.title }}")
    message = "planctl: cannot start a process to render in (Resource temporarily unavailable)\n"
    assert outcome(result) == (2, "", message)


def test_a_render_process_that_dies_gives_no_page(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Killed after it sent half the page (out of memory, say): no half page is printed."""
    from planctl.outputs.documents import sandbox

    sent: list[str] = []
    write_all = sandbox._write_all

    def half_then_die(writing: int, text: str) -> None:
        sent.append(text)
        write_all(writing, text[: len(text) // 2 + 1])
        if len(sent) == 2:
            os.kill(os.getpid(), signal.SIGKILL)

    monkeypatch.setattr(sandbox, "_write_all", half_then_die)
    result = render_with(runner, tmp_path / "t", "{{ plan.title }}")
    message = "planctl: the render's process ended without an answer (killed by SIGKILL)\n"
    assert outcome(result) == (2, "", message)


def test_a_bug_in_the_render_process_is_still_a_bug(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Not the template's doing: exit 3, as a bug in planctl's own process is."""
    from planctl.outputs.documents import render as render_module

    def broken(*args: object, **kwargs: object) -> str:
        raise ValueError("boom")

    monkeypatch.setattr(render_module, "render_capped", broken)
    result = render_with(runner, tmp_path / "t", "{{ plan.title }}")
    assert result.exit_code == 3
    assert result.stderr.startswith(
        "planctl: internal error: RuntimeError: ValueError: boom (in the render's process)\n"
    )


def children(pid: int) -> list[int]:
    """The processes whose parent is `pid` (Linux's /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def alive(pid: int) -> bool:
    """Running, and not a zombie waiting for its parent."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def start_long_render(
    tmp_path: Path, limit: str, stderr: int = subprocess.PIPE
) -> tuple[subprocess.Popen[bytes], int]:
    """planctl rendering LONG_SUM, and the process it renders in."""
    folder = tmp_path / "t"
    folder.mkdir()
    (folder / "page.md").write_text(LONG_SUM, encoding="utf-8")
    command = [sys.executable, "-c", LOWERED, limit, "render", "--templates", str(folder)]
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    process = subprocess.Popen(
        [*command, str(MINIMAL)], env=env, stdout=subprocess.DEVNULL, stderr=stderr
    )
    deadline = time.monotonic() + 60
    while not (found := children(process.pid)):
        assert process.poll() is None and time.monotonic() < deadline, "no render process"
        time.sleep(0.05)
    return process, found[0]


def wait_gone(pid: int, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while alive(pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    return not alive(pid)


def test_ctrl_c_leaves_no_render_process(tmp_path: Path) -> None:
    require_file(Path("/proc/self/stat"), "Linux's /proc (to find the render's process)")
    process, child = start_long_render(tmp_path, "60")
    try:
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=30)
        assert (process.returncode, stderr) == (2, b"planctl: interrupted\n")
        assert wait_gone(child, 5)
    finally:
        process.kill()
        if alive(child):
            os.kill(child, signal.SIGKILL)


def test_a_render_process_ends_even_when_planctl_is_killed(tmp_path: Path) -> None:
    """No one is left to kill it: its CPU limit (TIME_LIMIT + KILL_GRACE + 1 s, here 3 s)
    ends it, where the `sum` alone would run for minutes. (No pipe: the orphan holds it.)"""
    require_file(Path("/proc/self/stat"), "Linux's /proc (to find the render's process)")
    process, child = start_long_render(tmp_path, "0.5", stderr=subprocess.DEVNULL)
    try:
        process.kill()
        process.wait()
        assert wait_gone(child, 60)
    finally:
        if alive(child):
            os.kill(child, signal.SIGKILL)

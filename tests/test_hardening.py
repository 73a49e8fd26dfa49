"""Hardening (issue 10): `-o` never destroys, templates cannot run code, every OS failure is
one line, output cannot be turned against its reader, work stays bounded.

Each test states the exact message and exit code. Cases that need real file descriptors (a
shell's `>>`, /dev/full, a closed pipe) run planctl as a process; permission cases run it as
an unprivileged user (`setpriv --reuid=nobody`) when the tests run as root, since root reads
and searches any folder whatever its mode.
"""

from __future__ import annotations

import os
import shutil
import socket
import stat
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from planctl.cli import cli
from planctl.repository.check import PARALLEL_FROM
from tests.clients import require_file, unavailable
from tests.conftest import MINIMAL, ROOT

PLAN = MINIMAL.read_text(encoding="utf-8")


def invoke(runner: CliRunner, *args: str) -> Result:
    result = runner.invoke(cli, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    return result


def outcome(result: Result) -> tuple[int, str, str]:
    return result.exit_code, result.stdout, result.stderr


def rendered(runner: CliRunner, *args: str) -> str:
    result = invoke(runner, "render", "--format", "md", *args, str(MINIMAL))
    assert result.exit_code == 0, result.output
    return result.stdout


def planctl(
    *args: str, cwd: Path | None = None, user: bool = False, **kwargs: object
) -> subprocess.CompletedProcess[bytes]:
    """planctl as its own process (as `nobody` when `user` and running as root)."""
    command = [sys.executable, "-m", "planctl", *args]
    if user and os.geteuid() == 0:
        command = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", *command]
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    return subprocess.run(command, cwd=cwd, env=env, check=False, **kwargs)  # type: ignore[call-overload,no-any-return]


@pytest.fixture
def shared_tmp() -> Iterator[Path]:
    """A folder `nobody` can enter (pytest's tmp_path is private to root)."""
    folder = Path(tempfile.mkdtemp(prefix="planctl-hardening-"))
    folder.chmod(0o777)
    try:
        yield folder
    finally:
        for path in folder.rglob("*"):
            if path.is_dir() and not path.is_symlink():
                path.chmod(0o700)
        shutil.rmtree(folder)


def can_drop_privileges() -> bool:
    """Not root, or root with setpriv and a Python and planctl that `nobody` can run (CI's
    virtual environment must not sit in a private folder)."""
    if os.geteuid() != 0:
        return True
    if shutil.which("setpriv") is None:
        return False
    # `schema` imports what a check does (yaml, pydantic): a venv `nobody` can run but not
    # import from is no place for these tests.
    probe = planctl("schema", user=True, capture_output=True, cwd=Path("/"))
    return probe.returncode == 0


@pytest.fixture(scope="session")
def unprivileged() -> None:
    """The permission tests run planctl as a user the modes apply to: skipped, or failed in
    CI, where it cannot."""
    if not can_drop_privileges():
        unavailable(
            "running as root, and cannot run planctl as nobody (no setpriv, or a private venv)"
        )


needs_unprivileged = pytest.mark.usefixtures("unprivileged")


# -- 1. -o never destroys ----------------------------------------------------------------------


def test_dash_is_stdout(runner: CliRunner) -> None:
    result = invoke(runner, "render", "--format", "md", "-o", "-", str(MINIMAL))
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == rendered(runner)


def test_a_device_is_written_through_never_replaced(runner: CliRunner) -> None:
    before = os.stat("/dev/null")
    result = invoke(runner, "render", "--format", "md", "-o", "/dev/null", str(MINIMAL))
    assert outcome(result) == (0, "", "planctl: wrote /dev/null\n")
    after = os.stat("/dev/null")
    assert stat.S_ISCHR(after.st_mode)
    assert (after.st_ino, after.st_rdev) == (before.st_ino, before.st_rdev)


def test_dev_stdout_writes_the_stream_the_shell_opened(tmp_path: Path) -> None:
    """`>> log` opens the file for appending: -o /dev/stdout appends to it, same file."""
    log = tmp_path / "log.md"
    log.write_text("earlier\n", encoding="utf-8")
    inode = log.stat().st_ino
    with log.open("ab") as stream:
        done = planctl("render", "--format", "md", "-o", "/dev/stdout", str(MINIMAL), stdout=stream)
    assert done.returncode == 0
    assert log.stat().st_ino == inode
    assert log.read_text(encoding="utf-8") == "earlier\n" + rendered(CliRunner())


def test_a_named_pipe_is_written_through(runner: CliRunner, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)  # a reader is there (`cat pipe`)
    try:
        result = invoke(runner, "render", "--format", "md", "-o", str(fifo), str(MINIMAL))
        received = os.read(reader, 1 << 20)
    finally:
        os.close(reader)
    assert result.exit_code == 0
    assert received == rendered(runner).encode("utf-8")
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_a_named_pipe_no_one_reads(runner: CliRunner, tmp_path: Path) -> None:
    """Writing would wait for a reader for ever: refused at once instead."""
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    result = invoke(runner, "render", "--format", "md", "-o", str(fifo), str(MINIMAL))
    assert outcome(result) == (2, "", f"planctl: {fifo}: no one reads this named pipe\n")


def test_a_symlink_writes_its_target_and_stays(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "real.md").write_text("old\n", encoding="utf-8")
    (tmp_path / "link.md").symlink_to("real.md")
    result = invoke(
        runner, "render", "--format", "md", "-o", str(tmp_path / "link.md"), str(MINIMAL)
    )
    assert result.exit_code == 0
    assert (tmp_path / "link.md").is_symlink()
    assert os.readlink(tmp_path / "link.md") == "real.md"
    assert (tmp_path / "real.md").read_text(encoding="utf-8") == rendered(runner)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.md", "real.md"]


def test_an_existing_file_keeps_its_mode(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "out.md"
    out.write_text("old\n", encoding="utf-8")
    out.chmod(0o640)
    assert invoke(runner, "render", "--format", "md", "-o", str(out), str(MINIMAL)).exit_code == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o640
    assert out.read_text(encoding="utf-8") == rendered(runner)


def test_another_plan_is_refused_unless_forced(runner: CliRunner, tmp_path: Path) -> None:
    other = tmp_path / "b.yaml"
    other.write_text(PLAN, encoding="utf-8")
    result = invoke(runner, "render", "--format", "html", "-o", str(other), str(MINIMAL))
    assert outcome(result) == (
        2,
        "",
        f"planctl: {other}: is a plan file; choose another output file "
        "(or --force to overwrite it)\n",
    )
    assert other.read_text(encoding="utf-8") == PLAN
    forced = invoke(runner, "render", "--format", "md", "--force", "-o", str(other), str(MINIMAL))
    assert forced.exit_code == 0
    assert other.read_text(encoding="utf-8") == rendered(runner)


def test_force_never_overwrites_an_input(runner: CliRunner, tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(PLAN, encoding="utf-8")
    result = invoke(runner, "render", "--force", "-o", str(plan), str(plan))
    assert outcome(result) == (
        2,
        "",
        f"planctl: {plan}: is an input plan file; choose another output file\n",
    )


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p.mkdir(), "is a directory"),
        (lambda p: socket.socket(socket.AF_UNIX).bind(str(p)), "is a socket"),
    ],
    ids=["directory", "socket"],
)
def test_what_is_not_a_file_is_refused(
    runner: CliRunner, tmp_path: Path, make: object, message: str
) -> None:
    target = tmp_path / "out"
    make(target)  # type: ignore[operator]
    result = invoke(runner, "render", "-o", str(target), str(MINIMAL))
    assert outcome(result) == (2, "", f"planctl: {target}: {message}; choose a file to write\n")


def test_a_file_name_too_long(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / ("x" * 300 + ".md")
    result = invoke(runner, "render", "-o", str(target), str(MINIMAL))
    assert outcome(result) == (2, "", f"planctl: {target}: cannot write (File name too long)\n")


def test_a_long_file_name_that_fits_is_written(runner: CliRunner, tmp_path: Path) -> None:
    """The temporary file's name must not be longer than the output's (255 bytes at most)."""
    target = tmp_path / ("x" * 252 + ".md")
    assert invoke(runner, "render", "-o", str(target), str(MINIMAL)).exit_code == 0
    assert target.read_text(encoding="utf-8") == rendered(runner)


# -- 2. templates are sandboxed and bounded ----------------------------------------------------


def render_with(runner: CliRunner, folder: Path, template: str) -> Result:
    folder.mkdir(exist_ok=True)
    (folder / "page.md").write_text(template, encoding="utf-8")
    return invoke(runner, "render", "--format", "md", "--templates", str(folder), str(MINIMAL))


@pytest.mark.parametrize(
    ("template", "message"),
    [
        (
            "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
            "1:1: template not allowed: access to attribute '__init__' of 'type' object is unsafe.",
        ),
        (
            "{{ plan.__class__.__mro__ }}",
            "1:1: template not allowed: access to attribute '__class__' of 'Values' object "
            "is unsafe.",
        ),
        (
            "line one\n{{ 'x' * 10**10 }}",
            "2:1: template went past a limit: text of 10,000,000,000 characters (at most "
            "10,000,000)",
        ),
        (
            "{{ [0] * 10**7 }}",
            "1:1: template went past a limit: a list of 10,000,000 items (at most 1,000,000)",
        ),
        (
            "{% set n = 10**1000 %}\n{{ n ** n }}",
            "2:1: template went past a limit: a number of about "
            f"{(10**1000).bit_length() * 10**1000:,} bits (at most 100,000)",
        ),
        (
            "{% macro down(n) %}{{ down(n + 1) }}{% endmacro %}\n\n{{ down(1) }}",
            "1:1: template calls itself without end (recursion too deep)",
        ),
        (
            '{% extends "page.md" %}',
            "1:1: template calls itself without end (recursion too deep)",
        ),
        (
            "\n{{ 'x' | center(10**12) }}",
            "2:1: template used too much memory",
        ),
        ("{{ 1 / 0 }}", "1:1: template error: ZeroDivisionError: division by zero"),
        ("{{ nothing }}", "1:1: template error: 'nothing' is undefined"),
    ],
    ids=[
        "popen",
        "dunder",
        "huge-text",
        "huge-list",
        "huge-number",
        "recursive-macro",
        "extends-itself",
        "memory",
        "error",
        "undefined",
    ],
)
def test_a_hostile_template_is_one_line(
    runner: CliRunner, tmp_path: Path, template: str, message: str
) -> None:
    result = render_with(runner, tmp_path / "t", template)
    assert outcome(result) == (2, "", f"planctl: {tmp_path / 't' / 'page.md'}:{message}\n")


def test_a_runaway_loop_stops_at_the_time_limit(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from planctl.outputs.documents import sandbox

    monkeypatch.setattr(sandbox, "TIME_LIMIT", 0.2)
    loop = "{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}"
    result = render_with(runner, tmp_path / "t", "\n" + loop)
    assert outcome(result) == (
        2,
        "",
        f"planctl: {tmp_path / 't' / 'page.md'}:2:1: template went past a limit: "
        "still running after 0.2 s\n",
    )


def test_output_is_capped(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from planctl.outputs.documents import sandbox

    monkeypatch.setattr(sandbox, "MAX_OUTPUT", 1000)
    result = render_with(runner, tmp_path / "t", "\n\n{% for a in range(2000) %}x{% endfor %}")
    assert outcome(result) == (
        2,
        "",
        f"planctl: {tmp_path / 't' / 'page.md'}:3:1: template went past a limit: "
        "more than 1,000 characters of output\n",
    )


def test_limits_are_lifted_after_rendering(runner: CliRunner, tmp_path: Path) -> None:
    import resource
    import signal

    before = resource.getrlimit(resource.RLIMIT_AS), signal.getsignal(signal.SIGALRM)
    render_with(runner, tmp_path / "t", "{{ 'x' | center(10**12) }}")
    assert (resource.getrlimit(resource.RLIMIT_AS), signal.getsignal(signal.SIGALRM)) == before
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


# -- 4. every OS failure is one line, exit 2 ---------------------------------------------------

UNREADABLE_ONE = "1 file checked: 0 error(s), 0 warning(s), 1 unreadable\n"


def test_a_file_name_too_long_to_read(runner: CliRunner, tmp_path: Path) -> None:
    name = str(tmp_path / ("x" * 300 + ".yaml"))
    message = f"planctl: {name}: cannot read (File name too long)\n"
    assert outcome(invoke(runner, "check", name)) == (2, "", message + UNREADABLE_ONE)
    assert outcome(invoke(runner, "due", "-m", "3", name)) == (2, "", message)


@pytest.mark.parametrize("kind", ["fifo", "socket", "device"])
def test_what_is_not_a_regular_file_is_refused_unread(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    """A named pipe would block the read for ever: refused at once, as PATH and in a folder."""
    monkeypatch.chdir(tmp_path)
    Path("plans").mkdir()
    Path("plans/a.yaml").write_text(PLAN, encoding="utf-8")
    if kind == "fifo":
        os.mkfifo("plans/b.yaml")
    elif kind == "socket":
        socket.socket(socket.AF_UNIX).bind("plans/b.yaml")
    else:
        Path("plans/b.yaml").symlink_to("/dev/zero")
    what = {"fifo": "a named pipe", "socket": "a socket", "device": "a character device"}[kind]
    message = f"planctl: plans/b.yaml: is {what}, not a plan file\n"
    assert outcome(invoke(runner, "check", "plans/b.yaml")) == (2, "", message + UNREADABLE_ONE)
    assert outcome(invoke(runner, "due", "-m", "3", "plans/b.yaml")) == (2, "", message)
    checked = invoke(runner, "check", "plans")
    assert outcome(checked) == (
        2,
        "",
        message + "2 files checked: 0 error(s), 0 warning(s), 1 unreadable\n",
    )


def test_a_file_that_vanishes_mid_run(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Listed, then deleted before it is read (another process tidying up)."""
    from planctl.repository import check

    monkeypatch.chdir(tmp_path)
    Path("plans").mkdir()
    for name in ("a.yaml", "b.yaml"):
        Path("plans", name).write_text(PLAN, encoding="utf-8")
    discover = check.discover

    def discover_then_delete(paths: object) -> list[Path]:
        found = discover(paths)  # type: ignore[arg-type]
        Path("plans/b.yaml").unlink()
        return found

    monkeypatch.setattr(check, "discover", discover_then_delete)
    assert outcome(invoke(runner, "check", "plans")) == (
        2,
        "",
        "planctl: plans/b.yaml: no such file\n"
        "2 files checked: 0 error(s), 0 warning(s), 1 unreadable\n",
    )


def test_out_of_memory_is_one_line(runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    from planctl.repository import check

    def exhausted(*args: object) -> None:
        raise MemoryError

    monkeypatch.setattr(check, "load_checked_plans", exhausted)
    assert outcome(invoke(runner, "due", "-m", "3", str(MINIMAL))) == (
        2,
        "",
        "planctl: out of memory\n",
    )


@pytest.mark.parametrize(
    "command",
    [
        ["due", "-m", "3"],
        ["due", "-m", "3", "--format", "json"],
        ["render"],
        ["check"],
    ],
    ids=["due-table", "due-json", "render", "check"],
)
def test_stdout_on_a_full_disk(tmp_path: Path, command: list[str]) -> None:
    require_file(Path("/dev/full"), "the full device")
    bad = tmp_path / "bad.yaml"
    bad.write_text(PLAN + "x: [\n", encoding="utf-8")
    plan = str(bad) if command == ["check"] else str(MINIMAL)
    with open("/dev/full", "wb") as full:
        done = planctl(*command, plan, stdout=full, stderr=subprocess.PIPE)
    assert (done.returncode, done.stderr.decode()) == (
        2,
        "planctl: No space left on device (ENOSPC)\n",
    )


@pytest.mark.parametrize(
    "command",
    [["due", "-m", "3"], ["due", "-m", "3", "--format", "json"], ["render"]],
    ids=["due-table", "due-json", "render"],
)
def test_a_reader_that_goes_away(command: list[str]) -> None:
    """`planctl due | head -1`: the pipe closes early; no message, no traceback, exit 0 (the
    bundled plan is long enough to fill the pipe; its warnings are counted before the answer)."""
    plan = str(ROOT / "plans" / "2015.yaml")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "COLUMNS": "80"}
    process = subprocess.Popen(
        [sys.executable, "-m", "planctl", *command, plan],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.readline()
    process.stdout.close()
    error = process.stderr.read().decode()
    warnings = f"planctl: {warnings_of_2015()} warnings; planctl check {plan} for details\n"
    assert (process.wait(), error) == (0, warnings)


@needs_unprivileged
def test_a_folder_without_search_permission(shared_tmp: Path) -> None:
    folder = shared_tmp / "locked"
    folder.mkdir()
    (folder / "plan.yaml").write_text(PLAN, encoding="utf-8")
    folder.chmod(0o666)  # readable, not searchable
    checked = planctl("check", "locked/plan.yaml", cwd=shared_tmp, user=True, capture_output=True)
    assert (checked.returncode, checked.stdout, checked.stderr.decode()) == (
        2,
        b"",
        "planctl: locked/plan.yaml: permission denied\n" + UNREADABLE_ONE,
    )
    due = planctl(
        "due", "-m", "3", "locked/plan.yaml", cwd=shared_tmp, user=True, capture_output=True
    )
    assert (due.returncode, due.stderr.decode()) == (
        2,
        "planctl: locked/plan.yaml: permission denied\n",
    )


@needs_unprivileged
def test_an_unreadable_subfolder_is_an_error_not_a_pass(shared_tmp: Path) -> None:
    """Without this, `check plans` would say "1 file checked: no problems" and CI would pass."""
    (shared_tmp / "plans" / "old").mkdir(parents=True)
    (shared_tmp / "plans" / "a.yaml").write_text(PLAN, encoding="utf-8")
    (shared_tmp / "plans" / "old" / "b.yaml").write_text(PLAN, encoding="utf-8")
    (shared_tmp / "plans" / "old").chmod(0o700)
    if os.geteuid() != 0:
        (shared_tmp / "plans" / "old").chmod(0o000)
    for command in (["check", "plans"], ["due", "-m", "3", "plans"]):
        done = planctl(*command, cwd=shared_tmp, user=True, capture_output=True)
        assert (done.returncode, done.stdout, done.stderr.decode()) == (
            2,
            b"",
            "planctl: plans/old: cannot read this folder (Permission denied)\n",
        )


@needs_unprivileged
def test_a_progress_folder_without_search_permission(shared_tmp: Path) -> None:
    """Whether the plan has a ledger cannot be known: the plan is unreadable input, one line,
    and check goes on to count it (not "no ledger", which would leave its reports out)."""
    (shared_tmp / "plans").mkdir()
    (shared_tmp / "progress").mkdir()
    (shared_tmp / "plans" / "a.yaml").write_text(PLAN, encoding="utf-8")
    (shared_tmp / "progress").chmod(0o666)  # readable, not searchable
    message = "planctl: progress/a.yaml: permission denied\n"
    for command in (["check", "plans"], ["check", "plans/a.yaml"]):
        done = planctl(*command, cwd=shared_tmp, user=True, capture_output=True)
        assert (done.returncode, done.stdout, done.stderr.decode()) == (
            2,
            b"",
            message + UNREADABLE_ONE,
        )
    due = planctl("due", "-m", "3", "plans/a.yaml", cwd=shared_tmp, user=True, capture_output=True)
    assert (due.returncode, due.stdout, due.stderr.decode()) == (2, b"", message)


# -- 5. output that cannot be turned against its reader ---------------------------------------

RLO = "\u202e"


def test_file_names_and_values_are_shown_not_sent_to_the_terminal(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An escape sequence in a file name and a bidi override in a unit name reach the
    terminal as visible escapes; the caret still points at the value."""
    monkeypatch.chdir(tmp_path)
    name = "a\x1b[2J.yaml"
    Path(name).write_text(PLAN.replace("units: [登記課]", f"units: [登{RLO}記]"), encoding="utf-8")
    result = invoke(runner, "check", name)
    assert result.exit_code == 1
    assert result.stdout == (
        "a\\x1b[2J.yaml:46:29: error PC201 unknown unit 「登\\u202e記」 "
        "[parts[1].principles[0].strategies[0].methods[0].subitems[0].units[0]]\n"
        "   46 |                     units: [登\\u202e記]\n"
        "      |                             ^\n"
        "      = hint: did you mean 戶籍登記課?\n"
    )
    github = invoke(runner, "check", "--format", "github", name)
    assert github.stdout == (
        "::error file=a\\x1b[2J.yaml,line=46,col=29,title=PC201::"
        "unknown unit 「登\\u202e記」 (hint: did you mean 戶籍登記課?)\n"
    )


def test_an_escape_in_a_missing_file_name(runner: CliRunner) -> None:
    result = invoke(runner, "due", "-m", "3", f"\x1b]8;;x\x1b\\{RLO}p.yaml")
    assert outcome(result) == (
        2,
        "",
        "planctl: \\x1b]8;;x\\x1b\\\\u202ep.yaml: no such file\n",
    )


def test_json_is_valid_utf8_whatever_the_file_names(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file name that is not UTF-8 (here the byte FF) is written as the escape \\xff, in the
    answer and in the warnings line (a warning, PC502: a plan with errors has no answer)."""
    import json

    monkeypatch.chdir(tmp_path)
    Path("plans").mkdir()
    with open(b"plans/\xff.yaml", "wb") as stream:
        stream.write(PLAN.replace("text: 清查百歲人瑞", "text: ' 清查百歲人瑞'").encode("utf-8"))
    checked = invoke(runner, "check", "--format", "json", "plans")
    assert checked.stdout_bytes.decode("utf-8")  # valid UTF-8
    findings = json.loads(checked.stdout)["findings"]
    assert [(f["file"], f["code"]) for f in findings] == [("plans/\\xff.yaml", "PC502")]
    due = invoke(runner, "due", "-m", "3", "--format", "json", "plans")
    assert {row["file"] for row in json.loads(due.stdout_bytes.decode("utf-8"))} == {
        "plans/\\xff.yaml"
    }
    assert due.stderr == "planctl: 1 warning; planctl check plans/\\xff.yaml for details\n"
    text = invoke(runner, "check", "plans")
    assert text.stdout.startswith("plans/\\xff.yaml:")


def test_the_due_table_shows_bidi_overrides(runner: CliRunner, tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(PLAN.replace("清查死亡通報", f"清查{RLO}死亡通報"), encoding="utf-8")
    result = invoke(runner, "due", "-m", "3", str(plan))
    assert result.exit_code == 0
    assert RLO not in result.stdout
    assert "清查\\u202e死亡通報" in result.stdout


def test_markdown_escapes_task_ids_in_footnotes(runner: CliRunner, tmp_path: Path) -> None:
    """A footnote (`render --notes`) passes neither its task ID nor its note on raw: `_` of
    a valid ID would be emphasis, and HTML in a note would run in a Markdown viewer. (An ID
    with HTML in it is PC304: the plan is refused before render.)"""
    plan = tmp_path / "plan.yaml"
    plan.write_text(
        PLAN.replace(
            "id: reg-1.1",
            "id: reg-__1__\n                note: '<img src=x onerror=alert(1)>'",
        ),
        encoding="utf-8",
    )
    result = invoke(runner, "render", "--format", "md", "--notes", "--what", "schedule", str(plan))
    assert (result.exit_code, result.stderr) == (0, "")
    assert "<img" not in result.stdout
    assert "- ※1 reg-\\_\\_1\\_\\_：&lt;img src=x onerror=alert(1)&gt;\n" in result.stdout


@pytest.mark.parametrize(
    ("text", "cell"),
    [
        ("=1+1", "'=1+1"),
        (" =1+1", "' =1+1"),
        ("\u3000+1", "'\u3000+1"),
        ('＝HYPERLINK("http://x")', '\'＝HYPERLINK("http://x")'),
        ("＋1", "'＋1"),
        ("－1", "'－1"),
        ("＠SUM(A1)", "'＠SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("清查 = 1", "清查 = 1"),
        ("1-3", "1-3"),
    ],
)
def test_csv_cells_never_run_as_formulas(text: str, cell: str) -> None:
    from planctl.outputs.cells import csv_cell

    assert csv_cell(text) == cell


def test_csv_through_due(runner: CliRunner, tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(PLAN.replace("清查死亡通報", "' ＝HYPERLINK(1)'"), encoding="utf-8")
    result = invoke(runner, "due", "-m", "3", "--format", "csv", str(plan))
    assert result.exit_code == 0
    assert ",' ＝HYPERLINK(1)," in result.stdout


# -- 3. bounded work ---------------------------------------------------------------------------


def bad_months(count: int) -> str:
    return PLAN.replace("months: [1-2]", "months: [" + ", ".join(["0"] * count) + "]")


def test_findings_are_capped_per_code_and_counted(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """1,000 bad months: the first 200 shown, the rest counted; another file (another
    office's plan: one office's two plans would be PC410) keeps its own."""
    import json

    monkeypatch.chdir(tmp_path)
    Path("a.yaml").write_text(bad_months(1000), encoding="utf-8")
    other = PLAN.replace("office: 臺北市測試區", "office: 臺北市乙區").replace(
        "months: [3-11]", "months: [13]"
    )
    Path("b.yaml").write_text(other, encoding="utf-8")
    result = invoke(runner, "check", "a.yaml", "b.yaml")
    assert result.exit_code == 1
    assert result.stdout.count(": error PC302 month 0 is not within 1-12") == 200
    assert result.stdout.count("b.yaml:94:26: error PC302 month 13 is not within 1-12") == 1
    assert result.stdout.endswith(
        "a.yaml: error PC302 800 more not shown (the first 200 of each code in a file are)\n"
    )
    assert result.stderr == "2 files checked: 1001 error(s), 0 warning(s) (PC302 ×1001)\n"
    quiet = invoke(runner, "check", "--quiet", "a.yaml")
    assert quiet.stdout.endswith(
        "a.yaml: error PC302 800 more not shown (the first 200 of each code in a file are)\n"
    )
    assert quiet.stderr == "1 file checked: 1000 error(s), 0 warning(s) (PC302 ×1000)\n"
    document = json.loads(invoke(runner, "check", "--format", "json", "a.yaml").stdout)
    assert (document["errors"], len(document["findings"])) == (1000, 200)
    assert document["omitted"] == [
        {"file": "a.yaml", "code": "PC302", "severity": "error", "count": 800}
    ]
    github = invoke(runner, "check", "--format", "github", "a.yaml").stdout.splitlines()
    assert github[-1] == (
        "::error file=a.yaml,title=PC302::800 more not shown "
        "(the first 200 of each code in a file are)"
    )


def test_close_matches_from_a_large_registry() -> None:
    """The character index finds what difflib finds over every name, and the hint's list of
    known names stays short."""
    import difflib

    from planctl.rules.units import Suggestions

    names = [f"第{n}課{chr(0x4E00 + n % 500)}{chr(0x4F00 + n // 500)}" for n in range(3000)]
    suggest = Suggestions(names)
    for typo in ("第17課乑", "第2999課", "第1200", "課一"):
        expected = difflib.get_close_matches(typo, names, n=1, cutoff=0.3)
        assert suggest(typo) == (expected[0] if expected else None)
    assert suggest.known.endswith(" and 2,980 more")
    assert suggest.known.count("、") == 19


def test_close_matches_stop_after_200_names() -> None:
    from planctl.rules.units import Suggestions

    suggest = Suggestions(["戶籍登記課"])
    assert [suggest(f"登記{n}") for n in range(200)] == ["戶籍登記課"] * 200
    assert suggest("登記課") is None  # the 201st name: no more lookups
    assert suggest("登記0") == "戶籍登記課"  # looked up already


def warnings_of_2015() -> int:
    """The bundled plan's warnings (its tasks without months), to count on in many copies."""
    from planctl.repository.check import check_paths

    return len(check_paths([str(ROOT / "plans" / "2015.yaml")]).findings)


def summary_of_copies(count: int) -> str:
    """What `check` says of `count` copies of the bundled plan (see `many_plans`)."""
    from collections import Counter

    from planctl.repository.check import check_paths

    codes = Counter(f.code for f in check_paths([str(ROOT / "plans" / "2015.yaml")]).findings)
    per_code = ", ".join(f"{code} ×{count * n}" for code, n in sorted(codes.items()))
    warnings = count * warnings_of_2015()
    return f"{count} files checked: 0 error(s), {warnings} warning(s) ({per_code})\n"


def many_plans(folder: Path, count: int) -> None:
    """`count` copies of the bundled plan, each another office's (one office's two plans for
    a year would be PC410)."""
    folder.mkdir(exist_ok=True)
    folder.chmod(0o755)
    text = (ROOT / "plans" / "2015.yaml").read_text(encoding="utf-8")
    office = "office: 臺北市中正區戶政事務所\n"
    assert text.count(office) == 1
    for number in range(count):
        own = text.replace(office, f"office: 臺北市第{number}區戶政事務所\n")
        (folder / f"p{number}.yaml").write_text(own, encoding="utf-8")


CORES = 4
"""The cores the worker tests pretend to have: `check` starts workers on any machine."""


def check_in_a_process(*lines: str) -> list[str]:
    """`planctl check --no-cache plans` as a process that believes it has CORES cores, after
    `lines` of Python (run before planctl reads the files; forked workers inherit them)."""
    script = [
        "import os, sys",
        f"os.cpu_count = lambda: {CORES}",
        *lines,
        "sys.argv = ['planctl', 'check', '--no-cache', 'plans']",  # cached: no worker at work
        "from planctl.cli import main",
        "main()",
    ]
    return [sys.executable, "-c", "\n".join(script)]


def recording_checkers(record: Path, pause: float = 0.0) -> list[str]:
    """Lines that make every check of a file append the ids of the checking process and of
    its parent to `record` (one line a file); the very first check (one worker's first file)
    then pauses `pause` seconds, while the other workers go on."""
    return [
        "import time",
        "import planctl.repository.check as check",
        "checked = check._check_one",
        "def recorded(*args, **kwargs):",
        f"    with open({str(record)!r}, 'a', encoding='ascii') as record:",
        "        print(os.getpid(), os.getppid(), file=record, flush=True)",
        "    try:",
        f"        os.close(os.open({str(record) + '.first'!r}, os.O_CREAT | os.O_EXCL))",
        f"        time.sleep({pause})",
        "    except FileExistsError:",
        "        pass",
        "    return checked(*args, **kwargs)",
        "check._check_one = recorded",
    ]


def checkers(record: Path) -> list[tuple[int, int]]:
    """What `recording_checkers` wrote: (process, parent) a file checked."""
    if not record.exists():
        return []
    lines = record.read_text(encoding="ascii").splitlines()
    return [(int(pid), int(parent)) for pid, parent in map(str.split, lines)]


def test_the_pool_falls_back_to_serial_without_processes(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from concurrent.futures import ProcessPoolExecutor

    many_plans(tmp_path / "plans", 40)
    refused = []

    def refuse(*args: object, **kwargs: object) -> None:
        refused.append(args)
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(os, "cpu_count", lambda: CORES)
    monkeypatch.setattr(ProcessPoolExecutor, "submit", refuse)
    result = invoke(runner, "check", "--no-cache", str(tmp_path / "plans"))
    assert (result.exit_code, result.stderr) == (
        0,
        summary_of_copies(40),
    )
    assert len(refused) == 1  # the pool was tried, and its failure fell back to serial work


def test_many_files_are_checked_by_several_worker_processes(tmp_path: Path) -> None:
    """The pool does the work: every file is checked in a worker, never in planctl's own
    process, and more than one worker checks files (a pool of one would be no faster)."""
    files = 4 * PARALLEL_FROM  # four chunks: four workers
    many_plans(tmp_path / "plans", files)
    record = tmp_path / "checkers"
    command = check_in_a_process(*recording_checkers(record))
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    done = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, timeout=600)
    assert (done.returncode, done.stderr.decode()) == (0, summary_of_copies(files))
    checked = checkers(record)
    assert len(checked) == files
    workers = {pid for pid, _ in checked}
    assert len(workers) > 1, f"one process checked every file: {workers}"
    [planctl] = {parent for _, parent in checked}  # not this test: planctl checked none
    assert planctl != os.getpid() and planctl not in workers


@needs_unprivileged
@pytest.mark.parametrize(
    ("processes", "probe"),
    [(1, True), (4, True), (1, False), (2, False), (3, False)],
    ids=["1", "4", "1-unprobed", "2-unprobed", "3-unprobed"],
)
def test_check_under_a_process_limit(shared_tmp: Path, processes: int, probe: bool) -> None:
    """`prlimit --nproc`: no worker can start, or the first does and the second cannot, or
    no thread can: check still checks every file and ends (it used to hang). Unprobed, the
    pool is tried all the same, to show that its failures fall back to serial work."""
    many_plans(shared_tmp / "plans", 40)
    command = check_in_a_process(
        "import resource",
        f"resource.setrlimit(resource.RLIMIT_NPROC, ({processes}, {processes}))",
        "import planctl.repository.workers as workers",
        "" if probe else "workers._room_for = lambda tasks: True",
    )
    if os.geteuid() == 0:
        command = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", *command]
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    done = subprocess.run(
        command, cwd=shared_tmp, env=env, capture_output=True, timeout=300, check=False
    )
    assert (done.returncode, done.stderr.decode()) == (
        0,
        summary_of_copies(40),
    )


def children_of(pid: int) -> list[int]:
    """The processes whose parent is `pid`, from /proc (no `ps` needed)."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if fields[1] == str(pid):
            found.append(int(entry.name))
    return found


def running(pid: int) -> bool:
    """Is the process there and not a zombie (ended, waiting for its parent to collect it)?"""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


def test_ctrl_c_leaves_no_worker_behind(tmp_path: Path) -> None:
    """Ctrl-C (SIGINT to the terminal's process group) while one worker is at work and the
    others wait for more: planctl stops at once, says so in one line, and no worker outlives
    it. The busy worker's file takes a minute: a planctl that waited for its workers instead
    of stopping them would be seen waiting, and a worker that took Ctrl-C for itself would
    print a traceback."""
    import signal
    import time

    require_file(Path("/proc/self/stat"), "/proc, where the workers are found")
    files, stop_within = 4 * PARALLEL_FROM, 10.0
    many_plans(tmp_path / "plans", files)
    record = tmp_path / "checkers"
    command = check_in_a_process(*recording_checkers(record, pause=60))
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    with (tmp_path / "out").open("wb") as out, (tmp_path / "err").open("wb") as err:
        # Files, not pipes: a pipe no one reads fills up and stops planctl mid-write.
        process = subprocess.Popen(
            command, cwd=tmp_path, env=env, stdout=out, stderr=err, start_new_session=True
        )
    try:
        # Every chunk checked but the paused one, of which one file was begun.
        deadline = time.monotonic() + 120
        while len(checkers(record)) < files - PARALLEL_FROM + 1:
            assert process.poll() is None, (tmp_path / "err").read_text()
            assert time.monotonic() < deadline, f"{len(checkers(record))} files checked"
            time.sleep(0.05)
        time.sleep(1)  # the workers done with their chunks wait for work
        workers = {pid for pid, _ in checkers(record)}
        assert len(workers) > 1, f"one process checked every file: {workers}"
        assert {parent for _, parent in checkers(record)} == {process.pid}
        pool = children_of(process.pid)
        assert set(pool) >= workers
        # The terminal sends Ctrl-C to every process in no set order: a worker that gets it
        # before planctl stops the pool leaves it to planctl (no traceback of its own).
        for pid in pool:
            os.kill(pid, signal.SIGINT)
        time.sleep(1)
        assert ([pid for pid in pool if not running(pid)], (tmp_path / "err").read_text()) == (
            [],
            "",
        )
        assert process.poll() is None
        os.killpg(process.pid, signal.SIGINT)
        try:
            process.wait(timeout=stop_within)
        except subprocess.TimeoutExpired:
            pytest.fail(f"still running {stop_within:.0f} s after Ctrl-C")
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    output = ((tmp_path / "out").read_text(), (tmp_path / "err").read_text())
    assert (process.returncode, *output) == (2, "", "planctl: interrupted\n")
    assert [pid for pid in pool if running(pid)] == []


# -- fuzz: templates and paths never end in exit 3 or a hang -----------------------------------

FUZZ_EXAMPLES = max(int(os.environ.get("PLANCTL_FUZZ_EXAMPLES", "200")) // 10, 10)
FRAGMENTS = [
    *("{{ plan.title }}", "{{ plan }}", "{{ tables }}", "{{ plan.units[0].name | md }}"),
    *("{{ cycler.__init__ }}", "{{ plan.__class__ }}", "{{ ''.__class__.__mro__ }}"),
    *("{{ range(10**6) }}", "{{ 'x' * 10**8 }}", "{{ 9 ** 9 ** 9 }}", "{{ [1] * 10**7 }}"),
    *("{{ 'x' | center(10**10) }}", "{{ lipsum(10**4) | length }}", "{{ 1 / 0 }}"),
    *("{{ undefined_name }}", "{{ plan.parts[99] }}", "{{ plan.model_dump() | length }}"),
    *(
        "{% for t in tables %}{{ t.section }}{% endfor %}",
        "{% for a in range(3) %}",
        "{% endfor %}",
    ),
    *("{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}", '{% extends "page.md" %}'),
    *('{% include "page.md" %}', '{% extends "default:page.md" %}', "{% if %}", "{{", "}}"),
    *("{% set ns = namespace(s='ab') %}", "{{ notes(tables[0]) }}", "{{ month_marks(plan) }}"),
    *("{{ '%s' % plan }}", "{{ '{0.__class__}'.format(plan) }}", "{{ plan.units.pop() }}"),
    *("text", "\n", "{# c #}", "{% raw %}", "{% endraw %}", "é臺", "\x1b[2J"),
]


def test_fuzz_templates_never_crash(tmp_path: Path) -> None:
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from planctl.outputs.documents import sandbox

    runner = CliRunner()
    folder = tmp_path / "t"
    folder.mkdir()

    @settings(
        max_examples=FUZZ_EXAMPLES,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow],
    )
    @given(st.lists(st.sampled_from(FRAGMENTS), max_size=6), st.sampled_from(["md", "html"]))
    def run(pieces: list[str], fmt: str) -> None:
        (folder / f"page.{fmt}").write_text("".join(pieces), encoding="utf-8")
        result = invoke(runner, "render", "--format", fmt, "--templates", str(folder), str(MINIMAL))
        assert result.exit_code in (0, 2), result.output
        if result.exit_code == 2:
            assert result.stderr.count("\n") == 1 and "\x1b" not in result.stderr

    limit = sandbox.TIME_LIMIT
    sandbox.TIME_LIMIT = 2.0
    try:
        run()
    finally:
        sandbox.TIME_LIMIT = limit


def test_fuzz_paths_never_crash(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    monkeypatch.chdir(tmp_path)
    Path("plan.yaml").write_text(PLAN, encoding="utf-8")
    Path("folder").mkdir()
    os.mkfifo("fifo.yaml")
    runner = CliRunner()
    names = st.one_of(
        st.sampled_from(["plan.yaml", "folder", "fifo.yaml", "/dev/null", "-", "", "."]),
        st.text(st.characters(blacklist_characters="\x00/"), min_size=1, max_size=20),
        st.integers(250, 5000).map(lambda n: "x" * n),
    )

    @settings(
        max_examples=FUZZ_EXAMPLES * 2, deadline=None, suppress_health_check=list(HealthCheck)
    )
    @given(st.sampled_from(["check", "due", "render-o"]), names)
    def run(command: str, name: str) -> None:
        if command == "render-o":
            args = ["render", "--format", "md", "-o", name, "plan.yaml"]
        else:
            args = [command, name] + (["-m", "3"] if command == "due" else [])
        result = invoke(runner, *args)
        assert result.exit_code in (0, 1, 2), result.output
        assert "Traceback" not in result.output and "\x1b" not in result.stderr
        assert Path("plan.yaml").read_text(encoding="utf-8") == PLAN

    run()


def test_a_pdf_is_not_sent_to_a_terminal(tmp_path: Path) -> None:
    import pty

    leader, follower = pty.openpty()
    try:
        done = planctl(
            "render",
            "--format",
            "pdf",
            "-o",
            "-",
            str(MINIMAL),
            stdout=follower,
            stderr=subprocess.PIPE,
        )
    finally:
        os.close(follower)
        os.close(leader)
    assert (done.returncode, done.stderr.decode()) == (
        2,
        "planctl: -o -: a PDF is not for the terminal; redirect stdout to a file\n",
    )

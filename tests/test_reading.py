"""Reading input: every OS failure is one line, exit 2 (a name too long, what is not a regular
file, a file that vanishes, no memory, folders without search permission), and fuzzed paths
never crash.

Permission cases run planctl as an unprivileged user (`setpriv --reuid=nobody`) when the tests
run as root, since root reads and searches any folder whatever its mode.
"""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import MINIMAL, planctl
from tests.helpers import FUZZ_EXAMPLES, PLAN, invoke, needs_unprivileged, outcome

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

"""Writing output (`-o`): it never destroys. A device, a pipe, a symlink or stdout is written
through; an input is never overwritten, not even with --force; a full disk or a reader that
goes away is one line, never a traceback.

Cases that need real file descriptors (a shell's `>>`, /dev/full, a closed pipe) run planctl
as a process.
"""

from __future__ import annotations

import os
import socket
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.clients import require_file
from tests.conftest import MINIMAL, ROOT, planctl
from tests.helpers import PLAN, invoke, outcome, rendered, warnings_of_2015


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


def test_a_folder_that_is_not_there_is_named(runner: CliRunner, tmp_path: Path) -> None:
    """`planctl import plan.docx -o plans/2026.yaml` in a new repository without plans/: the
    line says which folder to make, not the system's bare "No such file or directory"."""
    target = tmp_path / "plans" / "2026.md"
    result = invoke(runner, "render", "-o", str(target), str(MINIMAL))
    expected = f"planctl: {target}: cannot write here (no folder {tmp_path / 'plans'})\n"
    assert outcome(result) == (2, "", expected)
    assert not (tmp_path / "plans").exists()


def test_a_long_file_name_that_fits_is_written(runner: CliRunner, tmp_path: Path) -> None:
    """The temporary file's name must not be longer than the output's (255 bytes at most)."""
    target = tmp_path / ("x" * 252 + ".md")
    assert invoke(runner, "render", "-o", str(target), str(MINIMAL)).exit_code == 0
    assert target.read_text(encoding="utf-8") == rendered(runner)


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

"""The worker pool of `check`: many files are checked in worker processes, serially where no
process can start, under a process limit, and Ctrl-C leaves no worker behind.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from planctl.repository.check import PARALLEL_FROM
from tests.clients import require_file
from tests.conftest import ROOT
from tests.helpers import invoke, needs_unprivileged, warnings_of_2015


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

"""Shared fixtures: the CLI runner, paths of the test plans, planctl as a process (on a terminal,
as an unprivileged user) and the folders the permission tests need."""

from __future__ import annotations

import os
import pty
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.clients import MARKERS, require, unavailable

ROOT = Path(__file__).resolve().parent.parent
TESTS = Path(__file__).resolve().parent
MINIMAL = TESTS / "plans" / "minimal.yaml"
PLAN_2015 = ROOT / "plans" / "2015.yaml"
CHECK = TESTS / "check"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "needs(*programs): the programs the test runs (tests/clients.py, needs)"
    )


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A test marked `needs(program)` is also marked `browser`, `office`, `calendar` or `git`
    after its program (tests/clients.py, MARKERS): derived, so that `-m "not browser"` leaves
    out exactly the tests that run a browser, and the two marks cannot drift apart."""
    for item in items:
        programs = {program for mark in item.iter_markers("needs") for program in mark.args}
        for marker in sorted({MARKERS[program] for program in programs if program in MARKERS}):
            item.add_marker(marker)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    """A test marked `needs(...)` is skipped, or fails in CI, where a program it runs is
    missing (tests/clients.py, require)."""
    for mark in item.iter_markers("needs"):
        for program in mark.args:
            require(program)


@pytest.fixture(autouse=True, scope="session")
def cache_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The tests fill a cache folder of their own, never the user's (the CLI run in a
    subprocess inherits it through the environment)."""
    folder = tmp_path_factory.mktemp("planctl-cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PLANCTL_CACHE_DIR", str(folder))
        yield folder


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def in_repo(monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run with the repository root as the current folder, as a clerk would."""
    monkeypatch.chdir(ROOT)
    return ROOT


def on_a_terminal(*args: str, **env: str) -> str:
    """What `planctl ARGS` writes to stdout and stderr when both are a terminal (a
    pseudo-terminal), with NO_COLOR unset unless `env` sets it."""
    environ = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    environ.update(COLUMNS="160", TERM="xterm-256color", **env)
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "planctl", *args], stdout=follower, stderr=follower, env=environ
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # EIO: the process closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    process.wait(timeout=120)
    os.close(leader)
    return b"".join(chunks).decode("utf-8")


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

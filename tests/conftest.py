"""Shared fixtures: the CLI runner and paths of the test plans."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.clients import require

ROOT = Path(__file__).resolve().parent.parent
TESTS = Path(__file__).resolve().parent
MINIMAL = TESTS / "plans" / "minimal.yaml"
PLAN_2015 = ROOT / "plans" / "2015.yaml"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "needs(*programs): the programs the test runs (tests/clients.py, needs)"
    )


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

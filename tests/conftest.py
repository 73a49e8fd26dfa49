"""Shared fixtures: the CLI runner and paths of the test plans."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
TESTS = Path(__file__).resolve().parent
MINIMAL = TESTS / "plans" / "minimal.yaml"
PLAN_2015 = ROOT / "plans" / "2015.yaml"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def in_repo(monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run with the repository root as the current folder, as a clerk would."""
    monkeypatch.chdir(ROOT)
    return ROOT

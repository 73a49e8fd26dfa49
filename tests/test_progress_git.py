"""Two units report on two git branches; the branches merge without a conflict, through the
repository's `.gitattributes` (`progress/*.yaml merge=union`), and the merged ledger is valid."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from planctl.cli import cli
from planctl.progress.load import load_ledger
from tests.clients import needs
from tests.conftest import ROOT
from tests.progress_helpers import office

pytestmark = needs("git")


def git(repo: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "研考",
        "GIT_AUTHOR_EMAIL": "rd@example.org",
        "GIT_COMMITTER_NAME": "研考",
        "GIT_COMMITTER_EMAIL": "rd@example.org",
    }
    return subprocess.run(
        ["git", *args], cwd=repo, env=env, capture_output=True, text=True, check=check
    )


def planctl(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout.strip()


def repository(tmp_path: Path, attributes: bool) -> Path:
    """A repository with the plan, (optionally) the project's .gitattributes, and a ledger
    holding one entry, committed on main."""
    office(tmp_path)
    if attributes:
        shutil.copyfile(ROOT / ".gitattributes", tmp_path / ".gitattributes")
    git(tmp_path, "init", "-q", "-b", "main")
    planctl("done", "reg-1.1", "-m", "1", "-d", "2015-02-05")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-q", "-m", "January")
    return tmp_path


def two_units_report(repo: Path) -> tuple[str, str]:
    """登記課 and 會計 each report on a branch of their own; main merges both."""
    git(repo, "checkout", "-q", "-b", "registration")
    first = planctl("done", "reg-1.1", "-m", "2", "-d", "2015-03-05", "-e", "北市正戶登字第1號")
    git(repo, "commit", "-q", "-am", "登記課: February")
    git(repo, "checkout", "-q", "main")
    git(repo, "checkout", "-q", "-b", "accounting")
    second = planctl("report", "acc-2.1", "-m", "2", "-s", "辦理中", "-p", "50", "-t", "彙整中",
                     "-d", "2015-03-06")  # fmt: skip
    git(repo, "commit", "-q", "-am", "會計: February")
    git(repo, "checkout", "-q", "main")
    git(repo, "merge", "-q", "registration")
    return first, second


def test_two_branches_reports_merge_cleanly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    repo = repository(tmp_path, attributes=True)
    first, second = two_units_report(repo)
    merged = git(repo, "merge", "--no-edit", "accounting", check=False)
    assert merged.returncode == 0, merged.stdout + merged.stderr
    text = (repo / "progress" / "2015.yaml").read_text(encoding="utf-8")
    assert "<<<<<<<" not in text and ">>>>>>>" not in text
    ledger = load_ledger(repo / "plans" / "2015.yaml")
    assert ledger is not None
    assert [e.id for e in ledger.entries][1:] == [first, second]
    check = CliRunner().invoke(cli, ["check", "--strict", "progress/2015.yaml"])
    assert check.exit_code == 0, check.output


def test_without_the_attribute_the_same_merge_conflicts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What .gitattributes buys: git's default merge stops at the two appended blocks."""
    monkeypatch.chdir(tmp_path)
    repo = repository(tmp_path, attributes=False)
    two_units_report(repo)
    merged = git(repo, "merge", "--no-edit", "accounting", check=False)
    assert merged.returncode != 0
    assert "CONFLICT (content): Merge conflict in progress/2015.yaml" in merged.stdout


def test_two_branches_creating_the_ledger_merge_cleanly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Neither branch found a ledger: both wrote the same header, which the union keeps once."""
    monkeypatch.chdir(tmp_path)
    office(tmp_path)
    shutil.copyfile(ROOT / ".gitattributes", tmp_path / ".gitattributes")
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-q", "-m", "plan")
    git(tmp_path, "checkout", "-q", "-b", "registration")
    first = planctl("done", "reg-1.1", "-m", "1", "-d", "2015-02-05")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-q", "-m", "登記課")
    git(tmp_path, "checkout", "-q", "main")
    second = planctl("done", "acc-2.1", "-m", "2", "-d", "2015-03-05")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-q", "-m", "會計")
    merged = git(tmp_path, "merge", "--no-edit", "registration", check=False)
    assert merged.returncode == 0, merged.stdout + merged.stderr
    text = (tmp_path / "progress" / "2015.yaml").read_text(encoding="utf-8")
    assert text.count("entries:") == 1
    ledger = load_ledger(tmp_path / "plans" / "2015.yaml")
    assert ledger is not None and [e.id for e in ledger.entries] == [second, first]

"""`planctl done` for a task it would leave behind: done takes no 落後原因 or 因應對策, so its
refusal names the `planctl report` that records the same, in full, and that command works."""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

from planctl.cli import cli
from tests.progress_helpers import office

ADVICE = (
    "give --percent with the share of the whole task done so far, or --reason (落後原因) and "
    "--measure (因應對策), to planctl report"
)


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An office as the current folder: the bundled plan, no ledger yet."""
    monkeypatch.chdir(tmp_path)
    return office(tmp_path)


def test_done_behind_names_the_report_that_says_why(runner: CliRunner, here: Path) -> None:
    """reg-1.4 runs January to December: done for March alone leaves it behind; the advice is
    the report of what was typed (its text quoted for the shell, its evidence and plan kept),
    and that report, given a percent, is recorded."""
    typed = ["reg-1.4", "-m", "3", "-d", "2015-04-05", "-t", "已 清查", "-e", "文1", "plans"]
    result = runner.invoke(cli, ["done", *typed])
    command = "reg-1.4 -m 3 -s 已完成 -t '已 清查' -d 2015-04-05 -e 文1 plans"
    assert (result.exit_code, result.stdout, result.stderr) == (
        2,
        "",
        "planctl: reg-1.4 is behind at month 3 (planned 25 %, actual 8 %); done takes no "
        f"reason ({ADVICE} {command})\n",
    )
    assert not Path("progress/2015.yaml").exists()
    advised = shlex.split(command)
    recorded = runner.invoke(cli, ["report", *advised, "--percent", "25"])
    assert recorded.exit_code == 0, recorded.stderr
    ledger = Path("progress/2015.yaml").read_text(encoding="utf-8")
    assert "    text: 已 清查\n" in ledger
    assert "    percent: 25\n" in ledger


def test_done_in_an_unscheduled_month_says_check_the_month(runner: CliRunner, here: Path) -> None:
    """reg-1.2 runs in March and April: done for September says so first."""
    result = runner.invoke(
        cli, ["done", "reg-1.2", "-m", "9", "-d", "2015-10-05", "--by", "戶籍登記課"]
    )
    assert (result.exit_code, result.stderr) == (
        2,
        "planctl: reg-1.2 is not scheduled in month 9 (its months: 3、4), and is behind there "
        "(planned 100 %, actual 0 %); done takes no reason (check --month; or "
        f"{ADVICE} reg-1.2 -m 9 -s 已完成 -t 依計畫辦理完成 -d 2015-10-05 --by 戶籍登記課)\n",
    )

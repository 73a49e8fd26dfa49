"""Edges of the 管考 consistency rules (planctl.rules.reports) the first tests left open: a
report on track without a percent, a stopped task's reason, and where `check` points a
finding about a field the entry does not have."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from planctl.cli import cli
from tests.progress_helpers import office
from tests.test_progress_check import block, check


@pytest.fixture
def plan(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return office(tmp_path)


def test_on_track_without_a_percent(runner: CliRunner, plan: Path) -> None:
    """reg-1.1 (months 1-2) 已完成 for month 1, no percent: one of its two months done, as
    planned (50 %), month by month; with a 落後原因 that is PC710."""
    ledger = block("a", "reg-1.1", 1, reason="通報延遲", date="2015-02-05")
    assert check(runner, ledger) == (
        0,
        [
            (
                "progress/2015.yaml",
                "8:13",
                "PC710",
                "reg-1.1 進度正常，有落後原因: on track at month 1 (planned 50 %, actual 50 %) "
                "yet the report gives a 落後原因 (reason)",
                "remove reason (and measure), or correct the percent",
            )
        ],
    )


def test_a_stopped_task_may_give_its_reason(runner: CliRunner, plan: Path) -> None:
    """停辦 with a reason (why it stopped) is no 「進度正常，有落後原因」, even at a percent
    that would be on track."""
    ledger = block("a", "reg-1.2", 3, "停辦", percent="50", reason="業務移撥", date="2015-04-05")
    assert check(runner, ledger) == (0, [])


def test_a_missing_completed_date_is_pointed_at_its_entry(runner: CliRunner, plan: Path) -> None:
    """The entry has no `completed:` to point at: the position is the entry's, the path
    names the field to add."""
    check(runner, block("b", "reg-1.1", 2, date="2015-03-05"))  # writes the ledger
    result = runner.invoke(cli, ["check", "progress/2015.yaml"])
    assert result.stdout.endswith(
        "progress/2015.yaml:3:5: warning PC711 reg-1.1 實際進度100%，無完成日期: the report for "
        "month 2 completes the task (已完成 in its last ■ month) and gives no completed date "
        "[entries[0].completed]\n"
        "    3 |   - id: b\n"
        "      |     ^\n"
        "      = hint: add `completed: YYYY-MM-DD`, the day the work was completed\n"
    )

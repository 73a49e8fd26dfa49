"""A month reported twice (no correction: a second report of the same month, written later,
is PC706): the consistency rules of planctl.rules.reports read the month's last report, as
`status` does, and add no finding of their own on the earlier one."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.progress_helpers import office
from tests.test_progress_check import block, check


def twice(place: str, task: str, month: int) -> tuple[str, ...]:
    """PC706 on the second report of the month: the one finding each ledger below has."""
    return (
        "progress/2015.yaml",
        place,
        "PC706",
        f"a second report for {task}, month {month}, and neither replaces the other",
        "if it corrects a, add `replaces: a`",
    )


@pytest.fixture
def plan(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return office(tmp_path)


def test_an_earlier_report_of_the_month_gives_no_reason_on_track(
    runner: CliRunner, plan: Path
) -> None:
    """The month's first report is on track with a 落後原因; the later one, which counts,
    gives none: no PC710 (「進度正常，有落後原因」)."""
    ledger = block(
        "a", "reg-1.2", 3, "辦理中", percent="50", reason="通報延遲", date="2015-04-03"
    ) + block("b", "reg-1.2", 3, "辦理中", percent="50", date="2015-04-08")
    assert check(runner, ledger) == (1, [twice("13:12", "reg-1.2", 3)])


def test_a_lower_percent_later_in_the_same_month_is_no_regression(
    runner: CliRunner, plan: Path
) -> None:
    """60 % then 30 % for month 1 (the second counts), then 40 % for month 2: up from the
    month before, no PC712 (進度倒退)."""
    ledger = (
        block("a", "reg-1.4", 1, "辦理中", percent="60", date="2015-02-03")
        + block("b", "reg-1.4", 1, "辦理中", percent="30", date="2015-02-05")
        + block("c", "reg-1.4", 2, "辦理中", percent="40", date="2015-03-05")
    )
    assert check(runner, ledger) == (1, [twice("12:12", "reg-1.4", 1)])


def test_an_earlier_report_of_the_month_needs_no_reason_for_being_behind(
    runner: CliRunner, plan: Path
) -> None:
    """5 % then 60 % for month 1 (8.3 % planned), then month 2: the month's first report
    leaves the task behind without a 落後原因, but only its last report counts: no PC704."""
    ledger = (
        block("a", "reg-1.4", 1, "辦理中", percent="5", date="2015-02-03")
        + block("b", "reg-1.4", 1, "辦理中", percent="60", date="2015-02-05")
        + block("c", "reg-1.4", 2, "辦理中", percent="60", date="2015-03-05")
    )
    assert check(runner, ledger) == (1, [twice("12:12", "reg-1.4", 1)])

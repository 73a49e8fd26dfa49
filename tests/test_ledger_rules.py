"""The consistency rules of 管考 systems on a progress ledger (planctl.rules.reports, issue 19):
each found by `planctl check` with its exact message and place, and left alone where the
ledger is right."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from planctl.progress.model import Ledger
from planctl.rules.registry import CODES
from planctl.rules.reports import correction_cycles
from tests.progress_helpers import entry, office
from tests.test_progress_check import block, check
from tests.test_quarterly import quarterly_plan

LEDGER = "progress/2015.yaml"
CYCLE_HINT = "remove `replaces:` from the original report"
UNDATED_HINT = "add `completed: YYYY-MM-DD`, the day the work was completed"


@pytest.fixture
def plan(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return office(tmp_path)


def cycle(*ids: str) -> str:
    return (
        f"corrections in a cycle ({' → '.join(ids)}, each replacing the next): none of them counts"
    )


def test_pc709_a_cycle_of_corrections_names_every_entry(runner: CliRunner, plan: Path) -> None:
    """Two entries replacing each other, three in a ring written out of order, an entry that
    replaces itself; a correction of an entry of a cycle is not part of it."""
    done = {"completed": "2015-04-30", "date": "2015-05-05"}
    ledger = (
        block("a", "reg-1.2", 4, replaces="b", **done)  # lines 3-10
        + block("b", "reg-1.2", 4, replaces="a", **done)  # 11-18
        + block("d", "reg-1.2", 4, replaces="e", **done)  # 19-26
        + block("c", "reg-1.2", 4, replaces="d", **done)  # 27-34
        + block("e", "reg-1.2", 4, replaces="c", **done)  # 35-42
        + block("f", "reg-1.1", 1, replaces="f")  # 43-49
        + block("g", "reg-1.2", 4, replaces="a", **done)  # 50-57
    )
    assert check(runner, ledger) == (
        1,
        [
            (LEDGER, "8:15", "PC709", cycle("a", "b", "a"), CYCLE_HINT),
            (LEDGER, "24:15", "PC709", cycle("d", "e", "c", "d"), CYCLE_HINT),
            (
                LEDGER,
                "48:15",
                "PC705",
                "replaces 'f', which is no other entry's id",
                "did you mean f?",
            ),
            (LEDGER, "48:15", "PC709", cycle("f", "f"), CYCLE_HINT),
        ],
    )


def test_pc709_a_chain_of_corrections_is_no_cycle(runner: CliRunner, plan: Path) -> None:
    done = {"completed": "2015-04-30", "date": "2015-05-05"}
    ledger = (
        block("a", "reg-1.2", 4, **done)
        + block("b", "reg-1.2", 4, replaces="a", **done)
        + block("c", "reg-1.2", 4, replaces="b", **done)
    )
    assert check(runner, ledger) == (0, [])


def test_pc709_long_chains_and_cycles_are_followed_once() -> None:
    """A chain of 20,000 corrections has no cycle; closed into a ring it is one cycle, named
    whole, from the entry written first (no recursion to run out of)."""
    chain = [entry("reg-1.2", 3, id="e0")]
    chain += [entry("reg-1.2", 3, id=f"e{n}", replaces=f"e{n - 1}") for n in range(1, 20_000)]
    assert list(correction_cycles(Ledger(entries=chain))) == []
    ring = [chain[0].model_copy(update={"replaces": "e19999"}), *chain[1:]]
    (found,) = correction_cycles(Ledger(entries=ring))
    assert (found.code, found.path) == ("PC709", ("entries", 0, "replaces"))
    assert found.message == cycle(*(f"e{n}" for n in (0, *range(19_999, 0, -1), 0)))


def test_pc710_on_track_yet_a_reason(runner: CliRunner, plan: Path) -> None:
    """「進度正常，有落後原因」: on schedule with a 落後原因 (not when behind, where it is needed,
    nor for a stopped task, nor for an earlier report of the month that was corrected)."""
    ledger = (
        block("a", "reg-1.2", 3, "辦理中", percent="50", reason="通報延遲", date="2015-04-08")
        + block("b", "reg-1.4", 3, "辦理中", percent="10", reason="人力不足", measure="加派人力")
        + block("c", "hr-1.1", 1, "停辦", reason="無職期屆滿人員", date="2015-02-03")
        + block("d", "acc-2.1", 2, "辦理中", percent="80", reason="x", date="2015-03-05")
        + block("e", "acc-2.1", 2, "辦理中", percent="80", replaces="d", date="2015-03-06")
    )
    assert check(runner, ledger) == (
        0,
        [
            (
                LEDGER,
                "9:13",
                "PC710",
                "reg-1.2 進度正常，有落後原因: on track at month 3 (planned 50 %, actual 50 %) "
                "yet the report gives a 落後原因 (reason)",
                "remove reason (and measure), or correct the percent",
            )
        ],
    )


def test_pc711_completed_without_a_date(runner: CliRunner, plan: Path) -> None:
    """「實際進度100%，無完成日期」: 已完成 in the task's last ■ month, or 100 %, without
    `completed`; not 已完成 in an earlier month, nor a report a correction replaced."""
    ledger = (
        block("a", "reg-1.1", 1, date="2015-02-05")  # lines 3-8: not its last month
        + block("b", "reg-1.1", 2, date="2015-03-05")  # 9-14: its last month
        + block("c", "reg-1.4", 6, "辦理中", percent="100", date="2015-07-01")  # 15-21
        + block("d", "reg-1.2", 4, date="2015-05-05")  # 22-27: corrected below
        + block("e", "reg-1.2", 4, completed="2015-04-30", replaces="d", date="2015-05-06")
    )
    assert check(runner, ledger) == (
        0,
        [
            (
                LEDGER,
                "9:5",
                "PC711",
                "reg-1.1 實際進度100%，無完成日期: the report for month 2 completes the task "
                "(已完成 in its last ■ month) and gives no completed date",
                UNDATED_HINT,
            ),
            (
                LEDGER,
                "15:5",
                "PC711",
                "reg-1.4 實際進度100%，無完成日期: the report for month 6 completes the task "
                "(100 %) and gives no completed date",
                UNDATED_HINT,
            ),
        ],
    )


def test_pc712_progress_going_backwards(runner: CliRunner, plan: Path) -> None:
    """進度倒退: a percent below the last one given for an earlier month of the task; a
    correction of that month's figure replaces it, and a month without a percent is skipped."""
    behind = {"reason": "人力不足", "measure": "加派人力"}
    ledger = (
        block("a", "reg-1.4", 1, "辦理中", percent="20", date="2015-02-05")  # lines 3-9
        + block("b", "reg-1.4", 2, "辦理中", date="2015-03-05", **behind)  # 10-17
        + block("c", "reg-1.4", 3, "辦理中", percent="12.5", date="2015-04-05", **behind)
        + block("d", "reg-1.2", 3, "辦理中", percent="60", date="2015-04-05")  # 27-33
        + block(
            "e", "reg-1.2", 3, "辦理中", percent="30", replaces="d", date="2015-04-06", **behind
        )
        + block("f", "reg-1.2", 4, "辦理中", percent="40", date="2015-05-05", **behind)
    )
    assert check(runner, ledger) == (
        0,
        [
            (
                LEDGER,
                "23:14",
                "PC712",
                "reg-1.4 進度倒退: 12.5 % at month 3, below 20 % at month 1 (a)",
                "if month 1's figure was wrong, correct it: a new entry with `replaces: a`",
            )
        ],
    )


def test_pc713_dates_out_of_order(runner: CliRunner, plan: Path) -> None:
    """A report dated before its month begins (its first day is fine), a completion after
    the report's date (the same day is fine); a date before the plan year is PC703's alone."""
    ledger = (
        block(
            "a",
            "reg-1.2",
            4,
            "辦理中",
            percent="50",
            reason="缺人",
            measure="加班",
            date="2015-03-31",
        )  # lines 3-11
        + block("b", "reg-1.2", 3, "辦理中", percent="50", date="2015-03-01")  # 12-18
        + block("c", "reg-1.1", 2, completed="2015-04-10", date="2015-04-08")  # 19-25
        + block("d", "reg-1.1", 1, completed="2015-02-05", date="2015-02-05")  # 26-32
        + block("e", "reg-1.4", 1, "辦理中", percent="10", date="2014-12-31")  # 33-39
    )
    hint = "a month is reported once it has begun; is the month or the date mistyped?"
    assert check(runner, ledger) == (
        1,
        [
            (LEDGER, "11:11", "PC713", "date 2015-03-31 is before month 4 begins (2015-04-01)",
             hint),
            (LEDGER, "24:16", "PC713", "completed 2015-04-10 is after the report's date "
             "2015-04-08", "a report completes work done by the day it is made"),
            (LEDGER, "39:11", "PC703", "date 2014-12-31 is outside 2015–2016",
             "the plan is for 2015"),
        ],
    )  # fmt: skip


def test_pc713_in_a_quarterly_plan_counts_from_the_quarter(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A quarter's report (for its last month) may be made from the quarter's first day on:
    the finding, its hint and the code's summary speak of the quarter, not of the month."""
    monkeypatch.chdir(tmp_path)
    quarterly_plan(tmp_path)
    ledger = (
        block("a", "reg-1.4", 6, "辦理中", percent="50", date="2015-04-01")  # lines 3-9
        + block("b", "reg-1.5", 6, "辦理中", percent="50", date="2015-03-31")  # 10-16
    )
    assert check(runner, ledger) == (
        1,
        [
            (LEDGER, "16:11", "PC713", "date 2015-03-31 is before 第2季 (month 6) begins "
             "(2015-04-01)", "a quarter is reported once it has begun; is the month or the date "
             "mistyped?"),
        ],
    )  # fmt: skip
    assert CODES["PC713"].summary.startswith(
        "a report dated before the month it reports has begun (in a quarterly plan, the quarter)"
    )


def test_a_ledger_key_in_the_wrong_place_is_not_its_own_suggestion(
    runner: CliRunner, plan: Path
) -> None:
    """`decision:` is a key of an entry's `review:`, not of the entry: the hint does not
    offer the very key given."""
    assert check(runner, block("a", "reg-1.1", 1, decision="解除列管")) == (
        1,
        [
            (LEDGER, "8:5", "PC102", "unknown key 'decision'",
             "'decision' is a key elsewhere in the file, not here"),
        ],
    )  # fmt: skip

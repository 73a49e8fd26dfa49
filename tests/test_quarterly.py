"""Quarterly reporting (季報, issue 19 item 3): a plan with `control: {period: quarter}` is
reported once a quarter, in one entry for the quarter's last month, due by `report_day` of the
month after the quarter. The plan is the bundled one with that line added; the ledger is built
with `planctl done`/`report` as a unit's clerk would."""

from __future__ import annotations

import json
from datetime import date
from fractions import Fraction
from pathlib import Path

import pytest
from click.testing import CliRunner

from planctl.cli import cli
from planctl.plan.model import Control, Task
from planctl.progress.measure import actual, completes, missing_months, reported_in
from tests.clients import PRINTING, needs, pages, squeeze
from tests.conftest import PLAN_2015
from tests.progress_helpers import entry

QUARTERLY = "control:\n  period: quarter\n"
TITLE = "臺北市中正區戶政事務所104年度提升服務品質實施計畫"
NOT_REPORTED = ["reg-1.5", "reg-2.1", "reg-3.1", "reg-4.1"]
"""The registration section's tasks of every month that nobody reports on in these tests."""


def quarterly_plan(folder: Path) -> Path:
    """The bundled plan, reported by quarter: plans/2015.yaml under `folder`."""
    text = PLAN_2015.read_text(encoding="utf-8")
    assert text.count("\nunits:\n") == 1
    (folder / "plans").mkdir()
    target = folder / "plans" / "2015.yaml"
    target.write_text(text.replace("\nunits:\n", f"\n{QUARTERLY}units:\n"), encoding="utf-8")
    return target


def run(runner: CliRunner, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def plan(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An office folder as the current folder, its plan quarterly, no ledger yet."""
    monkeypatch.chdir(tmp_path)
    return quarterly_plan(tmp_path)


def file(runner: CliRunner, *filings: tuple[str, ...]) -> None:
    for args in filings:
        code, _, err = run(runner, *args)
        assert code == 0, err


PROGRESS = ("report", "-s", "辦理中", "-m", "3")
REASONS = ("--reason", "人力不足", "--measure", "加派人力")
FIRST_QUARTER = (
    ("done", "reg-1.1", "-m", "3", "-d", "2015-04-02"),
    (*PROGRESS, "reg-1.2", "-p", "50", "-t", "已清查半數", "-d", "2015-04-08"),
    (*PROGRESS, "reg-1.4", "-p", "10", "-t", "通報延遲", "-d", "2015-04-09", *REASONS),
)
"""第1季 reported for three tasks: reg-1.1 (months 1-2) done for 第1季 (month 3), so complete;
reg-1.2 (3-4) at 50 %; reg-1.4 (1-12) at 10 %, behind with its reasons."""


@pytest.fixture
def reported(runner: CliRunner, plan: Path) -> Path:
    """第1季 as FIRST_QUARTER, and reg-1.2 done for 第2季 (month 6): complete."""
    file(runner, *FIRST_QUARTER, ("done", "reg-1.2", "-m", "6", "-d", "2015-07-03"))
    return plan


def status(runner: CliRunner, *args: str) -> dict[str, object]:
    code, out, err = run(runner, "status", "-s", "reg", "--format", "json", *args)
    assert code == 0, err
    data: dict[str, object] = json.loads(out)
    return data


def missing(data: dict[str, object]) -> list[tuple[str, int, str]]:
    rows = data["missing"]
    assert isinstance(rows, list)
    return [(row["id"], row["month"], row["due"]) for row in rows]


def behind(data: dict[str, object]) -> list[str]:
    rows = data["behind"]
    assert isinstance(rows, list)
    return [row["id"] for row in rows]


# -- the measures ------------------------------------------------------------------------------


def test_a_quarter_is_reported_in_its_last_month() -> None:
    assert [reported_in(m, "quarter") for m in range(1, 13)] == [3] * 3 + [6] * 3 + [9] * 3 + [
        12
    ] * 3
    assert [reported_in(m, "month") for m in range(1, 13)] == list(range(1, 13))


def test_done_for_the_quarter_of_the_last_month_completes_the_task() -> None:
    """reg-1.1's months are 1-2: its 第1季 report (month 3) 已完成 completes it; in a monthly
    plan an 已完成 for month 3 is no report of its last month."""
    task = Task(id="t-1", text="清查", months=["1-2"])
    done = entry("t-1", 3)
    assert completes(done, task, "quarter")
    assert not completes(done, task, "month")
    assert actual(task, [done], "quarter") == 1
    assert actual(task, [done], "month") == 0


def test_done_for_a_quarter_counts_each_of_its_months() -> None:
    task = Task(id="t-1", text="清查", months=["1-12"])
    assert actual(task, [entry("t-1", 3)], "quarter") == Fraction(3, 12)
    assert actual(task, [entry("t-1", 3), entry("t-1", 6)], "quarter") == Fraction(6, 12)


def test_a_quarter_is_missing_after_the_reporting_day_of_the_month_after_it() -> None:
    task = Task(id="t-1", text="清查", months=["2", "8"])
    quarterly = Control(period="quarter", report_day=5)
    months = ((2015, 4, 5), (2015, 4, 6), (2015, 10, 5), (2015, 10, 6))
    found = [missing_months(task, [], 12, date(*day), 2015, quarterly) for day in months]
    assert found == [[], [3], [3], [3, 9]]  # no report is due for 第2季 or 第4季: no ■ month


def test_the_fourth_quarter_is_due_in_january_as_december_is() -> None:
    task = Task(id="t-1", text="清查", months=["12"])
    quarterly = Control(period="quarter")
    assert missing_months(task, [], 12, date(2016, 1, 10), 2015, quarterly) == []
    assert missing_months(task, [], 12, date(2016, 1, 11), 2015, quarterly) == [12]


# -- status at each quarter's end --------------------------------------------------------------


def test_first_quarter_around_its_reporting_day(runner: CliRunner, reported: Path) -> None:
    on_the_day = status(runner, "--quarter", "1", "--as-of", "2015-04-10")
    assert (on_the_day["period"], on_the_day["quarter"], on_the_day["month"]) == ("quarter", 1, 3)
    assert missing(on_the_day) == []
    after = status(runner, "--quarter", "1", "--as-of", "2015-04-11")
    assert missing(after) == [(task, 3, "2015-04-10") for task in NOT_REPORTED]
    assert behind(after) == ["reg-1.4", *NOT_REPORTED]
    tasks = {t["id"]: t for t in after["tasks"]}  # type: ignore[attr-defined]
    assert (tasks["reg-1.1"]["actual_pct"], tasks["reg-1.1"]["light"]) == (100.0, "green")
    assert (tasks["reg-1.2"]["planned_pct"], tasks["reg-1.2"]["actual_pct"]) == (50.0, 50.0)
    assert (tasks["reg-1.4"]["planned_pct"], tasks["reg-1.4"]["light"]) == (25.0, "yellow")
    assert tasks["reg-1.5"]["light"] == "red"  # its report is missing


def test_second_quarter_around_its_reporting_day(runner: CliRunner, reported: Path) -> None:
    before = status(runner, "--quarter", "2", "--as-of", "2015-07-10")
    assert missing(before) == [(task, 3, "2015-04-10") for task in NOT_REPORTED]
    after = status(runner, "--quarter", "2", "--as-of", "2015-07-11")
    second = [(task, 6, "2015-07-10") for task in ["reg-1.3", "reg-1.4", *NOT_REPORTED]]
    assert sorted(missing(after)) == sorted(missing(before) + second)
    assert behind(after) == ["reg-1.3", "reg-1.4", *NOT_REPORTED]  # reg-1.2 is complete


def test_fourth_quarter_is_due_in_january(runner: CliRunner, reported: Path) -> None:
    before = status(runner, "--quarter", "4", "--as-of", "2016-01-10")
    after = status(runner, "--quarter", "4", "--as-of", "2016-01-11")
    added = sorted(set(missing(after)) - set(missing(before)))
    assert all((month, due) == (12, "2016-01-10") for _, month, due in added)
    assert [task for task, _, _ in added] == sorted(
        ["reg-1.4", "reg-1.7", "reg-5.1", *NOT_REPORTED]
    )


def test_a_month_stands_at_the_end_of_its_quarter(runner: CliRunner, reported: Path) -> None:
    by_month = status(runner, "--month", "2", "--as-of", "2015-04-11")
    by_quarter = status(runner, "--quarter", "1", "--as-of", "2015-04-11")
    assert by_month == by_quarter
    assert status(runner, "--as-of", "2015-05-20")["quarter"] == 2  # the day's quarter


def test_the_status_tables_name_the_quarter(runner: CliRunner, reported: Path) -> None:
    args = ("--quarter", "1", "--as-of", "2015-04-11", "-s", "reg", "--format", "md")
    code, out, err = run(runner, "status", *args)
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == f"# {TITLE}　執行情形：民國104年第1季 (2015-01至2015-03)，截至 2015-04-11"
    assert "| ID | 編號 | 工作內容 | 課室 | 季別 | 應報日期 |" in lines
    assert "| reg-1.5 | 1 | 清查經戶政事務所註記死亡宣告進行中、失蹤人口未報者 | " in out
    assert "| 第1季 | 2015-04-10 |" in out
    following = lines.index("## 第2季預定辦理")
    assert (
        "| reg-1.2 | 1 | 清查九十歲以上設有戶籍者 | 戶籍登記課、戶籍資料課 | 本季完成 |"
        in (lines[following:])
    )
    assert "| reg-1.3 | 1 | " in out and "本季辦理 |" in out  # its months are 5-6


def test_the_fourth_quarter_is_followed_by_none(runner: CliRunner, reported: Path) -> None:
    code, out, _ = run(runner, "status", "--quarter", "4", "--as-of", "2016-01-11", "-s", "reg")
    assert code == 0
    assert "下季預定辦理：（無）" in out


def test_a_monthly_plan_asked_by_quarter_stands_at_its_end(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """--quarter on a monthly plan: the quarter's last month, its reports still monthly."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "plans").mkdir()
    (tmp_path / "plans" / "2015.yaml").write_bytes(PLAN_2015.read_bytes())
    data = status(runner, "--quarter", "1", "--as-of", "2015-04-11")
    assert (data["period"], data["quarter"], data["month"]) == ("month", 1, 3)
    assert [(m, due) for task, m, due in missing(data) if task == "reg-1.4"] == [
        (1, "2015-02-10"),
        (2, "2015-03-10"),
        (3, "2015-04-10"),
    ]
    monthly = status(runner, "--month", "3", "--as-of", "2015-04-11")
    assert (monthly["period"], monthly["quarter"]) == ("month", None)
    assert monthly["missing"] == data["missing"] and monthly["behind"] == data["behind"]


# -- check --as-of -----------------------------------------------------------------------------


def pc708(runner: CliRunner, as_of: str) -> list[str]:
    code, out, _ = run(runner, "check", "--as-of", as_of, "--format", "json")
    findings = json.loads(out)["findings"]
    found = [f["message"] for f in findings if f["code"] == "PC708"]
    assert code == (1 if found else 0)
    return found


def test_check_enforces_the_quarterly_deadline(runner: CliRunner, plan: Path) -> None:
    file(runner, *FIRST_QUARTER)
    assert [m for m in pc708(runner, "2015-04-10") if "reg-" in m] == []
    messages = [m for m in pc708(runner, "2015-04-11") if "reg-" in m]
    assert messages == [
        f"no progress report for {task}, month 3 (第1季, due 2015-04-10)" for task in NOT_REPORTED
    ]


# -- entries: one a quarter ----------------------------------------------------------------------


def test_a_month_inside_a_quarter_is_refused(runner: CliRunner, plan: Path) -> None:
    code, out, err = run(runner, "done", "reg-1.1", "-m", "2", "-d", "2015-03-05")
    assert (code, out) == (2, "")
    assert err == (
        "planctl: --month 2: the plan is reported by quarter (control.period: quarter); "
        "第1季 (months 1-3) is one report, for month 3 (give --month 3)\n"
    )
    assert not (plan.parent.parent / "progress").exists()
    code, _, err = run(runner, "report", "reg-1.4", "-m", "2015-11", "-s", "辦理中", "-t", "x")
    assert code == 2
    assert "第4季 (months 10-12) is one report, for month 12 (give --month 12)" in err


def test_without_a_month_the_report_is_for_the_quarter_of_its_date(
    runner: CliRunner, plan: Path
) -> None:
    code, out, err = run(runner, "done", "reg-1.3", "-d", "2015-05-20")
    assert code == 0, err
    assert out.startswith("reg-1.3-m06-")
    assert "(reg-1.3, month 6: 已完成)" in err


def test_a_quarters_report_of_a_scheduled_task_is_on_schedule(
    runner: CliRunner, plan: Path
) -> None:
    """reg-1.1's months are 1-2: its report for 第1季 (month 3) draws no note; one for 第2季
    does."""
    code, _, err = run(runner, "done", "reg-1.1", "-m", "3", "-d", "2015-04-02")
    assert code == 0 and "note:" not in err
    late = ("-m", "6", "-s", "辦理中", "-t", "補辦", "-d", "2015-07-02")
    code, _, err = run(runner, "report", "reg-1.1", *late)
    assert code == 0, err
    assert err.endswith("note: reg-1.1 is not scheduled in 第2季 (month 6) (its months: 1、2)\n")


# -- the options ---------------------------------------------------------------------------------


@pytest.mark.parametrize("command", [("status",), ("render", "--what", "review")])
def test_quarter_and_month_together_are_a_usage_error(
    runner: CliRunner, plan: Path, command: tuple[str, ...]
) -> None:
    code, out, err = run(runner, *command, "--quarter", "1", "--month", "3")
    assert (code, out) == (2, "")
    assert err == (
        "planctl: --quarter 1 and --month 3 name two periods: give one "
        "(--quarter 1 stands at month 3, the quarter's last)\n"
    )


def test_a_quarter_is_one_to_four(runner: CliRunner, plan: Path) -> None:
    code, _, err = run(runner, "status", "--quarter", "5")
    assert code == 2
    assert "'--quarter': 5 is not in the range 1<=x<=4" in err


def test_render_takes_a_quarter_only_for_the_progress_reports(
    runner: CliRunner, plan: Path
) -> None:
    code, _, err = run(runner, "render", "--what", "plan", "--quarter", "1")
    assert code == 2
    assert err == "planctl: --quarter applies only with --what review or results\n"


# -- the review --------------------------------------------------------------------------------


def review(runner: CliRunner, *args: str) -> str:
    code, out, err = run(runner, "render", "--what", "review", "--as-of", "2015-04-20", *args)
    assert code == 0, err
    return out


def test_the_review_is_titled_with_its_quarter(runner: CliRunner, reported: Path) -> None:
    lines = review(runner, "--quarter", "1", "-s", "reg", "--format", "md").splitlines()
    assert lines[0] == "# 臺北市中正區戶政事務所104年度第1季重要工作計畫執行情形管制考核表"
    assert lines[2] == "民國104年第1季（1至3月，資料截至民國104年4月20日）"
    assert "未填報：" + "、".join(f"{task}（第1季）" for task in NOT_REPORTED) in lines


def test_the_review_of_a_quarter_without_delays_says_so(runner: CliRunner, plan: Path) -> None:
    """eth-8.1 (months 3-5) and eth-10.1 (2, 6, 9) done for 第1季: a third of each, on track."""
    file(
        runner, *(("done", task, "-m", "3", "-d", "2015-04-01") for task in ("eth-8.1", "eth-10.1"))
    )
    out = review(runner, "--quarter", "1", "-s", "eth", "--format", "md")
    assert "本季無落後項目。" in out.splitlines()


def test_a_monthly_review_keeps_its_title(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "plans").mkdir()
    monthly = tmp_path / "plans" / "2015.yaml"
    monthly.write_bytes(PLAN_2015.read_bytes())
    lines = review(runner, "--month", "3", "--format", "md", str(monthly)).splitlines()
    assert lines[0] == "# 臺北市中正區戶政事務所104年度重要工作計畫執行情形管制考核表"
    assert lines[2] == "民國104年3月（資料截至民國104年4月20日）"


@needs(*PRINTING)
def test_the_printed_review_names_its_quarter(runner: CliRunner, reported: Path) -> None:
    out = reported.parent.parent / "第1季.pdf"
    review(runner, "--quarter", "1", "--format", "pdf", "-o", str(out), "-q")
    printed = pages(out)
    assert squeeze(printed[0]).startswith(
        "臺北市中正區戶政事務所104年度第1季重要工作計畫執行情形管制考核表"
        "民國104年第1季（1至3月，資料截至民國104年4月20日）"
    )


def due_reported(runner: CliRunner, month: str) -> dict[str, str]:
    code, out, err = run(runner, "due", "-m", month, "-s", "reg", "--format", "json")
    assert code == 0, err
    return {row["id"]: row["reported"] for row in json.loads(out)}


def test_due_shows_the_quarters_report_in_each_of_its_months(runner: CliRunner, plan: Path) -> None:
    file(runner, *FIRST_QUARTER)
    february, march = due_reported(runner, "2"), due_reported(runner, "3")
    assert (february["reg-1.1"], february["reg-1.4"]) == ("已完成", "辦理中 10%")
    assert (march["reg-1.2"], march["reg-1.4"], march["reg-1.5"]) == (
        "辦理中 50%",
        "辦理中 10%",
        "未填報",
    )


def test_a_quarters_report_may_be_made_from_its_first_month(runner: CliRunner, plan: Path) -> None:
    """PC713 counts from the quarter's first month: 第2季 (month 6) from 1 April."""
    early = ("-s", "辦理中", "-p", "50", "-t", "清查中")
    code, _, err = run(runner, "report", "reg-1.4", "-m", "6", *early, "-d", "2015-04-01")
    assert code == 0, err
    checked = json.loads(run(runner, "check", "--format", "json")[1])["findings"]
    assert [f for f in checked if f["code"] == "PC713"] == []
    code, out, err = run(runner, "report", "reg-1.5", "-m", "6", *early, "-d", "2015-03-31")
    assert (code, out) == (2, "")
    assert err == (
        "planctl: report date 2015-03-31 is before 第2季 (month 6) begins (2015-04-01) "
        "(a month is reported once it has begun: give the --month or --date meant)\n"
    )


def test_the_report_rules_read_a_quarters_report(runner: CliRunner, plan: Path) -> None:
    """reg-1.1 (months 1-2) 已完成 for 第1季 completes it: on track, so a 落後原因 is PC710,
    and a completion without its date is PC711; month 3 is its quarter's (no PC702), month 6
    is not."""
    done = ("-s", "已完成", "-t", "完成", "-d", "2015-04-02", *REASONS)
    file(runner, ("report", "reg-1.1", "-m", "3", *done))
    out = run(runner, "check", "--format", "json")[1]
    found = {(f["code"], f["message"].split(" ")[0]) for f in json.loads(out)["findings"]}
    assert {("PC710", "reg-1.1"), ("PC711", "reg-1.1")} <= found
    assert ("PC702", "reg-1.1") not in found
    file(runner, ("report", "reg-1.1", "-m", "6", "-s", "辦理中", "-t", "補辦", "-d", "2015-07-02"))
    out = run(runner, "check", "--format", "json")[1]
    [unscheduled] = [f for f in json.loads(out)["findings"] if f["code"] == "PC702"]
    assert unscheduled["message"] == (
        "reg-1.1 is not scheduled in 第2季 (month 6) (its months: 1、2)"
    )

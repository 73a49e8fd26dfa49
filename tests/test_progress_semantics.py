"""The 管考 semantics (docs/plan-format.md, "Progress ledgers") on hand-built ledgers."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from fractions import Fraction
from pathlib import Path

import pytest

from planctl.errors import UsageError
from planctl.plan.model import Control, Plan, Task
from planctl.plan.months import Month
from planctl.progress.measure import (
    actual,
    light,
    missing_months,
    planned,
    report_deadline,
)
from planctl.queries.status import progress, status_month
from planctl.repository.check import load_checked
from tests.conftest import MINIMAL, PLAN_2015
from tests.progress_helpers import entry, ledger

AFTER_ALL = date(2016, 12, 31)


@pytest.fixture(scope="module")
def plan() -> Plan:
    return load_checked(PLAN_2015).plan


def task(months: list[int | str]) -> Task:
    return Task(id="t-1", text="工作", months=months)


def test_planned_is_the_share_of_scheduled_months_up_to_the_month() -> None:
    assert planned(task(["3-4"]), 2) == 0
    assert planned(task(["3-4"]), 3) == Fraction(1, 2)
    assert planned(task(["3-4"]), 12) == 1
    assert planned(task([1, "5-6"]), 5) == Fraction(2, 3)
    assert planned(task([]), 5) is None


def test_actual_is_the_latest_percent_when_given() -> None:
    t = task(["1-4"])
    entries = [entry("t-1", 1, "辦理中", percent=40), entry("t-1", 2, "辦理中", percent=30)]
    assert actual(t, entries, "month") == Fraction(30, 100)


def test_actual_without_percent_is_the_share_of_done_months() -> None:
    t = task(["1-4"])
    entries = [entry("t-1", 1), entry("t-1", 2, "辦理中"), entry("t-1", 3)]
    assert actual(t, entries, "month") == Fraction(2, 4)


def test_done_in_the_last_month_or_100_percent_completes() -> None:
    t = task(["1-4"])
    assert actual(t, [entry("t-1", 4)], "month") == 1
    assert actual(t, [entry("t-1", 2, "辦理中", percent=100)], "month") == 1
    assert actual(t, [entry("t-1", 2, "已完成", percent=60)], "month") == Fraction(60, 100)


def test_a_month_is_missing_once_its_reporting_day_has_passed() -> None:
    t, control = task(["1-3"]), Control()
    assert report_deadline(2015, 1, 10) == date(2015, 2, 10)
    assert report_deadline(2015, 12, 10) == date(2016, 1, 10)
    assert missing_months(t, [], 3, date(2015, 2, 10), 2015, control) == []
    assert missing_months(t, [], 3, date(2015, 2, 11), 2015, control) == [1]
    assert missing_months(t, [], 3, date(2015, 4, 11), 2015, control) == [1, 2, 3]
    assert missing_months(t, [entry("t-1", 2)], 3, AFTER_ALL, 2015, control) == [1, 3]
    late = Control(report_day=20)
    assert missing_months(t, [], 3, date(2015, 2, 15), 2015, late) == []


def test_no_report_is_due_after_the_task_is_completed_or_stopped() -> None:
    t, control = task(["1-6"]), Control()
    completed = [entry("t-1", 1, percent=100)]
    assert missing_months(t, completed, 6, AFTER_ALL, 2015, control) == []
    stopped = [entry("t-1", 1, "辦理中", percent=10), entry("t-1", 2, "停辦")]
    assert missing_months(t, stopped, 6, AFTER_ALL, 2015, control) == []


@pytest.mark.parametrize(
    ("gap", "missing", "expected"),
    [
        (Fraction(0), False, "green"),
        (Fraction(-1, 2), False, "green"),
        (Fraction(1, 100), False, "yellow"),
        (Fraction(20, 100), False, "yellow"),
        (Fraction(21, 100), False, "red"),
        (Fraction(0), True, "red"),
    ],
)
def test_default_lights(gap: Fraction, missing: bool, expected: str) -> None:
    assert light(gap, missing, Control()) == expected


def test_lights_follow_the_plans_thresholds() -> None:
    control = Control(yellow=10, red=30)
    assert light(Fraction(10, 100), False, control) == "green"
    assert light(Fraction(11, 100), False, control) == "yellow"
    assert light(Fraction(31, 100), False, control) == "red"


def test_red_below_yellow_is_a_schema_error() -> None:
    with pytest.raises(ValueError, match="red must be at least yellow"):
        Control(yellow=30, red=10)


def test_the_issues_done_when_cases_on_the_bundled_plan(plan: Plan) -> None:
    """reg-1.1 done in months 1 and 2 is on track at 3; reg-1.4 with no entry is behind;
    reg-1.2 reported 50 % at month 3 is on track."""
    book = ledger(
        entry("reg-1.1", 1),
        entry("reg-1.1", 2),
        entry("reg-1.2", 3, "辦理中", percent=50),
    )
    result = progress(plan, book, 3, date(2015, 4, 5), section="reg")
    tasks = {t.task.id: t for t in result.tasks}
    assert (tasks["reg-1.1"].planned, tasks["reg-1.1"].actual) == (1, 1)
    assert not tasks["reg-1.1"].behind and tasks["reg-1.1"].done
    assert (tasks["reg-1.2"].planned, tasks["reg-1.2"].actual) == (Fraction(1, 2),) * 2
    assert not tasks["reg-1.2"].behind and tasks["reg-1.2"].light == "green"
    assert tasks["reg-1.4"].behind and tasks["reg-1.4"].planned == Fraction(3, 12)
    assert tasks["reg-1.4"].months_late == 3
    behind = [t.task.id for t in result.behind]
    assert behind == ["reg-1.4", "reg-1.5", "reg-2.1", "reg-3.1", "reg-4.1"]
    # As of 5 April the March reports are not due yet (the 10th): January and February are.
    assert [(t.task.id, m) for t, m in result.missing][:3] == [
        ("reg-1.4", 1),
        ("reg-1.4", 2),
        ("reg-1.5", 1),
    ]
    assert all(m in (1, 2) for _, m in result.missing)
    assert "reg-1.1" not in {t.task.id for t, _ in result.missing}
    assert {t.task.id for t in result.tasks} == {
        "reg-1.1", "reg-1.2", "reg-1.4", "reg-1.5", "reg-2.1", "reg-3.1", "reg-4.1"
    }  # fmt: skip
    section = result.sections[0]
    assert (section.scheduled, section.reported, section.done, section.behind) == (7, 2, 1, 5)
    assert section.missing == 10 and section.light == "red"


def test_corrections_replace_the_entry_they_name(plan: Plan) -> None:
    first = entry("reg-1.2", 3, "辦理中", percent=10, reason="人力不足", measure="加班")
    fixed = entry("reg-1.2", 3, "辦理中", percent=50, replaces=first.id)
    result = progress(plan, ledger(first, fixed), 3, AFTER_ALL, section="reg")
    reg12 = next(t for t in result.tasks if t.task.id == "reg-1.2")
    assert reg12.actual == Fraction(1, 2) and reg12.entries == (fixed,)


def test_a_stopped_task_is_not_behind_and_has_no_light(plan: Plan) -> None:
    book = ledger(entry("reg-1.4", 1), entry("reg-1.4", 2, "停辦", text="改由民政局辦理"))
    result = progress(plan, book, 6, AFTER_ALL, section="reg")
    reg14 = next(t for t in result.tasks if t.task.id == "reg-1.4")
    assert reg14.stopped and not reg14.behind and reg14.light is None and not reg14.missing


def test_unit_filter_and_next_month(plan: Plan) -> None:
    result = progress(plan, None, 3, AFTER_ALL, unit="會計")
    assert [s.table.code for s in result.sections] == ["acc"]
    assert [n.task.id for n in result.next] == ["acc-2.2"]  # the one acc task ■ in April
    everyone = progress(plan, None, 3, AFTER_ALL, unit="各課室")
    assert len(everyone.sections) == 6
    with pytest.raises(UsageError, match="unknown unit"):
        progress(plan, None, 3, AFTER_ALL, unit="不存在課")
    assert progress(plan, None, 12, AFTER_ALL).next == ()


def test_status_month_defaults(plan: Plan) -> None:
    assert status_month(plan, None, date(2015, 5, 2)) == 5
    assert status_month(plan, None, date(2026, 1, 1)) == 12
    assert status_month(plan, Month(3), date(2026, 1, 1)) == 3
    with pytest.raises(UsageError, match="outside the plan year"):
        status_month(plan, Month(3, 2016), date(2026, 1, 1))
    with pytest.raises(UsageError, match="before the plan year"):
        status_month(plan, None, date(2014, 5, 1))


def test_another_plan_with_its_own_control_block(tmp_path: Path) -> None:
    text = MINIMAL.read_text(encoding="utf-8") + "control:\n  report_day: 5\n  red: 50\n"
    path = tmp_path / "plan.yaml"
    path.write_text(text, encoding="utf-8")
    plan = load_checked(path).plan
    assert plan.control == Control(report_day=5, yellow=0, red=50)
    report = entry("reg-1.2", 3, "辦理中", percent=10, reason="人力不足", measure="加班")
    result = progress(plan, ledger(report), 3, date(2015, 3, 6))
    reg12 = next(t for t in result.tasks if t.task.id == "reg-1.2")
    # planned 1/3, actual 10 %: 23 points behind, under this plan's red line of 50.
    assert reg12.behind and reg12.light == "yellow"
    reg21 = next(t for t in result.tasks if t.task.id == "reg-2.1")
    assert reg21.missing == (1, 2) and reg21.light == "red"


def test_a_sections_progress_leaves_stopped_tasks_out(plan: Plan) -> None:
    book = ledger(entry("hr-1.1", 1, "停辦", text="本年度無職期屆滿人員"), entry("hr-1.2", 2))
    section = progress(plan, book, 2, date(2015, 3, 1), section="hr").sections[0]
    assert [t.task.id for t in section.counted] == ["hr-1.2"]
    # hr-1.2 (months 2-3): planned 1/2 at February, actual 1/2 (February done).
    assert (section.planned, section.actual, section.light) == (Fraction(1, 2),) * 2 + ("green",)


def test_actual_of_a_task_with_no_months_is_its_percent_or_nothing() -> None:
    assert actual(task([]), [entry("t-1", 3, "辦理中")], "month") == 0
    assert actual(task([]), [entry("t-1", 3, "已完成")], "month") == 0
    assert actual(task([]), [entry("t-1", 3, "辦理中", percent=30)], "month") == Fraction(3, 10)


def test_november_lists_decembers_work_next(plan: Plan) -> None:
    result = progress(plan, None, 11, AFTER_ALL)
    assert [(n.task.id, n.span) for n in result.next] == [
        *((task_id, "end") for task_id in ("reg-1.4", "reg-1.5", "reg-1.7", "reg-2.1")),
        *((task_id, "end") for task_id in ("reg-3.1", "reg-4.1", "reg-5.1")),
        *((task_id, "end") for task_id in ("adm-1.2", "adm-3.3", "adm-5.1", "adm-11.1")),
        ("adm-11.2", "single"),
        *((task_id, "end") for task_id in ("it-4.1", "it-5.1", "it-7.1")),
        ("eth-2.1", "single"),
    ]
    assert {n.units for n in result.next if n.table.code == "reg"} == {("戶籍登記課", "戶籍資料課")}


def test_a_section_with_nothing_scheduled_yet_has_no_share_and_no_light(plan: Plan) -> None:
    [section] = progress(plan, None, 1, AFTER_ALL, section="eth").sections
    assert (section.scheduled, section.tasks, section.counted) == (0, (), [])
    assert (section.planned, section.actual, section.light) == (0, 0, None)


def test_a_section_whose_every_task_stopped_has_no_share_and_no_light(plan: Plan) -> None:
    book = ledger(entry("hr-1.1", 1, "停辦", text="無職期屆滿人員"), entry("hr-1.2", 2, "停辦"))
    [section] = progress(plan, book, 2, date(2015, 3, 1), section="hr").sections
    assert [t.task.id for t in section.tasks] == ["hr-1.1", "hr-1.2"]
    assert all(t.stopped and t.light is None for t in section.tasks)
    assert (section.counted, section.planned, section.actual, section.light) == ([], 0, 0, None)


def test_units_named_by_alias_are_reported_by_name(tmp_path: Path) -> None:
    text = MINIMAL.read_text(encoding="utf-8")
    path = tmp_path / "plan.yaml"
    path.write_text(text.replace("units: [戶籍登記課]\n", "units: [登記課]\n"), encoding="utf-8")
    result = progress(load_checked(path).plan, None, 4, AFTER_ALL, section="reg")
    assert [(s.table.code, s.units) for s in result.sections] == [("reg", ("戶籍登記課",))]
    assert {t.units for t in result.tasks} == {("戶籍登記課",)}
    assert [(n.task.id, n.units) for n in result.next] == [
        ("reg-1.2", ("戶籍登記課",)),
        ("reg-2.1", ("戶籍登記課",)),
    ]


def refusal(call: Callable[[], object]) -> tuple[str, str]:
    with pytest.raises(UsageError) as refused:
        call()
    return refused.value.message, refused.value.hint


def test_status_refusals_say_exactly_what_is_wrong(plan: Plan) -> None:
    assert refusal(lambda: status_month(plan, Month(3, 2016), date(2026, 1, 1))) == (
        "2016-03 is outside the plan year 2015 (民國104年)",
        "give --month 1-12 or a month of the plan year",
    )
    assert refusal(lambda: status_month(plan, None, date(2014, 5, 1))) == (
        "2014-05-01 is before the plan year 2015: give --month",
        "",
    )
    assert refusal(lambda: progress(plan, None, 3, AFTER_ALL, unit="不存在課")) == (
        "unknown unit '不存在課'",
        "known: 戶籍登記課、戶籍資料課、行政庶務課、資訊、會計、政風、人事、研考、文管、總務、"
        "各責任里同仁、各課室",
    )
    assert status_month(plan, Month(3, 2015), date(2026, 1, 1)) == 3
    assert status_month(plan, None, date(2015, 12, 31)) == 12


def test_a_tasks_latest_report_reason_and_lateness(plan: Plan) -> None:
    reasoned = entry("reg-1.4", 1, "辦理中", percent=5, reason="人力不足", measure="加班")
    later = entry("reg-1.4", 2, "辦理中", percent=10)
    result = progress(plan, ledger(reasoned, later), 3, AFTER_ALL, section="reg")
    tasks = {t.task.id: t for t in result.tasks}
    reg14 = tasks["reg-1.4"]
    assert reg14.latest == later and reg14.entries == (reasoned, later)
    assert (reg14.latest_text("reason"), reg14.latest_text("measure")) == ("人力不足", "加班")
    assert reg14.latest_text("text") == "依計畫辦理"
    # planned 3/12 (months 1-12 up to March), actual 10 %: 0.15 of 12 months, rounded up.
    assert (reg14.planned, reg14.actual, reg14.months_late) == (Fraction(1, 4), Fraction(1, 10), 2)
    reg15 = tasks["reg-1.5"]
    assert (reg15.latest, reg15.latest_text("reason"), reg15.entries) == (None, "", ())
    done = progress(plan, ledger(entry("reg-1.1", 1, percent=100)), 3, AFTER_ALL, section="reg")
    reg11 = next(t for t in done.tasks if t.task.id == "reg-1.1")
    assert (reg11.done, reg11.behind, reg11.months_late) == (True, False, 0)
    assert result.deadline(3) == date(2015, 4, 10)
    assert result.deadline(12) == date(2016, 1, 10)

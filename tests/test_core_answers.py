"""The core of `due` and `status` (and of render's review and results), called as a second
front end would call it: one function each, returning the answer the CLI only presents."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from planctl.errors import UsageError
from planctl.plan.months import Month
from planctl.progress.load import load_ledger
from planctl.queries.due import due, due_answer
from planctl.queries.status import NOT_REPORTED, progress, progress_asked
from planctl.repository.check import load_checked, load_checked_plans
from tests.conftest import PLAN_2015, TESTS
from tests.progress_helpers import office

LEDGER = TESTS / "ledgers" / "2015.yaml"
UNSCHEDULED = TESTS / "plans" / "land-office-kaohsiung.yaml"


def test_due_answer_is_the_months_rows_under_its_label() -> None:
    plans = load_checked_plans((str(PLAN_2015),))
    answer = due_answer(plans, "104-03", None, "戶籍登記課")
    assert answer.label == "民國104年3月 (2015-03)"
    assert answer.rows == due(plans, Month(3, 2015), unit="戶籍登記課") != []
    assert (answer.merged, answer.unscheduled, answer.scheduled) == (False, [], True)
    assert {row.reported for row in answer.rows} == {None}  # no ledger: nothing reported


def test_due_answer_names_the_plans_without_a_schedule() -> None:
    plans = load_checked_plans((str(PLAN_2015), str(UNSCHEDULED)))
    answer = due_answer(plans, "2015-03", None, None)
    assert answer.unscheduled == [str(UNSCHEDULED)]
    assert not answer.merged and answer.scheduled  # March 2015 is the 2015 plan's alone
    alone = due_answer(load_checked_plans((str(UNSCHEDULED),)), "3", None, None)
    assert (alone.unscheduled, alone.scheduled) == ([str(UNSCHEDULED)], False)


def test_due_answer_says_what_each_task_reported_when_the_plan_has_a_ledger(
    tmp_path: Path,
) -> None:
    plan_file = office(tmp_path)
    (tmp_path / "progress").mkdir()
    shutil.copyfile(LEDGER, tmp_path / "progress" / "2015.yaml")
    rows = due_answer(load_checked_plans((str(plan_file),)), "3", None, None).rows
    reported = {row.id: row.reported for row in rows if row.kind == "task"}
    assert reported["reg-1.2"] == "辦理中 50%"
    assert NOT_REPORTED in reported.values()


def test_progress_asked_stands_at_the_month_typed_or_at_the_day() -> None:
    plan, ledger = load_checked(PLAN_2015).plan, load_ledger(PLAN_2015)
    day = date(2015, 4, 15)
    asked = progress_asked(plan, ledger, "104年3月", day, section="reg")
    assert asked == progress(plan, ledger, 3, day, section="reg")
    assert progress_asked(plan, ledger, None, day).month == 4
    assert progress_asked(plan, ledger, None, date(2016, 2, 1)).month == 12


def test_progress_asked_refuses_a_month_of_another_year() -> None:
    plan = load_checked(PLAN_2015).plan
    with pytest.raises(UsageError) as refused:
        progress_asked(plan, None, "2016-03", date(2015, 4, 15))
    assert refused.value.message == "2016-03 is outside the plan year 2015 (民國104年)"

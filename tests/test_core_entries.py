"""The core of `done`, `report` and `review`, called as a second front end would call it:
what an entry is (progress/entries.py, pure) and how it is recorded (repository/ledger.py),
without the command line."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from planctl.errors import UsageError
from planctl.progress.entries import Done, Filing, Progressed, Report
from planctl.progress.load import load_ledger
from planctl.progress.model import Review
from planctl.repository.check import load_checked
from planctl.repository.ledger import record_entry, review_entry
from tests.conftest import PLAN_2015
from tests.progress_helpers import office

PLAN = load_checked(PLAN_2015).plan


def test_done_is_for_the_month_of_its_date_and_completes_the_task_that_day() -> None:
    filing = Filing("reg-1.1", None, date(2015, 2, 5), ("北市正戶登字第1043000101號",))
    assert Done(filing, "依計畫辦理完成").entry(PLAN) == Report(
        "reg-1.1",
        2,
        "已完成",
        "依計畫辦理完成",
        date(2015, 2, 5),
        completed=date(2015, 2, 5),
        evidence=("北市正戶登字第1043000101號",),
    )


def test_done_in_the_next_year_is_for_the_month_given_and_has_no_completion_day() -> None:
    entry = Done(Filing("reg-1.4", "12", date(2016, 1, 8)), "已辦理").entry(PLAN)
    assert (entry.month, entry.completed, entry.date) == (12, None, date(2016, 1, 8))


def test_done_in_the_next_year_without_a_month_is_refused() -> None:
    with pytest.raises(UsageError) as refused:
        Done(Filing("reg-1.4", None, date(2016, 1, 8)), "已辦理").entry(PLAN)
    assert refused.value.message == "2016-01-08 is not in the plan year 2015: give --month"


def test_a_progress_report_carries_every_field_and_reads_the_month_in_any_form() -> None:
    filing = Filing("reg-1.4", "104-03", date(2015, 4, 8), by="戶籍登記課", replaces="x")
    report = Progressed(filing, "辦理中", "通報延遲", 10.0, "人力不足", "加派人力").entry(PLAN)
    assert report == Report(
        "reg-1.4",
        3,
        "辦理中",
        "通報延遲",
        date(2015, 4, 8),
        percent=10.0,
        reason="人力不足",
        measure="加派人力",
        by="戶籍登記課",
        replaces="x",
    )


def test_a_month_of_another_year_is_refused() -> None:
    with pytest.raises(UsageError) as refused:
        Progressed(Filing("reg-1.4", "2016-03", date(2015, 4, 8)), "辦理中", "t").entry(PLAN)
    assert refused.value.message == "--month 2016-03: outside the plan year 2015 (民國104年)"


def test_record_entry_appends_to_the_ledger_of_the_plan_with_the_task(tmp_path: Path) -> None:
    plan_file = office(tmp_path)
    filing = Filing("reg-1.1", "1", date(2015, 2, 5))
    recorded = record_entry((str(tmp_path / "plans"),), Done(filing, "清查完畢"))
    assert recorded.ledger == tmp_path / "progress" / "2015.yaml"
    assert re.fullmatch(r"reg-1\.1-m01-[0-9a-f]{6}", recorded.entry.id)
    assert recorded.entry.by is None  # the section has two units: none is guessed
    assert (recorded.scheduled, recorded.note()) == ((1, 2), None)
    ledger = load_ledger(plan_file)
    assert ledger is not None and ledger.entries == [recorded.entry]


def test_an_entry_for_a_month_off_the_schedule_says_so(tmp_path: Path) -> None:
    office(tmp_path)
    filing = Filing("reg-1.6", "5", date(2015, 6, 5))
    recorded = record_entry((str(tmp_path / "plans"),), Done(filing, "提前辦理"))
    assert recorded.entry.month == 5
    assert (recorded.scheduled, recorded.note()) == (
        (8, 9),
        "reg-1.6 is not scheduled in month 5 (its months: 8、9)",
    )


def test_review_entry_appends_a_correction_that_carries_the_review(tmp_path: Path) -> None:
    plan_file = office(tmp_path)
    paths = (str(plan_file),)
    reported = record_entry(paths, Done(Filing("reg-1.1", "1", date(2015, 2, 5)), "完畢")).entry
    verdict = Review(decision="解除列管", date=date(2015, 2, 20), note="同意", by="研考")
    reviewed = review_entry(paths, reported.id, verdict)
    assert reviewed.replaces == reported.id and reviewed.id != reported.id
    assert reviewed.review is not None and reviewed.review.decision == "解除列管"
    ledger = load_ledger(plan_file)
    assert ledger is not None and [e.id for e in ledger.entries] == [reported.id, reviewed.id]

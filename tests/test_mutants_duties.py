"""`duties` task rows asked of queries/duties.py directly: a task's context is its 計畫項目,
none when the table's rows have no 計畫項目 grouping (mutation testing: docs/testing.md)."""

from __future__ import annotations

from planctl.queries.duties import duties
from planctl.repository.check import load_checked
from tests.conftest import PLAN_2015, TESTS

OFFICE_WIDE = TESTS / "plans" / "office-wide-schedule.yaml"


def test_a_tasks_context_is_its_item_name() -> None:
    rows = [row for row in duties([load_checked(PLAN_2015)]) if row.kind == "task"]
    assert (rows[0].id, rows[0].number, rows[0].context) == (
        "reg-1.1",
        "1",
        ("104年度清查人口作業",),
    )


def test_items_without_a_name_give_no_context() -> None:
    rows = [row for row in duties([load_checked(OFFICE_WIDE)]) if row.kind == "task"]
    assert [(row.id, row.number, row.context) for row in rows] == [
        ("all-1.1", "一、", ()),
        ("all-2.1", "二、", ()),
        ("all-3.1", "三、", ()),
        ("all-4.1", "四、", ()),
    ]

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


def test_a_method_without_a_number_adds_none_to_the_path() -> None:
    """伍、一、(一)'s one method has no number of its own: the row is numbered by its
    strategy."""
    rows = [row for row in duties([load_checked(PLAN_2015)]) if row.kind == "strategy"]
    assert (rows[0].part, rows[0].number) == ("伍、執行策略與方法", "伍、一、(一)")
    assert rows[0].text.startswith("各課室應針對本所整體組織目標")

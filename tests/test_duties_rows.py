"""`duties` task rows asked of queries/duties.py directly: a task's context is its 計畫項目,
none when the table's rows have no 計畫項目 grouping (mutation testing: docs/testing.md)."""

from __future__ import annotations

from pathlib import Path

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


def test_a_method_with_units_of_its_own_is_one_row(tmp_path: Path) -> None:
    """Sub-items with units are rows of their own only when the method names none: with the
    method's 研考 added, 二、(三) is one row holding both sub-items."""
    method = (
        "              - text: 檢討現行法令規章之規定，廣提建言，"
        "提請上級機關簡併或修改各項規定及書表，以提升服務的便利性。\n"
    )
    text = PLAN_2015.read_text(encoding="utf-8")
    assert method in text
    (path := tmp_path / "2015.yaml").write_text(
        text.replace(method, method + "                units: [研考]\n"), encoding="utf-8"
    )
    rows = [row for row in duties([load_checked(path)]) if row.text.startswith("檢討現行法令")]
    assert [(row.number, row.details, row.units) for row in rows] == [
        (
            "伍、二、(三)",
            ("(1)檢討各項戶政法規並建議修正。", "(2)修訂戶政法令解釋彙編。"),
            ("研考",),
        )
    ]

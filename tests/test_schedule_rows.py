"""The 作業時程管制表 rows every output shares (queries/schedule.py), asked in-process: the
renders that print them run in a process of their own, so mutation testing found these
unchecked (docs/testing.md)."""

from __future__ import annotations

from pathlib import Path

from planctl.queries.schedule import ScheduleRow, month_marks, schedule_sheets
from planctl.repository.check import load_checked
from tests.conftest import PLAN_2015, TESTS

OFFICE_WIDE = TESTS / "plans" / "office-wide-schedule.yaml"

EMPTY_ITEM = """\
          - number: 五、
            name: 年度檢討
            tasks: []
"""
"""An item with no tasks yet: its 編號 and 計畫項目 are still printed."""


def test_twelve_flags_january_first() -> None:
    task = load_checked(OFFICE_WIDE).plan.parts[0].tables[0].items[2].tasks[0]
    assert task.id == "all-3.1"
    marks = [False] * 12
    marks[2] = marks[8] = True  # months: [3, 9]
    assert month_marks(task) == marks


def test_rows_without_an_item_name_have_an_empty_one() -> None:
    (sheet,) = schedule_sheets(load_checked(OFFICE_WIDE).plan)
    assert [(row.id, row.no, row.item) for row in sheet.rows] == [
        ("all-1.1", "一、", ""),
        ("all-2.1", "二、", ""),
        ("all-3.1", "三、", ""),
        ("all-4.1", "四、", ""),
    ]


def test_an_item_without_tasks_is_a_row_of_its_own(tmp_path: Path) -> None:
    """Its row has no task ID, text, months, 備註 or units; asked for a month, it has no
    row."""
    text = OFFICE_WIDE.read_text(encoding="utf-8").rstrip("\n") + "\n" + EMPTY_ITEM
    (path := tmp_path / "2015.yaml").write_text(text, encoding="utf-8")
    plan = load_checked(path).plan
    (sheet,) = schedule_sheets(plan)
    assert sheet.rows[-1] == ScheduleRow("", "五、", "年度檢討", 1, "", (), None, ())
    (march,) = schedule_sheets(plan, month=3)
    assert [row.id for row in march.rows] == ["all-1.1", "all-2.1", "all-3.1"]


def test_the_first_task_of_an_item_spans_its_rows() -> None:
    """編號 and 計畫項目 span the item's tasks (those of the month, when one is asked)."""
    plan = load_checked(PLAN_2015).plan
    spans = [(row.id, row.item_rows) for row in schedule_sheets(plan)[0].rows[:3]]
    assert spans == [("reg-1.1", 7), ("reg-1.2", 0), ("reg-1.3", 0)]
    january = [(row.id, row.item_rows) for row in schedule_sheets(plan, month=1)[0].rows[:4]]
    assert january == [("reg-1.1", 3), ("reg-1.4", 0), ("reg-1.5", 0), ("reg-2.1", 1)]


def test_a_unit_gets_the_tables_it_works_in(tmp_path: Path) -> None:
    """--unit: the tables whose units include it (the last one too), their units as the
    registry names them (the plan writes aliases here), no 承辦單位 column."""
    text = PLAN_2015.read_text(encoding="utf-8").replace(
        "        units: [戶籍登記課, 戶籍資料課]\n", "        units: [登記課, 資料課]\n"
    )
    (path := tmp_path / "2015.yaml").write_text(text, encoding="utf-8")
    plan = load_checked(path).plan
    found = [(s.section, s.units, s.units_heading, len(s.rows)) for s in schedule_sheets(plan)]
    assert found[0] == ("登記課及資料課", ("戶籍登記課", "戶籍資料課"), "", 12)
    (reg,) = schedule_sheets(plan, unit="資料課")
    assert (reg.section, len(reg.rows)) == ("登記課及資料課", 12)
    (hr,) = schedule_sheets(plan, unit="人事")
    assert (hr.section, len(hr.rows)) == ("人事", 7)


def test_a_unit_gets_its_rows_of_an_office_wide_table(tmp_path: Path) -> None:
    """Its own rows and those for every unit, under the table's heading of the column, or
    承辦單位 when the table names none."""
    (sheet,) = schedule_sheets(load_checked(OFFICE_WIDE).plan, unit="測量課")
    rows = [(row.id, row.units) for row in sheet.rows]
    assert rows == [("all-2.1", ("測量課",)), ("all-4.1", ())]
    assert sheet.units_heading == "執行課室"
    text = OFFICE_WIDE.read_text(encoding="utf-8").replace("        units_heading: 執行課室\n", "")
    (path := tmp_path / "2015.yaml").write_text(text, encoding="utf-8")
    (sheet,) = schedule_sheets(load_checked(path).plan, unit="測量課")
    assert sheet.units_heading == "承辦單位"

"""`--section` on an office-wide 管制表 (one table, 承辦單位 per row), asked of
queries/sections.py directly: the table narrowed to the unit's rows, the rows for every unit
(各課室) kept, an item's other rows dropped, and a unit with no rows unknown. Mutation testing
found these unchecked (docs/testing.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

from planctl.errors import UsageError
from planctl.queries.sections import select_tables
from planctl.repository.check import load_checked
from tests.conftest import TESTS

OFFICE_WIDE = TESTS / "plans" / "office-wide-schedule.yaml"

ITEM = """\
          - number: 五、
            tasks:
              - id: all-5.1
                text: 各課室自主檢查
                units: [各課室]
                months: [6]
              - id: all-5.2
                text: 地價查估作業檢討
                units: [地價課]
                months: [6]
"""
"""An item with a row for every unit and a row for 地價課 only."""


@pytest.fixture(scope="module")
def plan_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    text = OFFICE_WIDE.read_text(encoding="utf-8")
    text = text.replace("  - name: 各課室\n", "  - name: 人事室\n  - name: 各課室\n")
    path = tmp_path_factory.mktemp("office") / "2015.yaml"
    path.write_text(text.rstrip("\n") + "\n" + ITEM, encoding="utf-8")
    return path


def ids(plan_path: Path, section: str) -> list[list[str]]:
    """Each item's task IDs in the tables `section` chooses."""
    plan = load_checked(plan_path).plan
    return [
        [task.id for task in item.tasks]
        for table in select_tables(plan, section)
        for item in table.items
    ]


def test_a_unit_gets_its_rows_and_those_for_every_unit(plan_path: Path) -> None:
    assert ids(plan_path, "測量課") == [["all-2.1"], ["all-4.1"], ["all-5.1"]]


def test_the_table_named_by_its_section_is_whole(plan_path: Path) -> None:
    assert ids(plan_path, "全所")[-1] == ["all-5.1", "all-5.2"]


def test_a_unit_without_rows_names_no_section(plan_path: Path) -> None:
    with pytest.raises(UsageError) as raised:
        ids(plan_path, "人事室")
    assert str(raised.value) == "unknown section 「人事室」"

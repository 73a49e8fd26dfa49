"""The structure rules' findings in full (planctl.rules.structure): the hints of PC304 and
PC305, and PC307 for an item numbered with a label (一、), which is checked for repeats only."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from planctl.cli import cli
from tests.conftest import CHECK
from tests.helpers import PLAN, findings


def first(runner: CliRunner, path: Path) -> tuple[object, ...]:
    """The first finding of the plan at `path`: code, line, column, path, message and hint."""
    result = runner.invoke(cli, ["check", "--format", "json", str(path)])
    found = json.loads(result.stdout)["findings"][0]
    return tuple(found[key] for key in ("code", "line", "column", "path", "message", "hint"))


TASK_ID = "parts[4].tables[0].items[1].tasks[0].id"


def test_a_bad_task_id_says_what_an_id_is(runner: CliRunner) -> None:
    assert first(runner, CHECK / "PC304-bad-task-id.yaml") == (
        "PC304",
        82,
        21,
        TASK_ID,
        "task ID '登記 2.1' is not a short ASCII name",
        "letters, digits, '.', '-' and '_', at most 32, e.g. reg-1.2",
    )


def test_a_task_id_used_twice_names_the_first_task(runner: CliRunner) -> None:
    assert first(runner, CHECK / "PC305-duplicate-task-id.yaml") == (
        "PC305",
        82,
        21,
        TASK_ID,
        "task ID 'reg-1.1' is used twice",
        "first used by 「清查百歲人瑞」",
    )


def test_an_item_label_used_twice(runner: CliRunner, tmp_path: Path) -> None:
    """Both items of 登記課 numbered 一、: PC307 on the second."""
    text = PLAN.replace(
        "- number: 1\n            name: 清查人口", "- number: 一、\n            name: 清查人口"
    )
    text = text.replace(
        "- number: 2\n            name: 門牌", "- number: 一、\n            name: 門牌"
    )
    plan = tmp_path / "plan.yaml"
    plan.write_text(text, encoding="utf-8")
    assert first(runner, plan) == (
        "PC307",
        79,
        21,
        "parts[4].tables[0].items[1].number",
        "編號 一、 is used twice in 登記課",
        "an item continued on a new page is one item: merge them",
    )


def test_an_item_number_repeated(runner: CliRunner) -> None:
    assert first(runner, CHECK / "PC307-duplicate-item-number.yaml") == (
        "PC307",
        79,
        21,
        "parts[4].tables[0].items[1].number",
        "編號 1 follows 編號 1 in 登記課",
        "an item continued on a new page is one item: merge them",
    )


def test_two_tables_for_one_section(runner: CliRunner, tmp_path: Path) -> None:
    """The 人事 table renamed 登記課: PC309 names the section, on the second table."""
    plan = tmp_path / "plan.yaml"
    plan.write_text(PLAN.replace("- section: 人事\n", "- section: 登記課\n"), encoding="utf-8")
    assert first(runner, plan) == (
        "PC309",
        85,
        18,
        "parts[4].tables[1].section",
        "section '登記課' has two schedule tables",
        "",
    )


def test_columns_that_do_not_reach_the_units_say_how_to_span(runner: CliRunner) -> None:
    assert first(runner, CHECK / "PC601-columns-depth.yaml") == (
        "PC601",
        33,
        14,
        "parts[1].columns",
        "`columns:` cover 3 columns but the table has 4 (要領, 策略, 方法 and the units)",
        "one label per column; a label over two columns is written {label: 工作要領, span: 2}",
    )


@pytest.mark.parametrize(
    ("columns", "shown"),
    [
        ("[實施要領, 執行策略, 執行方法, 執行課室, 預期效益, 備註]", "預期效益、備註"),
        ("[實施要領, 執行策略, 執行方法, 執行課室]", "none"),
    ],
)
def test_an_unknown_cells_hint_lists_every_column_or_none(
    runner: CliRunner, tmp_path: Path, columns: str, shown: str
) -> None:
    text = (CHECK / "PC603-unknown-cell.yaml").read_text(encoding="utf-8")
    plan = tmp_path / "plan.yaml"
    plan.write_text(
        text.replace("[實施要領, 執行策略, 執行方法, 執行課室, 預期效益]", columns),
        encoding="utf-8",
    )
    found = first(runner, plan)
    assert (found[0], found[-1]) == (
        "PC603",
        f"the columns after the numbering levels and units: {shown}",
    )


def strategies(columns: str) -> str:
    """A strategy table without methods (two numbering levels), with `columns` if given."""
    return (
        "  - kind: strategies\n    number: 伍、\n    heading: 執行策略\n"
        + (f"    columns: {columns}\n" if columns else "")
        + "    principles:\n      - number: 一、\n        text: 提升服務品質。\n"
        + "        strategies:\n          - number: (一)\n            text: 訂定計畫。\n"
        + "            units: [登記課]\n"
    )


def test_columns_short_after_a_table_without_columns_and_without_methods(
    runner: CliRunner, tmp_path: Path
) -> None:
    """A table without `columns:` is passed over, not the end of the look; a table without
    methods has two numbering levels."""
    text = (CHECK / "PC601-columns-depth.yaml").read_text(encoding="utf-8")
    text = text.replace("  - kind: strategies\n", strategies("") + "  - kind: strategies\n", 1)
    text = text.replace("  - kind: period\n", strategies("[實施要領]") + "  - kind: period\n", 1)
    plan = tmp_path / "plan.yaml"
    plan.write_text(text, encoding="utf-8")
    result = runner.invoke(cli, ["check", "--format", "json", str(plan)])
    found = [
        (f["path"], f["message"])
        for f in json.loads(result.stdout)["findings"]
        if f["code"] == "PC601"
    ]
    assert found == [
        (
            "parts[2].columns",
            "`columns:` cover 3 columns but the table has 4 (要領, 策略, 方法 and the units)",
        ),
        (
            "parts[3].columns",
            "`columns:` cover 1 columns but the table has 3 (要領, 策略 and the units)",
        ),
    ]


def test_an_unknown_cell_names_the_columns_there_are(runner: CliRunner) -> None:
    assert first(runner, CHECK / "PC603-unknown-cell.yaml") == (
        "PC603",
        43,
        31,
        "parts[1].principles[0].strategies[0].methods[0].cells.完成期限",
        "cell 「完成期限」 is not a column of the table",
        "the columns after the numbering levels and units: 預期效益",
    )


def test_pc602_in_a_strategy_after_one_without_units(runner: CliRunner, tmp_path: Path) -> None:
    """A strategy without units (its method names its own, as it may) before one whose units
    a sub-item names again: the second is still looked at (mutation testing: `continue` as
    `break` passed every test)."""
    first = "          - number: (一)\n            text: 訂定計畫。\n"
    before = (
        "          - number: (一)\n            text: 研訂作業規定。\n            methods:\n"
        '              - number: "1."\n                text: 擬訂草案。\n'
        "                units: [登記課]\n"
    )
    text = PLAN.replace(
        first, before + first.replace("(一)", "(二)") + "            units: [人事]\n"
    )
    path = "parts[1].principles[0].strategies[1].methods[0].subitems[0].units"
    hint = "keep the units on the strategy (one shared cell) or on each method, not both"
    message = (
        "units on both a strategy and its method: the strategy's units are one cell shared "
        "by all its methods"
    )
    assert findings(runner, tmp_path, text) == [("PC602", 53, 28, path, message, hint)]

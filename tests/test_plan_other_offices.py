"""Another office's plan, with its own order, headings and units, works without code changes."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from planctl.cli import cli
from tests.conftest import TESTS

LAND = TESTS / "plans" / "land-office.yaml"


def test_checks_clean(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["check", "--strict", str(LAND)])
    assert (result.exit_code, result.stdout) == (0, "")


def test_due_includes_its_deadline_and_task(runner: CliRunner) -> None:
    result = runner.invoke(
        cli, ["due", "-m", "3", "--format", "json", "--unit", "地價課", str(LAND)]
    )
    rows = json.loads(result.stdout)
    assert [(row["id"], row["section"], row["span"]) for row in rows] == [
        ("price-1.1", "地價課", "start"),
        ("steps-1", "執行步驟", "single"),
    ]


def test_render_keeps_its_headings_order_and_columns(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["render", "--format", "md", str(LAND)])
    headings = [line for line in result.stdout.splitlines() if line.startswith("## ")]
    title = "臺北市測試地政事務所(地價課)104年度重要工作計畫作業時程管制表"
    assert headings == [
        "## 一、依據",
        "## 二、目標",
        "## 三、實施策略",
        "## 四、執行步驟",
        "## 附表",
        f"## {title}",
    ]
    assert "| 工作要領 | 工作重點 | 業務單位 |" in result.stdout
    assert "| (一)便捷服務。 | 1.辦理跨所登記收件。 | 登記課 |" in result.stdout
    assert "|  | 2.測量案件線上申辦。 | 測量課、秘書 |" in result.stdout


def test_render_html_has_three_columns(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["render", "--format", "html", "--what", "plan", str(LAND)])
    table = result.stdout.split('<table class="strategies without-methods">')[1]
    rows = table.split("<tbody>")[1].split("</tbody>")[0].split("<tr>")[1:]
    assert [row.count("<td") for row in rows] == [3, 2]


# -- a 地政事務所 of 高雄市: spanning header, shared unit cell, approvals with 文號, no 管制表 ----

KAOHSIUNG = TESTS / "plans" / "land-office-kaohsiung.yaml"


def test_kaohsiung_checks_clean(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["check", "--strict", str(KAOHSIUNG)])
    assert (result.exit_code, result.stdout) == (0, "")


def test_kaohsiung_markdown_keeps_every_column_and_its_approvals(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["render", "--format", "md", str(KAOHSIUNG)])
    lines = result.stdout.splitlines()
    assert lines[2:5] == [
        "民國107年1月15日高市測地秘字第10730012300號函頒",
        "",
        "107年2月27日高市地政秘字第10730145600號函核定",  # its `text`, as the letter words it
    ]
    table = [line for line in lines if line.startswith("|")]
    assert table[:4] == [
        "| 工作要領 |  | 工作重點 | 業務單位 |",
        "|---|---|---|---|",
        "| (一)便捷服務。 | 1.簡化申辦流程。 | 推動跨所登記收件及跨縣市代收代寄。 "
        "| 登記課、測量課 |",
        "|  |  | 測量案件線上申辦及進度查詢。 |  |",
    ]
    assert "## 三、實施對象" in lines
    assert "核定日晚於" not in result.stdout  # an editor's note


def test_kaohsiung_html_spans_the_header_and_the_shared_units(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["render", "--format", "html", "--what", "plan", str(KAOHSIUNG)])
    html = result.stdout
    assert '<th colspan="2">工作要領</th><th>工作重點</th><th>業務單位</th>' in html
    assert '<td class="shared-units" rowspan="2">登記課、測量課</td>' in html
    rows = html.split("<tbody>")[1].split("</tbody>")[0].split("<tr>")[1:]
    assert [row.count("<td") for row in rows] == [4, 1, 3, 4, 2]


# -- strategy tables with more columns than units -------------------------------------------

EXTRA = TESTS / "plans" / "extra-columns.yaml"


def test_extra_columns_check_clean(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["check", "--strict", str(EXTRA)])
    assert (result.exit_code, result.stdout) == (0, "")


def test_extra_columns_keep_every_cell_in_the_documents_order(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["render", "--format", "md", str(EXTRA)])
    table = [line for line in result.stdout.splitlines() if line.startswith("|")]
    assert table == [
        "| 實施策略 | 推動方法 | 具體推動作法 | 完成期限 | 執行單位 | 預期效益 |",
        "|---|---|---|---|---|---|",
        "| (一)便捷服務。 | 1.簡化申辦流程。 | (1)推動跨所登記收件。 | 107年6月30日 | 登記課 "
        "| 縮短民眾往返時間。 |",
        "|  |  | (2)測量案件線上申辦。 | 全年 | 測量課、資訊課 | 線上申辦比率達三成。 |",
        "| 執行策略 | 執行方法 | 主辦單位 | 具體作法 |",
        "|---|---|---|---|",
        "| (一)專業服務。 | 1.提升同仁專業知能。 | 各課室 | 每季辦理地政法令講習一次。 |",
    ]
    html = runner.invoke(cli, ["render", "--format", "html", str(EXTRA)]).stdout
    assert "<td>107年6月30日</td>\n<td>登記課</td>\n<td>縮短民眾往返時間。</td>" in html


def test_a_dated_deadline_of_a_strategy_row_is_due(runner: CliRunner) -> None:
    def ids(unit: str) -> list[tuple[str, str, list[str]]]:
        args = ["due", "-m", "6", "--format", "json", "--unit", unit, str(EXTRA)]
        rows = json.loads(runner.invoke(cli, args).stdout)
        return [(row["no"], row["task"], row["units"]) for row in rows]

    assert ids("登記課") == [("(一)1.(1)", "推動跨所登記收件。", ["登記課"])]
    assert ids("測量課") == []


# -- one office-wide 管制表: 承辦單位 per row, 編號 as written, no 計畫項目, 備註 -----------

OFFICE_WIDE = TESTS / "plans" / "office-wide-schedule.yaml"


def test_office_wide_schedule_checks_clean(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["check", "--strict", str(OFFICE_WIDE)])
    assert (result.exit_code, result.stdout) == (0, "")


def test_office_wide_schedule_renders_its_own_columns(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["render", "--format", "md", str(OFFICE_WIDE)])
    table = [line for line in result.stdout.splitlines() if line.startswith("|")]
    marks = " ■ | ■ | ■ | ■ | ■ | ■ | ■ | ■ | ■ | ■ | ■ | ■ |"
    assert table[0] == (
        "| 編號 | 工作內容 | 執行課室 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10 | 11 | 12 | 備註 |"
    )
    assert table[2] == f"| 一、 | 辦理跨所登記收件 | 登記課 |{marks} 每月統計 |"
    html = runner.invoke(cli, ["render", "--format", "html", str(OFFICE_WIDE)]).stdout
    assert '<th rowspan="2">執行課室</th>' in html and "計畫項目" not in html


@pytest.mark.parametrize(
    ("option", "name", "ids"),
    [
        ("--unit", "登記課", ["all-1.1"]),
        ("--unit", "秘書", ["all-3.1"]),
        ("--section", "測量課", ["all-2.1"]),
        ("--section", "全所", ["all-1.1", "all-2.1", "all-3.1"]),
        ("--section", "all", ["all-1.1", "all-2.1", "all-3.1"]),
    ],
)
def test_office_wide_schedule_answers_by_unit_and_section(
    runner: CliRunner, option: str, name: str, ids: list[str]
) -> None:
    args = ["due", "-m", "3", "--format", "json", option, name, str(OFFICE_WIDE)]
    rows = json.loads(runner.invoke(cli, args).stdout)
    assert [row["id"] for row in rows] == ids
    assert {row["no"] for row in rows} <= {"一、", "二、", "三、"}


def test_rows_without_units_concern_every_unit(runner: CliRunner) -> None:
    args = ["due", "-m", "10", "--format", "json", "--unit", "測量課", str(OFFICE_WIDE)]
    rows = json.loads(runner.invoke(cli, args).stdout)
    assert [(row["id"], row["units"], row["item"]) for row in rows] == [("all-4.1", [], "")]


def test_render_section_narrows_an_office_wide_table_to_its_rows(runner: CliRunner) -> None:
    args = ["render", "--format", "md", "--what", "schedule", "--section", "測量課"]
    result = runner.invoke(cli, [*args, str(OFFICE_WIDE)])
    rows = [line.split(" | ")[1] for line in result.stdout.splitlines() if line.startswith("| ")]
    assert rows == ["工作內容", "測量案件線上申辦推廣", "為民服務滿意度調查"]

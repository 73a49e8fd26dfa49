"""`planctl duties` and plans without a 作業時程管制表 (issue 9, item 7): what a unit is
responsible for across the plan; `due` and `render` say plainly when a plan schedules no month."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from planctl.cli import cli
from tests.conftest import MINIMAL, PLAN_2015, TESTS

LAND = TESTS / "plans" / "land-office.yaml"


@pytest.fixture
def unscheduled(tmp_path: Path) -> Path:
    """The land office's plan as many offices publish it: the strategy table, no 管制表."""
    text = LAND.read_text(encoding="utf-8")
    path = tmp_path / "land.yaml"
    path.write_text(text[: text.index("  - kind: schedules")], encoding="utf-8")
    return path


def run_json(runner: CliRunner, *args: str) -> list[dict[str, object]]:
    result = runner.invoke(cli, ["duties", "--format", "json", *args])
    assert result.exit_code == 0, result.output
    rows: list[dict[str, object]] = json.loads(result.stdout)
    return rows


def test_three_column_plan_lists_strategy_rows_and_tasks(runner: CliRunner) -> None:
    rows = run_json(runner, "--unit", "秘書", str(LAND))
    assert rows == [
        {
            "plan": "臺北市測試地政事務所104年度提升服務品質執行計畫",
            "file": str(LAND),
            "kind": "strategy",
            "id": "",
            "part": "三、實施策略",
            "number": "三、(一)2.",
            "text": "測量案件線上申辦。",
            "details": [],
            "context": ["便捷服務。"],
            "units": ["測量課", "秘書室"],
            "months": [],
        }
    ]
    assert [
        (r["number"], r["text"], r["months"]) for r in run_json(runner, "-u", "地價課", str(LAND))
    ] == [("1", "地價調查及估價", [3, 4, 5, 6, 7, 8, 9])]


def test_without_unit_every_row(runner: CliRunner) -> None:
    rows = run_json(runner, str(LAND))
    assert [(r["kind"], r["number"], r["units"]) for r in rows] == [
        ("strategy", "三、(一)1.", ["登記課"]),
        ("strategy", "三、(一)2.", ["測量課", "秘書室"]),
        ("task", "1", ["地價課"]),
    ]


def test_bundled_plan_full_numbering_paths(runner: CliRunner) -> None:
    rows = run_json(runner, "--unit", "戶籍資料課", str(PLAN_2015))
    strategy = [(r["number"], r["units"]) for r in rows if r["kind"] == "strategy"]
    # A method whose sub-items carry the units is one row per sub-item (伍、一、(三)1.(1));
    # a method with its own units is one row, its sub-items as details (伍、一、(二)2.).
    assert ("伍、一、(三)1.(1)", ["各課室"]) in strategy
    assert ("伍、二、(一)1.", ["戶籍登記課", "戶籍資料課"]) in strategy
    assert ("伍、五、(三)2.", ["戶籍資料課", "戶籍登記課", "行政庶務課"]) in strategy
    method = next(r for r in rows if r["number"] == "伍、一、(二)2.")
    assert method["details"] == [
        "(1)服務設施雙語標示。",
        "(2)雙語服務措施。",
        "(3)提昇英語能力，自辦語文訓練或鼓勵同仁參與各項語文訓練。",
        "(4)研發創新雙語環境相關措施。",
        "(5)建立獎勵機制，提高同仁英檢通過率。",
    ]
    assert "伍、一、(三)1.(2)" not in [number for number, _ in strategy]  # 戶籍登記課's alone
    tasks = [r for r in rows if r["kind"] == "task"]
    assert {r["part"] for r in tasks} == {"登記課及資料課"}
    assert tasks[0]["months"] and all(r["units"] == ["戶籍登記課", "戶籍資料課"] for r in tasks)


def test_section_is_its_table_and_the_strategy_rows_of_its_units(runner: CliRunner) -> None:
    by_section = run_json(runner, "--section", "會計", str(PLAN_2015))
    by_unit = run_json(runner, "--unit", "會計", str(PLAN_2015))
    assert by_section == by_unit
    assert ("伍、四、(一)2.", ["會計"]) in [(r["number"], r["units"]) for r in by_section]
    assert {r["part"] for r in by_section if r["kind"] == "task"} == {"會計"}


def test_unit_and_section_together_are_both(runner: CliRunner) -> None:
    rows = run_json(runner, "--section", "登記課及資料課", "--unit", "研考", str(PLAN_2015))
    assert {r["kind"] for r in rows} == {"strategy"}  # 研考 has no task in that table
    assert ("伍、一、(五)1.", ["研考", "各課室"]) in [(r["number"], r["units"]) for r in rows]
    assert all("研考" in r["units"] or "各課室" in r["units"] for r in rows)


def test_markdown(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["duties", "-u", "秘書室", "--format", "md", str(LAND)])
    assert result.stdout == (
        "# 職掌：秘書室\n\n## 三、實施策略\n\n| 編號 | 工作 | 課室 | 月份 |\n|---|---|---|---|\n"
        "| 三、(一)2. | 測量案件線上申辦。 | 測量課、秘書室 |  |\n"
    )


def test_csv_with_bom(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["duties", "-u", "地價課", "--format", "csv", "--bom", str(LAND)])
    assert result.stdout.startswith("\ufeffplan,kind,id,part,number,text,details,units,months\n")
    rows = list(csv.reader(io.StringIO(result.stdout.removeprefix("\ufeff"))))
    assert rows[1][1:] == [
        "task",
        "price-1.1",
        "地價課",
        "1",
        "地價調查及估價",
        "",
        "地價課",
        "3-9",
    ]


def test_table(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["duties", "-u", "秘書", str(LAND)], env={"COLUMNS": "120"})
    lines = [line.rstrip() for line in result.stdout.splitlines()]
    assert lines[:2] == ["職掌：秘書", "三、實施策略"]
    assert "│ 三、(一)2. │ 測量案件線上申辦。 │ 測量課、秘書室 │" in result.stdout


def test_unknown_unit_is_a_usage_error(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["duties", "-u", "地政課", str(LAND)])
    assert result.exit_code == 2
    assert result.stderr == (
        "planctl: unknown unit 「地政課」 (did you mean 「地價課」? known: 登記課、測量課、"
        "地價課、秘書室、各課室)\n"
    )


def test_a_plan_without_schedule(runner: CliRunner, unscheduled: Path) -> None:
    assert runner.invoke(cli, ["check", "--strict", str(unscheduled)]).exit_code == 0
    rows = run_json(runner, "-u", "登記課", str(unscheduled))
    assert [(r["number"], r["text"]) for r in rows] == [("三、(一)1.", "辦理跨所登記收件。")]


NO_SCHEDULE = (
    "planctl: {} has no 作業時程管制表 (schedule tables): due shows only its dated "
    "deadlines; planctl duties --unit NAME shows what a unit is responsible for\n"
)


def test_due_says_the_plan_has_no_schedule(runner: CliRunner, unscheduled: Path) -> None:
    result = runner.invoke(cli, ["due", "-m", "4", str(unscheduled)])
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == (
        NO_SCHEDULE.format(unscheduled) + "民國104年4月 (2015-04): no dated deadline falls in it\n"
    )
    march = runner.invoke(cli, ["due", "-m", "3", "--format", "json", str(unscheduled)])
    assert [row["id"] for row in json.loads(march.stdout)] == ["steps-1"]
    assert march.stderr == NO_SCHEDULE.format(unscheduled)


def test_due_with_a_scheduled_plan_says_nothing_of_it(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["due", "-m", "3", "--format", "json", str(MINIMAL)])
    assert result.stderr == ""


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["render", "--what", "schedule"], "--what schedule: the plan has no 作業時程管制表"),
        (["render", "--section", "地價課"], "--section 地價課: the plan has no 作業時程管制表"),
        (
            ["due", "-m", "3", "--section", "地價課"],
            "--section 地價課: the plan has no 作業時程管制表",
        ),
    ],
)
def test_asking_for_the_schedule_is_an_error(
    runner: CliRunner, unscheduled: Path, args: list[str], message: str
) -> None:
    result = runner.invoke(cli, [*args, str(unscheduled)])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"planctl: {message} (schedule tables)\n"


def test_no_schedule_file_is_written(runner: CliRunner, unscheduled: Path) -> None:
    out = unscheduled.parent / "管制表.html"
    args = ["render", "--format", "html", "--what", "schedule", "-o", str(out), str(unscheduled)]
    result = runner.invoke(cli, args)
    assert result.exit_code == 2
    assert not out.exists()


def test_render_of_the_plan_without_schedule_still_works(
    runner: CliRunner, unscheduled: Path
) -> None:
    result = runner.invoke(cli, ["render", "--format", "md", str(unscheduled)])
    assert result.exit_code == 0
    assert "| (一)便捷服務。 | 1.辦理跨所登記收件。 | 登記課 |" in result.stdout


OFFICE_WIDE = TESTS / "plans" / "office-wide-schedule.yaml"

STRATEGIES = """    columns: [工作要領, 工作重點, 工作方法, 業務單位]
    principles:
      - number: (一)
        text: 便捷服務。
        strategies:
          - number: "1."
            text: 辦理跨所登記收件。
            units: [登記課]
          - number: "2."
            text: 測量案件線上申辦。
            methods:
              - number: (1)
                text: 推廣線上申辦：
                units: [測量課]
                subitems:
                  - text: 製作申辦說明。
                  - text: 到所宣導。
"""
"""A strategy table for the office-wide plan: a method whose sub-items have no number."""


def office_wide_with_strategies(tmp_path: Path, head: str) -> Path:
    """The office-wide plan (one 管制表 for 全所, units per row) with a strategy part whose
    number and heading lines are `head` (either may be left out)."""
    text = OFFICE_WIDE.read_text(encoding="utf-8")
    part = f"  - kind: strategies\n{head}{STRATEGIES}"
    path = tmp_path / "office.yaml"
    path.write_text(text.replace("  - kind: schedules", part + "  - kind: schedules"), "utf-8")
    return path


def test_a_section_of_an_office_wide_table_is_its_rows_and_its_units_strategies(
    runner: CliRunner, tmp_path: Path
) -> None:
    """The 全所 table has no units of its own: `--section 測量課` stands for the unit it names,
    so the strategy row naming 測量課 is listed, and not 登記課's. A part without a number is
    named by its heading alone; sub-items without a number are their text alone."""
    path = office_wide_with_strategies(tmp_path, "    heading: 實施策略\n")
    rows = run_json(runner, "--section", "測量課", str(path))
    assert [
        (r["kind"], r["id"], r["part"], r["number"], r["details"], r["units"]) for r in rows
    ] == [
        ("strategy", "", "實施策略", "(一)2.(1)", ["製作申辦說明。", "到所宣導。"], ["測量課"]),
        ("task", "all-2.1", "全所", "二、", [], ["測量課"]),
        ("task", "all-4.1", "全所", "四、", [], []),
    ]


def test_a_part_without_a_heading_is_named_by_its_number(runner: CliRunner, tmp_path: Path) -> None:
    path = office_wide_with_strategies(tmp_path, "    number: 三、\n")
    rows = run_json(runner, "--unit", "登記課", str(path))
    assert [(r["kind"], r["part"], r["number"], r["text"]) for r in rows] == [
        ("strategy", "三、", "三、(一)1.", "辦理跨所登記收件。"),
        ("task", "全所", "一、", "辦理跨所登記收件"),
    ]


def test_the_section_of_the_whole_office_is_its_whole_table(
    runner: CliRunner, tmp_path: Path
) -> None:
    """`--section 全所` names the table, not a unit: every task of the table is listed, though
    no task names a unit of the section (it has none), and no strategy row is."""
    path = office_wide_with_strategies(tmp_path, "    number: 三、\n    heading: 實施策略\n")
    rows = run_json(runner, "--section", "全所", str(path))
    assert [(r["kind"], r["id"], r["units"]) for r in rows] == [
        ("task", "all-1.1", ["登記課"]),
        ("task", "all-2.1", ["測量課"]),
        ("task", "all-3.1", ["地價課", "秘書室"]),
        ("task", "all-4.1", []),
    ]

"""Inputs that overlap (issue 9, item 2): two plans of one office and year in one run are an
error (PC410) in `check` and in every command; plans of several years are merged only for a
month that names its year; a merged answer names the plan of every row."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from planctl.cli import cli
from tests.conftest import MINIMAL, PLAN_2015

BASE = MINIMAL.read_text(encoding="utf-8")
OFFICE = "臺北市測試區戶政事務所"
TITLE_2015 = f"{OFFICE}104年度提升服務品質實施計畫"
TITLE_2016 = f"{OFFICE}105年度提升服務品質實施計畫"


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def next_year(text: str) -> str:
    """The minimal plan moved to 2016 (民國105年): every date and year with it."""
    for old, new in (("year: 2015", "year: 2016"), ("104", "105"), ("2015-", "2016-")):
        text = text.replace(old, new)
    return text


@pytest.fixture
def twins(tmp_path: Path) -> tuple[Path, Path]:
    """Two files holding plans of one office for one year (a copy left beside a revision)."""
    first = write(tmp_path / "a.yaml", BASE)
    second = write(tmp_path / "b.yaml", BASE.replace("清查百歲人瑞", "清查百歲人瑞（修訂）"))
    return first, second


def finding(first: Path, second: Path) -> str:
    return (
        f"{second}:3:9: error PC410 a second plan for {OFFICE} 2015 (民國104年): {first} is "
        "for the same office and year [office]\n"
        f"    3 | office: {OFFICE}\n"
        "      |         ^\n"
        "      = hint: give one plan per office and year (a revised plan replaces the old file)\n"
    )


def test_check_names_both_files(runner: CliRunner, twins: tuple[Path, Path]) -> None:
    first, second = twins
    result = runner.invoke(cli, ["check", str(first), str(second)])
    assert (result.exit_code, result.stdout) == (1, finding(first, second))
    assert result.stderr == "2 files checked: 1 error(s), 0 warning(s) (PC410 ×1)\n"


def test_check_json_and_a_folder(runner: CliRunner, twins: tuple[Path, Path]) -> None:
    first, second = twins
    result = runner.invoke(cli, ["check", "--format", "json", str(first.parent)])
    report = json.loads(result.stdout)
    assert [(f["file"], f["code"], f["line"]) for f in report["findings"]] == [
        (str(second), "PC410", 3)
    ]


def test_office_written_with_台_is_the_same_office(runner: CliRunner, tmp_path: Path) -> None:
    first = write(tmp_path / "a.yaml", BASE)
    second = write(
        tmp_path / "b.yaml", BASE.replace(f"office: {OFFICE}", "office: 台北市測試區戶政事務所")
    )
    result = runner.invoke(cli, ["check", "--format", "json", str(first), str(second)])
    assert [f["code"] for f in json.loads(result.stdout)["findings"]] == ["PC410"]


def test_other_offices_and_other_years_do_not_overlap(runner: CliRunner, tmp_path: Path) -> None:
    other_year = write(tmp_path / "2016.yaml", next_year(BASE))
    result = runner.invoke(cli, ["check", str(MINIMAL), str(PLAN_2015), str(other_year)])
    assert "PC410" not in result.stdout
    assert result.exit_code == 0


@pytest.mark.parametrize(
    "command",
    [
        ["due", "--month", "3"],
        ["due", "-m", "2015-03", "--format", "json", "--unit", "人事"],
        ["duties", "--unit", "人事"],
    ],
    ids=" ".join,
)
def test_every_command_refuses_them(
    runner: CliRunner, twins: tuple[Path, Path], command: list[str]
) -> None:
    first, second = twins
    result = runner.invoke(cli, [*command, str(first), str(second)])
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == finding(first, second) + (
        f"planctl: {second}: 1 error(s); not used (see the findings above)\n"
    )


def test_plans_of_two_years_need_the_year(runner: CliRunner, tmp_path: Path) -> None:
    other_year = write(tmp_path / "2016.yaml", next_year(BASE))
    result = runner.invoke(cli, ["due", "--month", "3", str(MINIMAL), str(other_year)])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "planctl: --month 3 names no year, and the plans are for 2015 (民國104年) and "
        "2016 (民國105年) (give the year: --month 2016-03 or 105-03)\n"
    )


@pytest.mark.parametrize("month", ["2016-03", "105-03", "105年3月"])
def test_a_month_with_its_year_takes_that_years_plan(
    runner: CliRunner, tmp_path: Path, month: str
) -> None:
    other_year = write(tmp_path / "2016.yaml", next_year(BASE))
    result = runner.invoke(
        cli, ["due", "--month", month, "--format", "json", str(MINIMAL), str(other_year)]
    )
    rows = json.loads(result.stdout)
    assert {(row["plan"], row["file"]) for row in rows} == {(TITLE_2016, str(other_year))}


def test_merged_markdown_names_the_plan_of_every_table(runner: CliRunner, tmp_path: Path) -> None:
    other = write(tmp_path / "other.yaml", BASE.replace(OFFICE, "臺北市測試乙區戶政事務所"))
    result = runner.invoke(cli, ["due", "-m", "3", "--format", "md", str(MINIMAL), str(other)])
    headings = [line for line in result.stdout.splitlines() if line.startswith("## ")]
    other_title = "臺北市測試乙區戶政事務所104年度提升服務品質實施計畫"
    assert headings == [
        f"## {TITLE_2015} · 登記課（戶籍登記課）",
        f"## {TITLE_2015} · 人事",
        f"## {other_title} · 登記課（戶籍登記課）",
        f"## {other_title} · 人事",
    ]


def test_merged_table_names_the_plan_even_when_one_plan_has_rows(
    runner: CliRunner, tmp_path: Path
) -> None:
    other = write(
        tmp_path / "other.yaml",
        BASE.replace(OFFICE, "臺北市測試乙區戶政事務所").replace("months: [3-11]", "months: [4]"),
    )
    result = runner.invoke(
        cli, ["due", "-m", "3", "-s", "hr", str(MINIMAL), str(other)], env={"COLUMNS": "200"}
    )
    title = result.stdout.split("┏")[0].splitlines()[1:]  # rich wraps it to the table's width
    assert " ".join(line.strip() for line in title) == f"{TITLE_2015} · 人事"


def test_one_plan_is_not_named(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["due", "-m", "3", "--format", "md", str(MINIMAL)])
    assert "## 人事\n" in result.stdout


def test_many_files_checked_in_parallel_still_meet(runner: CliRunner, tmp_path: Path) -> None:
    """From 16 files on, `check` uses worker processes; the plans still meet to be compared."""
    for n in range(20):
        write(tmp_path / f"p{n:02}.yaml", BASE.replace(OFFICE, f"臺北市測試{n}區戶政事務所"))
    write(tmp_path / "p99.yaml", BASE.replace(OFFICE, "臺北市測試7區戶政事務所"))
    result = runner.invoke(cli, ["check", "--format", "json", str(tmp_path)])
    findings = json.loads(result.stdout)["findings"]
    assert [(f["file"], f["code"]) for f in findings] == [(str(tmp_path / "p99.yaml"), "PC410")]
    assert str(tmp_path / "p07.yaml") in findings[0]["message"]


def test_merged_duties_name_their_plans(runner: CliRunner, tmp_path: Path) -> None:
    other = write(tmp_path / "other.yaml", BASE.replace(OFFICE, "臺北市測試乙區戶政事務所"))
    result = runner.invoke(
        cli, ["duties", "-u", "人事", "--format", "md", str(MINIMAL), str(other)]
    )
    headings = [line for line in result.stdout.splitlines() if line.startswith("## ")]
    other_title = "臺北市測試乙區戶政事務所104年度提升服務品質實施計畫"
    assert headings == [
        f"## {TITLE_2015} · 伍、執行策略與方法",
        f"## {TITLE_2015} · 人事",
        f"## {other_title} · 伍、執行策略與方法",
        f"## {other_title} · 人事",
    ]
    rows = runner.invoke(cli, ["duties", "--format", "json", str(MINIMAL), str(other)])
    assert {row["plan"] for row in json.loads(rows.stdout)} == {TITLE_2015, other_title}

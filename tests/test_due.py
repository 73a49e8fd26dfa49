"""`planctl due`: exactly what the plan schedules for a month, in every format and filter."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from planctl.cli import cli
from planctl.outputs.cells import display_width
from planctl.plan import months
from planctl.plan.months import Month, parse_month
from planctl.queries.due import deadlines, span_position
from planctl.repository.check import load_checked
from tests.conftest import MINIMAL, PLAN_2015, on_a_terminal
from tests.progress_helpers import office

# Read off the source's ■ columns (and the row words where marks were lost) for March.
MARCH = [
    "reg-1.2",
    "reg-1.4",
    "reg-1.5",
    "reg-2.1",
    "reg-3.1",
    "reg-4.1",
    "adm-1.2",
    "adm-1.3",
    "adm-2.1",
    "adm-3.3",
    "adm-5.1",
    "adm-11.1",
    "it-4.1",
    "it-5.1",
    "it-7.1",
    "acc-2.1",
    "acc-2.2",
    "eth-8.1",
    "hr-1.2",
    "hr-3.1",
]


def due_json(runner: CliRunner, *args: str) -> list[dict]:  # type: ignore[type-arg]
    result = runner.invoke(cli, ["due", "--format", "json", *args, str(PLAN_2015)])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def ids(rows: list[dict]) -> list[str]:  # type: ignore[type-arg]
    return [row["id"] for row in rows]


def test_march_lists_exactly_the_march_tasks(runner: CliRunner) -> None:
    assert ids(due_json(runner, "--month", "3")) == MARCH


@pytest.mark.parametrize("month", ["3", "03", "2015-03", "104-03", "104/3", "３", "民國104年3月"])
def test_month_forms(runner: CliRunner, month: str) -> None:
    assert ids(due_json(runner, "--month", month)) == MARCH


def test_row_shape(runner: CliRunner) -> None:
    row = due_json(runner, "--month", "3")[0]
    assert row == {
        "plan": "臺北市中正區戶政事務所104年度提升服務品質實施計畫",
        "file": str(PLAN_2015),
        "kind": "task",
        "id": "reg-1.2",
        "section": "登記課及資料課",
        "no": "1",
        "item": "104年度清查人口作業",
        "task": "清查九十歲以上設有戶籍者",
        "units": ["戶籍登記課", "戶籍資料課"],
        "months": [3, 4],
        "span": "start",
        "deadline": None,
    }


def test_spans(runner: CliRunner) -> None:
    spans = {row["id"]: row["span"] for row in due_json(runner, "--month", "3")}
    assert (spans["reg-1.2"], spans["reg-1.4"], spans["acc-2.1"], spans["eth-8.1"]) == (
        "start",
        "continue",
        "end",
        "start",
    )
    assert span_position([6, 12], 12) == "single"


def test_plan_deadlines_are_due_in_their_month(runner: CliRunner) -> None:
    february = [row for row in due_json(runner, "--month", "2") if row["kind"] == "deadline"]
    assert [(r["id"], r["no"], r["deadline"]) for r in february] == [
        ("steps-1", "柒、一、", "2015-02-04"),
        ("steps-2", "柒、二、", "2015-02-16"),
    ]
    december = [row for row in due_json(runner, "--month", "12") if row["kind"] == "deadline"]
    assert [(r["id"], r["deadline"]) for r in december] == [("period-end", "2015-12-31")]


def test_unit_filter_accepts_aliases(runner: CliRunner) -> None:
    assert ids(due_json(runner, "--month", "3", "--unit", "登記課")) == MARCH[:6]
    assert ids(due_json(runner, "--month", "3", "--unit", "戶籍資料課")) == MARCH[:6]


def test_unit_filter_keeps_office_wide_rows(runner: CliRunner) -> None:
    rows = due_json(runner, "--month", "2", "--unit", "人事")
    assert ids(rows) == ["hr-1.1", "hr-1.2", "steps-1", "steps-2"]
    assert len(due_json(runner, "--month", "2", "--unit", "各課室")) == len(
        due_json(runner, "--month", "2")
    )


@pytest.mark.parametrize("section", ["會計", "acc"])
def test_section_filter(runner: CliRunner, section: str) -> None:
    assert ids(due_json(runner, "--month", "3", "--section", section)) == ["acc-2.1", "acc-2.2"]


def test_section_by_one_of_its_units(runner: CliRunner) -> None:
    assert ids(due_json(runner, "-m", "3", "-s", "資料課")) == MARCH[:6]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--month", "2016-03"],
            "planctl: 2016-03 is outside the plan year: the plans are for "
            "2015 (民國104年) (give --month 1-12 or a month of the plan year)",
        ),
        (
            ["--month", "13"],
            "planctl: --month 「13」: give a month as 1-12, YYYY-MM (2015-03), 民國 YYY-MM, "
            "YYY/MM or 104年3月, or this / next (本月 / 下月)",
        ),
        (
            ["--month", "3", "--unit", "登紀課"],
            "planctl: unknown unit 「登紀課」 (did you mean 「戶籍登記課」? known: 戶籍登記課、"
            "戶籍資料課、行政庶務課、資訊、會計、政風、人事、研考、文管、總務、各責任里同仁、各課室)",
        ),
        (
            ["--month", "3", "--section", "會記"],
            "planctl: unknown section 「會記」 (did you mean 「會計」? known: "
            "登記課及資料課、行政庶務課、資訊、會計、政風、人事)",
        ),
    ],
)
def test_bad_arguments_one_line_exit_2(runner: CliRunner, args: list[str], message: str) -> None:
    result = runner.invoke(cli, ["due", *args, str(PLAN_2015)])
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == message
    assert result.stdout == ""


def frozen(day: date) -> type[date]:
    """`datetime.date` whose today() is `day` (the C type's own method cannot be patched)."""

    class Frozen(date):
        @classmethod
        def today(cls) -> date:
            return day

    return Frozen


@pytest.mark.parametrize("today", [date(2015, 3, 9), date(2015, 4, 30), date(2015, 12, 31)])
def test_without_month_the_month_of_today_is_meant(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, today: date
) -> None:
    monkeypatch.setattr(months, "date", frozen(today))
    table = runner.invoke(cli, ["due", str(PLAN_2015)])
    heading = f"民國104年{today.month}月 (2015-{today.month:02})"
    assert (table.exit_code, table.stdout.splitlines()[0]) == (0, heading)
    default = due_json(runner)
    assert default == due_json(runner, "--month", str(today.month)) and default != []


def test_without_month_the_year_of_today_is_meant(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(months, "date", frozen(date(2016, 3, 1)))
    result = runner.invoke(cli, ["due", str(PLAN_2015)])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.splitlines()[-1] == (
        "planctl: 2016-03 is outside the plan year: the plans are for 2015 (民國104年) "
        "(give --month 1-12 or a month of the plan year)"
    )


def test_default_paths_in_the_repository(runner: CliRunner, in_repo: Path) -> None:
    result = runner.invoke(cli, ["due", "--month", "3", "--format", "json"])
    assert ids(json.loads(result.stdout)) == MARCH


def test_table(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["due", "--month", "3", str(PLAN_2015)], env={"COLUMNS": "120"})
    lines = result.stdout.splitlines()
    assert lines[0] == "民國104年3月 (2015-03)"
    assert lines[1].rstrip() == "登記課及資料課（戶籍登記課、戶籍資料課）"
    assert "\x1b[" not in result.stdout  # no colour when not on a terminal
    row = next(line for line in lines if "eth-8.1" in line)
    assert row == (
        "│ eth-8.1  │ 8    │ 上級機關政風模範員工之遴薦   │ "
        + "協助辦理，每年3、4、5月".ljust(56 - 10)  # 10 CJK characters take 20 columns
        + " │ 本月開始 │"
    )


def test_nothing_due_says_so(runner: CliRunner, tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(
        MINIMAL.read_text(encoding="utf-8").replace("months: [3-11]", "months: [5]"),
        encoding="utf-8",
    )
    result = runner.invoke(cli, ["due", "--month", "4", "-s", "hr", str(plan)])
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == "民國104年4月 (2015-04): nothing is scheduled\n"


def test_csv(runner: CliRunner) -> None:
    result = runner.invoke(
        cli, ["due", "-m", "3", "-s", "acc", "--format", "csv", "--bom", str(PLAN_2015)]
    )
    assert result.stdout.startswith(
        "\ufeff計畫,ID,課室,編號,計畫項目,工作內容,執行課室,月份,時程,期限\n"
    )
    rows = list(csv.reader(io.StringIO(result.stdout.removeprefix("\ufeff"))))
    assert rows[1][1:] == [
        "acc-2.1",
        "會計",
        "2",
        "105年度預算之籌編",
        "需求之彙整與提報",
        "會計",
        "2-3",
        "本月完成",
        "",
    ]
    assert len(rows) == 3


def test_csv_neutralises_formulas(runner: CliRunner, tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(
        MINIMAL.read_text(encoding="utf-8").replace(
            "text: 辦理文康活動", 'text: "=HYPERLINK(\\"http://x\\")"'
        ),
        encoding="utf-8",
    )
    result = runner.invoke(cli, ["due", "-m", "3", "-s", "hr", "--format", "csv", str(plan)])
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[1][5] == '\'=HYPERLINK("http://x")'


def test_markdown_escapes_table_syntax(runner: CliRunner, tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(
        MINIMAL.read_text(encoding="utf-8").replace("text: 辦理文康活動", 'text: "a | b <script>"'),
        encoding="utf-8",
    )
    result = runner.invoke(cli, ["due", "-m", "3", "-s", "hr", "--format", "md", str(plan)])
    assert result.stdout == (
        "# 民國104年3月 (2015-03)\n\n## 人事\n\n"
        "| ID | 編號 | 計畫項目 | 工作內容 | 時程 |\n|---|---|---|---|---|\n"
        "| hr-1.1 | 1 | 文康活動 | a \\| b &lt;script&gt; | 本月開始 |\n"
    )


def test_several_plans_are_merged(runner: CliRunner) -> None:
    result = runner.invoke(
        cli, ["due", "-m", "3", "--format", "json", str(PLAN_2015), str(MINIMAL)]
    )
    plans = {row["plan"] for row in json.loads(result.stdout)}
    assert plans == {
        "臺北市中正區戶政事務所104年度提升服務品質實施計畫",
        "臺北市測試區戶政事務所104年度提升服務品質實施計畫",
    }


def test_invalid_plan_is_refused_with_the_findings_of_check(runner: CliRunner) -> None:
    from tests.test_check_rules import CHECK

    path = CHECK / "PC103-wrong-type.yaml"
    result = runner.invoke(cli, ["due", "-m", "3", str(path)])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        f"{path}:80:19: error PC103 expected text, got true/false (false) "
        "[parts[4].tables[0].items[1].name]\n"
        "   80 |             name: no\n"
        "      |                   ^\n"
        '      = hint: YAML reads no as true/false; write "no" in quotes if text is meant\n'
        f"planctl: {path}: 1 error(s); not used (see the findings above)\n"
    )


def test_table_columns_line_up_across_sections_without_trailing_spaces(runner: CliRunner) -> None:
    for columns in ("80", "120", "200"):
        result = runner.invoke(cli, ["due", "-m", "2", str(PLAN_2015)], env={"COLUMNS": columns})
        lines = result.stdout.splitlines()
        assert all(line == line.rstrip() for line in lines)
        tops = [line for line in lines if line.startswith("┏")]
        assert len(tops) == 7  # six sections and the plan's deadlines
        assert len(set(tops)) == 1, columns
        assert all(display_width(line) <= int(columns) for line in lines)


def test_deadline_rows_show_their_date_in_every_format(runner: CliRunner) -> None:
    args = ["due", "-m", "2", str(PLAN_2015)]
    table = runner.invoke(cli, args, env={"COLUMNS": "200"}).stdout
    assert re.search(r"│ steps-2 +│ 柒、二、 │ .* │ 2月16日前 │$", table, re.MULTILINE)
    markdown = runner.invoke(cli, [*args, "--format", "md"]).stdout
    assert "| steps-2 | 柒、二、 | 實施步驟及分工 | 本計畫於本(104)年2月16日前" in markdown
    assert re.search(r"^\| steps-2 \|.*\| \*\*2月16日前\*\* \|$", markdown, re.MULTILINE)
    rows = list(csv.reader(io.StringIO(runner.invoke(cli, [*args, "--format", "csv"]).stdout)))
    steps = next(row for row in rows if row[1] == "steps-2")
    assert steps[8:] == ["2月16日前", "2015-02-16"]
    data = json.loads(runner.invoke(cli, [*args, "--format", "json"]).stdout)
    step = next(row for row in data if row["id"] == "steps-2")
    assert (step["span"], step["deadline"]) == ("single", "2015-02-16")


def test_rows_to_finish_this_month_stand_out(runner: CliRunner) -> None:
    markdown = runner.invoke(cli, ["due", "-m", "3", "-s", "acc", "--format", "md", str(PLAN_2015)])
    assert "| 需求之彙整與提報 | **本月完成** |" in markdown.stdout
    assert "| 概算之編製 | 本月開始 |" in markdown.stdout


def test_colour_and_bold_on_a_terminal_none_with_no_color() -> None:
    args = ("due", "-m", "3", "-s", "acc", str(PLAN_2015))
    coloured = on_a_terminal(*args)
    finish = next(line for line in coloured.splitlines() if "acc-2.1" in line)
    assert "\x1b[1;33m" in finish  # bold yellow: 本月完成
    assert "\x1b[1;33m" not in next(line for line in coloured.splitlines() if "acc-2.2" in line)
    plain = on_a_terminal(*args, NO_COLOR="1")
    assert "\x1b[" not in plain and "本月完成" in plain


def test_month_help_lists_every_form(runner: CliRunner) -> None:
    text = " ".join(runner.invoke(cli, ["due", "--help"]).stdout.split())
    for form in ("1-12", "YYYY-MM", "YYY-MM", "YYY/MM", "104年3月", "this", "next", "本月", "下月"):
        assert form in text


@pytest.mark.parametrize(
    ("text", "today", "expected"),
    [
        ("this", date(2015, 3, 9), Month(3, 2015)),
        ("本月", date(2015, 3, 9), Month(3, 2015)),
        ("next", date(2015, 3, 9), Month(4, 2015)),
        ("NEXT", date(2015, 12, 31), Month(1, 2016)),
        ("下月", date(2015, 1, 31), Month(2, 2015)),
        ("104年3月", date(2026, 1, 1), Month(3, 2015)),
        ("１０４／０３", date(2026, 1, 1), Month(3, 2015)),
    ],
)
def test_relative_and_roc_month_forms(text: str, today: date, expected: Month) -> None:
    assert parse_month(text, today) == expected


def test_csv_headers_for_scripts_in_english(runner: CliRunner) -> None:
    args = ["due", "-m", "3", "-s", "acc", "--format", "csv", str(PLAN_2015)]
    english = runner.invoke(cli, [*args, "--header-lang", "en"]).stdout
    assert english.splitlines()[0] == "plan,id,section,no,item,task,units,months,span,deadline"
    chinese = runner.invoke(cli, args).stdout
    assert chinese.splitlines()[1:] == english.splitlines()[1:]


# -- every field of the rows mutation testing found unchecked (docs/testing.md) -------------


def test_the_period_end_and_step_rows_in_full(runner: CliRunner) -> None:
    plan = "臺北市中正區戶政事務所104年度提升服務品質實施計畫"
    office_wide = {"plan": plan, "file": str(PLAN_2015), "kind": "deadline", "units": []}
    december = [row for row in due_json(runner, "--month", "12") if row["kind"] == "deadline"]
    assert december == [
        {
            **office_wide,
            "id": "period-end",
            "section": "實施期間",
            "no": "陸、",
            "item": "實施期間",
            "task": "實施期間於本計畫完成報局核備後至 104 年 12 月 31 日止。",
            "months": [12],
            "span": "single",
            "deadline": "2015-12-31",
        }
    ]
    first = next(row for row in due_json(runner, "--month", "2") if row["kind"] == "deadline")
    assert first == {
        **office_wide,
        "id": "steps-1",
        "section": "實施步驟及分工",
        "no": "柒、一、",
        "item": "實施步驟及分工",
        "task": "各課室於104年2月4日前，針對整體組織目標及課室業務特性，結合戶政白皮書、年度重大"
        "施政計畫與政策交辦重點推行事項與創新作為，提出服務發展重點及優先順序，並擬訂各項重要"
        "工作計畫項目及作業時程，納於本計畫作為管制及推動重點。",
        "months": [2],
        "span": "single",
        "deadline": "2015-02-04",
    }


def with_deadlines(tmp_path: Path) -> Path:
    """The minimal plan with a dated 完成期限 on a strategy (units by alias) and on its
    method (no units of its own: the strategy's), and the reg table's units by alias."""
    text = MINIMAL.read_text(encoding="utf-8")
    for units in ("[登記課]", "[各課, 研考]"):  # on the sub-items: the strategy has them now
        text = text.replace(f"                    units: {units}\n", "")
    strategy = "            text: 訂定計畫。\n"
    method = "                text: 充實設備：\n"
    text = text.replace(
        strategy, strategy + "            units: [登記課]\n            deadline: 2015-05-15\n"
    )
    text = text.replace(method, method + "                deadline: 2015-05-20\n")
    text = text.replace("units: [戶籍登記課]\n        title:", "units: [登記課]\n        title:")
    plan = tmp_path / "deadlines.yaml"
    plan.write_text(text, encoding="utf-8")
    return plan


def test_strategy_deadlines_are_numbered_rows_of_their_part(
    runner: CliRunner, tmp_path: Path
) -> None:
    plan = with_deadlines(tmp_path)
    assert runner.invoke(cli, ["check", "--strict", str(plan)]).exit_code == 0
    result = runner.invoke(cli, ["due", "-m", "5", "--format", "json", str(plan)])
    rows = [row for row in json.loads(result.stdout) if row["kind"] == "deadline"]
    shared = {"kind": "deadline", "section": "執行策略與方法", "item": "執行策略與方法"}
    keys = ("id", "no", "task", "units", "deadline", *shared)
    assert [{key: row[key] for key in keys} for row in rows] == [
        {**shared, "id": "strategies-1", "no": "一、(一)", "task": "訂定計畫。",
         "units": ["戶籍登記課"], "deadline": "2015-05-15"},
        {**shared, "id": "strategies-2", "no": "一、(一)1.", "task": "充實設備：",
         "units": ["戶籍登記課"], "deadline": "2015-05-20"},
    ]  # fmt: skip


def test_units_named_by_alias_are_shown_by_name(runner: CliRunner, tmp_path: Path) -> None:
    plan = with_deadlines(tmp_path)
    result = runner.invoke(cli, ["due", "-m", "3", "-s", "reg", "--format", "json", str(plan)])
    assert [(row["id"], row["units"]) for row in json.loads(result.stdout)] == [
        ("reg-1.2", ["戶籍登記課"]),
        ("reg-2.1", ["戶籍登記課"]),
    ]


def test_reports_beside_a_plan_without_a_ledger(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An 已完成 report without a percent is shown as such; the plan without a ledger and
    the deadline rows have no report column value (null), not 未填報."""
    monkeypatch.chdir(tmp_path)
    office(tmp_path)
    shutil.copyfile(MINIMAL, tmp_path / "plans" / "minimal.yaml")
    done = ["done", "reg-1.2", "-m", "3", "-d", "2015-04-05", "plans/2015.yaml"]
    assert runner.invoke(cli, done).exit_code == 0
    args = ["due", "-m", "3", "--format", "json", "plans/2015.yaml", "plans/minimal.yaml"]
    result = runner.invoke(cli, args)
    assert result.exit_code == 0, result.output
    rows = [(row["file"], row["id"], row["reported"]) for row in json.loads(result.stdout)]
    assert rows[:3] == [
        ("plans/2015.yaml", "reg-1.2", "已完成"),
        ("plans/2015.yaml", "reg-1.4", "未填報"),
        ("plans/2015.yaml", "reg-1.5", "未填報"),
    ]
    assert rows[-3:] == [
        ("plans/minimal.yaml", "reg-1.2", None),
        ("plans/minimal.yaml", "reg-2.1", None),
        ("plans/minimal.yaml", "hr-1.1", None),
    ]
    february = runner.invoke(cli, ["due", "-m", "2", "--format", "json", "plans/2015.yaml"])
    deadlines = [r for r in json.loads(february.stdout) if r["kind"] == "deadline"]
    assert [(row["id"], row["reported"]) for row in deadlines] == [
        ("steps-1", None),
        ("steps-2", None),
    ]


def test_every_deadline_of_the_year_in_month_order_january_and_december_included(
    tmp_path: Path,
) -> None:
    text = MINIMAL.read_text(encoding="utf-8").replace("2015-02-04", "2015-01-05")
    text = text.replace("deadline: 2015-01-05", "deadline: 2015-01-20")
    plan = tmp_path / "plan.yaml"
    plan.write_text(text.replace("2月4日前", "1月20日前"), encoding="utf-8")
    rows = deadlines(load_checked(plan))
    assert [(row.id, row.deadline) for row in rows] == [
        ("steps-1", date(2015, 1, 20)),
        ("period-end", date(2015, 12, 31)),
    ]


def test_plans_of_three_years_are_told_the_latest_year_to_give(
    runner: CliRunner, tmp_path: Path
) -> None:
    text, paths = MINIMAL.read_text(encoding="utf-8"), [str(MINIMAL)]
    for year in (2016, 2017):
        moved = text.replace("year: 2015", f"year: {year}").replace("2015-", f"{year}-")
        paths.append(str(tmp_path / f"{year}.yaml"))
        Path(paths[-1]).write_text(moved.replace("104", str(year - 1911)), encoding="utf-8")
    result = runner.invoke(cli, ["due", "--month", "3", *paths])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "planctl: --month 3 names no year, and the plans are for 2015 (民國104年) and "
        "2016 (民國105年) and 2017 (民國106年) (give the year: --month 2017-03 or 106-03)\n"
    )
    result = runner.invoke(cli, ["due", "--month", "2018-03", *paths])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "planctl: 2018-03 is outside the plan year: the plans are for 2015 (民國104年)、"
        "2016 (民國105年)、2017 (民國106年) (give --month 1-12 or a month of the plan year)\n"
    )


def test_strategy_deadlines_without_a_heading_or_a_number(
    runner: CliRunner, tmp_path: Path
) -> None:
    plan = with_deadlines(tmp_path)
    text = plan.read_text(encoding="utf-8").replace("    heading: 執行策略與方法\n", "", 1)
    method = '              - number: "1."\n                text: 充實設備：'
    plan.write_text(text.replace(method, "              - text: 充實設備："), encoding="utf-8")
    result = runner.invoke(cli, ["due", "-m", "5", "--format", "json", str(plan)])
    rows = [row for row in json.loads(result.stdout) if row["kind"] == "deadline"]
    assert [(row["id"], row["no"], row["section"], row["item"]) for row in rows] == [
        ("strategies-1", "一、(一)", "", ""),
        ("strategies-2", "一、(一)", "", ""),
    ]


def test_step_and_period_deadlines_without_a_heading_or_a_number(
    runner: CliRunner, tmp_path: Path
) -> None:
    text = MINIMAL.read_text(encoding="utf-8")
    for numbered in (
        "    number: 陸、\n    heading: 實施期間\n",
        "    number: 柒、\n    heading: 實施步驟及分工\n",
    ):
        text = text.replace(numbered, "")
    step = "      - number: 一、\n        text: 各課室"
    plan = tmp_path / "plan.yaml"
    plan.write_text(text.replace(step, "      - text: 各課室"), encoding="utf-8")
    rows = []
    for month in ("2", "12"):
        result = runner.invoke(cli, ["due", "-m", month, "--format", "json", str(plan)])
        rows += [row for row in json.loads(result.stdout) if row["kind"] == "deadline"]
    assert [(row["id"], row["no"], row["section"], row["item"]) for row in rows] == [
        ("steps-1", "", "", ""),
        ("period-end", "", "", ""),
    ]

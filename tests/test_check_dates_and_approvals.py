"""Years and dates as Chinese documents write them (PC405, PC408, PC501), and approval
records (核定 / 核備 / 修訂 / 函頒 with their 文號): printed under the title, and the right one
for PC402."""

from __future__ import annotations

import json
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from planctl.cli import cli
from planctl.outputs.documents.render import footer_right
from planctl.plan.years import chinese_number, period_points, stated_dates, title_year
from planctl.repository.check import load_checked
from tests.conftest import MINIMAL


def base() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(MINIMAL.read_text(encoding="utf-8"))
    return data


def write(tmp_path: Path, data: dict[str, Any]) -> str:
    path = tmp_path / "plan.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return str(path)


def findings(runner: CliRunner, path: str) -> list[tuple[str, str, str]]:
    result = runner.invoke(cli, ["check", "--format", "json", path])
    report = json.loads(result.stdout)
    return [(f["code"], f["message"], f["hint"]) for f in report["findings"]]


@pytest.mark.parametrize(
    ("title", "year"),
    [
        ("臺北市中正區戶政事務所104年度提升服務品質實施計畫", 2015),
        ("民國104年提升服務品質實施計畫", 2015),
        ("104年提升服務品質實施計畫", 2015),
        ("一〇四年度提升服務品質實施計畫", 2015),
        ("一百零四年度提升服務品質實施計畫", 2015),
        ("2015年度提升服務品質實施計畫", 2015),
        ("１０４年度提升服務品質實施計畫", 2015),
        ("民國99年提升服務品質實施計畫", 2010),
        ("九十九年度提升服務品質實施計畫", 2010),
    ],
)
def test_title_years_as_people_write_them(title: str, year: int) -> None:
    mention = title_year(title)
    assert mention is not None and mention.year == year


@pytest.mark.parametrize("title", ["推動十二年國教計畫", "12年國教計畫", "服務品質實施計畫"])
def test_numbers_that_are_not_years(title: str) -> None:
    assert title_year(title) is None


def test_chinese_numbers() -> None:
    assert [chinese_number(t) for t in ("一〇五", "一百零五", "一百一十", "九十九", "十二")] == [
        105,
        105,
        110,
        99,
        12,
    ]


@pytest.mark.parametrize(
    ("title", "message"),
    [
        ("測試所2015年度提升服務品質實施計畫", None),
        ("測試所一〇四年度提升服務品質實施計畫", None),
        ("測試所民國104年提升服務品質實施計畫", None),
        (
            "測試所2016年度提升服務品質實施計畫",
            "title says 2016年度 but the plan year is 2015 (民國104年)",
        ),
        (
            "測試所一〇五年度提升服務品質實施計畫",
            "title says 民國一〇五年度 (民國105年) but the plan year 2015 is 民國104年",
        ),
        (
            "測試所民國105年提升服務品質實施計畫",
            "title says 民國105年 but the plan year 2015 is 民國104年",
        ),
    ],
)
def test_pc405_reads_every_form(
    runner: CliRunner, tmp_path: Path, title: str, message: str | None
) -> None:
    data = base()
    data["title"] = title
    found = [m for code, m, _ in findings(runner, write(tmp_path, data)) if code == "PC405"]
    assert found == ([message] if message else [])


def test_an_impossible_date_is_said_to_be_one_never_a_deadline_hint(
    runner: CliRunner, tmp_path: Path
) -> None:
    data = base()
    data["parts"][3]["items"][0] = {"number": "一、", "text": "各課室於13月45日前提出。"}
    assert findings(runner, write(tmp_path, data)) == [
        (
            "PC408",
            "the text states 13月45日, a date that does not exist",
            "correct the date in the text (a typo in the month or the day?)",
        )
    ]
    assert [d.on(2015) for d in stated_dates("2月30日及3月1日")] == [None, date(2015, 3, 1)]


def test_a_four_digit_roc_year_is_read_in_the_plan_year_for_pc408(
    runner: CliRunner, tmp_path: Path
) -> None:
    """民國8088年 is 9999, no leap year: its 2月29日 does not exist (as Gregorian 8088, a leap
    year, it would)."""
    data = base()
    data["year"] = 9999
    data["parts"][3]["items"][0] = {"number": "一、", "text": "各課室於8088年2月29日前提出。"}
    found = [(code, m) for code, m, _ in findings(runner, write(tmp_path, data)) if code == "PC408"]
    assert found == [("PC408", "the text states 8088年2月29日, a date that does not exist")]


@pytest.mark.parametrize("blank", ["\u200b", "\u3164", "\u3000", "\u200b\u3000\u3164 "])
def test_text_of_invisible_characters_is_empty(
    runner: CliRunner, tmp_path: Path, blank: str
) -> None:
    data = base()
    data["parts"][0]["text"] = blank
    found = [(code, m) for code, m, _ in findings(runner, write(tmp_path, data))]
    assert ("PC501", "empty text") in found


# -- approvals ---------------------------------------------------------------------------------

KAOHSIUNG = {"kind": "核定", "date": "2017-11-13", "ref": "高市地政秘字第10631078900號"}


def test_approvals_are_printed_under_the_title_as_the_document_writes_them(
    runner: CliRunner, tmp_path: Path
) -> None:
    data = base()
    data["approvals"] = [
        {"kind": "函頒", "date": "2015-01-20"},
        {**KAOHSIUNG, "date": "2015-03-02"},
    ]
    path = write(tmp_path, data)
    md = runner.invoke(cli, ["render", "--format", "md", "--what", "plan", path]).stdout
    assert md.splitlines()[:5] == [
        "# 臺北市測試區戶政事務所104年度提升服務品質實施計畫",
        "",
        "民國104年1月20日函頒",
        "",
        "民國104年3月2日高市地政秘字第10631078900號核定",
    ]
    html = runner.invoke(cli, ["render", "--format", "html", "--what", "plan", path]).stdout
    assert '<p class="approval">民國104年3月2日高市地政秘字第10631078900號核定</p>' in html


DOCUMENT_LINE = "106年4月26日高市地政秘字第10631078900號函核備"
"""The issue's line: no 民國, and the 函 of the letter before 核備."""
WORDED = {
    "kind": "核備",
    "date": "2017-04-26",
    "ref": "高市地政秘字第10631078900號",
    "text": DOCUMENT_LINE,
}


def test_an_approval_with_its_text_prints_as_the_document_words_it(
    runner: CliRunner, tmp_path: Path
) -> None:
    data = base()
    data["approvals"] = [{"kind": "修訂", "date": "2015-02-04"}, WORDED]
    path = write(tmp_path, data)
    md = runner.invoke(cli, ["render", "--format", "md", "--what", "plan", path]).stdout
    assert md.splitlines()[2:5] == ["民國104年2月4日修訂", "", DOCUMENT_LINE]
    html = runner.invoke(cli, ["render", "--format", "html", "--what", "plan", path]).stdout
    assert f'<p class="approval">{DOCUMENT_LINE}</p>' in html
    odt = tmp_path / "plan.odt"
    runner.invoke(cli, ["export", "--format", "odt", "-o", str(odt), path])
    content = zipfile.ZipFile(odt).read("content.xml").decode("utf-8")
    assert f">{DOCUMENT_LINE}<" in content and "民國106年" not in content
    plan = load_checked(Path(path)).plan
    assert footer_right(plan, date(2017, 5, 1)) == f"{DOCUMENT_LINE}　列印日期：民國106年5月1日"


@pytest.mark.parametrize(
    ("record", "message"),
    [
        (
            {"text": "106年4月27日高市地政秘字第10631078900號函核備"},
            "text does not state the record's date 2017-04-26 (106年4月26日)",
        ),
        (
            {"text": "106年4月26日函核備"},
            "text does not hold the record's ref 高市地政秘字第10631078900號",
        ),
        (
            {"text": "106年4月26日高市地政秘字第10631078900號函核定"},
            "text names 核定, but the record's kind is 核備",
        ),
    ],
)
def test_a_text_that_contradicts_its_record_is_refused(
    runner: CliRunner, tmp_path: Path, record: dict[str, str], message: str
) -> None:
    data = base()
    data["approvals"] = [{**WORDED, **record}]
    assert findings(runner, write(tmp_path, data)) == [("PC103", message, "")]


@pytest.mark.parametrize(
    "record",
    [
        {"text": "中華民國106年4月26日高市地政秘字第10631078900號函核備"},
        {"text": "民國１０６年４月２６日高市地政秘字第１０６３１０７８９００號函核備"},
        {"text": "2017年4月26日高市地政秘字第10631078900號函核備"},
        {"kind": "修訂", "ref": None, "text": "106年4月26日修正"},  # 修正 names no other kind
    ],
)
def test_a_text_may_word_the_record_its_own_way(
    runner: CliRunner, tmp_path: Path, record: dict[str, str | None]
) -> None:
    data = base()
    data["approvals"] = [{"kind": "修訂", "date": "2015-02-04"}, {**WORDED, **record}]
    assert findings(runner, write(tmp_path, data)) == []


def test_a_plan_approved_after_its_first_deadlines_is_no_error(
    runner: CliRunner, tmp_path: Path
) -> None:
    """核定 comes after the office wrote the plan (its 2月16日 報局核備 deadline is before)."""
    data = base()
    data["approvals"] = [{"kind": "核定", "date": "2015-03-02"}]
    assert findings(runner, write(tmp_path, data)) == []


@pytest.mark.parametrize(
    ("approvals", "expected"),
    [
        ([{"kind": "函頒", "date": "2015-01-20"}, {"kind": "修訂", "date": "2015-06-01"}], None),
        ([{"kind": "修訂", "date": "2015-02-10"}], "修訂 date 2015-02-10"),
        (
            [{"kind": "核備", "date": "2015-01-02"}, {"kind": "函頒", "date": "2015-02-10"}],
            "函頒 date 2015-02-10",
        ),
    ],
)
def test_pc402_measures_against_the_first_record_that_dates_the_text(
    runner: CliRunner, tmp_path: Path, approvals: list[dict[str, str]], expected: str | None
) -> None:
    data = base()
    data["approvals"] = approvals
    found = [m for code, m, _ in findings(runner, write(tmp_path, data)) if code == "PC402"]
    deadline = data["parts"][3]["items"][0]["deadline"]
    assert found == ([f"deadline {deadline} is before the plan's {expected}"] if expected else [])


def test_a_strategy_rows_deadline_outside_the_year_is_found_at_its_key(
    runner: CliRunner, tmp_path: Path
) -> None:
    """A 完成期限 of a strategy table is a deadline too: PC401 points at the method's key."""
    data = base()
    data["parts"][1]["principles"][0]["strategies"][0]["methods"][0]["deadline"] = date(2016, 6, 30)
    path = write(tmp_path, data)
    line = Path(path).read_text(encoding="utf-8").splitlines().index("        deadline: 2016-06-30")
    result = runner.invoke(cli, ["check", "--format", "json", path])
    found = [
        (f["code"], f["line"], f["column"], f["message"], f["path"])
        for f in json.loads(result.stdout)["findings"]
    ]
    assert found == [
        (
            "PC401",
            line + 1,
            19,
            "deadline 2016-06-30 is outside the plan year 2015 (民國104年)",
            "parts[1].principles[0].strategies[0].methods[0].deadline",
        )
    ]


def test_pc405_reads_a_schedule_tables_title_too(runner: CliRunner, tmp_path: Path) -> None:
    data = base()
    data["parts"][4]["tables"][0]["title"] = "105年度登記課工作進度表"
    result = runner.invoke(cli, ["check", "--format", "json", write(tmp_path, data)])
    found = [(f["code"], f["message"], f["path"]) for f in json.loads(result.stdout)["findings"]]
    assert found == [
        (
            "PC405",
            "title says 民國105年度 but the plan year 2015 is 民國104年",
            "parts[4].tables[0].title",
        )
    ]


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        ("2015-12-31", []),
        (
            "2014-12-01",
            [("PC407", "period start 2014-12-01 is outside the plan year 2015", "parts[2].start")],
        ),
    ],
)
def test_a_period_of_one_day_is_no_error_and_a_start_in_another_year_is_named(
    runner: CliRunner, tmp_path: Path, start: str, expected: list[tuple[str, str, str]]
) -> None:
    data = base()
    data["parts"][2]["start"] = start
    result = runner.invoke(cli, ["check", "--format", "json", write(tmp_path, data)])
    found = [(f["code"], f["message"], f["path"]) for f in json.loads(result.stdout)["findings"]]
    assert found == expected


def test_pc409_names_the_end_that_disagrees_after_a_start_that_agrees(
    runner: CliRunner, tmp_path: Path
) -> None:
    data = base()
    data["parts"][2].update(text="自104年1月1日起至104年12月31日止。", start="2015-01-01")
    data["parts"][2]["end"] = "2015-11-30"
    result = runner.invoke(cli, ["check", "--format", "json", write(tmp_path, data)])
    found = [(f["code"], f["message"], f["path"]) for f in json.loads(result.stdout)["findings"]]
    assert found == [
        (
            "PC409",
            "the text states the period's end 2015-12-31, but `end:` is 2015-11-30",
            "parts[2].end",
        )
    ]


def test_revised_is_not_a_key_any_more(runner: CliRunner, tmp_path: Path) -> None:
    data = base()
    del data["approvals"]
    data["revised"] = "2015-02-04"
    assert [code for code, _, _ in findings(runner, write(tmp_path, data))] == ["PC102"]


@pytest.mark.parametrize(
    ("text", "points"),
    [
        ("自民國107年1月起至民國107年12月止。", {"start": "2018-01-01", "end": "2018-12-31"}),
        ("實施期間於本計畫完成報局核備後至 104 年 12 月 31 日止。", {"end": "2015-12-31"}),
        ("自2016年2月起至2016年2月止", {"start": "2016-02-01", "end": "2016-02-29"}),
        ("自１０４年３月１日起", {"start": "2015-03-01"}),
        ("至104年13月止", {}),
        # An office's own wording: 自 opens the period without a 起 after its date.
        ("自106年1月1日至106年12月31日止", {"start": "2017-01-01", "end": "2017-12-31"}),
        ("自107年3月至107年10月", {"start": "2018-03-01", "end": "2018-10-31"}),
        ("於106年5月1日召開會議", {}),
    ],
)
def test_a_period_stated_to_the_day_or_the_month_is_read(text: str, points: dict[str, str]) -> None:
    assert {k: v.isoformat() for k, v in period_points(text).items()} == points

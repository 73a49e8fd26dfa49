"""`planctl new`: next year's draft from the bundled plan, every replaced year listed, the
result checking clean; the year shifting rules on texts that are and are not years."""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from planctl.cli import cli
from planctl.errors import UsageError
from planctl.plan.model import PeriodPart, Plan, TextPart
from planctl.plan.source import parse
from planctl.plan.validate import validate
from planctl.progress.model import Ledger
from planctl.queries.festivals import festival_date
from planctl.queries.rollover import Replacement, roll_over, shift_years, still_controlled
from planctl.repository.check import check_file, load_checked
from tests.conftest import MINIMAL, PLAN_2015, TESTS
from tests.revisions import revise

ORIGINAL_BASIS = (
    "行政院96年7月23日函頒「政府服務創新精進方案」。",
    "國家發展委員會103年8月21日函頒修正之「政府服務品質獎評獎實施計畫」與「政府服務品質獎評作業手冊」。",
    "臺北市政府提升服務品質實施計畫。",
)
"""The bundled plan's 計畫依據, which next year's draft keeps word for word."""


@pytest.fixture
def plans(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "plans"
    folder.mkdir()
    shutil.copy(PLAN_2015, folder / "2015.yaml")
    monkeypatch.chdir(tmp_path)
    return folder


def test_new_2016_checks_clean_and_lists_each_changed_year(runner: CliRunner, plans: Path) -> None:
    result = runner.invoke(cli, ["new", "2016"])
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [
        "planctl: wrote plans/2016.yaml",
        "planctl: plans/2016.yaml checks clean (31 warning(s))",
    ]
    assert [f for f in check_file(plans / "2016.yaml") if f.severity == "error"] == []
    report = result.stdout
    assert report.startswith(
        "planctl new 2016：plans/2015.yaml → plans/2016.yaml"
        "（民國104年度 → 民國105年度；保留原檔的註解與格式）\n"
    )
    changed = [
        line.split("：", 1)[1] for line in report.splitlines() if "→" in line and "：" in line
    ]
    for detail in (
        "104年度→105年度",  # title, table titles, item names
        "105年度→106年度",  # 105年度預算之籌編
        "103年度→104年度",  # 編製103年度單位決算
        "103年→104年",  # 103年12月會計月報
        "104 年→105 年",  # the period's text
        "104)年→105)年",  # 本(104)年
        "104年→105年、105年→106年",  # 104年下半年至105年上半年
        "2015-02-04 → 2016-02-04（民國105年2月4日）",
        "2015-02-16 → 2016-02-16（民國105年2月16日）",
        "2015-12-31 → 2016-12-31（民國105年12月31日）",
    ):
        assert detail in changed, detail
    assert (
        "已清除的修訂與核定紀錄（核定後再填入）（1 處）\n"
        "  approvals[0]：民國104年2月4日修訂 → （刪除）\n"
    ) in report
    assert "文字中的年份（18 處）" in report


def test_the_list_names_each_change_and_where_it_is(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The whole list for a small plan, with a year far from the plan's (96年, kept) and a
    task's note (dropped): each line under its part's number and heading, at its path."""
    text = (
        MINIMAL.read_text(encoding="utf-8")
        .replace("前提出。", "前提出，依96年函辦理。")
        .replace("text: 清查百歲人瑞\n", "text: 清查百歲人瑞\n                note: 照原件\n")
    )
    (tmp_path / "plans").mkdir()
    (tmp_path / "plans" / "2015.yaml").write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(cli, ["new", "2016"])
    assert result.exit_code == 0, result.output
    steps = "柒、實施步驟及分工 parts[3].items[0]"
    assert result.stdout == (
        "planctl new 2016：plans/2015.yaml → plans/2016.yaml"
        "（民國104年度 → 民國105年度；保留原檔的註解與格式）\n"
        "請逐項核對下列修改：\n"
        "\n年度（1 處）\n"
        "  year：2015 → 2016\n"
        "\n文字中的年份（4 處）\n"
        "  title：104年度→105年度\n"
        "      臺北市測試區戶政事務所104年度提升服務品質實施計畫\n"
        "    → 臺北市測試區戶政事務所105年度提升服務品質實施計畫\n"
        "  陸、實施期間 parts[2].text：104 年→105 年\n"
        "      至 104 年 12 月 31 日止。\n"
        "    → 至 105 年 12 月 31 日止。\n"
        f"  {steps}.text：104年→105年\n"
        "      各課室於104年2月4日前提出，依96年函辦理。\n"
        "    → 各課室於105年2月4日前提出，依96年函辦理。\n"
        "  附件 parts[4].tables[0].title：104年度→105年度\n"
        "      臺北市測試區戶政事務所(登記課)104年度重要工作計畫作業時程管制表\n"
        "    → 臺北市測試區戶政事務所(登記課)105年度重要工作計畫作業時程管制表\n"
        "\n日期（期限、實施期間）（2 處）\n"
        "  陸、實施期間 parts[2].end：2015-12-31 → 2016-12-31（民國105年12月31日）\n"
        f"  {steps}.deadline：2015-02-04 → 2016-02-04（民國105年2月4日）\n"
        "\n已清除的修訂與核定紀錄（核定後再填入）（1 處）\n"
        "  approvals[0]：民國104年2月4日修訂 → （刪除）\n"
        "\n未調整的年份（離計畫年度 2 年以上，多半是引用的日期）：請核對（1 處）\n"
        f"  {steps}.text：「96年」未調整：各課室於104年2月4日前提出，依96年函辦理。\n"
        "\n刪除的轉檔附註（說明去年原件，不適用新計畫）（1 處）\n"
        "  附件 parts[4].tables[0].items[0].tasks[0].note：照原件\n"
        "\n注意（1 處）\n"
        f"  {steps}.deadline：春節的日期每年不同：2015-02-04 在春節（2015-02-19）前 15 天，"
        "2016-02-04 在春節（2016-02-08）前 4 天；期限若依節日而定，請重訂\n"
    )
    assert result.stderr.splitlines()[-1] == "planctl: plans/2016.yaml checks clean (0 warning(s))"


def test_the_draft_plan(runner: CliRunner, plans: Path) -> None:
    assert runner.invoke(cli, ["new", "2016"]).exit_code == 0
    old = load_checked(plans / "2015.yaml").plan
    new = load_checked(plans / "2016.yaml").plan
    assert (new.year, new.approvals) == (2016, [])
    assert "approvals:" not in (plans / "2016.yaml").read_text(encoding="utf-8")
    assert new.title == "臺北市中正區戶政事務所105年度提升服務品質實施計畫"
    assert "note:" not in (plans / "2016.yaml").read_text(encoding="utf-8")
    basis = [p for p in new.parts if isinstance(p, TextPart) and p.kind == "basis"]
    assert [i.text for i in basis[0].items][:2] == [
        "行政院96年7月23日函頒「政府服務創新精進方案」。",
        "國家發展委員會103年8月21日函頒修正之「政府服務品質獎評獎實施計畫」與「政府服務品質獎評作業手冊」。",
    ]
    period = next(p for p in new.parts if isinstance(p, PeriodPart))
    assert (period.text, period.end) == (
        "實施期間於本計畫完成報局核備後至 105 年 12 月 31 日止。",
        date(2016, 12, 31),
    )
    names = [item.name for _, table in new.schedule_tables() for item in table.items]
    assert "106年度預算之籌編" in names and "編製104年度單位決算" in names
    # the schedule itself is last year's: same tasks, same months
    tasks = lambda plan: [  # noqa: E731
        (t.id, t.months) for _, tb in plan.schedule_tables() for i in tb.items for t in i.tasks
    ]
    assert tasks(new) == tasks(old)


def test_upstream_references_are_flagged_and_festivals_warned(plans: Path) -> None:
    plan = load_checked(plans / "2015.yaml").plan
    rollover = roll_over(plan, 2016)
    flagged = [r.path for r in rollover.replacements if r.kind == "basis"]
    assert flagged == ["parts[1].items[0].text", "parts[1].items[1].text", "parts[1].items[2].text"]
    messages = [c.message for c in rollover.cautions]
    assert messages == [
        "春節的日期每年不同：2015-02-04 在春節（2015-02-19）前 15 天，2016-02-04 在春節"
        "（2016-02-08）前 4 天；期限若依節日而定，請重訂",
        "春節的日期每年不同：2015-02-16 在春節（2015-02-19）前 3 天，2016-02-16 在春節"
        "（2016-02-08）後 8 天；期限若依節日而定，請重訂",
        "依節日排定的月份 [2, 6, 9]：2016 年春節 2016-02-08（2 月）、端午 2016-06-09（6 月）、"
        "中秋 2016-09-15（9 月），請核對月份",
    ]
    assert rollover.cautions[2].path == "parts[10].tables[4].items[9].tasks[0]"


def test_weekends_are_warned(plans: Path) -> None:
    """Two years on, 2月4日 is a Saturday (2017-02-04)."""
    plan = load_checked(plans / "2015.yaml").plan
    messages = [c.message for c in roll_over(plan, 2017).cautions]
    assert "2017-02-04 是星期六：請確認期限" in messages
    assert not any("2017-12-31" in message for message in messages)  # the period's end


def test_29_february(tmp_path: Path) -> None:
    text = MINIMAL.read_text(encoding="utf-8")
    for old, new in (("2015", "2016"), ("104", "105"), ("2016-02-04", "2016-02-29")):
        text = text.replace(old, new)
    path = tmp_path / "2016.yaml"
    path.write_text(text.replace("105年2月4日", "105年2月29日"), encoding="utf-8")
    plan = load_checked(path).plan
    rollover = roll_over(plan, 2017)
    assert "2016-02-29 是閏日，2017 年沒有 2 月 29 日，改為 2017-02-28" in [
        c.message for c in rollover.cautions
    ]


def _plan(text: str) -> Plan:
    """The plan a YAML text describes, as the model reads it (the rules not asked)."""
    plan = validate(parse(text, "plan.yaml"))[0]
    assert plan is not None
    return plan


@pytest.mark.parametrize(
    ("year", "to", "deadline", "caution"),
    [
        (2016, 2024, "2024-02-29", None),  # divisible by 4
        (2096, 2100, "2100-02-28", "2096-02-29 是閏日，2100 年沒有 2 月 29 日，改為 2100-02-28"),
        (1996, 2000, "2000-02-29", None),  # divisible by 400
    ],
)
def test_29_february_in_the_leap_years_of_the_calendar(
    year: int, to: int, deadline: str, caution: str | None
) -> None:
    """A 29 February stays in a leap year, and is the 28th in 2100, which is none."""
    text = MINIMAL.read_text(encoding="utf-8").replace("2015-02-04", f"{year}-02-29")
    rollover = roll_over(_plan(text.replace("year: 2015", f"year: {year}")), to)
    moved = [r for r in rollover.replacements if r.path == "parts[3].items[0].deadline"]
    assert [(r.old, r.new) for r in moved] == [(f"{year}-02-29", deadline)]
    leap = [(c.path, c.where, c.message) for c in rollover.cautions if "閏日" in c.message]
    steps = ("parts[3].items[0].deadline", "柒、實施步驟及分工")
    assert leap == ([(*steps, caution)] if caution else [])


def test_a_deadline_on_the_festival_itself() -> None:
    text = MINIMAL.read_text(encoding="utf-8").replace(
        "deadline: 2015-02-04", "deadline: 2015-02-19"
    )
    assert [c.message for c in roll_over(_plan(text), 2016).cautions] == [
        "春節的日期每年不同：2015-02-19 在春節（2015-02-19）當天，2016-02-19 在春節（2016-02-08）"
        "後 11 天；期限若依節日而定，請重訂"
    ]


def test_weekends_of_deadlines_and_of_the_periods_bounds() -> None:
    """The period's start on 1 January and end on 31 December are no deadlines a weekend
    moves; a deadline on 31 December is (2017-01-01 and 2017-12-31 are Sundays)."""
    text = (
        MINIMAL.read_text(encoding="utf-8")
        .replace("    end: 2015-12-31\n", "    start: 2015-01-01\n    end: 2015-12-31\n")
        .replace("deadline: 2015-02-04", "deadline: 2015-12-31")
    )
    cautions = roll_over(_plan(text), 2017).cautions
    assert [(c.path, c.where, c.message) for c in cautions] == [
        ("parts[3].items[0].deadline", "柒、實施步驟及分工", "2017-12-31 是星期日：請確認期限")
    ]


def _reviewed(task: str, month: int, decision: str | None) -> dict[str, object]:
    """A ledger entry for `task` and `month`, with 研考's decision when one is given."""
    entry: dict[str, object] = {
        "id": f"{task}-m{month:02}",
        "task": task,
        "month": month,
        "status": "辦理中",
        "percent": 10 * month,
        "text": "辦理中",
        "date": f"2015-{month + 1:02}-05",
    }
    if decision:
        entry["review"] = {"decision": decision, "date": f"2015-{month + 1:02}-20"}
    return entry


def test_the_latest_review_decides_what_stays_under_control() -> None:
    """Each task's last reviewed entry decides, not its first review nor its last report:
    reg-2.1 kept, released, kept again (then a report without review); hr-1.1 kept twice,
    then released; reg-1.2 kept once."""
    decisions = [
        ("reg-2.1", 1, "繼續列管"),
        ("reg-2.1", 2, "解除列管"),
        ("reg-2.1", 3, "繼續列管"),
        ("reg-2.1", 4, None),
        ("hr-1.1", 3, "繼續列管"),
        ("hr-1.1", 4, "繼續列管"),
        ("hr-1.1", 5, "解除列管"),
        ("reg-1.2", 3, "繼續列管"),
    ]
    ledger = Ledger.model_validate({"entries": [_reviewed(*d) for d in decisions]})
    assert still_controlled(ledger) == {"reg-2.1": "reg-2.1-m03", "reg-1.2": "reg-1.2-m03"}
    assert still_controlled(None) == {}


def test_a_task_carried_keeps_its_own_remark() -> None:
    """The 備註 of a task carried over is added after the remark the task already has."""
    text = MINIMAL.read_text(encoding="utf-8").replace(
        "text: 受理門牌\n", "text: 受理門牌\n                remark: 含門牌整編\n"
    )
    decisions = [("reg-2.1", 3, "繼續列管"), ("reg-1.2", 3, "繼續列管")]
    ledger = Ledger.model_validate({"entries": [_reviewed(*d) for d in decisions]})
    rollover = roll_over(_plan(text), 2016, ledger)
    label = "民國104年度繼續列管"
    assert [r for r in rollover.replacements if r.kind == "carried"] == [
        Replacement(
            "carried", "parts[4].tables[0].items[0].tasks[1]", "reg-1.2", "reg-1.2-m03",
            f"{label}（reg-1.2-m03）",
        ),
        Replacement(
            "carried", "parts[4].tables[0].items[1].tasks[0]", "reg-2.1", "reg-2.1-m03",
            f"含門牌整編；{label}（reg-2.1-m03）",
        ),
    ]  # fmt: skip
    remarks = {
        task.id: task.remark
        for _, table in rollover.plan.schedule_tables()
        for item in table.items
        for task in item.tasks
    }
    assert remarks == {
        "reg-1.1": None,
        "reg-1.2": f"{label}（reg-1.2-m03）",
        "reg-2.1": f"含門牌整編；{label}（reg-2.1-m03）",
        "hr-1.1": None,
    }


def test_festivals_past_the_lunar_calendar_are_unknown() -> None:
    """The lunar calendar ends with 2099: a draft for 2100 cannot say when 春節 falls, for a
    deadline near it or a task named after it, and says so, under the part's heading."""
    text = (
        MINIMAL.read_text(encoding="utf-8")
        .replace("year: 2015", "year: 2099")
        .replace("deadline: 2015-02-04", "deadline: 2099-01-25")
        .replace("text: 清查百歲人瑞", "text: 春節前清查百歲人瑞")
    )
    cautions = roll_over(_plan(text), 2100).cautions
    assert [(c.where, c.path) for c in cautions] == [
        ("柒、實施步驟及分工", "parts[3].items[0].deadline"),
        ("附件", "parts[4].tables[0].items[0].tasks[0]"),
    ]
    assert cautions[0].message == (
        "春節的日期每年不同：2099-01-25 在春節（2099-01-21）後 4 天，"
        "2100-01-25 在春節（日期不明）；期限若依節日而定，請重訂"
    )
    assert cautions[1].message == "依節日排定的月份 [1-2]：2100 年春節 日期未知，請核對月份"


def test_notes_in_the_upstream_references_are_dropped_and_listed() -> None:
    """計畫依據 is kept as it is, but for its transcription notes, on the part and on an
    item: each is listed at its path, under the part's number and heading."""
    basis = "    heading: 計畫依據\n    items:\n      - number: 一、\n"
    noted = (
        "    heading: 計畫依據\n    note: 原件無頁碼\n"
        "    items:\n      - number: 一、\n        note: 照原件\n"
    )
    rollover = roll_over(_plan(revise([(basis, noted)])), 2016)
    assert [r for r in rollover.replacements if r.path.startswith("parts[1].")] == [
        Replacement("note", "parts[1].items[0].note", "貳、計畫依據", "照原件"),
        Replacement("note", "parts[1].note", "貳、計畫依據", "原件無頁碼"),
        Replacement("basis", "parts[1].items[0].text", "貳、計畫依據", ORIGINAL_BASIS[0]),
        Replacement("basis", "parts[1].items[1].text", "貳、計畫依據", ORIGINAL_BASIS[1]),
        Replacement("basis", "parts[1].items[2].text", "貳、計畫依據", ORIGINAL_BASIS[2]),
    ]
    part = rollover.plan.parts[1]
    assert isinstance(part, TextPart) and part.note is None
    assert [(i.number, i.text, i.note) for i in part.items] == [
        (number, text, None)
        for number, text in zip(("一、", "二、", "三、"), ORIGINAL_BASIS, strict=True)
    ]


@pytest.mark.parametrize(
    ("text", "shifted", "kept"),
    [
        ("104年度清查人口作業", "105年度清查人口作業", []),
        ("本(104)年2月16日前", "本(105)年2月16日前", []),
        ("本（104）年", "本（105）年", []),
        ("至 104 年 12 月 31 日止", "至 105 年 12 月 31 日止", []),
        ("１０４年度", "１０５年度", []),
        ("西元2015年", "西元2016年", []),
        ("104/12/31 前", "105/12/31 前", []),
        ("103年度決算、105年度預算", "104年度決算、106年度預算", []),
        ("102年、106年", "103年、107年", []),  # two years either side: the plan's own
        ("101年、107年", "101年、107年", ["101年", "107年"]),  # three: some other year's
        ("西元2013年至2017年", "西元2014年至2018年", []),
        ("西元2012年至2018年", "西元2012年至2018年", ["2012年", "2018年"]),
        ("行政院96年7月23日函頒", "行政院96年7月23日函頒", ["96年"]),
        ("每年3、4、5月", "每年3、4、5月", []),
        ("每半年召開1次", "每半年召開1次", []),
        ("最近2年未使用", "最近2年未使用", []),
        ("保存10年", "保存10年", ["10年"]),
        ("依據6月份會計月報", "依據6月份會計月報", []),
        ("原表此列有 15 個 ■", "原表此列有 15 個 ■", []),
        ("1040年", "1040年", ["1040年"]),
        ("電話 02-2341-0104", "電話 02-2341-0104", []),
    ],
)
def test_shift_years(text: str, shifted: str, kept: list[str]) -> None:
    new, _, left = shift_years(text, 2015, 1)
    assert (new, left) == (shifted, kept)


def test_each_shifted_year_is_listed_as_written() -> None:
    """The list shows each year as the text writes it, with what follows it up to 年 or 年度
    (a date written 104/12/31 has none)."""
    assert [shift_years(text, 2015, 1)[1] for text in ("本(104)年2月16日前", "104/12/31 前",
                                                      "１０４年度", "西元2015年")] == [
        [("104)年", "105)年")],
        [("104", "105")],
        [("１０４年度", "１０５年度")],
        [("2015年", "2016年")],
    ]  # fmt: skip


def test_no_date_moves_past_9999() -> None:
    """A plan for 9998 may date its period's end in 9999; moved a year on, that end would
    fall in 10000, which no date has."""
    text = (
        MINIMAL.read_text(encoding="utf-8")
        .replace("year: 2015", "year: 9998")
        .replace("end: 2015-12-31", "end: 9999-01-31")
    )
    with pytest.raises(UsageError) as refused:
        roll_over(_plan(text), 9999)
    assert refused.value.message == "parts[2].end: 9999-01-31 cannot move to the year 10000"


def test_a_draft_rolls_on_without_approval_records() -> None:
    """Next year's draft has no 核定 yet; rolled on again, it has none to clear."""
    draft = roll_over(load_checked(MINIMAL).plan, 2016).plan
    assert draft.approvals == []
    rollover = roll_over(draft, 2017)
    assert rollover.plan.year == 2017
    assert [r.kind for r in rollover.replacements if r.kind in ("year", "cleared")] == ["year"]


def test_the_plans_settings_are_carried_over() -> None:
    """管考 (`control:`), the warnings the office accepts (`check:`) and the sign-off row
    are the office's settings, not last year's texts: the draft keeps them."""
    settings = (
        "control:\n  period: quarter\n  yellow: 5\n"
        "check:\n  ignore: [PC301]\n"
        "signoff: [承辦人, 主任]\n"
    )
    text = MINIMAL.read_text(encoding="utf-8").replace("units:\n", settings + "units:\n", 1)
    plan = _plan(text)
    draft = roll_over(plan, 2016).plan
    assert (draft.control, draft.check, draft.signoff) == (plan.control, plan.check, plan.signoff)
    assert (draft.control.period, draft.control.yellow) == ("quarter", 5)


def test_festival_dates_of_2015_are_the_plans_own() -> None:
    """The bundled plan's note: 春節 2 月 19 日、端午節 6 月 20 日、中秋節 9 月 27 日."""
    assert [festival_date(name, 2015) for name in ("春節", "端午", "中秋")] == [
        date(2015, 2, 19),
        date(2015, 6, 20),
        date(2015, 9, 27),
    ]


def test_refuses_to_overwrite(runner: CliRunner, plans: Path) -> None:
    (plans / "2016.yaml").write_text("# mine\n", encoding="utf-8")
    result = runner.invoke(cli, ["new", "2016"])
    assert result.exit_code == 2
    assert result.stderr == (
        "planctl: plans/2016.yaml: already exists; planctl new never overwrites a plan\n"
    )
    assert (plans / "2016.yaml").read_text(encoding="utf-8") == "# mine\n"


def test_roc_year_from_and_output_and_report_file(runner: CliRunner, plans: Path) -> None:
    result = runner.invoke(
        cli, ["new", "105", "--from", "plans/2015.yaml", "-o", "draft.yaml", "--report", "r.txt"]
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert (
        Path("r.txt")
        .read_text(encoding="utf-8")
        .startswith("planctl new 2016：plans/2015.yaml → draft.yaml")
    )
    assert load_checked(Path("draft.yaml")).plan.year == 2016


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["new", "2015"], "planctl: 2015: next year's plan must come after 2015"),
        (["new", "2020"], "planctl: plans/2019.yaml: no such file"),
    ],
)
def test_bad_years(runner: CliRunner, plans: Path, args: list[str], message: str) -> None:
    extra = ["--from", "plans/2015.yaml"] if args[1] == "2015" else []
    result = runner.invoke(cli, [*args, *extra, "-o", "out.yaml"])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [message]
    assert not Path("out.yaml").exists()


def test_the_draft_keeps_the_files_comments_and_layout(runner: CliRunner, plans: Path) -> None:
    """Line for line last year's file, but for the header, the dropped notes and revision
    record, and the digits of years and dates: `git diff` shows only what changed."""
    result = runner.invoke(cli, ["new", "2016"])
    assert "保留原檔的註解與格式" in result.stdout.splitlines()[0]
    old = (plans / "2015.yaml").read_text(encoding="utf-8").splitlines()
    new = (plans / "2016.yaml").read_text(encoding="utf-8").splitlines()
    assert new[:4] == [
        "# 臺北市中正區戶政事務所105年度提升服務品質實施計畫（草案）",
        "#",
        "# 由 plans/2015.yaml（民國104年度）以 `planctl new 2016` 產生。",
        "# 請依其報告逐項核對年份、期限與依據，核定後填入 approvals，並以 `planctl check` 驗證。",
    ]
    body = old[old.index("title: 臺北市中正區戶政事務所104年度提升服務品質實施計畫") :]
    record = ["approvals:", "  - kind: 修訂", "    date: 2015-02-04  # 民國104年2月4日修訂"]
    at = body.index(record[0])
    assert body[at : at + 3] == record and body[at + 3] == ""
    body = body[:at] + body[at + 3 :]
    kept = [line for line in body if not line.lstrip().startswith("note:")]
    drafted = new[new.index("title: 臺北市中正區戶政事務所105年度提升服務品質實施計畫") :]
    assert len(kept) == len(drafted)
    changed = [(a, b) for a, b in zip(kept, drafted, strict=True) if a != b]
    assert len(changed) == 18 + 3 + 1  # texts, dates, year
    for was, now in changed:
        assert re.sub(r"\d", "", was) == re.sub(r"\d", "", now)
    assert (
        "# Every unit named anywhere in the plan, with the other names the document uses for it."
        in new
    )


def test_each_approval_record_is_cleared_and_the_block_cut_out(
    runner: CliRunner, plans: Path
) -> None:
    """Records written flush with their key, one with a 文號 and a note: each is listed, and
    the block goes from the file in place, leaving a draft that checks clean."""
    records = (
        "approvals:\n"
        "- kind: 核定\n  date: 2015-01-20\n  ref: 北市中正戶秘字第10430000100號\n"
        "  note: 文號照原件\n"
        "- kind: 修訂\n  date: 2015-02-04  # 民國104年2月4日修訂\n"
    )
    path = plans / "2015.yaml"
    path.write_text(
        revise(
            [("approvals:\n  - kind: 修訂\n    date: 2015-02-04  # 民國104年2月4日修訂\n", records)]
        ),
        encoding="utf-8",
    )
    assert [a.kind for a in load_checked(path).plan.approvals] == ["核定", "修訂"]
    result = runner.invoke(cli, ["new", "2016"])
    assert result.exit_code == 0, result.output
    assert "保留原檔的註解與格式" in result.stdout.splitlines()[0]
    assert result.stderr.splitlines()[-1] == "planctl: plans/2016.yaml checks clean (31 warning(s))"
    assert (
        "已清除的修訂與核定紀錄（核定後再填入）（2 處）\n"
        "  approvals[0]：民國104年1月20日北市中正戶秘字第10430000100號核定 → （刪除）\n"
        "  approvals[1]：民國104年2月4日修訂 → （刪除）\n"
    ) in result.stdout
    draft = (plans / "2016.yaml").read_text(encoding="utf-8")
    assert "approvals:" not in draft and "kind: 核定" not in draft and "date:" not in draft
    assert "year: 2016\n\n# Every unit named anywhere in the plan" in draft
    assert [f for f in check_file(plans / "2016.yaml") if f.severity == "error"] == []


def test_a_file_the_edit_cannot_place_is_written_anew(runner: CliRunner, plans: Path) -> None:
    """A note in a flow mapping cannot be cut out of its line: the plan is dumped instead."""
    path = plans / "2015.yaml"
    edits = [
        (
            "      - number: 一、\n        text: 持續推動",
            "      - {number: 一、, note: 注意, text: 持續推動",
        ),
        (
            "公共形象與聲譽。\n        note: 「便高效率」照原文；疑為「便捷、高效率」之誤。",
            "公共形象與聲譽。}",
        ),
    ]
    path.write_text(revise(edits), encoding="utf-8")
    assert load_checked(path).plan.parts[0].items[0].note == "注意"  # type: ignore[union-attr]
    result = runner.invoke(cli, ["new", "2016"])
    assert result.exit_code == 0, result.output
    assert "依 planctl 格式重寫，原檔註解未保留" in result.stdout.splitlines()[0]
    draft = (plans / "2016.yaml").read_text(encoding="utf-8")
    assert "# Every unit named" not in draft and "note:" not in draft
    assert load_checked(plans / "2016.yaml").plan == roll_over(load_checked(path).plan, 2016).plan


def test_the_report_never_overwrites_a_plan(runner: CliRunner, plans: Path) -> None:
    before = (plans / "2015.yaml").read_bytes()
    result = runner.invoke(cli, ["new", "2016", "--report", "plans/2015.yaml"])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "planctl: plans/2015.yaml: is an input plan file; choose another output file"
    ]
    assert (plans / "2015.yaml").read_bytes() == before
    assert not (plans / "2016.yaml").exists()


def test_tasks_left_under_control_are_carried_with_a_link_back(
    runner: CliRunner, plans: Path
) -> None:
    """繼續列管: a task whose latest 研考 review keeps it under control gets a 備註 in next
    year's draft naming last year's entry; one released (解除列管) gets none. Both reviews
    are written with `planctl review`, as the clerk would."""
    progress = plans.parent / "progress"
    progress.mkdir()
    shutil.copy(TESTS / "ledgers" / "2015.yaml", progress / "2015.yaml")
    kept = runner.invoke(
        cli,
        ["review", "reg-1.4-m02-5057a8", "--decision", "繼續列管", "--note", "延至下年度",
         "--date", "2015-12-20", "--by", "研考"],
    )  # fmt: skip
    assert kept.exit_code == 0, kept.output
    entry = kept.stdout.strip()
    result = runner.invoke(cli, ["new", "2016"])
    assert result.exit_code == 0, result.output
    remark = f"民國104年度繼續列管（{entry}）"
    assert f"  reg-1.4 parts[10].tables[0].items[0].tasks[3]：備註「{remark}」" in result.stdout
    draft = load_checked(plans / "2016.yaml").plan
    tasks = {task.id: task for _, table in draft.schedule_tables() for i in table.items
             for task in i.tasks}  # fmt: skip
    assert tasks["reg-1.4"].remark == remark
    assert tasks["reg-1.1"].remark is None  # 解除列管 in the ledger: not carried
    text = (plans / "2016.yaml").read_text(encoding="utf-8")
    assert f'remark: "{remark}"' in text  # placed in last year's file, layout kept:
    assert "保留原檔的註解與格式" in result.stdout.splitlines()[0]

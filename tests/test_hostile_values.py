"""What people type and name, taken as data: blank texts are missing, control and bidi
characters are refused by name, percents are numbers written as typed, file names that are
not UTF-8 and plans at the calendar's edge (民國8088年 = 9999) are answered, never crashed on.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from icalendar import Calendar

from planctl.cli import cli
from planctl.errors import UsageError
from planctl.plan.characters import blank, character_name
from planctl.plan.years import period_points, stated_dates, title_year
from planctl.progress.load import load_ledger
from planctl.progress.measure import report_deadline, reporting_end
from planctl.progress.model import Review
from planctl.repository.check import load_checked
from planctl.repository.ledger import Report, record, record_review
from tests.conftest import MINIMAL, TESTS
from tests.progress_helpers import office

LEDGER = TESTS / "ledgers" / "2015.yaml"
PLAN = Path("plans/2015.yaml")
"""The office's plan, relative to the office folder the fixtures make current."""


def run(runner: CliRunner, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(cli, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def plan(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An office folder as the current folder: plans/2015.yaml, no ledger yet."""
    monkeypatch.chdir(tmp_path)
    return office(tmp_path)


@pytest.fixture
def ledger(plan: Path) -> Path:
    """The office with the test ledger in progress/2015.yaml."""
    Path("progress").mkdir()
    return Path(shutil.copyfile(LEDGER, "progress/2015.yaml"))


# -- blank texts ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text", ["", " ", "\u3000", "\u200b", "\u200c\u200d\u2060\ufeff", "\u200e\u202c", "\u3164"]
)
def test_a_text_that_shows_nothing_is_blank(text: str) -> None:
    assert blank(text)


@pytest.mark.parametrize("text", ["x", "\u3000x", "0", "-", "\u00b7"])
def test_a_text_that_shows_something_is_not(text: str) -> None:
    assert not blank(text)


DONE = ("done", "reg-1.1", "-m", "1", "-d", "2015-02-05")
REPORT = ("report", "reg-1.4", "-m", "3", "-s", "辦理中", "-p", "10", "-d", "2015-04-08")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((*DONE, "-t", ""), "--text is empty"),
        ((*DONE, "-t", "\u3000"), "--text is empty (it holds only U+3000, which print as nothing)"),
        (
            (*DONE, "-t", "\u200b \u2060"),
            "--text is empty (it holds only U+200B, U+2060, which print as nothing)",
        ),
        ((*DONE, "-e", "北市正戶登字第1043000101號", "-e", " "), "--evidence is empty"),
        ((*DONE, "--by", "\ufeff"), "--by is empty (it holds only U+FEFF, which print as nothing)"),
        (
            (*REPORT, "-t", "清查中", "--reason", "\u3000", "--measure", "加派人力"),
            "--reason is empty (it holds only U+3000, which print as nothing)",
        ),
        ((*REPORT, "-t", "清查中", "--reason", "人力不足", "--measure", ""), "--measure is empty"),
    ],
)
def test_a_blank_text_is_refused_naming_its_option(
    runner: CliRunner, plan: Path, args: tuple[str, ...], message: str
) -> None:
    assert run(runner, *args) == (2, "", f"planctl: {message}\n")
    assert not Path("progress").exists()


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("x\x1b[2J", "U+001B ESC (character 2)"),
        ("第一行\r\n第二行", "U+000D CR (character 4)"),
        ("\x7f", "U+007F DEL (character 1)"),
        ("a\x00b", "U+0000 NUL (character 2)"),
        ("完成\x85", "U+0085 NEL (character 3)"),
        ("\u202e成完未", "U+202E RLO (character 1)"),
        ("x\u2066y\u2069", "U+2066 LRI (character 2)"),
        ("已\udcff辦", "the byte 0xFF (not UTF-8) (character 2)"),
    ],
)
def test_a_control_character_is_refused_by_name(
    runner: CliRunner, ledger: Path, text: str, named: str
) -> None:
    before = ledger.read_bytes()
    for args, option in [
        ((*DONE, "--replaces", "reg-1.1-m01-852b21", "-t", text), "--text"),
        ((*REPORT, "-t", "清查中", "--reason", "人力不足", "--measure", text), "--measure"),
        (("review", "reg-1.2-m03-86c48a", "--decision", "繼續列管", "--note", text), "--note"),
    ]:
        assert run(runner, *args) == (
            2,
            "",
            f"planctl: {option}: {named} is not allowed in a text (control characters and bidi "
            "overrides would reach terminals and printed forms)\n",
        )
    assert ledger.read_bytes() == before


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"text": "\u3000"}, "--text is empty"),
        ({"text": "完成\x1b[2J"}, "--text: U+001B ESC (character 3) is not allowed in a text"),
        ({"measure": "\u202e對策"}, "--measure: U+202E RLO (character 1) is not allowed in a text"),
        (
            {"evidence": ("文號", "\ufffe")},
            "--evidence: U+FFFE (character 1) is not allowed in a text",
        ),
        (
            {"reason": "\u200b", "measure": "\u3164"},
            "reg-1.4 is behind at month 3 (planned 25 %, actual 10 %): give --reason (落後原因) "
            "and --measure (因應對策)",
        ),
    ],
)
def test_a_report_recorded_without_the_command_line_is_held_to_the_same_texts(
    plan: Path, fields: dict[str, Any], message: str
) -> None:
    """record() refuses what done and report refuse (a caller other than the CLI), and a
    落後原因 that shows nothing counts as none."""
    report = Report("reg-1.4", 3, "辦理中", "清查中", date(2015, 4, 8), percent=10)
    with pytest.raises(UsageError) as refused:
        record(plan, load_checked(plan).plan, replace(report, **fields))
    assert refused.value.message == message
    assert not Path("progress/2015.yaml").exists()


def test_a_review_note_recorded_without_the_command_line(ledger: Path) -> None:
    before = ledger.read_bytes()
    review = Review(decision="繼續列管", date=date(2015, 4, 15), note="四月底\x7f")
    with pytest.raises(UsageError) as refused:
        record_review(PLAN, load_checked(PLAN).plan, "reg-1.2-m03-86c48a", review)
    assert refused.value.message == "--note: U+007F DEL (character 4) is not allowed in a text"
    assert ledger.read_bytes() == before


def test_texts_are_checked_before_any_file_is_read(runner: CliRunner, plan: Path) -> None:
    assert run(runner, *DONE, "-t", "", "nothing.yaml") == (2, "", "planctl: --text is empty\n")


def test_character_names() -> None:
    assert [character_name(ch) for ch in "\x00\x1f\x7f\x80\x9f\u202a\u2069\u00ad"] == [
        "U+0000 NUL",
        "U+001F US",
        "U+007F DEL",
        "U+0080 PAD",
        "U+009F APC",
        "U+202A LRE",
        "U+2069 PDI",
        "U+00AD SOFT HYPHEN",
    ]


def test_tabs_and_line_feeds_are_text(runner: CliRunner, plan: Path) -> None:
    """A 執行情形說明 may run to several lines and be indented with tabs, as a plan's text."""
    text = "已清查：\n\t登記課 3 件\n\t資料課 2 件"
    code, _, err = run(runner, *DONE, "-t", text)
    assert code == 0, err
    ledger = load_ledger(plan)
    assert ledger is not None and ledger.entries[-1].text == text


def test_a_blank_report_in_the_ledger_is_a_finding(runner: CliRunner, plan: Path) -> None:
    """Written by hand: a 執行情形說明 of a full-width space is PC501; a behind report whose
    落後原因 and 因應對策 show nothing is PC704, as if they were not there."""
    Path("progress").mkdir()
    Path("progress/2015.yaml").write_text(
        "entries:\n"
        "  - id: a\n    task: reg-1.1\n    month: 1\n    status: 已完成\n"
        '    text: "\u3000"\n    date: 2015-02-05\n'
        "  - id: b\n    task: reg-1.4\n    month: 3\n    status: 辦理中\n    percent: 10\n"
        '    text: 清查中\n    reason: "\u200b"\n    measure: " \u3000 "\n    date: 2015-04-08\n',
        encoding="utf-8",
    )
    code, out, _ = run(runner, "check", "--format", "json", "--select", "PC5,PC7")
    found = [(f["line"], f["code"], f["message"], f["hint"]) for f in json.loads(out)["findings"]]
    behind = "reg-1.4 is behind at month 3 and the report gives no"
    assert (code, found) == (
        1,
        [
            (6, "PC501", "empty text", "it holds only U+3000, which print as nothing"),
            (
                14,
                "PC704",
                f"{behind} 落後原因 (reason)",
                "it holds only U+200B, which print as nothing",
            ),
            (
                15,
                "PC704",
                f"{behind} 因應對策 (measure)",
                "it holds only U+3000, which print as nothing",
            ),
        ],
    )


# -- percents ------------------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["nan", "NaN", "inf", "-inf", "1e400", "101", "-1", "五十", ""])
def test_a_percent_that_is_no_share_is_refused(runner: CliRunner, plan: Path, typed: str) -> None:
    args = ("report", "reg-1.2", "-m", "3", "-s", "辦理中", "-t", "清查中", "-p", typed)
    assert run(runner, *args) == (
        2,
        "",
        f"planctl: --percent 「{typed}」: give a number from 0 to 100\n",
    )
    assert not Path("progress").exists()


@pytest.mark.parametrize(
    ("typed", "written", "read"),
    [
        ("0.00001", "0.00001", 0.00001),
        ("1e-5", "0.00001", 0.00001),
        ("1e-7", "0.0000001", 1e-7),
        ("62.5", "62.5", 62.5),
        ("50.0", "50", 50),
        ("-0", "0", 0),
        ("５０", "50", 50),
    ],
)
def test_a_percent_is_written_as_decimals(
    runner: CliRunner, plan: Path, typed: str, written: str, read: float
) -> None:
    args = ("report", "reg-1.2", "-m", "3", "-s", "辦理中", "-t", "清查中", "-p", typed)
    code, _, err = run(
        runner, *args, "--reason", "人力不足", "--measure", "加派人力", "-d", "2015-04-08"
    )
    assert code == 0, err
    assert f"    percent: {written}\n" in Path("progress/2015.yaml").read_text(encoding="utf-8")
    ledger = load_ledger(plan)
    assert ledger is not None and ledger.entries[-1].percent == read


# -- file names that are not UTF-8 ---------------------------------------------------------


@pytest.fixture
def odd_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """plans/<FF>.yaml (the small plan, with a text ending in a space: a warning, PC502), as
    Python spells its name: plans/\\udcff.yaml."""
    monkeypatch.chdir(tmp_path)
    Path("plans").mkdir()
    text = MINIMAL.read_text(encoding="utf-8").replace("text: 服務標示。", "text: '服務標示。 '")
    Path(b"plans/\xff.yaml".decode("utf-8", "surrogateescape")).write_text(text, encoding="utf-8")
    return "plans/\udcff.yaml"


def test_json_answers_name_the_file_with_an_escape(runner: CliRunner, odd_name: str) -> None:
    shown = "plans/\\xff.yaml"
    code, out, err = run(runner, "export", "--format", "json", odd_name)
    assert (code, json.loads(out)["plans"][0]["file"]) == (0, shown), err
    code, out, err = run(runner, "export", "--format", "json", "--what", "due", "-m", "3", odd_name)
    assert (code, {row["file"] for row in json.loads(out)}) == (0, {shown}), err
    code, out, err = run(runner, "duties", "--format", "json", odd_name)
    assert (code, {row["file"] for row in json.loads(out)}) == (0, {shown}), err
    code, out, err = run(runner, "diff", "--format", "json", odd_name, odd_name)
    assert (code, json.loads(out)["old"]["name"], json.loads(out)["changes"]) == (0, shown, []), err
    code, out, err = run(runner, "check", "--format", "gitlab", odd_name)
    assert (code, {issue["location"]["path"] for issue in json.loads(out)}) == (0, {shown}), err


@pytest.mark.parametrize(
    ("fmt", "line"),
    [
        ("text", "修正規定：plans/\\xff.yaml（民國104年2月4日）"),
        ("md", "- 修正規定：`plans/\\xff.yaml`（民國104年2月4日）"),
    ],
)
def test_a_comparison_names_the_file_with_an_escape(
    runner: CliRunner, odd_name: str, fmt: str, line: str
) -> None:
    code, out, err = run(runner, "diff", "--format", fmt, odd_name, odd_name)
    assert code == 0, err
    assert line in out.splitlines()


def test_a_calendar_of_a_file_named_so(runner: CliRunner, odd_name: str) -> None:
    code, out, err = run(runner, "export", "--format", "ics", odd_name)
    assert code == 0, err
    events = Calendar.from_ical(out).walk("VEVENT")
    assert events and {str(event["uid"]).split("-")[0] for event in events} == {"2015"}


def test_a_draft_from_a_file_named_so_says_where_it_came_from(
    runner: CliRunner, odd_name: str
) -> None:
    code, out, err = run(runner, "new", "2016", "--from", odd_name, "-o", "plans/\udcfe.yaml")
    assert code == 0, err
    assert out.startswith("planctl new 2016：plans/\\xff.yaml → plans/\\xfe.yaml（")
    assert err.splitlines()[0] == "planctl: wrote plans/\\xfe.yaml"
    assert err.splitlines()[-1] == "planctl: plans/\\xfe.yaml checks clean (1 warning(s))"
    header = Path(b"plans/\xfe.yaml".decode("utf-8", "surrogateescape")).read_text(encoding="utf-8")
    assert header.splitlines()[2].startswith(
        "# 由 plans/\\xff.yaml（民國104年度）以 `planctl new 2016` 產生。"
    )


# -- arguments that name nothing -----------------------------------------------------------


def test_a_draft_needs_a_plan_to_start_from(runner: CliRunner, plan: Path) -> None:
    assert run(runner, "new", "2016", "--from", "") == (
        2,
        "",
        "planctl: .: is a directory, not a plan file\n",
    )


def test_explain_nothing(runner: CliRunner) -> None:
    for given in ("", " , "):
        assert run(runner, "explain", given) == (
            2,
            "",
            f"planctl: explain: 「{given}」 is not one code (give a whole code, e.g. PC301)\n",
        )


# -- the calendar's edge -------------------------------------------------------------------


def test_four_digit_years_read_as_the_plan_reads_them() -> None:
    """8088年度 is 民國8088年, 9999, in a plan for 9999; elsewhere four digits are Gregorian."""
    title = "臺北市中正區戶政事務所8088年度提升服務品質實施計畫"
    mention = title_year(title, 9999)
    assert mention is not None and (mention.year, mention.roc) == (9999, True)
    mention = title_year(title, 2015)
    assert mention is not None and (mention.year, mention.roc) == (8088, False)
    mention = title_year("測試所2016年度提升服務品質實施計畫", 2016)
    assert mention is not None and (mention.year, mention.roc) == (2016, False)
    assert period_points("至 8088 年 12 月 31 日止。", 9999) == {"end": date(9999, 12, 31)}
    assert period_points("至 8088 年 12 月 31 日止。", 2015) == {"end": date(8088, 12, 31)}
    assert [d.year for d in stated_dates("本(8088)年2月16日前", 9999)] == [9999]
    assert [d.year for d in stated_dates("本(104)年2月16日及12015年3月1日")] == [2015, None]


def test_report_days_past_the_calendars_end() -> None:
    assert report_deadline(9999, 11, 10) == date(9999, 12, 10)
    assert report_deadline(9999, 12, 10) == date.max  # due in January 10000: never passed
    assert report_deadline(2015, 12, 10) == date(2016, 1, 10)
    assert (reporting_end(2015), reporting_end(9999)) == (date(2016, 12, 31), date(9999, 12, 31))


@pytest.fixture
def plan_9999(runner: CliRunner, plan: Path) -> Path:
    """The bundled plan moved to 9999 by `planctl new`: its titles say 8088年度, and it must
    check clean (`new` exits 1 otherwise)."""
    code, _, err = run(runner, "new", "9999", "--from", str(plan), "-o", "plans/9999.yaml")
    assert code == 0, err
    assert "title: 臺北市中正區戶政事務所8088年度提升服務品質實施計畫\n" in Path(
        "plans/9999.yaml"
    ).read_text(encoding="utf-8")
    plan.unlink()
    return Path("plans/9999.yaml")


def test_a_plan_for_9999_is_answered(runner: CliRunner, plan_9999: Path) -> None:
    assert run(runner, "done", "reg-1.1", "-m", "1", "-d", "9999-02-05")[0] == 0
    code, out, err = run(runner, "status", "--as-of", "9999-12-31", "--format", "json")
    assert code == 0, err
    tasks = {task["id"]: task for task in json.loads(out)["tasks"]}
    assert tasks["reg-1.4"]["missing_months"] == list(range(1, 12))  # December's: due in 10000
    code, out, err = run(
        runner, "check", "--as-of", "9999-12-31", "--format", "json", "--select", "PC708"
    )
    messages = [f["message"] for f in json.loads(out)["findings"]]
    assert code == 1 and "no progress report for reg-1.4, month 11 (due 9999-12-10)" in messages
    assert not any("month 12" in message for message in messages)
    for args in (("due", "-m", "12"), ("render", "--format", "html"), ("duties",)):
        assert run(runner, *args)[0] == 0, args


def test_a_plan_for_9999_reads_its_texts_years(runner: CliRunner, plan_9999: Path) -> None:
    """Its texts' 8088年 are 9999: the period's end matches its text (no PC409), and a deadline
    that is not the date its text states is PC403, as in any year."""
    code, out, err = run(runner, "check", "--format", "json")
    assert (code, {f["code"] for f in json.loads(out)["findings"]}) == (0, {"PC301"}), err
    text = plan_9999.read_text(encoding="utf-8")
    plan_9999.write_text(text.replace("deadline: 9999-02-04", "deadline: 9999-02-05"), "utf-8")
    code, out, err = run(runner, "check", "--format", "json", "--select", "PC4")
    found = [(f["code"], f["message"]) for f in json.loads(out)["findings"]]
    assert (code, found) == (0, [("PC403", "deadline 9999-02-05 is not a date its text states")])


def test_the_calendar_of_9999_ends_its_last_events_by_duration(
    runner: CliRunner, plan_9999: Path
) -> None:
    """A run through December 9999 ends on 1 January 10000, which iCalendar cannot write:
    it gets a DURATION instead of a DTEND (RFC 5545 allows either)."""
    code, out, err = run(runner, "export", "--format", "ics", "--todo")
    assert code == 0, err
    calendar = Calendar.from_ical(out)
    # UIDs by what follows `9999-<office>-`
    events = {str(e["uid"]).split("-", 2)[2]: e for e in calendar.walk("VEVENT")}
    whole_year = events["reg-1.4-run1@planctl"]
    assert "DTEND" not in whole_year and whole_year["DURATION"].dt.days == 365
    spring = events["reg-1.2-run1@planctl"]
    assert spring["DTEND"].dt == date(9999, 5, 1) and "DURATION" not in spring
    todos = {str(t["uid"]).split("-", 2)[2]: t for t in calendar.walk("VTODO")}
    assert todos["reg-1.4-run1-todo@planctl"]["DUE"].dt == date(9999, 12, 31)


def test_reports_of_9999_are_recorded(runner: CliRunner, plan_9999: Path) -> None:
    code, out, err = run(runner, "done", "reg-1.1", "-m", "2", "-d", "9999-12-31")
    assert code == 0, err
    code, _, err = run(runner, "review", out.strip(), "--decision", "解除列管", "-d", "9999-12-31")
    assert code == 0, err
    assert run(runner, "done", "reg-1.1", "-m", "1", "-d", "9998-12-31") == (
        2,
        "",
        "planctl: report date 9998-12-31 is outside 9999–9999: the plan is for 9999 "
        "(民國8088年) (give --date YYYY-MM-DD, the day the unit reports)\n",
    )


def test_no_plan_after_9999(runner: CliRunner, plan_9999: Path) -> None:
    assert run(runner, "new", "10000") == (2, "", "planctl: 10000: a plan year is at most 9999\n")

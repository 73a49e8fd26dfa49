"""Every refusal the web desk's forms can reach, through Flask's test client: said in
Traditional Chinese by the field it is about (the staff see fields, never the command line's
options), the ledger untouched, while the command line keeps its own words."""

from __future__ import annotations

import html
from datetime import date
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from flask import Flask

from planctl.cli import cli
from planctl.plan.record import replaced
from planctl.progress.model import Entry
from planctl.queries.status import TaskStatus
from planctl.web import views
from planctl.web.app import create_app
from tests.web_helpers import TODAY, ledger_text, log_in, make_repository

SAVE = "/p/0/unit/戶籍登記課/task/{task}?month={month}"
GOOD = {"status": "辦理中", "percent": "50", "text": "已清查半數"}


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return make_repository(tmp_path / "repo")


def desk(repo: Path, today: date = TODAY) -> Flask:
    return create_app([str(repo / "plans" / "2015.yaml")], today=today)


def shown(page: str, task: str, field: str) -> str | None:
    """The error under `field` of `task`'s form, as the staff read it; None when there is none."""
    start = f'id="{task}-{field}-error">'
    if start not in page:
        return None
    return html.unescape(page.split(start, 1)[1].split("</p>", 1)[0])


REPORTS = [
    pytest.param({"text": ""}, "text", "請填寫執行情形說明", id="text empty"),
    pytest.param({"text": "\u3000\u200b"}, "text", "請填寫執行情形說明", id="text blank"),
    pytest.param(
        {"text": "已清查\x1b[2J"},
        "text",
        "執行情形說明的第 4 個字是不允許的控制字元（U+001B ESC），請刪除後再儲存",
        id="text ESC",
    ),
    pytest.param(
        {"reason": "人力\u202e不足"},
        "reason",
        "落後原因的第 3 個字是不允許的控制字元（U+202E RLO），請刪除後再儲存",
        id="reason RLO",
    ),
    pytest.param(
        {"measure": "\x07加派"},
        "measure",
        "因應對策的第 1 個字是不允許的控制字元（U+0007 BEL），請刪除後再儲存",
        id="measure BEL",
    ),
    pytest.param(
        {"evidence": "府戶字第1號\n\x1b]8;;x"},
        "evidence",
        "佐證的第 1 個字是不允許的控制字元（U+001B ESC），請刪除後再儲存",
        id="evidence ESC",
    ),
    pytest.param(
        {"percent": "五十"},
        "percent",
        "完成進度「五十」不是 0 到 100 的數字，請填 0 到 100",
        id="percent no number",
    ),
    pytest.param(
        {"percent": "101"},
        "percent",
        "完成進度「101」不是 0 到 100 的數字，請填 0 到 100",
        id="percent over 100",
    ),
    pytest.param(
        {"completed": "3/31"},
        "completed",
        "完成日期「3/31」不是日期，請依 年-月-日 填寫（例如 2015-03-31）",
        id="completed no date",
    ),
    pytest.param(
        {"completed": "2014-12-31"},
        "completed",
        "完成日期 2014-12-31 不在計畫年度（2015 年）內",
        id="completed outside the year",
    ),
    pytest.param(
        {"completed": "2015-04-09"},
        "completed",
        "完成日期 2015-04-09 晚於今天（2015-04-08）：只能填報已完成的工作",
        id="completed after today",
    ),
]


@pytest.mark.parametrize(("values", "field", "message"), REPORTS)
def test_a_refused_report_is_said_in_chinese_by_its_field(
    repo: Path, values: dict[str, str], field: str, message: str
) -> None:
    client, csrf = log_in(desk(repo), "clerk")
    answer = client.post(
        SAVE.format(task="reg-1.2", month=3), data={**GOOD, **values, "csrf_token": csrf}
    )
    assert answer.status_code == 422
    assert shown(answer.text, "reg-1.2", field) == message
    assert f'aria-describedby="reg-1.2-{field}-error"' in answer.text
    others = {"form", "status", "percent", "text", "reason", "measure", "evidence", "completed"}
    assert [f for f in sorted(others - {field}) if shown(answer.text, "reg-1.2", f)] == []
    assert ledger_text(repo) is None


def test_a_month_not_begun_is_refused_on_the_whole_form(repo: Path) -> None:
    client, csrf = log_in(desk(repo), "clerk")
    page = client.get("/p/0/unit/戶籍登記課/?month=12").text
    task = page.split('class="report" method="post" action="/p/0/unit/', 1)[1]
    task = task.split("/task/", 1)[1].split("?", 1)[0]
    answer = client.post(SAVE.format(task=task, month=12), data={**GOOD, "csrf_token": csrf})
    assert answer.status_code == 422
    assert shown(answer.text, task, "form") == (
        "這個期間 2015-12-01 才開始，今天（2015-04-08）還不能填報；請選已開始的月份"
    )
    assert ledger_text(repo) is None


def test_a_day_outside_the_plan_is_refused_on_the_whole_form(repo: Path) -> None:
    client, csrf = log_in(desk(repo, date(2017, 2, 1)), "clerk")
    answer = client.post(SAVE.format(task="reg-1.2", month=3), data={**GOOD, "csrf_token": csrf})
    assert answer.status_code == 422
    assert shown(answer.text, "reg-1.2", "form") == (
        "今天（2017-02-01）不在本計畫可填報、審核的期間（2015-01-01 至 2016-12-31）內"
    )
    assert ledger_text(repo) is None


def test_the_command_line_keeps_its_own_words(repo: Path) -> None:
    """The same refusals as the command line says them: its options, in English."""
    plan = str(repo / "plans" / "2015.yaml")
    base = ["report", "reg-1.2", "-m", "3", "-d", "2015-04-08", "-s", "辦理中"]
    said = CliRunner().invoke(cli, [*base, "--text", "\u3000", plan])
    assert said.exit_code == 2
    assert "--text is empty" in said.output
    said = CliRunner().invoke(cli, [*base, "--text", "a\x1bb", plan])
    assert "--text: U+001B ESC (character 2) is not allowed in a text" in said.output
    said = CliRunner().invoke(cli, [*base, "--text", "x", "--completed", "2015-04-09", plan])
    assert "--completed 2015-04-09 is after the report's date 2015-04-08" in said.output


def _reported(repo: Path, percents: tuple[str, ...]) -> list[str]:
    """The ids of reg-1.2's March reports saved with `percents` (each a correction)."""
    client, csrf = log_in(desk(repo), "clerk")
    for percent in percents:
        data = {**GOOD, "percent": percent, "csrf_token": csrf}
        assert client.post(SAVE.format(task="reg-1.2", month=3), data=data).status_code == 302
    written = yaml.safe_load(ledger_text(repo) or "")["entries"]
    return [str(entry["id"]) for entry in written]


def _review(repo: Path, entry_id: str, note: str, today: date = TODAY) -> str:
    client, csrf = log_in(desk(repo, today), "yankao")
    data = {"decision": "解除列管", "note": note, "csrf_token": csrf}
    answer = client.post(f"/p/0/review/{entry_id}?month=3", data=data)
    assert answer.status_code == 422
    return answer.text


def test_the_review_pages_refusals_are_said_in_chinese(repo: Path) -> None:
    first, second = _reported(repo, ("50", "60"))
    before = ledger_text(repo)
    page = _review(repo, second, "請\x1b補件")
    said = "研考意見的第 2 個字是不允許的控制字元（U+001B ESC），請刪除後再儲存"
    assert f'<p class="error" role="alert">{said}</p>' in page
    page = _review(repo, first, "")
    assert (
        f'<p class="error" role="alert">這筆填報（{first}）已由 {second} 更正，'
        "請重新整理頁面後審核更正後的填報</p>"
    ) in page
    page = _review(repo, second, "", date(2017, 2, 1))
    assert (
        '<p class="error" role="alert">今天（2017-02-01）不在本計畫可填報、審核的期間'
        "（2015-01-01 至 2016-12-31）內</p>"
    ) in page
    assert ledger_text(repo) == before


def test_a_review_of_no_entry_is_said_in_chinese(repo: Path) -> None:
    client, csrf = log_in(desk(repo), "yankao")
    data = {"decision": "解除列管", "note": "", "csrf_token": csrf}
    answer = client.post("/p/0/review/reg-1.2-m03-000000?month=3", data=data)
    assert answer.status_code == 422
    assert (
        '<p class="error" role="alert">找不到這筆填報（reg-1.2-m03-000000），請重新整理頁面</p>'
        in answer.text
    )


def test_a_behind_report_with_its_reason_is_refused_under_the_measure_alone(repo: Path) -> None:
    client, csrf = log_in(desk(repo), "clerk")
    data = {"status": "辦理中", "percent": "10", "text": "通報延遲", "reason": "人力不足"}
    answer = client.post(SAVE.format(task="reg-1.4", month=3), data={**data, "csrf_token": csrf})
    assert answer.status_code == 422
    assert shown(answer.text, "reg-1.4", "measure") == (
        "進度落後（預定 25%，實際 10%）：請填寫落後原因及因應對策；"
        "或把完成進度改為整個工作項目至今完成的百分比"
    )
    assert shown(answer.text, "reg-1.4", "reason") is None
    assert ledger_text(repo) is None


def test_a_report_saved_meanwhile_is_refused_in_chinese(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two people saving the same task at once: the second form was not a correction."""
    [first] = _reported(repo, ("50",))
    monkeypatch.setattr("planctl.web.views._current", lambda task, month: None)
    client, csrf = log_in(desk(repo), "clerk")
    answer = client.post(SAVE.format(task="reg-1.2", month=3), data={**GOOD, "csrf_token": csrf})
    assert answer.status_code == 422
    assert shown(answer.text, "reg-1.2", "form") == (
        f"這期間已有填報（{first}），可能是同仁剛剛儲存的：請重新整理頁面後再更正"
    )
    assert [entry["id"] for entry in yaml.safe_load(ledger_text(repo) or "")["entries"]] == [first]


def test_a_correction_of_a_report_gone_meanwhile_is_refused_in_chinese(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The report a form corrects left the ledger between the page and the save (a revert
    pulled in): the desk says so in the staff's words, and writes nothing."""
    _reported(repo, ("50",))
    before = ledger_text(repo)
    shown_then = views._current

    def gone(task: TaskStatus, month: int) -> Entry | None:
        entry = shown_then(task, month)
        return entry and replaced(entry, id="reg-1.2-m03-0a0a0a")

    monkeypatch.setattr("planctl.web.views._current", gone)
    client, csrf = log_in(desk(repo), "clerk")
    answer = client.post(SAVE.format(task="reg-1.2", month=3), data={**GOOD, "csrf_token": csrf})
    assert answer.status_code == 422
    assert shown(answer.text, "reg-1.2", "form") == (
        "找不到這筆填報（reg-1.2-m03-0a0a0a），請重新整理頁面"
    )
    assert ledger_text(repo) == before

"""A plan reported by quarter (季報, issue 19 item 3) on the 總覽 and the web desk (issue 20):
the dashboard stands at a quarter as `planctl status` does, the desk's pages offer and title
quarters (第1季…第4季), and a unit's form reports the quarter, in the entry for its last
month. The plan and ledger are tests/test_quarterly.py's: the bundled plan with
`control: {period: quarter}`, 第1季 reported with `planctl done`/`report`."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from flask import Flask

from planctl.progress.load import load_ledger
from planctl.queries.dashboard import Counts, bureau, dashboard
from planctl.repository.check import load_checked
from planctl.web.app import create_app
from tests.conftest import PLAN_2015, TESTS
from tests.test_quarterly import FIRST_QUARTER, QUARTERLY, TITLE, file, quarterly_plan, run
from tests.web_helpers import TODAY, ledger_text, log_in, make_repository, text_of

AFTER_Q1 = date(2015, 4, 20)
"""After 第1季's reporting day (10 April): its missing reports count."""


@pytest.fixture
def office(tmp_path: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A desk's repository (accounts, plans/2015.yaml) whose plan is reported by quarter,
    with 第1季 reported as tests/test_quarterly.py reports it; the current folder."""
    repo = make_repository(tmp_path / "repo")
    quarterly = quarterly_plan(tmp_path)
    shutil.copy(quarterly, repo / "plans" / "2015.yaml")
    monkeypatch.chdir(repo)
    file(runner, *FIRST_QUARTER)
    return repo


def desk(repo: Path, today: date = TODAY) -> Flask:
    return create_app([str(repo / "plans" / "2015.yaml")], today=today)


# -- the 總覽 (queries/dashboard.py) -----------------------------------------------------------


def test_a_quarterly_plan_stands_at_the_end_of_the_months_quarter(office: Path) -> None:
    """Month 2 of a quarterly plan is 第1季, stood at at its end (March), as `status -m 2`
    stands; its counts are the status's sections summed, and what comes next is 第2季's."""
    checked = load_checked(office / "plans" / "2015.yaml")
    ledger = load_ledger(office / "plans" / "2015.yaml")
    board = dashboard(checked.plan, ledger, 2, AFTER_Q1)
    assert (board.progress.month, board.progress.quarter) == (3, 1)
    assert dashboard(checked.plan, ledger, 5, AFTER_Q1, quarter=1) == board
    code, out, err = run(
        CliRunner(), "status", "-m", "2", "--as-of", "2015-04-20", "--format", "json"
    )
    assert code == 0, err
    sections = json.loads(out)["sections"]
    keys = ("scheduled", "reported", "done", "behind", "missing")
    assert board.counts == Counts(*(sum(s[key] for s in sections) for key in keys))
    assert board.counts == Counts(scheduled=31, reported=3, done=1, behind=29, missing=28)
    assert {t.task.id for t in board.progress.next} >= {"reg-1.3", "reg-1.4"}  # reg-1.3: 5-6


def test_a_bureau_shows_a_quarterly_plan_at_its_quarter(office: Path) -> None:
    quarterly = load_checked(office / "plans" / "2015.yaml").plan
    monthly = load_checked(PLAN_2015).plan
    rows = bureau({"q": (quarterly, None), "m": (monthly, None)}, date(2015, 5, 20))
    assert [(row.key, row.month, row.quarter) for row in rows] == [("q", 6, 2), ("m", 5, None)]
    asked = bureau({"q": (quarterly, None)}, date(2015, 5, 20), quarter=1)
    assert [(row.month, row.quarter) for row in asked] == [(3, 1)]


# -- the web desk ------------------------------------------------------------------------------


def test_the_overview_offers_and_titles_quarters(office: Path) -> None:
    client, _ = log_in(desk(office, AFTER_Q1), "boss")
    page = text_of(client.get("/p/0/?quarter=1").text)
    assert page.startswith("總覽 第1季｜planctl")
    assert f"{TITLE}：第1季總覽 紅燈 第1季 第2季 第3季 第4季 列印" in page
    assert "全所 31 3 1 29 28 56% 5% 紅燈" in page
    assert "未報者（戶籍登記課、戶籍資料課；第1季）" in page  # reg-1.5 missing 第1季
    assert "下季應辦" in page and "下月應辦" not in page and "1月 2月" not in page
    html = client.get("/p/0/?quarter=1").text
    assert 'href="/p/0/?quarter=2"' in html and "?month=" not in html
    assert 'href="/p/0/print/review.pdf?quarter=1"' in html
    # A month stands at the end of its quarter, as `status --month 5` does.
    assert text_of(client.get("/p/0/?month=5").text).startswith("總覽 第2季｜planctl")
    assert client.get("/p/0/?quarter=5").status_code == 404


def test_the_unit_page_reports_the_quarter_in_its_last_months_entry(office: Path) -> None:
    """Before 10 April the clerk's page is 第1季's; a save writes the entry for month 3, as
    `planctl report -m 3` does in a quarterly plan."""
    client, csrf = log_in(desk(office), "clerk")
    page = text_of(client.get("/p/0/unit/戶籍登記課/").text)
    assert page.startswith("戶籍登記課 第1季填報｜planctl")
    assert "戶籍登記課：第1季填報 第1季 第2季 第3季 第4季 reg-1.1" in page
    assert "最近填報（第1季，2015-04-02，）：已完成；依計畫辦理完成" in page
    assert "更正第1季填報" in page and "儲存第1季填報" in page
    data = {"status": "辦理中", "percent": "25", "text": "已清查四分之一", "csrf_token": csrf}
    answer = client.post("/p/0/unit/戶籍登記課/task/reg-1.5?quarter=1", data=data)
    assert answer.status_code == 302
    assert (
        answer.headers["Location"]
        == "/p/0/unit/%E6%88%B6%E7%B1%8D%E7%99%BB%E8%A8%98%E8%AA%B2/?quarter=1#t-reg-1.5"
    )
    saved = [
        e for e in yaml.safe_load(ledger_text(office) or "")["entries"] if e["task"] == "reg-1.5"
    ]
    assert [(e["month"], e["percent"], e["by"]) for e in saved] == [(3, 25, "戶籍登記課")]
    shown = text_of(client.get(answer.headers["Location"]).text)
    assert f"已儲存 reg-1.5 第1季的填報（{saved[0]['id']}）" in shown
    code, _, err = run(CliRunner(), "check")
    assert code == 0, err


def test_the_unit_page_names_the_missing_quarters(office: Path) -> None:
    client, _ = log_in(desk(office, date(2015, 7, 20)), "clerk")
    page = text_of(client.get("/p/0/unit/戶籍登記課/?quarter=2").text)
    assert (
        "reg-2.1 幸福+專案福袋發送 紅燈 預定月份：1、2、3、4、5、6、7、8、9、10、11、12月；" in page
    )
    assert "實際進度 0%， 落後 ，缺報 第1、2季。" in page


def test_the_review_page_lists_the_quarters_entries(office: Path) -> None:
    client, csrf = log_in(desk(office), "yankao")
    page = text_of(client.get("/p/0/review/").text)
    assert page.startswith("研考審核 第1季｜planctl")
    assert "填報 2015-04-09（reg-1.4-m03-" in page
    assert "reg-1.5 清查經戶政事務所註記死亡宣告進行中、失蹤人口未報者 紅燈" in page
    assert "本季尚未填報。" in page and "本月" not in page
    entry = next(
        e["id"]
        for e in yaml.safe_load(ledger_text(office) or "")["entries"]
        if e["task"] == "reg-1.4"
    )
    data = {"decision": "繼續列管", "note": "", "csrf_token": csrf}
    answer = client.post(f"/p/0/review/{entry}?quarter=1", data=data)
    assert (answer.status_code, answer.headers["Location"]) == (302, "/p/0/review/?quarter=1")
    assert "已記錄 reg-1.4 第1季：繼續列管" in text_of(client.get("/p/0/review/?quarter=1").text)


def test_a_bureau_names_a_quarterly_plans_quarter(office: Path) -> None:
    from tests.conftest import TESTS

    other = office / "plans" / "land-office.yaml"
    other.write_bytes((TESTS / "plans" / "land-office.yaml").read_bytes())
    client, _ = log_in(create_app([str(office / "plans")], today=TODAY), "boss")
    page = text_of(client.get("/").text)
    assert "臺北市中正區戶政事務所 104年（2015） 第2季 " in page


def test_a_tasks_history_names_the_quarter_of_each_entry(office: Path) -> None:
    """reg-1.4's 第1季 report is the entry for month 3: its history says 第1季, not 3月."""
    client, _ = log_in(desk(office), "boss")
    page = text_of(client.get("/p/0/task/reg-1.4").text)
    assert "回總覽 第1季 辦理中 10% ／ 2015-04-09（reg-1.4-m03-" in page
    assert "3月" not in page


def test_a_bureau_of_quarterly_and_monthly_plans_heads_the_column_for_both(office: Path) -> None:
    other = office / "plans" / "land-office.yaml"
    other.write_bytes((TESTS / "plans" / "land-office.yaml").read_bytes())
    client, _ = log_in(create_app([str(office / "plans")], today=TODAY), "boss")
    page = text_of(client.get("/").text)
    assert "各機關總覽 機關 年度 月份／季別 應辦 已填報 落後 缺報 燈號 " in page


def test_a_bureau_of_quarterly_plans_heads_the_column_by_quarter(office: Path) -> None:
    land = (TESTS / "plans" / "land-office.yaml").read_text(encoding="utf-8")
    other = office / "plans" / "land-office.yaml"
    other.write_text(land.replace("\nunits:\n", f"\n{QUARTERLY}units:\n", 1), encoding="utf-8")
    client, _ = log_in(create_app([str(office / "plans")], today=TODAY), "boss")
    page = text_of(client.get("/").text)
    assert "各機關總覽 機關 年度 季別 應辦 已填報 落後 缺報 燈號 " in page


def test_a_monthly_plans_pages_keep_their_months(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = make_repository(tmp_path / "repo")
    monkeypatch.chdir(repo)
    client, _ = log_in(desk(repo), "clerk")
    page = text_of(client.get("/p/0/?month=3").text)
    assert page.startswith("總覽 3月｜planctl")
    assert "：3月總覽 紅燈 1月 2月 3月 4月 5月 6月 7月 8月 9月 10月 11月 12月 列印" in page
    assert "下月應辦" in page and "季" not in page
    unit = text_of(client.get("/p/0/unit/戶籍登記課/").text)
    assert unit.startswith("戶籍登記課 3月填報｜planctl") and "儲存3月填報" in unit
    file(CliRunner(), ("done", "reg-1.1", "-m", "2", "-d", "2015-03-02"))
    assert "回總覽 2月 已完成 ／ 2015-03-02（reg-1.1-m02-" in text_of(
        client.get("/p/0/task/reg-1.1").text
    )
    other = repo / "plans" / "land-office.yaml"
    other.write_bytes((TESTS / "plans" / "land-office.yaml").read_bytes())
    bureau_page = text_of(
        log_in(create_app([str(repo / "plans")], today=TODAY), "boss")[0].get("/").text
    )
    assert "各機關總覽 機關 年度 月份 應辦 已填報 落後 缺報 燈號 " in bureau_page


# -- the 執行成果 report at a quarter ----------------------------------------------------------

RESULTS = "# 臺北市中正區戶政事務所104年度重要工作計畫執行成果（{}）"


def results_title(*args: str) -> str:
    code, out, err = run(
        CliRunner(), "render", "--what", "results", "--as-of", "2016-01-20", "--format", "md", *args
    )
    assert code == 0, err
    return out.splitlines()[0]


@pytest.mark.parametrize(
    ("quarter", "period"), [("1", "第1季"), ("2", "上半年"), ("3", "前三季"), ("4", "全年度")]
)
def test_the_results_are_titled_by_the_quarters_they_cover(
    office: Path, quarter: str, period: str
) -> None:
    assert results_title("--quarter", quarter) == RESULTS.format(period)


def test_a_quarterly_plans_results_at_a_month_are_its_quarters(office: Path) -> None:
    assert results_title("--month", "8") == RESULTS.format("前三季")


def test_a_monthly_plans_results_keep_their_months(tmp_path: Path) -> None:
    (tmp_path / "plans").mkdir()
    monthly = tmp_path / "plans" / "2015.yaml"
    monthly.write_bytes(PLAN_2015.read_bytes())
    assert results_title("--month", "9", str(monthly)) == RESULTS.format("1至9月")
    assert results_title("--month", "6", str(monthly)) == RESULTS.format("上半年")
    assert results_title("--quarter", "3", str(monthly)) == RESULTS.format("前三季")


# -- status's 全所 line ------------------------------------------------------------------------


def test_status_totals_the_office_as_the_overview_does(office: Path) -> None:
    """`status --quarter 1`'s 全所 line is the 總覽's, and the JSON's `total` its figures."""
    code, out, err = run(
        CliRunner(), "status", "--quarter", "1", "--as-of", "2015-04-20", "--format", "json"
    )
    assert code == 0, err
    data = json.loads(out)
    assert data["total"] == {
        "label": "全所",
        "scheduled": 31,
        "reported": 3,
        "done": 1,
        "behind": 29,
        "missing": 28,
        "planned_pct": 55.6,
        "actual_pct": 5.2,
        "light": "red",
    }
    keys = ("scheduled", "reported", "done", "behind", "missing")
    assert {k: sum(s[k] for s in data["sections"]) for k in keys} == {
        k: data["total"][k] for k in keys
    }
    code, out, err = run(CliRunner(), "status", "--quarter", "1", "--as-of", "2015-04-20")
    assert "│ 全所     │ 31   │ 3      │ 1      │ 29   │ 28   │ 55.6%    │ 5.2%     │ 紅燈 │" in out

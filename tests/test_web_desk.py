"""The web desk's rules, through Flask's test client: who may do what, what a save writes
(the same entry, checks and ledger as `planctl report`), and the guards of docs/security.md
("The web desk")."""

from __future__ import annotations

import json
import re
import stat
import subprocess
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from flask import Flask

from planctl.cli import cli
from planctl.progress.load import load_ledger
from planctl.progress.terms import effective
from planctl.web.accounts import ACCOUNTS_FILE, SECRET_FILE, read_accounts
from planctl.web.app import FREE_FAILURES, MAX_BODY, create_app
from tests.clients import needs
from tests.conftest import PLAN_2015
from tests.web_helpers import (
    PASSWORD,
    TODAY,
    ledger_text,
    log_in,
    make_repository,
    text_of,
    token,
)

UNIT = "/p/0/unit/戶籍登記課/"
SAVE = "/p/0/unit/戶籍登記課/task/{task}?month=3"
GOOD = {"status": "辦理中", "percent": "50", "text": "已清查半數"}


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return make_repository(tmp_path / "repo")


@pytest.fixture
def app(repo: Path) -> Flask:
    return create_app([str(repo / "plans" / "2015.yaml")], today=TODAY)


def entries(repo: Path) -> list[dict[str, object]]:
    text = ledger_text(repo)
    return [] if text is None else list(yaml.safe_load(text)["entries"] or [])


def test_every_page_needs_a_login(app: Flask) -> None:
    client = app.test_client()
    for page in ("/", "/p/0/", UNIT, "/p/0/review/", "/p/0/task/reg-1.2", "/p/0/export.ods"):
        answer = client.get(page)
        assert (answer.status_code, answer.headers["Location"]) == (302, "/login"), page


def test_a_saved_report_is_the_ledger_entry_and_check_is_clean(app: Flask, repo: Path) -> None:
    client, csrf = log_in(app, "clerk")
    answer = client.post(SAVE.format(task="reg-1.2"), data={**GOOD, "csrf_token": csrf})
    assert answer.status_code == 302
    [entry] = entries(repo)
    assert {k: entry[k] for k in ("task", "month", "status", "percent", "text", "by")} == {
        "task": "reg-1.2",
        "month": 3,
        "status": "辦理中",
        "percent": 50,
        "text": "已清查半數",
        "by": "戶籍登記課",
    }
    assert str(entry["date"]) == "2015-04-08"
    page = client.get(answer.headers["Location"]).text
    assert f"已儲存 reg-1.2 3月的填報（{entry['id']}）" in text_of(page)
    checked = CliRunner().invoke(cli, ["check", str(repo / "plans" / "2015.yaml")])
    assert checked.exit_code == 0, checked.output


def test_a_second_save_is_a_correction(app: Flask, repo: Path) -> None:
    client, csrf = log_in(app, "clerk")
    for percent in ("50", "60"):
        data = {**GOOD, "percent": percent, "csrf_token": csrf}
        assert client.post(SAVE.format(task="reg-1.2"), data=data).status_code == 302
    first, second = entries(repo)
    assert (second["replaces"], second["percent"]) == (first["id"], 60)
    history = text_of(client.get("/p/0/task/reg-1.2").text)
    assert f"更正 {first['id']}" in history and "〔已被更正〕" in history


def test_the_history_counts_the_entries_the_command_line_counts(
    app: Flask, repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A chain of corrections: the history marks 〔已被更正〕 exactly the entries the core's
    `effective` leaves out, and the one it leaves is the report `planctl status` shows. The
    desk has no rule of its own: with another rule in the core, the page follows it."""
    client, csrf = log_in(app, "clerk")
    for percent in ("50", "55", "60"):
        data = {**GOOD, "percent": percent, "text": f"已清查{percent}%", "csrf_token": csrf}
        assert client.post(SAVE.format(task="reg-1.2"), data=data).status_code == 302
    written = [entry["id"] for entry in entries(repo)]
    counted = [e.id for e in effective(load_ledger(repo / "plans" / "2015.yaml").entries)]
    page = client.get("/p/0/task/reg-1.2").text
    marked = re.findall(r'<li( class="replaced")?>.*? \d{4}-\d\d-\d\d（([^，）]+)', page, re.S)
    assert [entry_id for replaced, entry_id in marked if not replaced] == counted == written[-1:]
    assert [entry_id for replaced, entry_id in marked if replaced] == written[:-1]
    plan = str(repo / "plans" / "2015.yaml")
    shown = CliRunner().invoke(
        cli, ["status", "-m", "3", "--as-of", "2015-04-08", "--format", "json", plan]
    )
    [task] = [task for task in json.loads(shown.stdout)["tasks"] if task["id"] == "reg-1.2"]
    assert (task["text"], task["actual_pct"]) == ("已清查60%", 60.0)
    monkeypatch.setattr("planctl.web.views.effective", list)  # a rule that counts every entry
    assert 'class="replaced"' not in client.get("/p/0/task/reg-1.2").text


def test_behind_without_reason_is_shown_by_the_field_and_writes_nothing(
    app: Flask, repo: Path
) -> None:
    client, csrf = log_in(app, "clerk")
    data = {"status": "辦理中", "percent": "10", "text": "通報延遲", "csrf_token": csrf}
    answer = client.post(SAVE.format(task="reg-1.4"), data=data)
    assert answer.status_code == 422
    message = (
        "進度落後（預定 25%，實際 10%）：請填寫落後原因及因應對策；"
        "或把完成進度改為整個工作項目至今完成的百分比"
    )
    for field in ("reason", "measure"):
        assert f'id="reg-1.4-{field}-error">{message}</p>' in answer.text
        assert f'aria-describedby="reg-1.4-{field}-error"' in answer.text
    assert 'id="reg-1.4-text-error"' not in answer.text
    assert '<textarea id="reg-1.4-text" name="text" rows="3">通報延遲</textarea>' in answer.text
    assert ledger_text(repo) is None


def test_a_percent_that_is_no_number_is_refused_by_its_field(app: Flask, repo: Path) -> None:
    client, csrf = log_in(app, "clerk")
    for typed in ("nan", "101", "五十"):
        data = {**GOOD, "percent": typed, "csrf_token": csrf}
        answer = client.post(SAVE.format(task="reg-1.2"), data=data)
        assert answer.status_code == 422
        assert (
            f'id="reg-1.2-percent-error">完成進度「{typed}」不是 0 到 100 的數字，請填 0 到 100<'
            in (answer.text)
        )
    assert ledger_text(repo) is None


def test_a_reporter_cannot_see_or_post_another_units_form(app: Flask, repo: Path) -> None:
    client, csrf = log_in(app, "clerk")
    page = client.get("/p/0/unit/會計/?month=3")
    assert page.status_code == 200 and "acc-2.2" in page.text
    assert 'class="report"' not in page.text
    answer = client.post("/p/0/unit/會計/task/acc-2.2?month=3", data={**GOOD, "csrf_token": csrf})
    assert answer.status_code == 403
    assert "您的帳號沒有這項權限" in answer.text
    assert ledger_text(repo) is None


def test_a_reporter_cannot_post_another_units_task_through_its_own_page(
    app: Flask, repo: Path
) -> None:
    client, csrf = log_in(app, "clerk")
    answer = client.post(SAVE.format(task="acc-2.2"), data={**GOOD, "csrf_token": csrf})
    assert answer.status_code == 404
    assert ledger_text(repo) is None


@pytest.mark.parametrize("name", ["boss", "yankao"])
def test_a_viewer_or_reviewer_reports_for_no_unit_of_another(
    app: Flask, repo: Path, name: str
) -> None:
    client, csrf = log_in(app, name)
    assert 'class="report"' not in client.get(UNIT + "?month=3").text
    answer = client.post(SAVE.format(task="reg-1.2"), data={**GOOD, "csrf_token": csrf})
    assert answer.status_code == 403
    assert ledger_text(repo) is None


def test_the_reviewer_reviews_and_a_reporter_cannot(app: Flask, repo: Path) -> None:
    clerk, csrf = log_in(app, "clerk")
    clerk.post(SAVE.format(task="reg-1.2"), data={**GOOD, "csrf_token": csrf})
    [entry] = entries(repo)
    review = f"/p/0/review/{entry['id']}?month=3"
    data = {"decision": "繼續列管", "note": "四月底前完成", "csrf_token": csrf}
    assert clerk.post(review, data=data).status_code == 403
    assert len(entries(repo)) == 1
    yankao, csrf = log_in(app, "yankao")
    page = yankao.get("/p/0/review/?month=3").text
    assert f'action="/p/0/review/{entry["id"]}?month=3"' in page
    answer = yankao.post(review, data={**data, "csrf_token": csrf})
    assert answer.status_code == 302
    reviewed = entries(repo)[1]
    assert reviewed["replaces"] == entry["id"]
    assert reviewed["review"] == {
        "decision": "繼續列管",
        "date": TODAY,
        "note": "四月底前完成",
        "by": "研考",
        "reviewer": "yankao",
    }


def test_a_post_without_the_csrf_token_is_refused(app: Flask, repo: Path) -> None:
    client, csrf = log_in(app, "clerk")
    for data in (GOOD, {**GOOD, "csrf_token": csrf[:-4] + "AAAA"}):
        answer = client.post(SAVE.format(task="reg-1.2"), data=data)
        assert answer.status_code == 400
        assert "缺少驗證碼（CSRF）" in answer.text
    assert ledger_text(repo) is None


def test_a_login_without_the_csrf_token_is_refused(app: Flask) -> None:
    client = app.test_client()
    answer = client.post("/login", data={"name": "clerk", "password": PASSWORD})
    assert answer.status_code == 400
    assert client.get("/p/0/").status_code == 302


def test_a_script_in_a_report_is_shown_as_text(app: Flask, repo: Path) -> None:
    client, csrf = log_in(app, "clerk")
    hostile = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    data = {**GOOD, "text": hostile, "csrf_token": csrf}
    assert client.post(SAVE.format(task="reg-1.2"), data=data).status_code == 302
    assert entries(repo)[0]["text"] == hostile
    for page in (UNIT + "?month=3", "/p/0/task/reg-1.2", "/p/0/review/?month=3"):
        html = client.get(page).text
        assert "<script>" not in html and "<img src=x" not in html, page
        assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html, page


def test_no_page_runs_a_script_or_is_framed(app: Flask) -> None:
    client, _ = log_in(app, "clerk")
    headers = client.get("/p/0/").headers
    assert headers["Content-Security-Policy"].startswith("default-src 'none'; style-src 'self'")
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"


def test_the_session_cookie_is_httponly_and_samesite(app: Flask) -> None:
    client = app.test_client()
    first = token(client.get("/login").text)
    answer = client.post(
        "/login", data={"name": "clerk", "password": PASSWORD, "csrf_token": first}
    )
    cookie = answer.headers["Set-Cookie"]
    assert cookie.startswith("planctl_session=")
    assert "; HttpOnly" in cookie and "; SameSite=Lax" in cookie


def test_failed_logins_are_slowed_per_account_and_address(app: Flask) -> None:
    client = app.test_client()
    csrf = token(client.get("/login").text)

    def attempt(password: str, address: str = "10.0.0.1") -> int:
        data = {"name": "clerk", "password": password, "csrf_token": csrf}
        environ = {"REMOTE_ADDR": address}
        return client.post("/login", data=data, environ_base=environ).status_code

    assert [attempt("wrong") for _ in range(FREE_FAILURES + 1)] == [401] * (FREE_FAILURES + 1)
    assert attempt(PASSWORD) == 429  # the right password waits too
    assert "登入失敗次數過多，請於 1 秒後再試" in text_of(
        client.post(
            "/login",
            data={"name": "clerk", "password": PASSWORD, "csrf_token": csrf},
            environ_base={"REMOTE_ADDR": "10.0.0.1"},
        ).text
    )
    assert attempt(PASSWORD, "10.0.0.2") == 302  # another address is not held up


def test_an_unknown_account_is_refused_like_a_wrong_password(app: Flask) -> None:
    client = app.test_client()
    csrf = token(client.get("/login").text)
    answer = client.post("/login", data={"name": "nobody", "password": "x", "csrf_token": csrf})
    assert answer.status_code == 401 and "帳號或密碼錯誤" in answer.text


def test_a_body_over_the_limit_is_refused(app: Flask, repo: Path) -> None:
    client, csrf = log_in(app, "clerk")
    data = {**GOOD, "text": "長" * MAX_BODY, "csrf_token": csrf}
    answer = client.post(SAVE.format(task="reg-1.2"), data=data)
    assert answer.status_code == 413 and "送出的資料太大" in answer.text
    assert ledger_text(repo) is None


@pytest.mark.parametrize(
    "page",
    [
        "/p/1/",
        "/p/-1/",
        "/p/0/unit/..%2F..%2Fetc%2Fpasswd/",
        "/p/0/unit/%2Fetc%2Fpasswd/",
        "/p/0/unit/passwd/",
        "/p/0/print/..%2F..%2Fetc%2Fpasswd.pdf",
        "/p/0/print/plan.pdf",
        "/p/0/task/..%2Fplans%2F2015.yaml",
        "/p/0/?month=13",
        "/static/..%2F..%2F..%2Fplans%2F2015.yaml",
    ],
)
def test_no_part_of_a_url_reaches_the_file_system(app: Flask, page: str) -> None:
    client, _ = log_in(app, "clerk")
    assert client.get(page).status_code == 404


def test_a_new_password_ends_the_old_sessions(app: Flask, repo: Path) -> None:
    client, _ = log_in(app, "clerk")
    assert client.get("/p/0/").status_code == 200
    result = CliRunner().invoke(
        cli, ["user", "passwd", "clerk", str(repo / "plans")], input="another one\nanother one\n"
    )
    assert result.exit_code == 0, result.output
    assert client.get("/p/0/").status_code == 302
    log_in(app, "clerk", "another one")


def test_a_removed_account_is_logged_out(app: Flask, repo: Path) -> None:
    client, _ = log_in(app, "boss")
    result = CliRunner().invoke(cli, ["user", "remove", "boss", str(repo / "plans")])
    assert (result.exit_code, result.output) == (0, "planctl: removed boss\n")
    assert client.get("/p/0/").status_code == 302


def test_the_secret_is_made_once_private_and_kept(repo: Path) -> None:
    plan = str(repo / "plans" / "2015.yaml")
    first = create_app([plan]).config["SECRET_KEY"]
    secret = repo / SECRET_FILE
    assert stat.S_IMODE(secret.stat().st_mode) == 0o600
    assert create_app([plan]).config["SECRET_KEY"] == first and len(first) == 64


def test_the_dashboard_counts_and_lights(app: Flask) -> None:
    client, csrf = log_in(app, "ethics")
    before = text_of(client.get("/p/0/?month=2").text)
    assert "政風 1 0 0 1 1 33% 0% 紅燈" in before
    data = {"status": "已完成", "percent": "", "text": "已辦理宣導", "csrf_token": csrf}
    answer = client.post("/p/0/unit/政風/task/eth-10.1?month=2", data=data)
    assert answer.status_code == 302
    after = text_of(client.get("/p/0/?month=2").text)
    assert "政風 1 1 0 0 0 33% 33% 綠燈" in after
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="s-curve"' in client.get("/p/0/").text


def test_several_plans_list_every_office_and_year(repo: Path, tmp_path: Path) -> None:
    from tests.conftest import TESTS

    other = repo / "plans" / "land-office.yaml"
    other.write_bytes((TESTS / "plans" / "land-office.yaml").read_bytes())
    app = create_app([str(repo / "plans")], today=TODAY)
    client, _ = log_in(app, "boss")
    page = text_of(client.get("/").text)
    assert "各機關總覽" in page
    assert "臺北市中正區戶政事務所 104年（2015）" in page


def test_user_add_list_and_the_files_mode(tmp_path: Path) -> None:
    repo = tmp_path / "r"
    (repo / "plans").mkdir(parents=True)
    (repo / "plans" / "2015.yaml").write_bytes(PLAN_2015.read_bytes())
    plans = str(repo / "plans")
    runner = CliRunner()
    added = runner.invoke(
        cli, ["user", "add", "clerk1", "--unit", "登記課", plans], input="pass word\npass word\n"
    )
    assert added.exit_code == 0, added.output
    assert added.output.endswith("planctl: added clerk1 (reporter: 戶籍登記課)\n")
    assert stat.S_IMODE((repo / ACCOUNTS_FILE).stat().st_mode) == 0o600
    stored = (repo / ACCOUNTS_FILE).read_text(encoding="utf-8")
    assert "pass word" not in stored and "password: scrypt:32768:8:1$" in stored
    listed = runner.invoke(cli, ["user", "list", plans])
    assert listed.output == "clerk1\treporter\t戶籍登記課\n"
    assert read_accounts(repo)["clerk1"].units == ("戶籍登記課",)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--unit", "不存在"], "planctl: unknown unit 「不存在」 (known: "),
        (["--role", "reviewer"], None),
        ([], "planctl: a reporter reports for a unit: give --unit\n"),
    ],
)
def test_user_add_refuses(repo: Path, args: list[str], message: str | None) -> None:
    plans = str(repo / "plans")
    result = CliRunner().invoke(
        cli, ["user", "add", "new1", *args, plans], input="pass word\npass word\n"
    )
    if message is None:
        assert result.exit_code == 0
        return
    assert result.exit_code == 2
    assert message in result.output


def test_user_add_refuses_a_short_password_and_an_existing_name(repo: Path) -> None:
    plans = str(repo / "plans")
    short = CliRunner().invoke(
        cli, ["user", "add", "new1", "--unit", "人事", plans], input="short\nshort\n"
    )
    assert (short.exit_code, short.output.splitlines()[-1]) == (
        2,
        "planctl: the password is shorter than 8 characters",
    )
    again = CliRunner().invoke(
        cli, ["user", "add", "clerk", "--unit", "人事", plans], input="pass word\npass word\n"
    )
    assert again.output.splitlines()[-1] == (
        "planctl: account 'clerk' exists (planctl user passwd NAME)"
    )


@pytest.fixture
def served_on(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, object]]:
    """What `planctl serve` would have served on (waitress stands in: nothing listens)."""
    import waitress

    calls: list[dict[str, object]] = []
    monkeypatch.setattr(waitress, "serve", lambda app, **where: calls.append(where))
    return calls


def test_serve_refuses_another_address_until_an_account_exists(
    tmp_path: Path, served_on: list[dict[str, object]]
) -> None:
    (tmp_path / "plans").mkdir()
    (tmp_path / "plans" / "2015.yaml").write_bytes(PLAN_2015.read_bytes())
    plans = str(tmp_path / "plans")
    result = CliRunner().invoke(cli, ["serve", "--host", "0.0.0.0", plans])
    assert result.exit_code == 2
    assert result.output.splitlines()[-1] == (
        "planctl: refused to listen on 0.0.0.0: other machines could reach the desk and there "
        "is no account yet (add one first: planctl user add NAME --unit UNIT)"
    )
    assert served_on == []
    assert CliRunner().invoke(cli, ["serve", plans]).exit_code == 0
    assert served_on == [{"host": "127.0.0.1", "port": 8000, "threads": 8, "ident": "planctl"}]


def test_serve_listens_on_another_address_once_an_account_exists(
    repo: Path, served_on: list[dict[str, object]]
) -> None:
    result = CliRunner().invoke(
        cli, ["serve", "--host", "0.0.0.0", "-p", "8080", str(repo / "plans")]
    )
    assert result.exit_code == 2  # -p is no option of serve
    result = CliRunner().invoke(
        cli, ["serve", "--host", "0.0.0.0", "--port", "8080", str(repo / "plans")]
    )
    assert (result.exit_code, result.output.splitlines()[-1]) == (
        0,
        "planctl: serving http://0.0.0.0:8080/ (Ctrl-C to stop)",
    )
    assert served_on == [{"host": "0.0.0.0", "port": 8080, "threads": 8, "ident": "planctl"}]


@needs("git")
def test_with_commit_each_save_is_a_commit_by_its_user(repo: Path) -> None:
    def git(*args: str) -> str:
        return subprocess.run(
            ["git", "-C", str(repo), *args], capture_output=True, text=True, check=True
        ).stdout

    git("init", "-q")
    git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "--allow-empty", "-m", "0")
    app = create_app([str(repo / "plans" / "2015.yaml")], commit=True, today=TODAY)
    client, csrf = log_in(app, "clerk")
    assert (
        client.post(SAVE.format(task="reg-1.2"), data={**GOOD, "csrf_token": csrf}).status_code
        == 302
    )
    log = git("log", "-1", "--format=%an <%ae>|%cn|%s", "--name-only")
    assert (
        log.splitlines()[0]
        == "clerk <clerk@planctl.invalid>|planctl serve|reg-1.2 3月 填報 (戶籍登記課)"
    )
    assert log.strip().splitlines()[-1] == "progress/2015.yaml"
    assert git("status", "--porcelain", "progress/2015.yaml") == ""


def test_outside_a_git_repository_a_save_with_commit_still_writes(repo: Path) -> None:
    app = create_app([str(repo / "plans" / "2015.yaml")], commit=True, today=TODAY)
    client, csrf = log_in(app, "clerk")
    answer = client.post(SAVE.format(task="reg-1.2"), data={**GOOD, "csrf_token": csrf})
    assert answer.status_code == 302
    assert len(entries(repo)) == 1
    shown = text_of(client.get(answer.headers["Location"]).text)
    assert "已寫入，但未提交到 git：" in shown

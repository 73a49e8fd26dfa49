"""填報人: a report saved on the web desk records the account that saved it (`reporter`)
beside the unit (`by`); its history shows both; a review keeps the report's reporter and
records its own (`reviewer`, 審核人); the command line writes neither; `planctl check`
holds the key to a text."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from planctl.cli import cli
from planctl.web.app import create_app
from tests.web_helpers import TODAY, ledger_text, log_in, make_repository, text_of

SAVE = "/p/0/unit/戶籍登記課/task/reg-1.2?month=3"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A desk's repository as the current folder."""
    made = make_repository(tmp_path / "repo")
    monkeypatch.chdir(made)
    return made


def entries(repo: Path) -> list[dict[str, object]]:
    return list(yaml.safe_load(ledger_text(repo) or "entries:\n")["entries"] or [])


def test_the_desk_records_who_saved_a_report_and_the_history_shows_it(repo: Path) -> None:
    app = create_app([str(repo / "plans" / "2015.yaml")], today=TODAY)
    client, csrf = log_in(app, "clerk")
    data = {"status": "辦理中", "percent": "50", "text": "已清查半數", "csrf_token": csrf}
    assert client.post(SAVE, data=data).status_code == 302
    [entry] = entries(repo)
    assert "    by: 戶籍登記課\n    reporter: clerk\n    date: 2015-04-08\n" in (
        ledger_text(repo) or ""
    )
    history = text_of(client.get("/p/0/task/reg-1.2").text)
    assert f"3月 辦理中 50% ／戶籍登記課（填報人 clerk） 2015-04-08（{entry['id']}）" in history
    reviewer, token = log_in(app, "yankao")
    decision = {"decision": "解除列管", "note": "", "csrf_token": token}
    assert reviewer.post(f"/p/0/review/{entry['id']}?month=3", data=decision).status_code == 302
    report, reviewed = entries(repo)
    assert (reviewed["replaces"], reviewed["reporter"]) == (report["id"], "clerk")
    assert reviewed["review"] == {
        "decision": "解除列管",
        "date": TODAY,
        "by": "研考",
        "reviewer": "yankao",
    }
    history = text_of(client.get("/p/0/task/reg-1.2").text)
    assert f"研考：解除列管（研考（審核人 yankao） {TODAY.isoformat()}）" in history
    checked = CliRunner().invoke(cli, ["check"])
    assert checked.exit_code == 0, checked.output


def test_the_command_line_writes_no_reporter_or_reviewer(repo: Path) -> None:
    args = ["report", "reg-1.2", "-m", "3", "-s", "辦理中", "-p", "50", "-t", "半數"]
    ran = CliRunner().invoke(cli, [*args, "-d", "2015-04-08"])  # no --by: the section has none
    assert ran.exit_code == 0, ran.stderr
    [entry] = entries(repo)
    assert "reporter" not in entry
    review = ["review", str(entry["id"]), "--decision", "繼續列管", "-d", "2015-04-09"]
    ran = CliRunner().invoke(cli, [*review, "--by", "研考"])
    assert ran.exit_code == 0, ran.stderr
    assert entries(repo)[1]["review"] == {
        "decision": "繼續列管",
        "date": date(2015, 4, 9),
        "by": "研考",
    }
    history = text_of(
        log_in(create_app([str(repo / "plans")], today=TODAY), "boss")[0]
        .get("/p/0/task/reg-1.2")
        .text
    )
    assert f"3月 辦理中 50% ／ 2015-04-08（{entry['id']}）" in history


def test_check_holds_a_reporter_to_a_text(repo: Path) -> None:
    (repo / "progress").mkdir()
    (repo / "progress" / "2015.yaml").write_text(
        "entries:\n"
        "  - id: a\n    task: reg-1.2\n    month: 3\n    status: 辦理中\n    percent: 50\n"
        "    text: 半數\n    reporter: [clerk]\n    date: 2015-04-08\n",
        encoding="utf-8",
    )
    checked = CliRunner().invoke(cli, ["check"])
    assert checked.exit_code == 1
    assert (
        "progress/2015.yaml:8:15: error PC103 expected text, got a list [entries[0].reporter]\n"
    ) in checked.stdout

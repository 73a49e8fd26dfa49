"""The web desk as it runs: `planctl serve` on waitress in its own process, spoken to over
HTTP on a loopback port. Twenty web saves and CLI `done` calls at the same moment all land
(the ledger's lock); a restarted server keeps everything."""

from __future__ import annotations

import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import yaml
from click.testing import CliRunner

from planctl.cli import cli
from tests.conftest import ROOT
from tests.web_helpers import Session, make_repository, served, text_of

WEB = [
    (task, month)
    for task in ("reg-1.4", "reg-1.5", "reg-2.1", "reg-3.1", "reg-4.1")
    for month in (1, 2, 3, 4)
]
"""Twenty reports: 50 % is ahead of plan in every month to April, in whatever order they land."""
CLI = [("acc-1.1", 1), ("acc-1.2", 1), ("acc-4.1", 1), ("acc-4.2", 1), ("adm-6.1", 2)]


def _web_save(session: Session, task: str, month: int) -> int:
    form = {"status": "辦理中", "percent": "50", "text": f"{task} {month}月 網頁填報"}
    status, _ = session.post(f"/p/0/unit/戶籍登記課/task/{task}?month={month}", form)
    return status


def _cli_done(repo: Path, task: str, month: int) -> int:
    command = [sys.executable, "-m", "planctl", "done", task, "--month", str(month)]
    command += ["--date", f"2015-{month + 1:02}-05", "plans/2015.yaml"]
    env = {"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin"}
    return subprocess.run(command, cwd=repo, env=env, capture_output=True, check=False).returncode


def test_concurrent_web_saves_and_cli_calls_all_land_and_a_restart_keeps_them(
    tmp_path: Path,
) -> None:
    repo = make_repository(tmp_path / "repo")
    with served(repo) as base:
        session = Session(base, "clerk")
        with ThreadPoolExecutor(max_workers=len(WEB) + len(CLI)) as pool:
            web = [pool.submit(_web_save, session, task, month) for task, month in WEB]
            done = [pool.submit(_cli_done, repo, task, month) for task, month in CLI]
            assert [future.result() for future in web] == [302] * len(WEB)
            assert [future.result() for future in done] == [0] * len(CLI)
    ledger = yaml.safe_load((repo / "progress" / "2015.yaml").read_text(encoding="utf-8"))
    landed = sorted((entry["task"], entry["month"]) for entry in ledger["entries"])
    assert landed == sorted(WEB + CLI)
    checked = CliRunner().invoke(cli, ["check", str(repo / "plans" / "2015.yaml")])
    assert checked.exit_code == 0, checked.output
    with served(repo) as base:
        again = Session.__new__(Session)
        again.base, again.cookie, again.csrf = base, session.cookie, session.csrf
        status, page = again.get("/p/0/unit/戶籍登記課/?month=4")  # the old session too
        assert status == 200
        shown = text_of(page)
        assert all(f"{task} {month}月 網頁填報" in shown for task, month in WEB if month == 4)
        status, history = again.get("/p/0/task/acc-1.1")
        assert "1月 已完成" in text_of(history)

"""Shell completion through click: section names and codes, units and aliases, month forms,
task IDs, from the plans in the current folder; bash, zsh and fish scripts."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.shell_completion import ShellComplete

from planctl.cli import cli
from planctl.queries.completion import tasks
from planctl.repository.check import load_checked
from tests.conftest import PLAN_2015, ROOT

PLAN = load_checked(PLAN_2015).plan


def completions(args: list[str], incomplete: str) -> list[tuple[str, str | None]]:
    complete = ShellComplete(cli, {}, "planctl", "_PLANCTL_COMPLETE")
    return [(item.value, item.help) for item in complete.get_completions(args, incomplete)]


def values(args: list[str], incomplete: str) -> list[str]:
    return [value for value, _ in completions(args, incomplete)]


@pytest.mark.usefixtures("in_repo")
def test_sections_complete_by_name_and_code() -> None:
    sections = [table.section for _, table in PLAN.schedule_tables()]
    codes = [table.code for _, table in PLAN.schedule_tables()]
    assert sorted(values(["due", "--section"], "")) == sorted(sections + codes)
    assert completions(["render", "-s"], "會") == [("會計", "會計")]
    assert completions(["export", "--section"], "re") == [("reg", "登記課及資料課")]


@pytest.mark.usefixtures("in_repo")
def test_units_complete_with_their_aliases() -> None:
    names = values(["due", "--unit"], "")
    assert names[: len(PLAN.units)] == [unit.name for unit in PLAN.units]
    assert completions(["due", "-u"], "登") == [("登記課", "戶籍登記課")]
    assert completions(["export", "--unit"], "各課") == [("各課室", "各課室"), ("各課", "各課室")]
    assert completions(["due", "-u"], "研") == [("研考", "職務")]


@pytest.mark.usefixtures("in_repo")
def test_months_complete_in_every_form_due_reads() -> None:
    assert values(["due", "--month"], "")[:12] == [str(month) for month in range(1, 13)]
    assert completions(["due", "-m"], "104-0")[2] == ("104-03", "民國104年3月")
    assert values(["export", "--month"], "2015-1") == ["2015-10", "2015-11", "2015-12"]


def test_task_ids_are_every_task_of_the_plan() -> None:
    ids = [task_id for task_id, _ in tasks([PLAN])]
    assert ids[:2] == ["reg-1.1", "reg-1.2"]
    assert (
        len(ids)
        == len(set(ids))
        == sum(len(item.tasks) for _, table in PLAN.schedule_tables() for item in table.items)
    )


def test_no_plans_or_a_broken_plan_completes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert values(["due", "--section"], "") == []
    (tmp_path / "plans").mkdir()
    (tmp_path / "plans" / "bad.yaml").write_text("title: [\n", encoding="utf-8")
    assert values(["due", "--unit"], "") == []


def shell(variables: dict[str, str]) -> str:
    """planctl run as the shell's completion script runs it."""
    env = dict(os.environ, **variables)
    done = subprocess.run(
        [sys.executable, "-m", "planctl"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


@pytest.mark.parametrize("name", ["bash", "zsh", "fish"])
def test_each_shell_gets_its_script(name: str) -> None:
    script = shell({"_PLANCTL_COMPLETE": f"{name}_source"})
    assert "_PLANCTL_COMPLETE" in script
    assert f"{name}_complete" in script


def test_bash_protocol_returns_the_candidates() -> None:
    out = shell(
        {
            "_PLANCTL_COMPLETE": "bash_complete",
            "COMP_WORDS": "planctl due --unit 登",
            "COMP_CWORD": "3",
        }
    )
    assert out.splitlines() == ["plain,登記課"]

"""Review and CI: `check --format gitlab`, the copy-paste CI jobs of docs/ci.md (their
command lines run here) and the pre-commit hook (run by pre-commit itself)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from planctl.cli import cli
from tests.clients import needs, unavailable
from tests.conftest import PLAN_2015, ROOT

CI_DOC = ROOT / "docs" / "ci.md"
BIN = Path(sys.executable).parent


def gitlab(runner: CliRunner, *paths: str) -> tuple[int, list[dict[str, object]]]:
    result = runner.invoke(cli, ["check", "--format", "gitlab", *paths])
    return result.exit_code, json.loads(result.stdout)


def test_gitlab_code_quality_report(runner: CliRunner, tmp_path: Path) -> None:
    plan = tmp_path / "2015.yaml"
    text = PLAN_2015.read_text(encoding="utf-8")
    plan.write_text(text.replace("aliases: [登記課]", "aliases: [登記課, 資料課]", 1), "utf-8")
    code, issues = gitlab(runner, str(plan))
    assert code == 1
    errors = [issue for issue in issues if issue["severity"] == "major"]
    assert [issue["check_name"] for issue in errors] == ["PC202"]
    second = 1 + text.splitlines().index("    aliases: [資料課]")  # the name defined again
    assert errors[0]["location"] == {"path": str(plan), "lines": {"begin": second}}
    assert str(errors[0]["description"]).startswith("PC202 ")
    warnings = [issue for issue in issues if issue["severity"] == "minor"]
    assert {issue["check_name"] for issue in warnings} == {"PC203", "PC301"}
    fingerprints = [issue["fingerprint"] for issue in issues]
    assert len(set(fingerprints)) == len(fingerprints)

    # A line added above moves every finding but is not a new finding: same fingerprints.
    plan.write_text(plan.read_text(encoding="utf-8").replace("\nunits:", "\n\nunits:", 1), "utf-8")
    _, moved = gitlab(runner, str(plan))
    assert [issue["fingerprint"] for issue in moved] == fingerprints
    assert moved[0]["location"] != issues[0]["location"]


def test_gitlab_report_of_a_clean_plan_and_an_unreadable_file(runner: CliRunner) -> None:
    code, issues = gitlab(runner, str(PLAN_2015), "missing.yaml")
    assert code == 2
    assert issues[-1]["check_name"] == "unreadable"
    assert issues[-1]["severity"] == "blocker"
    assert issues[-1]["location"] == {"path": "missing.yaml", "lines": {"begin": 1}}


def ci_jobs() -> list[dict[str, object]]:
    """The YAML blocks of docs/ci.md, parsed."""
    blocks = re.findall(r"```yaml\n(.*?)```", CI_DOC.read_text(encoding="utf-8"), re.S)
    return [yaml.safe_load(block) for block in blocks]


def run_line(line: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """A job's command line, in a shell, with this environment's planctl first on PATH."""
    env = dict(os.environ, PATH=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}")
    return subprocess.run(
        line, shell=True, cwd=cwd, env=env, capture_output=True, text=True, check=False
    )


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    """What a CI job checks out: the plans (planctl itself is installed in this venv)."""
    shutil.copytree(ROOT / "plans", tmp_path / "plans")
    return tmp_path


def test_github_actions_job_runs(checkout: Path) -> None:
    [workflow] = [job for job in ci_jobs() if isinstance(job, dict) and "jobs" in job]
    steps = workflow["jobs"]["check"]["steps"]  # type: ignore[index]
    lines = [step["run"] for step in steps if "run" in step]
    assert lines[0] == "pip install ."  # what .ci/run does too, in a fresh venv
    for line in lines[1:]:
        done = run_line(line, checkout)
        assert done.returncode == 0, done.stderr
        annotations = done.stdout.splitlines()
        assert annotations and all(
            a.startswith("::warning file=plans/2015.yaml,") for a in annotations
        )


def test_gitlab_ci_job_runs(checkout: Path) -> None:
    [job] = [job["plans"] for job in ci_jobs() if isinstance(job, dict) and "plans" in job]
    assert job["script"][0] == "pip install ."
    for line in job["script"][1:]:
        done = run_line(line, checkout)
        assert done.returncode == 0, done.stderr
    report = checkout / job["artifacts"]["reports"]["codequality"]
    issues = json.loads(report.read_text(encoding="utf-8"))
    assert issues and {issue["check_name"] for issue in issues} == {"PC301"}


def test_the_pre_commit_config_names_the_hook() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    [config] = [job for job in ci_jobs() if isinstance(job, dict) and "repos" in job]
    assert [hook["id"] for hook in config["repos"][0]["hooks"]] == [hooks[0]["id"]]
    assert hooks[0]["id"] == "planctl-check"


def git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


@needs("git")
def test_pre_commit_hook_passes_a_good_plan_and_stops_a_bad_one(tmp_path: Path) -> None:
    """`pre-commit try-repo` installs planctl from this repository into its own environment,
    as a plan repository's pre-commit would, and runs the hook on a plan repository."""
    pre_commit = shutil.which("pre-commit", path=str(BIN)) or shutil.which("pre-commit")
    if pre_commit is None or not (ROOT / ".git").exists():
        unavailable("pre-commit is not installed, or this is not a git checkout")
    plans = tmp_path / "office"
    (plans / "plans").mkdir(parents=True)
    (plans / "plans" / "2015.yaml").write_text(PLAN_2015.read_text(encoding="utf-8"), "utf-8")
    (plans / "README.txt").write_text("not a plan\n", encoding="utf-8")
    git(plans, "init", "-q")
    git(plans, "add", ".")
    env = dict(os.environ, PRE_COMMIT_HOME=str(tmp_path / "cache"), HOME=str(tmp_path))
    env.update(GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@t", GIT_COMMITTER_NAME="t")
    command = [pre_commit, "try-repo", str(ROOT), "planctl-check", "--all-files"]

    def run() -> subprocess.CompletedProcess[str]:
        return subprocess.run(command, cwd=plans, env=env, capture_output=True, text=True)

    good = run()
    assert good.returncode == 0, good.stdout + good.stderr
    assert re.search(r"planctl check\.+Passed", good.stdout)

    bad_text = PLAN_2015.read_text(encoding="utf-8").replace("units: [會計]", "units: [會記]", 1)
    (plans / "plans" / "2015.yaml").write_text(bad_text, encoding="utf-8")
    git(plans, "add", ".")
    bad = run()
    assert bad.returncode == 1
    assert re.search(r"planctl check\.+Failed", bad.stdout)
    assert re.search(r"plans/2015\.yaml:\d+:\d+: error PC201 unknown unit 「會記」", bad.stdout)

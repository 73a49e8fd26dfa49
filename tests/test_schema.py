"""`planctl schema`: the JSON Schema editors and check-jsonschema use, kept equal to the
committed copy, and it really rejects what planctl rejects (a month 13, a bad task ID, a
misspelt key) while accepting the bundled plan."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from planctl.cli import cli
from tests.clients import unavailable
from tests.conftest import PLAN_2015, ROOT

COMMITTED = ROOT / "schema" / "plan.schema.json"
LANGUAGE_SERVER_LINE = "# yaml-language-server: $schema=../schema/plan.schema.json"


def test_the_committed_schema_is_the_generated_one(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["schema"])
    assert result.exit_code == 0
    assert result.stdout == COMMITTED.read_text(encoding="utf-8"), (
        "schema/plan.schema.json is stale: run `planctl schema > schema/plan.schema.json`"
    )


def test_descriptions_are_chinese_and_english() -> None:
    schema = json.loads(COMMITTED.read_text(encoding="utf-8"))
    task = schema["$defs"]["Task"]["properties"]
    assert task["months"]["description"].startswith("預定作業月份")
    assert "scheduled months" in task["months"]["description"]
    assert task["months"]["items"]["anyOf"][0] == {"type": "integer", "minimum": 1, "maximum": 12}
    assert task["id"]["pattern"] == "^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$"
    assert schema["$defs"]["Unit"]["additionalProperties"] is False


def test_the_plan_names_the_schema_in_its_first_line() -> None:
    first = PLAN_2015.read_text(encoding="utf-8").splitlines()[0]
    assert first == LANGUAGE_SERVER_LINE
    assert (PLAN_2015.parent / first.split("$schema=")[1]).resolve() == COMMITTED


def check_jsonschema(plan: Path, *options: str) -> subprocess.CompletedProcess[str]:
    program = shutil.which("check-jsonschema", path=str(Path(sys.executable).parent))
    program = program or shutil.which("check-jsonschema")
    if program is None:
        unavailable("check-jsonschema is not installed (pip install '.[test]')")
    return subprocess.run(
        [program, *options, "--schemafile", str(COMMITTED), str(plan)],
        capture_output=True,
        text=True,
        check=False,
    )


def test_check_jsonschema_accepts_the_bundled_plan() -> None:
    done = check_jsonschema(PLAN_2015)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "ok -- validation done" in done.stdout


@pytest.mark.parametrize(
    ("old", "new", "complaint"),
    [
        ("months: [3-4]", "months: [13]", "13 is greater than the maximum of 12"),
        ("months: [3-4]", "months: [3-13]", "'3-13' does not match"),
        ("id: reg-1.2", "id: reg 1.2", "'reg 1.2' does not match"),
        ("text: 清查九十歲以上設有戶籍者", "txt: 清查九十歲以上設有戶籍者", "'txt' was unexpected"),
    ],
)
def test_check_jsonschema_rejects_what_planctl_rejects(
    tmp_path: Path, old: str, new: str, complaint: str
) -> None:
    text = PLAN_2015.read_text(encoding="utf-8")
    assert text.count(old) >= 1
    bad = tmp_path / "bad.yaml"
    bad.write_text(text.replace(old, new, 1), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "planctl", "check", "--format", "json", str(bad)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1  # planctl rejects it …
    checked = check_jsonschema(bad, "--verbose")
    assert checked.returncode == 1  # … and so does an editor with the schema
    assert complaint in checked.stdout + checked.stderr

"""Options are never silently ignored (issue 9, item 8): an option given where it does not
apply is a usage error (exit 2) with a one-line reason, before any plan is read."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from planctl.cli import cli
from tests.conftest import PLAN_2015

BOM = "planctl: --bom applies only with --format csv\n"
SECTION = "planctl: --section applies only with --what schedule or all\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["due", "-m", "3", "--bom"], BOM),
        (["due", "-m", "3", "--format", "json", "--bom"], BOM),
        (["due", "-m", "3", "--format", "md", "--bom"], BOM),
        (["duties", "--bom"], BOM),
        (["duties", "-u", "會計", "--format", "md", "--bom"], BOM),
        (["render", "--what", "plan", "--section", "會計"], SECTION),
        (["render", "--what", "plan", "-s", "acc", "--format", "html"], SECTION),
    ],
    ids=" ".join,
)
def test_an_option_that_does_not_apply_is_a_usage_error(
    runner: CliRunner, args: list[str], message: str
) -> None:
    result = runner.invoke(cli, [*args, str(PLAN_2015)])
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", message)


@pytest.mark.parametrize(
    "args",
    [
        ["due", "-m", "3", "--format", "csv", "--bom"],
        ["duties", "-u", "會計", "--format", "csv", "--bom"],
        ["render", "--what", "schedule", "--section", "會計"],
        ["render", "--section", "會計"],
    ],
    ids=" ".join,
)
def test_where_it_applies_it_is_taken(runner: CliRunner, args: list[str]) -> None:
    result = runner.invoke(cli, [*args, str(PLAN_2015)])
    assert result.exit_code == 0, result.output
    assert result.stdout


def test_a_section_schedule_is_that_table_alone(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["render", "--what", "schedule", "-s", "會計", str(PLAN_2015)])
    headings = [line for line in result.stdout.splitlines() if line.startswith("#")]
    assert headings == ["## 臺北市中正區戶政事務所(會計)104年度重要工作計畫作業時程管制表"]

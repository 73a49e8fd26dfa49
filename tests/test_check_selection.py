"""`check` for the IT desk: --select/--ignore, a plan's accepted warnings, --quiet, the summary
per code, `explain` from the registry, and `help`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from planctl.cli import cli
from planctl.plan.source import parse
from planctl.rules.registry import CODES
from tests.conftest import PLAN_2015, TESTS

CHECK = TESTS / "check"


def codes_reported(runner: CliRunner, *args: str) -> list[str]:
    result = runner.invoke(cli, ["check", "--format", "json", *args])
    return [finding["code"] for finding in json.loads(result.stdout)["findings"]]


def test_quiet_ignore_on_the_bundled_plan_prints_one_line(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["check", "--quiet", "--ignore", "PC301", str(PLAN_2015)])
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == "1 file checked: no problems\n"


def test_quiet_prints_errors_and_the_summary_counting_warnings(
    runner: CliRunner, tmp_path: Path
) -> None:
    plan = tmp_path / "plan.yaml"
    text = (CHECK / "PC301-no-months.yaml").read_text(encoding="utf-8")
    plan.write_text(text.replace("units: [登記課]", "units: [登紀課]", 1), encoding="utf-8")
    result = runner.invoke(cli, ["check", "-q", str(plan)])
    assert result.exit_code == 1
    assert [line.split(": ", 1)[1][:11] for line in result.stdout.splitlines()[::4]] == [
        "error PC201"
    ]
    assert result.stderr == "1 file checked: 1 error(s), 1 warning(s) (PC201 ×1, PC301 ×1)\n"


def test_select_and_ignore_take_codes_and_prefixes(runner: CliRunner) -> None:
    assert set(codes_reported(runner, str(PLAN_2015))) == {"PC301"}
    assert codes_reported(runner, "--ignore", "pc3", str(PLAN_2015)) == []
    assert codes_reported(runner, "--select", "PC2,PC4", str(PLAN_2015)) == []
    assert len(codes_reported(runner, "--select", " PC301 ", str(PLAN_2015))) == 31
    unit = str(CHECK / "PC201-unknown-unit.yaml")
    assert codes_reported(runner, "--select", "PC2", "--ignore", "PC201", unit) == []
    # An ignored error no longer fails the run (as in ruff).
    assert runner.invoke(cli, ["check", "--ignore", "PC201", unit]).exit_code == 0


def test_select_applies_to_yaml_errors_too(runner: CliRunner) -> None:
    syntax = str(CHECK / "PC001-syntax.yaml")
    assert codes_reported(runner, syntax) == ["PC001"]
    assert codes_reported(runner, "--select", "PC3", syntax) == []


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--ignore", "PC399", "--ignore: unknown check code 「PC399」 (did you mean PC309? "),
        ("--select", "PC301,X", "--select: unknown check code 「X」 (`planctl explain` lists"),
    ],
)
def test_an_unknown_code_is_a_usage_error(
    runner: CliRunner, option: str, value: str, message: str
) -> None:
    result = runner.invoke(cli, ["check", option, value, str(PLAN_2015)])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"planctl: {message}")


def plan_with(tmp_path: Path, check: str) -> str:
    text = (CHECK / "PC301-no-months.yaml").read_text(encoding="utf-8")
    plan = tmp_path / "plan.yaml"
    plan.write_text(text + check, encoding="utf-8")
    return str(plan)


def test_a_plan_accepts_warnings_it_lists(runner: CliRunner, tmp_path: Path) -> None:
    plan = plan_with(tmp_path, "check:\n  ignore: [PC301]\n")
    assert codes_reported(runner, plan) == []
    assert runner.invoke(cli, ["check", "--strict", plan]).exit_code == 0


def test_a_plan_cannot_accept_errors_or_unknown_codes(runner: CliRunner, tmp_path: Path) -> None:
    plan = plan_with(tmp_path, "check:\n  ignore: [PC3, PC201, PC999]\n")
    result = runner.invoke(cli, ["check", "--format", "json", plan])
    found = [
        (f["code"], f["line"], f["column"], f["message"], f["hint"])
        for f in json.loads(result.stdout)["findings"]
    ]
    assert found == [
        ("PC103", 96, 17, "PC201 is an error: a plan can accept only warnings", ""),
        ("PC103", 96, 24, "unknown check code 「PC999」", "did you mean PC709?"),
    ]
    assert result.exit_code == 1


def test_a_plans_unknown_code_like_no_code_points_to_explain(
    runner: CliRunner, tmp_path: Path
) -> None:
    plan = plan_with(tmp_path, "check:\n  ignore: [' xyz ']\n")
    result = runner.invoke(cli, ["check", "--format", "json", plan])
    found = [
        (f["code"], f["line"], f["column"], f["message"], f["hint"])
        for f in json.loads(result.stdout)["findings"]
        if f["code"] == "PC103"
    ]
    assert found == [
        ("PC103", 96, 12, "unknown check code 「xyz」", "`planctl explain` lists every code"),
    ]


def test_a_plans_check_setting_is_in_the_documented_format() -> None:
    doc = (TESTS.parent / "docs" / "plan-format.md").read_text(encoding="utf-8")
    assert "check:\n  ignore: [PC301]" in doc and "signoff: [承辦人, 課長, 主任]" in doc


# -- explain ---------------------------------------------------------------------------------


def test_explain_covers_every_code_with_an_example_that_is_yaml(runner: CliRunner) -> None:
    for code in CODES.values():
        assert code.why and code.fix and code.bad != code.good, code.code
        result = runner.invoke(cli, ["explain", code.code.lower()])
        assert result.exit_code == 0
        assert result.stdout.startswith(f"{code.code} ({code.severity.value}): {code.summary}\n")
        for heading in ("Why it matters:", "How to fix it:", "Example:", "Fixed:"):
            assert f"\n{heading}\n" in result.stdout
    # The fixed examples are plain YAML (the bad ones of PC001 and PC003-6 are not, by design).
    for code in CODES.values():
        if "…" not in code.good:
            parse(code.good, f"{code.code}.yaml")


def test_explain_lists_and_explains_all(runner: CliRunner) -> None:
    listing = runner.invoke(cli, ["explain"]).stdout.splitlines()
    assert [line.split()[0] for line in listing] == list(CODES)
    assert listing[13] == "PC301  warning  a task with no months (`months: []`: not known yet)"
    every = runner.invoke(cli, ["explain", "--all"]).stdout
    assert every.count("\nHow to fix it:\n") == len(CODES)


def test_explain_refuses_prefixes_and_unknown_codes(runner: CliRunner) -> None:
    assert runner.invoke(cli, ["explain", "PC3"]).stderr == (
        "planctl: explain: 「PC3」 is not one code (give a whole code, e.g. PC301)\n"
    )
    assert runner.invoke(cli, ["explain", "PC777"]).exit_code == 2


# -- help ------------------------------------------------------------------------------------


@pytest.mark.parametrize("command", ["check", "due", "render", "explain"])
def test_help_command_is_command_help(runner: CliRunner, command: str) -> None:
    assert (
        runner.invoke(cli, ["help", command]).stdout
        == runner.invoke(cli, [command, "--help"]).stdout
    )


def test_help_lists_commands_in_whole_sentences(runner: CliRunner) -> None:
    assert runner.invoke(cli, ["help"]).stdout == runner.invoke(cli, ["--help"]).stdout
    text = runner.invoke(cli, ["--help"]).stdout
    listing = " ".join(text.split("Commands:\n", 1)[1].split())
    summaries = [cli.commands[name].get_short_help_str(1000) for name in cli.commands]  # type: ignore[attr-defined]
    for summary in summaries:
        assert summary.endswith(".") and not summary.endswith("..."), summary
        assert summary in listing
    assert runner.invoke(cli, ["help", "nope"]).exit_code == 2

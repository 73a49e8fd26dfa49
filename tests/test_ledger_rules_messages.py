"""Messages that say what is wrong (issue 19): a refused plan or ledger shows its errors and
counts its warnings, closing on the file that holds the errors; a text with a control
character is refused by name; a report for a month the task is not scheduled in, or dated
out of order, says so."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from planctl.cli import cli
from tests.conftest import ROOT
from tests.progress_helpers import office

BUNDLED_LEDGER = ROOT / "tests" / "ledgers" / "2015.yaml"
"""The bundled plan's ledger; the plan has 31 tasks without months (PC301 warnings)."""
TYPO = "    task: reg-1.2\n"
"""The third entry's task (line 28), which the broken ledger misspells."""


def run(runner: CliRunner, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def ledger(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An office as the current folder: the bundled plan and its ledger."""
    monkeypatch.chdir(tmp_path)
    office(tmp_path)
    Path("progress").mkdir()
    return Path(shutil.copyfile(BUNDLED_LEDGER, "progress/2015.yaml"))


REFUSED = (
    "progress/2015.yaml:28:11: error PC701 unknown task ID 'reg-1.9' [entries[2].task]\n"
    "   28 |     task: reg-1.9\n"
    "      |           ^\n"
    "      = hint: did you mean reg-1.7?\n"
    "planctl: 31 warnings; planctl check plans/2015.yaml for details\n"
    "planctl: progress/2015.yaml: 1 error(s) (the progress ledger of plans/2015.yaml); not used "
    "(see the findings above)\n"
)


@pytest.mark.parametrize(
    "command",
    [
        ("due", "--month", "3"),
        ("status", "--month", "3"),
        ("done", "reg-1.4", "-m", "3", "-d", "2015-04-05"),
        ("review", "reg-1.4-m02-5057a8", "--decision", "繼續列管", "-d", "2015-04-15"),
    ],
    ids=lambda command: command[0],
)
def test_a_broken_ledger_shows_its_one_error_first(
    runner: CliRunner, ledger: Path, command: tuple[str, ...]
) -> None:
    """One typo in the ledger: its error with its excerpt, the plan's 31 warnings in one
    line, and the closing line names the ledger; nothing is written."""
    text = ledger.read_text(encoding="utf-8")
    assert text.count(TYPO) == 1
    ledger.write_text(text.replace(TYPO, "    task: reg-1.9\n"), encoding="utf-8")
    before = ledger.read_bytes()
    assert run(runner, *command) == (1, "", REFUSED)
    assert ledger.read_bytes() == before


def test_check_still_prints_every_finding(runner: CliRunner, ledger: Path) -> None:
    text = ledger.read_text(encoding="utf-8")
    ledger.write_text(text.replace(TYPO, "    task: reg-1.9\n"), encoding="utf-8")
    code, out, err = run(runner, "check")
    assert code == 1
    assert (out.count(": warning PC301 "), out.count(": error PC701 ")) == (31, 1)
    assert err == "1 file checked: 1 error(s), 31 warning(s) (PC301 ×31, PC701 ×1)\n"


def test_a_broken_plan_closes_on_the_plan(runner: CliRunner, ledger: Path) -> None:
    plan = Path("plans/2015.yaml")
    text = plan.read_text(encoding="utf-8")
    plan.write_text(text.replace("months: [1-2]", "months: [1-13]", 1), encoding="utf-8")
    code, out, err = run(runner, "due", "--month", "3")
    assert (code, out) == (1, "")
    assert err.startswith("plans/2015.yaml:748:26: error PC302 month 1-13 is not within 1-12 ")
    assert err.endswith(
        "planctl: 31 warnings; planctl check plans/2015.yaml for details\n"
        "planctl: plans/2015.yaml: 1 error(s); not used (see the findings above)\n"
    )
    assert ": warning " not in err


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (("done", "reg-1.4", "-m", "3", "-d", "2015-04-05", "--text"), "--text"),
        (("report", "reg-1.2", "-m", "4", "-s", "已完成", "-d", "2015-05-05", "--text"), "--text"),
        (("review", "reg-1.4-m02-5057a8", "--decision", "繼續列管", "--note"), "--note"),
    ],
    ids=lambda value: value if isinstance(value, str) else value[0],
)
@pytest.mark.parametrize(
    ("text", "named"),
    [("x\x1b[2J", "U+001B ESC (character 2)"), ("已完成\u202e", "U+202E RLO (character 4)")],
)
def test_a_control_or_bidi_character_is_refused_by_name(
    runner: CliRunner, ledger: Path, args: tuple[str, ...], option: str, text: str, named: str
) -> None:
    before = ledger.read_bytes()
    assert run(runner, *args, text) == (
        2,
        "",
        f"planctl: {option}: {named} is not allowed in a text (control characters and bidi "
        "overrides would reach terminals and printed forms)\n",
    )
    assert ledger.read_bytes() == before


REPORT_SEPTEMBER = ("report", "reg-1.2", "-m", "9", "-s", "辦理中", "-t", "補辦", "-p", "30")


def test_a_report_for_an_unscheduled_month_says_so(runner: CliRunner, ledger: Path) -> None:
    """reg-1.2 has months 3-4: a report for September says that first, not only that the
    task is behind there; recorded when it explains, with the same words as a note."""
    before = ledger.read_bytes()
    assert run(runner, *REPORT_SEPTEMBER, "-d", "2015-10-01") == (
        2,
        "",
        "planctl: reg-1.2 is not scheduled in month 9 (its months: 3、4), and is behind there "
        "(planned 100 %, actual 30 %): give --reason (落後原因) and --measure (因應對策) (check "
        "--month; or --percent with the share of the whole task done so far)\n",
    )
    assert ledger.read_bytes() == before
    code, out, err = run(
        runner, *REPORT_SEPTEMBER, "--reason", "人力不足", "--measure", "加班", "-d", "2015-10-01"
    )
    assert code == 0
    assert err == (
        f"planctl: recorded {out.strip()} in progress/2015.yaml (reg-1.2, month 9: 辦理中)\n"
        "planctl: note: reg-1.2 is not scheduled in month 9 (its months: 3、4)\n"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("-d", "2015-03-31"),
            "report date 2015-03-31 is before month 4 begins (2015-04-01) (a month is reported "
            "once it has begun: give the --month or --date meant)",
        ),
        (
            ("--completed", "2015-05-06", "-d", "2015-05-05"),
            "--completed 2015-05-06 is after the report's date 2015-05-05 (a report completes "
            "work done by the day it is made)",
        ),
    ],
)
def test_a_report_dated_out_of_order_is_not_written(
    runner: CliRunner, ledger: Path, args: tuple[str, ...], message: str
) -> None:
    """What PC713 finds in a ledger, `report` does not write into one."""
    before = ledger.read_bytes()
    report = ("report", "reg-1.2", "-m", "4", "-s", "已完成", "-t", "完成")
    assert run(runner, *report, *args) == (2, "", f"planctl: {message}\n")
    assert ledger.read_bytes() == before
    code, _, _ = run(runner, *report, "--completed", "2015-05-05", "-d", "2015-05-05")
    assert code == 0
    assert run(runner, "check", "--format", "json")[0] == 0

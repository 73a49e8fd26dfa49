"""`planctl check` on progress ledgers: each PC6xx rule, located in the ledger (or, for a
missing report, at the task in the plan)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from planctl.cli import cli
from planctl.errors import InvalidPlan, Position
from planctl.plan.source import parse
from planctl.progress.load import LoadedLedger, load_ledger, validated_ledger
from tests.progress_helpers import office

HEADER = "# 執行情形\nentries:\n"


def block(entry_id: str, task: str, month: int, status: str = "已完成", **more: str) -> str:
    """An entry as a clerk writes it, its report date last."""
    day = more.pop("date", "2015-03-05")
    lines = [f"  - id: {entry_id}", f"    task: {task}", f"    month: {month}"]
    lines += [f"    status: {status}", "    text: 依計畫辦理"]
    lines += [f"    {key}: {value}" for key, value in more.items()]
    return "\n".join([*lines, f"    date: {day}"]) + "\n"


@pytest.fixture
def plan(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return office(tmp_path)


def check(runner: CliRunner, ledger: str, *args: str) -> tuple[int, list[tuple[str, ...]]]:
    Path("progress").mkdir(exist_ok=True)
    Path("progress/2015.yaml").write_text(HEADER + ledger, encoding="utf-8")
    result = runner.invoke(cli, ["check", "--format", "json", *args])
    data = json.loads(result.stdout)
    found = [
        (f["file"], f"{f['line']}:{f['column']}", f["code"], f["message"], f["hint"])
        for f in data["findings"]
        if f["code"] != "PC301"  # the bundled plan's tasks without months
    ]
    return result.exit_code, found


def test_a_valid_ledger_checks_clean(runner: CliRunner, plan: Path) -> None:
    ledger = block("a", "reg-1.1", 1) + block(
        "b", "reg-1.1", 2, completed="2015-03-06", date="2015-03-06"
    )
    assert check(runner, ledger) == (0, [])


def test_each_rule_in_its_place(runner: CliRunner, plan: Path) -> None:
    ledger = (
        block("a", "reg-1.1", 1)  # lines 3-8
        + block("a", "reg-1.9", 2)  # 9-14: id used twice, unknown task
        + block(
            "c", "reg-1.2", 7, "辦理中", percent="100", completed="2015-07-31", date="2015-08-05"
        )  # 15-22: not scheduled in July
        + block(
            "d", "reg-1.1", 2, completed="2016-01-02", date="2017-01-01"
        )  # 23-29: dates outside the years
        + block(
            "e", "reg-1.1", 2, replaces="zzz"
        )  # 30-36: replaces nothing, so a second report for February; completes, undated
        + block("f", "reg-1.4", 3, "辦理中", percent="10", by="登紀課")  # 37-44: behind
    )
    code, found = check(runner, ledger)
    assert code == 1
    ledger_file = "progress/2015.yaml"
    assert found == [
        (ledger_file, "9:9", "PC707", "entry id 'a' is used twice",
         "give each entry its own id; a correction names the old one in `replaces`"),
        (ledger_file, "10:11", "PC701", "unknown task ID 'reg-1.9'", "did you mean reg-1.7?"),
        (ledger_file, "17:12", "PC702", "reg-1.2 is not scheduled in month 7 (its months: 3、4)",
         ""),
        (ledger_file, "28:16", "PC703", "completed 2016-01-02 is outside 2015",
         "the plan is for 2015"),
        (ledger_file, "29:11", "PC703", "date 2017-01-01 is outside 2015–2016",
         "the plan is for 2015"),
        (ledger_file, "30:5", "PC711", "reg-1.1 實際進度100%，無完成日期: the report for month 2 "
         "completes the task (已完成 in its last ■ month) and gives no completed date",
         "add `completed: YYYY-MM-DD`, the day the work was completed"),
        (ledger_file, "32:12", "PC706",
         "a second report for reg-1.1, month 2, and neither replaces the other",
         "if it corrects d, add `replaces: d`"),
        (ledger_file, "35:15", "PC705", "replaces 'zzz', which is no other entry's id", ""),
        (ledger_file, "37:5", "PC704",
         "reg-1.4 is behind at month 3 and the report gives no 落後原因 (reason)", ""),
        (ledger_file, "37:5", "PC704",
         "reg-1.4 is behind at month 3 and the report gives no 因應對策 (measure)", ""),
        (ledger_file, "43:9", "PC201", "unknown unit 「登紀課」",
         "known: 戶籍登記課、戶籍資料課、行政庶務課、資訊、會計、政風、人事、研考、文管、總務、"
         "各責任里同仁、各課室"),
    ]  # fmt: skip


def test_missing_reports_only_with_as_of(runner: CliRunner, plan: Path) -> None:
    ledger = block("a", "reg-1.1", 1) + block("b", "reg-1.1", 2, date="2015-03-06")
    assert check(runner, ledger)[0] == 0
    code, found = check(runner, ledger, "--as-of", "2015-02-11")
    assert code == 1
    missing = [f for f in found if f[2] == "PC708"]
    # Only January was due by 11 February; reg-1.1's January is in the ledger.
    assert {f[3].split(",")[0] for f in missing} >= {"no progress report for reg-1.4"}
    assert all(f[3].endswith("month 1 (due 2015-02-10)") for f in missing)
    assert missing[0][:2] == ("plans/2015.yaml", "757:25")  # reg-1.4's months: [1-12]
    assert missing[0][4] == "planctl report reg-1.4 --month 1 …"
    assert "reg-1.1" not in " ".join(f[3] for f in missing)
    code, found = check(runner, ledger, "--as-of", "2015-02-10")
    assert [f for f in found if f[2] == "PC708"] == []
    code, found = check(runner, ledger, "--as-of", "2015-03-01")
    assert [(f[1], f[3]) for f in found if f[2] == "PC703"] == [
        ("8:11", "date 2015-03-05 is after 2015-03-01 (--as-of)"),
        ("14:11", "date 2015-03-06 is after 2015-03-01 (--as-of)"),
    ]


def test_schema_errors_are_located_in_the_ledger(runner: CliRunner, plan: Path) -> None:
    ledger = block("a", "reg-1.1", 13, "完成", percent="50%").replace("text:", "txet:")
    code, found = check(runner, ledger)
    assert code == 1
    assert [(f[1], f[2], f[3], f[4]) for f in found] == [
        ("3:5", "PC101", "missing key 'text'", ""),
        ("5:12", "PC103", "Input should be less than or equal to 12", ""),
        ("6:13", "PC103", "expected one of '辦理中', '已完成' or '停辦', got text ('完成')", ""),
        ("7:5", "PC102", "unknown key 'txet'", "did you mean 'text'?"),
        ("8:14", "PC103", "Input should be a valid number", ""),
    ]


def test_a_ledger_named_alone_is_checked_against_its_plan(runner: CliRunner, plan: Path) -> None:
    code, found = check(runner, block("a", "reg-1.9", 1), "progress/2015.yaml")
    assert code == 1 and [f[2] for f in found] == ["PC701"]


def test_a_folder_check_checks_each_ledger_once(runner: CliRunner, plan: Path) -> None:
    code, found = check(runner, block("a", "reg-1.9", 1), ".")
    assert code == 1 and [f[2] for f in found] == ["PC701"]


def test_a_ledger_without_its_plan_is_unreadable(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "progress").mkdir()
    ledger = tmp_path / "progress" / "2099.yaml"
    ledger.write_text(HEADER, encoding="utf-8")
    result = runner.invoke(cli, ["check", str(ledger)])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"planctl: {ledger}: a progress ledger, but its plan ")


def test_the_edges_of_each_ledger_rule(runner: CliRunner, plan: Path) -> None:
    """The first and last days each date may take, an unknown task nothing resembles, a
    review's unit and date, a correction of another task's entry or of a mistyped id, and
    a second report for a month after a corrected one."""
    review = "\n      decision: 繼續列管\n      date: 2017-01-01\n      by: 研考科"
    ledger = (
        block("a", "reg-1.1", 1, date="2015-01-01")  # lines 3-8: the first day of the year
        + block("b", "reg-1.1", 2, completed="2015-12-31", date="2016-12-31")  # 9-15: last days
        + block("c", "zzz-9", 1)  # 16-21: nothing like it
        + block("d", "reg-1.1", 1, replaces="a", review=review)  # 22-32
        + block("e", "reg-1.2", 3, replaces="d")  # 33-39: another task's entry
        + block("f", "reg-1.1", 1, replaces="aa")  # 40-46: a mistyped id
        + block("g", "reg-1.4", 2, date="2015-03-05")  # 47-52
        + block("h", "reg-1.4", 2, date="2015-03-05")  # 53-58: a second February
    )
    code, found = check(runner, ledger, "--as-of", "2015-03-05")
    assert code == 1
    where = "progress/2015.yaml"
    assert [f[1:] for f in found if f[2] != "PC708"] == [
        ("14:16", "PC703", "completed 2015-12-31 is after 2015-03-05 (--as-of)", ""),
        ("15:11", "PC703", "date 2016-12-31 is after 2015-03-05 (--as-of)", ""),
        ("17:11", "PC701", "unknown task ID 'zzz-9'", ""),
        ("30:13", "PC703", "date 2017-01-01 is outside 2015–2016", "the plan is for 2015"),
        ("31:11", "PC201", "unknown unit 「研考科」",
         "known: 戶籍登記課、戶籍資料課、行政庶務課、資訊、會計、政風、人事、研考、文管、總務、"
         "各責任里同仁、各課室"),
        ("38:15", "PC705", "replaces an entry of another task (reg-1.1, not reg-1.2)", ""),
        ("45:15", "PC705", "replaces 'aa', which is no other entry's id", "did you mean a?"),
        # Only the later of two February reports is the task's report: it gives no reasons.
        ("53:5", "PC704", "reg-1.4 is behind at month 2 and the report gives no 落後原因 (reason)",
         ""),
        ("53:5", "PC704", "reg-1.4 is behind at month 2 and the report gives no 因應對策 (measure)",
         ""),
        ("55:12", "PC706", "a second report for reg-1.4, month 2, and neither replaces the other",
         "if it corrects g, add `replaces: g`"),
    ]  # fmt: skip
    assert all(f[0] == where for f in found if f[2] != "PC708")


def test_the_hints_are_the_ledgers_own(runner: CliRunner, plan: Path) -> None:
    """A misspelt key is matched against the ledger's keys (the plan has no `evidence`), and
    a ledger that is not a mapping is told what a ledger is."""
    code, found = check(runner, block("a", "reg-1.1", 1, evidense="[x]"))
    assert (code, [(f[1], f[2], f[3], f[4]) for f in found]) == (
        1,
        [("8:5", "PC102", "unknown key 'evidense'", "did you mean 'evidence'?")],
    )
    Path("progress/2015.yaml").write_text("[]\n", encoding="utf-8")
    result = runner.invoke(cli, ["check", "--format", "json"])
    assert [
        (f["file"], f["line"], f["column"], f["code"], f["message"], f["hint"])
        for f in json.loads(result.stdout)["findings"]
        if f["code"] != "PC301"
    ] == [
        (
            "progress/2015.yaml",
            1,
            1,
            "PC103",
            "expected a mapping of keys and values, got a list",
            "a progress ledger is a mapping with one key, entries:, holding a list of entries",
        )
    ]


def test_loading_a_ledger_that_does_not_check_names_its_first_finding(plan: Path) -> None:
    """A second front end loading the ledger (`load_ledger`) gets InvalidPlan for the first
    of its findings, in the ledger's place; `planctl check` lists them all."""
    Path("progress").mkdir()
    ledger = Path("progress/2015.yaml").absolute()
    ledger.write_text(HEADER + block("a", "reg-1.1", 13, colour="red"), encoding="utf-8")
    with pytest.raises(InvalidPlan) as refused:
        load_ledger(plan)
    assert (refused.value.message, refused.value.position, refused.value.code) == (
        "Input should be less than or equal to 12 (run `planctl check` for every finding)",
        Position(str(ledger), 5, 12),
        "PC103",
    )
    assert load_ledger(plan.parent.parent / "plans" / "2016.yaml") is None


def load(ledger: Path) -> LoadedLedger:
    return validated_ledger(parse(ledger.read_text(encoding="utf-8"), str(ledger)))


def test_a_ledger_loaded_alone_locates_its_findings_in_its_file(plan: Path) -> None:
    """`validated_ledger` (a ledger file without its plan): the findings are placed in the
    file read; a valid ledger has none."""
    Path("progress").mkdir()
    ledger = Path("progress/2015.yaml").absolute()
    ledger.write_text(HEADER + block("a", "reg-1.1", 13), encoding="utf-8")
    loaded = load(ledger)
    assert loaded.ledger is None
    assert [
        (str(found.position), found.code, found.finding.message)
        for found in map(loaded.locate, loaded.schema_findings)
    ] == [(f"{ledger}:5:12", "PC103", "Input should be less than or equal to 12")]
    ledger.write_text(HEADER + block("a", "reg-1.1", 12), encoding="utf-8")
    valid = load(ledger)
    assert valid.ledger is not None and valid.schema_findings == []
    assert [entry.month for entry in valid.ledger.entries] == [12]

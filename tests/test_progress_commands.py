"""`planctl done`, `report` and `status` as a unit's clerk and the 研考 clerk use them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from planctl.cli import cli
from planctl.progress.load import load_ledger
from tests.progress_helpers import office


def run(runner: CliRunner, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def plan(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An office folder as the current folder: plans/2015.yaml, no ledger yet."""
    monkeypatch.chdir(tmp_path)
    return office(tmp_path)


def test_done_creates_the_ledger_beside_the_plan(runner: CliRunner, plan: Path) -> None:
    code, out, err = run(runner, "done", "reg-1.1", "--month", "1", "--date", "2015-02-05")
    assert code == 0, err
    entry_id = out.strip()
    assert entry_id.startswith("reg-1.1-m01-")
    assert err == f"planctl: recorded {entry_id} in progress/2015.yaml (reg-1.1, month 1: 已完成)\n"
    text = Path("progress/2015.yaml").read_text(encoding="utf-8")
    assert text.endswith(
        f"entries:\n  - id: {entry_id}\n    task: reg-1.1\n    month: 1\n    status: 已完成\n"
        "    text: 依計畫辦理完成\n    completed: 2015-02-05\n    date: 2015-02-05\n"
    )
    assert text.startswith(
        "# 臺北市中正區戶政事務所104年度提升服務品質實施計畫：執行情形"
        " (progress ledger, 民國104年)\n"
        "#\n"
        "# One entry per task per reported month, appended at the end by `planctl done` and\n"
        "# `planctl report` (or by hand: copy the last entry). Never edit an entry: a correction\n"
        '# is a new entry with `replaces: <id>`. Format: docs/plan-format.md, "Progress\n'
        '# ledgers". Validate with `planctl check`.\n'
        "entries:\n  - id: "
    )


def test_the_issues_example_on_the_bundled_plan(runner: CliRunner, plan: Path) -> None:
    """A unit records work with done and report; status --month 3 lists behind and missing."""
    assert run(runner, "done", "reg-1.1", "-m", "1", "-d", "2015-02-05")[0] == 0
    assert run(runner, "done", "reg-1.1", "-m", "2", "-d", "2015-03-05")[0] == 0
    args = ("report", "reg-1.2", "-m", "3", "-s", "辦理中", "-p", "50", "-t", "已清查半數")
    assert run(runner, *args, "-d", "2015-04-08")[0] == 0
    code, out, err = run(
        runner, "status", "--month", "3", "--as-of", "2015-04-11", "-s", "reg", "--format", "json"
    )
    assert code == 0, err
    data = json.loads(out)
    assert (data["month"], data["as_of"]) == (3, "2015-04-11")
    [section] = data["sections"]
    assert section == {
        "section": "登記課及資料課",
        "code": "reg",
        "units": ["戶籍登記課", "戶籍資料課"],
        "scheduled": 7,
        "reported": 2,
        "done": 1,
        "behind": 5,
        "missing": 15,
        "planned_pct": 39.3,
        "actual_pct": 21.4,
        "light": "red",
    }
    # The line under the sections: one section chosen, their sum (合計), not the office's.
    figures = {k: v for k, v in section.items() if k not in ("section", "code", "units")}
    assert data["total"] == {"label": "合計", **figures}
    assert [b["id"] for b in data["behind"]] == [
        "reg-1.4",
        "reg-1.5",
        "reg-2.1",
        "reg-3.1",
        "reg-4.1",
    ]
    assert data["behind"][0] == {
        "id": "reg-1.4",
        "section": "登記課及資料課",
        "no": 1,
        "item": "104年度清查人口作業",
        "task": "清查已接收死亡通報未辦理死亡登記者",
        "units": ["戶籍登記課", "戶籍資料課"],
        "planned_pct": 25.0,
        "actual_pct": 0.0,
        "months_late": 3,
        "reason": None,
        "measure": None,
        "light": "red",
    }
    missing = [(m["id"], m["month"], m["due"]) for m in data["missing"]]
    assert missing[:3] == [
        ("reg-1.4", 1, "2015-02-10"),
        ("reg-1.4", 2, "2015-03-10"),
        ("reg-1.4", 3, "2015-04-10"),
    ]
    assert {m["id"] for m in data["missing"]} == {
        "reg-1.4",
        "reg-1.5",
        "reg-2.1",
        "reg-3.1",
        "reg-4.1",
    }
    tasks = {t["id"]: t for t in data["tasks"]}
    assert (tasks["reg-1.2"]["planned_pct"], tasks["reg-1.2"]["actual_pct"]) == (50.0, 50.0)
    assert tasks["reg-1.1"]["light"] == tasks["reg-1.2"]["light"] == "green"
    assert [n["id"] for n in data["next"]][:2] == ["reg-1.2", "reg-1.4"]
    assert data["next"][0]["span"] == "end"


def test_status_for_a_unit_lists_the_sections_it_works_in(runner: CliRunner, plan: Path) -> None:
    """`--unit` keeps the tables whose units name it (資料課 as 戶籍資料課's alias)."""
    for unit, codes in ((None, ["reg", "adm", "it", "acc", "eth", "hr"]), ("資料課", ["reg"])):
        args = ("status", "-m", "3", "--as-of", "2015-04-11", "--format", "json")
        code, out, err = run(runner, *args, *(("--unit", unit) if unit else ()))
        assert code == 0, err
        assert [section["code"] for section in json.loads(out)["sections"]] == codes


def test_status_table_and_markdown(runner: CliRunner, plan: Path) -> None:
    run(runner, "done", "reg-1.1", "-m", "1", "-d", "2015-02-05")
    code, out, _ = run(runner, "status", "-m", "3", "--as-of", "2015-04-05", "-s", "reg")
    assert code == 0
    assert (
        "各課室執行情形" in out and "落後項目" in out and "未填報" in out and "4月預定辦理" in out
    )
    code, out, _ = run(runner, "status", "-m", "3", "--as-of", "2015-04-05", "--format", "md")
    # reg-1.1 half done (behind, February missing), the other six behind; ten more missing.
    assert "| 登記課及資料課 | 7 | 1 | 0 | 7 | 11 | 39.3% | 7.1% | 紅燈 |" in out
    # 全所: the six sections summed; its progress the mean over their 31 tasks (reg-1.1's 50 %).
    last = "| 人事 | 3 | 0 | 0 | 3 | 3 | 70.4% | 0% | 紅燈 |\n"
    assert last + "| 全所 | 31 | 1 | 0 | 31 | 40 | 55.6% | 1.6% | 紅燈 |\n" in out
    assert (
        "| reg-1.4 | 1 | 清查已接收死亡通報未辦理死亡登記者 | 戶籍登記課、戶籍資料課 "
        "| 1月 | 2015-02-10 |" in out
    )
    code, out, _ = run(runner, "status", "-m", "3", "--as-of", "2015-04-05", "--format", "csv")
    lines = out.splitlines()
    assert lines[0].startswith("section,id,no,item,task,units,months,planned_pct,actual_pct")
    assert lines[1].startswith("登記課及資料課,reg-1.1,1,104年度清查人口作業,")
    assert ",1-2,100,50,已完成,yes,2,red," in lines[1]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("done", "reg-1.x", "-m", "1", "-d", "2015-02-01"),
            "planctl: unknown task ID 'reg-1.x' (did you mean reg-1.7 or reg-1.6 or reg-1.5?)\n",
        ),
        (
            ("done", "REG-1.1", "-m", "1", "-d", "2015-02-01"),
            "planctl: unknown task ID 'REG-1.1' (did you mean reg-1.1?)\n",
        ),
        (
            ("done", "reg-1.1", "-m", "2016-01", "-d", "2015-02-01"),
            "planctl: --month 2016-01: outside the plan year 2015 (民國104年) "
            "(give a month 1-12 of the plan year)\n",
        ),
        (
            ("done", "reg-1.1", "-d", "2014-12-01"),
            "planctl: 2014-12-01 is not in the plan year 2015: give --month\n",
        ),
        (
            ("done", "reg-1.1", "-m", "1", "-d", "2017-01-01"),
            "planctl: report date 2017-01-01 is outside 2015–2016: the plan is for 2015 "
            "(民國104年) (give --date YYYY-MM-DD, the day the unit reports)\n",
        ),
        (
            ("report", "reg-1.4", "-m", "3", "-s", "辦理中", "-t", "清查中", "-d", "2015-04-08"),
            "planctl: reg-1.4 is behind at month 3 (planned 25 %, actual 0 %): give --reason "
            "(落後原因) and --measure (因應對策) (or --percent with the share of the whole task "
            "done so far)\n",
        ),
        (
            (
                "report",
                "reg-1.4",
                "-m",
                "3",
                "-s",
                "辦理中",
                "-p",
                "10",
                "-t",
                "清查中",
                "--reason",
                "人力不足",
                "-d",
                "2015-04-08",
            ),
            "planctl: reg-1.4 is behind at month 3 (planned 25 %, actual 10 %): give --measure "
            "(因應對策) (or --percent with the share of the whole task done so far)\n",
        ),
        (
            ("done", "reg-1.1", "-m", "1", "-d", "2015-02-01", "--by", "登紀課"),
            "planctl: unknown unit '登紀課' (known: 戶籍登記課、戶籍資料課、行政庶務課、資訊、"
            "會計、政風、人事、研考、文管、總務、各責任里同仁、各課室)\n",
        ),
        (
            ("done", "reg-1.1", "-m", "1", "-d", "2015-02-01", "--replaces", "nothing-1"),
            "planctl: --replaces nothing-1: no entry has this id in the ledger\n",
        ),
    ],
)
def test_refusals_write_nothing(
    runner: CliRunner, plan: Path, args: tuple[str, ...], message: str
) -> None:
    code, out, err = run(runner, *args)
    assert (code, out, err) == (2, "", message)
    assert not Path("progress/2015.yaml").exists()


def test_a_second_report_for_a_month_must_name_the_one_it_corrects(
    runner: CliRunner, plan: Path
) -> None:
    first = run(runner, "done", "reg-1.1", "-m", "1", "-d", "2015-02-05")[1].strip()
    code, _, err = run(runner, "done", "reg-1.1", "-m", "1", "-d", "2015-02-06")
    assert code == 2
    assert err == (
        f"planctl: reg-1.1 already has a report for month 1 ({first}) "
        f"(to correct it, give --replaces {first})\n"
    )
    code, out, err = run(
        runner, "done", "reg-1.1", "-m", "1", "-d", "2015-02-06", "--replaces", first
    )
    assert code == 0, err
    ledger = load_ledger(plan)
    assert ledger is not None
    assert [e.id for e in ledger.effective()] == [out.strip()]
    assert ledger.entries[-1].replaces == first


def test_report_records_every_field(runner: CliRunner, plan: Path) -> None:
    code, out, err = run(
        runner, "report", "reg-1.4", "--month", "104-03", "--status", "辦理中", "--percent",
        "12.5", "--text", "已清查: 30 件 #3", "--reason", "通報延遲", "--measure", "每週催辦",
        "--evidence", "北市正戶登字第1043000123號", "-e", "https://example.org/a?b=1",
        "--by", "資料課", "--date", "2015-04-08", "--completed", "2015-03-31",
    )  # fmt: skip
    assert code == 0, err
    block = Path("progress/2015.yaml").read_text(encoding="utf-8").split("entries:\n")[1]
    assert block == (
        f"  - id: {out.strip()}\n    task: reg-1.4\n    month: 3\n    status: 辦理中\n"
        '    percent: 12.5\n    text: "已清查: 30 件 #3"\n    reason: 通報延遲\n'
        "    measure: 每週催辦\n    completed: 2015-03-31\n    evidence:\n"
        "      - 北市正戶登字第1043000123號\n      - https://example.org/a?b=1\n"
        "    by: 戶籍資料課\n    date: 2015-04-08\n"
    )


def test_hand_formatting_and_comments_are_kept_byte_for_byte(runner: CliRunner, plan: Path) -> None:
    Path("progress").mkdir()
    hand = (
        "\ufeff# 手寫的管考紀錄\r\n"
        "entries:\r\n"
        "- id: old-1   # 一月\r\n"
        "  task: reg-1.1\r\n"
        "  month: 1\r\n"
        "  status: 已完成\r\n"
        "  text: '一月完成'\r\n"
        "  date: 2015-02-03\r\n"
        "# 二月待補"
    ).encode("utf-8")
    Path("progress/2015.yaml").write_bytes(hand)
    code, out, err = run(runner, "done", "reg-1.1", "-m", "2", "-d", "2015-03-03")
    assert code == 0, err
    data = Path("progress/2015.yaml").read_bytes()
    assert data.startswith(hand + b"\r\n- id: " + out.strip().encode())
    assert data.endswith(b"  date: 2015-03-03\r\n") and b"\n" not in data.replace(b"\r\n", b"")
    ledger = load_ledger(plan)
    assert ledger is not None and [e.month for e in ledger.entries] == [1, 2]


def test_a_ledger_that_does_not_end_with_its_entries_is_not_appended_to(
    runner: CliRunner, plan: Path
) -> None:
    Path("progress").mkdir()
    Path("progress/2015.yaml").write_text("entries: []\n", encoding="utf-8")
    code, _, err = run(runner, "done", "reg-1.1", "-m", "1", "-d", "2015-02-03")
    assert code == 1
    assert err == (
        "planctl: progress/2015.yaml: cannot append: the file does not end with its list of"
        " entries (the entries must be the last thing in the file, one `- id: …` block each)\n"
    )
    assert Path("progress/2015.yaml").read_text(encoding="utf-8") == "entries: []\n"


def test_an_invalid_ledger_stops_status_with_its_place(runner: CliRunner, plan: Path) -> None:
    Path("progress").mkdir()
    Path("progress/2015.yaml").write_text(
        "entries:\n  - id: a\n    task: reg-1.1\n    month: 13\n    status: 已完成\n"
        "    text: x\n    date: 2015-02-01\n",
        encoding="utf-8",
    )
    code, _, err = run(runner, "status", "-m", "3")
    assert code == 1
    assert err.startswith("progress/2015.yaml:4:12: error PC103 ")
    assert err.endswith(
        "planctl: 31 warnings; planctl check plans/2015.yaml for details\n"
        "planctl: progress/2015.yaml: 1 error(s) (the progress ledger of plans/2015.yaml); not "
        "used (see the findings above)\n"
    )


def test_due_shows_what_was_reported_when_a_ledger_exists(runner: CliRunner, plan: Path) -> None:
    out = run(runner, "due", "-m", "3", "-s", "reg", "--format", "json")[1]
    assert "reported" not in json.loads(out)[0]
    run(runner, "report", "reg-1.2", "-m", "3", "-s", "辦理中", "-p", "50", "-t", "x", "-d",
        "2015-04-08")  # fmt: skip
    out = run(runner, "due", "-m", "3", "-s", "reg", "--format", "json")[1]
    rows = {row["id"]: row["reported"] for row in json.loads(out)}
    assert (rows["reg-1.2"], rows["reg-1.4"]) == ("辦理中 50%", "未填報")
    out = run(runner, "due", "-m", "3", "-s", "reg", "--format", "csv")[1]
    assert out.splitlines()[0].endswith(",期限,填報")
    assert out.splitlines()[1].endswith(",本月開始,,辦理中 50%")
    out = run(runner, "due", "-m", "3", "-s", "reg", "--format", "md")[1]
    assert "| ID | 編號 | 計畫項目 | 工作內容 | 時程 | 填報 |" in out
    assert "| 本月開始 | 辦理中 50% |" in out
    behind = ("-s", "辦理中", "-p", "30", "-t", "x", "--reason", "人力不足", "--measure", "加派")
    assert run(runner, "report", "reg-1.4", "-m", "3", *behind, "-d", "2015-04-08")[0] == 0
    for month, shown in (("2", "未填報"), ("3", "辦理中 30%")):  # a monthly plan: no quarter
        out = run(runner, "due", "-m", month, "-s", "reg", "--format", "json")[1]
        assert {row["id"]: row["reported"] for row in json.loads(out)}["reg-1.4"] == shown


def test_status_csv_for_excel(runner: CliRunner, plan: Path) -> None:
    out = run(runner, "status", "-m", "3", "--format", "csv", "--bom")[1]
    assert out.startswith("\ufeffsection,id,")


def test_a_broken_ledger_is_reported_where_it_breaks(runner: CliRunner, plan: Path) -> None:
    Path("progress").mkdir()
    Path("progress/2015.yaml").write_text("entries:\n\t- id: a\n", encoding="utf-8")
    code, _, err = run(runner, "status", "-m", "3")
    assert code == 1
    assert err.startswith("progress/2015.yaml:2:1: error PC001 YAML syntax error")
    code, out, _ = run(runner, "check", "--format", "json")
    assert code == 1
    [finding] = [f for f in json.loads(out)["findings"] if f["code"] != "PC301"]
    assert (finding["file"], finding["line"], finding["code"]) == ("progress/2015.yaml", 2, "PC001")
    code, _, err = run(runner, "done", "reg-1.1", "-m", "1", "-d", "2015-02-05")
    assert code == 1 and err.startswith("progress/2015.yaml:2:1: error PC001")
    assert Path("progress/2015.yaml").read_text(encoding="utf-8") == "entries:\n\t- id: a\n"


def test_review_appends_a_correction_carrying_the_decision(runner: CliRunner, plan: Path) -> None:
    first = run(runner, "done", "reg-1.1", "-m", "2", "-d", "2015-03-05", "-e", "文號1")[1].strip()
    before = Path("progress/2015.yaml").read_bytes()
    code, out, err = run(
        runner, "review", first, "--decision", "解除列管", "--note", "准予解除列管",
        "-d", "2015-04-15", "--by", "研考",
    )  # fmt: skip
    assert code == 0, err
    reviewed = out.strip()
    assert err == f"planctl: recorded 解除列管 for {first} as {reviewed}\n"
    after = Path("progress/2015.yaml").read_bytes()
    assert after.startswith(before)
    assert after[len(before) :].decode("utf-8") == (
        f"  - id: {reviewed}\n    task: reg-1.1\n    month: 2\n    status: 已完成\n"
        "    text: 依計畫辦理完成\n    completed: 2015-03-05\n    evidence:\n      - 文號1\n"
        f"    date: 2015-03-05\n    replaces: {first}\n    review:\n"
        "      decision: 解除列管\n      note: 准予解除列管\n      date: 2015-04-15\n"
        "      by: 研考\n"
    )
    code, _, err = run(runner, "review", first, "--decision", "繼續列管", "-d", "2015-04-16")
    assert (code, err) == (
        2,
        f"planctl: entry {first} is replaced by {reviewed} (review {reviewed} instead)\n",
    )
    code, _, err = run(runner, "review", "nope", "--decision", "繼續列管", "-d", "2015-04-16")
    assert code == 2 and err.startswith("planctl: no entry 'nope' in the ledger")
    assert run(runner, "check", "--format", "json")[0] == 0


def test_a_report_for_an_unscheduled_month_is_kept_with_a_note(
    runner: CliRunner, plan: Path
) -> None:
    args = ("report", "reg-1.1", "-m", "5", "-s", "已完成", "-p", "100", "-t", "五月補辦完成")
    code, _, err = run(runner, *args, "-d", "2015-06-01")
    assert code == 0
    assert err.endswith("planctl: note: reg-1.1 is not scheduled in month 5 (its months: 1、2)\n")

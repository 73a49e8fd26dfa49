"""Every example in the ```sh blocks of the command manual (docs/commands.md, before "The
cache") runs exactly as printed, by
the shell, in a folder holding a copy of the repository's plans and schema (issue 9, item 8),
and does what its comment says. The folder is set up as the example's kind needs it: the
progress ledger of tests/ledgers/ (fixed entry ids) for the 管考 commands, a git repository
with an uncommitted edit of the plan for `diff`. PDF examples are skipped only where Chromium is
absent (never in CI).
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.clients import needs, require
from tests.conftest import ROOT

MANUAL = (ROOT / "docs" / "commands.md").read_text(encoding="utf-8")
COMMANDS = MANUAL.split("\n## The cache\n", 1)[0]
EXAMPLES = [
    line
    for block in re.findall(r"```sh\n(.*?)```", COMMANDS, flags=re.DOTALL)
    for line in block.splitlines()
    if line.strip()
]
TEMPLATE = re.search(r"a `page.html` of\s+`(\{% extends.+?)`", MANUAL, flags=re.DOTALL)
MARCH = "民國104年3月 (2015-03)"
LEDGER = ROOT / "tests" / "ledgers" / "2015.yaml"
REVISED_FROM = "清查九十歲以上設有戶籍者\n                months: [3-4]"
REVISED_TO = "清查九十五歲以上設有戶籍者\n                months: [3-5]"


@dataclass
class Ran:
    """An example's run: exit status, output, and the folder it ran in."""

    code: int
    stdout: str
    stderr: str
    folder: Path

    def file(self, name: str) -> str:
        return (self.folder / name).read_text(encoding="utf-8")


def command_of(example: str) -> str:
    """The example without its comment, spaces collapsed: the key of its claim below."""
    return " ".join(example.split("#", 1)[0].split())


def sections(text: str) -> list[str]:
    """The section titles of a due or duties table (the lines before each table's top)."""
    lines = text.splitlines()
    return [lines[n - 1].strip() for n, line in enumerate(lines) if line.startswith("┏")]


def json_rows(ran: Ran) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = json.loads(ran.stdout)
    assert rows
    return rows


def csv_rows(text: str) -> list[list[str]]:
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))


def check_text(ran: Ran) -> bool:
    """The bundled plan has warnings (PC301: months the source does not tell), no errors."""
    return "warning PC301" in ran.stdout and " checked: 0 error(s), " in ran.stderr


def github_warnings(ran: Ran) -> bool:
    lines = ran.stdout.splitlines()
    return bool(lines) and all(line.startswith("::warning file=plans/2015.yaml,") for line in lines)


def schedule_titles(html: str) -> list[str]:
    return re.findall(r"臺北市中正區戶政事務所\((.+?)\)104年度重要工作計畫作業時程管制表", html)


def due_month(ran: Ran) -> bool:
    return ran.stdout.splitlines()[0] == MARCH and "會計" in sections(ran.stdout)


SIX = ["登記課及資料課", "行政庶務課", "資訊", "會計", "政風", "人事"]
CODES = len(re.findall(r"^\| PC\d{3} \|", MANUAL, flags=re.MULTILINE))
TODAY = date.today()
NEXT_MONTH = date(TODAY.year + TODAY.month // 12, TODAY.month % 12 + 1, 1)


def due_next_month() -> tuple[int, Callable[[Ran], bool]]:
    """`--month next` is next month by the calendar: in 2015 (from December 2014) the
    counter's list for it; on any other day the plan has no such month (exit 2)."""
    if NEXT_MONTH.year == 2015:
        title = f"民國104年{NEXT_MONTH.month}月 (2015-{NEXT_MONTH.month:02d})"
        return 0, lambda ran: ran.stdout.startswith(title)
    refusal = (
        f"planctl: {NEXT_MONTH:%Y-%m} is outside the plan year: the plans are for 2015"
        " (民國104年) (give --month 1-12 or a month of the plan year)"
    )
    return 2, lambda ran: ran.stdout == "" and ran.stderr.splitlines()[-1] == refusal


def entry(ran: Ran) -> dict[str, Any]:
    """The ledger entry whose id the command printed, read back from the ledger file."""
    ledger = yaml.safe_load(ran.file("progress/2015.yaml"))
    [found] = [e for e in ledger["entries"] if e["id"] == ran.stdout.strip()]
    assert isinstance(found, dict)
    return found


def recorded(task: str, month: int, **fields: object) -> Callable[[Ran], bool]:
    """The printed id is new, of the task and month, and its entry holds these fields."""

    def claim(ran: Ran) -> bool:
        assert re.fullmatch(rf"{re.escape(task)}-m{month:02d}-[0-9a-f]{{6}}\n", ran.stdout)
        found = entry(ran)
        return (
            found["task"] == task
            and found["month"] == month
            and all(found.get(key) == value for key, value in fields.items())
        )

    return claim


def reviewed(replaced: str, decision: str) -> Callable[[Ran], bool]:
    """A review is a correction of the entry reviewed, carrying the decision."""

    def claim(ran: Ran) -> bool:
        found = entry(ran)
        return bool(found["replaces"] == replaced and found["review"]["decision"] == decision)

    return claim


def mimetype(name: str, kind: str) -> Callable[[Ran], bool]:
    """An ODF file is a zip whose first entry, `mimetype`, names its kind."""

    def claim(ran: Ran) -> bool:
        with zipfile.ZipFile(ran.folder / name) as odf:
            return odf.namelist()[0] == "mimetype" and odf.read("mimetype").decode() == kind

    return claim


def pdf(name: str) -> Callable[[Ran], bool]:
    return lambda ran: (ran.folder / name).read_bytes().startswith(b"%PDF-")


def calendar(ran: Ran, name: str) -> list[str]:
    """The lines of an exported calendar, which must be one whole VCALENDAR."""
    lines = ran.file(name).splitlines()
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
    return lines


def sheets(ran: Ran, name: str) -> list[str]:
    """The sheet names of a spreadsheet, from its content.xml."""
    with zipfile.ZipFile(ran.folder / name) as odf:
        content = odf.read("content.xml").decode()
    return re.findall(r'<table:table table:name="([^"]*)"', content)


def gitlab(ran: Ran) -> list[dict[str, Any]]:
    issues: list[dict[str, Any]] = json.loads(ran.file("gl-code-quality-report.json"))
    return issues


def diff_text(ran: Ran) -> bool:
    """The uncommitted revision (plan_repository below) and nothing else."""
    return (
        "清查九十{+五+}歲以上設有戶籍者" in ran.stdout
        and "3-4 月 □□■■□□□□□□□□ → 3-5 月 □□■■■□□□□□□□" in ran.stdout
        and ran.stdout.rstrip().endswith("共 1 處修正。")
    )


def draft(ran: Ran) -> bool:
    plan = yaml.safe_load(ran.file("plans/2016.yaml"))
    return bool(plan["year"] == 2016 and "105年度" in plan["title"])


# What each example claims, checked (a claim for an example no longer in the manual fails).
CLAIMS: dict[str, tuple[int, Callable[[Ran], bool]]] = {
    "planctl check": (0, check_text),
    "planctl check --strict plans/2015.yaml": (1, check_text),
    "planctl check --format github": (
        0,
        github_warnings,
    ),
    "planctl check --format json": (0, lambda ran: json.loads(ran.stdout)["errors"] == 0),
    "planctl due --month 3": (0, due_month),
    "planctl due --month 104-03": (0, due_month),
    "planctl due -m 3 --unit 登記課": (
        0,
        lambda ran: (
            sections(ran.stdout)[0] == "登記課及資料課（戶籍登記課、戶籍資料課）"
            and "會計" not in sections(ran.stdout)
        ),
    ),
    "planctl due -m 3 --section 會計": (
        0,
        lambda ran: sections(ran.stdout) == ["會計"],
    ),
    "planctl due -m 3 --format json": (
        0,
        lambda ran: {row["section"] for row in json_rows(ran)} >= set(SIX),
    ),
    "planctl due -m 3 --format csv --bom > 三月.csv": (
        0,
        lambda ran: csv_rows(ran.file("三月.csv"))[0][:3] == ["計畫", "ID", "課室"],
    ),
    "planctl due -m 3 --format md": (
        0,
        lambda ran: ran.stdout.startswith(f"# {MARCH}\n\n## 登記課及資料課"),
    ),
    "planctl render --format md > plan.md": (
        0,
        lambda ran: (
            "## 伍、執行策略與方法" in ran.file("plan.md")
            and len(schedule_titles(ran.file("plan.md"))) == 6
            and "reg-1.4" not in ran.file("plan.md")
        ),
    ),
    "planctl render --format md --notes > 校對稿.md": (
        0,
        lambda ran: (
            "- ※1 reg-1.4：原表此列有 15 個 ■" in ran.file("校對稿.md")
            and " ※「便高效率」照原文" in ran.file("校對稿.md")
        ),
    ),
    "planctl render --format html --what schedule -o 管制表.html": (
        0,
        lambda ran: (
            schedule_titles(ran.file("管制表.html")) == SIX
            and "執行策略與方法" not in ran.file("管制表.html")
        ),
    ),
    "planctl render --format pdf --what schedule -o 管制表.pdf": (
        0,
        lambda ran: (ran.folder / "管制表.pdf").read_bytes().startswith(b"%PDF"),
    ),
    "planctl render --format html --what schedule --section 會計 -o 會計.html": (
        0,
        lambda ran: schedule_titles(ran.file("會計.html")) == ["會計"],
    ),
    "planctl render --format html --templates my-templates/ -o plan.html": (
        0,
        lambda ran: "<title>中正所管制表</title>" in ran.file("plan.html"),
    ),
    "planctl duties --unit 登記課": (
        0,
        lambda ran: (
            ran.stdout.startswith("職掌：登記課\n")
            and sections(ran.stdout) == ["伍、執行策略與方法", "登記課及資料課"]
        ),
    ),
    "planctl duties --section 會計 --format md": (
        0,
        lambda ran: (
            ran.stdout.startswith("# 職掌：會計\n\n## 伍、執行策略與方法\n")
            and "\n## 會計\n" in ran.stdout
        ),
    ),
    "planctl duties -u 人事 --format csv --bom > 人事.csv": (
        0,
        lambda ran: csv_rows(ran.file("人事.csv"))[0][:2] == ["plan", "kind"],
    ),
    "planctl duties --format json": (
        0,
        lambda ran: {row["kind"] for row in json_rows(ran)} == {"strategy", "task"},
    ),
    "planctl check --as-of 2015-04-15": (
        1,
        lambda ran: (
            "error PC708 no progress report for reg-1.4, month 3 (due 2015-04-10)" in ran.stdout
            and "(PC301 ×31, PC708 ×52)" in ran.stderr
        ),
    ),
    "planctl check --quiet --ignore PC301": (
        0,
        lambda ran: ran.stdout == "" and ran.stderr == "1 file checked: no problems\n",
    ),
    "planctl check --select PC2,PC4": (
        0,
        lambda ran: ran.stdout == "" and ran.stderr == "1 file checked: no problems\n",
    ),
    "planctl check --format gitlab > gl-code-quality-report.json": (
        0,
        lambda ran: (
            {(i["check_name"], i["severity"], i["location"]["path"]) for i in gitlab(ran)}
            == {("PC301", "minor", "plans/2015.yaml")}
            and len(gitlab(ran)) == 31
        ),
    ),
    "planctl explain PC301": (
        0,
        lambda ran: (
            ran.stdout.startswith("PC301 (warning): a task with no months")
            and "How to fix it:" in ran.stdout
        ),
    ),
    "planctl explain": (
        0,
        lambda ran: (
            len(ran.stdout.splitlines()) == CODES
            and ran.stdout.startswith("PC001  error    YAML syntax error")
        ),
    ),
    "planctl explain --all": (0, lambda ran: ran.stdout.count("Why it matters:") == CODES),
    "planctl help render": (0, lambda ran: ran.stdout.startswith("Usage: planctl render ")),
    "planctl due --month next --unit 登記課": due_next_month(),
    "planctl render --what review --month 3 --format pdf -o 三月管考.pdf": (0, pdf("三月管考.pdf")),
    "planctl render --what review --quarter 1 --format pdf -o 第1季管考.pdf": (
        0,
        pdf("第1季管考.pdf"),
    ),
    "planctl render --what results --month 12 --format pdf -o 執行成果.pdf": (
        0,
        pdf("執行成果.pdf"),
    ),
    "planctl done reg-1.3 --month 5 --date 2015-06-05": (
        0,
        recorded("reg-1.3", 5, status="已完成", date=date(2015, 6, 5)),
    ),
    "planctl done reg-1.3 -m 6 -d 2015-07-06 -e 北市正戶登字第1043000123號": (
        0,
        recorded("reg-1.3", 6, status="已完成", evidence=["北市正戶登字第1043000123號"]),
    ),
    "planctl done reg-1.2 -m 3 -d 2015-04-20 --replaces reg-1.2-m03-86c48a": (
        0,
        recorded("reg-1.2", 3, status="已完成", replaces="reg-1.2-m03-86c48a"),
    ),
    (
        "planctl report reg-1.5 --month 1 --status 辦理中 --percent 10"
        " --text 已清查5件 --date 2015-02-09"
    ): (
        0,
        recorded("reg-1.5", 1, status="辦理中", percent=10, text="已清查5件"),
    ),
    (
        "planctl report reg-1.4 -m 3 -s 辦理中 -p 15 -t 清查中"
        " --reason 通報延遲 --measure 每週催辦 -d 2015-04-09"
    ): (
        0,
        recorded("reg-1.4", 3, percent=15, reason="通報延遲", measure="每週催辦"),
    ),
    "planctl review reg-1.1-m01-852b21 --decision 解除列管 --note 已完成 --date 2015-04-15": (
        0,
        reviewed("reg-1.1-m01-852b21", "解除列管"),
    ),
    (
        "planctl review reg-1.4-m02-5057a8 --decision 繼續列管"
        " --note 四月底前完成 --by 研考 -d 2015-04-15"
    ): (
        0,
        reviewed("reg-1.4-m02-5057a8", "繼續列管"),
    ),
    "planctl status --month 3": (
        0,
        lambda ran: (
            ran.stdout.splitlines()[0].endswith(f"民國104年3月 (2015-03)，截至 {TODAY}")
            and ran.stdout.splitlines()[1].startswith("各課室執行情形")
        ),
    ),
    "planctl status -m 3 --as-of 2015-04-10 --format json": (
        0,
        lambda ran: (
            json.loads(ran.stdout)["as_of"] == "2015-04-10"
            and [s["section"] for s in json.loads(ran.stdout)["sections"]] == SIX
            and "reg-1.4" in {row["id"] for row in json.loads(ran.stdout)["behind"]}
        ),
    ),
    "planctl status -m 3 --unit 登記課 --format md": (
        0,
        lambda ran: (
            "\n| 登記課及資料課 | 7 | 3 | 1 | 5 |" in ran.stdout
            and "\n| 會計 |" not in ran.stdout
            and "\n## 落後項目\n" in ran.stdout
        ),
    ),
    "planctl status --quarter 1 --as-of 2015-04-11": (
        0,
        lambda ran: ran.stdout.splitlines()[0].endswith(
            "民國104年第1季 (2015-01至2015-03)，截至 2015-04-11"
        ),
    ),
    "planctl status -m 3 --format csv > 三月管考.csv": (
        0,
        lambda ran: (
            next(csv.reader(io.StringIO(ran.file("三月管考.csv"))))[:3] == ["section", "id", "no"]
            and "reg-1.4" in ran.file("三月管考.csv")
        ),
    ),
    "planctl diff HEAD plans/2015.yaml": (0, diff_text),
    "planctl diff v1:plans/2015.yaml plans/2015.yaml --format md": (
        0,
        lambda ran: (
            ran.stdout.startswith("### 修正對照表：")
            and "| 清查九十**五**歲以上設有戶籍者<br>" in ran.stdout
        ),
    ),
    "planctl diff HEAD plans/2015.yaml --format pdf -o 修正對照表.pdf": (0, pdf("修正對照表.pdf")),
    "planctl diff --exit-code v1:plans/2015.yaml plans/2015.yaml": (1, diff_text),
    "planctl new 2016": (
        0,
        lambda ran: (
            ran.stdout.startswith("planctl new 2016：plans/2015.yaml → plans/2016.yaml")
            and draft(ran)
        ),
    ),
    "planctl new 105 --from plans/2015.yaml -o plans/2016.yaml --report 2016-review.txt": (
        0,
        lambda ran: (
            ran.stdout == "" and "year：2015 → 2016" in ran.file("2016-review.txt") and draft(ran)
        ),
    ),
    "planctl export --format ods -o 管制表.ods": (
        0,
        lambda ran: (
            mimetype("管制表.ods", "application/vnd.oasis.opendocument.spreadsheet")(ran)
            and sheets(ran, "管制表.ods") == SIX
        ),
    ),
    "planctl export --format ods --what due -m 3 -o 三月.ods": (
        0,
        lambda ran: (
            mimetype("三月.ods", "application/vnd.oasis.opendocument.spreadsheet")(ran)
            and len(sheets(ran, "三月.ods")) == 1
        ),
    ),
    "planctl export --format odt -o 計畫.odt": (
        0,
        mimetype("計畫.odt", "application/vnd.oasis.opendocument.text"),
    ),
    "planctl export --format ics -o 計畫.ics": (
        0,
        lambda ran: (
            "UID:2015-cd9fa8028de1-reg-1.2-run1@planctl" in calendar(ran, "計畫.ics")
            and "BEGIN:VTODO" not in calendar(ran, "計畫.ics")
        ),
    ),
    "planctl export --format ics --todo --unit 會計 > 會計.ics": (
        0,
        lambda ran: (
            "BEGIN:VTODO" in calendar(ran, "會計.ics")
            and "UID:2015-cd9fa8028de1-reg-1.2-run1@planctl" not in calendar(ran, "會計.ics")
            and "CATEGORIES:會計" in calendar(ran, "會計.ics")
        ),
    ),
    "planctl export --format csv --bom > 管制表.csv": (
        0,
        lambda ran: (
            csv_rows(ran.file("管制表.csv"))[0][6:18] == [f"{m}月" for m in range(1, 13)]
            and csv_rows(ran.file("管制表.csv"))[1][4] == "reg-1.1"
        ),
    ),
    "planctl export --format csv --header-lang en > schedule.csv": (
        0,
        lambda ran: (
            next(csv.reader(io.StringIO(ran.file("schedule.csv"))))
            == ["plan", "section", "no", "item", "id", "task"]
            + [f"m{m:02d}" for m in range(1, 13)]
            + ["remark"]
        ),
    ),
    "planctl export --format json > plan.json": (
        0,
        lambda ran: (
            json.loads(ran.file("plan.json"))["version"] == 1
            and json.loads(ran.file("plan.json"))["plans"][0]["plan"]["year"] == 2015
        ),
    ),
    "planctl import 計畫.docx -o plans/imported.yaml": (
        0,
        lambda ran: (
            yaml.safe_load(ran.file("plans/imported.yaml"))["office"] == "臺北市中正區戶政事務所"
            and "not placed (not in the draft: add it by hand or ignore it): 0\n" in ran.stderr
        ),
    ),
    "planctl import 管制表.xlsx --office 臺北市中正區戶政事務所 --year 104 > plans/draft.yaml": (
        0,
        lambda ran: yaml.safe_load(ran.file("plans/draft.yaml"))["year"] == 2015,
    ),
    "planctl import 計畫.doc -o plans/imported.yaml --format json 2> report.json": (
        0,
        lambda ran: json.loads(ran.file("report.json"))["unplaced"] == [],
    ),
    "planctl schema > schema/plan.schema.json": (
        0,
        lambda ran: (
            json.loads(ran.file("schema/plan.schema.json"))
            == json.loads((ROOT / "schema" / "plan.schema.json").read_text(encoding="utf-8"))
        ),
    ),
    "check-jsonschema --schemafile schema/plan.schema.json plans/2015.yaml": (
        0,
        lambda ran: "ok -- validation done" in ran.stdout,
    ),
}


LEDGER_COMMANDS = ("planctl done ", "planctl report ", "planctl review ", "planctl status ")
LEDGER_OPTIONS = ("--as-of", "--what review", "--what results")


def needs_ledger(example: str) -> bool:
    """The 管考 examples answer from the plan's progress ledger (the others run without one)."""
    return example.startswith(LEDGER_COMMANDS) or any(o in example for o in LEDGER_OPTIONS)


def git(folder: Path, *args: str) -> None:
    identity = ["-c", "user.name=planctl", "-c", "user.email=planctl@example.org"]
    subprocess.run(["git", *identity, *args], cwd=folder, check=True, capture_output=True)


def plan_repository(folder: Path) -> None:
    """A git repository whose plan has one commit (tagged v1) and an uncommitted revision:
    reg-1.2 runs a month longer and its text is reworded, as a January revision does."""
    git(folder, "init", "-q")
    git(folder, "add", "plans")
    git(folder, "commit", "-q", "-m", "the plan as published")
    git(folder, "tag", "v1")
    plan = folder / "plans" / "2015.yaml"
    text = plan.read_text(encoding="utf-8")
    assert text.count(REVISED_FROM) == 1
    plan.write_text(text.replace(REVISED_FROM, REVISED_TO), encoding="utf-8")


def run(example: str, folder: Path) -> Ran:
    """Run the line as printed, with the shell, where `plans/` and `schema/` are copies of the
    repo's, `progress/2015.yaml` the test ledger for a 管考 example, `.git` a repository
    for a `diff` example."""
    shutil.copytree(ROOT / "plans", folder / "plans")
    shutil.copytree(ROOT / "schema", folder / "schema")
    if "my-templates/" in example:
        assert TEMPLATE, "the manual's example template"
        (folder / "my-templates").mkdir()
        (folder / "my-templates" / "page.html").write_text(TEMPLATE[1], encoding="utf-8")
    if needs_ledger(example):
        (folder / "progress").mkdir()
        shutil.copy(LEDGER, folder / "progress" / "2015.yaml")
    if example.startswith("planctl diff "):
        plan_repository(folder)
    if example.startswith("planctl import "):
        document(example.split()[2], folder)
    return shell(example, folder)


def document(name: str, folder: Path) -> None:
    """The plan as an office would hand it in: exported, then converted by LibreOffice."""
    from tests.clients import soffice_convert

    kind = Path(name).suffix.lstrip(".")
    exported = folder / ("plan.ods" if kind == "xlsx" else "plan.odt")
    fmt = exported.suffix.lstrip(".")
    assert shell(f"planctl export --format {fmt} -o {exported.name}", folder).code == 0
    converted = soffice_convert(exported, kind, folder / "converted") / f"plan.{kind}"
    converted.rename(folder / name)


def shell(example: str, folder: Path) -> Ran:
    """The line run by the shell in the folder, with this venv's planctl first on PATH."""
    bin_dir = str(Path(sys.executable).parent)
    env = {**os.environ, "PATH": bin_dir + os.pathsep + os.environ.get("PATH", "")}
    env.pop("PLANCTL_DEBUG", None)
    env["COLUMNS"] = "160"
    done = subprocess.run(
        ["sh", "-c", example], cwd=folder, env=env, capture_output=True, timeout=300
    )
    return Ran(done.returncode, done.stdout.decode(), done.stderr.decode(), folder)


def test_the_readme_has_examples_for_every_claim() -> None:
    assert sorted(CLAIMS) == sorted(map(command_of, EXAMPLES))


def clients_of(example: str) -> tuple[str, ...]:
    """The real clients an example runs (tests/clients.py, needs): Chromium to print a PDF,
    git for the repository of a `diff`, LibreOffice to make the document an `import` reads."""
    runs = {
        "chromium": "--format pdf" in example,
        "git": example.startswith("planctl diff "),
        "soffice": example.startswith("planctl import "),
    }
    return tuple(program for program, runs_it in runs.items() if runs_it)


@pytest.mark.parametrize(
    "example", [pytest.param(example, marks=needs(*clients_of(example))) for example in EXAMPLES]
)
def test_example_runs_as_printed(example: str, tmp_path: Path) -> None:
    if "--format pdf" in example:
        require("chromium")
    ran = run(example, tmp_path)
    code, claim = CLAIMS[command_of(example)]
    assert ran.code == code, ran.stderr
    assert "Traceback" not in ran.stderr
    assert claim(ran), (ran.stdout[-3000:], ran.stderr)


def test_the_warnings_the_readme_counts(tmp_path: Path) -> None:
    stated = re.search(r"The bundled plan checks clean with\s+(\d+) PC301 warnings", MANUAL)
    assert stated
    ran = run("planctl check --format json", tmp_path)
    codes = [finding["code"] for finding in json.loads(ran.stdout)["findings"]]
    assert codes == ["PC301"] * int(stated[1])


def test_the_progress_examples_run_in_order(tmp_path: Path) -> None:
    """A reader can run the 管考 examples one after the other on one ledger: none refuses
    another's entry, and the ledger they leave checks clean."""
    steps = [
        e for e in EXAMPLES if e.startswith(("planctl done ", "planctl report ", "planctl review "))
    ]
    assert len(steps) == 7
    run("true", tmp_path)
    (tmp_path / "progress").mkdir()
    shutil.copy(LEDGER, tmp_path / "progress" / "2015.yaml")
    for step in steps:
        ran = shell(step, tmp_path)
        assert ran.code == 0, (step, ran.stderr)
    ran = shell("planctl check --select PC1,PC7", tmp_path)
    assert (ran.code, ran.stdout) == (0, ""), ran.stderr
    assert ran.stderr == "1 file checked: no problems\n"

"""Every example in the README's ```sh blocks under "## Commands" runs exactly as printed, by
the shell, in a folder holding a copy of the repository's plans (issue 9, item 8), and does
what its comment says. PDF examples are skipped only where Chromium is absent (never in CI).
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
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
COMMANDS = README.split("\n## Commands\n", 1)[1].split("\n## ", 1)[0]
EXAMPLES = [
    line
    for block in re.findall(r"```sh\n(.*?)```", COMMANDS, flags=re.DOTALL)
    for line in block.splitlines()
    if line.strip()
]
TEMPLATE = re.search(r"a `page.html` of\s+`(\{% extends.+?)`", README, flags=re.DOTALL)
BROWSER = os.environ.get("PLANCTL_REQUIRE_BROWSER") == "1" or bool(shutil.which("chromium"))
MARCH = "民國104年3月 (2015-03)"


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

# What each example claims, checked (a claim for an example no longer in the README fails).
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
        lambda ran: csv_rows(ran.file("三月.csv"))[0][:3] == ["plan", "id", "section"],
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
}


def run(example: str, folder: Path) -> Ran:
    """Run the line as printed, with the shell, where `plans/` is a copy of the repo's."""
    shutil.copytree(ROOT / "plans", folder / "plans")
    if "my-templates/" in example:
        assert TEMPLATE, "the README's example template"
        (folder / "my-templates").mkdir()
        (folder / "my-templates" / "page.html").write_text(TEMPLATE[1], encoding="utf-8")
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


@pytest.mark.parametrize("example", EXAMPLES)
def test_example_runs_as_printed(example: str, tmp_path: Path) -> None:
    if "--format pdf" in example and not BROWSER:
        pytest.skip("Chromium is not installed")
    ran = run(example, tmp_path)
    code, claim = CLAIMS.get(command_of(example), (0, lambda ran: True))
    assert ran.code == code, ran.stderr
    assert "Traceback" not in ran.stderr
    assert claim(ran), (ran.stdout[-3000:], ran.stderr)


def test_the_warnings_the_readme_counts(tmp_path: Path) -> None:
    stated = re.search(r"The bundled plan checks clean with\s+(\d+) PC301 warnings", README)
    assert stated
    ran = run("planctl check --format json", tmp_path)
    codes = [finding["code"] for finding in json.loads(ran.stdout)["findings"]]
    assert codes == ["PC301"] * int(stated[1])

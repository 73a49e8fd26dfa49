"""The reports the 研考 clerk files: `render --what review` (執行情形管制考核表) and
`render --what results` (執行成果), from a ledger built with `planctl done`/`report` and one
hand-written correction carrying a review (tests/ledgers/2015.yaml)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from planctl.cli import cli
from tests.clients import PRINTING, needs, pages, squeeze
from tests.conftest import TESTS
from tests.progress_helpers import office

SNAPSHOTS = TESTS / "snapshots"
LEDGER = TESTS / "ledgers" / "2015.yaml"
REPORTS = [("review", "3"), ("results", "6")]


@pytest.fixture
def plan(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    plan_file = office(tmp_path)
    (tmp_path / "progress").mkdir()
    shutil.copyfile(LEDGER, tmp_path / "progress" / "2015.yaml")
    return plan_file


def render(runner: CliRunner, *args: str) -> str:
    # The print date in the HTML footer is fixed (2015-03-02): a snapshot must not hold the
    # day it was made.
    env = {"SOURCE_DATE_EPOCH": "1425254400"}
    result = runner.invoke(cli, ["render", "--as-of", "2015-04-20", *args], env=env)
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize("fmt", ["md", "html"])
@pytest.mark.parametrize(("what", "month"), REPORTS)
def test_snapshot(runner: CliRunner, plan: Path, what: str, month: str, fmt: str) -> None:
    """Refresh with PLANCTL_UPDATE_SNAPSHOTS=1 after a wanted change."""
    output = render(runner, "--what", what, "--month", month, "--format", fmt)
    snapshot = SNAPSHOTS / f"{what}-2015-{int(month):02}.{fmt}"
    if os.environ.get("PLANCTL_UPDATE_SNAPSHOTS"):
        snapshot.write_text(output, encoding="utf-8")
    assert output == snapshot.read_text(encoding="utf-8")


def test_review_lists_the_behind_tasks_first(runner: CliRunner, plan: Path) -> None:
    lines = render(runner, "--what", "review", "-m", "3", "--format", "md").splitlines()
    assert lines[0] == "# 臺北市中正區戶政事務所104年度重要工作計畫執行情形管制考核表"
    assert lines[2] == "民國104年3月（資料截至民國104年4月20日）"
    assert lines[4] == "## 全所預定／實際進度（全年度累計）"  # its figures: tests/test_chart.py
    assert lines[11].startswith("## 落後項目（")
    assert lines[15] == (
        "| reg-1.4 | 登記課及資料課 | 清查已接收死亡通報未辦理死亡登記者 | 25% | 10% | 2 "
        "| 衛生局通報資料延遲 | 每週催辦 | 紅燈 |"
    )
    sections = [line for line in lines if line.startswith("## ")]
    assert sections[2:] == ["## 登記課及資料課", "## 行政庶務課", "## 資訊", "## 會計", "## 政風",
                            "## 人事"]  # fmt: skip
    row = next(line for line in lines if "清查致贈百歲人瑞金鎖片" in line)
    assert row == (
        "| 1 | 104年度清查人口作業 | 清查致贈百歲人瑞金鎖片，當事人不知去向者 | 100% | 100% "
        "| 已函請社會局註記，清查完畢 |  |  | 綠燈 "
        "| 解除列管：已完成，准予解除列管（民國104年4月15日） |"
    )
    stopped = next(line for line in lines if "清查職期屆滿須檢討者人數及姓名" in line)
    assert stopped.endswith("| 本年度無職期屆滿人員 |  |  | — |  |")


def test_results_show_the_evidence(runner: CliRunner, plan: Path) -> None:
    lines = render(runner, "--what", "results", "-m", "6", "--format", "md").splitlines()
    assert lines[0] == "# 臺北市中正區戶政事務所104年度重要工作計畫執行成果（上半年）"
    row = next(line for line in lines if "清查致贈百歲人瑞金鎖片" in line)
    assert row == (
        "| 1 | 104年度清查人口作業 | 清查致贈百歲人瑞金鎖片，當事人不知去向者 | 1-2月 | 100% "
        "| 民國104年3月6日 | 已函請社會局註記，清查完畢 "
        "| 北市正戶登字第1043000101號<br>北市正戶登字第1043000188號<br>docs/清查結果/百歲人瑞.pdf "
        "| 解除列管：已完成，准予解除列管（民國104年4月15日） |"
    )


def test_the_html_escapes_reported_text(runner: CliRunner, plan: Path) -> None:
    html = render(runner, "--what", "results", "-m", "6", "--format", "html")
    assert "<li>https://example.org/budget?year=104&amp;q=1</li>" in html
    assert "<script" not in html


def test_without_a_ledger_every_report_is_missing(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    office(tmp_path)
    output = render(runner, "--what", "review", "-m", "1", "--format", "md", "-s", "reg")
    assert "未填報：reg-1.1（1月）、reg-1.4（1月）" in output


@needs(*PRINTING)
@pytest.mark.parametrize(("what", "month"), REPORTS)
def test_printed_to_a4_landscape(runner: CliRunner, plan: Path, what: str, month: str) -> None:
    out = plan.parent.parent / f"{what}.pdf"
    render(runner, "--what", what, "--month", month, "--format", "pdf", "-o", str(out))
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True, check=True)
    assert re.search(r"^Page size:\s+841\.92 x 594\.96 pts \(A4\)$", info.stdout, re.MULTILINE)
    printed = [squeeze(page) for page in pages(out)]
    title = "執行情形管制考核表" if what == "review" else "執行成果（上半年）"
    assert title in printed[0]
    # Each section starts a page of its own; every task's text is printed whole.
    for section in ("登記課及資料課（戶籍登記課、戶籍資料課）", "行政庶務課", "人事"):
        assert any(page.startswith(section) for page in printed[1:]) or section in printed[0]
    assert "已提報需求" in "".join(printed)  # acc-2.1, on the 會計 page
    if what == "review":
        assert printed[0].index("落後項目") < printed[0].index("reg-1.4")
        assert "衛生局通報資料延遲" in printed[0] and "紅燈" in printed[0]
    else:
        assert "百歲人瑞.pdf" in "".join(printed)  # evidence, as listed

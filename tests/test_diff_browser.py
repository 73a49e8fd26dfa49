"""The printed 修正對照表, checked in the browser that prints it (headless Chromium) and read
back with poppler's pdfinfo/pdftotext. Skipped where they are missing, except in CI."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from planctl.cli import cli
from tests.clients import PRINTING, needs
from tests.revisions import REVISION, write_revision

pytestmark = needs(*PRINTING)


@pytest.fixture(scope="module")
def compare_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("diff")
    old, new = write_revision(folder, REVISION)
    out = folder / "修正對照表.pdf"
    result = CliRunner().invoke(
        cli, ["diff", "--format", "pdf", "-o", str(out), str(old), str(new)]
    )
    assert result.exit_code == 0, result.output
    return out


def text_of(pdf: Path) -> str:
    """In reading order, cell after cell (-raw): -layout would interleave the columns."""
    return subprocess.run(
        ["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_a4_portrait(compare_pdf: Path) -> None:
    info = subprocess.run(
        ["pdfinfo", str(compare_pdf)], capture_output=True, text=True, check=True
    ).stdout
    assert re.search(r"^Page size:\s+594\.96 x 841\.92 pts \(A4\)$", info, re.MULTILINE)


def test_title_dates_columns_and_changes_are_printed_as_text(compare_pdf: Path) -> None:
    text = squeeze(text_of(compare_pdf))
    footer = "第1頁／共2頁臺北市中正區戶政事務所104年度提升服務品質實施計畫修正對照表"
    assert footer in text  # the running footer: page, then what the document is
    assert "臺北市中正區戶政事務所104年度提升服務品質實施計畫修正對照表修正規定：" in text
    assert "修正規定：民國104年3月10日" in text and "現行規定：民國104年2月4日" in text
    assert "修正規定現行規定說明" in text
    for words in (
        "提升服務品質，強化服務效能。",
        "提升服務品質，深化服務績效。",
        "公告遷調結果並通知當事人",
        "（刪除）",
        "預定月份由1-2月改為3-4月",
        "工作內容代號由hr-4.1改為hr-4.2。",
        "共10處修正。",
    ):
        assert words in text, words


def test_month_rows_before_and_after(compare_pdf: Path) -> None:
    """reg-1.1 moved from 1-2 to 3-4: two ■ in each column; acc-1.2 and hr-1.4 one each."""
    assert text_of(compare_pdf).count("■") == 2 + 2 + 1 + 1


def test_pages_are_numbered_and_the_header_repeats(compare_pdf: Path) -> None:
    pages = text_of(compare_pdf).split("\f")[:-1]
    assert len(pages) == 2
    for number, page in enumerate(pages, 1):
        assert f"第{number}頁／共2頁" in squeeze(page)
        assert "修正規定 現行規定 說明" in page


def test_each_column_names_its_own_place(compare_pdf: Path) -> None:
    """A moved task: the new column says where it is, the old one where it was."""
    text = squeeze(text_of(compare_pdf))
    assert "工作內容acc-2.1（編號1104年度法定預算分配之申請）需求之彙整與提報" in text
    assert "工作內容acc-2.1（編號2105年度預算之籌編）需求之彙整與提報" in text

"""The printed plan and schedule as a clerk files them (issue 14), read back from the PDF that
Chromium prints: page sizes (pdfinfo), footers and page numbers (pdftotext), footnotes that
stay with their table, a sign-off row under each table."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from planctl.cli import cli
from planctl.outputs.documents.render import schedule_title
from planctl.repository.check import load_checked
from tests.clients import PRINTING, needs, pages, squeeze
from tests.conftest import PLAN_2015

pytestmark = needs(*PRINTING)

PRINTED = "1425254400"  # SOURCE_DATE_EPOCH of 2015-03-02: the footer's print date
PORTRAIT, LANDSCAPE = ("594.96", "841.92"), ("841.92", "594.96")


@pytest.fixture(scope="module")
def plan_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The whole document: the plan body and the six schedule tables, in one PDF."""
    out = tmp_path_factory.mktemp("pdf") / "plan.pdf"
    result = CliRunner(env={"SOURCE_DATE_EPOCH": PRINTED}).invoke(
        cli, ["render", "--format", "pdf", "-o", str(out), str(PLAN_2015)]
    )
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def noted_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The whole document with the editor's notes, which print only with `--notes`: each
    schedule table's notes as ※ footnotes under it."""
    out = tmp_path_factory.mktemp("pdf") / "noted.pdf"
    result = CliRunner(env={"SOURCE_DATE_EPOCH": PRINTED}).invoke(
        cli, ["render", "--format", "pdf", "--notes", "-o", str(out), str(PLAN_2015)]
    )
    assert result.exit_code == 0, result.output
    return out


def page_sizes(pdf: Path) -> list[tuple[str, str]]:
    info = subprocess.run(
        ["pdfinfo", "-l", "1000", str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    return re.findall(r"^Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts", info, re.MULTILINE)


def footer(page: str) -> str:
    return squeeze([line for line in page.splitlines() if line.strip()][-1])


def test_plan_body_portrait_then_schedules_landscape(plan_pdf: Path) -> None:
    sizes = page_sizes(plan_pdf)
    body = sizes.index(LANDSCAPE)
    assert body >= 3
    assert sizes == [PORTRAIT] * body + [LANDSCAPE] * (len(sizes) - body)
    texts = [squeeze(page) for page in pages(plan_pdf)]
    assert texts[0].startswith(
        "臺北市中正區戶政事務所104年度提升服務品質實施計畫民國104年2月4日修訂"
    )
    # The schedules part's heading (附件) opens the first landscape page, not a portrait one.
    assert texts[body].startswith("附件臺北市中正區戶政事務所(登記課及資料課)")


def test_every_page_is_numbered_and_says_what_it_is(plan_pdf: Path) -> None:
    plan = load_checked(PLAN_2015).plan
    titles = [squeeze(schedule_title(plan, table)) for _, table in plan.schedule_tables()]
    printed = pages(plan_pdf)
    sizes = page_sizes(plan_pdf)
    table = -1
    for number, (page, size) in enumerate(zip(printed, sizes, strict=True), 1):
        bottom = footer(page)
        assert f"第{number}頁／共{len(printed)}頁" in bottom
        assert bottom.endswith("民國104年2月4日修訂列印日期：民國104年3月2日")
        if size == PORTRAIT:
            assert bottom.startswith(squeeze(plan.title))
            continue
        if squeeze(page).lstrip("附件").startswith(tuple(titles)):
            table += 1
        assert bottom.startswith(titles[table]), number


def test_no_page_holds_only_footnotes(noted_pdf: Path) -> None:
    """Every page with a footnote (※n id：…) also holds a row of its table; the 政風 table's
    notes ※6–※12 used to fill a page of their own."""
    plan = load_checked(PLAN_2015).plan
    rows = {
        task.id: squeeze(task.text)[:8]
        for _, table in plan.schedule_tables()
        for item in table.items
        for task in item.tasks
    }
    noted = 0
    for page in pages(noted_pdf):
        notes = re.findall(r"^※\d+ ([a-z]+)-[\d.]+：", page, re.MULTILINE)
        if notes:
            noted += 1
            code = notes[0]
            text = squeeze(page)
            assert any(i.startswith(code + "-") and row in text for i, row in rows.items())
    assert noted >= 4


def test_a_sign_off_row_ends_every_table(plan_pdf: Path) -> None:
    texts = [squeeze(page) for page in pages(plan_pdf)]
    signed = [i for i, text in enumerate(texts) if "承辦人課長主任" in text]
    assert len(signed) == 6
    starts = [i for i, text in enumerate(texts) if "重要工作計畫作業時程管制表編號" in text]
    # The row is on the last page of each table: the page before the next table starts.
    assert signed == [start - 1 for start in starts[1:]] + [len(texts) - 1]


def test_the_plan_alone_is_numbered_on_portrait_paper(tmp_path: Path) -> None:
    """(The schedule alone: test_render_browser.test_a4_landscape.)"""
    what, size = "plan", PORTRAIT
    out = tmp_path / f"{what}.pdf"
    result = CliRunner(env={"SOURCE_DATE_EPOCH": PRINTED}).invoke(
        cli, ["render", "--format", "pdf", "--what", what, "-o", str(out), str(PLAN_2015)]
    )
    assert result.exit_code == 0, result.output
    sizes = page_sizes(out)
    assert set(sizes) == {size}
    for number, page in enumerate(pages(out), 1):
        assert f"第{number}頁／共{len(sizes)}頁" in footer(page)

"""The printed schedule, checked in a real browser: headless Chromium (Debian's package),
poppler's pdfinfo/pdftotext, and Playwright driving the same Chromium for measurements.

Skipped where Chromium or poppler is missing, except in CI (tests/clients.py, `insisted`),
where a missing browser is a failure.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from planctl.cli import cli
from planctl.outputs.documents.render import render, schedule_title
from planctl.repository.check import load_checked
from tests.clients import PRINTING, needs, pages, squeeze
from tests.conftest import PLAN_2015

pytestmark = needs(*PRINTING)
A4_LANDSCAPE_MM = (297, 210)
MARGIN_MM = 12  # left and right margins of the landscape pages in outputs/templates/style.css
PORTRAIT_MARGIN_MM = 15  # and of the portrait pages of the plan body


@pytest.fixture(scope="module")
def schedule_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("pdf") / "schedule.pdf"
    result = CliRunner().invoke(
        cli, ["render", "--format", "pdf", "--what", "schedule", "-o", str(out), str(PLAN_2015)]
    )
    assert result.exit_code == 0, result.output
    return out


def test_a4_landscape(schedule_pdf: Path) -> None:
    info = subprocess.run(
        ["pdfinfo", str(schedule_pdf)], capture_output=True, text=True, check=True
    ).stdout
    assert re.search(r"^Page size:\s+841\.92 x 594\.96 pts \(A4\)$", info, re.MULTILINE)
    every = subprocess.run(
        ["pdfinfo", "-l", "1000", str(schedule_pdf)], capture_output=True, text=True, check=True
    ).stdout
    sizes = re.findall(r"^Page\s+\d+ size:\s+(.+)$", every, re.MULTILINE)
    assert len(sizes) > 6 and set(sizes) == {"841.92 x 594.96 pts (A4)"}
    for number, page in enumerate(pages(schedule_pdf), 1):  # numbered in the footer
        assert f"第{number}頁／共{len(sizes)}頁" in squeeze(page)


def test_every_section_title_is_real_text(schedule_pdf: Path) -> None:
    plan = load_checked(PLAN_2015).plan
    text = squeeze("".join(pages(schedule_pdf)))
    titles = [table.title for _, table in plan.schedule_tables()]
    assert len(titles) == 6
    for title in titles:
        assert squeeze(title or "") in text


def test_marks_are_all_there(schedule_pdf: Path) -> None:
    """Every ■ of every task is printed, and no other (the row notes that quote ■ are an
    editor's, not printed without --notes)."""
    plan = load_checked(PLAN_2015).plan
    tasks = [task for _, table in plan.schedule_tables() for i in table.items for task in i.tasks]
    marks = sum(len(task.month_numbers) for task in tasks)
    assert "".join(pages(schedule_pdf)).count("■") == marks


def test_each_section_starts_a_page_and_continued_tables_repeat_the_header(
    schedule_pdf: Path,
) -> None:
    plan = load_checked(PLAN_2015).plan
    texts = [squeeze(page) for page in pages(schedule_pdf)]
    titles = [squeeze(schedule_title(plan, table)) for _, table in plan.schedule_tables()]
    starts = [i for i, page in enumerate(texts) if page.startswith(tuple(titles))]
    assert len(starts) == 6 and starts[0] == 0
    for _, table in plan.schedule_tables():  # a title is at the top of its page
        assert any(page.startswith(squeeze(table.title or "")) for page in texts)
    rows = [
        squeeze(t.text)[:8] for _, tb in plan.schedule_tables() for i in tb.items for t in i.tasks
    ]
    continued = [
        page for i, page in enumerate(texts) if i not in starts and any(row in page for row in rows)
    ]
    assert continued, "the bundled plan has tables longer than a page"
    for page in continued:
        assert "編號" in page and "工作內容" in page and "預定作業時程104年度" in page


def table_widths(html: str, page_mm: float, margin_mm: float, selector: str) -> list[list[int]]:
    """[right edge, scrollWidth, clientWidth] of each table `selector` picks, laid out in
    Chromium with print media at the printable width of a page `page_mm` wide; and the width."""
    from playwright import sync_api  # a test dependency (pyproject, [test])

    printable_px = round((page_mm - 2 * margin_mm) / 25.4 * 96)
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=shutil.which("chromium"),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        page = browser.new_page(viewport={"width": printable_px, "height": 800})
        page.emulate_media(media="print")
        page.set_content(html)
        widths: list[list[int]] = page.evaluate(
            f"() => [...document.querySelectorAll({selector!r})].map(t => "
            "[t.getBoundingClientRect().right, t.scrollWidth, t.clientWidth])"
        )
        browser.close()
    return [[printable_px, *width] for width in widths]


def test_no_table_is_wider_than_the_page() -> None:
    """The schedules at the printable width of A4 landscape, the strategy table (in the
    plan body) at that of A4 portrait."""
    plan = load_checked(PLAN_2015).plan
    html = render(plan, "html")
    schedules = table_widths(html, A4_LANDSCAPE_MM[0], MARGIN_MM, ".schedule table:not(.signoff)")
    strategies = table_widths(html, A4_LANDSCAPE_MM[1], PORTRAIT_MARGIN_MM, "table.strategies")
    assert (len(schedules), len(strategies)) == (6, 1)
    for printable_px, right, scroll_width, client_width in schedules + strategies:
        assert right <= printable_px
        assert scroll_width <= client_width


def test_a_pdf_to_stdout_when_it_is_not_a_terminal(schedule_pdf: Path, tmp_path: Path) -> None:
    """`-o -` with stdout a pipe or a file: the same PDF as with -o FILE."""
    result = CliRunner().invoke(
        cli, ["render", "--format", "pdf", "--what", "schedule", "-o", "-", str(PLAN_2015)]
    )
    warnings = len(load_checked(PLAN_2015).warnings)  # counted on stderr, never in the PDF
    counted = f"planctl: {warnings} warnings; planctl check {PLAN_2015} for details\n"
    assert (result.exit_code, result.stderr) == (0, counted)
    assert result.stdout_bytes.startswith(b"%PDF-")
    piped = tmp_path / "piped.pdf"
    piped.write_bytes(result.stdout_bytes)
    assert pages(piped) == pages(schedule_pdf)

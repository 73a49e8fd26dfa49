"""The printed schedule, checked in a real browser: headless Chromium (Debian's package),
poppler's pdfinfo/pdftotext, and Playwright driving the same Chromium for measurements.

Skipped where Chromium or poppler is missing, except in CI (PLANCTL_REQUIRE_BROWSER=1, set
by .ci/run after it installs them), where a missing browser is a failure.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from planctl.cli import cli
from planctl.outputs.render import render
from planctl.plan.load import load_valid
from tests.conftest import PLAN_2015

REQUIRED = os.environ.get("PLANCTL_REQUIRE_BROWSER") == "1"
MISSING = [tool for tool in ("chromium", "pdfinfo", "pdftotext") if not shutil.which(tool)]
pytestmark = pytest.mark.skipif(
    bool(MISSING) and not REQUIRED, reason=f"not installed: {', '.join(MISSING)}"
)
A4_LANDSCAPE_MM = (297, 210)
MARGIN_MM = 12  # left and right @page margins in outputs/templates/style.css


@pytest.fixture(scope="module")
def schedule_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("pdf") / "schedule.pdf"
    result = CliRunner().invoke(
        cli, ["render", "--format", "pdf", "--what", "schedule", "-o", str(out), str(PLAN_2015)]
    )
    assert result.exit_code == 0, result.output
    return out


def pages(pdf: Path) -> list[str]:
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return text.split("\f")[:-1]


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_a4_landscape(schedule_pdf: Path) -> None:
    info = subprocess.run(
        ["pdfinfo", str(schedule_pdf)], capture_output=True, text=True, check=True
    ).stdout
    assert re.search(r"^Page size:\s+841\.92 x 594\.96 pts \(A4\)$", info, re.MULTILINE)


def test_every_section_title_is_real_text(schedule_pdf: Path) -> None:
    plan, _ = load_valid(PLAN_2015)
    text = squeeze("".join(pages(schedule_pdf)))
    titles = [table.title for _, table in plan.schedule_tables()]
    assert len(titles) == 6
    for title in titles:
        assert squeeze(title or "") in text


def test_marks_are_all_there(schedule_pdf: Path) -> None:
    """Every ■ of every task is printed (plus those quoted in the row notes)."""
    plan, _ = load_valid(PLAN_2015)
    tasks = [task for _, table in plan.schedule_tables() for i in table.items for task in i.tasks]
    marks = sum(len(task.month_numbers) for task in tasks)
    in_notes = sum((task.note or "").count("■") for task in tasks)
    assert "".join(pages(schedule_pdf)).count("■") == marks + in_notes


def test_each_section_starts_a_page_and_continued_tables_repeat_the_header(
    schedule_pdf: Path,
) -> None:
    plan, _ = load_valid(PLAN_2015)
    texts = [squeeze(page) for page in pages(schedule_pdf)]
    starts = [i for i, page in enumerate(texts) if "作業時程管制表" in page]
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


def test_no_table_is_wider_than_the_page() -> None:
    """Measured in Chromium with print media at the printable width of A4 landscape."""
    sync_api = pytest.importorskip("playwright.sync_api")
    plan, _ = load_valid(PLAN_2015)
    html = render(plan, "html")
    printable_px = round((A4_LANDSCAPE_MM[0] - 2 * MARGIN_MM) / 25.4 * 96)
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=shutil.which("chromium"),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        page = browser.new_page(viewport={"width": printable_px, "height": 800})
        page.emulate_media(media="print")
        page.set_content(html)
        widths = page.evaluate(
            "() => [...document.querySelectorAll('table')].map(t => "
            "[t.getBoundingClientRect().right, t.scrollWidth, t.clientWidth])"
        )
        browser.close()
    assert len(widths) == 7  # the strategy table and six schedules
    for right, scroll_width, client_width in widths:
        assert right <= printable_px
        assert scroll_width <= client_width


def test_a_pdf_to_stdout_when_it_is_not_a_terminal(schedule_pdf: Path, tmp_path: Path) -> None:
    """`-o -` with stdout a pipe or a file: the same PDF as with -o FILE."""
    result = CliRunner().invoke(
        cli, ["render", "--format", "pdf", "--what", "schedule", "-o", "-", str(PLAN_2015)]
    )
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout_bytes.startswith(b"%PDF-")
    piped = tmp_path / "piped.pdf"
    piped.write_bytes(result.stdout_bytes)
    assert pages(piped) == pages(schedule_pdf)

"""The web desk in a real browser: Playwright drives Debian's Chromium against
`planctl serve` on waitress, on a free loopback port. The screenshots of docs/guide.md are
taken here (written to docs/img/ when PLANCTL_GUIDE_IMAGES names that folder).

Skipped where Chromium is missing, except in CI (tests/clients.py)."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from planctl.cli import cli
from tests.clients import needs, squeeze
from tests.web_helpers import PASSWORD, make_repository, served

pytestmark = needs("chromium", "pdftotext")
CHROMIUM_ZH_TW = Path("/usr/lib/chromium/locales/zh-TW.pak")
"""Debian's Chromium's words in Traditional Chinese (package chromium-l10n)."""


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_repository(tmp_path_factory.mktemp("desk") / "repo")


@pytest.fixture(scope="module")
def base(repo: Path) -> Iterator[str]:
    with served(repo) as address:
        yield address


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright import sync_api  # a test dependency (pyproject, [test])

    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=shutil.which("chromium"),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
            env={**os.environ, "LANGUAGE": "zh_TW"},  # its own words in Chinese: 年/月/日
        )
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1100, "height": 900}, locale="zh-TW")
    opened = context.new_page()
    yield opened
    context.close()


def shot(page: Any, name: str) -> None:
    """A screenshot for docs/guide.md (docs/img/NAME.png when asked for). Chromium shows the
    browser's own words (a date field's 年/月/日) in Chinese only with its zh-TW
    translations, Debian's chromium-l10n; without them it would show mm/dd/yyyy."""
    folder = os.environ.get("PLANCTL_GUIDE_IMAGES")
    if folder:
        if not CHROMIUM_ZH_TW.exists():
            pytest.fail(f"no {CHROMIUM_ZH_TW}: apt-get install chromium-l10n")
        page.screenshot(path=str(Path(folder) / f"{name}.png"))


def log_in(page: Any, base: str, name: str) -> None:
    """Log in with the keyboard only: the name field has the focus, Tab, Enter."""
    page.goto(base + "/")
    assert page.url == base + "/login"
    page.wait_for_function("document.activeElement && document.activeElement.name === 'name'")
    page.keyboard.type(name)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    if name == "clerk":
        shot(page, "desk-login")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator(".who").inner_text().startswith(name)


def entries(repo: Path) -> list[dict[str, Any]]:
    path = repo / "progress" / "2015.yaml"
    if not path.exists():
        return []
    return list(yaml.safe_load(path.read_text(encoding="utf-8"))["entries"] or [])


def tab_to(page: Any, selector: str, limit: int = 12) -> None:
    """Press Tab until the element `selector` has the focus."""
    for _ in range(limit):
        if page.evaluate(f"document.activeElement.matches({selector!r})"):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {selector}")


def test_a_unit_reports_with_the_keyboard_and_the_ledger_has_it(
    page: Any, base: str, repo: Path
) -> None:
    log_in(page, base, "clerk")
    shot(page, "desk-dashboard")
    page.get_by_role("link", name="戶籍登記課填報").click()
    assert page.locator("h1").inner_text() == "戶籍登記課：3月填報"
    unlabelled = page.evaluate(
        "[...document.querySelectorAll('form.report :is(input, textarea, select)')]"
        ".filter(e => e.type !== 'hidden' && e.labels.length === 0).map(e => e.name)"
    )
    assert unlabelled == []
    page.locator("#t-reg-1\\.2 a", has_text="歷次填報").focus()
    page.keyboard.press("Tab")  # the checked status: 辦理中
    tab_to(page, "#reg-1\\.2-percent")
    page.keyboard.type("50")
    page.keyboard.press("Tab")
    page.keyboard.type("已清查半數，續辦中")
    tab_to(page, "#reg-1\\.2-evidence")
    page.keyboard.type("北市正戶登字第1043000123號")
    tab_to(page, "#t-reg-1\\.2 button[type=submit]")
    shot(page, "desk-report-form")
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    assert page.locator(".flash").inner_text().startswith("已儲存 reg-1.2 3月的填報（reg-1.2-m03-")
    [entry] = entries(repo)
    assert (entry["task"], entry["percent"], entry["evidence"]) == (
        "reg-1.2",
        50,
        ["北市正戶登字第1043000123號"],
    )
    checked = CliRunner().invoke(cli, ["check", str(repo / "plans" / "2015.yaml")])
    assert checked.exit_code == 0, checked.output
    shot(page, "desk-saved")


def test_a_behind_report_without_a_reason_shows_the_error_by_the_field(
    page: Any, base: str, repo: Path
) -> None:
    log_in(page, base, "clerk")
    page.goto(base + "/p/0/unit/戶籍登記課/?month=3")
    before = entries(repo)
    page.fill("#reg-1\\.4-percent", "10")
    page.fill("#reg-1\\.4-text", "死亡通報延遲")
    page.locator("#t-reg-1\\.4 button[type=submit]").click()
    error = page.locator("#reg-1\\.4-reason-error")
    assert error.is_visible()
    assert error.inner_text().startswith("進度落後（預定 25%，實際 10%）：請填寫落後原因及因應對策")
    field = page.locator("#reg-1\\.4-reason").bounding_box()
    below = error.bounding_box()
    assert 0 <= below["y"] - (field["y"] + field["height"]) < 40  # right under its field
    assert page.locator("#reg-1\\.4-text").input_value() == "死亡通報延遲"  # nothing retyped
    page.locator("#t-reg-1\\.4").scroll_into_view_if_needed()
    shot(page, "desk-behind-error")
    assert entries(repo) == before


def test_a_script_in_a_report_is_text(page: Any, base: str, repo: Path) -> None:
    log_in(page, base, "clerk")
    page.goto(base + "/p/0/unit/戶籍登記課/?month=3")
    hostile = "<script>document.title='pwned'</script><b>粗</b>"
    page.fill("#reg-1\\.5-percent", "50")
    page.fill("#reg-1\\.5-text", hostile)
    page.locator("#t-reg-1\\.5 button[type=submit]").click()
    page.wait_for_load_state()
    assert page.title() != "pwned"
    assert hostile in page.locator("#t-reg-1\\.5 .latest").inner_text()
    assert page.locator("#t-reg-1\\.5 .latest b").count() == 0


def test_a_reporter_cannot_see_or_post_another_units_form(page: Any, base: str, repo: Path) -> None:
    log_in(page, base, "clerk")
    page.goto(base + "/p/0/unit/會計/?month=3")
    assert page.locator("form.report").count() == 0
    page.goto(base + "/p/0/unit/戶籍登記課/?month=3")
    csrf = page.locator("form.report input[name=csrf_token]").first.input_value()
    before = entries(repo)
    form = {"status": "辦理中", "percent": "50", "text": "x", "csrf_token": csrf}
    refused = page.request.post(base + "/p/0/unit/會計/task/acc-2.2?month=3", form=form)
    assert refused.status == 403
    without = {key: value for key, value in form.items() if key != "csrf_token"}
    url = base + "/p/0/unit/戶籍登記課/task/reg-2.1?month=3"
    assert page.request.post(url, form=without).status == 400
    assert entries(repo) == before


def test_the_light_changes_on_the_dashboard(page: Any, base: str) -> None:
    log_in(page, base, "ethics")
    page.goto(base + "/p/0/?month=2")
    row = page.locator("table.sections tbody tr", has_text="政風")
    assert row.locator(".light").inner_text() == "紅燈"
    assert row.locator(".light").evaluate("e => getComputedStyle(e).color") == "rgb(161, 15, 15)"
    page.goto(base + "/p/0/unit/政風/?month=2")
    page.locator("#t-eth-10\\.1 input[value=已完成]").check()
    page.fill("#eth-10\\.1-text", "已辦理廉政宣導")
    page.locator("#t-eth-10\\.1 button[type=submit]").click()
    page.goto(base + "/p/0/?month=2")
    assert row.locator(".light").inner_text() == "綠燈"
    assert row.locator(".light").evaluate("e => getComputedStyle(e).color") == "rgb(13, 107, 34)"


def test_the_reviewer_reviews_and_prints_the_review(page: Any, base: str, repo: Path) -> None:
    log_in(page, base, "yankao")
    page.get_by_role("link", name="研考審核").click()
    section = page.locator("#r-reg-1\\.2")
    section.locator("input[value=解除列管]").check()
    section.locator("textarea[name=note]").fill("已依進度辦理")
    section.scroll_into_view_if_needed()
    shot(page, "desk-review")
    section.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator(".flash").inner_text() == "已記錄 reg-1.2 3月：解除列管"
    reviewed = [entry for entry in entries(repo) if entry.get("review")]
    assert [(e["task"], e["review"]["decision"]) for e in reviewed] == [("reg-1.2", "解除列管")]
    page.goto(base + "/p/0/?month=3")
    with page.expect_download() as download:
        page.get_by_role("link", name="管考報告（PDF）").click()
    saved = repo.parent / "review.pdf"
    download.value.save_as(saved)
    assert saved.read_bytes().startswith(b"%PDF")
    text = subprocess.run(
        ["pdftotext", str(saved), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "解除列管：已依進度辦" in squeeze(text)  # a table cell: the note wraps


def test_a_narrow_screen_needs_no_sideways_scrolling(browser: Any, base: str) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 800}, locale="zh-TW")
    page = context.new_page()
    log_in(page, base, "clerk")
    page.goto(base + "/p/0/unit/戶籍登記課/?month=3")
    width = page.evaluate("document.documentElement.scrollWidth")
    shot(page, "desk-phone")
    context.close()
    assert width <= 375

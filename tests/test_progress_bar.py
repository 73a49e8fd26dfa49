"""Long work shows progress on stderr — only on a terminal, never when piped or with --quiet."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from planctl.cli import cli
from planctl.cli.present import MANY_FILES
from tests.clients import needs
from tests.conftest import MINIMAL, PLAN_2015, on_a_terminal


@pytest.fixture
def many_plans(tmp_path: Path) -> Path:
    """As many plans as it takes to show a bar, each of another office (one office's two plans
    for one year would be PC410)."""
    text = MINIMAL.read_text(encoding="utf-8")
    for number in range(MANY_FILES):
        office = text.replace("office: 臺北市測試區", f"office: 臺北市測試{number}區")
        (tmp_path / f"plan-{number:02}.yaml").write_text(office, encoding="utf-8")
    return tmp_path


def test_check_over_many_files_shows_a_bar_on_a_terminal(many_plans: Path) -> None:
    shown = on_a_terminal("check", str(many_plans))
    assert "checking plan files" in shown
    assert f"{MANY_FILES}/{MANY_FILES}" in shown
    assert shown.endswith(f"{MANY_FILES} files checked: no problems\r\n")


def test_no_bar_with_quiet_or_few_files_or_when_piped(many_plans: Path, runner: CliRunner) -> None:
    assert "checking plan files" not in on_a_terminal("check", "--quiet", str(many_plans))
    assert "checking plan files" not in on_a_terminal("check", str(PLAN_2015))
    result = runner.invoke(cli, ["check", str(many_plans)])
    assert result.stderr == f"{MANY_FILES} files checked: no problems\n"


@needs("chromium")
def test_pdf_printing_shows_a_spinner_on_a_terminal(tmp_path: Path) -> None:
    out = tmp_path / "hr.pdf"
    shown = on_a_terminal("render", "--format", "pdf", "-s", "hr", "-o", str(out), str(MINIMAL))
    assert "printing the PDF with Chromium" in shown
    assert shown.endswith(f"planctl: wrote {out}\r\n")
    out = tmp_path / "hr.html"  # --quiet: nothing at all (the spinner's gate is shared)
    assert on_a_terminal("render", "-q", "--format", "html", "-o", str(out), str(MINIMAL)) == ""
    assert out.stat().st_size > 0

"""`planctl render`: Markdown and HTML snapshots, escaping, templates, safe output files."""

from __future__ import annotations

import os
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from planctl.cli import cli
from tests.conftest import MINIMAL, PLAN_2015, TESTS

SNAPSHOTS = TESTS / "snapshots"
HOSTILE = "a | b <script>alert(1)</script> & [x](y) *bold* `code`"


def render(runner: CliRunner, *args: str) -> str:
    result = runner.invoke(cli, ["render", *args])
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_snapshot(runner: CliRunner, fmt: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The whole bundled plan; refresh with PLANCTL_UPDATE_SNAPSHOTS=1 after a wanted change.
    SOURCE_DATE_EPOCH fixes the print date in the HTML footer (2015-03-02)."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1425254400")
    output = render(runner, "--format", fmt, str(PLAN_2015))
    snapshot = SNAPSHOTS / f"2015.{fmt}"
    if os.environ.get("PLANCTL_UPDATE_SNAPSHOTS"):
        snapshot.write_text(output, encoding="utf-8")
    assert output == snapshot.read_text(encoding="utf-8")


def test_markdown_schedule_rows(runner: CliRunner) -> None:
    output = render(runner, "--format", "md", "--what", "schedule", "-s", "人事", str(PLAN_2015))
    lines = output.splitlines()
    assert lines[0] == "## 臺北市中正區戶政事務所(人事)104年度重要工作計畫作業時程管制表"
    assert (
        lines[2]
        == "| 編號 | 計畫項目 | 工作內容 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10 | 11 | 12 |"
    )
    assert lines[4] == (
        "| 1 | 本所課室主管以上人員遷調及非主管人員遷調案 | 清查職期屆滿須檢討者人數及姓名 "
        "| ■ | ■ |  |  |  |  |  |  |  |  |  |  |"
    )
    assert lines[5].startswith("|  |  | 檢討職期屆滿者是否連任、延長任期或辦理遷調 |  | ■ | ■ |")


def _cells(line: str) -> int:
    return len(re.split(r"(?<!\\)\|", line)) - 2


def test_markdown_tables_are_valid(runner: CliRunner) -> None:
    """Every row of every table has as many cells as its header."""
    output = render(runner, "--format", "md", str(PLAN_2015))
    width = 0
    for line in output.splitlines():
        if not line.startswith("|"):
            width = 0
            continue
        width = width or _cells(line)
        assert _cells(line) == width, line


def _hostile_plan(tmp_path: Path) -> Path:
    text = MINIMAL.read_text(encoding="utf-8")
    for old in ("text: 辦理文康活動", "name: 門牌", "text: 提升服務品質。", "text: 服務標示。"):
        key = old.split(":")[0]
        text = text.replace(old, f'{key}: "{HOSTILE}\\nline two"')
    path = tmp_path / "hostile.yaml"
    path.write_text(text, encoding="utf-8")
    return path


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()

    def handle_starttag(self, tag: str, attrs: object) -> None:
        self.tags.add(tag)


def test_html_shows_plan_text_as_text(runner: CliRunner, tmp_path: Path) -> None:
    output = render(runner, "--format", "html", str(_hostile_plan(tmp_path)))
    parser = _Elements()
    parser.feed(output)
    assert "script" not in parser.tags
    assert "a | b &lt;script&gt;alert(1)&lt;/script&gt; &amp; [x](y) *bold* `code`" in output


def test_markdown_shows_plan_text_as_text(runner: CliRunner, tmp_path: Path) -> None:
    output = render(runner, "--format", "md", str(_hostile_plan(tmp_path)))
    escaped = r"a \| b &lt;script&gt;alert(1)&lt;/script&gt; &amp; \[x\](y) \*bold\* \`code\`"
    assert f"{escaped}<br>line two" in output
    assert "<script>" not in output
    rows = [line for line in output.splitlines() if line.startswith("| 2 | a \\|")]
    assert [_cells(row) for row in rows] == [15]


def test_user_templates_extend_the_defaults(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text(
        '{% extends "default:page.html" %}{% block title %}中正所管制表{% endblock %}',
        encoding="utf-8",
    )
    output = render(
        runner, "--format", "html", "--what", "schedule", "--templates", str(tmp_path), str(MINIMAL)
    )
    assert "<title>中正所管制表</title>" in output
    assert "臺北市測試區戶政事務所(人事)104年度重要工作計畫作業時程管制表" in output


def test_output_file_is_written_whole(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "plan.md"
    result = runner.invoke(cli, ["render", "--format", "md", "-o", str(out), str(MINIMAL)])
    assert result.exit_code == 0
    assert result.stderr == f"planctl: wrote {out}\n"
    assert out.read_text(encoding="utf-8") == render(runner, "--format", "md", str(MINIMAL))
    assert [p.name for p in tmp_path.iterdir()] == ["plan.md"]  # no temporary file left


def test_refuses_to_overwrite_the_input_plan(runner: CliRunner, tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(MINIMAL.read_text(encoding="utf-8"), encoding="utf-8")
    result = runner.invoke(cli, ["render", "-o", str(plan), str(plan)])
    assert result.exit_code == 2
    assert result.stderr == (
        f"planctl: {plan}: is an input plan file; choose another output file\n"
    )
    assert plan.read_text(encoding="utf-8") == MINIMAL.read_text(encoding="utf-8")


def test_pdf_needs_an_output_file(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["render", "--format", "pdf", str(MINIMAL)])
    assert result.exit_code == 2
    assert result.stderr == (
        "planctl: --format pdf needs -o FILE (a PDF is not for the terminal)\n"
    )


def test_pdf_without_chromium_says_what_to_install(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(
        cli,
        ["render", "--format", "pdf", "-o", str(tmp_path / "x.pdf"), str(MINIMAL)],
        env={"PLANCTL_CHROMIUM": "/nonexistent/chromium"},
    )
    assert result.exit_code == 2
    assert result.stderr == (
        "planctl: PDF needs Chromium: install it (Debian: apt-get install chromium "
        "fonts-noto-cjk) or set PLANCTL_CHROMIUM to its path\n"
    )
    assert not (tmp_path / "x.pdf").exists()


def test_one_plan_at_a_time(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["render", str(MINIMAL), str(PLAN_2015)])
    assert (result.exit_code, result.stderr) == (2, "planctl: render takes one plan file; got 2\n")


def test_a_broken_user_template_is_one_line(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text("line one\n{% if %}\n", encoding="utf-8")
    result = runner.invoke(
        cli, ["render", "--format", "html", "--templates", str(tmp_path), str(MINIMAL)]
    )
    assert result.exit_code == 2
    assert result.stderr == (
        f"planctl: {tmp_path / 'page.html'}:2:1: template syntax error: "
        "Expected an expression, got 'end of statement block'\n"
    )


def plan_with(tmp_path: Path, top_level: str, title: str | None = None) -> str:
    text = MINIMAL.read_text(encoding="utf-8") + top_level
    if title is not None:
        text = re.sub(r"^title: .*$", f"title: {title}", text, count=1, flags=re.MULTILINE)
    plan = tmp_path / "plan.yaml"
    plan.write_text(text, encoding="utf-8")
    return str(plan)


def signoff_rows(html: str) -> list[str]:
    return re.findall(r'<table class="signoff">\n<tr>(.*?)</tr>', html)


def test_each_schedule_table_has_a_sign_off_row(runner: CliRunner, tmp_path: Path) -> None:
    html = render(runner, "--format", "html", "--what", "schedule", str(PLAN_2015))
    assert (
        signoff_rows(html)
        == ["<th>承辦人</th><td></td><th>課長</th><td></td><th>主任</th><td></td>"] * 6
    )
    own = plan_with(tmp_path, "signoff: [承辦人, 股長, 秘書, 主任]\n")
    html = render(runner, "--format", "html", own)
    tables = html.count('<section class="schedule ')
    assert tables >= 1
    cells = "".join(f"<th>{title}</th><td></td>" for title in ("承辦人", "股長", "秘書", "主任"))
    assert signoff_rows(html) == [cells] * tables
    none = plan_with(tmp_path, "signoff: []\n")
    assert signoff_rows(render(runner, "--format", "html", none)) == []


def test_footer_text_cannot_break_out_of_the_style(runner: CliRunner, tmp_path: Path) -> None:
    plan = plan_with(tmp_path, "", title="'測試\\\" }</style><script>x</script>'")
    html = render(runner, "--format", "html", plan)
    style = html.split("<style>", 1)[1].split("</style>", 1)[0]
    assert "<" not in style and "\\" + "00003c" in style
    assert html.count("</style>") == 1 and "<script>" not in html


def test_footer_has_the_revision_and_the_print_date(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1425254400")
    html = render(runner, "--format", "html", str(PLAN_2015))
    assert '"第 " counter(page) " 頁／共 " counter(pages) " 頁"' in html
    expected = "民國104年2月4日修訂　列印日期：民國104年3月2日"
    escaped = "".join(c if c.isalnum() else f"\\{ord(c):06x}" for c in expected)
    assert f'@bottom-right {{\n    content: "{escaped}";' in html

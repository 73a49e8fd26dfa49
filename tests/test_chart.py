"""The 預定/實際進度 S-curve as SVG (issue 20), parsed back: its points, its words for a reader
without the picture, its escaping, and the charts in `render --what review`, on screen and
printed."""

from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ET
from datetime import date
from fractions import Fraction as F
from pathlib import Path

import pytest
from click.testing import CliRunner

from planctl.cli import cli
from planctl.outputs.chart import s_curve_svg
from planctl.progress.load import parse_ledger
from planctl.queries.dashboard import Curve, dashboard
from planctl.repository.check import load_checked
from tests.clients import PRINTING, needs, pages, squeeze
from tests.conftest import PLAN_2015, TESTS
from tests.progress_helpers import office

SVG = "{http://www.w3.org/2000/svg}"
LEDGER = TESTS / "ledgers" / "2015.yaml"


@pytest.fixture(scope="module")
def march() -> Curve:
    """The office's curve at March 2015, as of 20 April (tests/test_dashboard.py has its
    values)."""
    plan = load_checked(PLAN_2015).plan
    ledger = parse_ledger(LEDGER.read_text(encoding="utf-8"), str(LEDGER))
    return dashboard(plan, ledger, 3, date(2015, 4, 20)).curves.office


def draw(curve: Curve) -> ET.Element:
    return ET.fromstring(s_curve_svg(curve.key, curve.label, curve.planned, curve.actual))


def points(root: ET.Element, kind: str) -> list[tuple[float, float]]:
    (line,) = root.findall(f".//{SVG}polyline[@class='{kind}']")
    pairs = [pair.split(",") for pair in line.get("points", "").split()]
    return [(float(x), float(y)) for x, y in pairs]


def texts(root: ET.Element) -> list[str]:
    return [element.text or "" for element in root.iter(f"{SVG}text")]


def expected(values: tuple[F, ...]) -> list[tuple[float, float]]:
    """Month 1 at x 56 to month 12 at x 624; 0 % at y 250 to 100 % at y 40."""
    return [
        (round(56 + (m - 1) * 568 / 11, 1), round(250 - float(v) * 210, 1))
        for m, v in enumerate(values, 1)
    ]


def test_the_points_are_the_curve(march: Curve) -> None:
    root = draw(march)
    planned, actual = points(root, "planned"), points(root, "actual")
    assert planned == expected(march.planned)
    assert planned[0] == (56, 222.6) and planned[-1] == (624, 40)  # 83/636 ≈ 13 %; 100 %
    assert actual == [(56, 247.8), (107.6, 243.7), (159.3, 239.7)]
    dots = [(float(c.get("cx", "")), float(c.get("cy", ""))) for c in root.iter(f"{SVG}circle")]
    assert dots[:3] == actual  # then the legend's dot
    hover = [c.findtext(f"{SVG}title") for c in root.iter(f"{SVG}circle")][:3]
    assert hover == ["1月 實際進度 1%", "2月 實際進度 3%", "3月 實際進度 4.9%"]


def test_it_says_what_it_shows_in_words(march: Curve) -> None:
    root = draw(march)
    assert root.get("role") == "img"
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert title is not None and desc is not None
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert title.text == "臺北市中正區戶政事務所：預定進度與實際進度"
    assert desc.text == "3月止預定進度 30.6%、實際進度 4.9%；預定進度：12月 100%"
    shown = texts(root)
    assert {"月份", "進度(%)", "預定進度", "實際進度"} <= set(shown)
    assert [t for t in shown if t.isdigit()] == [
        *map(str, range(0, 101, 20)),
        *map(str, range(1, 13)),
    ]


def test_it_reads_in_black_and_white(march: Curve) -> None:
    """Planned dashed, actual solid, in the plot and in the legend alike."""
    root = draw(march)
    (planned,) = root.findall(f".//{SVG}polyline[@class='planned']")
    (actual,) = root.findall(f".//{SVG}polyline[@class='actual']")
    assert planned.get("stroke-dasharray") == "7 5"
    assert actual.get("stroke-dasharray") is None
    legend = root.find(f"{SVG}g[@class='legend']")
    assert legend is not None
    samples = [line.get("stroke-dasharray") for line in legend.iter(f"{SVG}line")]
    assert samples == ["7 5", None]


def test_the_plans_text_is_escaped() -> None:
    label = '<script>alert("x")</script> & 課'
    curve = Curve('a b"<>&課', label, (F(1, 2),) * 12, ())
    root = draw(curve)  # parses: nothing of the label or key is markup
    assert root.findtext(f"{SVG}title") == f"{label}：預定進度與實際進度"
    ident = root.get("aria-labelledby", "").split()
    assert len(ident) == 2 and all(re.fullmatch(r"[\w-]+", i) for i in ident)
    assert [e.get("id") for e in root.iter() if e.get("id")] == ident
    assert root.findtext(f"{SVG}desc") == "尚無實際進度；預定進度：12月 50%"
    assert points(root, "actual") == [] and root.find(f"{SVG}circle") is None


@pytest.fixture
def plan(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    plan_file = office(tmp_path)
    (tmp_path / "progress").mkdir()
    shutil.copyfile(LEDGER, tmp_path / "progress" / "2015.yaml")
    return plan_file


def render(runner: CliRunner, *args: str) -> str:
    args = ("render", "--what", "review", "-m", "3", "--as-of", "2015-04-20", *args)
    result = runner.invoke(cli, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def test_the_review_draws_the_office_then_each_section(runner: CliRunner, plan: Path) -> None:
    html = render(runner, "--format", "html")
    charts = [ET.fromstring(svg) for svg in re.findall(r"<svg .*?</svg>", html, re.DOTALL)]
    titles = [chart.findtext(f"{SVG}title") for chart in charts]
    sections = ["登記課及資料課", "行政庶務課", "資訊", "會計", "政風", "人事"]
    assert titles == [
        f"{name}：預定進度與實際進度" for name in ["臺北市中正區戶政事務所", *sections]
    ]
    assert len(points(charts[1], "actual")) == 3
    assert html.index("<svg") < html.index("落後項目")


def test_the_markdown_review_gives_the_curves_figures(runner: CliRunner, plan: Path) -> None:
    lines = render(runner, "--format", "md").splitlines()
    start = lines.index("## 全所預定／實際進度（全年度累計）")
    assert lines[start + 2 : start + 6] == [
        "| 進度 | " + " | ".join(f"{m}月" for m in range(1, 13)) + " |",
        "|---|" + "--:|" * 12,
        "| 預定進度 | 13.1% | 23.1% | 30.6% | 38.8% | 44.1% | 54.1% | 65.8% | 74.6% | 83.5% "
        "| 89.9% | 95.3% | 100% |",
        "| 實際進度 | 1% | 3% | 4.9% |" + "  |" * 9,
    ]
    section = lines.index("## 資訊")
    assert lines[section + 7] == "| 實際進度 | 0% | 0% | 0% |" + "  |" * 9
    assert not any("<svg" in line for line in lines)


@needs(*PRINTING)
def test_the_printed_review_has_the_chart(runner: CliRunner, plan: Path) -> None:
    out = plan.parent.parent / "review.pdf"
    render(runner, "--format", "pdf", "-o", str(out))
    first = squeeze(pages(out)[0])
    assert "全所預定／實際進度（全年度累計）" in first
    legend, axes = first.index("預定進度實際進度"), first.index("月份")
    assert legend < axes < first.index("落後項目")

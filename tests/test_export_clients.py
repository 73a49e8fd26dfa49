"""The exported files opened by the clients the office uses: LibreOffice reads the ODS and the
ODT back (to CSV, text, PDF, and its own re-saved ODS), khal imports the ICS and icalendar —
a second, independent parser — reads it too.
"""

from __future__ import annotations

import csv
import re
import subprocess
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from icalendar import Calendar

from planctl.cli import cli
from planctl.plan.model import StrategyPart
from planctl.plan.months import Month
from planctl.queries.due import due
from planctl.queries.schedule import schedule_title
from planctl.repository.check import load_checked
from tests.clients import CSV_ALL_SHEETS, khal, needs, require, soffice_convert
from tests.conftest import PLAN_2015
from tests.exports import OFFICE_2015

CHECKED = load_checked(PLAN_2015)
PLAN = CHECKED.plan
TABLES = [table for _, table in PLAN.schedule_tables()]
SCHEDULED = sum(len(task.month_numbers) for t in TABLES for i in t.items for task in i.tasks)
"""How many ■ the schedule tables hold."""


def write(tmp_path: Path, name: str, *args: str) -> Path:
    out = tmp_path / name
    result = CliRunner().invoke(cli, ["export", *args, "-o", str(out), str(PLAN_2015)])
    assert result.exit_code == 0, result.output
    assert result.stderr.endswith(f"planctl: wrote {out}\n")
    return out


@pytest.fixture(scope="module")
def ods_sheets(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[list[str]]]:
    """The schedule ODS as LibreOffice reads it: each sheet's rows, by sheet name."""
    work = tmp_path_factory.mktemp("ods")
    ods = write(work, "管制表.ods", "--format", "ods")
    out = soffice_convert(ods, CSV_ALL_SHEETS, work)
    sheets = {}
    for path in sorted(out.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as stream:
            sheets[path.stem.removeprefix("管制表-")] = list(csv.reader(stream))
    return sheets


@needs("soffice")
def test_libreoffice_reads_one_sheet_per_section(ods_sheets: dict[str, list[list[str]]]) -> None:
    assert sorted(ods_sheets) == sorted(table.section for table in TABLES)


@needs("soffice")
def test_every_sheet_has_the_title_and_header_rows(ods_sheets: dict[str, list[list[str]]]) -> None:
    for table in TABLES:
        rows = ods_sheets[table.section]
        assert rows[0][0] == schedule_title(PLAN, table)
        assert rows[1][:4] == ["編號", "計畫項目", "工作內容", "預定作業時程 104年度"]
        assert rows[1][15] == "備註"
        assert rows[2][3:15] == [str(month) for month in range(1, 13)]


@needs("soffice")
def test_every_task_and_mark_is_where_the_plan_puts_it(
    ods_sheets: dict[str, list[list[str]]],
) -> None:
    for table in TABLES:
        body = ods_sheets[table.section][3:]
        tasks = [(item, task) for item in table.items for task in item.tasks]
        assert [row[2] for row in body] == [task.text for _, task in tasks]
        for row, (item, task) in zip(body, tasks, strict=True):
            assert [m for m in range(1, 13) if row[2 + m] == "■"] == task.month_numbers
            assert row[15] == (task.remark or "")  # the 備註: never an editor's note
            first = task is item.tasks[0]
            assert row[:2] == ([str(item.number), item.name] if first else ["", ""])
    marks = sum(row[3:15].count("■") for rows in ods_sheets.values() for row in rows[3:])
    assert marks == SCHEDULED


@needs("soffice")
def test_libreoffice_keeps_spans_header_rows_and_page_setup(tmp_path: Path) -> None:
    """LibreOffice opens the file and saves it again: what it kept is what it understood."""
    ods = write(tmp_path, "schedule.ods", "--format", "ods", "--section", "會計")
    out = soffice_convert(ods, "ods", tmp_path / "resaved")
    with zipfile.ZipFile(out / "schedule.ods") as package:
        content = package.read("content.xml").decode("utf-8")
        styles = package.read("styles.xml").decode("utf-8")
    assert content.count("<table:table-header-rows>") == 1
    header = content.split("<table:table-header-rows>")[1].split("</table:table-header-rows>")[0]
    assert header.count("<table:table-row") == 2
    table = next(t for t in TABLES if t.code == "acc")
    spans = re.findall(r'table:number-rows-spanned="(\d+)"', content)
    item_spans = [str(len(item.tasks)) for item in table.items if len(item.tasks) > 1]
    assert spans.count("2") >= 4  # 編號, 計畫項目, 工作內容, 備註 over the two header rows
    for size in set(item_spans):
        assert spans.count(size) >= 2 * item_spans.count(size)  # 編號 and 計畫項目
    page = re.search(r"<style:page-layout-properties [^>]*>", styles)
    assert page, styles
    assert (_cm(page[0], "width"), _cm(page[0], "height")) == (29.7, 21.0)  # A4 landscape
    assert 'style:print-orientation="landscape"' in page[0]
    assert 'style:scale-to-X="1"' in page[0]  # one page wide


def _cm(properties: str, side: str) -> float:
    """fo:page-width / -height in cm, whichever unit LibreOffice saved it in."""
    found = re.search(rf'fo:page-{side}="([\d.]+)(cm|in|mm)"', properties)
    assert found, properties
    factor = {"cm": 1.0, "in": 2.54, "mm": 0.1}[found[2]]
    return round(float(found[1]) * factor, 1)


def test_months_stay_text(tmp_path: Path) -> None:
    """Month headers and month ranges are string cells: no spreadsheet makes them dates."""
    ods = write(tmp_path, "due.ods", "--format", "ods", "--what", "due", "--month", "3")
    with zipfile.ZipFile(ods) as package:
        content = package.read("content.xml").decode("utf-8")
    assert 'office:value-type="float"' not in content
    assert 'office:value-type="date"' not in content


@needs("soffice")
def test_due_sheet_lists_the_months_work(tmp_path: Path) -> None:
    ods = write(tmp_path, "三月.ods", "--format", "ods", "--what", "due", "--month", "3")
    out = soffice_convert(ods, CSV_ALL_SHEETS, tmp_path)
    [sheet] = list(out.glob("*.csv"))
    rows = list(csv.reader(sheet.open(encoding="utf-8", newline="")))
    assert rows[0][0] == "民國104年3月 (2015-03) 應辦事項"
    assert rows[1] == [
        "課室",
        "編號",
        "計畫項目",
        "工作內容",
        "負責單位",
        "月份",
        "本月",
        "期限",
        "ID",
    ]
    expected = due([CHECKED], Month(3, 2015))
    assert [row[8] for row in rows[2:]] == [row.id for row in expected]
    assert [row[3] for row in rows[2:]] == [row.task for row in expected]


@pytest.fixture(scope="module")
def odt_text(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    work = tmp_path_factory.mktemp("odt")
    odt = write(work, "計畫.odt", "--format", "odt")
    out = soffice_convert(odt, "txt:Text (encoded):UTF8", work)
    text = (out / "計畫.txt").read_text(encoding="utf-8-sig")
    return odt, [line.strip() for line in text.splitlines()]


@needs("soffice")
def test_odt_has_the_whole_plan_in_its_order(odt_text: tuple[Path, list[str]]) -> None:
    _, lines = odt_text
    expected = [PLAN.title]
    for part in PLAN.parts:
        if part.kind in ("audience", "clause"):
            continue
        if part.heading:
            expected.append(f"{part.number or ''}{part.heading}")
        for item in getattr(part, "items", []):
            expected.append(f"{item.number or ''}{item.text}")
    positions = [lines.index(line) for line in expected]
    assert positions == sorted(positions)


@needs("soffice")
def test_odt_strategy_table_is_a_table(odt_text: tuple[Path, list[str]]) -> None:
    odt, lines = odt_text
    part = next(p for p in PLAN.parts if isinstance(p, StrategyPart))
    for principle in part.principles:
        assert f"{principle.number or ''}{principle.text}" in lines
        for strategy in principle.strategies:
            assert f"{strategy.number or ''}{strategy.text}" in lines
            for method in strategy.methods:
                assert f"{method.number or ''}{method.text}" in lines
    with zipfile.ZipFile(odt) as package:
        content = package.read("content.xml").decode("utf-8")
    assert content.count("<table:table ") == 1 + len(TABLES)


@needs("soffice")
def test_odt_schedule_tables_have_every_mark(odt_text: tuple[Path, list[str]]) -> None:
    _, lines = odt_text
    for table in TABLES:
        assert schedule_title(PLAN, table) in lines
        for item in table.items:
            for task in item.tasks:
                assert task.text in lines
    assert lines.count("■") == SCHEDULED


@needs("soffice", "pdfinfo")
def test_odt_prints_text_portrait_and_schedules_landscape(
    odt_text: tuple[Path, list[str]], tmp_path: Path
) -> None:
    odt, _ = odt_text
    out = soffice_convert(odt, "pdf", tmp_path)
    info = subprocess.run(
        [require("pdfinfo"), "-f", "1", "-l", "999", str(out / "計畫.pdf")],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    sizes = re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", info)
    shapes = ["portrait" if float(w) < float(h) else "landscape" for w, h in sizes]
    assert shapes[0] == "portrait"
    assert shapes[-1] == "landscape"
    assert shapes == sorted(shapes, key=lambda shape: shape == "landscape")


# ICS in khal ----------------------------------------------------------------------------


@needs("khal")
def test_khal_imports_the_calendar_and_a_reimport_duplicates_nothing(tmp_path: Path) -> None:
    plan = tmp_path / "2015.yaml"
    original = PLAN_2015.read_text(encoding="utf-8")
    plan.write_text(original, encoding="utf-8")
    ics = tmp_path / "計畫.ics"
    CliRunner().invoke(cli, ["export", "--format", "ics", "-o", str(ics), str(plan)])
    events = list(Calendar.from_ical(ics.read_bytes()).walk("VEVENT"))  # the second parser

    khal(tmp_path, "import", "--batch", "-a", "planctl", str(ics))
    stored = sorted(path.name for path in (tmp_path / "calendar").glob("*.ics"))
    assert stored == sorted(f"{event['UID']}.ics" for event in events)

    listed = khal(
        tmp_path, "list", "--once", "--format", "{uid}|{start}|{end}|{title}",
        "2015-03-01", "2015-03-31",
    )  # fmt: skip
    march = [line.split("|") for line in listed.splitlines() if "|" in line]
    assert [f"{OFFICE_2015}-reg-1.2-run1@planctl", "2015-03-01", "2015-04-30",
            "登記課及資料課：清查九十歲以上設有戶籍者"] in march  # fmt: skip

    edited = original.replace("清查九十歲以上設有戶籍者", "清查九十歲以上設有戶籍之長者")
    plan.write_text(edited, encoding="utf-8")
    CliRunner().invoke(cli, ["export", "--format", "ics", "-o", str(ics), str(plan)])
    khal(tmp_path, "import", "--batch", "-a", "planctl", str(ics))
    assert sorted(p.name for p in (tmp_path / "calendar").glob("*.ics")) == stored
    listed = khal(
        tmp_path, "list", "--once", "--format", "{uid}|{title}", "2015-03-01", "2015-03-31"
    )
    assert (
        f"{OFFICE_2015}-reg-1.2-run1@planctl|登記課及資料課：清查九十歲以上設有戶籍之長者" in listed
    )
    assert "清查九十歲以上設有戶籍者" not in listed


@needs("soffice")
def test_odt_of_the_schedule_only(tmp_path: Path) -> None:
    odt = write(tmp_path, "管制表.odt", "--format", "odt", "--what", "schedule", "-s", "會計")
    out = soffice_convert(odt, "txt:Text (encoded):UTF8", tmp_path)
    lines = [line.strip() for line in (out / "管制表.txt").read_text("utf-8-sig").splitlines()]
    table = next(t for t in TABLES if t.code == "acc")
    assert lines[0] == schedule_title(PLAN, table)
    assert PLAN.title not in lines
    assert lines.count("■") == sum(len(task.month_numbers) for i in table.items for task in i.tasks)

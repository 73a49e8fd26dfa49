"""`planctl export`: CSV, JSON and ICS content, options, errors and start-up imports.

The files opened by LibreOffice and khal are in test_export_clients.py.
"""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from icalendar import Calendar

from planctl.cli import cli
from planctl.plan.model import Plan
from tests.conftest import MINIMAL, PLAN_2015, ROOT
from tests.exports import OFFICE_2015, PLAN, runs, tasks


def export(runner: CliRunner, *args: str) -> str:
    result = runner.invoke(cli, ["export", *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


# CSV ------------------------------------------------------------------------------------


def test_csv_has_a_row_per_task_and_a_mark_per_scheduled_month(runner: CliRunner) -> None:
    rows = list(csv.reader(io.StringIO(export(runner, "--format", "csv", str(PLAN_2015)))))
    header, body = rows[0], rows[1:]
    assert header[:6] == ["計畫", "課室", "編號", "計畫項目", "ID", "工作內容"]
    assert header[6:18] == [f"{month}月" for month in range(1, 13)]
    assert header[18] == "備註"
    assert [row[4] for row in body] == [task_id for task_id, _ in tasks()]
    for row, (_, months) in zip(body, tasks(), strict=True):
        assert [month for month in range(1, 13) if row[5 + month] == "■"] == months
        assert all(cell in ("", "■") for cell in row[6:18])


def test_csv_english_headers_bom_and_filters(runner: CliRunner) -> None:
    text = export(
        runner, "--format", "csv", "--header-lang", "en", "--bom", "-s", "acc", "-m", "3",
        str(PLAN_2015),
    )  # fmt: skip
    assert text.startswith("\ufeffplan,section,no,item,id,task,m01,")
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows and {row["section"] for row in rows} == {"會計"}
    assert all(row["m03"] == "■" for row in rows)
    assert [row["id"] for row in rows] == [
        task_id for task_id, months in tasks() if task_id.startswith("acc-") and 3 in months
    ]


def test_csv_cells_never_run_as_formulas(runner: CliRunner, tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(
        MINIMAL.read_text(encoding="utf-8").replace(
            "text: 清查百歲", "text: =HYPERLINK(1)清查百歲"
        ),
        encoding="utf-8",
    )
    text = export(runner, "--format", "csv", str(plan))
    assert ",'=HYPERLINK(1)" in text


# JSON -----------------------------------------------------------------------------------


def test_json_is_the_whole_validated_plan(runner: CliRunner) -> None:
    data = json.loads(export(runner, "--format", "json", str(PLAN_2015)))
    assert data["version"] == 1
    [entry] = data["plans"]
    assert entry["file"] == str(PLAN_2015)
    assert Plan.model_validate(entry["plan"]) == PLAN


def test_json_schedule_rows(runner: CliRunner) -> None:
    data = json.loads(export(runner, "--format", "json", "--what", "schedule", str(PLAN_2015)))
    tables = data["plans"][0]["tables"]
    assert [table["code"] for table in tables] == [t.code for _, t in PLAN.schedule_tables()]
    rows = [row for table in tables for row in table["rows"]]
    assert [(row["id"], row["months"]) for row in rows] == tasks()


def test_json_due_is_dues_json(runner: CliRunner) -> None:
    exported = export(runner, "--format", "json", "--what", "due", "-m", "3", str(PLAN_2015))
    due = runner.invoke(cli, ["due", "--format", "json", "-m", "3", str(PLAN_2015)])
    assert exported == due.stdout


def calendar_of(runner: CliRunner, *args: str) -> Calendar:
    return Calendar.from_ical(export(runner, "--format", "ics", *args))


def test_ics_one_all_day_event_per_run_of_months(runner: CliRunner) -> None:
    calendar = calendar_of(runner, str(PLAN_2015))
    events = {str(event["UID"]): event for event in calendar.walk("VEVENT")}
    expected = {
        f"{OFFICE_2015}-{task_id}-run{n}@planctl": (first, last)
        for task_id, months in tasks()
        for n, (first, last) in enumerate(runs(months), 1)
    }
    task_events = {uid: e for uid, e in events.items() if not str(e["SUMMARY"]).startswith("期限")}
    assert set(expected) == set(task_events)
    for uid, (first, last) in expected.items():
        event = events[uid]
        start, end = event.decoded("DTSTART"), event.decoded("DTEND")
        assert type(start) is date and start == date(2015, first, 1)
        assert end == (date(2015, last, 28) + timedelta(days=4)).replace(day=1)
        assert "民國104年" in str(event["DESCRIPTION"])


def test_ics_deadlines_are_one_day_events(runner: CliRunner) -> None:
    calendar = calendar_of(runner, str(PLAN_2015))
    deadlines = [e for e in calendar.walk("VEVENT") if str(e["SUMMARY"]).startswith("期限")]
    dated = [
        item.deadline for part in PLAN.parts for item in getattr(part, "items", []) if item.deadline
    ]
    period_end = [getattr(part, "end", None) for part in PLAN.parts if part.kind == "period"]
    assert sorted(e.decoded("DTSTART") for e in deadlines) == sorted(dated + period_end)
    for event in deadlines:
        assert event.decoded("DTEND") - event.decoded("DTSTART") == timedelta(days=1)


def unfold(data: bytes) -> list[dict[str, str]]:
    """A minimal RFC 5545 reader, independent of icalendar: every line ends in CRLF and is at
    most 75 octets; folded lines are joined; each VEVENT/VTODO becomes {NAME;PARAMS: value}."""
    lines = data.split(b"\r\n")
    assert lines[-1] == b"" and b"\n" not in b"".join(lines)
    assert all(len(line) <= 75 for line in lines), max(lines, key=len)
    logical: list[bytes] = []
    for line in lines[:-1]:
        if line.startswith((b" ", b"\t")):
            logical[-1] += line[1:]
        else:
            logical.append(line)
    components: list[dict[str, str]] = []
    for line in (raw.decode("utf-8") for raw in logical):
        name, _, value = line.partition(":")
        if line in ("BEGIN:VEVENT", "BEGIN:VTODO"):
            components.append({"": value})
        elif components and not line.startswith("END:"):
            components[-1][name] = value
    return components


def test_ics_reads_back_by_a_second_independent_parser(runner: CliRunner, tmp_path: Path) -> None:
    ics = tmp_path / "計畫.ics"
    export(runner, "--format", "ics", "--todo", "-o", str(ics), str(PLAN_2015))
    data = ics.read_bytes()
    components = unfold(data)
    events = [c for c in components if c[""] == "VEVENT"]
    assert len([c for c in components if c[""] == "VTODO"]) == sum(
        len(runs(months)) for _, months in tasks()
    )
    first = next(e for e in events if e["UID"] == f"{OFFICE_2015}-reg-1.2-run1@planctl")
    assert first["SEQUENCE"] == "20150204"  # 民國104年2月4日修訂
    assert first["DTSTART;VALUE=DATE"] == "20150301"
    assert first["DTEND;VALUE=DATE"] == "20150501"
    assert first["CATEGORIES"] == "登記課及資料課,戶籍登記課,戶籍資料課"
    assert first["DESCRIPTION"].split("\\n")[1] == "民國104年3月至4月（2015-03至2015-04）"
    assert first["TRANSP"] == "TRANSPARENT"


def test_ics_with_a_month_keeps_that_months_work_and_deadlines(runner: CliRunner) -> None:
    calendar = calendar_of(runner, "-m", "2", str(PLAN_2015))
    events = list(calendar.walk("VEVENT"))
    deadlines = [e.decoded("DTSTART") for e in events if str(e["SUMMARY"]).startswith("期限")]
    assert deadlines == [date(2015, 2, 4), date(2015, 2, 16)]
    tasks_in_february = [task_id for task_id, months in tasks() if 2 in months]
    uids = {str(e["UID"]).split("@")[0] for e in events}
    assert all(f"{OFFICE_2015}-{t}-run1" in uids for t in tasks_in_february)
    assert len(events) == len(deadlines) + sum(
        len(runs(months)) for _, months in tasks() if 2 in months
    )


def test_ics_categories_are_the_section_and_its_units(runner: CliRunner) -> None:
    calendar = calendar_of(runner, "--section", "登記課", str(PLAN_2015))
    event = next(iter(calendar.walk("VEVENT")))
    assert event["UID"] == f"{OFFICE_2015}-reg-1.1-run1@planctl"
    assert event.categories == ["登記課及資料課", "戶籍登記課", "戶籍資料課"]
    assert str(event["SUMMARY"]) == "登記課及資料課：清查致贈百歲人瑞金鎖片，當事人不知去向者"
    assert "民國104年1月至2月" in str(event["DESCRIPTION"])


def test_ics_todo_adds_a_vtodo_per_run(runner: CliRunner) -> None:
    calendar = calendar_of(runner, "--todo", "--section", "reg", str(PLAN_2015))
    todos = list(calendar.walk("VTODO"))
    assert len(todos) == len([e for e in calendar.walk("VEVENT")])
    first = todos[0]
    assert first["UID"] == f"{OFFICE_2015}-reg-1.1-run1-todo@planctl"
    assert first.decoded("DUE") == date(2015, 2, 28)


def test_ics_source_date_epoch_makes_it_reproducible(runner: CliRunner) -> None:
    env = {"SOURCE_DATE_EPOCH": "1420070400"}
    one = runner.invoke(cli, ["export", "--format", "ics", str(PLAN_2015)], env=env).stdout
    two = runner.invoke(cli, ["export", "--format", "ics", str(PLAN_2015)], env=env).stdout
    assert one == two
    assert "DTSTAMP:20150101T000000Z" in one


def uids(text: str) -> list[str]:
    return [str(c["UID"]) for c in Calendar.from_ical(text).walk() if "UID" in c]


def test_uids_survive_rewording_and_moved_months(runner: CliRunner, tmp_path: Path) -> None:
    plan = tmp_path / "2015.yaml"
    original = PLAN_2015.read_text(encoding="utf-8")
    plan.write_text(original, encoding="utf-8")
    before = uids(export(runner, "--format", "ics", "--todo", str(plan)))
    edited = original.replace("清查九十歲以上設有戶籍者", "清查九十歲以上設有戶籍者（含外籍配偶）")
    edited = edited.replace("months: [5-6]", "months: [5-7]", 1)  # reg-1.3
    assert edited != original
    plan.write_text(edited, encoding="utf-8")
    assert uids(export(runner, "--format", "ics", "--todo", str(plan))) == before
    assert len(set(before)) == len(before)  # unique

    split = edited.replace("months: [5-7]", "months: [5-6, 9]", 1)  # reg-1.3 gets a 2nd run
    plan.write_text(split, encoding="utf-8")
    after = uids(export(runner, "--format", "ics", "--todo", str(plan)))
    assert set(after) - set(before) == {
        f"{OFFICE_2015}-reg-1.3-run2@planctl",
        f"{OFFICE_2015}-reg-1.3-run2-todo@planctl",
    }
    assert set(before) <= set(after)


# Options and errors ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "ods"], "--format ods needs -o FILE"),
        (["--format", "ics", "--what", "plan"], "--format ics cannot hold --what plan"),
        (["--format", "csv", "--what", "plan"], "--format csv cannot hold --what plan"),
        (["--format", "csv", "-m", "2016-03"], "2016-03 is outside the plan year (2015)"),
        (["--format", "csv", "-s", "不存在"], "unknown section 「不存在」"),
        (["--format", "csv", "-u", "不存在"], "unknown unit 「不存在」"),
    ],
)
def test_usage_errors_are_one_line(runner: CliRunner, args: list[str], message: str) -> None:
    result = runner.invoke(cli, ["export", *args, str(PLAN_2015)])
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1].startswith(f"planctl: {message}")
    assert result.stdout == ""


def test_odt_and_ods_take_one_plan(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "x.ods"
    result = runner.invoke(
        cli, ["export", "--format", "ods", "-o", str(out), str(PLAN_2015), str(MINIMAL)]
    )
    assert result.exit_code == 2
    assert "takes one plan file; got 2" in result.stderr
    assert not out.exists()


def test_refuses_to_overwrite_the_plan(runner: CliRunner, tmp_path: Path) -> None:
    plan = tmp_path / "2015.yaml"
    plan.write_text(PLAN_2015.read_text(encoding="utf-8"), encoding="utf-8")
    result = runner.invoke(cli, ["export", "--format", "odt", "-o", str(plan), str(plan)])
    assert result.exit_code == 2
    assert "is an input plan file" in result.stderr
    assert plan.read_text(encoding="utf-8") == PLAN_2015.read_text(encoding="utf-8")


def test_without_paths_exports_plans_in_the_current_folder(
    runner: CliRunner, in_repo: Path
) -> None:
    data = json.loads(export(runner, "--format", "json"))
    assert [entry["file"] for entry in data["plans"]] == ["plans/2015.yaml"]


# Start-up -------------------------------------------------------------------------------

ODF_AND_ICAL = {"odfdo", "icalendar", "lxml"}


def test_csv_export_imports_neither_odf_nor_ical() -> None:
    heavy = _loaded_after("export", "--format", "csv", "plans/2015.yaml")
    assert heavy.isdisjoint(ODF_AND_ICAL), heavy


def test_check_and_due_import_neither_odf_nor_ical() -> None:
    assert _loaded_after("check", "plans/2015.yaml").isdisjoint(ODF_AND_ICAL)
    assert _loaded_after("due", "-m", "3", "--format", "json").isdisjoint(ODF_AND_ICAL)


def test_ics_export_imports_icalendar_but_not_odf() -> None:
    heavy = _loaded_after("export", "--format", "ics", "plans/2015.yaml")
    assert "icalendar" in heavy
    assert heavy.isdisjoint({"odfdo", "lxml"})


def _loaded_after(*args: str) -> set[str]:
    """Top-level modules loaded by running planctl with `args` in a fresh interpreter."""
    import subprocess
    import sys

    code = (
        "import json, sys\n"
        f"sys.argv = ['planctl', *{list(args)!r}]\n"
        "from planctl.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "sys.stderr.write('@@' + json.dumps(sorted({n.split('.')[0] for n in sys.modules})))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False
    )
    return set(json.loads(done.stderr.rpartition("@@")[2]))


def test_odt_strategy_table_spans_its_principles_and_strategies(
    runner: CliRunner, tmp_path: Path
) -> None:
    import zipfile

    from planctl.plan.model import StrategyPart
    from planctl.queries.strategies import principle_rows, strategy_rows

    odt = tmp_path / "plan.odt"
    export(runner, "--format", "odt", "-o", str(odt), str(PLAN_2015))
    content = zipfile.ZipFile(odt).read("content.xml").decode("utf-8")
    strategies = content.split("<table:table ")[1]  # the first table of the document
    spans = [int(n) for n in re.findall(r'table:number-rows-spanned="(\d+)"', strategies)]
    part = next(p for p in PLAN.parts if isinstance(p, StrategyPart))
    expected = []
    for principle in part.principles:
        expected.append(principle_rows(principle))
        expected += [len(strategy_rows(s)) for s in principle.strategies]
    assert spans == [n for n in expected if n > 1]

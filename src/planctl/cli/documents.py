"""`planctl render`, `export`, `diff`, `new` and `schema`: the documents made from plans,
printed or written to a file."""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click

from planctl.cli.answers import progress_of
from planctl.cli.options import (
    bom_option,
    cache_option,
    format_option,
    month_option,
    needs,
    output_option,
    period_options,
    plan_paths,
    quiet_option,
    section_option,
    unit_option,
)
from planctl.cli.present import (
    binary_output,
    emit,
    load_plans,
    output_file,
    printing_progress,
    say,
    use_color,
    write_file,
)
from planctl.errors import visible

if TYPE_CHECKING:
    from planctl.plan.findings import Located


@click.command(short_help="Print the plan, its schedule tables and progress reports.")
@needs("section", what=("schedule", "all", "review", "results"))
@needs("quarter", what=("review", "results"))
@plan_paths
@cache_option
@format_option("md", "html", "pdf")
@click.option(
    "--what",
    type=click.Choice(["plan", "schedule", "all", "review", "results"]),
    default="all",
    show_default=True,
    help="The plan document, the schedule tables, or both; or from the progress ledger the "
    "執行情形管制考核表 (review) or the 執行成果 report (results).",
)
@section_option("Only this section's schedule table: its name, code or one of its units.")
@output_option(
    "Write to this file (atomically; a device or pipe is written through). "
    "'-' is stdout. Required for pdf."
)
@click.option(
    "--force",
    is_flag=True,
    help="Overwrite an existing plan file with -o (never one given as input).",
)
@click.option(
    "--templates",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    help="A folder of templates that override the shipped ones; they can extend "
    'them as "default:page.html".',
)
@period_options(
    month="review/results: the month reported.",
    quarter="review/results: the quarter reported (第N季), instead of --month.",
    as_of="review/results: count to this day.",
)
@quiet_option("No progress display and no 'wrote FILE' message.")
@click.option(
    "--notes",
    "show_notes",
    is_flag=True,
    help="Also print the editor's notes (`note`) and the task IDs they name.",
)
def render(
    paths: tuple[str, ...],
    fmt: str,
    what: str,
    section: str | None,
    output: Path | None,
    templates: Path | None,
    month: str | None,
    quarter: int | None,
    as_of: datetime | None,
    quiet: bool,
    show_notes: bool,
    force: bool,
) -> None:
    """The plan and its printable schedule tables as Markdown, HTML or PDF.

    HTML is one self-contained file made for print (A4 landscape, each section's table on
    its own page, header rows repeated). PDF is that HTML printed by headless Chromium.

    \b
    Examples:
      planctl render --format md > plan.md
      planctl render --format html --what schedule -o schedule.html
      planctl render --format pdf --what schedule -o 管制表.pdf
      planctl render --format html --what schedule --section 會計 -o 會計.html
      planctl render --what review --month 3 --format pdf -o 三月管考.pdf
      planctl render --what review --quarter 1 --format pdf -o 第1季管考.pdf
    """
    from planctl.outputs.documents.render import render as render_plan

    if fmt == "pdf":
        binary_output(output, fmt, "a PDF")
    plans = load_plans(paths, command="render", cached=True)
    plan, files = plans[0].plan, [Path(plans[0].file)]
    reported = what in ("review", "results")  # the reports that show the progress
    asked = (month, quarter)
    progress = progress_of(plans[0], asked, as_of, section) if reported else None
    suffix = "md" if fmt == "md" else "html"
    text = render_plan(plan, suffix, what, section, templates, progress, show_notes=show_notes)
    if fmt == "pdf":
        from planctl.outputs.documents.pdf import html_to_pdf

        with printing_progress(quiet):
            data = html_to_pdf(text)
    else:
        data = text.encode("utf-8")
    write_file(output, data, files, force, quiet)


@click.command(short_help="Compare two revisions of a plan, as a 修正對照表.")
@click.argument("old", metavar="OLD")
@click.argument("new", metavar="NEW")
@format_option("text", "md", "json", "html", "pdf")
@click.option("--exit-code", is_flag=True, help="Exit 1 when the plans differ (as git diff).")
@output_option("Write to this file (atomically); '-' is stdout. Required for pdf.")
def diff(old: str, new: str, fmt: str, exit_code: bool, output: Path | None) -> None:
    """What changed between two revisions of a plan, as a 修正對照表.

    OLD and NEW are plan files or git revisions of one: REV:path, or a bare REV (HEAD~1)
    for the other side's file at that revision. Reports tasks added, removed, moved or
    renamed, months, units, deadlines and reworded texts with the changed words marked.

    \b
    Examples:
      planctl diff HEAD~1 plans/2015.yaml
      planctl diff v1:plans/2015.yaml plans/2015.yaml --format md
      planctl diff old.yaml new.yaml --format pdf -o 修正對照表.pdf
    """
    from planctl.outputs.documents.diff_report import FORMATS, as_text, report
    from planctl.queries.diff import diff_plans
    from planctl.repository.revisions import read_revision, resolve

    if fmt == "pdf":
        binary_output(output, fmt, "a PDF")
    before, after = read_revision(resolve(old, new)), read_revision(resolve(new, old))
    result = report(before, after, diff_plans(before.plan, after.plan))
    if fmt == "text":
        text = as_text(result, output_file(output) is None and use_color())
    else:
        text = FORMATS["html" if fmt == "pdf" else fmt](result)
    emit(text, fmt, output, [before.revision.path, after.revision.path])
    if exit_code and result.changes:
        sys.exit(1)


@click.command(short_help="Draft next year's plan from this year's.")
@click.argument("year", type=int)
@click.option(
    "--from",
    "source",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Last year's plan. Default: plans/<YEAR-1>.yaml.",
)
@output_option(
    "The new plan file (never overwritten); '-' is stdout. Default: <YEAR>.yaml beside --from."
)
@click.option(
    "--report",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the list of replacements to this file instead of stdout.",
)
def new(year: int, source: Path | None, output: Path | None, report: Path | None) -> None:
    """Next year's draft plan from this year's: years, deadlines and period moved on.

    YEAR is Gregorian (2016) or 民國 (105). Every 民國 year of the plan in titles and texts
    moves on (104年度 → 105年度, 105年度預算 → 106年度預算), deadlines and the period move a
    year (with a warning on weekends and near 春節, 端午, 中秋), the revision record and the
    transcription notes are dropped, and 計畫依據 is kept but listed for review. Every
    replacement is listed. The new file is checked like `planctl check`.

    \b
    Examples:
      planctl new 2016
      planctl new 105 --from plans/2015.yaml -o plans/2016.yaml --report 2016-review.txt
    """
    from planctl.files.writing import write_atomic
    from planctl.outputs.documents.new_plan import draft_findings, new_plan

    printed = output is not None and output_file(output) is None
    drafted = new_plan(year, source, output_file(output), report, printed)
    if drafted.output is None:
        click.echo(drafted.draft, nl=False)
    else:
        write_atomic(drafted.output, drafted.draft.encode("utf-8"), replace=False)
        say(f"wrote {visible(str(drafted.output))}")
    if drafted.report is not None:
        write_file(drafted.report, drafted.replacements.encode("utf-8"), drafted.written_to)
    else:  # beside a draft on stdout, the list goes to stderr
        click.echo(drafted.replacements, nl=False, err=drafted.output is None)
    _say_checked(visible(drafted.shown), draft_findings(drafted))


def _say_checked(name: str, findings: list[Located]) -> None:
    """The draft must check clean: say so, or show the errors and exit 1."""
    from planctl.outputs.tables.check_report import FORMATS
    from planctl.repository.check import CheckResult

    errors = [f for f in findings if f.severity == "error"]
    if errors:
        click.echo(FORMATS["text"](CheckResult(1, errors), use_color(err=True)), err=True, nl=False)
        say(f"{name}: {len(errors)} error(s); fix them before use")
        sys.exit(1)
    say(f"{name} checks clean ({len(findings)} warning(s))")


@click.command(short_help="Export the plan as ODS, ODT, iCalendar, CSV or JSON.")
@needs("todo", fmt="ics")
@needs("header_lang", fmt="csv")
@needs("bom", fmt="csv")
@plan_paths
@cache_option
@format_option("ods", "odt", "ics", "csv", "json")
@click.option(
    "--what",
    type=click.Choice(["schedule", "plan", "due"]),
    help="What to export; default: schedule (ods, ics, csv) or plan (odt, json). "
    "ods: schedule|due; odt: plan|schedule; csv: schedule|due; json: plan|schedule|due.",
)
@section_option("Only this section's schedule: its name, code (reg) or a unit of it.")
@unit_option("Only the schedules this unit works on.")
@month_option(
    "Only tasks scheduled in this month (1-12, 2015-03, 104-03); --what due: the "
    "month (default: this month)."
)
@output_option("Write to this file (atomically); '-' is stdout. Required for ods and odt.")
@click.option("--todo", is_flag=True, help="ics: add a VTODO for each task run too.")
@click.option(
    "--header-lang",
    type=click.Choice(["zh", "en"]),
    default="zh",
    show_default=True,
    help="csv: column headings in Chinese (計畫項目, 1月 …) or English (item, m01 …).",
)
@bom_option
def export(
    paths: tuple[str, ...],
    fmt: str,
    what: str | None,
    section: str | None,
    unit: str | None,
    month: str | None,
    output: Path | None,
    todo: bool,
    header_lang: str,
    bom: bool,
) -> None:
    """Export plans as the files an office exchanges: ODS, ODT, iCalendar, CSV, JSON.

    ODS and ODT are OpenDocument (CNS 15251) for LibreOffice, Excel and Word; ICS is for
    Outlook and Google Calendar (one all-day event per run of months, UIDs stable across
    edits, so a re-import updates instead of duplicating).

    \b
    Examples:
      planctl export --format ods -o 管制表.ods
      planctl export --format odt -o 計畫.odt
      planctl export --format ics -o 計畫.ics
      planctl export --format csv --header-lang en > schedule.csv
      planctl export --format ods --what due --month 3 -o 三月.ods
    """
    from planctl.outputs.exports.export import BINARY, Request
    from planctl.outputs.exports.export import export as export_plans
    from planctl.plan.months import parse_month

    if fmt in BINARY:
        binary_output(output, fmt, "a binary file")
    asked = parse_month(month) if month is not None else None
    request = Request(fmt, what, section, unit, asked, todo, header_lang, bom)
    request.chosen()  # an impossible --format/--what pair fails before any plan is read
    plans = load_plans(paths, cached=fmt != "json")  # JSON dumps the model itself
    data = export_plans(plans, request)
    write_file(output, data, [Path(checked.file) for checked in plans])


@click.command(short_help="Print the JSON Schema of a plan file.")
def schema() -> None:
    """Print the JSON Schema of a plan file (for editors and check-jsonschema).

    Generated from planctl's own models, with descriptions in Chinese and English; the
    repository keeps a copy in schema/plan.schema.json. A plan names it in its first line:
    # yaml-language-server: $schema=../schema/plan.schema.json

    \b
    Examples:
      planctl schema > schema/plan.schema.json
      check-jsonschema --schemafile schema/plan.schema.json plans/2015.yaml
    """
    from planctl.outputs.exports.schema import schema_text

    click.echo(schema_text(), nl=False)

"""`planctl import`: a draft plan file from an office's plan document."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from planctl.cli.options import format_option, output_option


@click.command("import", short_help="Draft a plan file from a Word, ODF or spreadsheet plan.")
@click.argument("source", metavar="FILE", type=click.Path(path_type=Path))
@output_option(
    "Write the draft to this file (atomically). Default: stdout.", metavar=None, dir_okay=False
)
@click.option("--office", help="The office's name, when the title does not give it.")
@click.option("--year", type=int, help="The plan year (2015 or 民國 104), when the title has none.")
@click.option("--force", is_flag=True, help="Overwrite an existing plan file with -o.")
@format_option("text", "json")
def import_(
    source: Path, output: Path | None, office: str | None, year: int | None, force: bool, fmt: str
) -> None:
    """Draft a plan file from an office's plan document: .docx, .odt, .ods, .xlsx, or .doc
    and .rtf through LibreOffice.

    Parts are recognised by their numbering and headings, the strategy table and every
    作業時程管制表 by their header words, months from the marks (■ ● V ✓, Wingdings symbols,
    shaded cells). Every guess carries a `note:` in the draft; the report on stderr lists what
    was recognised, what was guessed and what could not be placed. The draft is checked like
    `planctl check`: exit 0 when it has no errors, 1 when it has (it is written all the same).

    \b
    Examples:
      planctl import 計畫.docx -o plans/2016.yaml
      planctl import 管制表.xlsx --office 臺北市測試地政事務所 --year 105 > plans/draft.yaml
      planctl import 計畫.doc -o plans/2016.yaml --format json 2> report.json
    """
    from planctl.cli.present import output_file
    from planctl.importing.run import run_import

    outcome = run_import(source, output_file(output), office, year, force, fmt)
    click.echo(outcome.stdout, nl=False)
    click.echo(outcome.stderr, err=True, nl=False)
    sys.exit(outcome.exit_code)

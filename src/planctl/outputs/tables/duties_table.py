"""`planctl duties` output: a rich table for the desk, JSON, CSV and Markdown for the rest.

Rows are grouped by plan and part (the strategy table, each schedule table); only the table
imports rich, when it is asked for.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from itertools import groupby
from typing import TYPE_CHECKING

from planctl.outputs.cells import compact_months, csv_cell, group_title, md_cell
from planctl.outputs.jsontext import json_text
from planctl.queries.duties import DutyRow
from planctl.queries.rows import ROW_KEYS

if TYPE_CHECKING:
    from rich.console import Console

JSON_FIELDS = (
    *ROW_KEYS,
    "part",
    "number",
    "text",
    "details",
    "context",
    "units",
    "months",
)
CSV_HEADER = ("plan", "kind", "id", "part", "number", "text", "details", "units", "months")
HEADINGS = ("編號", "工作", "課室", "月份")


def as_json(rows: Sequence[DutyRow]) -> str:
    """A list of objects with the fields in JSON_FIELDS, in that order (docs/commands.md)."""
    return json_text([_json_row(row) for row in rows])


def _json_row(row: DutyRow) -> dict[str, object]:
    values: dict[str, object] = {name: getattr(row, name) for name in JSON_FIELDS}
    for name in ("details", "context", "units", "months"):
        values[name] = list(getattr(row, name))
    return values


def as_csv(rows: Sequence[DutyRow], bom: bool = False) -> str:
    """CSV with a header row; formula-like cells are neutralised, sub-items one per line."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_HEADER)
    for row in rows:
        cells = (
            row.plan,
            row.kind,
            row.id,
            row.part,
            row.number,
            row.text,
            "\n".join(row.details),
            "、".join(row.units),
            compact_months(row.months),
        )
        writer.writerow([csv_cell(cell) for cell in cells])
    return ("\ufeff" if bom else "") + buffer.getvalue()


def as_markdown(rows: Sequence[DutyRow], title: str, merged: bool = False) -> str:
    """A heading and one GitHub table per part; with `merged`, each heading names its plan."""
    lines = [f"# {md_cell(title)}", ""]
    for (plan, part), group in _groups(rows):
        lines += [f"## {md_cell(group_title(plan, part, merged))}", ""]
        lines += ["| " + " | ".join(HEADINGS) + " |", "|" + "---|" * len(HEADINGS)]
        for row in group:
            work = "\n".join((row.text, *row.details))
            cells = (row.number, work, "、".join(row.units), compact_months(row.months))
            lines.append("| " + " | ".join(md_cell(cell) for cell in cells) + " |")
        lines.append("")
    return "\n".join(lines)


def print_table(
    rows: Sequence[DutyRow], title: str, console: Console, merged: bool = False
) -> None:
    """Rich tables, one per part, CJK aligned by display width."""
    from rich.table import Table
    from rich.text import Text

    console.print(Text(title, style="bold"))
    for (plan, part), group in _groups(rows):
        table = Table(
            title=Text(group_title(plan, part, merged)), title_justify="left", title_style="bold"
        )
        for heading in HEADINGS:
            table.add_column(heading, overflow="fold", no_wrap=heading == "編號")
        for row in group:
            work = "\n".join((row.text, *row.details))
            cells = (row.number, work, "、".join(row.units), compact_months(row.months))
            table.add_row(*(Text(cell) for cell in cells))
        console.print(table)


def _groups(rows: Sequence[DutyRow]) -> list[tuple[tuple[str, str], list[DutyRow]]]:
    key = lambda row: (row.plan, row.part)  # noqa: E731
    return [(k, list(g)) for k, g in groupby(rows, key=key)]

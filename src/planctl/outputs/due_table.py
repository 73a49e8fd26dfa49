"""`planctl due` output: a rich table for the counter, JSON, CSV and Markdown for the rest.

Only the table imports rich, when it is asked for; nothing here imports jinja2.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from itertools import groupby
from typing import TYPE_CHECKING

from planctl.errors import utf8, visible
from planctl.outputs.cells import compact_months, csv_cell, md_cell
from planctl.queries.due import SPAN_LABELS, DueRow

if TYPE_CHECKING:
    from rich.console import Console

JSON_FIELDS = (
    "plan",
    "file",
    "kind",
    "id",
    "section",
    "no",
    "item",
    "task",
    "units",
    "months",
    "span",
    "deadline",
)
CSV_HEADER = ("plan", "id", "section", "no", "item", "task", "units", "months", "span", "deadline")
HEADINGS = ("ID", "編號", "計畫項目", "工作內容", "時程")


def as_json(rows: Sequence[DueRow], label: str) -> str:
    """A list of objects with the fields in JSON_FIELDS, in that order (see README)."""
    return json.dumps([_json_row(row) for row in rows], ensure_ascii=False, indent=2) + "\n"


def _json_row(row: DueRow) -> dict[str, object]:
    values = {name: getattr(row, name) for name in JSON_FIELDS}
    values.update((name, utf8(value)) for name, value in values.items() if isinstance(value, str))
    values["units"] = [utf8(unit) for unit in row.units]
    values["months"] = list(row.months)
    values["deadline"] = row.deadline.isoformat() if row.deadline else None
    return values


def as_csv(rows: Sequence[DueRow], label: str, bom: bool = False) -> str:
    """CSV with a header row; cells that a spreadsheet would run as formulas are neutralised."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_HEADER)
    for row in rows:
        deadline = row.deadline.isoformat() if row.deadline else ""
        cells = (
            row.plan,
            row.id,
            row.section,
            row.no,
            row.item,
            row.task,
            "、".join(row.units),
            compact_months(row.months),
            SPAN_LABELS[row.span],
            deadline,
        )
        writer.writerow([csv_cell(cell) for cell in cells])
    return ("\ufeff" if bom else "") + buffer.getvalue()


def as_markdown(rows: Sequence[DueRow], label: str) -> str:
    """A heading and one GitHub table per section."""
    lines = [f"# {md_cell(label)}", ""]
    for (_plan, section, units), group in _groups(rows):
        lines += [f"## {md_cell(section + _units_suffix(section, units))}", ""]
        lines += ["| " + " | ".join(HEADINGS) + " |", "|" + "---|" * len(HEADINGS)]
        for row in group:
            cells = (row.id, row.no, row.item, row.task, SPAN_LABELS[row.span])
            lines.append("| " + " | ".join(md_cell(cell) for cell in cells) + " |")
        lines.append("")
    return "\n".join(lines)


def print_table(rows: Sequence[DueRow], label: str, console: Console) -> None:
    """Rich tables grouped by section, CJK aligned by display width (rich measures cells)."""
    from rich.table import Table
    from rich.text import Text

    console.print(Text(visible(label), style="bold"))
    plans = {row.plan for row in rows}
    for (plan, section, units), group in _groups(rows):
        title = f"{plan} · {section}" if len(plans) > 1 else section
        table = Table(
            title=Text(visible(title + _units_suffix(section, units))),
            title_justify="left",
            title_style="bold",
            show_lines=False,
            expand=False,
        )
        for heading in HEADINGS:
            table.add_column(heading, overflow="fold", no_wrap=heading in ("ID", "編號"))
        for row in group:
            style = "bold" if row.span in ("end", "single") else ""
            cells = (row.id, row.no, row.item, row.task, SPAN_LABELS[row.span])
            table.add_row(*(Text(visible(cell)) for cell in cells), style=style)
        console.print(table)


def _groups(rows: Sequence[DueRow]) -> list[tuple[tuple[str, str, tuple[str, ...]], list[DueRow]]]:
    key = lambda row: (row.plan, row.section, row.units)  # noqa: E731
    return [(k, list(g)) for k, g in groupby(rows, key=key)]


def _units_suffix(section: str, units: tuple[str, ...]) -> str:
    """The responsible units after a section's name, unless the name already says it."""
    return f"（{'、'.join(units)}）" if units and units != (section,) else ""

"""`planctl due` output: a rich table for the counter, JSON, CSV and Markdown for the rest.

Only the table imports rich, when it is asked for; nothing here imports jinja2.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from itertools import groupby
from typing import TYPE_CHECKING

from planctl.errors import visible
from planctl.outputs.cells import (
    compact_months,
    csv_cell,
    display_width,
    group_title,
    md_cell,
)
from planctl.outputs.jsontext import json_text
from planctl.queries.due import SPAN_LABELS, DueRow
from planctl.queries.rows import ROW_KEYS

if TYPE_CHECKING:
    from rich.console import Console

JSON_FIELDS = (
    *ROW_KEYS,
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
CSV_HEADER_ZH = (
    "計畫",
    "ID",
    "課室",
    "編號",
    "計畫項目",
    "工作內容",
    "執行課室",
    "月份",
    "時程",
    "期限",
)
"""The CSV header a clerk's spreadsheet shows (the default); CSV_HEADER is for scripts."""
HEADINGS = ("ID", "編號", "計畫項目", "工作內容", "時程")
FINISH = ("end", "single")
"""Spans whose work must be done this month: those rows stand out."""


def schedule_label(row: DueRow) -> str:
    """The 時程 cell: where the month sits in the task's span, or a deadline's date
    (「2月16日前」, as the plan writes it)."""
    if row.deadline is not None:
        return f"{row.deadline.month}月{row.deadline.day}日前"
    return SPAN_LABELS[row.span]


def stands_out(row: DueRow) -> bool:
    """Rows that must be finished this month: 本月完成, 本月辦理 and dated deadlines."""
    return row.span in FINISH or row.deadline is not None


def as_json(rows: Sequence[DueRow], label: str) -> str:
    """A list of objects with the fields in JSON_FIELDS, in that order (docs/commands.md), and
    `reported` when a plan has a progress ledger."""
    fields = JSON_FIELDS + (("reported",) if _reported(rows) else ())
    data = [_json_row(row, fields) for row in rows]
    return json_text(data)


def _reported(rows: Sequence[DueRow]) -> bool:
    """Whether any row carries a reported status (its plan has a progress ledger)."""
    return any(row.reported is not None for row in rows)


def _json_row(row: DueRow, fields: tuple[str, ...] = JSON_FIELDS) -> dict[str, object]:
    values = {name: getattr(row, name) for name in fields}
    values["units"] = list(row.units)
    values["months"] = list(row.months)
    values["deadline"] = row.deadline.isoformat() if row.deadline else None
    return values


def as_csv(rows: Sequence[DueRow], label: str, bom: bool = False, header: str = "zh") -> str:
    """CSV with a header row, Chinese for a clerk's spreadsheet (`header="en"`: the English
    keys, for scripts); cells that a spreadsheet would run as formulas are neutralised."""
    import csv  # only for CSV: a table or JSON answer does not load it

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    reported = _reported(rows)
    heading = CSV_HEADER if header == "en" else CSV_HEADER_ZH
    writer.writerow(
        heading + ((("reported",) if header == "en" else ("填報",)) if reported else ())
    )
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
            schedule_label(row),
            deadline,
        ) + ((row.reported or "",) if reported else ())
        writer.writerow([csv_cell(cell) for cell in cells])
    return ("\ufeff" if bom else "") + buffer.getvalue()


def as_markdown(rows: Sequence[DueRow], label: str, merged: bool = False) -> str:
    """A heading and one GitHub table per section; with `merged` (several plans), each
    heading names its plan."""
    lines = [f"# {md_cell(label)}", ""]
    headings = _headings(rows)
    for (plan, section, units), group in _groups(rows):
        title = group_title(plan, section, merged)
        lines += [f"## {md_cell(title + _units_suffix(section, units))}", ""]
        lines += ["| " + " | ".join(headings) + " |", "|" + "---|" * len(headings)]
        for row in group:
            cells = [md_cell(cell) for cell in _cells(row, len(headings))]
            if stands_out(row):
                cells[4] = f"**{cells[4]}**"
            lines.append("| " + " | ".join(cells) + " |")
        lines.append("")
    return "\n".join(lines)


def table_text(rows: Sequence[DueRow], label: str, console: Console, merged: bool = False) -> str:
    """Rich tables grouped by section, CJK aligned by display width (rich measures cells);
    with `merged` (several plans), each title names its plan.

    Every section's table has the same column widths (measured over all rows), so that the
    sections read as one list; rows that must be finished this month are bold (and yellow on
    a colour terminal). Lines carry no trailing spaces, for piped output and diffs."""
    from rich.table import Table
    from rich.text import Text

    headings = _headings(rows)
    widths = _column_widths(rows, headings, console.width)
    with console.capture() as capture:
        console.print(Text(visible(label), style="bold"))
        for (plan, section, units), group in _groups(rows):
            title = group_title(plan, section, merged)
            table = Table(
                title=Text(visible(title + _units_suffix(section, units))),
                title_justify="left",
                title_style="bold",
                show_lines=False,
                expand=False,
            )
            for heading, width in zip(headings, widths, strict=True):
                short = heading not in ("計畫項目", "工作內容")
                table.add_column(heading, overflow="fold", width=width, no_wrap=short)
            for row in group:
                style = "bold yellow" if stands_out(row) else ""
                cells = _cells(row, len(headings))
                table.add_row(*(Text(visible(cell)) for cell in cells), style=style)
            console.print(table)
    return "".join(line.rstrip() + "\n" for line in capture.get().splitlines())


def _column_widths(
    rows: Sequence[DueRow], headings: tuple[str, ...], console_width: int
) -> list[int]:
    """Each column's width, the same for every section's table: every column as wide as its
    widest cell; 計畫項目 and 工作內容 too when the terminal has the room, else they share
    what is left (a third and two thirds) and wrap. Measured as shown: a control character
    or bidi override is shown as its escape (\\u202e), which is wider than the character."""
    cells = [_cells(row, len(headings)) for row in rows]
    widest = [
        max(display_width(visible(text)) for text in (heading, *(cell[i] for cell in cells)))
        for i, heading in enumerate(headings)
    ]
    item, task = widest[2], widest[3]
    fixed = sum(widest) - item - task
    room = console_width - (3 * len(headings) + 1) - fixed  # borders and padding
    if item + task > room:
        item = min(item, max(room // 3, 4))
        widest[2], widest[3] = item, max(room - item, 4)
    return widest


def _headings(rows: Sequence[DueRow]) -> tuple[str, ...]:
    return HEADINGS + (("填報",) if _reported(rows) else ())


def _cells(row: DueRow, count: int) -> tuple[str, ...]:
    cells = (row.id, row.no, row.item, row.task, schedule_label(row), row.reported or "")
    return cells[:count]


def _groups(rows: Sequence[DueRow]) -> list[tuple[tuple[str, str, tuple[str, ...]], list[DueRow]]]:
    key = lambda row: (row.plan, row.section, row.units)  # noqa: E731
    return [(k, list(g)) for k, g in groupby(rows, key=key)]


def _units_suffix(section: str, units: tuple[str, ...]) -> str:
    """The responsible units after a section's name, unless the name already says it."""
    return f"（{'、'.join(units)}）" if units and units != (section,) else ""

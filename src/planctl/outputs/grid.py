"""Tables as grids of cells with spans: what the ODS sheets and the ODT tables are made of.

Pure shaping, no ODF library: a cell spans `cols` × `rows`, and the places it covers hold
None (ODF's covered cells). ods.py and odt.py turn a grid into XML; this module decides what
is in it, so the spreadsheet and the text document show the same table.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from planctl.outputs.cells import compact_months, display_width
from planctl.queries.due import SPAN_LABELS, DueRow
from planctl.queries.schedule import MONTHS, ScheduleSheet

CM_PER_HALF_WIDTH = 0.19
"""A half-width character at 10 pt is about 0.19 cm wide (a CJK character takes two)."""


@dataclass(frozen=True)
class Cell:
    text: str
    cols: int = 1
    rows: int = 1
    style: str = "cell"
    """`cell` (framed, wrapped, left), `centre` (framed, centred: 編號, ■) or `head`."""


GridRow = list[Cell | None]


@dataclass
class Grid:
    """A titled table: column widths (cm), header rows (repeated on each printed page), body."""

    name: str
    title: str
    widths: list[float]
    header: list[GridRow] = field(default_factory=list)
    body: list[GridRow] = field(default_factory=list)

    @property
    def columns(self) -> int:
        return len(self.widths)


def fit_width(texts: Iterable[str], minimum: float, maximum: float) -> float:
    """A column width (cm) that shows the longest text on one line, within [minimum,
    maximum]: wider texts wrap rather than make a column no page can hold."""
    widest = max((display_width(text) for text in texts), default=0)
    return round(min(maximum, max(minimum, widest * CM_PER_HALF_WIDTH + 0.3)), 2)


def spanning(cell: Cell) -> list[Cell | None]:
    """A cell followed by the places it covers in its own row."""
    return [cell, *([None] * (cell.cols - 1))]


def schedule_grid(sheet: ScheduleSheet, roc_year: int) -> Grid:
    """A 作業時程管制表: 編號 and 計畫項目 spanning their tasks, ■ in the scheduled months, 備註."""
    rows = sheet.rows
    with_units = bool(sheet.units_heading)
    unit_texts = ["、".join(row.units) for row in rows]
    widths = [
        fit_width(["編號", *(str(row.no) for row in rows)], 1.2, 1.6),
        fit_width([row.item for row in rows], 3.0, 5.0),
        fit_width([row.task for row in rows], 5.0, 10.0),
        *([fit_width(unit_texts, 2.0, 4.0)] if with_units else []),
        *[0.8] * 12,
        fit_width([row.remark or "" for row in rows], 2.5, 6.0),
    ]
    grid = Grid(sheet.section, sheet.title, widths)
    headings = ("編號", "計畫項目", "工作內容", *((sheet.units_heading,) if with_units else ()))
    grid.header = [
        [
            *(Cell(text, rows=2, style="head") for text in headings),
            *spanning(Cell(f"預定作業時程 {roc_year}年度", cols=12, style="head")),
            Cell("備註", rows=2, style="head"),
        ],
        [*[None] * len(headings), *(Cell(str(month), style="head") for month in MONTHS), None],
    ]
    for row, units in zip(rows, unit_texts, strict=True):
        first = row.item_rows > 0
        grid.body.append(
            [
                Cell(str(row.no), rows=row.item_rows, style="centre") if first else None,
                Cell(row.item, rows=row.item_rows) if first else None,
                Cell(row.task),
                *([Cell(units)] if with_units else []),
                *(Cell("■" if marked else "", style="centre") for marked in row.marks),
                Cell(row.remark or ""),
            ]
        )
    return grid


DUE_HEADINGS = ("課室", "編號", "計畫項目", "工作內容", "負責單位", "月份", "本月", "期限", "ID")


def due_grid(rows: Sequence[DueRow], label: str) -> Grid:
    """The monthly control list as a sheet: one row per task or deadline due in the month.
    Months are text ("1-3, 6"), so no spreadsheet reads them as dates."""
    columns = list(zip(*(_due_cells(row) for row in rows), strict=True)) or [()] * 9
    limits = [(2.5, 4), (1.2, 2), (3, 5), (5, 10), (2.5, 5), (1.5, 3), (1.8, 2), (2.2, 2.5)]
    widths = [
        fit_width([heading, *column], low, high)
        for heading, column, (low, high) in zip(DUE_HEADINGS, columns, limits, strict=False)
    ]
    widths.append(fit_width(["ID", *columns[8]], 1.5, 3))
    grid = Grid("應辦事項", f"{label} 應辦事項", widths)
    grid.header = [[Cell(heading, style="head") for heading in DUE_HEADINGS]]
    grid.body = [[Cell(text) for text in _due_cells(row)] for row in rows]
    return grid


def _due_cells(row: DueRow) -> tuple[str, ...]:
    return (
        row.section,
        row.no,
        row.item,
        row.task,
        "、".join(row.units) or "各課室",
        compact_months(row.months),
        SPAN_LABELS[row.span],
        row.deadline.isoformat() if row.deadline else "",
        row.id,
    )

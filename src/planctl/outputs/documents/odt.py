"""The plan as an OpenDocument text (CNS 15251) the office can edit: its parts in their own
order and numbering (壹 … 拾), the strategy table and the schedule tables as real tables.

Made with odfdo. The plan's text is on A4 portrait pages; the schedule tables, sixteen
columns wide, start on A4 landscape pages (a paragraph style that names another master page
is how ODF switches page set-up).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import TYPE_CHECKING

from odfdo import Cell, Column, Document, Element, Header, Paragraph, Row, Table

from planctl.outputs.exports.ods import CELL_STYLES
from planctl.outputs.grid import Cell as GridCell
from planctl.outputs.grid import Grid, GridRow, schedule_grid, spanning
from planctl.queries.schedule import ScheduleSheet
from planctl.queries.strategies import principle_rows, principle_strategies, strategy_rows

if TYPE_CHECKING:  # a cached plan is Records: the model only for type checking
    from planctl.plan.model import Method, Plan, Strategy, StrategyPart

PORTRAIT_WIDTH = 17.0
LANDSCAPE_WIDTH = 25.7
"""Text widths (cm) of A4 with 2 cm margins."""

LANDSCAPE_STYLES = (
    '<style:page-layout style:name="planctl-landscape"><style:page-layout-properties '
    'fo:page-width="29.7cm" fo:page-height="21cm" style:print-orientation="landscape" '
    'fo:margin-top="2cm" fo:margin-bottom="2cm" fo:margin-left="2cm" fo:margin-right="2cm"/>'
    "</style:page-layout>"
)
LANDSCAPE_MASTER = (
    '<style:master-page style:name="Landscape" style:page-layout-name="planctl-landscape"/>'
)


def to_odt(plan: Plan, sheets: Sequence[ScheduleSheet], what: str = "plan") -> bytes:
    """The plan document (`what="plan"`: every part, the schedule tables where the plan has
    them) or only the schedule tables (`what="schedule"`)."""
    document = Document("text")
    document.body.clear()
    _styles(document)
    if what == "plan":
        _plan_text(document, plan, sheets)
    else:
        _schedules(document, plan, sheets)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _styles(document: Document) -> None:
    _unnumbered_outline(document)
    document.insert_style(LANDSCAPE_STYLES, automatic=True)
    document.insert_style(LANDSCAPE_MASTER)
    for name, body in CELL_STYLES.items():
        if name != "title":
            document.insert_style(
                f'<style:style style:name="{name}" style:family="table-cell">'
                f"{_cell_properties(body)}</style:style>",
                automatic=True,
            )
    document.insert_style(
        '<style:style style:name="landscape" style:family="paragraph" '
        'style:parent-style-name="Heading_20_2" style:master-page-name="Landscape">'
        '<style:paragraph-properties fo:break-before="page"/></style:style>',
        automatic=True,
    )
    document.insert_style(
        '<style:style style:name="page-break" style:family="paragraph" '
        'style:parent-style-name="Heading_20_2">'
        '<style:paragraph-properties fo:break-before="page"/></style:style>',
        automatic=True,
    )


def _heading(level: int, text: str, style: str | None = None) -> Header:
    """A heading (odfdo's Header drops its style argument, so it is set here)."""
    header = Header(level, text)
    header.set_attribute("text:style-name", style or f"Heading_20_{level}")
    return header


def _unnumbered_outline(document: Document) -> None:
    """The plan numbers its own headings (壹、): the template's outline numbering (1.1.)
    would put a second number in front of them."""
    for level in document.styles.get_elements("//text:outline-level-style"):
        level.set_attribute("style:num-format", "")
        level.del_attribute("style:num-suffix")
        level.del_attribute("loext:num-list-format")


def _cell_properties(body: str) -> str:
    """Table cells in a text document keep only the cell frame; paragraph and text
    properties of a cell style are a spreadsheet's."""
    return body.split("<style:paragraph-properties")[0]


def _plan_text(document: Document, plan: Plan, sheets: Sequence[ScheduleSheet]) -> None:
    body = document.body
    body.append(_heading(1, plan.title))
    for approval in plan.approvals:
        body.append(Paragraph(approval.line))
    for part in plan.parts:
        label = f"{part.number or ''}{part.heading or ''}"
        if part.kind == "schedules":  # not isinstance: a cached plan is Records
            _schedules(document, plan, sheets, label)
        elif part.kind == "strategies":
            body.append(_heading(2, label))
            _append_table(document, strategy_grid(part), PORTRAIT_WIDTH)
        elif part.kind in ("audience", "clause"):
            lead = f"{part.number or ''}{part.heading + '：' if part.heading else ''}"
            body.append(Paragraph(lead + (part.text or "")))
        else:
            body.append(_heading(2, label))
            if part.text:
                body.append(Paragraph(part.text))
            for item in part.items if part.kind != "period" else []:
                body.append(Paragraph(f"{item.number or ''}{item.text}"))


def _schedules(
    document: Document, plan: Plan, sheets: Sequence[ScheduleSheet], heading: str = ""
) -> None:
    """The schedule tables, each on a new page, the first switching to A4 landscape; each
    titled. The document as published: editor's notes are not part of it."""
    body = document.body
    for index, sheet in enumerate(sheets):
        page = "landscape" if index == 0 else "page-break"
        if heading and index == 0:
            body.append(_heading(2, heading, page))
            body.append(_heading(3, sheet.title))
        else:
            body.append(_heading(3, sheet.title, page))
        _append_table(document, schedule_grid(sheet, plan.roc_year), LANDSCAPE_WIDTH)


def strategy_grid(part: StrategyPart) -> Grid:
    """執行策略與方法 in the document's own columns (`part.header`, a label may span two
    numbering levels): 要領 and 策略 spanning their rows, then the methods when the table has
    them, then the units and every further column (完成期限, 預期效益 …) in order. A unit cell
    or a column cell given on a strategy with methods spans the strategy's rows."""
    levels = part.levels
    widths = ([3.5, 4.5, 6.0] if part.has_methods else [4.0, 9.0])[:levels]
    widths += [3.0] * len(part.row_columns)
    grid = Grid(part.heading or "", part.heading or "", widths)
    header: GridRow = []
    for column in part.header:
        header.extend(spanning(GridCell(column.label, cols=column.span, style="head")))
    grid.header = [header]
    for principle in part.principles:
        principle_text = f"{principle.number or ''}{principle.text}"
        for s_index, strategy in enumerate(principle_strategies(principle)):
            first_of_principle = s_index == 0
            principle_cell = GridCell(principle_text, rows=principle_rows(principle))
            if strategy is None:
                grid.body.append([principle_cell, *[GridCell("")] * (len(widths) - 1)])
                continue
            methods = strategy_rows(strategy)
            for m_index, method in enumerate(methods):
                first = m_index == 0
                row: GridRow = [principle_cell if first and first_of_principle else None]
                text = f"{strategy.number or ''}{strategy.text}"
                row.append(GridCell(text, rows=len(methods)) if first else None)
                if part.has_methods:
                    row.append(GridCell(_method_text(method)))
                row.extend(_row_cells(part, strategy, method, first, len(methods)))
                grid.body.append(row)
    return grid


def _row_cells(
    part: StrategyPart, strategy: Strategy, method: Method | None, first: bool, rows: int
) -> list[GridCell | None]:
    """The cells after the numbering columns: units (None in `row_columns`) and each named
    column's text, a strategy's own cell spanning its methods' rows."""
    cells: list[GridCell | None] = []
    for label in part.row_columns:
        shared = method is not None and (
            bool(strategy.units) if label is None else label in strategy.cells
        )
        if shared:
            text = "、".join(strategy.units) if label is None else strategy.cells[label]
            cells.append(GridCell(text, rows=rows) if first else None)
        elif label is None:
            cells.append(GridCell(_units_text(strategy.units, method)))
        else:
            cells.append(GridCell((method or strategy).cells.get(label, "")))
    return cells


def _method_text(method: Method | None) -> str:
    if method is None:
        return ""
    lines = [f"{method.number or ''}{method.text}"]
    lines += [f"{sub.number or ''}{sub.text}" for sub in method.subitems]
    return "\n".join(lines)


def _units_text(strategy_units: list[str], method: Method | None) -> str:
    if method is None:
        return "、".join(strategy_units)
    if method.units:
        return "、".join(method.units)
    return "\n".join(f"{sub.number or ''}{'、'.join(sub.units)}" for sub in method.subitems)


def _append_table(document: Document, grid: Grid, width: float) -> None:
    """The grid as a text table, its columns scaled to the page's text width."""
    scale = min(1.0, width / sum(grid.widths))
    name = f"T{len(document.body.get_tables()) + 1}"
    table = Table(name)
    for number, column_width in enumerate(grid.widths):
        style = f"{name}-c{number}"
        document.insert_style(
            f'<style:style style:name="{style}" style:family="table-column">'
            f'<style:table-column-properties style:column-width="{column_width * scale:.2f}cm"/>'
            "</style:style>",
            automatic=True,
        )
        table.append(Column(style=style))
    header = Element.from_tag("table:table-header-rows")
    for grid_row in grid.header:
        header.append(_row(grid_row))
    table.append(header)
    for grid_row in grid.body:
        table.append(_row(grid_row))
    document.body.append(table)


def _row(grid_row: GridRow) -> Row:
    row = Row()
    for cell in grid_row:
        Element.append(row, _cell(cell))
    return row


def _cell(cell: GridCell | None) -> Element:
    if cell is None:
        return Element.from_tag("table:covered-table-cell")
    element = Cell(style=cell.style)
    for line in cell.text.split("\n") if cell.text else []:
        element.append(Paragraph(line))
    if cell.cols > 1:
        element.set_attribute("table:number-columns-spanned", str(cell.cols))
    if cell.rows > 1:
        element.set_attribute("table:number-rows-spanned", str(cell.rows))
    return element

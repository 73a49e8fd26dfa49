"""Grids as an OpenDocument spreadsheet (CNS 15251), one sheet per grid, ready to print.

Made with odfdo (see the README, Dependencies). Each sheet: the title row spanning the
table, the header rows as ODF header rows (LibreOffice repeats them on every printed page),
spans as ODF spans with covered cells, every cell a text cell (a month "3-5" or "1" never
becomes a date or a number), column widths from the grid, and the page set up as A4
landscape scaled to one page wide.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence

from odfdo import Cell, Column, Document, Element, HeaderRows, Row, Table

from planctl.outputs.grid import Grid, GridRow

PAGE = {
    "fo:page-width": "29.7cm",
    "fo:page-height": "21cm",
    "style:print-orientation": "landscape",
    "fo:margin-top": "1.2cm",
    "fo:margin-bottom": "1.2cm",
    "fo:margin-left": "1.2cm",
    "fo:margin-right": "1.2cm",
    "style:scale-to-X": "1",
    "style:scale-to-Y": "0",
}
"""A4 landscape, one page wide and as many pages long as the table needs."""

_FRAME = 'fo:border="0.5pt solid #000000" fo:padding="0.05cm" fo:wrap-option="wrap"'
_ASIAN = 'style:language-asian="zh" style:country-asian="TW"'
CELL_STYLES = {
    "cell": f'<style:table-cell-properties {_FRAME} style:vertical-align="middle"/>'
    f'<style:paragraph-properties fo:text-align="start"/><style:text-properties {_ASIAN}/>',
    "centre": f'<style:table-cell-properties {_FRAME} style:vertical-align="middle"/>'
    f'<style:paragraph-properties fo:text-align="center"/><style:text-properties {_ASIAN}/>',
    "head": f'<style:table-cell-properties {_FRAME} style:vertical-align="middle" '
    'fo:background-color="#eeeeee"/><style:paragraph-properties fo:text-align="center"/>'
    f'<style:text-properties fo:font-weight="bold" style:font-weight-asian="bold" {_ASIAN}/>',
    "title": '<style:table-cell-properties style:vertical-align="middle"/>'
    '<style:paragraph-properties fo:text-align="center"/>'
    '<style:text-properties fo:font-size="14pt" style:font-size-asian="14pt" '
    f'fo:font-weight="bold" style:font-weight-asian="bold" {_ASIAN}/>',
}
_SHEET_NAME_UNSAFE = re.compile(r"[\[\]*?:/\\']")


def to_ods(grids: Sequence[Grid]) -> bytes:
    """The grids as one .ods file, one sheet each."""
    document = Document("spreadsheet")
    document.body.clear()
    _page_setup(document)
    _insert_styles(document)
    used: set[str] = set()
    for grid in grids:
        document.body.append(_table(document, grid, sheet_name(grid.name, used)))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def sheet_name(name: str, used: set[str]) -> str:
    """A sheet name spreadsheets accept (no []*?:/\\', at most 31 characters), unique."""
    base = _SHEET_NAME_UNSAFE.sub("_", name).strip() or "Sheet"
    base, candidate, number = base[:28], base[:31], 1
    while candidate in used:
        number += 1
        candidate = f"{base}({number})"
    used.add(candidate)
    return candidate


def _page_setup(document: Document) -> None:
    layout = document.get_style("page-layout", "Mpm1")
    properties = layout.get_element("style:page-layout-properties") if layout else None
    if properties is None:  # pragma: no cover - odfdo's template always has it
        raise RuntimeError("odfdo's spreadsheet template has no default page layout")
    for key, value in PAGE.items():
        properties.set_attribute(key, value)


def _insert_styles(document: Document) -> None:
    for name, body in CELL_STYLES.items():
        document.insert_style(
            f'<style:style style:name="{name}" style:family="table-cell">{body}</style:style>',
            automatic=True,
        )


def _table(document: Document, grid: Grid, name: str) -> Table:
    table = Table(name)
    for number, width in enumerate(grid.widths):
        style = f"{name}-c{number}"
        document.insert_style(
            f'<style:style style:name="{style}" style:family="table-column">'
            f'<style:table-column-properties style:column-width="{width}cm"/></style:style>',
            automatic=True,
        )
        table.append(Column(style=style))
    title = [_cell_of(grid.title, grid.columns, 1, "title")]
    table.append(_row([*title, *([_covered()] * (grid.columns - 1))]))
    header = HeaderRows()
    for row in grid.header:
        header.append(_row(_cells(row)))
    table.append(header)
    for row in grid.body:
        table.append(_row(_cells(row)))
    return table


def _cells(row: GridRow) -> list[Element]:
    return [
        _covered() if cell is None else _cell_of(cell.text, cell.cols, cell.rows, cell.style)
        for cell in row
    ]


def _cell_of(text: str, cols: int, rows: int, style: str) -> Element:
    cell = Cell(text, cell_type="string", style=style) if text else Cell(style=style)
    if cols > 1:
        cell.set_attribute("table:number-columns-spanned", str(cols))
    if rows > 1:
        cell.set_attribute("table:number-rows-spanned", str(rows))
    return cell


def _covered() -> Element:
    return Element.from_tag("table:covered-table-cell")


def _row(cells: list[Element]) -> Row:
    row = Row()
    for cell in cells:
        Element.append(row, cell)  # Row.append takes only Cell; a covered cell is not one
    return row

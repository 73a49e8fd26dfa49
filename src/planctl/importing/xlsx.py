"""Reading an .xlsx with openpyxl: each sheet a table, merged ranges as spans, fills as shading.

openpyxl keeps a merged range's value in its top-left cell and lists the range in
`merged_cells`; the cells it covers are left out here. A cell filled with a solid colour (a
shaded month in a 管制表 kept in Excel) is recorded as shaded. Values are shown as text the
way the sheet shows them: 3, not 3.0.
"""

from __future__ import annotations

import io
from datetime import date, datetime
from pathlib import Path
from typing import Any

from planctl.errors import UnreadableInput, visible
from planctl.importing.document import Document, DocumentCell, Table
from planctl.importing.odf import MAX_COLUMNS, MAX_ROWS
from planctl.importing.package import open_package, reason

UNFILLED = {None, "00000000", "FFFFFFFF", "00FFFFFF"}


def read_xlsx(data: bytes, path: Path) -> Document:
    """Each sheet as a table named after it."""
    open_package(data, path).close()
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except Exception as error:  # openpyxl raises its own, lxml's and zipfile's errors
        raise UnreadableInput(
            f"{visible(str(path))}: is not a readable .xlsx ({reason(error)})"
        ) from None
    document = Document()
    for sheet in book.worksheets:
        document.blocks.append(_table(sheet))
    return document


def _table(sheet: Any) -> Table:
    spans: dict[tuple[int, int], tuple[int, int]] = {}
    covered: set[tuple[int, int]] = set()
    for merged in sheet.merged_cells.ranges:
        top, left = merged.min_row, merged.min_col
        spans[(top, left)] = (merged.max_row - top + 1, merged.max_col - left + 1)
        for r in range(top, min(merged.max_row, top + MAX_ROWS) + 1):
            for c in range(left, min(merged.max_col, MAX_COLUMNS) + 1):
                if (r, c) != (top, left):
                    covered.add((r, c))
    table = Table(name=sheet.title)
    empty = 0
    for r, row in enumerate(sheet.iter_rows(max_col=min(sheet.max_column, MAX_COLUMNS)), 1):
        cells = []
        for cell in row:
            key = (r, cell.column)
            if key in covered:
                continue
            text, shaded = _text(cell.value), _shaded(cell)
            rows, cols = spans.get(key, (1, 1))
            if text or shaded or (rows, cols) != (1, 1):
                cells.append(DocumentCell(text, r - 1, cell.column - 1, rows, cols, shaded))
        if not cells:
            empty += 1
            continue
        table.rows.extend([] for _ in range(empty))
        empty = 0
        table.rows.append(cells)
        if len(table.rows) >= MAX_ROWS:
            table.unread = _rows_holding_text(sheet, r + 1) - r
            break
    return table


def _rows_holding_text(sheet: Any, first: int) -> int:
    """The last row from `first` on that holds a value (`first` - 1 when none does)."""
    last = first - 1
    for r, values in enumerate(sheet.iter_rows(min_row=first, values_only=True), first):
        if any(_text(value).strip() for value in values):
            last = r
    return last


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else str(value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _shaded(cell: Any) -> bool:
    fill = cell.fill
    if fill is None or fill.fill_type in (None, "none"):
        return False
    colour = fill.fgColor
    if colour is None:
        return False
    if colour.type == "rgb":
        return colour.rgb not in UNFILLED
    return True  # a theme or indexed colour, solid or patterned

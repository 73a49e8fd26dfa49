"""Reading an .odt or .ods with odfdo: paragraphs, headings and tables with their spans.

A spanning cell is written once with `table:number-columns-spanned` / `-rows-spanned`, and
the places it covers as `table:covered-table-cell`; identical neighbours are written once
with `number-columns-repeated` (a run of twelve ■ is one element), and a sheet ends in
empty rows repeated to the millionth: repeats are unrolled only for cells that hold
something, and at most MAX_COLUMNS wide.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from planctl.errors import UnreadableInput, visible
from planctl.importing.document import Document, DocumentCell, DocumentParagraph, Table
from planctl.importing.package import open_package, reason

MAX_COLUMNS = 1024
MAX_ROWS = 100_000
"""Rows of one table read; a sheet with more is cut there (the report says so)."""
UNSHADED = {"", "transparent", "#ffffff", "#FFFFFF"}
_TEXT_CONTAINERS = ("text:list", "text:list-item", "text:list-header", "text:section")
_ROW_GROUPS = ("table:table-header-rows", "table:table-rows", "table:table-row-group")


def read_odf(data: bytes, path: Path) -> Document:
    """The document's (or spreadsheet's) paragraphs and tables in reading order."""
    open_package(data, path).close()
    from odfdo import Document as OdfDocument

    try:
        odf = OdfDocument(io.BytesIO(data))
        body = odf.body
    except Exception as error:  # odfdo raises its own, lxml's and zipfile's errors
        raise UnreadableInput(
            f"{visible(str(path))}: is not a readable {path.suffix} ({reason(error)})"
        ) from None
    reader = _Reader(odf, spreadsheet=path.suffix.lower() == ".ods")
    reader.walk(body)
    return reader.document


class _Reader:
    def __init__(self, odf: Any, spreadsheet: bool) -> None:
        self.odf, self.spreadsheet = odf, spreadsheet
        self.document = Document()
        self.shading: dict[str, bool] = {}

    def walk(self, element: Any) -> None:
        for child in element.children:
            tag = child.tag
            if tag in ("text:p", "text:h"):
                level = (
                    int(child.get_attribute("text:outline-level") or 1) if tag == "text:h" else 0
                )
                self.document.blocks.append(DocumentParagraph(inline_text(child), level))
            elif tag == "table:table":
                self.document.blocks.append(self.table(child))
            elif tag in _TEXT_CONTAINERS:
                self.walk(child)

    def table(self, element: Any) -> Table:
        """The table's rows; empty rows are kept between others (a span may cross them) but
        not at the end, where a sheet repeats them to its millionth row."""
        name = element.get_attribute("table:name") if self.spreadsheet else ""
        table = Table(name=str(name or ""))  # a sheet's name may name its section
        total = empty = 0  # rows up to the last that holds something; empty ones since
        for row in _rows(element):
            repeat = int(row.get_attribute("table:number-rows-repeated") or 1)
            cells = self.row(row, total + empty)
            if not cells:
                empty += repeat
                continue
            total += empty + repeat
            for _ in range(min(empty, MAX_ROWS - len(table.rows))):
                table.rows.append([])
            empty = 0
            for _ in range(min(repeat, MAX_ROWS - len(table.rows))):
                table.rows.append([_moved(cell, len(table.rows)) for cell in cells])
        table.unread = total - len(table.rows)
        return table

    def row(self, row: Any, r: int) -> list[DocumentCell]:
        cells: list[DocumentCell] = []
        col = 0
        for cell in row.children:
            if cell.tag not in ("table:table-cell", "table:covered-table-cell"):
                continue
            repeat = int(cell.get_attribute("table:number-columns-repeated") or 1)
            if cell.tag == "table:covered-table-cell":
                col += repeat
                continue
            cols = int(cell.get_attribute("table:number-columns-spanned") or 1)
            rows = int(cell.get_attribute("table:number-rows-spanned") or 1)
            text = "\n".join(_cell_lines(cell))
            shaded = self.shaded(cell.get_attribute("table:style-name"))
            if not text and not shaded and cols == rows == 1:
                col += repeat
                continue
            for _ in range(repeat):
                if col >= MAX_COLUMNS:
                    break
                cells.append(DocumentCell(text, r, col, rows, cols, shaded))
                col += 1  # the places a span covers are covered cells of their own
        return cells

    def shaded(self, name: Any) -> bool:
        """Whether the cell style `name` has a background colour."""
        if not name:
            return False
        if name not in self.shading:
            style = self.odf.get_style("table-cell", name)
            colour = ""
            if style is not None:
                props = style.get_element("style:table-cell-properties")
                colour = (props.get_attribute("fo:background-color") or "") if props else ""
            self.shading[name] = str(colour) not in UNSHADED
        return self.shading[name]


def _rows(table: Any) -> Any:
    for child in table.children:
        if child.tag == "table:table-row":
            yield child
        elif child.tag in _ROW_GROUPS:
            yield from _rows(child)


def _moved(cell: DocumentCell, r: int) -> DocumentCell:
    return (
        cell
        if cell.row == r
        else DocumentCell(cell.text, r, cell.col, cell.rows, cell.cols, cell.shaded)
    )


def _cell_lines(cell: Any) -> list[str]:
    lines: list[str] = []
    for child in cell.children:
        if child.tag in ("text:p", "text:h"):
            lines.append(inline_text(child))
        elif child.tag in _TEXT_CONTAINERS:
            lines.extend(_cell_lines(child))
        elif child.tag == "table:table":  # a table inside a cell: its texts, line by line
            lines.extend(
                line for row in _rows(child) for c in row.children for line in _cell_lines(c)
            )
    return lines


def inline_text(element: Any) -> str:
    """A paragraph's text as written: spans and links unwrapped, text:s as its spaces,
    tabs and line breaks as characters; notes and annotations left out."""
    parts: list[str] = [element.text or ""]
    for child in element.children:
        tag = child.tag
        if tag == "text:s":
            parts.append(" " * int(child.get_attribute("text:c") or 1))
        elif tag == "text:tab":
            parts.append("\t")
        elif tag == "text:line-break":
            parts.append("\n")
        elif tag not in ("text:note", "office:annotation", "text:bookmark-ref"):
            parts.append(inline_text(child))
        parts.append(child.tail or "")
    return "".join(parts)

"""The neutral model of an imported document: what every reader produces.

A document is a sequence of blocks in reading order: paragraphs (with a heading level when
the file marks one) and tables. A table is a list of rows of cells; each cell sits at its
grid position and spans `rows` × `cols` places, so a merged cell is one cell however the
format writes it (docx gridSpan/vMerge, ODF covered cells, xlsx merged ranges). Text is kept
exactly as written, lines joined by "\\n"; a symbol-font character (Wingdings ■ written as
U+F06E) is kept in the text, and a cell's background shading is recorded, because a shaded
empty month cell is a mark too.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field


@dataclass(frozen=True)
class DocumentParagraph:
    """A paragraph; `level` is the heading level the file gives it (1 = title), 0 for body."""

    text: str
    level: int = 0


@dataclass(frozen=True)
class DocumentCell:
    """A cell at (row, col) of its table's grid, spanning `rows` × `cols` places."""

    text: str
    row: int
    col: int
    rows: int = 1
    cols: int = 1
    shaded: bool = False


@dataclass
class Table:
    """A table as its cells, row by row; `grid()` gives the cell covering each place."""

    rows: list[list[DocumentCell]] = field(default_factory=list)
    name: str = ""
    """A sheet's name, for a spreadsheet."""
    unread: int = 0
    """Rows past the reader's cap (odf.MAX_ROWS) not read, up to the last that holds text:
    the report says how many, so a cut sheet is never taken for a whole one."""

    @property
    def width(self) -> int:
        return max((cell.col + cell.cols for row in self.rows for cell in row), default=0)

    def grid(self) -> list[list[DocumentCell | None]]:
        """Each place of the table and the cell that covers it (None: no cell there)."""
        width = self.width
        places: list[list[DocumentCell | None]] = [[None] * width for _ in self.rows]
        for row in self.rows:
            for cell in row:
                for r in range(cell.row, min(cell.row + cell.rows, len(places))):
                    for c in range(cell.col, cell.col + cell.cols):
                        places[r][c] = cell
        return places


Block = DocumentParagraph | Table


@dataclass
class Document:
    """What a reader found in a file, in reading order."""

    blocks: list[Block] = field(default_factory=list)

    def tables(self) -> Iterator[Table]:
        return (block for block in self.blocks if isinstance(block, Table))

"""Reading a .docx: python-docx opens the package; the body's XML is walked here.

python-docx's own table API repeats a merged cell in every place it covers (so a 計畫項目
spanning three rows reads as three items) and its text drops `w:sym`, the symbol-font
characters Word writes for a Wingdings ■ or ✓. So the body is walked directly: `w:gridSpan`
and `w:vMerge` give each cell its span, `w:sym` its private-use character (U+F06E), and
`w:shd` the cell's shading; a paragraph Word numbers itself (壹、 from a list, not typed) gets
its label in front of its text (docx_lists.py).
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from planctl.errors import UnreadableInput, visible
from planctl.importing.document import Document, DocumentCell, DocumentParagraph, Table
from planctl.importing.docx_lists import Lists, W
from planctl.importing.package import open_package, reason

UNSHADED = {None, "", "auto", "FFFFFF", "ffffff"}


def read_docx(data: bytes, path: Path) -> Document:
    """The document's paragraphs and tables in reading order."""
    open_package(data, path).close()
    import docx

    try:
        word = docx.Document(io.BytesIO(data))
    except Exception as error:  # python-docx raises its own and lxml's errors for bad parts
        raise UnreadableInput(
            f"{visible(str(path))}: is not a readable .docx ({reason(error)})"
        ) from None
    levels = _heading_levels(word)
    document = Document()
    lists = Lists(_numbering(word), word.styles.element)
    _walk(word.element.body, levels, lists, document)
    return document


def _numbering(word: Any) -> Any:
    """numbering.xml's root, or None: a file without lists (LibreOffice writes none for a
    document it was given as HTML) has no numbering part, and python-docx's own
    `numbering_part` raises NotImplementedError for it instead of making one."""
    from docx.opc.constants import RELATIONSHIP_TYPE

    try:
        return word.part.part_related_by(RELATIONSHIP_TYPE.NUMBERING).element
    except KeyError:
        return None


def _heading_levels(word: Any) -> dict[str, int]:
    """Style ID → heading level (1 = Title or Heading 1), from the styles' names and outline
    levels."""
    levels: dict[str, int] = {}
    for style in word.styles:
        name = (style.name or "").lower()
        element = style.element
        outline = element.find(f"{W}pPr/{W}outlineLvl")
        if name == "title":
            levels[style.style_id] = 1
        elif name.startswith("heading ") and name[8:].isdigit():
            levels[style.style_id] = int(name[8:])
        elif outline is not None and (value := outline.get(f"{W}val", "")).isdigit():
            levels[style.style_id] = int(value) + 1
    return levels


def _walk(body: Any, levels: dict[str, int], lists: Lists, document: Document) -> None:
    for child in body:
        if child.tag == f"{W}p":
            text = lists.label(child) + _text(child)
            document.blocks.append(DocumentParagraph(text, _level(child, levels)))
        elif child.tag == f"{W}tbl":
            document.blocks.append(_table(child, lists))
        elif child.tag == f"{W}sdt":
            content = child.find(f"{W}sdtContent")
            if content is not None:
                _walk(content, levels, lists, document)


def _level(paragraph: Any, levels: dict[str, int]) -> int:
    outline = paragraph.find(f"{W}pPr/{W}outlineLvl")
    if outline is not None and (value := outline.get(f"{W}val", "")).isdigit():
        return int(value) + 1 if int(value) < 9 else 0
    style = paragraph.find(f"{W}pPr/{W}pStyle")
    return levels.get(style.get(f"{W}val", ""), 0) if style is not None else 0


def _text(paragraph: Any) -> str:
    """A paragraph's text as written: text runs, tabs, line breaks and symbol characters."""
    parts: list[str] = []
    for element in paragraph.iter(f"{W}t", f"{W}tab", f"{W}br", f"{W}cr", f"{W}sym"):
        tag = element.tag
        if tag == f"{W}t":
            parts.append(element.text or "")
        elif tag == f"{W}tab":
            if element.getparent().tag == f"{W}r":  # not a tab stop of the paragraph style
                parts.append("\t")
        elif tag == f"{W}sym":
            parts.append(_symbol(element.get(f"{W}char", "")))
        else:
            parts.append("\n")
    return "".join(parts)


def _symbol(code: str) -> str:
    """A `w:sym` character: Word writes a symbol font's ■ as F06E (or 006E, meaning F06E)."""
    try:
        value = int(code, 16)
    except ValueError:
        return "\ufffd"
    return chr(value + 0xF000 if value < 0x100 else value)


class _Open:
    """A cell being built: vMerge continuations add rows to it."""

    def __init__(self, text: str, row: int, col: int, cols: int, shaded: bool) -> None:
        self.text, self.row, self.col, self.cols, self.shaded = text, row, col, cols, shaded
        self.rows = 1

    def cell(self) -> DocumentCell:
        return DocumentCell(self.text, self.row, self.col, self.rows, self.cols, self.shaded)


def _table(table: Any, lists: Lists) -> Table:
    rows: list[list[_Open]] = []
    above: dict[int, _Open] = {}
    for r, tr in enumerate(table.iterfind(f"{W}tr")):
        row: list[_Open] = []
        before = tr.find(f"{W}trPr/{W}gridBefore")
        col = _int(before.get(f"{W}val")) if before is not None else 0
        for tc in tr.iterfind(f"{W}tc"):
            properties = tc.find(f"{W}tcPr")
            span = _int(_attr(properties, "gridSpan")) or 1
            merge = properties.find(f"{W}vMerge") if properties is not None else None
            started = above.get(col)
            if merge is not None and merge.get(f"{W}val") != "restart" and started is not None:
                started.rows = r - started.row + 1
            else:
                text = "\n".join(lists.label(p) + _text(p) for p in tc.iter(f"{W}p"))
                cell = _Open(text, r, col, span, _shaded(properties))
                row.append(cell)
                for c in range(col, col + span):
                    above[c] = cell
            col += span
        rows.append(row)
    return Table([[cell.cell() for cell in row] for row in rows])


def _attr(properties: Any, name: str) -> str | None:
    if properties is None:
        return None
    element = properties.find(f"{W}{name}")
    return None if element is None else element.get(f"{W}val")


def _int(value: str | None) -> int:
    return int(value) if value and value.isdigit() else 0


def _shaded(properties: Any) -> bool:
    """A fill other than none or white; or a pattern (solid, pct50) in a colour."""
    shading = properties.find(f"{W}shd") if properties is not None else None
    if shading is None:
        return False
    fill = shading.get(f"{W}fill")
    pattern = shading.get(f"{W}val") or "clear"
    colour = shading.get(f"{W}color")
    if fill not in UNSHADED:
        return True
    return pattern not in ("clear", "nil") and colour not in UNSHADED

"""Month headings and the marks under them, as offices write them.

A month is headed 1 … 12, 1月, 一月, 104年1月 (or 104.1, 104/1), or a quarter 第1季 … 第4季
(a quarterly plan's table, each quarter its three months); a scheduled month is marked
■ ◼ ● ✓ ✔ V ˇ √ …, or with a Wingdings symbol that comes out of a Word file as a private-use
character (U+F06E is Wingdings' ■, U+F0FC its ✓), or by shading the cell and writing nothing.
"""

from __future__ import annotations

import re
import unicodedata

MARKS = frozenset("■◼▪⬛●•✓✔✅☑VvˇＶｖ√◆★✗✘XxＸｘ○◎O")
"""Characters that mark a month: a cell of only these is a mark. ○ ◎ O X are marks in some
offices' tables and only there; they are accepted, and the report names each."""
_NUMERALS = "一二三四五六七八九十"
CHINESE_MONTHS = {
    **{ch: n for n, ch in enumerate(_NUMERALS, 1)},
    "十一": 11,
    "十二": 12,
}
CERTAIN = frozenset("■◼▪⬛●✓✔√ˇVvＶｖ")
BLANKS = frozenset("□☐◻▫-－—–―/／")
"""What a table writes in a month it does not schedule: an empty box, a dash, a slash. A cell
of only these marks nothing (□ beside ■ is the unmarked month of a table that fills boxes)."""
_HEADER = re.compile(
    r"^(?:(?:民國)?\s*(?P<year>\d{2,4})\s*[年./-]\s*)?(?P<month>\d{1,2}|[一二三四五六七八九十]{1,3})\s*月?(?:份)?$"
)


def month_of_header(text: str) -> tuple[int, int | None] | None:
    """(month, the 民國 or Gregorian year it names or None) for a month heading, else None."""
    cleaned = unicodedata.normalize("NFKC", text).strip().replace(" ", "")
    match = _HEADER.match(cleaned)
    if not match:
        return None
    written = match["month"]
    month = int(written) if written.isdigit() else CHINESE_MONTHS.get(written)
    if month is None or not 1 <= month <= 12:
        return None
    if not written.isdigit() and not cleaned.endswith(("月", "份")):
        return None  # 一 alone is a numbering, not January
    return month, int(match["year"]) if match["year"] else None


_QUARTER = re.compile(
    r"^(?:(?:民國)?\d{2,4}年(?:度)?)?(?:第(?P<n>[1-4一二三四])季|Q(?P<q>[1-4]))"
    r"(?:[(（][^)）]*[)）])?$"
)


def quarter_of_header(text: str) -> int | None:
    """The quarter (1-4) a column heading names: 第1季, 第一季, 104年第1季, Q1, 第1季（1-3月）;
    else None. A 管制表 of a quarterly plan marks quarters, not months."""
    cleaned = unicodedata.normalize("NFKC", text).strip().replace(" ", "").upper()
    match = _QUARTER.match(cleaned)
    if not match:
        return None
    written = match["n"] or match["q"]
    return int(written) if written.isdigit() else CHINESE_MONTHS[written]


def is_mark(text: str, shaded: bool) -> str | None:
    """None when the cell marks nothing; "" for a certain mark; else why it was taken as one
    (the note the task gets)."""
    stripped = "".join(text.split())
    if not stripped:
        return "以網底（無文字）標示月份" if shaded else None
    if all(ch in BLANKS for ch in stripped):
        return None
    if all(ch in CERTAIN for ch in stripped):
        return ""
    if all(_private(ch) for ch in stripped):
        codes = "、".join(f"U+{ord(ch):04X}" for ch in dict.fromkeys(stripped))
        return f"月份欄之符號字型字元（{codes}，Wingdings 等）視為標記"
    if all(ch in MARKS or _private(ch) for ch in stripped):
        return f"月份欄之「{stripped}」視為標記"
    return f"月份欄寫有「{stripped}」，視為標記"


def _private(ch: str) -> bool:
    return 0xE000 <= ord(ch) <= 0xF8FF

"""The numbering labels of Chinese official documents, recognised as written.

A plan numbers its parts 壹、貳、…, their paragraphs 一、, (一), 1., (1) — but another office
numbers its parts 一、 and its paragraphs (一). A label is kept exactly as printed (half- or
full-width brackets and dots, with its 、); only its *style* is compared, to tell a part
heading from an item and an item from a sub-item.
"""

from __future__ import annotations

import re

_CAPITAL = "壹貳參叁肆伍陸柒捌玖拾佰"
_CHINESE = "一二三四五六七八九十百零〇"
STYLES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("capital", re.compile(rf"^\s*([{_CAPITAL}]+\s*[、.．])")),
    ("chinese", re.compile(rf"^\s*([{_CHINESE}]+\s*[、．])")),
    ("paren-chinese", re.compile(rf"^\s*([(（]\s*[{_CHINESE}]+\s*[)）]\s*[、]?)")),
    ("arabic", re.compile(r"^\s*([0-9０-９]+\s*[.．、](?![0-9０-９]))")),
    ("paren-arabic", re.compile(r"^\s*([(（]\s*[0-9０-９]+\s*[)）]\s*[、]?)")),
)
ORDER = [name for name, _ in STYLES]


def split_number(text: str) -> tuple[str | None, str, str | None]:
    """(label, the text after it, style): "(一)訂定…" → ("(一)", "訂定…", "paren-chinese")."""
    for name, pattern in STYLES:
        match = pattern.match(text)
        if match:
            label = match.group(1).strip()
            rest = text[match.end() :]
            if rest.strip():
                return label, rest.lstrip(), name
    return None, text, None


def style_of(text: str) -> str | None:
    return split_number(text)[2]

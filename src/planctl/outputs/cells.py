"""Text in table cells, made safe for where it goes: Markdown, CSV, a terminal."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from datetime import date
from fractions import Fraction

from planctl.errors import utf8, visible
from planctl.plan.months import ROC_OFFSET

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
FORMULA_SIGNS = ("=", "+", "-", "@")


def display_width(text: str) -> int:
    """Terminal columns `text` takes: CJK and full-width characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def compact_months(months: Iterable[int]) -> str:
    """[1, 2, 3, 6] → "1-3, 6": how the months read in a report."""
    runs: list[list[int]] = []
    for month in sorted(set(months)):
        if runs and month == runs[-1][-1] + 1:
            runs[-1].append(month)
        else:
            runs.append([month])
    return ", ".join(f"{r[0]}-{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs)


def pct(value: Fraction) -> float:
    """A fraction as a percentage with one decimal: 1/3 → 33.3 (outputs round, queries keep
    exact fractions)."""
    return round(float(value * 100), 1)


def pct_label(value: Fraction) -> str:
    return f"{pct(value):g}%"


def roc_date(day: date) -> str:
    """2015-02-04 → 民國104年2月4日, as the document writes dates (here, not beside the
    templates: `diff` writes them in text and JSON without loading jinja2)."""
    return f"民國{day.year - ROC_OFFSET}年{day.month}月{day.day}日"


def md_cell(text: str) -> str:
    """A GitHub table cell that shows `text` as text: `|` escaped, markup characters as
    entities, line breaks as <br>, control characters and bidi overrides as visible escapes."""
    import html  # only for Markdown: a JSON or CSV answer does not load it

    escaped = html.escape(text, quote=False).replace("\\", "\\\\").replace("|", "\\|")
    for mark in "*_`[]~":
        escaped = escaped.replace(mark, "\\" + mark)
    return "<br>".join(visible(line.strip()) for line in escaped.splitlines())


def csv_cell(text: str) -> str:
    """A spreadsheet cell that cannot run as a formula: a leading = + - @ (the OWASP rule) gets
    a quote mark, also after spaces and in full-width form (＝＋－＠), which spreadsheets
    read the same way."""
    text = utf8(text)
    folded = unicodedata.normalize("NFKC", text).lstrip()
    return (
        "'" + text if text.startswith(FORMULA_STARTS) or folded.startswith(FORMULA_SIGNS) else text
    )


def group_title(plan: str, group: str, merged: bool) -> str:
    """A group's title (a section, a part of the plan); when several plans are merged, the
    plan's title before it, so that no row is read as another office's or year's."""
    return f"{plan} · {group}" if merged else group

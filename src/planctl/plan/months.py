"""Reading the month a user asks about: `3`, `2015-03`, or the 民國 form `104-03`."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from planctl.errors import UsageError

ROC_OFFSET = 1911
"""民國 year = Gregorian year − 1911 (here, not in the model: the queries use it without
importing pydantic)."""

MONTH_RANGE = re.compile(r"^\s*([0-9]{1,2})\s*-\s*([0-9]{1,2})\s*$")
"""A range of months as a plan writes it: `3-5`."""


def expand_month(spec: int | str) -> list[int]:
    """The months a spec names: 3 → [3]; "3-5" → [3, 4, 5]; a reversed range names none.
    (Here, not in the model: the rules use it without importing pydantic.)"""
    if isinstance(spec, int):
        return [spec]
    match = MONTH_RANGE.match(spec)
    assert match, spec
    first, last = int(match[1]), int(match[2])
    return list(range(first, last + 1))


_MONTH = re.compile(r"^(?:(?:民國)?(\d{2,4})\s*[-/年.]\s*)?(\d{1,2})\s*月?$")


@dataclass(frozen=True)
class Month:
    """A month; `year` is None when the user gave only the month (the plan's year is meant)."""

    month: int
    year: int | None = None

    def label(self, year: int) -> str:
        """`民國104年3月 (2015-03)`, the heading of a monthly report."""
        return f"民國{year - ROC_OFFSET}年{self.month}月 ({year}-{self.month:02})"


FORMS = "1-12, YYYY-MM (2015-03), 民國 YYY-MM, YYY/MM or 104年3月, or this / next (本月 / 下月)"
"""Every form --month accepts, for its help and its error message."""

_RELATIVE = {"this": 0, "本月": 0, "next": 1, "下月": 1}


def parse_month(text: str | None, today: date | None = None) -> Month:
    """The month a --month value names; today's month (and year) when none is given, and
    `this`/`next` (本月/下月) for today's month and the next (December's next is January of
    the next year).

    A 2–3 digit year is 民國 (104 → 2015), a 4-digit one Gregorian. Full-width digits are read
    as digits (３月)."""
    today = today or date.today()
    if text is None:
        return Month(today.month, today.year)
    normal = unicodedata.normalize("NFKC", text).strip()
    if normal.lower() in _RELATIVE:
        index = today.year * 12 + today.month - 1 + _RELATIVE[normal.lower()]
        return Month(index % 12 + 1, index // 12)
    match = _MONTH.match(normal)
    month = int(match[2]) if match else 0
    if not match or not 1 <= month <= 12:
        raise UsageError(f"--month 「{text}」: give a month as {FORMS}")
    year = int(match[1]) if match[1] else None
    if year is not None and year < 1000:
        year += ROC_OFFSET
    return Month(month, year)


def quarter_of(month: int) -> int:
    """The quarter (季) a month falls in: 1-3 → 1, …, 10-12 → 4."""
    return (month + 2) // 3


def quarter_months(quarter: int) -> range:
    """The months of a quarter: 1 → 1, 2, 3."""
    return range(3 * quarter - 2, 3 * quarter + 1)


def quarter_label(quarter: int) -> str:
    """第1季, as reports name a quarter."""
    return f"第{quarter}季"


def quarters_label(months: Iterable[int]) -> str:
    """第1、2季: the quarters of a quarterly plan's reports (months 3 and 6), as a list of
    missing reports names them."""
    return "第" + "、".join(str(quarter_of(month)) for month in months) + "季"

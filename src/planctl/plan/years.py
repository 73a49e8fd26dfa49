"""Reading years and dates as Chinese documents write them.

A title names its year as 民國105年, 105年度, 105年, 一〇五年度, 一百零五年度 or, in
Gregorian, 2016年度; a step's text states 2月16日 or 104年2月16日. The rules compare these with
the plan's `year`, so they must read every form people write, and tell a date that does not
exist (13月45日) from one that does.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from planctl.plan.months import ROC_OFFSET

_NUMERALS = "〇○零一二三四五六七八九十百"
_DIGIT = {"〇": 0, "○": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4}
_DIGIT |= {"五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_YEAR = re.compile(
    rf"(?<![0-9{_NUMERALS}])(民國\s*)?([0-9]{{2,4}}|[{_NUMERALS}]{{2,6}})\s*(年度|年)"
)
_POSITIONAL = re.compile(
    "(?:([一二三四五六七八九])百)?(零)?(?:([一二三四五六七八九])?十)?([一二三四五六七八九])?"
)
PERIOD_POINT = re.compile(
    r"(自|至|到)?\s*(?:民國)?\s*([0-9]{2,4})\s*年\s*([0-9]{1,2})\s*月(?:\s*([0-9]{1,2})\s*日)?"
    r"\s*(起|止)?"
)
# A point's own word (起, 止) says which end it is; without one, the word before it does:
# 自106年1月1日至106年12月31日止 starts on the first date though no 起 follows it.
_POINT_KEY = {"起": "start", "止": "end", "自": "start", "至": "end", "到": "end"}
STATED_DATE = re.compile(r"(?:(?<!\d)(\d{2,4})\)?\s*年\s*)?(\d{1,2})\s*月\s*(\d{1,2})\s*日")


@dataclass(frozen=True)
class YearMention:
    """A year as a text writes it, and the Gregorian year it means."""

    written: str
    year: int
    roc: bool
    """Written as a 民國 year (105年度, 一〇五年度), not a Gregorian one (2016年度)."""


def chinese_number(text: str) -> int | None:
    """一〇五 → 105 (digit by digit), 一百零五 → 105, 九十九 → 99 (positional); else None."""
    if "百" not in text and "十" not in text:
        return int("".join(str(_DIGIT[ch]) for ch in text)) if len(text) == 3 else None
    match = re.fullmatch(
        r"(?:([一二三四五六七八九])百)?(零)?(?:([一二三四五六七八九])?十)?([一二三四五六七八九])?",
        text,
    )
    if not match or not text:
        return None
    hundreds, _zero, tens, ones = match.groups()
    value = _DIGIT[hundreds] * 100 if hundreds else 0
    if "十" in text:
        value += (_DIGIT[tens] if tens else 1) * 10
    return value + (_DIGIT[ones] if ones else 0)


def title_year(title: str, plan_year: int | None = None) -> YearMention | None:
    """The first year a title names, or None. A bare two-digit number before 年 (12年國教) is
    not a year unless 民國 or 年度 marks it as one. Four digits are a Gregorian year (2016年度)
    unless, read as a 民國 year, they are `plan_year`: 民國 years have four digits from 2911 on
    (8088年度 is 9999)."""
    text = unicodedata.normalize("NFKC", title)
    for match in _YEAR.finditer(text):
        prefix, number, suffix = match.groups()
        mention = _mention(match[0], number, bool(prefix), suffix == "年度", plan_year)
        if mention is not None:
            return mention
    return None


def _mention(
    written: str, number: str, roc_marked: bool, annual: bool, plan_year: int | None
) -> YearMention | None:
    if number.isdigit():
        if roc_marked:
            return YearMention(written, int(number) + ROC_OFFSET, roc=True)
        if len(number) == 2 and not annual:
            return None
        year = gregorian(number, plan_year)
        return YearMention(written, year, roc=year != int(number))
    value = chinese_number(number)
    if value is None or (value < 100 and not (roc_marked or annual)):
        return None
    return YearMention(written, value + ROC_OFFSET, roc=True)


def gregorian(digits: str, plan_year: int | None = None) -> int:
    """The Gregorian year a year written in digits means: two or three digits are a 民國
    year; four are Gregorian (2016) unless, read as 民國, they are `plan_year` (民國 years
    have four digits from 2911 on: 8088 in a plan for 9999)."""
    number = int(digits)
    if len(digits) == 4 and number + ROC_OFFSET != plan_year:
        return number
    return number + ROC_OFFSET


@dataclass(frozen=True)
class StatedDate:
    """A date a text states (月日, with or without its year)."""

    written: str
    year: int | None
    """Gregorian, as `gregorian` reads the year written."""
    month: int
    day: int

    def on(self, year: int) -> date | None:
        """The date in `year` (Gregorian), or None when no such day exists (13月45日)."""
        try:
            return date(year, self.month, self.day)
        except ValueError:
            return None


def stated_dates(text: str, plan_year: int | None = None) -> list[StatedDate]:
    """Every 月日 date the text states, in order (`plan_year`: see `gregorian`)."""
    found = []
    for match in STATED_DATE.finditer(text):
        year, month, day = match.groups()
        written = f"{year}年{month}月{day}日" if year else f"{month}月{day}日"
        read = gregorian(year, plan_year) if year else None
        found.append(StatedDate(written, read, int(month), int(day)))
    return found


def period_points(text: str, plan_year: int | None = None) -> dict[str, date]:
    """The start (…起, or 自… where no 起 follows) and end (…止, or 至…) a period's text
    states, to the day or to the month: 自民國107年1月起至民國107年12月止 → 2018-01-01 and
    2018-12-31, as 自107年1月1日至107年12月31日 does; a date that does not
    exist (or lies past 9999) is left out (PC408 names it). `plan_year`: see `gregorian`."""
    found: dict[str, date] = {}
    for before, year, month, day, point in PERIOD_POINT.findall(
        unicodedata.normalize("NFKC", text)
    ):
        key = _POINT_KEY.get(point or before)
        if key is None:
            continue
        read = gregorian(year, plan_year)
        try:
            if day:
                found[key] = date(read, int(month), int(day))
            elif key == "start":
                found[key] = date(read, int(month), 1)
            else:
                found[key] = date(read, int(month), calendar.monthrange(read, int(month))[1])
        except (ValueError, calendar.IllegalMonthError):
            continue
    return found

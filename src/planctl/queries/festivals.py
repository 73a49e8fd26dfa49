"""The festivals whose dates move every year (春節, 端午, 中秋): lunar dates, so a deadline or
a month chosen for one of them last year may be wrong next year.

Dates from `lunardate` (the Chinese calendar, 1900–2099, as Taiwan observes it: 春節 2015 is
2015-02-19, 2016 is 2016-02-08)."""

from __future__ import annotations

from datetime import date

from lunardate import LunarDate  # type: ignore[import-untyped]  # typed, but no py.typed

FESTIVALS: dict[str, tuple[int, int]] = {"春節": (1, 1), "端午": (5, 5), "中秋": (8, 15)}
"""Each festival's lunar month and day."""
NEAR_DAYS = 10
"""A date this close to a festival is probably set by it (the holidays last up to 9 days)."""


def festival_date(name: str, year: int) -> date | None:
    """The Gregorian date of the festival in `year`; None outside the calendar's range."""
    month, day = FESTIVALS[name]
    try:
        solar: date = LunarDate(year, month, day).to_solar_date()
    except ValueError:
        return None
    return solar


def festivals_near(day: date) -> list[tuple[str, date]]:
    """The festivals within NEAR_DAYS of `day`, with their dates."""
    near = []
    for name in FESTIVALS:
        when = festival_date(name, day.year)
        if when is not None and abs((when - day).days) <= NEAR_DAYS:
            near.append((name, when))
    return near


def festivals_named(text: str) -> list[str]:
    """The festivals a text names (端午節, 中秋節 …)."""
    return [name for name in FESTIVALS if name in text]

"""Dates, months and years: every task has months of the plan year, every deadline and period is
a date of the plan year that its text states, every title names the plan year (PC301–PC303,
PC401–PC410)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import TYPE_CHECKING

from planctl.plan.findings import Code, Finding
from planctl.plan.months import ROC_OFFSET, expand_month
from planctl.plan.quoting import clip
from planctl.plan.years import YearMention, period_points, stated_dates, title_year

if TYPE_CHECKING:  # the registry reads the codes without the model (pydantic)
    from planctl.plan.model import Approval, PeriodPart, Plan
    from planctl.plan.source import YamlPath
    from planctl.rules.walk import Walk

NO_MONTHS = Code.parse(
    """
PC301 warning: a task with no months (`months: []`: not known yet)
why: A task without months never appears in `due` for any month and its row in the printed 管制表
  has no ■: nobody is reminded of it. It is a warning because the source document sometimes does not
  tell the months yet.
fix: Fill in the months when they are decided. Until then, say why in a `note:`; an office that
  accepts the gap can list PC301 under the plan's `check: {ignore: [PC301]}` or run `planctl check
  --ignore PC301`.
example of a task:
  -months: []
  +months: [1-2]
"""
)


def months_missing(walk: Walk) -> Iterator[Finding]:
    """PC301: a task without months is never due and prints no ■: nobody is reminded of it."""
    for path, _table, task in walk.tasks:
        if not task.months:
            yield NO_MONTHS.finding(
                f"task {clip(task.id)} has no months",
                (*path, "months"),
                hint="the months are not known yet; fill them in when they are",
            )


MONTH_OUT_OF_RANGE = Code.parse(
    """
PC302 error: a month outside 1–12, or a reversed range
why: Month 13 or a range `5-3` schedules nothing: the task would drop out of `due` and show no ■ in
  the printed table.
fix: Use months 1–12 of the plan year, ranges written low to high (`3-5`). Work that runs into the
  next year belongs in next year's plan.
example of a task:
  -months: [11-13]
  +months: [11-12]
"""
)


MONTH_REPEATED = Code.parse(
    """
PC303 warning: a month listed twice in one task
why: Harmless for planctl (each month counts once), but it usually means a typo in a range: `[3-5,
  5]` where `[3-5, 6]` was meant.
fix: Remove the repeated month, or correct the one that was mistyped.
example of a task:
  -months: [3-6, 6]
  +months: [3-6]
"""
)


def months_invalid(walk: Walk) -> Iterator[Finding]:
    """PC302: a month outside 1–12 (or a reversed range) schedules nothing; PC303: a month
    listed twice is harmless but usually a mistyped range."""
    for path, _table, task in walk.tasks:
        seen: set[int] = set()
        for index, spec in enumerate(task.months):
            months = expand_month(spec)
            if not months or min(months) < 1 or max(months) > 12:
                yield MONTH_OUT_OF_RANGE.finding(
                    f"month {clip(str(spec))} is not within 1-12",
                    (*path, "months", index),
                    hint="months are 1-12 of the plan year; a range is written 3-5",
                )
            elif not seen.isdisjoint(months):
                message = f"month {clip(str(spec))} is listed twice in task {clip(task.id)}"
                yield MONTH_REPEATED.finding(message, (*path, "months", index))
            seen.update(months)


def _deadlines(walk: Walk) -> Iterator[tuple[YamlPath, date]]:
    """Every dated deadline: of the plan's paragraphs, and of strategy-table rows (完成期限)."""
    tables = iter(walk.strategy_tables)
    for part_index, part in enumerate(walk.plan.parts):
        if part.kind == "strategies":
            for path, row in next(tables).rows:
                if row.deadline:
                    yield (*path, "deadline"), row.deadline
        elif part.kind != "period" and part.kind != "schedules":
            for i, item in enumerate(part.items):
                if item.deadline:
                    yield ("parts", part_index, "items", i, "deadline"), item.deadline


TEXT_DATING = ("函頒", "修訂")
"""The records that date the plan's text: the office issues (函頒) or revises (修訂) it. A
superior's 核定 or 核備 often comes weeks later, after the plan's first deadlines (報局核備
by 2月16日 is itself one of them), so it never makes a deadline early."""


def text_dated(plan: Plan) -> Approval | None:
    """The record PC402 measures deadlines against: the earliest 函頒 or 修訂, the day the
    plan's text existed. A deadline before it cannot be one the text set (a typo in the
    month or the year); a deadline a later revision kept after it passed is no error."""
    dating = [approval for approval in plan.approvals if approval.kind in TEXT_DATING]
    return min(dating, key=lambda approval: approval.date, default=None)


DEADLINE_OUTSIDE_YEAR = Code.parse(
    """
PC401 error: a deadline outside the plan year
why: A plan covers one year: a deadline in another year never shows up in `due` for any month of the
  plan, so nobody is reminded of it. It is usually a 民國 year converted wrongly (104 + 1911 =
  2015).
fix: Write the Gregorian date of the plan year: 民國104年2月16日 is 2015-02-16.
example:
   text: 各課室於104年2月16日前提出。
  -deadline: 2016-02-16
  +deadline: 2015-02-16
"""
)


DEADLINE_BEFORE_TEXT = Code.parse(
    """
PC402 error: a deadline before the plan's text was written: its first 函頒 or 修訂 date (a later
  核定 or 核備 does not count)
why: A deadline that had passed before the plan's text was issued or revised cannot be met by it;
  usually the month and day are swapped or mistyped. A superior's 核定 or 核備 often comes after the
  plan's first deadlines, so it does not count.
fix: Correct the date to the one the text states; if the step really lies in the past, update the
  text and the 修訂 record in `approvals:` together.
bad:
  approvals:
    - {kind: 修訂, date: 2015-02-04}
  …
      deadline: 2015-01-16
good:
  approvals:
    - {kind: 修訂, date: 2015-02-04}
  …
      deadline: 2015-02-16
"""
)


def deadlines_in_year(walk: Walk) -> Iterator[Finding]:
    """PC401: a deadline outside the plan year is never due in any month of it; PC402: one
    before the plan's text existed cannot have been set by it (a mistyped month or year)."""
    plan = walk.plan
    dated = text_dated(plan)
    for path, deadline in _deadlines(walk):
        if deadline.year != plan.year:
            yield DEADLINE_OUTSIDE_YEAR.finding(
                f"deadline {deadline} is outside the plan year {plan.year} (民國{plan.roc_year}年)",
                path,
            )
        elif dated and deadline < dated.date:
            message = f"deadline {deadline} is before the plan's {dated.kind} date {dated.date}"
            yield DEADLINE_BEFORE_TEXT.finding(message, path)


DEADLINE_NOT_STATED = Code.parse(
    """
PC403 warning: a step's deadline is not a date its text states
why: The printed plan shows the text, `due` uses the `deadline`: when they differ, the counter and
  the paper disagree about when the step is due.
fix: Make the `deadline` the date the text states (or correct the text, if the date was changed on
  purpose).
example:
   text: 各課室於104年2月16日前提出。
  -deadline: 2015-02-26
  +deadline: 2015-02-16
"""
)


STATED_DATE_NO_DEADLINE = Code.parse(
    """
PC404 warning: a step's text states a date of the plan year but has no `deadline`
why: `due` lists only dated deadlines: a step whose text says 「2月16日前」 but has no `deadline`
  key is never shown at the counter in February.
fix: Add `deadline:` with the date in YYYY-MM-DD (the hint gives it).
bad:
  - number: 二、
    text: 各課室於104年2月16日前提出。
good:
  - number: 二、
    text: 各課室於104年2月16日前提出。
    deadline: 2015-02-16
"""
)


def deadlines_match_text(walk: Walk) -> Iterator[Finding]:
    """A step whose text states a date of the plan year should carry it as its deadline."""
    plan = walk.plan
    for part_index, part in enumerate(plan.parts):
        if part.kind != "steps":
            continue
        for i, item in enumerate(part.items):
            stated = _stated_dates(item.text, plan)
            path: YamlPath = ("parts", part_index, "items", i)
            if item.deadline and stated and item.deadline not in stated:
                yield DEADLINE_NOT_STATED.finding(
                    f"deadline {item.deadline} is not a date its text states",
                    (*path, "deadline"),
                )
            elif stated and not item.deadline:
                day = stated[0]
                yield STATED_DATE_NO_DEADLINE.finding(
                    f"the text states {day.month}月{day.day}日 but the item has no deadline",
                    (*path, "text"),
                    hint=f"add `deadline: {day.isoformat()}`",
                )


def _stated_dates(text: str, plan: Plan) -> list[date]:
    """The dates `text` states that fall in the plan year (or name no year) and exist."""
    days = (
        stated.on(plan.year)
        for stated in stated_dates(text, plan.year)
        if stated.year in (None, plan.year)
    )
    return [day for day in days if day is not None]


IMPOSSIBLE_DATE = Code.parse(
    """
PC408 warning: a text states a date that does not exist (13月45日, 2月30日)
why: A date that does not exist (13月45日) is a typing slip in the plan's own wording; the office
  would print and sign it as it stands.
fix: Correct the text from the source document; if the step has a `deadline:`, make it the same
  date.
bad:
  text: 各課室於104年13月45日前提出。
good:
  text: 各課室於104年3月15日前提出。
"""
)


def impossible_dates(walk: Walk) -> Iterator[Finding]:
    """PC408: a text stating 13月45日 or 2月30日: no deadline can be read from it. Only the
    texts holding both 月 and 日 (the walk's `dated_texts`) are searched."""
    plan = walk.plan
    for path, text in walk.dated_texts:
        for stated in stated_dates(text, plan.year):
            if stated.on(stated.year or plan.year) is None:
                yield IMPOSSIBLE_DATE.finding(
                    f"the text states {clip(stated.written)}, a date that does not exist",
                    path,
                    hint="correct the date in the text (a typo in the month or the day?)",
                )


TITLE_YEAR = Code.parse(
    """
PC405 error: the year a title names disagrees with `year` (2015 = 民國104年; 104年度, 民國104年,
  一〇四年度 and 2015年度 all read)
why: A plan copied from last year's file often keeps last year's `year:` or title; every month `due`
  answers would then be for the wrong year.
fix: Make `year` the Gregorian form of the title's 民國 year (民國 + 1911), or correct the title.
bad:
  title: 臺北市中正區戶政事務所104年度提升服務品質實施計畫
  year: 2014
good:
  title: 臺北市中正區戶政事務所104年度提升服務品質實施計畫
  year: 2015
"""
)


def roc_years(walk: Walk) -> Iterator[Finding]:
    """PC405: the title (and each schedule table's) names the plan year, so that a plan copied
    from last year's file cannot answer `due` for the wrong year."""
    plan = walk.plan
    titles: list[tuple[YamlPath, str]] = [(("title",), plan.title)]
    titles += [((*path, "title"), table.title) for path, table in walk.tables if table.title]
    for path, title in titles:
        mention = title_year(title, plan.year)
        if mention and mention.year != plan.year:
            yield TITLE_YEAR.finding(_year_message(mention, plan), path)


def _year_message(mention: YearMention, plan: Plan) -> str:
    """What the title says against what the plan year is, in the title's own calendar."""
    if not mention.roc:
        return (
            f"title says {mention.written} but the plan year is {plan.year} (民國{plan.roc_year}年)"
        )
    written = mention.written if mention.written.startswith("民國") else "民國" + mention.written
    roc = mention.year - ROC_OFFSET
    if not mention.written.lstrip("民國 ")[:1].isdigit():
        written += f" (民國{roc}年)"
    return f"title says {written} but the plan year {plan.year} is 民國{plan.roc_year}年"


PERIOD_REVERSED = Code.parse(
    """
PC406 error: the period ends before it starts
why: A reversed 實施期間 is a typo in one of the two dates; the printed plan would state an
  impossible period.
fix: Correct the date that is wrong (compare with the period's text).
bad:
  kind: period
  start: 2015-03-01
  end: 2015-02-28
good:
  kind: period
  start: 2015-03-01
  end: 2015-12-31
"""
)


PERIOD_OUTSIDE_YEAR = Code.parse(
    """
PC407 error: a period date outside the plan year (`due` would never reach it)
why: A 實施期間 that reaches into another year is most often a 民國 year converted wrongly
  (民國105年 for 104年); `due` and `status` ask about months of the plan year, so an end date in
  another year is never due and the plan's last deadline silently disappears.
fix: Check the date against the text: 民國104年12月31日 is 2015-12-31. A plan that really runs over
  two years is two plans, one per year.
bad:
  kind: period
  text: 至 104 年 12 月 31 日止。
  end: 2016-12-31
good:
  kind: period
  text: 至 104 年 12 月 31 日止。
  end: 2015-12-31
"""
)


def _periods(plan: Plan) -> Iterator[tuple[YamlPath, PeriodPart]]:
    """The 實施期間 parts, with their paths."""
    for part_index, part in enumerate(plan.parts):
        if part.kind == "period":
            yield ("parts", part_index), part


def period(walk: Walk) -> Iterator[Finding]:
    """PC406: a period that ends before it starts; PC407: a period date in another year, which
    `due` and `status` (asking about months of the plan year) would never reach."""
    plan = walk.plan
    for base, part in _periods(plan):
        if part.start and part.end and part.end < part.start:
            yield PERIOD_REVERSED.finding(
                f"period ends ({part.end}) before it starts ({part.start})",
                (*base, "end"),
            )
        for key, day in (("start", part.start), ("end", part.end)):
            if day and day.year != plan.year:
                yield PERIOD_OUTSIDE_YEAR.finding(
                    f"period {key} {day} is outside the plan year {plan.year}",
                    (*base, key),
                )


PERIOD_NOT_CARRIED = Code.parse(
    """
PC409 warning: a period's text states a start or end (to the day, or to the month:
  自民國107年1月起至民國107年12月止) that `start:`/`end:` do not carry
why: `due` reads the period's end from `end:`, not from the text: a 實施期間 stated in words but not
  in `start:`/`end:` is never due, and one that disagrees answers with the wrong date.
fix: Write the dates the text states: to the month, the first and last day of those months
  (自民國107年1月起至民國107年12月止: 2018-01-01 and 2018-12-31).
bad:
  kind: period
  text: 自民國107年1月起至民國107年12月止。
good:
  kind: period
  text: 自民國107年1月起至民國107年12月止。
  start: 2018-01-01
  end: 2018-12-31
"""
)


def period_stated(walk: Walk) -> Iterator[Finding]:
    """PC409: a period whose text states its start or end (to the day, or to the month:
    自民國107年1月起至民國107年12月止) should carry it, so that `due` reaches it."""
    plan = walk.plan
    for base, part in _periods(plan):
        for key, stated in period_points(part.text, plan.year).items():
            given: date | None = getattr(part, key)
            if given == stated:
                continue
            where = (*base, key) if given else (*base, "text")
            said = f"is {given}" if given else "is not given"
            yield PERIOD_NOT_CARRIED.finding(
                f"the text states the period's {key} {stated}, but `{key}:` {said}",
                where,
                hint=f"write `{key}: {stated.isoformat()}`",
            )


# PC410 is reported by planctl.repository.check (Identity.overlap), the one stage that sees
# every file of a run; it is declared here, with the other codes of a plan's year.
TWO_PLANS = Code.parse(
    """
PC410 error: two plans for the same office and year in one run (the finding names both files)
why: `due`, `duties` and `status` would merge the two plans' tasks as if they were one office's
  work: every task listed twice, or an old revision's months mixed with the new one's.
fix: Keep one file per office and year: a revised plan replaces the old file (git keeps the old
  revision). Check that `office:` and `year:` of a copied plan were changed.
bad:
  # plans/2015.yaml and plans/2015-revised.yaml, both:
  office: 臺北市中正區戶政事務所
  year: 2015
good:
  # plans/2015.yaml only (the revision replaces it):
  office: 臺北市中正區戶政事務所
  year: 2015
"""
)

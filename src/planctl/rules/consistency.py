"""Consistency rules over a valid plan: pure functions from the model to findings.

Each rule has a stable code, documented in the README. Findings carry the path of what they
are about; `planctl.repository.check` turns paths into file positions.
"""

from __future__ import annotations

import difflib
import heapq
import re
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import date

from pydantic import BaseModel

from planctl.plan.characters import blank, blank_hint
from planctl.plan.findings import Finding, Severity
from planctl.plan.model import (
    ROC_OFFSET,
    Approval,
    GoalsPart,
    Method,
    PeriodPart,
    Plan,
    ScheduleTable,
    Strategy,
    StrategyPart,
    Task,
    TextPart,
    Unit,
    expand_month,
)
from planctl.plan.quoting import clip
from planctl.plan.source import YamlPath
from planctl.plan.units import (
    UnitIndex,
    invisible,
    normalise,
    show_invisible,
    variant_differences,
    without_invisible,
)
from planctl.plan.years import YearMention, period_points, stated_dates, title_year

E, W = Severity.ERROR, Severity.WARNING
Rule = Callable[[Plan], Iterator[Finding]]
TASK_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$")


def check_plan(plan: Plan) -> list[Finding]:
    """Every finding of every rule, in rule order."""
    return list(each_finding(plan))


def each_finding(plan: Plan) -> Iterator[Finding]:
    """The findings one at a time, so that a caller can count what it does not keep."""
    for rule in RULES:
        yield from rule(plan)


# -- units -----------------------------------------------------------------------------------


def unit_references(plan: Plan) -> Iterator[tuple[YamlPath, str]]:
    """Every unit named in the plan body and schedules, with its path."""
    for part_index, part in enumerate(plan.parts):
        if isinstance(part, StrategyPart):
            for path, strategy in _strategies(part, ("parts", part_index)):
                yield from _listed((*path, "units"), strategy.units)
            for path, method in _methods(part, ("parts", part_index)):
                yield from _listed((*path, "units"), method.units)
                for sub_index, sub in enumerate(method.subitems):
                    yield from _listed((*path, "subitems", sub_index, "units"), sub.units)
    for (part_index, table_index), table in plan.schedule_tables():
        yield from _listed(("parts", part_index, "tables", table_index, "units"), table.units)
    for path, _table, task in _tasks(plan):
        yield from _listed((*path, "units"), task.units)


def _strategies(part: StrategyPart, base: YamlPath) -> Iterator[tuple[YamlPath, Strategy]]:
    for p, principle in enumerate(part.principles):
        for s, strategy in enumerate(principle.strategies):
            yield (*base, "principles", p, "strategies", s), strategy


def _methods(part: StrategyPart, base: YamlPath) -> Iterator[tuple[YamlPath, Method]]:
    for path, strategy in _strategies(part, base):
        for m, method in enumerate(strategy.methods):
            yield (*path, "methods", m), method


def _registry_names(plan: Plan) -> Iterator[tuple[YamlPath, str, Unit]]:
    """Each name and alias of the `units:` registry, with its path and its unit."""
    for unit_index, unit in enumerate(plan.units):
        yield ("units", unit_index, "name"), unit.name, unit
        for path, alias in _listed(("units", unit_index, "aliases"), unit.aliases):
            yield path, alias, unit


def _listed(path: YamlPath, names: list[str]) -> Iterator[tuple[YamlPath, str]]:
    for index, name in enumerate(names):
        yield (*path, index), name


def unknown_units(plan: Plan) -> Iterator[Finding]:
    index = UnitIndex.of(plan)
    suggest = Suggestions(index.names())
    for path, name in unit_references(plan):
        if index.find(name) is None:
            close = suggest(name)
            hint = f"did you mean {clip(close)}?" if close else ""
            hint = hint or f"add it to `units:` or use one of: {suggest.known}"
            yield Finding("PC201", E, f"unknown unit 「{clip(name)}」", path, hint=hint)


def _occurrences(name: str) -> list[tuple[str, int]]:
    """Each character with its number of occurrence so far: "9" twice gives ("9", 1), ("9", 2),
    so that counting index hits counts the characters two names share, repeats included."""
    seen: Counter[str] = Counter()
    found = []
    for character in name:
        seen[character] += 1
        found.append((character, seen[character]))
    return found


class Suggestions:
    """ "Did you mean" for unit names, fast with a registry of thousands: difflib compares a
    name with every known one, so 5,000 unknown names × 5,000 known ones took minutes.

    Only the known names sharing the most characters with the unknown one (found through an
    index of characters) go to difflib; each unknown name is looked up once; and after
    MAX_LOOKUPS different names no more are (only the first 200 findings of a code are shown)."""

    CANDIDATES = 30
    MAX_LOOKUPS = 200
    MAX_LISTED = 20

    def __init__(self, names: list[str]) -> None:
        self.names = names
        self.by_character: dict[tuple[str, int], list[int]] = {}
        for number, name in enumerate(names):
            for occurrence in _occurrences(name):
                self.by_character.setdefault(occurrence, []).append(number)
        self.cache: dict[str, str | None] = {}
        listed = "、".join(clip(known) for known in names[: self.MAX_LISTED])
        more = len(names) - self.MAX_LISTED
        self.known = listed + (f" and {more:,} more" if more > 0 else "")

    def __call__(self, name: str) -> str | None:
        if name not in self.cache:
            if len(self.cache) >= self.MAX_LOOKUPS:
                return None
            self.cache[name] = self._closest(name)
        return self.cache[name]

    def _closest(self, name: str) -> str | None:
        shared: Counter[int] = Counter()
        for occurrence in _occurrences(name):
            shared.update(self.by_character.get(occurrence, ()))
        # difflib's ratio favours the most characters in common, then the nearest length.
        best = heapq.nlargest(
            self.CANDIDATES,
            shared.items(),
            key=lambda item: (item[1], -abs(len(self.names[item[0]]) - len(name))),
        )
        candidates = [self.names[number] for number, _ in best]
        close = difflib.get_close_matches(name, candidates, n=1, cutoff=0.3)
        return close[0] if close else None


def unit_names_invisible(plan: Plan) -> Iterator[Finding]:
    """PC204: a registry name or alias holding an invisible character (pasted from a web page
    or a PDF) looks right, but no one can type it to search for it."""
    for path, name, _unit in _registry_names(plan):
        if invisible(name):
            yield Finding(
                "PC204",
                W,
                f"unit name 「{clip(show_invisible(name))}」 contains an invisible character "
                f"({', '.join(invisible(name))})",
                path,
                hint=f"retype it as 「{clip(without_invisible(name))}」",
            )


def unit_variants(plan: Plan) -> Iterator[Finding]:
    """PC204: a unit written differently from the registry only by characters that lookups
    fold (invisible ones, full-width forms, 台 for 臺): planctl finds it, grep does not."""
    index = UnitIndex.of(plan)
    for path, name in unit_references(plan):
        registered = index.spelling(name)
        if registered is None:
            continue
        target = without_invisible(registered)
        if name.strip() == target.strip():
            continue
        differences = " and ".join(variant_differences(name, target))
        yield Finding(
            "PC204",
            W,
            f"unit 「{clip(show_invisible(name))}」 is written differently from 「{clip(target)}」 "
            f"in `units:`: {differences}",
            path,
            hint=f"write 「{clip(target)}」",
        )


def units_defined_twice(plan: Plan) -> Iterator[Finding]:
    seen: dict[str, str] = {}
    for path, name, unit in _registry_names(plan):
        key = normalise(name)
        if key in seen and seen[key] != unit.name:
            message = f"unit name 「{clip(name)}」 already names 「{clip(seen[key])}」"
            yield Finding("PC202", E, message, path)
        elif key in seen and path[-1] != "name":
            message = f"alias 「{clip(name)}」 repeats a name of the same unit"
            yield Finding("PC202", E, message, path)
        seen.setdefault(key, unit.name)


def units_listed_twice(plan: Plan) -> Iterator[Finding]:
    index = UnitIndex.of(plan)
    seen: dict[YamlPath, set[str]] = {}
    for path, name in unit_references(plan):
        unit = index.find(name)
        key = unit.name if unit else name
        listed = seen.setdefault(path[:-1], set())
        if key in listed:
            yield Finding("PC203", W, f"unit 「{clip(name)}」 is listed twice here", path)
        listed.add(key)


# -- schedules -------------------------------------------------------------------------------


def _tasks(plan: Plan) -> Iterator[tuple[YamlPath, ScheduleTable, Task]]:
    for (part_index, table_index), table in plan.schedule_tables():
        base: YamlPath = ("parts", part_index, "tables", table_index)
        for i, item in enumerate(table.items):
            for t, task in enumerate(item.tasks):
                yield (*base, "items", i, "tasks", t), table, task


def months_missing(plan: Plan) -> Iterator[Finding]:
    for path, _table, task in _tasks(plan):
        if not task.months:
            yield Finding(
                "PC301",
                W,
                f"task {clip(task.id)} has no months",
                (*path, "months"),
                hint="the months are not known yet; fill them in when they are",
            )


def months_invalid(plan: Plan) -> Iterator[Finding]:
    for path, _table, task in _tasks(plan):
        seen: set[int] = set()
        for index, spec in enumerate(task.months):
            where = (*path, "months", index)
            months = expand_month(spec)
            if not months or any(not 1 <= month <= 12 for month in months):
                yield Finding(
                    "PC302",
                    E,
                    f"month {clip(str(spec))} is not within 1-12",
                    where,
                    hint="months are 1-12 of the plan year; a range is written 3-5",
                )
            elif seen.intersection(months):
                message = f"month {clip(str(spec))} is listed twice in task {clip(task.id)}"
                yield Finding("PC303", W, message, where)
            seen.update(months)


def task_ids(plan: Plan) -> Iterator[Finding]:
    first: dict[str, str] = {}
    for path, table, task in _tasks(plan):
        where = (*path, "id")
        if not TASK_ID.match(task.id):
            yield Finding(
                "PC304",
                E,
                f"task ID '{clip(task.id)}' is not a short ASCII name",
                where,
                hint="letters, digits, '.', '-' and '_', at most 32, e.g. reg-1.2",
            )
        elif task.id in first:
            yield Finding(
                "PC305",
                E,
                f"task ID '{clip(task.id)}' is used twice",
                where,
                hint=f"first used by 「{clip(first[task.id])}」",
            )
        elif not task.id.startswith(table.code + "-"):
            yield Finding(
                "PC306",
                W,
                f"task ID '{clip(task.id)}' does not start with its table's code "
                f"'{clip(table.code)}-'",
                where,
            )
        first.setdefault(task.id, task.text)


def item_numbers(plan: Plan) -> Iterator[Finding]:
    """PC307 for a 編號 repeated, PC308 for whole numbers out of order (labels as written,
    一、 or (一), are only checked for repeats)."""
    for (part_index, table_index), table in plan.schedule_tables():
        previous = 0
        labels: set[str] = set()
        for i, item in enumerate(table.items):
            where = ("parts", part_index, "tables", table_index, "items", i, "number")
            if isinstance(item.number, str):
                if item.number in labels:
                    yield Finding(
                        "PC307",
                        E,
                        f"編號 {clip(item.number)} is used twice in {clip(table.section)}",
                        where,
                        hint="an item continued on a new page is one item: merge them",
                    )
                labels.add(item.number)
                continue
            if item.number <= previous:
                code, severity = ("PC307", E) if item.number == previous else ("PC308", W)
                yield Finding(
                    code,
                    severity,
                    f"編號 {clip(str(item.number))} follows 編號 {clip(str(previous))} "
                    f"in {clip(table.section)}",
                    where,
                    hint="an item continued on a new page is one item: merge them",
                )
            previous = max(previous, item.number)


def table_sections(plan: Plan) -> Iterator[Finding]:
    seen: set[str] = set()
    for (part_index, table_index), table in plan.schedule_tables():
        base: YamlPath = ("parts", part_index, "tables", table_index)
        for key, value in (("section", table.section), ("code", table.code)):
            if value in seen:
                message = f"{key} '{clip(value)}' has two schedule tables"
                yield Finding("PC309", E, message, (*base, key))
            seen.add(value)


# -- dates and years -------------------------------------------------------------------------


def _deadlines(plan: Plan) -> Iterator[tuple[YamlPath, date, str]]:
    """Every dated deadline: of the plan's paragraphs, and of strategy-table rows (完成期限)."""
    for part_index, part in enumerate(plan.parts):
        base: YamlPath = ("parts", part_index)
        if isinstance(part, TextPart | GoalsPart):
            for i, item in enumerate(part.items):
                if item.deadline:
                    yield (*base, "items", i, "deadline"), item.deadline, item.text
        elif isinstance(part, StrategyPart):
            rows: list[tuple[YamlPath, Strategy | Method]] = []
            rows += _strategies(part, base)
            rows += _methods(part, base)
            for path, row in rows:
                if row.deadline:
                    yield (*path, "deadline"), row.deadline, row.text


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


def deadlines_in_year(plan: Plan) -> Iterator[Finding]:
    dated = text_dated(plan)
    for path, deadline, _text in _deadlines(plan):
        if deadline.year != plan.year:
            yield Finding(
                "PC401",
                E,
                f"deadline {deadline} is outside the plan year {plan.year} (民國{plan.roc_year}年)",
                path,
            )
        elif dated and deadline < dated.date:
            message = f"deadline {deadline} is before the plan's {dated.kind} date {dated.date}"
            yield Finding("PC402", E, message, path)


def deadlines_match_text(plan: Plan) -> Iterator[Finding]:
    """A step whose text states a date of the plan year should carry it as its deadline."""
    for part_index, part in enumerate(plan.parts):
        if not isinstance(part, TextPart) or part.kind != "steps":
            continue
        for i, item in enumerate(part.items):
            stated = _stated_dates(item.text, plan)
            path: YamlPath = ("parts", part_index, "items", i)
            if item.deadline and stated and item.deadline not in stated:
                yield Finding(
                    "PC403",
                    W,
                    f"deadline {item.deadline} is not a date its text states",
                    (*path, "deadline"),
                )
            elif stated and not item.deadline:
                day = stated[0]
                yield Finding(
                    "PC404",
                    W,
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


def impossible_dates(plan: Plan) -> Iterator[Finding]:
    """PC408: a text stating 13月45日 or 2月30日: no deadline can be read from it."""
    for path, text in _texts(plan):
        for stated in stated_dates(text, plan.year):
            if stated.on(stated.year or plan.year) is None:
                yield Finding(
                    "PC408",
                    W,
                    f"the text states {clip(stated.written)}, a date that does not exist",
                    path,
                    hint="correct the date in the text (a typo in the month or the day?)",
                )


def period_stated(plan: Plan) -> Iterator[Finding]:
    """PC409: a period whose text states its start or end (to the day, or to the month:
    自民國107年1月起至民國107年12月止) should carry it, so that `due` reaches it."""
    for part_index, part in enumerate(plan.parts):
        if not isinstance(part, PeriodPart):
            continue
        for key, stated in period_points(part.text, plan.year).items():
            given: date | None = getattr(part, key)
            if given == stated:
                continue
            where = ("parts", part_index, key) if given else ("parts", part_index, "text")
            said = f"is {given}" if given else "is not given"
            yield Finding(
                "PC409",
                W,
                f"the text states the period's {key} {stated}, but `{key}:` {said}",
                where,
                hint=f"write `{key}: {stated.isoformat()}`",
            )


def roc_years(plan: Plan) -> Iterator[Finding]:
    titles: list[tuple[YamlPath, str]] = [(("title",), plan.title)]
    titles += [
        (("parts", p, "tables", t, "title"), table.title)
        for (p, t), table in plan.schedule_tables()
        if table.title
    ]
    for path, title in titles:
        mention = title_year(title, plan.year)
        if mention and mention.year != plan.year:
            yield Finding("PC405", E, _year_message(mention, plan), path)


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


def period(plan: Plan) -> Iterator[Finding]:
    for part_index, part in enumerate(plan.parts):
        if not isinstance(part, PeriodPart):
            continue
        base: YamlPath = ("parts", part_index)
        if part.start and part.end and part.end < part.start:
            yield Finding(
                "PC406",
                E,
                f"period ends ({part.end}) before it starts ({part.start})",
                (*base, "end"),
            )
        for key, day in (("start", part.start), ("end", part.end)):
            if day and day.year != plan.year:
                yield Finding(
                    "PC407",
                    E,
                    f"period {key} {day} is outside the plan year {plan.year}",
                    (*base, key),
                )


# -- text ------------------------------------------------------------------------------------


def _texts(root: BaseModel) -> list[tuple[YamlPath, str]]:
    """Every text field of the plan, with its path (a loop, not recursion: a large plan has
    tens of thousands of fields, and nested generators re-yield each one at every level)."""
    found: list[tuple[YamlPath, str]] = []
    stack: list[tuple[BaseModel, YamlPath]] = [(root, ())]
    while stack:
        node, path = stack.pop()
        for name, value in node.__dict__.items():
            if isinstance(value, str):
                found.append(((*path, name), value))
            elif isinstance(value, BaseModel):
                stack.append((value, (*path, name)))
            elif isinstance(value, list):
                for index, element in enumerate(value):
                    if isinstance(element, BaseModel):
                        stack.append((element, (*path, name, index)))
                    elif isinstance(element, str):
                        found.append(((*path, name, index), element))
            elif isinstance(value, dict):
                found += [((*path, name, key), text) for key, text in value.items()]
    return found


def texts(plan: Plan) -> Iterator[Finding]:
    for path, text in _texts(plan):
        if blank(text):
            yield Finding("PC501", E, f"empty {path[-1]}", path, hint=blank_hint(text))
        elif text != text.strip():
            yield Finding("PC502", W, "text begins or ends with spaces", path)


def acronym(plan: Plan) -> Iterator[Finding]:
    for part_index, part in enumerate(plan.parts):
        if not isinstance(part, GoalsPart) or not part.acronym:
            continue
        base: YamlPath = ("parts", part_index, "acronym")
        spelled = "".join(letter.letter for letter in part.acronym.letters)
        if spelled != part.acronym.word:
            yield Finding(
                "PC503",
                E,
                f"the letters spell {clip(spelled)}, not {clip(part.acronym.word)}",
                (*base, "word"),
            )
        for i, letter in enumerate(part.acronym.letters):
            if not letter.word.upper().startswith(letter.letter.upper()):
                yield Finding(
                    "PC503",
                    E,
                    f"{clip(letter.word)} does not begin with {clip(letter.letter)}",
                    (*base, "letters", i, "word"),
                )


# -- strategy tables -------------------------------------------------------------------------


def strategy_columns(plan: Plan) -> Iterator[Finding]:
    """PC601: the header must cover the table's columns, one per numbering level plus the
    units column; a fourth level's texts with a three-label header would vanish from print."""
    for part_index, part in enumerate(plan.parts):
        if not isinstance(part, StrategyPart) or not part.columns:
            continue
        covered = sum(column.span for column in part.header)
        if covered < part.levels + 1:
            levels = "要領, 策略, 方法" if part.has_methods else "要領, 策略"
            yield Finding(
                "PC601",
                E,
                f"`columns:` cover {covered} columns but the table has {part.levels + 1} "
                f"({levels} and the units)",
                ("parts", part_index, "columns"),
                hint="one label per column; a label over two columns is written "
                "{label: 工作要領, span: 2}",
            )


def row_cells(plan: Plan) -> Iterator[Finding]:
    """PC603: a row's `cells` are keyed by the headings of the table's columns after the
    numbering levels; a key that names none would be printed under no heading."""
    for part_index, part in enumerate(plan.parts):
        if not isinstance(part, StrategyPart):
            continue
        known = [label for label in part.row_columns if label is not None]
        rows: list[tuple[YamlPath, Strategy | Method]] = []
        rows += _strategies(part, ("parts", part_index))
        rows += _methods(part, ("parts", part_index))
        for path, row in rows:
            for label in row.cells:
                if label not in known:
                    shown = "、".join(clip(k) for k in known) or "none"
                    yield Finding(
                        "PC603",
                        E,
                        f"cell 「{clip(label)}」 is not a column of the table",
                        (*path, "cells", label),
                        hint=f"the columns after the numbering levels and units: {shown}",
                    )


def shared_units(plan: Plan) -> Iterator[Finding]:
    """PC602: units on a strategy with methods are one cell shared by its method rows; a
    method or sub-item that names its own units as well leaves no cell for them."""
    for part_index, part in enumerate(plan.parts):
        if not isinstance(part, StrategyPart):
            continue
        for path, strategy in _strategies(part, ("parts", part_index)):
            if not strategy.units:
                continue
            for m, method in enumerate(strategy.methods):
                where = _own_units(method, (*path, "methods", m))
                if where:
                    yield Finding(
                        "PC602",
                        E,
                        "units on both a strategy and its method: the strategy's units are "
                        "one cell shared by all its methods",
                        where,
                        hint="keep the units on the strategy (one shared cell) or on each "
                        "method, not both",
                    )


def _own_units(method: Method, path: YamlPath) -> YamlPath | None:
    """Where a method (or one of its sub-items) names units of its own, if it does."""
    if method.units:
        return (*path, "units")
    for index, sub in enumerate(method.subitems):
        if sub.units:
            return (*path, "subitems", index, "units")
    return None


RULES: list[Rule] = [
    unknown_units,
    unit_names_invisible,
    unit_variants,
    units_defined_twice,
    units_listed_twice,
    months_missing,
    months_invalid,
    task_ids,
    item_numbers,
    table_sections,
    deadlines_in_year,
    deadlines_match_text,
    impossible_dates,
    roc_years,
    period,
    period_stated,
    texts,
    acronym,
    strategy_columns,
    row_cells,
    shared_units,
]

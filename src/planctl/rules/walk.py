"""The rules engine's one walk over a plan: its texts with their paths (those that may state a
date, those that may be blank or padded), the schedule tables and their tasks, the rows of the
strategy tables, every unit the plan names and the `units:` registry, gathered once and
handed to every rule (`planctl.rules.consistency`). Before the walk, each rule walked the
parts it looked at itself: all texts twice, the tasks five times, the unit names three times
(docs/performance.md, "The rules engine").

A rule is a function from a `Walk` to its findings and reads the views it looks at
(`walk.odd_texts`, `walk.tasks`, `walk.unit_references` …); none walks the plan again, and
none compares every task (or entry) with every other: what must be found again is kept in a
dict. A view that a new rule needs joins the walk.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from pydantic import BaseModel

from planctl.plan.characters import blank
from planctl.plan.model import Method, Plan, ScheduleTable, Strategy, StrategyPart, Task, Unit
from planctl.plan.source import YamlPath
from planctl.plan.units import UnitIndex
from planctl.rules.places import each_listed, each_method, each_strategy, each_task

Row = Strategy | Method
"""A row of a strategy table: a strategy, or one of its methods."""


@dataclass(frozen=True)
class StrategyTable:
    """A strategy table (執行策略與方法) with its path and its rows: strategies, then methods."""

    path: YamlPath
    part: StrategyPart
    strategies: list[tuple[YamlPath, Strategy]]
    methods: list[tuple[YamlPath, Method]]

    @property
    def rows(self) -> list[tuple[YamlPath, Row]]:
        return [*self.strategies, *self.methods]


@dataclass(frozen=True)
class Walk:
    """What the rules look at, each gathered once (see the module's docstring)."""

    plan: Plan
    dated_texts: list[tuple[YamlPath, str]]
    """The texts that may state a date (月日): those holding both 月 and 日 (PC408)."""
    odd_texts: list[tuple[YamlPath, str]]
    """The texts that may be blank or padded (PC501, PC502): empty, or beginning with a
    character that may be blank (a space among them), or ending with a space. A text whose
    first character shows is not blank, so the others need no look at every character."""
    tables: list[tuple[YamlPath, ScheduleTable]]
    """The schedule tables, in document order."""
    tasks: list[tuple[YamlPath, ScheduleTable, Task]]
    """Every task of every schedule table, with its path and its table."""
    strategy_tables: list[StrategyTable]
    unit_references: list[tuple[YamlPath, str]]
    """Every unit named in the plan body and schedules (not the registry), with its path."""
    registry_names: list[tuple[YamlPath, str, Unit]]
    """Each name and alias of the `units:` registry, with its path and its unit."""
    units: UnitIndex


def walk(plan: Plan) -> Walk:
    """The plan walked once, for every rule."""
    tables: list[tuple[YamlPath, ScheduleTable]] = [
        (("parts", p, "tables", t), table) for (p, t), table in plan.schedule_tables()
    ]
    strategy_tables = [
        _strategy_table(("parts", index), part)
        for index, part in enumerate(plan.parts)
        if part.kind == "strategies"
    ]
    tasks = list(each_task(plan))
    noted = each_text(plan, _noted)
    return Walk(
        plan=plan,
        dated_texts=[(path, text) for path, text in noted if _dated(text)],
        odd_texts=[(path, text) for path, text in noted if _odd(text)],
        tables=tables,
        tasks=tasks,
        strategy_tables=strategy_tables,
        unit_references=_unit_references(strategy_tables, tables, tasks),
        registry_names=_registry_names(plan),
        units=UnitIndex.of(plan),
    )


_LEAVES = frozenset({type(None), bool, int, float, date})
"""The types of value that hold no text: passed over at a glance (most fields of a plan)."""


def each_text(root: BaseModel, wanted: Callable[[str], bool]) -> list[tuple[YamlPath, str]]:
    """Every text field of the plan that is `wanted`, with its path, in one order (a loop, not
    recursion: a large plan has tens of thousands of fields, and nested generators re-yield
    each one at every level). A value's exact type is looked at first: `isinstance` is asked
    only of the few values that are neither a plain text nor a leaf. A text's path is built
    only for the texts wanted: building one for each of the 33,000 texts of a 8,500-task plan
    (a new tuple each) made the walk grow 14–18× for 10× the tasks (docs/performance.md)."""
    found: list[tuple[YamlPath, str]] = []
    stack: list[tuple[BaseModel, YamlPath]] = [(root, ())]
    while stack:
        node, path = stack.pop()
        for name, value in node.__dict__.items():
            kind = type(value)
            if kind is str:
                if wanted(value):
                    found.append(((*path, name), value))
            elif kind in _LEAVES:
                continue
            elif isinstance(value, list):
                for index, element in enumerate(value):
                    kind = type(element)
                    if kind is str or isinstance(element, str):
                        if wanted(element):
                            found.append(((*path, name, index), element))
                    elif kind not in _LEAVES and isinstance(element, BaseModel):
                        stack.append((element, (*path, name, index)))
            elif isinstance(value, BaseModel):
                stack.append((value, (*path, name)))
            elif isinstance(value, str):
                if wanted(value):
                    found.append(((*path, name), value))
            elif isinstance(value, dict):
                found += [((*path, name, key), text) for key, text in value.items() if wanted(text)]
    return found


def _noted(text: str) -> bool:
    """Whether a rule of the texts looks at `text` at all (PC408, PC501, PC502): `_dated(text)
    or _odd(text)`, written out in one expression, as it is asked of every text of the plan
    (the two calls it saves per text were a fifth of the walk's time on the bundled plan)."""
    return (
        not text or ("月" in text and "日" in text) or _may_be_blank(text[0]) or text[-1].isspace()
    )


def _dated(text: str) -> bool:
    """Whether `text` may state a date (see `Walk.dated_texts`)."""
    return "月" in text and "日" in text


def _odd(text: str) -> bool:
    """Whether `text` may be blank or padded (see `Walk.odd_texts`). A text that begins with
    a space is among those whose first character may be blank: `blank` holds for every
    character that `str.isspace` does (tests/test_check_rules.py)."""
    return not text or _may_be_blank(text[0]) or text[-1].isspace()


@lru_cache(maxsize=4096)
def _may_be_blank(character: str) -> bool:
    """Whether a text beginning with `character` may be blank (see `blank`); cached, as a
    plan's texts begin with a few hundred different characters."""
    return blank(character)


def _strategy_table(path: YamlPath, part: StrategyPart) -> StrategyTable:
    return StrategyTable(path, part, list(each_strategy(part, path)), list(each_method(part, path)))


def _unit_references(
    strategy_tables: list[StrategyTable],
    tables: list[tuple[YamlPath, ScheduleTable]],
    tasks: list[tuple[YamlPath, ScheduleTable, Task]],
) -> list[tuple[YamlPath, str]]:
    """The units of each strategy table's strategies, then of its methods and their
    sub-items; then of each schedule table; then of each task."""
    named: list[tuple[YamlPath, list[str]]] = []
    for table in strategy_tables:
        named += [((*path, "units"), strategy.units) for path, strategy in table.strategies]
        for path, method in table.methods:
            named.append(((*path, "units"), method.units))
            named += [
                ((*path, "subitems", index, "units"), sub.units)
                for index, sub in enumerate(method.subitems)
            ]
    named += [((*path, "units"), schedule.units) for path, schedule in tables]
    named += [((*path, "units"), task.units) for path, _table, task in tasks if task.units]
    return [((*path, index), name) for path, names in named for index, name in enumerate(names)]


def _registry_names(plan: Plan) -> list[tuple[YamlPath, str, Unit]]:
    found: list[tuple[YamlPath, str, Unit]] = []
    for unit_index, unit in enumerate(plan.units):
        found.append((("units", unit_index, "name"), unit.name, unit))
        found += [
            (path, alias, unit)
            for path, alias in each_listed(("units", unit_index, "aliases"), unit.aliases)
        ]
    return found

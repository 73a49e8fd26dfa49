"""Where things are in a plan: each strategy, method, task and text with its path, for the rules of
every family to walk the same way."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the ledger's rules, and the registry through them, load without pydantic
    from planctl.plan.model import Method, Plan, ScheduleTable, Strategy, StrategyPart, Task
    from planctl.plan.source import YamlPath


def each_strategy(part: StrategyPart, base: YamlPath) -> Iterator[tuple[YamlPath, Strategy]]:
    """Every strategy of a strategy table, with its path."""
    for p, principle in enumerate(part.principles):
        for s, strategy in enumerate(principle.strategies):
            yield (*base, "principles", p, "strategies", s), strategy


def each_method(part: StrategyPart, base: YamlPath) -> Iterator[tuple[YamlPath, Method]]:
    """Every method of a strategy table, with its path."""
    for path, strategy in each_strategy(part, base):
        for m, method in enumerate(strategy.methods):
            yield (*path, "methods", m), method


def each_task(plan: Plan) -> Iterator[tuple[YamlPath, ScheduleTable, Task]]:
    """Every task of every schedule table, with its path and its table."""
    for (part_index, table_index), table in plan.schedule_tables():
        base: YamlPath = ("parts", part_index, "tables", table_index)
        for i, item in enumerate(table.items):
            for t, task in enumerate(item.tasks):
                yield (*base, "items", i, "tasks", t), table, task


def each_listed(path: YamlPath, names: list[str]) -> Iterator[tuple[YamlPath, str]]:
    """Each name of a list of names, with its path."""
    for index, name in enumerate(names):
        yield (*path, index), name

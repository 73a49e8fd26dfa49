"""The plan's rules stay linear in the plan's size (issue 24), counted, not timed: the number of
function calls `check_plan` makes (Python functions, generator steps and built-ins, as
`sys.setprofile` sees them) on the bundled plan with its schedule tables' items once, twice
and four times over (85, 170 and 340 tasks). Each task added must cost no more calls than the
ones before it: a rule that compares every task with every other through a function, a
generator or a method adds calls for each pair, and its second doubling costs about four
times the first instead of twice.

What counting calls cannot see is a scan inside one built-in (`x in a_list`, `sorted` in a
loop); the rule-time rows of `python bench/run.py --only r` (bench/rules.py) time those.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import FrameType
from typing import Any

from planctl.plan.model import Item, Plan
from planctl.plan.source import parse
from planctl.plan.validate import validate
from planctl.rules.consistency import check_plan
from planctl.rules.walk import walk
from tests.conftest import PLAN_2015

TIMES = (1, 2, 4)


def bundled() -> Plan:
    plan = validate(parse(PLAN_2015.read_text(encoding="utf-8"), "2015.yaml"))[0]
    assert plan is not None
    return plan


def scaled(plan: Plan, times: int) -> Plan:
    """`plan` with each schedule table's items `times` times over: the copies' task IDs end
    in `.2`, `.3` … and their whole 編號 follow the table's last (labels repeat: PC307)."""
    parts: list[Any] = []
    for part in plan.parts:
        if part.kind == "schedules":
            tables = [table.model_copy(update={"items": _items(table.items, times)})
                      for table in part.tables]  # fmt: skip
            part = part.model_copy(update={"tables": tables})
        parts.append(part)
    return plan.model_copy(update={"parts": parts})


def _items(items: list[Item], times: int) -> list[Item]:
    last = max((item.number for item in items if isinstance(item.number, int)), default=0)
    copies = list(items)
    for copy in range(2, times + 1):
        for item in items:
            number = item.number
            if isinstance(number, int):
                number += last * (copy - 1)
            tasks = [task.model_copy(update={"id": f"{task.id}.{copy}"}) for task in item.tasks]
            copies.append(item.model_copy(update={"number": number, "tasks": tasks}))
    return copies


def calls(work: Callable[[], object]) -> int:
    """How many functions `work` calls, its own callees' callees included."""
    counted = 0

    def count(_frame: FrameType, event: str, _arg: Any) -> None:
        nonlocal counted
        if event in ("call", "c_call"):
            counted += 1

    sys.setprofile(count)
    try:
        work()
    finally:
        sys.setprofile(None)
    return counted


def doublings(work: Callable[[Plan], object]) -> tuple[int, int]:
    """The calls `work` adds from the plan once to twice over, and from twice to four times."""
    plan = bundled()
    plans = [scaled(plan, times) for times in TIMES]
    assert [len(walk(p).tasks) for p in plans] == [85, 170, 340]
    counted = [calls(lambda p=p: work(p)) for p in plans]
    return counted[1] - counted[0], counted[2] - counted[1]


def test_each_task_costs_the_rules_no_more_calls_than_the_ones_before() -> None:
    first, second = doublings(check_plan)
    assert first > 0 and second <= 2.05 * first, (first, second)


def test_the_count_sees_a_rule_that_compares_every_task_with_every_other() -> None:
    """The measure itself: a pass over the walk's tasks that looks, for each, through all the
    others with a generator is found (its second doubling costs four times the first)."""

    def pairwise(plan: Plan) -> None:
        tasks = walk(plan).tasks
        for _path, _table, task in tasks:
            any(other.id == task.id and other is not task for _, _, other in tasks)

    first, second = doublings(pairwise)
    assert second > 3.5 * first, (first, second)

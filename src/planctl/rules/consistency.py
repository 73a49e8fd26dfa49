"""Consistency rules over a valid plan: pure functions from the model to findings.

The rules are written by family, each beside the codes it reports: units (planctl.rules.units),
dates and months (planctl.rules.dates), structure (planctl.rules.structure) and texts
(planctl.rules.texts); the ledger's are in planctl.rules.ledger. Here the plan is walked once
(planctl.rules.walk) and every rule runs over that walk, in one order: `planctl check`
prints findings by position, and this order decides between findings at one position (PC401
before PC403 on one deadline) and which are kept past the limit per code. Findings carry the
path of what they are about; `planctl.repository.check` turns paths into file positions.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from planctl.plan.findings import Finding
from planctl.plan.model import Plan
from planctl.rules.dates import (
    deadlines_in_year,
    deadlines_match_text,
    impossible_dates,
    months_invalid,
    months_missing,
    period,
    period_stated,
    roc_years,
)
from planctl.rules.structure import (
    item_numbers,
    row_cells,
    shared_units,
    strategy_columns,
    table_sections,
    task_ids,
)
from planctl.rules.texts import acronym, texts
from planctl.rules.units import (
    unit_names_invisible,
    unit_variants,
    units_defined_twice,
    units_listed_twice,
    unknown_units,
)
from planctl.rules.walk import Walk, walk

Rule = Callable[[Walk], Iterator[Finding]]


def check_plan(plan: Plan) -> list[Finding]:
    """Every finding of every rule, in rule order."""
    return list(each_finding(plan))


def each_finding(plan: Plan) -> Iterator[Finding]:
    """The findings one at a time, so that a caller can count what it does not keep."""
    walked = walk(plan)
    for rule in RULES:
        yield from rule(walked)


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

"""Random plans (the strategies of tests/strategies.py) through `diff` and `new`: a plan is
never different from itself, any two plans compare and render in every format, and a
roll-over either gives a valid plan or a one-line usage error."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from planctl.errors import UsageError
from planctl.outputs.documents.diff_report import FORMATS, ComparisonTable, Side
from planctl.plan import model
from planctl.queries.diff import diff_plans
from planctl.queries.rollover import roll_over
from tests.strategies import EXAMPLES, FUZZ, PLAN

SIDE = Side("a.yaml", "民國104年2月4日")


@FUZZ
@given(PLAN)
def test_a_plan_never_differs_from_itself(plan: model.Plan) -> None:
    assert diff_plans(plan, plan) == []


@settings(FUZZ, max_examples=max(10, EXAMPLES // 4))  # renders five formats per example
@given(PLAN, PLAN)
def test_any_two_plans_compare_and_render(old: model.Plan, new: model.Plan) -> None:
    changes = diff_plans(old, new)
    report = ComparisonTable(new.title, SIDE, SIDE, changes)
    outputs = {fmt: render(report) for fmt, render in FORMATS.items()}
    assert json.loads(outputs["json"])["same"] == (not changes)
    assert ("沒有修正" in outputs["text"]) == (not changes)


@FUZZ
@given(PLAN, st.integers(1, 3))
def test_a_roll_over_is_a_valid_plan_or_a_usage_error(plan: model.Plan, years: int) -> None:
    try:
        rollover = roll_over(plan, plan.year + years)
    except UsageError as error:
        assert "\n" not in error.one_line()
        return
    assert rollover.plan.year == plan.year + years
    assert rollover.plan.approvals == []

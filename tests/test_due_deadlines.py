"""One rule for deadlines (issue 19): every `deadline` the plan's schema accepts is listed by
`due` in its month and is an event in the calendar — including a 組織目標 (goals) item's, which
`check` validated but `due` never listed.

The places are found from the model, not listed by hand: every object of the validated plan
whose class has a `deadline` field gets one, so a model that grows a new place for a deadline
fails here until `due` lists it.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from icalendar import Calendar
from pydantic import BaseModel

from planctl.cli import cli
from planctl.repository.check import load_checked
from tests.conftest import PLAN_2015, TESTS

Path_ = tuple[str | int, ...]


def holders(node: object, path: Path_ = ()) -> Iterator[tuple[Path_, BaseModel]]:
    """Every model object under `node` whose class accepts a `deadline`, with its YAML path."""
    if isinstance(node, BaseModel):
        if "deadline" in type(node).model_fields:
            yield path, node
        for name in type(node).model_fields:
            yield from holders(getattr(node, name), (*path, name))
    elif isinstance(node, list):
        for index, element in enumerate(node):
            yield from holders(element, (*path, index))


def set_at(data: Any, path: Path_, value: str) -> None:
    for step in path:
        data = data[step]
    data["deadline"] = value


@pytest.mark.parametrize(
    "source",
    [
        PLAN_2015,  # goals, steps, a strategy table with methods
        TESTS / "plans" / "land-office-kaohsiung.yaml",  # strategies without methods
        TESTS / "plans" / "extra-columns.yaml",  # a 完成期限 column
    ],
    ids=lambda path: path.stem,
)
def test_due_and_the_calendar_list_every_deadline_the_schema_accepts(
    runner: CliRunner, tmp_path: Path, source: Path
) -> None:
    plan = load_checked(source).plan
    places = list(holders(plan))
    day = date(plan.year, 11, 20)
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    for path, _ in places:
        set_at(data, path, day.isoformat())
    edited = tmp_path / source.name
    edited.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")

    result = runner.invoke(cli, ["due", "--format", "json", "-m", f"{plan.year}-11", str(edited)])
    assert result.exit_code == 0, result.output
    listed = [row for row in json.loads(result.stdout) if row["deadline"] == day.isoformat()]
    assert Counter(row["task"] for row in listed) == Counter(node.text for _, node in places)
    ics = runner.invoke(cli, ["export", "--format", "ics", "-m", "11", str(edited)]).stdout
    events = Calendar.from_ical(ics).walk("VEVENT")
    assert sum(event.decoded("DTSTART") == day for event in events) == len(places)


def test_the_places_cover_goals_steps_strategies_and_methods() -> None:
    """The test above is not vacuous: the bundled plan has a deadline place of each kind."""
    plan = load_checked(PLAN_2015).plan
    kinds = {(plan.parts[int(path[1])].kind, type(node).__name__) for path, node in holders(plan)}
    assert kinds >= {
        ("goals", "Paragraph"),
        ("steps", "Paragraph"),
        ("strategies", "Strategy"),
        ("strategies", "Method"),
    }


def test_a_goal_with_a_deadline_is_due_in_its_month(runner: CliRunner, tmp_path: Path) -> None:
    """The case the issue found: 參、組織目標 一、 given a deadline shows in that month."""
    data = yaml.safe_load(PLAN_2015.read_text(encoding="utf-8"))
    goals = next(part for part in data["parts"] if part["kind"] == "goals")
    goals["items"][0]["deadline"] = "2015-06-30"
    plan = tmp_path / "plan.yaml"
    plan.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    result = runner.invoke(cli, ["due", "--format", "json", "-m", "6", str(plan)])
    rows = [row for row in json.loads(result.stdout) if row["kind"] == "deadline"]
    assert [(row["id"], row["no"], row["section"], row["deadline"]) for row in rows] == [
        ("goals-1", "參、一、", "組織目標", "2015-06-30")
    ]

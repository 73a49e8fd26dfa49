"""plans/2015.yaml holds the whole source document, faithfully, and checks clean."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from planctl.cli import cli
from planctl.plan.dump import dump_plan
from planctl.plan.model import Plan, SchedulePart, StrategyPart, TextPart
from planctl.plan.source import parse
from planctl.plan.validate import validate
from planctl.repository.check import load_checked
from tests.clients import require_file
from tests.conftest import PLAN_2015, ROOT

SOURCES = Path(os.environ.get("PLANCTL_SOURCE_DIR") or ROOT.parent / "shared" / "source")
"""The source document's folder: ../shared/source beside the repository, or (a worktree
elsewhere) the folder PLANCTL_SOURCE_DIR names. Missing, its test is skipped; in CI it fails."""
SOURCE = SOURCES / "000_79fa2fbe15a90c86.txt"

# Tasks whose months neither the ■ marks nor the row's words tell (see their notes).
MONTHS_UNKNOWN = {
    "reg-5.2",
    "adm-3.1",
    "adm-9.1",
    "adm-10.1",
    "adm-12.1",
    "adm-13.1",
    "adm-14.1",
    "it-1.1",
    "it-1.2",
    "it-2.1",
    "it-2.2",
    "it-3.1",
    "it-3.2",
    "it-6.1",
    "acc-4.3",
    "acc-4.6",
    "acc-5.1",
    "acc-5.2",
    "acc-5.3",
    "acc-6.1",
    "acc-7.1",
    "acc-8.1",
    "eth-1.1",
    "eth-3.1",
    "eth-4.1",
    "eth-5.1",
    "eth-6.1",
    "eth-7.1",
    "eth-9.1",
    "eth-11.1",
    "eth-12.1",
}


@pytest.fixture(scope="module")
def plan() -> Plan:
    return load_checked(PLAN_2015).plan


def test_checks_clean_with_only_unknown_month_warnings(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["check", "--format", "json", str(PLAN_2015)])
    assert result.exit_code == 0
    report = json.loads(result.stdout)
    assert report["errors"] == 0
    assert {f["code"] for f in report["findings"]} == {"PC301"}
    unknown = {re.search(r"task (\S+)", f["message"])[1] for f in report["findings"]}  # type: ignore[index]
    assert unknown == MONTHS_UNKNOWN


def test_document_parts_in_source_order(plan: Plan) -> None:
    assert plan.roc_year == 104
    assert [(p.kind, p.number) for p in plan.parts] == [
        ("objectives", "壹、"),
        ("basis", "貳、"),
        ("goals", "參、"),
        ("audience", "肆、"),
        ("strategies", "伍、"),
        ("period", "陸、"),
        ("steps", "柒、"),
        ("evaluation", "捌、"),
        ("clause", "玖、"),
        ("clause", "拾、"),
        ("schedules", None),
    ]
    counts = [len(p.items) for p in plan.parts if isinstance(p, TextPart) and p.items]
    assert counts == [3, 3, 3, 5]  # 壹 objectives, 貳 basis, 柒 steps, 捌 evaluation
    steps = next(p for p in plan.parts if isinstance(p, TextPart) and p.kind == "steps")
    assert [str(i.deadline) for i in steps.items] == ["2015-02-04", "2015-02-16", "None"]


def test_strategy_table_is_complete(plan: Plan) -> None:
    table = next(p for p in plan.parts if isinstance(p, StrategyPart))
    strategies = [s for p in table.principles for s in p.strategies]
    methods = [m for s in strategies for m in s.methods]
    assert len(table.principles) == 5
    assert [len(p.strategies) for p in table.principles] == [6, 4, 5, 5, 4]
    assert len(methods) == 58
    assert sum(len(m.subitems) for m in methods) == 127
    for method in methods:  # page breaks rejoined: sub-items run (1), (2), … without a gap
        numbers = [s.number for s in method.subitems]
        assert numbers == [f"({n})" for n in range(1, len(numbers) + 1)], method.text


def test_every_method_names_its_units(plan: Plan) -> None:
    table = next(p for p in plan.parts if isinstance(p, StrategyPart))
    for principle in table.principles:
        for strategy in principle.strategies:
            for method in strategy.methods:
                per_item = [bool(s.units) for s in method.subitems]
                assert bool(method.units) != (bool(per_item) and all(per_item)), method.text


def test_schedule_tables(plan: Plan) -> None:
    part = next(p for p in plan.parts if isinstance(p, SchedulePart))
    assert [(t.section, sum(len(i.tasks) for i in t.items)) for t in part.tables] == [
        ("登記課及資料課", 12),
        ("行政庶務課", 23),
        ("資訊", 10),
        ("會計", 21),
        ("政風", 12),
        ("人事", 7),
    ]
    tasks = {task.id: task for t in part.tables for i in t.items for task in i.tasks}
    assert tasks["reg-1.1"].month_numbers == [1, 2]
    assert tasks["adm-6.1"].month_numbers == [2]  # 每年2月
    assert tasks["eth-8.1"].month_numbers == [3, 4, 5]  # 每年3、4、5月
    assert tasks["eth-10.1"].month_numbers == [2, 6, 9]  # 春節、端午節、中秋節 of 2015
    assert tasks["it-4.1"].month_numbers == list(range(1, 13))  # 經常性辦理
    assert tasks["reg-1.4"].month_numbers == list(range(1, 13))  # 15 marks: duplicated fields
    accounting = part.tables[3]
    assert [i.number for i in accounting.items] == list(range(1, 9))  # 編號 4 repeated: one item
    assert len(accounting.items[3].tasks) == 6
    assert {t for t, task in tasks.items() if not task.months} == MONTHS_UNKNOWN


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
    elif value is not None:
        yield str(value)


def test_every_word_of_the_source_is_in_the_yaml() -> None:
    """Each whitespace-separated piece of the source text is found in the YAML's text (spaces,
    、 and ： aside). Only two pieces are rendered from data instead of stored as text."""
    require_file(SOURCE, "the shared source document")
    data = yaml.safe_load(PLAN_2015.read_text(encoding="utf-8"))
    squeeze = lambda text: re.sub(r"[\s、：]", "", text)  # noqa: E731
    everything = squeeze("".join(_strings(data)))
    missing = set()
    for line in SOURCE.read_text(encoding="utf-8").splitlines():
        for token in re.sub(r"<[^>]+>", " ", line).split():
            token = token.lstrip("-")
            if token and token != "■" and not token.isdigit() and squeeze(token) not in everything:
                missing.add(token)
    assert missing == {"民國104年2月4日修訂", "預定作業時程"}  # from `approvals`; a column label


def test_round_trip(plan: Plan) -> None:
    again, findings = validate(parse(dump_plan(plan), "dumped.yaml"))
    assert findings == []
    assert again == plan


def test_loader_matches_pyyaml_data() -> None:
    """Our position-keeping loader builds the same data PyYAML does (dates kept as text)."""
    ours = parse(PLAN_2015.read_text(encoding="utf-8"), "2015.yaml").data
    theirs = yaml.load(PLAN_2015.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    assert _flatten(ours) == _flatten(theirs)


def _flatten(value: Any) -> Any:
    """Scalars as text, so YAML's typed reading and BaseLoader's all-text one compare."""
    if isinstance(value, dict):
        return {k: _flatten(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_flatten(v) for v in value]
    return str(value)

"""Hand-built ledgers and throw-away repositories for the progress (管考) tests."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from planctl.progress.model import Entry, Ledger
from tests.conftest import PLAN_2015

_counter = iter(range(1_000_000))


def entry(task: str, month: int, status: str = "已完成", **fields: Any) -> Entry:
    """An entry with a fresh id, text and a report date early in the next month."""
    values: dict[str, Any] = {
        "id": f"{task}-m{month:02}-{next(_counter):06x}",
        "task": task,
        "month": month,
        "status": status,
        "text": "依計畫辦理",
        "date": f"2015-{min(month + 1, 12):02}-05",
    }
    values.update(fields)
    return Entry.model_validate(values)


def ledger(*entries: Entry) -> Ledger:
    return Ledger(entries=list(entries))


def office(tmp_path: Path, plan: Path = PLAN_2015) -> Path:
    """A folder laid out as an office keeps it: plans/2015.yaml (progress/ comes later)."""
    (tmp_path / "plans").mkdir()
    target = tmp_path / "plans" / "2015.yaml"
    shutil.copyfile(plan, target)
    return target

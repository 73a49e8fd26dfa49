"""Progress ledgers for the generated plans (issue 24, a bureau's CI checks plans with their
ledgers): for a plan `plans/plan-00001.yaml`, `progress/plan-00001.yaml` with a report for
about every third task in each of its scheduled months up to June, as `planctl done` and
`planctl report` write them. Deterministic (seeded), read from the plan's text (its task ids
and `months:` lines as bench/generate.py writes them), so no planctl is needed to make them.

    python bench/ledgers.py plans/plan-00001.yaml     # writes progress/plan-00001.yaml
"""

from __future__ import annotations

import random
import re
import sys
from pathlib import Path

TASK = re.compile(r"^\s*- id: (\S+)\n\s*text: .*\n\s*months: \[(.*)\]", re.MULTILINE)
YEAR = re.compile(r"^year: (\d+)$", re.MULTILINE)
LAST_MONTH = 6
"""Reports up to June: a ledger in the middle of its year."""


def months_of(text: str) -> list[int]:
    """`1-2`, `3, 5-6`, `1-12` → the month numbers."""
    months: list[int] = []
    for piece in filter(None, (p.strip() for p in text.split(","))):
        first, _, last = piece.partition("-")
        months.extend(range(int(first), int(last or first) + 1))
    return months


def ledger_text(plan: str, seed: int = 0) -> str:
    """The ledger of a generated plan's text."""
    rng = random.Random(f"planctl-bench-ledger/{seed}")
    found = YEAR.search(plan)
    year = int(found.group(1)) if found else 2015
    lines = ["entries:"]
    for task, months in TASK.findall(plan):
        if rng.random() > 1 / 3:
            continue
        for month in (m for m in months_of(months) if m <= LAST_MONTH):
            day = f"{year}-{month + 1:02}-05"
            lines += [
                f"  - id: {task}-m{month:02}-{rng.getrandbits(24):06x}",
                f"    task: {task}",
                f"    month: {month}",
                "    status: 已完成",
                "    text: 依計畫辦理完成",
                f"    completed: {day}",
                f"    date: {day}",
            ]
    return "\n".join(lines) + "\n"


def write_ledgers(plans: list[Path]) -> None:
    """Each plan's ledger in `progress/` beside its folder (where planctl looks for it)."""
    for number, plan in enumerate(plans):
        folder = plan.parent.parent / "progress"
        folder.mkdir(exist_ok=True)
        text = ledger_text(plan.read_text(encoding="utf-8"), seed=number)
        (folder / plan.name).write_text(text, encoding="utf-8")


if __name__ == "__main__":
    write_ledgers([Path(name) for name in sys.argv[1:]])

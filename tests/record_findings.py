"""The findings of every plan and ledger in the tests, recorded so that a change to the rules
engine can prove it reports the same findings, byte for byte and in the same order.

    python -m tests.record_findings      # rewrites tests/findings_recorded.json

Run it only when a change of findings is meant (a new rule, a reworded message), and review
the difference of the JSON file in the commit; `tests/test_findings_recorded.py` compares
the findings of today's code with the file. Two views are recorded:

- `check/…`: `planctl check --format json --no-cache` on each file as the CLI prints it
  (positions, the reading codes PC0xx/PC1xx, the cap per code, the ledger beside the plan,
  `--as-of`), with its exit code;
- `rules/…`: `check_plan` and `check_ledger` called directly, every finding uncapped and in
  the order the rules yield them (the CLI sorts by position, which would hide the order).
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from click.testing import CliRunner

from planctl.cli import cli
from planctl.errors import PlanctlError
from planctl.plan.findings import Finding, dotted
from planctl.plan.model import Plan
from planctl.plan.reading import read_text
from planctl.plan.source import parse
from planctl.plan.validate import validate
from planctl.progress.load import parse_ledger
from planctl.rules.consistency import check_plan
from planctl.rules.ledger import check_ledger

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
RECORDED = TESTS / "findings_recorded.json"
BUNDLED = ROOT / "plans" / "2015.yaml"
LEDGERS = sorted((TESTS / "ledgers").glob("*.yaml"))
"""The ledgers in the tests, each checked against the bundled plan."""
AS_OF: tuple[date | None, ...] = (
    None,
    date(2015, 2, 11),
    date(2015, 5, 1),
    date(2015, 12, 31),
    date(2016, 1, 11),
)


def plan_files() -> list[Path]:
    """Every plan in the tests (the hostile and broken ones too) and the bundled plan."""
    folders = ("check", "findings", "hostile", "plans")
    found = [path for folder in folders for path in (TESTS / folder).iterdir()]
    return [*sorted(p for p in found if p.suffix in (".yaml", ".yml")), BUNDLED]


def name(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def run_check(folder: Path, *args: str) -> dict[str, object]:
    """`planctl check --format json --no-cache ARGS` in `folder`: its exit code and output."""
    here = Path.cwd()
    os.chdir(folder)
    try:
        result = CliRunner().invoke(cli, ["check", "--format", "json", "--no-cache", *args])
    finally:
        os.chdir(here)
    return {"exit": result.exit_code, "stdout": result.stdout, "stderr": result.stderr}


def as_rows(findings: list[Finding]) -> list[list[object]]:
    return [
        [f.code, f.severity.value, f.message, dotted(f.path), f.hint, f.at_key] for f in findings
    ]


def load_plan(path: Path) -> Plan | None:
    try:
        return validate(parse(read_text(path), path.name))[0]
    except PlanctlError:  # a file the reader refuses: its `check/` case records it
        return None


def cases() -> Iterator[tuple[str, object]]:
    """Every recorded case, by name."""
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        (folder / "plans").mkdir()
        for path in plan_files():
            copy = folder / "plans" / path.name
            shutil.copyfile(path, copy)
            yield f"check/{name(path)}", run_check(folder, f"plans/{path.name}")
            copy.unlink()
            plan = load_plan(path)
            if plan is not None:
                yield f"rules/{name(path)}", as_rows(check_plan(plan))
        shutil.copyfile(BUNDLED, folder / "plans" / BUNDLED.name)
        (folder / "progress").mkdir()
        plan = load_plan(BUNDLED)
        assert plan is not None
        for ledger in LEDGERS:
            shutil.copyfile(ledger, folder / "progress" / BUNDLED.name)
            model = parse_ledger(read_text(ledger), ledger.name)
            for day in AS_OF:
                option = () if day is None else ("--as-of", day.isoformat())
                suffix = "" if day is None else f" --as-of {day.isoformat()}"
                key = f"{name(ledger)}{suffix}"
                yield f"check/{key}", run_check(folder, *option, f"plans/{BUNDLED.name}")
                yield f"rules/{key}", as_rows(check_ledger(plan, model, day))


def record() -> dict[str, object]:
    return dict(cases())


def main() -> None:
    text = json.dumps(record(), ensure_ascii=False, indent=1) + "\n"
    RECORDED.write_text(text, encoding="utf-8")
    print(f"{name(RECORDED)}: {len(json.loads(text))} cases")


if __name__ == "__main__":
    main()

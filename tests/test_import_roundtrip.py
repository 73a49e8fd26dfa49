"""`planctl import`, the main test (issue 21): the bundled plan exported by planctl, converted
by LibreOffice as an office would receive it (.docx, .doc; the 管制表 as .xlsx), imported
back, says exactly what the plan says: every text, unit, month and deadline (IDs and notes
aside). Compared twice: by `planctl diff` (no change but notes), and field by field below.

LibreOffice is slow to start: each conversion is made once per module, with its own profile.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from planctl.plan.model import (
    GoalsPart,
    PeriodPart,
    Plan,
    SchedulePart,
    StrategyPart,
    TextPart,
)
from planctl.plan.units import UnitIndex
from planctl.repository.check import load_checked
from tests.clients import needs, soffice_convert
from tests.conftest import PLAN_2015
from tests.helpers import planctl_process

pytestmark = needs("soffice")  # every test reads documents LibreOffice made


def planctl(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return planctl_process(*args, cwd=cwd)


@pytest.fixture(scope="module")
def documents(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The plan as .odt/.ods (planctl export) and as LibreOffice's .docx, .doc and .xlsx."""
    work = tmp_path_factory.mktemp("roundtrip")
    made: dict[str, Path] = {}
    for fmt in ("odt", "ods"):
        made[fmt] = work / f"plan.{fmt}"
        done = planctl("export", "--format", fmt, "-o", str(made[fmt]), str(PLAN_2015))
        assert done.returncode == 0, done.stderr
    for fmt in ("docx", "doc"):
        made[fmt] = soffice_convert(made["odt"], fmt, work / fmt) / f"plan.{fmt}"
    made["xlsx"] = soffice_convert(made["ods"], "xlsx", work / "xlsx") / "plan.xlsx"
    return made


@pytest.fixture(scope="module")
def imported(documents: dict[str, Path]) -> dict[str, tuple[Path, str]]:
    """Each document imported: the draft's path and the report."""
    drafts: dict[str, tuple[Path, str]] = {}
    for fmt, document in documents.items():
        draft = document.with_name(f"draft-{fmt}.yaml")
        done = planctl("import", str(document), "-o", str(draft))
        assert done.returncode == 0, done.stderr
        drafts[fmt] = (draft, done.stderr)
    return drafts


def meaning(plan: Plan, index: UnitIndex, schedules_only: bool = False) -> list[Any]:
    """What the plan says, without IDs or notes: every text, unit (by the unit it names in
    the original's registry), month and deadline, in document order."""
    unit = lambda names: tuple(  # noqa: E731
        found.name if (found := index.find(name)) else name for name in names
    )
    said: list[Any] = []
    if not schedules_only:
        said += [plan.title, plan.office, plan.year]
        said += [(a.kind, a.date, a.ref) for a in plan.approvals]
    for part in plan.parts:
        if isinstance(part, SchedulePart):
            for table in part.tables:
                said.append((table.section, unit(table.units), table.title, table.units_heading))
                for item in table.items:
                    said.append((item.number, item.name))
                    said += [
                        (t.text, tuple(t.month_numbers), unit(t.units), t.remark)
                        for t in item.tasks
                    ]
            continue
        if schedules_only:
            continue
        said.append((part.kind, part.number, part.heading, getattr(part, "text", None)))
        if isinstance(part, TextPart | GoalsPart):
            said += [(p.number, p.text, p.deadline) for p in part.items]
        if isinstance(part, GoalsPart) and part.acronym:
            said.append(part.acronym.model_dump())
        if isinstance(part, PeriodPart):
            said.append((part.start, part.end))
        if isinstance(part, StrategyPart):
            said.append(part.columns)
            for principle in part.principles:
                said.append((principle.number, principle.text))
                for s in principle.strategies:
                    said.append((s.number, s.text, unit(s.units), s.cells, s.deadline))
                    for m in s.methods:
                        said.append((m.number, m.text, unit(m.units), m.cells, m.deadline))
                        said += [(x.number, x.text, unit(x.units)) for x in m.subitems]
    return said


@pytest.mark.parametrize("fmt", ["odt", "docx", "doc"])
def test_the_whole_plan_comes_back_unchanged(
    fmt: str, imported: dict[str, tuple[Path, str]]
) -> None:
    original = load_checked(PLAN_2015).plan
    draft = load_checked(imported[fmt][0]).plan
    index = UnitIndex.of(original)
    assert meaning(draft, index) == meaning(original, index)
    assert {u.name: (u.aliases, u.kind) for u in draft.units} == {
        u.name: (u.aliases, u.kind) for u in original.units
    }


@pytest.mark.parametrize("fmt", ["ods", "xlsx"])
def test_the_schedule_tables_come_back_unchanged(
    fmt: str, imported: dict[str, tuple[Path, str]]
) -> None:
    original = load_checked(PLAN_2015).plan
    draft = load_checked(imported[fmt][0]).plan
    index = UnitIndex.of(original)
    assert meaning(draft, index, schedules_only=True) == meaning(
        original, index, schedules_only=True
    )
    assert (draft.office, draft.year) == (original.office, original.year)


@pytest.mark.parametrize("fmt", ["odt", "docx", "doc"])
def test_planctl_diff_shows_no_change_but_notes(
    fmt: str, imported: dict[str, tuple[Path, str]]
) -> None:
    done = planctl("diff", "--format", "json", str(PLAN_2015), str(imported[fmt][0]))
    changes = json.loads(done.stdout)["changes"]
    assert changes  # the original's notes are gone: the diff did compare
    for change in changes:
        assert change["action"] == "changed", change
        assert not change["text"] and not change["moved"], change
        assert [f["name"] for f in change["fields"]] == ["note"], change


@pytest.mark.parametrize("fmt", ["odt", "docx", "doc", "ods", "xlsx"])
def test_nothing_is_left_unplaced_and_the_draft_checks(
    fmt: str, imported: dict[str, tuple[Path, str]]
) -> None:
    draft, report = imported[fmt]
    assert "not placed (not in the draft: add it by hand or ignore it): 0\n" in report
    assert report.endswith(
        "the draft checks with 0 error(s), 31 warning(s); planctl check for details\n"
    )
    assert planctl("check", str(draft)).returncode == 0


def test_the_report_as_json(documents: dict[str, Path], tmp_path: Path) -> None:
    done = planctl("import", str(documents["docx"]), "--format", "json")
    report = json.loads(done.stderr)
    assert done.returncode == 0
    assert done.stdout.startswith("# yaml-language-server: $schema=../schema/plan.schema.json\n")
    assert (report["errors"], report["warnings"], report["unplaced"]) == (0, 31, [])
    assert {"where": "段落 2", "what": "approval 修訂 2015-02-04"} in report["recognised"]
    assert {
        "where": "單位",
        "what": "「登記課」 taken as another name of 「戶籍登記課」 (an alias)",
    } in report["guessed"]

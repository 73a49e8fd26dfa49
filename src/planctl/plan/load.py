"""Finding plan files and loading them: read → parse → validate, one function per step."""

from __future__ import annotations

import os
import stat
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from planctl.errors import InvalidPlan, UnreadableInput, UsageError, visible
from planctl.plan.findings import Finding, Located
from planctl.plan.model import Plan
from planctl.plan.source import Source, parse, read_text
from planctl.plan.validate import validate

PLAN_SUFFIXES = (".yaml", ".yml")


def discover(paths: Sequence[str]) -> list[Path]:
    """The plan files named: files as given, directories searched for *.yaml, and with no
    paths at all every `plans/*.yaml` under the current directory."""
    if not paths:
        found = sorted(Path("plans").glob("*.yaml"))
        if not found:
            raise UsageError("no plan files: give PATHS, or run where plans/*.yaml exists")
        return found
    files: list[Path] = []
    for name in paths:
        path = Path(name)
        if _is_dir(path):
            files.extend(_plans_in(path, name))
        else:
            files.append(path)
    return files


def _is_dir(path: Path) -> bool:
    """Is `path` a folder? A name too long or a folder without search permission is not
    answered here: reading the file then says what is wrong, in one line."""
    try:
        return stat.S_ISDIR(path.stat().st_mode)
    except OSError:
        return False


def _plans_in(folder: Path, name: str) -> list[Path]:
    """The *.yaml and *.yml files under `folder`. None is an error: `check` of an empty folder
    must not pass in CI, and `due` has no plan year to ask about. So is a subfolder that
    cannot be read: the plans in it would be silently left out (`Path.rglob` skips it)."""
    found: list[Path] = []

    def refuse(error: OSError) -> None:
        where = visible(error.filename or name)
        raise UnreadableInput(f"{where}: cannot read this folder ({error.strerror})")

    for top, folders, files in os.walk(folder, onerror=refuse):
        folders.sort()
        entries = [*folders, *files]  # a folder named `old.yaml` is reported, not skipped
        found.extend(Path(top, entry) for entry in entries if Path(entry).suffix in PLAN_SUFFIXES)
    if not found:
        raise UsageError(f"{name}: no plan files (*.yaml, *.yml) in this folder")
    return sorted(found)


@dataclass
class Loaded:
    """A plan file after loading: the model when it is valid, else the schema findings."""

    source: Source
    plan: Plan | None
    schema_findings: list[Finding]

    def locate(self, finding: Finding) -> Located:
        position = self.source.position(finding.path, finding.at_key)
        return Located(finding, position, self.source.line(position.line))


def load(path: Path) -> Loaded:
    """Read, parse and validate one file. Unreadable input and YAML errors raise."""
    return validated(parse(read_text(path), str(path)))


def validated(source: Source) -> Loaded:
    plan, findings = validate(source)
    return Loaded(source, plan, findings)


def load_valid(path: Path) -> tuple[Plan, Source]:
    """A valid plan, or InvalidPlan naming its first schema error — for commands that query."""
    loaded = load(path)
    if loaded.plan is None:
        first = loaded.locate(loaded.schema_findings[0])
        raise InvalidPlan(
            f"{first.finding.message} (run `planctl check {path}` for every finding)",
            first.position,
            code=first.code,
        )
    return loaded.plan, loaded.source


def load_plans(paths: Sequence[str]) -> list[tuple[Plan, str]]:
    """Every plan named by `paths` (see `discover`), each valid, with its file name."""
    return [(plan, source.name) for plan, source in map(load_valid, discover(paths))]

"""Finding plan files and loading them: read → parse → validate, one function per step.

Commands that answer from a plan do not call these directly: they load through
`planctl.repository.check.load_checked`, which also runs the consistency rules."""

from __future__ import annotations

import os
import stat
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from planctl.errors import UnreadableInput, UsageError, visible
from planctl.plan.findings import Finding, Located

if TYPE_CHECKING:  # `discover` serves cached commands, which never load the model or YAML
    from planctl.plan.model import Plan
    from planctl.plan.source import Source

PLAN_SUFFIXES = (".yaml", ".yml")
LEDGER_FOLDER = "progress"
"""Files in a folder of this name are progress ledgers (planctl.progress), not plans."""


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
    return _once(files)


def _once(files: list[Path]) -> list[Path]:
    """Each file once, as first named: `x`, `./x`, a symlink to it and a folder holding it
    are one file, so that no plan is counted, merged or reported twice."""
    seen: set[object] = set()
    unique: list[Path] = []
    for path in files:
        key = _identity(path)
        if key not in seen:
            seen.add(key)
            unique.append(path)
    return unique


def _identity(path: Path) -> object:
    """What makes two names one file: its device and inode (one `stat`, where resolving the
    path would look up each of its folders), or the resolved path of a file that cannot be
    looked up (reading it then says why)."""
    try:
        found = os.stat(path)
    except (OSError, ValueError):
        return os.path.realpath(path)
    return found.st_dev, found.st_ino


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
        # Progress ledgers (progress/NAME.yaml) are not plans; they are checked with theirs.
        folders[:] = sorted(f for f in folders if f != LEDGER_FOLDER)
        entries = [*folders, *files]  # a folder named `old.yaml` is reported, not skipped
        found.extend(Path(top, entry) for entry in entries if Path(entry).suffix in PLAN_SUFFIXES)
    if not found:
        raise UsageError(f"{name}: no plan files (*.yaml, *.yml) in this folder")
    return sorted(found)


def ledger_path(plan: Path) -> Path:
    """Where a plan's ledger lives: `plans/2015.yaml` → `progress/2015.yaml`, a folder beside
    the plan's folder, so that `plans/` holds only plans (and `planctl check plans/` stays a
    check of plans)."""
    return plan.parent.parent / LEDGER_FOLDER / plan.name


def lock_path(ledger: Path) -> Path:
    """The lock file that serialises appends to a ledger: `progress/.2015.yaml.lock` (the
    ledger itself is replaced by a rename, so it cannot carry the lock)."""
    return ledger.parent / f".{ledger.name}.lock"


def has_ledger(plan: Path) -> bool:
    """Whether the plan has a ledger yet. A `progress/` folder this user cannot search hides
    whether it has: that is unreadable input, not "no ledger" (its reports would be left
    out of the answer unsaid)."""
    return ledger_exists(ledger_path(plan))


def ledger_exists(path: Path) -> bool:
    """Whether a ledger is at `path` (see has_ledger)."""
    try:
        return path.exists()
    except PermissionError:
        raise UnreadableInput(f"{path}: permission denied") from None
    except OSError as error:
        raise UnreadableInput(f"{path}: cannot read ({error.strerror})") from None


def is_ledger(path: Path) -> bool:
    """A file in a `progress/` folder is a ledger, not a plan."""
    return path.parent.name == LEDGER_FOLDER


def plan_of(ledger: Path) -> Path:
    """The plan a ledger belongs to: `progress/2015.yaml` → `plans/2015.yaml`."""
    return ledger.parent.parent / "plans" / ledger.name


@dataclass
class LoadedFile:
    """A YAML file after loading (a plan, or its progress ledger): a finding about it is
    placed by the positions its source kept."""

    source: Source

    def locate(self, finding: Finding) -> Located:
        return Located.within(self.source, finding)


@dataclass
class Loaded(LoadedFile):
    """A plan file after loading: the model when it is valid, else the schema findings."""

    plan: Plan | None
    schema_findings: list[Finding]


def validated(source: Source) -> Loaded:
    from planctl.plan.validate import validate

    plan, findings = validate(source)
    return Loaded(source, plan, findings)

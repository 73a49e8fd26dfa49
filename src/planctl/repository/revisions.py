"""A plan as it is now or as it was: a file, or a file at a git revision (`git show`).

`planctl diff HEAD~1 plans/2015.yaml` compares the working copy with the last commit;
`v1:plans/2015.yaml` names a file at a tag. git is run as a program (no library): the office's
repository is whatever git the IT desk installed, and its errors are reported in one line.

A revision is what the user typed, so it is never an option of git (`--output=FILE` would
make git write FILE): one that starts with `-` is refused before git runs, and git is told
where its options end (`--end-of-options`, git 2.24) in case one gets through.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from planctl.errors import UnreadableInput, UsageError
from planctl.plan.model import Plan
from planctl.plan.reading import decode
from planctl.plan.source import parse
from planctl.repository.check import check_source, load_checked

GIT_TIMEOUT = 60


@dataclass(frozen=True)
class Revision:
    """Where a side of a comparison comes from: a file, or `rev` of `path` in git."""

    path: Path
    rev: str | None = None

    @property
    def name(self) -> str:
        return f"{self.rev}:{self.path}" if self.rev else str(self.path)


@dataclass(frozen=True)
class PlanRevision:
    """A valid plan and where it came from; `committed` is the commit's date for git sides."""

    plan: Plan
    revision: Revision
    committed: date | None = None


def resolve(spec: str, other: str) -> Revision:
    """`plans/2015.yaml` → the file; `v1:plans/2015.yaml` → that path at v1; a bare `HEAD~1`
    (not a file) → the other side's path at that revision."""
    if Path(spec).exists():
        return Revision(Path(spec))
    rev, colon, path = spec.partition(":")
    if colon and rev and path:
        return _at(spec, Path(path), rev)
    if Path(other).exists():
        return _at(spec, Path(other), spec)
    _, other_colon, other_path = other.partition(":")
    if other_colon and other_path:
        return _at(spec, Path(other_path), spec)
    raise UsageError(f"{spec}: no such file, and no file to take from the other side")


def _at(spec: str, path: Path, rev: str) -> Revision:
    """`path` at `rev`, unless `rev` would read as an option of git."""
    if rev.startswith("-"):
        raise UsageError(
            f"{spec}: refused: the revision {rev!r} starts with '-', which git would read "
            "as an option; nothing was run"
        )
    return Revision(path, rev)


def read_revision(revision: Revision) -> PlanRevision:
    """The plan at `revision`, checked like any plan file: PlanRejected with its findings
    when it has errors, UnreadableInput when it cannot be read."""
    if revision.rev is None:
        return PlanRevision(load_checked(revision.path).plan, revision)
    spec = f"{revision.rev}:./{revision.path.name}"
    data = _git(revision, "show", "--end-of-options", spec)
    plan = check_source(parse(decode(data, revision.name), revision.name)).plan
    log = ("log", "-1", "--format=%cs", "--end-of-options", revision.rev, "--")
    stamp = _git(revision, *log).decode().strip()
    return PlanRevision(plan, revision, date.fromisoformat(stamp) if stamp else None)


def _git(revision: Revision, *args: str) -> bytes:
    """Run git in the file's folder (so `./name` is relative to it); one-line errors."""
    git = shutil.which("git")
    if git is None:
        raise UsageError(
            f"{revision.name}: reading a git revision needs git, which is not installed"
        )
    folder = revision.path.parent if str(revision.path.parent) else Path(".")
    if not folder.is_dir():
        raise UnreadableInput(f"{revision.name}: no such folder {folder}")
    try:
        # bandit B603 accepted: no shell, and no argument an option (`_at`, --end-of-options).
        done = subprocess.run(  # nosec B603
            [git, "-C", str(folder), *args], capture_output=True, timeout=GIT_TIMEOUT, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        raise UnreadableInput(f"{revision.name}: git failed ({error})") from None
    if done.returncode != 0:
        lines = done.stderr.decode("utf-8", "replace").strip().splitlines() or ["git failed"]
        raise UnreadableInput(f"{revision.name}: {lines[0].removeprefix('fatal: ')}")
    return done.stdout

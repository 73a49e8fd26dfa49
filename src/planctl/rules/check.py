"""Checking plan files: every finding of every file, located in its file.

This is the one validation path. `planctl check` reports what `examine` finds; every command
that answers from a plan (`due`, `render`, …) loads it through `load_checked`, which runs the
same schema and consistency rules and refuses a plan with errors, with the same findings.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from planctl.errors import (
    EXIT_FINDINGS,
    EXIT_OK,
    EXIT_USAGE,
    InvalidPlan,
    Position,
    UnreadableInput,
    UsageError,
)
from planctl.plan.findings import Finding, Located, Severity
from planctl.plan.load import Loaded, discover, validated
from planctl.plan.model import ROC_OFFSET, Plan
from planctl.plan.source import Source, line_of, parse, read_text
from planctl.plan.units import normalise
from planctl.rules.consistency import check_plan


@dataclass
class CheckResult:
    """What `check` found: located findings, and the files that could not be read at all."""

    files: int = 0
    findings: list[Located] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)

    def count(self, severity: Severity) -> int:
        return sum(1 for located in self.findings if located.severity is severity)

    def exit_code(self, strict: bool) -> int:
        if self.unreadable:
            return EXIT_USAGE
        failing = {Severity.ERROR, Severity.WARNING} if strict else {Severity.ERROR}
        return EXIT_FINDINGS if any(f.severity in failing for f in self.findings) else EXIT_OK


PARALLEL_FROM = 16
"""Fewer files than this are checked in this process: starting workers would cost more."""


def check_paths(paths: Sequence[str]) -> CheckResult:
    """Check each file; one file's problems never stop the others from being checked.

    A CI run over a repository of many plans uses every core: files are independent, and
    the results come back in the order the files were named."""
    files = discover(paths)
    result = CheckResult(files=len(files))
    workers = min(os.cpu_count() or 1, len(files) // PARALLEL_FROM)
    if workers > 1:
        with ProcessPoolExecutor(workers) as pool:
            outcomes = list(pool.map(_check_one, files, chunksize=PARALLEL_FROM))
    else:
        outcomes = [_check_one(path) for path in files]
    overlapping = dict(overlaps([identity for _, _, identity in outcomes]))
    for number, (findings, unreadable, _) in enumerate(outcomes):
        if number in overlapping:
            findings = sorted([*findings, overlapping[number]], key=lambda f: f.position)
        result.findings.extend(findings)
        result.unreadable.extend(unreadable)
    return result


Outcome = tuple[list[Located], list[str], "Identity | None"]


def _check_one(path: Path) -> Outcome:
    """One file's findings and what it is a plan of, or the line saying why it could not be
    read."""
    try:
        loaded, findings = examine(path)
    except UnreadableInput as error:
        return [], [error.one_line()], None
    plan = loaded.plan if loaded else None
    return findings, [], Identity.of(plan, loaded.source) if loaded and plan else None


def check_file(path: Path) -> list[Located]:
    """The located findings of one file, sorted by position."""
    return examine(path)[1]


def examine(path: Path) -> tuple[Loaded | None, list[Located]]:
    """Read, parse, validate and run every rule: the loaded file (None when it is not YAML)
    and its located findings, sorted by position. Unreadable input raises."""
    text = read_text(path)
    try:
        source = parse(text, str(path))
    except InvalidPlan as error:
        assert error.position is not None
        finding = Finding(error.code, Severity.ERROR, error.message, (), hint=error.hint)
        return None, [Located(finding, error.position, line_of(text, error.position.line))]
    loaded = validated(source)
    findings = loaded.schema_findings if loaded.plan is None else check_plan(loaded.plan)
    return loaded, sorted((loaded.locate(f) for f in findings), key=lambda f: f.position)


@dataclass(frozen=True)
class Identity:
    """Which office's plan for which year a file holds, and where it says whose it is: two
    plans of one office and year in one run would be merged or reported as if they were
    one office's work, so they are an error (PC410)."""

    office: str
    year: int
    position: Position
    excerpt: str

    @classmethod
    def of(cls, plan: Plan, source: Source) -> Identity:
        position = source.position(("office",))
        return cls(plan.office, plan.year, position, source.line(position.line))

    @property
    def key(self) -> tuple[str, int]:
        return normalise(self.office), self.year

    def overlap(self, first: Identity) -> Located:
        """The finding on this file, naming the file that came first."""
        year = f"{self.year} (民國{self.year - ROC_OFFSET}年)"
        finding = Finding(
            "PC410",
            Severity.ERROR,
            f"a second plan for {self.office} {year}: {first.position.file} is for the "
            "same office and year",
            ("office",),
            hint="give one plan per office and year (a revised plan replaces the old file)",
        )
        return Located(finding, self.position, self.excerpt)


def overlaps(identities: Sequence[Identity | None]) -> Iterator[tuple[int, Located]]:
    """For each plan of an office and year already given earlier in the run: its index
    among `identities` and its PC410 finding."""
    first: dict[tuple[str, int], Identity] = {}
    for number, identity in enumerate(identities):
        if identity is not None:
            earlier = first.setdefault(identity.key, identity)
            if earlier is not identity:
                yield number, identity.overlap(earlier)


class PlanRejected(InvalidPlan):
    """A plan with errors given to a command that answers from it: no answer, the findings.

    The CLI prints `findings` exactly as `planctl check` does and exits 1."""

    def __init__(self, path: Path, findings: list[Located]) -> None:
        errors = sum(1 for located in findings if located.severity is Severity.ERROR)
        super().__init__(f"{path}: {errors} error(s); not used (see the findings above)")
        self.findings = findings


@dataclass(frozen=True)
class Checked:
    """A plan that passed every rule: the model, its source and the warnings it has."""

    plan: Plan
    source: Source
    warnings: list[Located]

    @property
    def file(self) -> str:
        return self.source.name


def load_checked(path: Path) -> Checked:
    """The plan in `path` if it has no errors, else PlanRejected with all its findings."""
    loaded, findings = examine(path)
    if (
        loaded is None
        or loaded.plan is None
        or any(located.severity is Severity.ERROR for located in findings)
    ):
        raise PlanRejected(path, findings)
    return Checked(loaded.plan, loaded.source, findings)


def load_checked_plans(paths: Sequence[str], command: str = "") -> list[Checked]:
    """Every plan named by `paths` (see `discover`), each checked; the first with errors
    stops the command. With `command`, that command takes exactly one plan file."""
    files = discover(paths)
    if command and len(files) != 1:
        raise UsageError(f"{command} takes one plan file; got {len(files)}")
    plans = [load_checked(path) for path in files]
    for number, located in overlaps([Identity.of(c.plan, c.source) for c in plans]):
        raise PlanRejected(files[number], [located])
    return plans

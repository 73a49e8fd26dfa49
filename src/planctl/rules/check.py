"""`planctl check`: every finding of every plan file, located in its file."""

from __future__ import annotations

import os
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from pathlib import Path

from planctl.errors import (
    EXIT_FINDINGS,
    EXIT_OK,
    EXIT_USAGE,
    InvalidPlan,
    Position,
    UnreadableInput,
)
from planctl.plan.findings import Finding, Located, Severity
from planctl.plan.load import Loaded, discover, load_valid, validated
from planctl.plan.source import line_of, parse, read_text
from planctl.progress import load as ledgers
from planctl.rules.consistency import check_plan
from planctl.rules.ledger import check_ledger, missing_reports


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


def check_paths(paths: Sequence[str], as_of: date | None = None) -> CheckResult:
    """Check each file; one file's problems never stop the others from being checked.

    A CI run over a repository of many plans uses every core: files are independent, and
    the results come back in the order the files were named. A plan's progress ledger is
    checked with it; `as_of` also reports the progress reports missing on that day."""
    files = _without_ledgers_of(discover(paths))
    check_one = partial(_check_one, as_of=as_of)
    result = CheckResult(files=len(files))
    workers = min(os.cpu_count() or 1, len(files) // PARALLEL_FROM)
    if workers > 1:
        with ProcessPoolExecutor(workers) as pool:
            outcomes = list(pool.map(check_one, files, chunksize=PARALLEL_FROM))
    else:
        outcomes = [check_one(path) for path in files]
    for findings, unreadable in outcomes:
        result.findings.extend(findings)
        result.unreadable.extend(unreadable)
    return result


def _without_ledgers_of(files: list[Path]) -> list[Path]:
    """The files, less the ledgers whose plan is among them (checked with their plan)."""
    plans = {path.resolve() for path in files if not ledgers.is_ledger(path)}
    return [
        path
        for path in files
        if not (ledgers.is_ledger(path) and ledgers.plan_of(path).resolve() in plans)
    ]


def _check_one(path: Path, as_of: date | None = None) -> tuple[list[Located], list[str]]:
    """One file's findings, or the line saying why it could not be read."""
    try:
        return check_file(path, as_of), []
    except UnreadableInput as error:
        return [], [error.one_line()]


def check_file(path: Path, as_of: date | None = None) -> list[Located]:
    """The located findings of one file (and of its ledger), sorted by position."""
    if ledgers.is_ledger(path):
        return _check_ledger_file(path, as_of)
    text = read_text(path)
    try:
        source = parse(text, str(path))
    except InvalidPlan as error:
        return [_located_error(error, text)]
    loaded = validated(source)
    if loaded.plan is None:
        return sorted((loaded.locate(f) for f in loaded.schema_findings), key=_where)
    found = [loaded.locate(f) for f in check_plan(loaded.plan)]
    ledger = ledgers.ledger_path(path)
    if ledger.exists():
        found += _ledger_findings(loaded, ledger, as_of)
    return sorted(found, key=_where)


def _where(located: Located) -> Position:
    return located.position


def _located_error(error: InvalidPlan, text: str) -> Located:
    """A YAML-level error (the file could not be read as data) as a finding."""
    assert error.position is not None
    finding = Finding(error.code, Severity.ERROR, error.message, (), hint=error.hint)
    return Located(finding, error.position, line_of(text, error.position.line))


def _ledger_findings(plan: Loaded, path: Path, as_of: date | None) -> list[Located]:
    """The ledger's findings against its valid plan; with `as_of`, the missing reports,
    placed at their tasks in the plan."""
    assert plan.plan is not None
    text = read_text(path)
    try:
        loaded = ledgers.validated(parse(text, str(path)))
    except InvalidPlan as error:
        return [_located_error(error, text)]
    if loaded.ledger is None:
        return [loaded.locate(f) for f in loaded.schema_findings]
    found = [loaded.locate(f) for f in check_ledger(plan.plan, loaded.ledger, as_of)]
    if as_of is not None:
        found += [plan.locate(f) for f in missing_reports(plan.plan, loaded.ledger, as_of)]
    return found


def _check_ledger_file(path: Path, as_of: date | None) -> list[Located]:
    """A ledger named on its own: checked against its plan, which must exist and be valid."""
    plan_file = ledgers.plan_of(path)
    if not plan_file.exists():
        raise UnreadableInput(f"{path}: a progress ledger, but its plan {plan_file} is missing")
    try:
        plan, source = load_valid(plan_file)
    except InvalidPlan as error:
        raise UnreadableInput(
            f"{path}: its plan {plan_file} is not valid: run `planctl check {plan_file}`"
        ) from error
    loaded = Loaded(source, plan, [])
    return sorted(_ledger_findings(loaded, path, as_of), key=_where)

"""`planctl check`: every finding of every plan file, located in its file."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from planctl.errors import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, InvalidPlan, UnreadableInput
from planctl.plan.findings import Finding, Located, Severity
from planctl.plan.load import discover, validated
from planctl.plan.source import line_of, parse, read_text
from planctl.rules.consistency import check_plan
from planctl.rules.selection import Selection, accepted


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


_Outcome = tuple[list[Located], list[str]]
PARALLEL_FROM = 16
"""Fewer files than this are checked in this process: starting workers would cost more."""


def check_paths(
    paths: Sequence[str], progress: Callable[[int], Callable[[], None]] | None = None
) -> CheckResult:
    """Check each file; one file's problems never stop the others from being checked.

    A CI run over a repository of many plans uses every core: files are independent, and
    the results come back in the order the files were named. `progress(total)`, when
    given, returns the function to call after each file."""
    files = discover(paths)
    result = CheckResult(files=len(files))
    workers = min(os.cpu_count() or 1, len(files) // PARALLEL_FROM)
    advance = progress(len(files)) if progress else lambda: None
    if workers > 1:
        with ProcessPoolExecutor(workers) as pool:
            outcomes = list(_counted(pool.map(_check_one, files, chunksize=PARALLEL_FROM), advance))
    else:
        outcomes = list(_counted(map(_check_one, files), advance))
    for findings, unreadable in outcomes:
        result.findings.extend(findings)
        result.unreadable.extend(unreadable)
    return result


def _counted(outcomes: Iterable[_Outcome], advance: Callable[[], None]) -> Iterable[_Outcome]:
    """The outcomes, calling `advance` as each arrives (for the CLI's progress bar)."""
    """The outcomes, calling `advance` as each arrives (the progress bar of the CLI)."""
    for outcome in outcomes:
        yield outcome
        advance()


def selected(result: CheckResult, selection: Selection) -> CheckResult:
    """The result with only the codes `selection` (--select, --ignore) reports."""
    kept = [located for located in result.findings if selection.keeps(located.code)]
    return CheckResult(result.files, kept, result.unreadable)


def _check_one(path: Path) -> _Outcome:
    """One file's findings, or the line saying why it could not be read."""
    try:
        return check_file(path), []
    except UnreadableInput as error:
        return [], [error.one_line()]


def check_file(path: Path) -> list[Located]:
    """The located findings of one file, sorted by position, without the warnings the plan
    accepts (`check: {ignore: […]}`)."""
    text = read_text(path)
    try:
        source = parse(text, str(path))
    except InvalidPlan as error:
        assert error.position is not None
        finding = Finding(error.code, Severity.ERROR, error.message, (), hint=error.hint)
        return [Located(finding, error.position, line_of(text, error.position.line))]
    loaded = validated(source)
    findings = loaded.schema_findings if loaded.plan is None else check_plan(loaded.plan)
    findings = accepted(findings, loaded.plan)
    return sorted((loaded.locate(f) for f in findings), key=lambda f: f.position)

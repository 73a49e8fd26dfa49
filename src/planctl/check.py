"""`planctl check`: every finding of every plan file, located in its file."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from planctl.checks import check_plan
from planctl.errors import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, InvalidPlan, UnreadableInput
from planctl.findings import Finding, Located, Severity
from planctl.plans import discover, validated
from planctl.source import line_of, parse, read_text


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


def check_paths(paths: Sequence[str]) -> CheckResult:
    """Check each file; one file's problems never stop the others from being checked."""
    result = CheckResult()
    for path in discover(paths):
        result.files += 1
        try:
            result.findings.extend(check_file(path))
        except UnreadableInput as error:
            result.unreadable.append(error.one_line())
    return result


def check_file(path: Path) -> list[Located]:
    """The located findings of one file, sorted by position."""
    text = read_text(path)
    try:
        source = parse(text, str(path))
    except InvalidPlan as error:
        assert error.position is not None
        finding = Finding(error.code, Severity.ERROR, error.message, (), hint=error.hint)
        return [Located(finding, error.position, line_of(text, error.position.line))]
    loaded = validated(source)
    findings = loaded.schema_findings if loaded.plan is None else check_plan(loaded.plan)
    return sorted((loaded.locate(f) for f in findings), key=lambda f: f.position)

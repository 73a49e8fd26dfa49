"""`check` output: text for people, JSON for scripts, GitHub annotations and GitLab code
quality for CI.

Kept free of rich and jinja2 so that `planctl check` starts fast in CI; colour is click's.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Sequence

import click

from planctl.errors import visible
from planctl.outputs.cells import display_width
from planctl.outputs.jsontext import json_text
from planctl.plan.findings import Located, Severity, dotted
from planctl.repository.check import MAX_PER_CODE, CheckResult, Omitted

JSON_VERSION = 1
_COLOURS = {Severity.ERROR: "red", Severity.WARNING: "yellow"}


def text_report(result: CheckResult, color: bool) -> str:
    """Each finding as `file:line:col: severity CODE message [path]`, its line and a caret."""
    return text_findings(result.findings, color) + "".join(
        f"{visible(o.file)}: {o.severity.value} {o.code} {_omitted(o)}\n" for o in result.omitted
    )


def text_findings(findings: Sequence[Located], color: bool) -> str:
    """The text form of findings, shared by `check` and every command that refuses a plan."""
    return "".join(_text_finding(located, color) for located in findings)


def _omitted(omitted: Omitted) -> str:
    return f"{omitted.count:,} more not shown (the first {MAX_PER_CODE} of each code in a file are)"


def _text_finding(located: Located, color: bool) -> str:
    finding, position = located.finding, located.position
    label = click.style(finding.severity.value, fg=_COLOURS[finding.severity], bold=True)
    label = label if color else finding.severity.value
    path = visible(f" [{dotted(finding.path)}]" if finding.path else "")
    lines = [f"{visible(str(position))}: {label} {finding.code} {visible(finding.message)}{path}"]
    if located.excerpt:
        gutter = f"{position.line:>5} | "
        pad = display_width(visible(located.excerpt[: position.column - 1], tabs=True))
        shown = visible(located.excerpt, tabs=True)
        lines += [gutter + shown, " " * (len(gutter) - 2) + "| " + " " * pad + "^"]
    if finding.hint:
        lines.append(f"      = hint: {visible(finding.hint)}")
    return "\n".join(lines) + "\n"


def summary(result: CheckResult) -> str:
    """One line for stderr: how many files, errors and warnings, and how many of each code
    (`(PC201 ×1, PC301 ×31)`): what to `--ignore` or `planctl explain` first."""
    errors, warnings = result.count(Severity.ERROR), result.count(Severity.WARNING)
    files = f"{result.files} file" + ("" if result.files == 1 else "s")
    if not (errors or warnings or result.unreadable):
        return f"{files} checked: no problems"
    unreadable = f", {len(result.unreadable)} unreadable" if result.unreadable else ""
    counted = Counter(located.code for located in result.findings)
    for omitted in result.omitted:  # past the cap of a code in a file: not shown, still found
        counted[omitted.code] += omitted.count
    counts = sorted(counted.items())
    per_code = " (" + ", ".join(f"{code} ×{n}" for code, n in counts) + ")" if counts else ""
    return f"{files} checked: {errors} error(s), {warnings} warning(s){unreadable}{per_code}"


def errors_only(result: CheckResult) -> CheckResult:
    """The result with its warnings left out, for `--quiet` (the summary still counts them)."""
    kept = [located for located in result.findings if located.severity is Severity.ERROR]
    omitted = [counted for counted in result.omitted if counted.severity is Severity.ERROR]
    return CheckResult(result.files, kept, result.unreadable, omitted)


def json_report(result: CheckResult, color: bool = False) -> str:
    """The stable JSON shape documented in docs/commands.md (`version` changes if it ever
    breaks)."""
    document = {
        "version": JSON_VERSION,
        "files": result.files,
        "errors": result.count(Severity.ERROR),
        "warnings": result.count(Severity.WARNING),
        "unreadable": result.unreadable,
        "findings": [_json_finding(located) for located in result.findings],
        "omitted": [
            {"file": o.file, "code": o.code, "severity": o.severity.value, "count": o.count}
            for o in result.omitted
        ],
    }
    return json_text(document)


def _json_finding(located: Located) -> dict[str, object]:
    finding, position = located.finding, located.position
    return {
        "file": position.file,
        "line": position.line,
        "column": position.column,
        "severity": finding.severity.value,
        "code": finding.code,
        "message": finding.message,
        "path": dotted(finding.path),
        "hint": finding.hint,
    }


def github_report(result: CheckResult, color: bool = False) -> str:
    """GitHub Actions workflow commands: `::error file=…,line=…,col=…,title=CODE::message`."""
    lines = []
    for located in result.findings:
        finding, position = located.finding, located.position
        properties = ",".join(
            [
                f"file={_escape_property(visible(position.file))}",
                f"line={position.line}",
                f"col={position.column}",
                f"title={finding.code}",
            ]
        )
        message = finding.message + (f" (hint: {finding.hint})" if finding.hint else "")
        data = _escape_data(visible(message))
        lines.append(f"::{finding.severity.value} {properties}::{data}")
    lines += [f"::error::{_escape_data(message)}" for message in result.unreadable]
    lines += [
        f"::{o.severity.value} file={_escape_property(visible(o.file))},title={o.code}::"
        + _escape_data(_omitted(o))
        for o in result.omitted
    ]
    return "".join(line + "\n" for line in lines)


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


GITLAB_SEVERITY = {Severity.ERROR: "major", Severity.WARNING: "minor"}


def gitlab_report(result: CheckResult, color: bool = False) -> str:
    """GitLab code quality (a JSON list; the job's `artifacts:reports:codequality`): merge
    requests show each finding on its line. The fingerprint leaves out the line, so a finding
    that only moves with the text around it is not reported as new."""
    issues = [_gitlab_issue(located) for located in result.findings]
    for message in result.unreadable:
        file = message.split(": ", 1)[0]
        issues.append(_gitlab_entry("unreadable", message, "blocker", file, 1, message))
    return json_text(issues)


def _gitlab_issue(located: Located) -> dict[str, object]:
    finding, position = located.finding, located.position
    message = finding.message + (f" (hint: {finding.hint})" if finding.hint else "")
    identity = "\0".join((position.file, finding.code, dotted(finding.path), finding.message))
    severity = GITLAB_SEVERITY[finding.severity]
    return _gitlab_entry(
        finding.code, f"{finding.code} {message}", severity, position.file, position.line, identity
    )


def _gitlab_entry(
    check: str, description: str, severity: str, file: str, line: int, identity: str
) -> dict[str, object]:
    return {
        "description": description,
        "check_name": check,
        "fingerprint": hashlib.sha256(identity.encode("utf-8", "surrogateescape")).hexdigest(),
        "severity": severity,
        "location": {"path": file, "lines": {"begin": line}},
    }


FORMATS: dict[str, Callable[[CheckResult, bool], str]] = {
    "text": text_report,
    "json": json_report,
    "github": github_report,
    "gitlab": gitlab_report,
}

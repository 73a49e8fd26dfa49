"""Findings: what `planctl check` reports, each with a stable code and a place in the file."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from planctl.errors import InvalidPlan, Position

if TYPE_CHECKING:  # findings are read back from the cache without the YAML parser
    from planctl.plan.source import Source, YamlPath


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Finding:
    """One problem, located by its path in the plan's data (the checks know no line numbers)."""

    code: str
    severity: Severity
    message: str
    path: YamlPath
    hint: str = ""
    at_key: bool = False
    """Point at the key rather than its value (an unknown key, say)."""


EXAMPLE_TASK = ("tasks:", "  - id: reg-1.1", "    text: 清查百歲人瑞")
"""The task the examples of many codes show: `example of a task:` in a code begins with it."""


@dataclass(frozen=True)
class Code:
    """A check code, declared once beside the rule that reports it: its number, severity and
    explanation. Findings are made from it, so a finding's severity is always the declared one;
    the registry (planctl.rules.registry), `planctl explain`, the code table in
    docs/commands.md and the findings' JSON schema are generated from the declarations."""

    code: str
    severity: Severity
    summary: str
    """What it means, one line (the code table's last column)."""
    why: str
    """Why it matters: what goes wrong for the office if the finding is left in."""
    fix: str
    """How to fix it."""
    bad: str
    """A YAML excerpt that has the problem."""
    good: str
    """The same excerpt, fixed."""

    @classmethod
    def parse(cls, text: str) -> Code:
        """A code declared as `planctl explain` reads, so that its examples stand as the YAML
        they are: a head `PC203 warning: summary`, then `why:`, `fix:`, `bad:` and `good:`.
        A line indented by two spaces continues the field above it: prose joined by a space,
        the `bad` and `good` excerpts line by line (each line ends with a newline).

        When the fix changes a line or two, `example:` instead of `bad:` and `good:` writes
        the excerpt once, as a diff does: after the indent, a line marked `-` is only in the
        bad excerpt, one marked `+` only in the good one, one marked with a space in both.
        `example of a task:` is such an excerpt of EXAMPLE_TASK's keys and those below them."""
        head, *lines = text.strip("\n").split("\n")
        code, _, rest = head.partition(" ")
        severity, _, summary = rest.partition(": ")
        fields = {"summary": [summary]}
        name = "summary"
        for line in lines:
            if line.startswith("  "):
                fields[name].append(line[2:])
            else:
                name, _, first = line.partition(":")
                fields[name] = [first.strip()] if first.strip() else []
        if "example" in fields:
            fields.update(_sides(code, fields.pop("example")))
        if "example of a task" in fields:
            keys = [line[:1] + "    " + line[1:] for line in fields.pop("example of a task")]
            fields.update(_sides(code, [" " + line for line in EXAMPLE_TASK] + keys))
        prose = {key: " ".join(fields.pop(key)) for key in ("summary", "why", "fix")}
        excerpts = {
            key: "".join(f"{line}\n" for line in fields.pop(key)) for key in ("bad", "good")
        }
        if fields:
            raise ValueError(f"{code}: unknown fields {sorted(fields)}")
        return cls(code, Severity(severity), **prose, **excerpts)

    def finding(
        self, message: str, path: YamlPath, hint: str = "", at_key: bool = False
    ) -> Finding:
        """A finding of this code about what is at `path`."""
        return Finding(self.code, self.severity, message, path, hint=hint, at_key=at_key)

    def invalid(self, message: str, position: Position, hint: str = "") -> InvalidPlan:
        """The error that stops reading a file (a YAML problem), with this code."""
        return InvalidPlan(message, position, hint=hint, code=self.code)


def _sides(code: str, example: list[str]) -> dict[str, list[str]]:
    """The bad and the good excerpt of an `example:` written as a diff (see `Code.parse`)."""
    if any(line[:1] not in (" ", "-", "+") for line in example):
        raise ValueError(f"{code}: an example line begins with a space, '-' or '+'")
    return {
        "bad": [line[1:] for line in example if not line.startswith("+")],
        "good": [line[1:] for line in example if not line.startswith("-")],
    }


@dataclass(frozen=True)
class Located:
    """A finding placed in its file, with the source line it points into."""

    finding: Finding
    position: Position
    excerpt: str

    @property
    def code(self) -> str:
        return self.finding.code

    @property
    def severity(self) -> Severity:
        return self.finding.severity

    @classmethod
    def within(cls, source: Source, finding: Finding) -> Located:
        """`finding` placed in the file it was found in (a plan's, or a ledger's)."""
        position = source.position(finding.path, finding.at_key)
        return cls(finding, position, source.line(position.line))


def dotted(path: YamlPath) -> str:
    """`("parts", 4, "principles", 0)` → `parts[4].principles[0]`, the path as users read it."""
    text = ""
    for step in path:
        text += f"[{step}]" if isinstance(step, int) else (f".{step}" if text else str(step))
    return text

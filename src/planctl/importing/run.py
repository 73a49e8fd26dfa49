"""`planctl import` as one function: read, recognise, write the YAML, check it.

The draft is checked by the same rules as `planctl check` (rules.check.check_source, the one
validation path) before the command writes it, so the report can say how it checks.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from planctl.errors import InvalidPlan
from planctl.importing.read import read_document
from planctl.importing.recognise import recognise
from planctl.importing.report import ImportReport
from planctl.plan.findings import Located, Severity
from planctl.plan.months import ROC_OFFSET

HEADER = """\
# yaml-language-server: $schema=../schema/plan.schema.json
# Imported by `planctl import` from {source}: a DRAFT. Every guess carries a `note:`;
# read them, compare the rendered tables with the document, then delete the notes you
# have checked. Format: docs/plan-format.md. Validate with `planctl check` after every edit.

"""


@dataclass
class Draft:
    text: str
    report: ImportReport
    findings: list[Located]


def import_plan(path: Path, name: str, office: str | None = None, year: int | None = None) -> Draft:
    """The draft plan's YAML for the document at `path`, its report and its findings
    (`name`: what the findings call the draft, its output file)."""
    from pydantic import ValidationError

    from planctl.plan.dump import dump_plan
    from planctl.plan.model import Plan
    from planctl.plan.source import parse
    from planctl.repository.check import PlanRejected, check_source

    document = read_document(path)
    imported = recognise(document, str(path), office, year)
    try:
        plan = Plan.model_validate(_pruned(imported.plan))
    except ValidationError as error:  # a recogniser's defect: said in one line, not a trace
        raise InvalidPlan(
            f"{path}: the draft does not fit the plan format ({error.errors()[0]['msg']})"
        ) from None
    text = HEADER.format(source=path.name) + dump_plan(plan)
    try:
        findings = check_source(parse(text, name)).warnings
    except PlanRejected as rejected:
        findings = rejected.findings
    report = imported.report
    report.errors = sum(1 for f in findings if f.severity is Severity.ERROR)
    report.warnings = len(findings) - report.errors
    return Draft(text, report, findings)


def _pruned(value: Any) -> Any:
    """The draft without empty values: a key the recogniser could not fill is left out."""
    if isinstance(value, dict):
        return {k: _pruned(v) for k, v in value.items() if v is not None and not k.startswith("_")}
    if isinstance(value, list):
        return [_pruned(v) for v in value]
    return value


@dataclass(frozen=True)
class Outcome:
    """What the command prints and how it ends."""

    stdout: str
    stderr: str
    exit_code: int


def run_import(
    source: Path,
    output: Path | None,
    office: str | None,
    year: int | None,
    force: bool = False,
    fmt: str = "text",
) -> Outcome:
    """`planctl import`: the draft written to `output` (atomically, never onto the source or
    another plan unless `force`) or returned for stdout; the report, and the draft's errors
    when it has any (exit 1: the draft is written, for the user to fix)."""
    from planctl.importing.report import as_json, as_text
    from planctl.outputs.tables.check_report import FORMATS
    from planctl.repository.check import CheckResult

    if year is not None and year < 1000:
        year += ROC_OFFSET
    draft = import_plan(source, str(output or "<stdout>"), office, year)
    draft.report.output = str(output or "")
    stdout = ""
    if output is None:
        stdout = draft.text
    else:
        from planctl.files.writing import write_output

        write_output(output, draft.text.encode("utf-8"), [source], force)
    errors = [f for f in draft.findings if f.severity is Severity.ERROR]
    stderr = FORMATS["text"](CheckResult(1, errors), False) if errors else ""
    stderr += as_json(draft.report) if fmt == "json" else as_text(draft.report)
    return Outcome(stdout, stderr, 1 if errors else 0)

"""`planctl new` as the functions a front end calls: next year's draft (where it goes, its
YAML, the list of every replacement) and the draft's findings once it is written.

What the draft is and where it may go is decided here; the front end writes it (or prints it)
and presents the findings.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from planctl.errors import UsageError
from planctl.files.writing import refuse_inputs
from planctl.plan.findings import Located
from planctl.plan.months import ROC_OFFSET

STDOUT = "<stdout>"
"""The name of a draft printed rather than written (`planctl new -o -`), where a file name is
shown."""


@dataclass(frozen=True)
class NewPlan:
    """Next year's draft: the plan it comes from, the file it goes to (None: printed), the
    file its list of replacements goes to (None: printed), and both texts."""

    source: Path
    output: Path | None
    report: Path | None
    draft: str
    replacements: str

    @property
    def shown(self) -> str:
        """The draft's name in messages: its file, or <stdout>."""
        return str(self.output or STDOUT)

    @property
    def written_to(self) -> list[Path]:
        """What the list of replacements must not overwrite: the source and the draft."""
        return [self.source] if self.output is None else [self.source, self.output]


def new_plan(
    year: int, source: Path | None, output: Path | None, report: Path | None, printed: bool
) -> NewPlan:
    """The draft of the plan for `year` (Gregorian, or 民國 below 1000) from `source`
    (default: plans/<YEAR-1>.yaml), to `output` (default: <YEAR>.yaml beside the source;
    `printed`: to stdout). Refused before anything is read when the draft would overwrite a
    file or the list would overwrite the source or the draft."""
    from planctl.outputs.documents.rollover_report import as_text, draft_yaml
    from planctl.progress.load import load_ledger
    from planctl.queries.rollover import roll_over
    from planctl.repository.check import load_checked

    year = year + ROC_OFFSET if year < 1000 else year
    source = source or Path("plans", f"{year - 1}.yaml")
    # beside the source, by its folder: `--from ''` has no name to replace
    output = None if printed else output or source.parent / f"{year}.yaml"
    written_to = [source] if output is None else [source, output]
    if output is not None:
        refuse_inputs(output, [source])
        if output.exists():
            raise UsageError(f"{output}: already exists; planctl new never overwrites a plan")
    if report is not None:
        refuse_inputs(report, written_to)
    checked = load_checked(source)
    assert checked.source is not None  # read afresh (no cache): the draft keeps its layout
    rollover = roll_over(checked.plan, year, load_ledger(source))
    draft, kept_layout = draft_yaml(rollover, checked.source)
    replacements = as_text(rollover, str(source), str(output or STDOUT), kept_layout)
    return NewPlan(source, output, report, draft, replacements)


def draft_findings(new: NewPlan) -> list[Located]:
    """The draft's findings as `planctl check` finds them: of the file written, or of the
    printed text."""
    from planctl.plan.source import parse
    from planctl.repository.check import PlanRejected, check_file, check_source

    if new.output is not None:
        return check_file(new.output)
    try:
        return check_source(parse(new.draft, STDOUT)).warnings
    except PlanRejected as rejected:
        return rejected.findings

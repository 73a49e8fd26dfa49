"""Finding and loading the progress ledger of a plan: `progress/2015.yaml` for
`plans/2015.yaml`, read through the plan's position-keeping loader and validated the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from planctl.errors import InvalidPlan
from planctl.plan.findings import Finding
from planctl.plan.load import LEDGER_FOLDER as LEDGER_FOLDER
from planctl.plan.load import LoadedFile
from planctl.plan.load import has_ledger as has_ledger  # re-exported: they live in plan.load,
from planctl.plan.load import is_ledger as is_ledger
from planctl.plan.load import ledger_path as ledger_path  # free of pydantic and YAML
from planctl.plan.load import plan_of as plan_of
from planctl.plan.reading import read_text
from planctl.plan.source import Source, parse
from planctl.plan.validate import schema_findings
from planctl.progress.model import LEDGER_KEYS, Ledger

ROOT_HINT = "a progress ledger is a mapping with one key, entries:, holding a list of entries"


@dataclass
class LoadedLedger(LoadedFile):
    """A ledger file after loading: the model when it is valid, else the schema findings."""

    ledger: Ledger | None
    schema_findings: list[Finding]


def validated_ledger(source: Source) -> LoadedLedger:
    try:
        return LoadedLedger(source, Ledger.model_validate(source.data), [])
    except ValidationError as error:
        findings = schema_findings(error, source, LEDGER_KEYS, ROOT_HINT)
        return LoadedLedger(source, None, findings)


def parse_ledger(text: str, name: str) -> Ledger:
    """A valid ledger from text, or InvalidPlan naming its first problem."""
    loaded = validated_ledger(parse(text, name))
    if loaded.ledger is None:
        first = loaded.locate(loaded.schema_findings[0])
        raise InvalidPlan(
            f"{first.finding.message} (run `planctl check` for every finding)",
            first.position,
            code=first.code,
        )
    return loaded.ledger


def load_ledger(plan: Path) -> Ledger | None:
    """The plan's ledger, None when it has none yet; an invalid one raises InvalidPlan."""
    if not has_ledger(plan):
        return None
    path = ledger_path(plan)
    return parse_ledger(read_text(path), str(path))

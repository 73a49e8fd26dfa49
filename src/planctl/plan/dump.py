"""Writing a plan back to YAML: the inverse of loading, used by tests and future editors."""

from __future__ import annotations

import re

import yaml

from planctl.plan.model import Plan


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    """Quotes every text the loader would not read back as text: PyYAML's YAML 1.1 rules miss
    `08` and `09`, which planctl reads as the whole numbers 8 and 9 (see planctl.plan.source)."""


_Dumper.add_implicit_resolver(
    "tag:yaml.org,2002:int", re.compile(r"^[-+]?[0-9]+$"), list("-+0123456789")
)


def dump_plan(plan: Plan) -> str:
    """YAML that loads back to an equal plan: keys in model order, defaults left out."""
    data = plan.model_dump(mode="json", exclude_defaults=True)
    return str(yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1000))

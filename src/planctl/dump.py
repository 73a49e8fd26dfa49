"""Writing a plan back to YAML: the inverse of loading, used by tests and future editors."""

from __future__ import annotations

import yaml

from planctl.model import Plan

_Dumper: type = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def dump_plan(plan: Plan) -> str:
    """YAML that loads back to an equal plan: keys in model order, defaults left out."""
    data = plan.model_dump(mode="json", exclude_defaults=True)
    return str(yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1000))

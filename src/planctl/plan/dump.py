"""Writing a plan back to YAML: the inverse of loading, in the style the plans are written in
by hand (two-space indent, short lists in brackets, a blank line between parts), so that a
file planctl writes (`planctl new`) reads like the others and diffs cleanly against them."""

from __future__ import annotations

import re
from typing import Any

import yaml

from planctl.plan.model import Plan

FLOW_WIDTH = 60
"""A list of scalars shorter than this is written `[a, b]` on its key's line."""


class _Dumper(yaml.SafeDumper):
    """Quotes every text the loader would not read back as text: PyYAML's YAML 1.1 rules miss
    `08` and `09`, which planctl reads as the whole numbers 8 and 9 (see planctl.plan.source).

    The pure-Python dumper, not libyaml's: only it can indent a list under its key."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _list(dumper: yaml.SafeDumper, data: list[Any]) -> yaml.Node:
    scalars = all(isinstance(item, str | int) and not isinstance(item, bool) for item in data)
    flow = scalars and sum(len(str(item)) + 2 for item in data) < FLOW_WIDTH
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=flow)


_Dumper.add_representer(list, _list)
_Dumper.add_implicit_resolver(
    "tag:yaml.org,2002:int", re.compile(r"^[-+]?[0-9]+$"), list("-+0123456789")
)
_PART = re.compile(r"^(?<!parts:\n)(  - kind: (?=[a-z])|units:|parts:)", re.MULTILINE)
"""Where a blank line goes: before each part (its kind is English; an approval's is not)."""


def dump_plan(plan: Plan) -> str:
    """YAML that loads back to an equal plan: keys in model order, defaults left out."""
    data = plan.model_dump(mode="python", exclude_defaults=True)
    text = str(
        yaml.dump(
            data,
            Dumper=_Dumper,
            allow_unicode=True,
            sort_keys=False,
            width=1000,
            default_flow_style=False,
        )
    )
    return _PART.sub(lambda match: "\n" + match.group(), text)

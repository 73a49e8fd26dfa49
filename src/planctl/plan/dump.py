"""Writing a plan back to YAML: the inverse of loading, in the style the plans are written in
by hand (two-space indent, short lists in brackets, a blank line between parts), so that a
file planctl writes (`planctl new`) reads like the others and diffs cleanly against them."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

import yaml

from planctl.plan.model import Plan

FLOW_WIDTH = 60
"""A list of scalars shorter than this is written `[a, b]` on its key's line."""
WIDTH = 1000
"""PyYAML folds a line that passes this column; the writer leaves texts that could to it."""
LONGEST = 600
"""The longest text the writer writes itself (with its indent, well inside WIDTH)."""


class _Dumper(yaml.SafeDumper):
    """Quotes every text the loader would not read back as text: PyYAML's YAML 1.1 rules miss
    `08` and `09`, which planctl reads as the whole numbers 8 and 9 (see planctl.plan.source).

    The pure-Python dumper, not libyaml's: only it can indent a list under its key."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _list(dumper: yaml.SafeDumper, data: list[Any]) -> yaml.Node:
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=_flow(data))


_Dumper.add_representer(list, _list)
_Dumper.add_implicit_resolver(
    "tag:yaml.org,2002:int", re.compile(r"^[-+]?[0-9]+$"), list("-+0123456789")
)
_PART = re.compile(r"^(?<!parts:\n)(  - kind: (?=[a-z])|units:|parts:)", re.MULTILINE)
"""Where a blank line goes: before each part (its kind is English; an approval's is not)."""


def dump_plan(plan: Plan) -> str:
    """YAML that loads back to an equal plan: keys in model order, defaults left out."""
    data = plan.model_dump(mode="python", exclude_defaults=True)
    try:
        text = _Writer().document(data)
    except _Unusual:
        text = pyyaml_text(data)
    return _PART.sub(lambda match: "\n" + match.group(), text)


def pyyaml_text(data: dict[str, Any]) -> str:
    """The plan's data as PyYAML's pure-Python dumper writes it: the reference for _Writer."""
    return str(
        yaml.dump(
            data,
            Dumper=_Dumper,
            allow_unicode=True,
            sort_keys=False,
            width=WIDTH,
            default_flow_style=False,
        )
    )


class _Unusual(Exception):
    """A value the writer leaves to PyYAML: a text that needs double quotes (a tab, a control
    character, a space beside a line break), a long one, a key that is not a short text."""


class _Writer:
    """The bytes PyYAML's dumper writes for a plan's data (tests/test_plan_dump.py compares
    them), at a fraction of its cost: a 10,000-task draft from `planctl import` takes the
    pure-Python emitter 5-10 s, which libyaml cannot replace (it cannot indent a list under
    its key). Structure is written here; whether a text is plain or quoted is PyYAML's own
    analysis and resolver, asked once per distinct text."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.emitter = _Dumper(io.StringIO(), allow_unicode=True, width=WIDTH)
        self.resolve: Callable[[type, str, tuple[bool, bool]], str] = self.emitter.resolve
        self.styles: dict[tuple[str, bool], str] = {}

    def document(self, data: dict[str, Any]) -> str:
        if not data:
            raise _Unusual
        self.mapping(data, 0, "")
        return "\n".join(self.lines) + "\n"

    def mapping(self, data: dict[str, Any], indent: int, lead: str) -> None:
        """`data` at `indent`, its first key after `lead` ("- " of a list item, or nothing)."""
        for key, value in data.items():
            if not isinstance(key, str) or not key or len(key) + len("!!str") >= 128:
                raise _Unusual  # PyYAML writes it as a complex key: `? key`
            head = f"{lead or ' ' * indent}{self.single_line(key, flow=False)}:"
            lead = ""
            self.value(value, indent, head, indent + 2)

    def sequence(self, data: list[Any], indent: int) -> None:
        for item in data:
            self.value(item, indent, " " * indent + "-", indent + 2)

    def value(self, value: Any, indent: int, head: str, inner: int) -> None:
        """`value` after `head` (a key and its colon, or a list item's dash)."""
        if isinstance(value, dict) and value:
            if head.endswith("-"):
                self.mapping(value, inner, head + " ")
            else:
                self.lines.append(head)
                self.mapping(value, inner, "")
        elif isinstance(value, list) and value and not _flow(value):
            if head.endswith("-"):
                raise _Unusual  # a list in a list
            self.lines.append(head)
            self.sequence(value, inner)
        else:
            self.lines.append(f"{head} {self.inline(value, inner)}")

    def inline(self, value: Any, indent: int) -> str:
        if isinstance(value, list):
            return "[" + ", ".join(self.single_line(item, flow=True) for item in value) + "]"
        if isinstance(value, dict):
            return "{}"
        if isinstance(value, str) and "\n" in value:
            return self.multi_line(value, indent)
        return self.single_line(value, flow=False)

    def single_line(self, value: Any, flow: bool) -> str:
        if isinstance(value, bool):
            return "true" if value else "false"
        if value is None:
            return "null"
        if isinstance(value, int):
            return str(value)
        if isinstance(value, date) and not isinstance(value, datetime):
            return value.isoformat()
        if not isinstance(value, str) or "\n" in value:
            raise _Unusual
        style = self.style(value, flow)
        return value if style == "" else "'" + value.replace("'", "''") + "'"

    def multi_line(self, value: str, indent: int) -> str:
        """A text of several lines, single-quoted as PyYAML writes it: each run of line
        breaks one longer, the next line at the value's indent."""
        if self.style(value, flow=False) != "'":
            raise _Unusual
        text = value.replace("'", "''")
        return "'" + re.sub(r"\n+", lambda run: "\n" + run.group() + " " * indent, text) + "'"

    def style(self, text: str, flow: bool) -> str:
        """PyYAML's choice for a text in block context: "" plain, "'" single-quoted; anything
        else, or a text long enough to be folded, is left to PyYAML."""
        if (text, flow) in self.styles:
            return self.styles[(text, flow)]
        if len(text) > LONGEST or any(ch in text for ch in "\x85\u2028\u2029"):
            raise _Unusual
        analysis = self.emitter.analyze_scalar(text)
        resolved = self.resolve(yaml.ScalarNode, text, (True, False))
        plain = analysis.allow_flow_plain if flow else analysis.allow_block_plain
        if plain and resolved == "tag:yaml.org,2002:str":
            style = ""
        elif analysis.allow_single_quoted:
            style = "'"
        else:
            raise _Unusual
        self.styles[(text, flow)] = style
        return style


def _flow(data: list[Any]) -> bool:
    """Whether PyYAML writes the list `[a, b]` (see _list)."""
    scalars = all(isinstance(item, str | int) and not isinstance(item, bool) for item in data)
    return scalars and sum(len(str(item)) + 2 for item in data) < FLOW_WIDTH

"""Schema validation: pydantic's errors turned into located findings (codes PC101–PC103).

Pydantic reports an error by its `loc`, a path through the input; it inserts extra steps for
tagged unions ("strategies") and union members ("int"). We walk the data along the `loc`, keep
the steps that exist in the data and drop the others, which leaves the path the source
positions are keyed by.
"""

from __future__ import annotations

import difflib
from typing import Any

from pydantic import ValidationError

from planctl import model
from planctl.findings import Finding, Severity
from planctl.model import Plan
from planctl.source import Source, YamlPath

_EXPECTED = {
    "string_type": "expected text",
    "int_type": "expected a whole number",
    "int_parsing": "expected a whole number",
    "int_from_float": "expected a whole number",
    "list_type": "expected a list",
    "model_type": "expected a mapping of keys and values",
    "model_attributes_type": "expected a mapping of keys and values",
    "dict_type": "expected a mapping of keys and values",
}


def validate(source: Source) -> tuple[Plan | None, list[Finding]]:
    """The plan, or None and the schema findings (one per place, in file order)."""
    try:
        return Plan.model_validate(source.data), []
    except ValidationError as error:
        findings: dict[tuple[YamlPath, bool], Finding] = {}
        for detail in error.errors():
            finding = _finding(detail, source)
            findings.setdefault((finding.path, finding.at_key), finding)
        return None, list(findings.values())


def _data_path(data: Any, loc: tuple[Any, ...]) -> YamlPath:
    path: list[str | int] = []
    for step in loc:
        if (isinstance(data, dict) and step in data) or (
            isinstance(data, list) and isinstance(step, int) and 0 <= step < len(data)
        ):
            data = data[step]
        else:
            continue
        path.append(step)
    return tuple(path)


def _finding(detail: Any, source: Source) -> Finding:
    kind: str = detail["type"]
    loc: tuple[Any, ...] = tuple(detail["loc"])
    path = _data_path(source.data, loc)
    if kind == "missing":
        return Finding("PC101", Severity.ERROR, f"missing key '{loc[-1]}'", path)
    if kind == "union_tag_not_found":
        return Finding(
            "PC101",
            Severity.ERROR,
            "missing key 'kind'",
            path,
            hint="kind: " + ", ".join(_part_kinds()),
        )
    if kind == "extra_forbidden":
        return Finding(
            "PC102",
            Severity.ERROR,
            f"unknown key '{loc[-1]}'",
            path,
            hint=_did_you_mean(str(loc[-1])),
            at_key=True,
        )
    if kind == "union_tag_invalid":
        return Finding(
            "PC103",
            Severity.ERROR,
            f"unknown part kind '{detail['ctx']['tag']}'",
            (*path, "kind"),
            hint="kind is one of: " + ", ".join(_part_kinds()),
        )
    return Finding(
        "PC103",
        Severity.ERROR,
        _wrong_value(kind, detail),
        path,
        hint=_yaml_trap_hint(source, path),
    )


def _wrong_value(kind: str, detail: Any) -> str:
    if kind in _EXPECTED:
        return f"{_EXPECTED[kind]}, got {_describe(detail['input'])}"
    if kind == "value_error":
        return str(detail["ctx"]["error"])
    return str(detail["msg"])


def _describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"true/false ({str(value).lower()})"
    if isinstance(value, int | float):
        return f"a number ({value})"
    if isinstance(value, str):
        return f"text ({value[:20]!r})"
    if isinstance(value, list):
        return "a list"
    return "a mapping"


def _yaml_trap_hint(source: Source, path: YamlPath) -> str:
    raw = source.raw.get(path)
    if raw is None:
        return ""
    return f'YAML reads {raw} as {_describe_raw(raw)}; write "{raw}" in quotes if text is meant'


def _describe_raw(raw: str) -> str:
    return "true/false" if raw.lower() in {"yes", "no", "on", "off", "y", "n"} else "a number"


def _part_kinds() -> list[str]:
    kinds: list[str] = []
    for part in (
        model.TextPart,
        model.GoalsPart,
        model.PeriodPart,
        model.StrategyPart,
        model.SchedulePart,
    ):
        kinds.extend(part.model_fields["kind"].annotation.__args__)  # type: ignore[union-attr]
    return kinds


def _did_you_mean(key: str) -> str:
    close = difflib.get_close_matches(key, sorted(_field_names()), n=1)
    return f"did you mean '{close[0]}'?" if close else ""


def _field_names() -> set[str]:
    """Every key the plan format knows, for "did you mean" hints."""
    return {
        name
        for candidate in vars(model).values()
        if isinstance(candidate, type) and issubclass(candidate, model.Node)
        for name in candidate.model_fields
    }

"""Schema validation: pydantic's errors turned into located findings (codes PC101–PC103).

Pydantic reports an error by its `loc`, a path through the input; it inserts extra steps for
tagged unions ("strategies") and union members ("int"). We walk the data along the `loc`, keep
the steps that exist in the data and drop the others, which leaves the path the source
positions are keyed by.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from functools import lru_cache
from typing import Any, get_args

from pydantic import ValidationError

from planctl.plan import model
from planctl.plan.codes import MISSING_KEY, UNKNOWN_KEY, WRONG_VALUE
from planctl.plan.findings import Finding
from planctl.plan.model import Plan
from planctl.plan.quoting import clip
from planctl.plan.source import Source, YamlPath

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


PLAN_ROOT_HINT = "a plan file is a mapping: title:, office:, year:, units: and parts:"


def validate(source: Source) -> tuple[Plan | None, list[Finding]]:
    """The plan, or None and the schema findings (one per place, in file order)."""
    try:
        return Plan.model_validate(source.data), []
    except ValidationError as error:
        return None, schema_findings(error, source)


def schema_findings(
    error: ValidationError,
    source: Source,
    keys: set[str] | None = None,
    root_hint: str = PLAN_ROOT_HINT,
) -> list[Finding]:
    """Pydantic's errors as findings, one per place. Other files read through the same
    loader (progress ledgers) pass their own known `keys` and what their root should be."""
    findings: dict[tuple[YamlPath, bool], Finding] = {}
    for detail in error.errors():
        finding = _finding(detail, source, keys, root_hint)
        findings.setdefault((finding.path, finding.at_key), finding)
    return list(findings.values())


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


def _finding(detail: Any, source: Source, keys: set[str] | None, root_hint: str) -> Finding:
    kind: str = detail["type"]
    loc: tuple[Any, ...] = tuple(detail["loc"])
    path = _data_path(source.data, loc)
    if kind == "missing":
        return MISSING_KEY.finding(f"missing key '{loc[-1]}'", path)
    if kind == "union_tag_not_found":
        return MISSING_KEY.finding(
            "missing key 'kind'",
            path,
            hint="kind: " + ", ".join(_part_kinds()),
        )
    if kind == "extra_forbidden":
        return UNKNOWN_KEY.finding(
            f"unknown key '{clip(str(loc[-1]))}'",
            path,
            hint=_did_you_mean(str(loc[-1]), keys),
            at_key=True,
        )
    if kind == "union_tag_invalid":
        return WRONG_VALUE.finding(
            f"unknown part kind '{clip(str(detail['ctx']['tag']))}'",
            (*path, "kind"),
            hint="kind is one of: " + ", ".join(_part_kinds()),
        )
    return WRONG_VALUE.finding(
        _wrong_value(kind, detail),
        path,
        hint=_hint(kind, path, source, root_hint),
    )


def _wrong_value(kind: str, detail: Any) -> str:
    if kind in _EXPECTED:
        return f"{_EXPECTED[kind]}, got {_describe(detail['input'])}"
    if kind == "value_error":
        return str(detail["ctx"]["error"])
    if kind == "literal_error":
        return f"expected one of {detail['ctx']['expected']}, got {_describe(detail['input'])}"
    return str(detail["msg"])


def _hint(kind: str, path: YamlPath, source: Source, root_hint: str) -> str:
    """Why a value has the wrong type, when YAML is the reason (only where text was meant:
    quoting `yes` fixes `text: yes`, but not `year: yes`); what the whole file should be."""
    if not path and kind in ("model_type", "model_attributes_type"):
        return root_hint
    return _yaml_trap_hint(source, path) if kind == "string_type" else ""


def _describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"true/false ({str(value).lower()})"
    if isinstance(value, int | float):
        return f"a number ({clip(str(value), 20)})"
    if isinstance(value, str):
        return f"text ({value[:20]!r})"
    if isinstance(value, list):
        return "a list"
    return "a mapping"


def _yaml_trap_hint(source: Source, path: YamlPath) -> str:
    raw = source.raw.get(path)
    if not raw:
        return ""
    if len(raw) > 20:
        return f"YAML reads this as {_describe_raw(raw)}; write it in quotes if text is meant"
    return f'YAML reads {raw} as {_describe_raw(raw)}; write "{raw}" in quotes if text is meant'


def _describe_raw(raw: str) -> str:
    if raw.lower() in {"yes", "no", "on", "off", "true", "false"}:
        return "true/false"
    return "nothing (null)" if raw.lower() in {"~", "null"} else "a number"


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


def _did_you_mean(key: str, keys: set[str] | None) -> str:
    """The known key closest to an unknown one (`keys`: a ledger's; None: the plan's). A key
    the format knows, given where it does not belong (`cells:` on a sub-item), is never its
    own suggestion: the hint says where it belongs instead (for a plan's keys)."""
    places = _places() if keys is None else {name: [] for name in keys}
    if key in places:
        where = places[key]
        if not where or len(where) > _MOST_PLACES:
            return f"'{key}' is a key elsewhere in the file, not here"
        return f"'{key}' belongs {' or '.join(where)}, not here"
    close = difflib.get_close_matches(key, sorted(places), n=1)
    return f"did you mean '{close[0]}'?" if close else ""


_MOST_PLACES = 3
"""Past this many places a key belongs in (`note`, `text`), the hint names none of them."""


@lru_cache(maxsize=1)
def _places() -> dict[str, list[str]]:
    """Where each key of the plan format is written: at the top level, or in the entries of
    the keys whose values hold it (`cells` in `methods:` or `strategies:`), in the model's
    order."""
    under: dict[type, list[str]] = {model.Plan: ["at the top level"]}
    for owner in _nodes():
        for name, field in owner.model_fields.items():
            for node in _nodes_in(field.annotation):
                place = f"in {name}:"
                if place not in under.setdefault(node, []):
                    under[node].append(place)
    places: dict[str, list[str]] = {}
    for owner in _nodes():
        for name in owner.model_fields:
            known = places.setdefault(name, [])
            known += [place for place in under.get(owner, []) if place not in known]
    return places


def _nodes() -> list[type[model.Node]]:
    """The classes of the plan's model, each a kind of mapping in the file."""
    return [
        candidate
        for candidate in vars(model).values()
        if isinstance(candidate, type) and issubclass(candidate, model.Node)
    ]


def _nodes_in(annotation: Any) -> Iterator[type[model.Node]]:
    """The model classes a field's type holds (through lists, unions and `Annotated`)."""
    if isinstance(annotation, type) and issubclass(annotation, model.Node):
        yield annotation
    for argument in get_args(annotation):
        yield from _nodes_in(argument)

"""What a template is given: the page's data as plain, read-only values.

A `--templates` folder is input, and jinja2's sandbox still lets a template call the public
methods of whatever it is handed: a pydantic model's `parse_raw(…, allow_pickle=True)`
unpickles, its `parse_file` reads any file, and a list's `clear()` changes what a template
included later sees. So a template is handed no model and no object of planctl's at all:
`plain_values` copies the data into values whose only methods are those of Python's plain
types —

- a plan object (a pydantic model or its cached Record, see planctl.plan.record) and a
  dataclass of the queries (a task's progress, a footer) become `Values`: their fields and
  their properties, under the same names, read as `task.id` or `task["id"]`;
- lists and tuples become tuples; dicts become read-only mappings (types.MappingProxyType);
- text, whole numbers, fractions, booleans, None and dates stay what they are (immutable).

Anything else is refused (TypeError): a new kind of object must be thought about before a
template sees it. The names a template may rely on are listed in docs/templates.md.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator, Mapping
from datetime import date
from fractions import Fraction
from types import MappingProxyType
from typing import Any

import jinja2

from planctl.plan.record import Record, model_shape, own_properties

PLAIN = frozenset({str, int, float, bool, type(None), date, Fraction})
"""Immutable values a template may hold as they are."""


class Values:
    """An object's fields and properties, read-only, by attribute (`plan.title`, as jinja2's
    `.` tries first) or by key (`plan["title"]`). It has no method a template can call: every
    name it defines begins with `_`, which the sandbox refuses, so no field (`items`) is ever
    hidden behind a method of the same name."""

    __slots__ = ("_fields",)
    __hash__ = None  # type: ignore[assignment]  # equal by content, as a mapping is

    def __init__(self, fields: Mapping[str, Any]) -> None:
        object.__setattr__(self, "_fields", MappingProxyType(dict(fields)))

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):  # never a field: and `_fields` itself before it is set
            raise AttributeError(name)
        try:
            return self._fields[name]
        except KeyError:
            raise AttributeError(name) from None

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("template values are read-only")

    def __delattr__(self, name: str) -> None:
        raise AttributeError("template values are read-only")

    def __getitem__(self, name: str) -> Any:
        return self._fields[name]

    def __contains__(self, name: object) -> bool:
        return name in self._fields

    def __iter__(self) -> Iterator[str]:
        return iter(self._fields)

    def __len__(self) -> int:
        return len(self._fields)

    def __eq__(self, other: object) -> bool:
        return type(other) is Values and self._fields == other._fields

    def __repr__(self) -> str:
        return "Values(" + ", ".join(f"{k}={v!r}" for k, v in self._fields.items()) + ")"


class MissingName(jinja2.StrictUndefined):
    """jinja2's strict undefined, whose message for a name a value does not have lists the
    names it has (`no 'titel' here; there are title, office, …`): what a template author
    needs to fix a typo, rather than a Python class name."""

    @property
    def _undefined_message(self) -> str:
        found = self._undefined_obj
        if type(found) is Values and not self._undefined_hint:
            return f"no {self._undefined_name!r} here; there are {', '.join(found)}"
        return str(super()._undefined_message)


Derived = Callable[[object], Mapping[str, Any]]
"""Values worked out up front for an object, beyond its fields and properties (a task's
latest report texts, which its class gives by a method)."""


def plain_values(variables: Mapping[str, Any], derived: Derived | None = None) -> dict[str, Any]:
    """The variables of a page, each as plain values. An object met twice (the plan, and the
    plan a progress report is of; the 計畫項目 of each of its rows) becomes one value, so
    what was the same object still is (`is`), and is copied once."""
    copier = _Copier(derived or (lambda value: {}))
    return {name: copier.copy(value) for name, value in variables.items()}


class _Copier:
    """One walk over a page's data, remembering what it has copied."""

    def __init__(self, derived: Derived) -> None:
        self.derived = derived
        self.copied: dict[int, tuple[object, object]] = {}
        """id(original) → (original, copy): the original is kept so that its id is not
        reused by another object (a property's result is a new object each time)."""

    def copy(self, value: object) -> Any:
        if type(value) in PLAIN:
            return value
        known = self.copied.get(id(value))
        if known is not None:
            return known[1]
        copy = self._copy(value)
        self.copied[id(value)] = (value, copy)
        return copy

    def _copy(self, value: object) -> object:
        cls = type(value)
        if cls is list or cls is tuple:
            return tuple(self.copy(item) for item in value)  # type: ignore[attr-defined]
        if cls is dict:
            return MappingProxyType({k: self.copy(v) for k, v in value.items()})  # type: ignore[attr-defined]
        names = _names(value)
        if names is None:
            raise TypeError(f"{cls.__name__} is not a value a template may be given")
        fields = {name: self.copy(getattr(value, name)) for name in names}
        fields.update((name, self.copy(v)) for name, v in self.derived(value).items())
        return Values(fields)


def _names(value: object) -> tuple[str, ...] | None:
    """The fields and properties of a plan object or a dataclass; None for anything else."""
    cls = type(value)
    if cls is Record:
        return tuple(name for name in vars(value) if name != "_model")
    shape = model_shape(cls)
    if shape is not None:
        return shape[0] + shape[1]
    if dataclasses.is_dataclass(value):
        return tuple(f.name for f in dataclasses.fields(value)) + own_properties(cls)
    return None

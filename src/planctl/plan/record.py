"""A validated plan as plain objects: what the queries and outputs read, cached or not.

The pydantic model (`planctl.plan.model`) validates a plan; answering from it needs only its
values. `to_record` walks any validated model generically into `Record`s: one plain, frozen
object per model object, holding every field *and every property* (`Task.month_numbers`,
`Plan.roc_year`) under the same names. Nothing here names a model class or field, so a field
or property added to the model reaches the queries, the templates and the cache unchanged.

Records pickle to a few class references (this module, `datetime`) and load without pydantic
(about 100 ms of start-up) — the point of the validated-plan cache (`planctl.repository.cache`).

The rule this sets for code that reads plans (queries, outputs, templates): read fields and
properties only. A model *method* or an `isinstance` test on a model class does not carry
over; dispatch on `part.kind` or `model_name(part)` instead, and copy with `replaced`. The
tests run every cached command with and without the cache and compare the output, so a slip
shows.
"""

from __future__ import annotations

from datetime import date
from functools import cached_property
from typing import Any, TypeVar, cast

T = TypeVar("T")

_SHAPES: dict[type, tuple[tuple[str, ...], tuple[str, ...]]] = {}
"""Model class → (its field names, its property names), worked out once per class."""


class Record:
    """One model object's values as attributes, read-only; `_model` names its model class."""

    __hash__ = None  # type: ignore[assignment]  # holds lists, as the model does

    def __init__(self, model: str, values: dict[str, Any]) -> None:
        values["_model"] = model
        object.__setattr__(self, "__dict__", values)  # taken over, not copied

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"{model_name(self)} is read-only")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{model_name(self)} is read-only")

    def __eq__(self, other: object) -> bool:
        return type(other) is Record and self.__dict__ == other.__dict__

    def __repr__(self) -> str:
        values = ", ".join(f"{k}={v!r}" for k, v in self.__dict__.items() if k != "_model")
        return f"{model_name(self)}({values})"


def to_record(value: Any) -> Any:
    """`value` with every pydantic model in it (found by duck typing: its class has
    `model_fields`) turned into a Record; lists, dicts and plain values copied as they are."""
    cls = type(value)
    if cls in _PLAIN:
        return value
    shape = _SHAPES[cls] if cls in _SHAPES else model_shape(cls)
    if shape is not None:
        fields, properties = shape
        # A validated model keeps its field values in its __dict__ (pydantic v2).
        values = {name: to_record(field) for name, field in vars(value).items()}
        assert values.keys() == set(fields), (cls, fields)
        values.update((name, to_record(getattr(value, name))) for name in properties)
        return Record(cls.__name__, values)
    if cls is list:
        return [to_record(item) for item in value]
    if cls is tuple:
        return tuple(to_record(item) for item in value)
    if cls is dict:
        return {key: to_record(item) for key, item in value.items()}
    return value


_PLAIN = frozenset({str, int, float, bool, type(None), date})


def model_shape(cls: type) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
    """A model class's field names and the properties planctl defines on it; None for a class
    that is not a model."""
    if cls in _SHAPES:
        return _SHAPES[cls]
    fields = getattr(cls, "model_fields", None)
    if not isinstance(fields, dict):
        return None
    shape = (tuple(fields), own_properties(cls))
    _SHAPES[cls] = shape
    return shape


def own_properties(cls: type) -> tuple[str, ...]:
    """The properties planctl defines on a class and its bases, in the order they are
    defined (not a library's own, such as pydantic's `model_extra`)."""
    properties = [
        name
        for klass in reversed(cls.__mro__)
        if klass.__module__.startswith("planctl.")
        for name, member in vars(klass).items()
        if isinstance(member, property | cached_property)
    ]
    return tuple(dict.fromkeys(properties))


def model_name(value: object) -> str:
    """The model class a plan object is of, a Record or the pydantic object itself."""
    if type(value) is Record:
        return str(value.__dict__["_model"])
    return type(value).__name__


def replaced(value: T, **changes: Any) -> T:
    """`value` (a model object or its Record) with some fields changed, the same kind of
    object back: what `model_copy(update=…)` does for a model, for both.

    Like `model_copy`, nothing is validated or recomputed: change only fields that no
    property of the object is worked out from (a table's rows, not its columns)."""
    if type(value) is Record:
        values = dict(value.__dict__)
        model = values.pop("_model")
        unknown = changes.keys() - values.keys()
        if unknown:
            raise AttributeError(f"{model} has no field {', '.join(sorted(unknown))}")
        values.update(changes)
        return cast("T", Record(model, values))
    copied: T = value.model_copy(update=changes)  # type: ignore[attr-defined]
    return copied

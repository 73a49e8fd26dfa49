"""Read a plan file and turn its YAML into plain data, remembering where every node came from.

PyYAML's constructors forget positions and silently keep the last of two duplicate keys, so we
compose the node graph with the fast C parser and build the data ourselves (the approach of
dagster's source-position loader): every value and every mapping key gets its (line, column),
keyed by its path in the data, e.g. ``("parts", 4, "principles", 0, "text")``. Pydantic reports
errors by the same kind of path, which is how a schema error finds its ``file:line:col``.

Plans may not use aliases (a plan has no need for them, and refusing them rules out the
"billion laughs" blow-up) nor tags beyond YAML's plain scalar types. Timestamps stay text: the
model decides what is a date. Mapping keys are always their text as written, so ``no:`` is the
key "no", not ``False``.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from planctl.errors import InvalidPlan, Position, UnreadableInput

MAX_BYTES = 10 * 1024 * 1024
"""Largest plan file read, 10 MiB: a 20,000-task plan is about 2 MiB."""

MAX_DEPTH = 64
"""Deepest nesting accepted; a real plan is at most about 12 levels deep."""

YamlPath = tuple[str | int, ...]

_TAG = "tag:yaml.org,2002:"
_PLAIN_SCALAR_TAGS = {_TAG + name for name in ("int", "float", "bool", "null")}
_Loader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_constructor = yaml.constructor.SafeConstructor()


@dataclass
class Source:
    """A parsed plan file: its data, its text, and where each path of the data sits in it."""

    name: str
    text: str
    data: Any = None
    values: dict[YamlPath, tuple[int, int]] = field(default_factory=dict)
    keys: dict[YamlPath, tuple[int, int]] = field(default_factory=dict)
    raw: dict[YamlPath, str] = field(default_factory=dict)
    """The text as written of scalars that YAML did not read as a string (``no``, ``012``)."""

    def position(self, path: YamlPath, at_key: bool = False) -> Position:
        """Where `path` is written; the nearest enclosing node when it is not (a missing key)."""
        table = self.keys if at_key and path in self.keys else self.values
        probe = path
        while probe and probe not in table:
            probe = probe[:-1]
        line, column = table.get(probe, (0, 0))
        return Position(self.name, line + 1, column + 1)

    def line(self, number: int) -> str:
        """Line `number` (1-based) of the file, without its line end."""
        return line_of(self.text, number)


def line_of(text: str, number: int) -> str:
    """Line `number` (1-based) of `text`, without its line end; "" past the end."""
    lines = text.splitlines()
    return lines[number - 1] if 0 < number <= len(lines) else ""


def read_text(path: Path, name: str | None = None) -> str:
    """The file's text as UTF-8, or an UnreadableInput that says what the file is instead."""
    name = name or str(path)
    try:
        with path.open("rb") as stream:
            data = stream.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise UnreadableInput(f"{name}: no such file") from None
    except IsADirectoryError:
        raise UnreadableInput(f"{name}: is a directory, not a plan file") from None
    except PermissionError:
        raise UnreadableInput(f"{name}: permission denied") from None
    except OSError as error:
        raise UnreadableInput(f"{name}: cannot read ({error.strerror})") from None
    if len(data) > MAX_BYTES:
        raise UnreadableInput(f"{name}: larger than {MAX_BYTES // (1024 * 1024)} MiB, not read")
    return decode(data, name)


def decode(data: bytes, name: str) -> str:
    """Decode UTF-8 (a BOM is allowed); recognise the encodings plans really arrive in."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise UnreadableInput(
            f"{name}: file is UTF-16; save it as UTF-8",
            hint="in Notepad: 另存新檔 → 編碼 UTF-8",
        )
    if b"\x00" in data:
        raise UnreadableInput(f"{name}: binary data (NUL bytes), not a YAML plan")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise UnreadableInput(_not_utf8_message(data, name, error)) from None
    return text.removeprefix("\ufeff")


def _not_utf8_message(data: bytes, name: str, error: UnicodeDecodeError) -> str:
    line = data[: error.start].count(b"\n") + 1
    try:
        data.decode("cp950")
    except UnicodeDecodeError:
        return f"{name}:{line}: not UTF-8 text (invalid byte at offset {error.start})"
    return (
        f"{name}:{line}: not UTF-8; it looks like Big5 (CP950): "
        f"convert it with `iconv -f CP950 -t UTF-8 {name}`"
    )


def parse(text: str, name: str) -> Source:
    """Parse YAML text into a Source; YAML-level problems raise InvalidPlan with a code."""
    source = Source(name=name, text=text)
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        raise _syntax_error(error, name) from None
    except yaml.YAMLError as error:
        raise InvalidPlan(f"YAML error: {error}", Position(name, 1, 1), code="PC001") from None
    except RecursionError:
        raise _too_deep(name, 1, 1) from None
    if root is None:
        raise InvalidPlan(
            "empty document: no plan in this file", Position(name, 1, 1), code="PC005"
        )
    _Builder(source).build(root)
    return source


_HINTS: dict[str, str] = {
    "found character '\\t' that cannot start any token": "indent with spaces, not tabs",
    "found a tab character that violates indentation": "indent with spaces, not tabs",
    "mapping values are not allowed here": "a `key: value` inside a value: quote the value",
    "expected a single document in the stream": "a plan file holds one document: remove `---`",
}


def _syntax_error(error: yaml.MarkedYAMLError, name: str) -> InvalidPlan:
    mark = error.problem_mark or error.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = error.problem or "invalid YAML"
    hint = _HINTS.get(problem, "")
    if "\t" in problem or "tab" in problem:
        hint = "indent with spaces, not tabs"
    message = f"YAML syntax error: {problem}"
    if error.context:
        message += f" ({error.context})"
    return InvalidPlan(message, Position(name, line, column), hint=hint, code="PC001")


def _short(tag: str) -> str:
    """`tag:yaml.org,2002:python/name` → `!!python/name`, as the user wrote it."""
    return "!!" + tag.removeprefix(_TAG) if tag.startswith(_TAG) else tag


def _too_deep(name: str, line: int, column: int) -> InvalidPlan:
    return InvalidPlan(
        f"nesting deeper than {MAX_DEPTH} levels", Position(name, line, column), code="PC006"
    )


class _Builder:
    """Turns a composed node graph into dicts, lists and scalars, recording positions."""

    def __init__(self, source: Source) -> None:
        self.source = source
        self.seen: set[int] = set()

    def build(self, root: Node) -> None:
        self.source.data = self.value(root, (), 0)

    def _error(self, message: str, node: Node, code: str, hint: str = "") -> InvalidPlan:
        mark = node.start_mark
        position = Position(self.source.name, mark.line + 1, mark.column + 1)
        return InvalidPlan(message, position, hint=hint, code=code)

    def value(self, node: Node, path: YamlPath, depth: int) -> Any:
        if id(node) in self.seen:
            raise self._error(
                "aliases (*name) are not allowed in a plan",
                node,
                "PC003",
                hint="write the value out again instead of pointing to an anchor",
            )
        self.seen.add(id(node))
        if depth > MAX_DEPTH:
            raise _too_deep(self.source.name, node.start_mark.line + 1, node.start_mark.column + 1)
        self.source.values[path] = (node.start_mark.line, node.start_mark.column)
        if isinstance(node, ScalarNode):
            return self.scalar(node, path)
        if isinstance(node, SequenceNode):
            return self.sequence(node, path, depth)
        assert isinstance(node, MappingNode), node
        return self.mapping(node, path, depth)

    def scalar(self, node: ScalarNode, path: YamlPath) -> Any:
        tag = node.tag
        if tag == _TAG + "str" or tag == _TAG + "timestamp":
            return node.value
        if tag in _PLAIN_SCALAR_TAGS:
            self.source.raw[path] = node.value
            return _constructor.yaml_constructors[tag](_constructor, node)
        raise self._error(
            f"tag {_short(tag)} is not allowed in a plan",
            node,
            "PC004",
            hint="plans hold plain text, numbers, lists and mappings only",
        )

    def sequence(self, node: SequenceNode, path: YamlPath, depth: int) -> list[Any]:
        if node.tag != _TAG + "seq":
            raise self._error(f"tag {_short(node.tag)} is not allowed in a plan", node, "PC004")
        return [
            self.value(item, (*path, index), depth + 1) for index, item in enumerate(node.value)
        ]

    def mapping(self, node: MappingNode, path: YamlPath, depth: int) -> dict[str, Any]:
        if node.tag != _TAG + "map":
            raise self._error(f"tag {_short(node.tag)} is not allowed in a plan", node, "PC004")
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                raise self._error("a key must be plain text", key_node, "PC001")
            key = key_node.value
            if key == "<<" and key_node.tag == _TAG + "merge":
                raise self._error("merge keys (<<) are not allowed in a plan", key_node, "PC003")
            child = (*path, key)
            if key in result:
                first = self.source.keys[child][0] + 1
                raise self._error(
                    f"duplicate key '{key}'",
                    key_node,
                    "PC002",
                    hint=f"first given on line {first}; YAML would keep only one",
                )
            self.source.keys[child] = (key_node.start_mark.line, key_node.start_mark.column)
            result[key] = self.value(value_node, child, depth + 1)
        return result

"""Turn a plan's YAML text into plain data, remembering where every node came from.

PyYAML's constructors forget positions and silently keep the last of two duplicate keys, so we
read the event stream of the fast C parser and build the data ourselves (the approach of
dagster's source-position loader): every value and every mapping key gets its (line, column),
keyed by its path in the data, e.g. ``("parts", 4, "principles", 0, "text")``. Pydantic reports
errors by the same kind of path, which is how a schema error finds its ``file:line:col``.

Building from events rather than from PyYAML's composed node graph keeps hostile files cheap:
nothing recurses (libyaml's composer recurses in C and crashes the process on a file nested
30,000 levels deep), no node graph is held in memory, and an alias is refused where it is
written, before anything could be expanded (the "billion laughs" blow-up).

Plans may not use aliases (a plan has no need for them) nor tags beyond YAML's plain scalar
types. Untagged scalars are read as YAML 1.1 reads them, with its traps made safe: dates,
times (``9:30``) and the other numbers only YAML 1.1 knows (``0x1F``, ``1_000``) stay text, and
a whole number is always decimal (``012`` is 12, not octal 10) as in YAML 1.2; the model
decides what is a date. Mapping keys are always their text as written, so ``no:`` is the key
"no", not ``False``.

Reading the file (and telling what it is when it is not UTF-8 text) is `reading`'s job;
quoting a line or a value of it in a finding is `quoting`'s.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import yaml
from yaml.events import (
    AliasEvent,
    CollectionEndEvent,
    CollectionStartEvent,
    DocumentStartEvent,
    Event,
    MappingStartEvent,
    NodeEvent,
    ScalarEvent,
)
from yaml.nodes import ScalarNode

from planctl.errors import InvalidPlan, Position, UnreadableInput
from planctl.plan.codes import ALIAS, DUPLICATE_KEY, EMPTY_DOCUMENT, TAG, TOO_DEEP, YAML_SYNTAX
from planctl.plan.findings import Code
from planctl.plan.quoting import LINE_BREAK, clip, excerpt

MAX_DEPTH = 64
"""Deepest nesting accepted; a real plan is at most about 12 levels deep."""

MAX_VALUES = 1_000_000
"""Most values (scalars, lists, mappings) read from one file: a 10 MiB plan of real text holds
about 450,000, while 10 MiB of `[a,a,a,…]` holds five million and would take a minute and over
a gigabyte of memory to read."""

YamlPath = tuple[str | int, ...]

_TAG = "tag:yaml.org,2002:"
_TEXT_TAGS = {_TAG + "str", _TAG + "timestamp", "!"}
_CONSTRUCTED_TAGS = {_TAG + name for name in ("int", "float", "bool", "null")}
_IMPLICIT_VALUES = {_TAG + name for name in ("float", "bool", "null")}
_COLLECTION_TAGS = {None, "!", _TAG + "map", _TAG + "seq"}
_DECIMAL = re.compile(r"[-+]?[0-9]+")
_ESCAPED_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""Control characters a double-quoted scalar can still hold through escapes ("\\0", "\\e"):
all but tab and line feed, so that no NUL, escape sequence or carriage return reaches an
output (a terminal, a CSV file) from plan text."""

_Loader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_constructor = yaml.constructor.SafeConstructor()
_resolver = yaml.resolver.Resolver()
_MAY_NOT_BE_TEXT = frozenset(yaml.resolver.Resolver.yaml_implicit_resolvers)
"""The characters a plain scalar that YAML reads as other than text can begin with; a plan's
Chinese text begins with none of them, so it skips the resolver's regular expressions."""


_COLUMNS = 1 << 32
"""A place is kept as one int, line × _COLUMNS + column: a 20,000-task plan has about 275,000
keys and values, and a (line, column) tuple of ints costs three objects where this is one."""


class Places(Mapping[YamlPath, tuple[int, int]]):
    """Where each path is written: its 0-based (line, column), kept packed (see _COLUMNS)."""

    def __init__(self) -> None:
        self.packed: dict[YamlPath, int] = {}

    def __getitem__(self, path: YamlPath) -> tuple[int, int]:
        return divmod(self.packed[path], _COLUMNS)

    def __contains__(self, path: object) -> bool:
        return path in self.packed

    def __iter__(self) -> Iterator[YamlPath]:
        return iter(self.packed)

    def __len__(self) -> int:
        return len(self.packed)


@dataclass
class Source:
    """A parsed plan file: its data, its text, and where each path of the data sits in it."""

    name: str
    text: str
    data: Any = None
    values: Places = field(default_factory=Places)
    keys: Places = field(default_factory=Places)
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

    @cached_property
    def lines(self) -> list[str]:
        """The file's lines, split once: a file with many findings must not be split per finding."""
        return LINE_BREAK.split(self.text)

    def line(self, number: int) -> str:
        """Line `number` (1-based) of the file, without its line end, cut for display."""
        return excerpt(self.lines, number)


def parse(text: str, name: str) -> Source:
    """Parse YAML text into a Source; YAML-level problems raise InvalidPlan with a code."""
    source = Source(name=name, text=text)
    builder = _Builder(source)
    try:
        builder.build(yaml.parse(text, Loader=_Loader))
    except yaml.MarkedYAMLError as error:
        raise _syntax_error(error, name) from None
    except yaml.reader.ReaderError as error:
        raise _reader_error(error, text, name) from None
    except yaml.YAMLError as error:
        message = str(error).splitlines()[0]
        raise YAML_SYNTAX.invalid(f"YAML error: {message}", Position(name, 1, 1)) from None
    if source.data is None:
        raise EMPTY_DOCUMENT.invalid("empty document: no plan in this file", Position(name, 1, 1))
    return source


_MAX_KEY = 1024
"""libyaml's limit on a `key:` written without `?`; a longer one is a syntax error at its `:`."""

_HINTS: dict[str, str] = {
    "mapping values are not allowed here": "a `key: value` inside a value: quote the value",
    "mapping values are not allowed in this context": "a `key: value` inside a value: quote it",
}


def _syntax_error(error: yaml.MarkedYAMLError, name: str) -> InvalidPlan:
    """libyaml's problem and context, at the problem's place, with a hint for the usual ones."""
    mark = error.problem_mark or error.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = error.problem or "invalid YAML"
    if "maximum nesting depth" in problem:
        # libyaml 0.2.6 (PyYAML 6.0.4 wheels) stops flow nesting at 1,000 levels while it
        # scans ahead, before the builder reaches its own limit: the same finding, further on.
        message = f"nesting deeper than {MAX_DEPTH} levels"
        return TOO_DEEP.invalid(message, Position(name, line, column))
    hint = _HINTS.get(problem, "")
    if "\t" in problem or "tab" in problem:
        hint = "indent with spaces, not tabs"
    elif hint and column > _MAX_KEY:
        hint = f"a YAML key is at most {_MAX_KEY} characters: is a line break missing?"
    hint = hint or _unclosed(error)
    message = f"YAML syntax error: {problem}"
    if error.context:
        message += f" ({error.context})"
    return YAML_SYNTAX.invalid(message, Position(name, line, column), hint=hint)


_OPENERS = {
    "while parsing a flow sequence": "the `[`",
    "while parsing a flow mapping": "the `{`",
    "while scanning a quoted scalar": "the quote",
}


def _unclosed(error: yaml.MarkedYAMLError) -> str:
    """Where an unclosed bracket or quote was opened: libyaml notices only where the file goes
    on without it, often lines later."""
    opened, found = error.context_mark, error.problem_mark
    what = _OPENERS.get(error.context or "")
    if not (what and opened and found) or opened.line == found.line:
        return ""
    return f"{what} on line {opened.line + 1} is not closed"


def _reader_error(error: yaml.reader.ReaderError, text: str, name: str) -> InvalidPlan:
    """A control character (pasted from a terminal or a PDF): libyaml gives a UTF-8 byte offset
    and no line, so the line and column are worked out here."""
    before = text.encode("utf-8")[: error.position].decode("utf-8", errors="ignore")
    lines = LINE_BREAK.split(before)
    position = Position(name, len(lines), len(lines[-1]) + 1)
    code = error.character if isinstance(error.character, int) else ord(error.character)
    return YAML_SYNTAX.invalid(
        f"control character U+{code:04X} is not allowed in YAML",
        position,
        hint="delete it; it was probably pasted in by accident",
    )


def _short(tag: str) -> str:
    """`tag:yaml.org,2002:python/name` → `!!python/name`, as the user wrote it."""
    return clip("!!" + tag.removeprefix(_TAG) if tag.startswith(_TAG) else tag)


def _at(event: Event) -> tuple[int, int]:
    """The 0-based (line, column) where `event` starts; the parser always gives one."""
    mark = event.start_mark
    return (mark.line, mark.column) if mark else (0, 0)


def _packed(event: Event) -> int:
    """Where `event` starts, as Places keeps it."""
    mark = event.start_mark
    return mark.line * _COLUMNS + mark.column if mark else 0


@dataclass
class _Open:
    """A mapping or sequence being built: its path, and for a mapping the key read last."""

    container: dict[str, Any] | list[Any]
    path: YamlPath
    key: str | None = None
    key_path: YamlPath = ()
    """The path of the key read last: its value's path is the same tuple, not a copy (a
    20,000-task plan has about 100,000 keys)."""


class _Builder:
    """Turns the parser's events into dicts, lists and scalars, recording positions.

    The stack of open collections replaces recursion, so its length is the depth."""

    def __init__(self, source: Source) -> None:
        self.source = source
        self.stack: list[_Open] = []
        self.documents = 0

    def build(self, events: Iterable[Event]) -> None:
        """Consume the whole event stream; the first problem raises InvalidPlan."""
        for event in events:
            if isinstance(event, ScalarEvent):
                self.scalar(event)
            elif isinstance(event, CollectionStartEvent):
                self.collection(event)
            elif isinstance(event, CollectionEndEvent):
                self.stack.pop()
            elif isinstance(event, AliasEvent):
                raise self._alias(event)
            elif isinstance(event, DocumentStartEvent):
                self.document(event)

    def _error(
        self, message: str, event: Event, code: Code = YAML_SYNTAX, hint: str = ""
    ) -> InvalidPlan:
        """The error at `event`: a YAML syntax error (PC001) unless `code` says more."""
        line, column = _at(event)
        position = Position(self.source.name, line + 1, column + 1)
        return code.invalid(message, position, hint=hint)

    def _alias(self, event: Event) -> InvalidPlan:
        return self._error(
            "aliases (*name) are not allowed in a plan",
            event,
            ALIAS,
            hint="write the value out again instead of pointing to an anchor",
        )

    def document(self, event: DocumentStartEvent) -> None:
        """A plan is one document; a second one (after `---`) would be silently ignored."""
        self.documents += 1
        if self.documents > 1:
            raise self._error(
                "YAML syntax error: a second document starts here",
                event,
                hint="a plan file holds one document: remove `---`",
            )

    def scalar(self, event: ScalarEvent) -> None:
        if control := _ESCAPED_CONTROL.search(event.value):
            raise self._error(
                f"control character U+{ord(control[0]):04X} is not allowed in a plan",
                event,
                hint="remove the escape that writes it: \\0, \\e, \\r …",
            )
        top = self.stack[-1] if self.stack else None
        if top is not None and isinstance(top.container, dict) and top.key is None:
            self.key(top, event)
            return
        path = self.place(event)
        self.attach(path, self.value(event, path))

    def collection(self, event: CollectionStartEvent) -> None:
        top = self.stack[-1] if self.stack else None
        if top is not None and isinstance(top.container, dict) and top.key is None:
            raise self._error("a key must be plain text", event)
        if event.tag not in _COLLECTION_TAGS:
            raise self._tag_error(event)
        path = self.place(event)
        container: dict[str, Any] | list[Any] = {} if isinstance(event, MappingStartEvent) else []
        self.attach(path, container)
        self.stack.append(_Open(container, path))

    def place(self, event: NodeEvent) -> YamlPath:
        """The path of the node `event` starts, after checking its depth; records its position."""
        if len(self.stack) > MAX_DEPTH:
            raise self._error(f"nesting deeper than {MAX_DEPTH} levels", event, TOO_DEEP)
        if len(self.source.values) >= MAX_VALUES:
            raise UnreadableInput(f"{self.source.name}: more than {MAX_VALUES:,} values, not read")
        top = self.stack[-1] if self.stack else None
        if top is None:
            path: YamlPath = ()
        elif isinstance(top.container, list):
            path = (*top.path, len(top.container))
        else:
            assert top.key is not None
            path = top.key_path
        self.source.values.packed[path] = _packed(event)
        return path

    def attach(self, path: YamlPath, value: Any) -> None:
        """Put a finished scalar or a new collection into its parent (or make it the root)."""
        if not self.stack:
            self.source.data = value
            return
        top = self.stack[-1]
        if isinstance(top.container, list):
            top.container.append(value)
        else:
            top.container[str(path[-1])] = value
            top.key = None

    def key(self, top: _Open, event: ScalarEvent) -> None:
        """A mapping key: its text as written; merge keys, tags and duplicates are refused."""
        assert isinstance(top.container, dict)
        key = event.value
        plain = event.tag is None and event.implicit[0]
        if plain and key == "<<":
            raise self._error("merge keys (<<) are not allowed in a plan", event, ALIAS)
        if event.tag not in (None, "!", _TAG + "str"):
            raise self._tag_error(event)
        child = (*top.path, key)
        if key in top.container:
            first = self.source.keys[child][0] + 1
            raise self._error(
                f"duplicate key '{clip(key)}'",
                event,
                DUPLICATE_KEY,
                hint=f"first given on line {first}; YAML would keep only one",
            )
        self.source.keys.packed[child] = _packed(event)
        top.key = key
        top.key_path = child

    def value(self, event: ScalarEvent, path: YamlPath) -> Any:
        """A scalar value: text, or what YAML means by a plain number, boolean or null."""
        if event.tag is None:
            return self.plain(event.value, path) if event.implicit[0] else event.value
        if event.tag in _TEXT_TAGS:
            return event.value
        if event.tag not in _CONSTRUCTED_TAGS:
            raise self._tag_error(event)
        try:
            return self.construct(event.tag, event.value, path)
        except (ArithmeticError, LookupError, ValueError):
            message = f"'{clip(event.value)}' is not a valid {_short(event.tag)}"
            raise self._error(message, event, TAG) from None

    def plain(self, text: str, path: YamlPath) -> Any:
        """An untagged, unquoted scalar: decimal whole numbers, YAML 1.1 floats, booleans and
        nulls become values (their text is kept for hints); everything else stays text."""
        if text and text[0] not in _MAY_NOT_BE_TEXT:
            return text
        if _DECIMAL.fullmatch(text):
            self.source.raw[path] = text
            try:
                return int(text, 10)
            except ValueError:  # over Python's 4,300 digits: not a number anyone means
                return text
        tag = _resolver.resolve(ScalarNode, text, (True, False))  # type: ignore[no-untyped-call]
        if tag in _IMPLICIT_VALUES:
            return self.construct(tag, text, path)
        return text

    def construct(self, tag: str, text: str, path: YamlPath) -> Any:
        self.source.raw[path] = text
        return _constructor.yaml_constructors[tag](_constructor, ScalarNode(tag, text))

    def _tag_error(self, event: NodeEvent) -> InvalidPlan:
        tag = getattr(event, "tag", None) or "?"
        return self._error(
            f"tag {_short(tag)} is not allowed in a plan",
            event,
            TAG,
            hint="plans hold plain text, numbers, lists and mappings only",
        )

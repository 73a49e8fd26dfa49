"""Every `--format json` answer as text: indented by two, UTF-8 as is, a final newline.

Written by orjson: its `OPT_INDENT_2` is byte for byte the standard library's
`json.dumps(value, ensure_ascii=False, indent=2)`, which runs the pure-Python encoder whenever
it indents — most of a `due --format json` of a 20,000-task plan (README, Dependencies)."""

from __future__ import annotations

from planctl.errors import utf8


def json_text(value: object) -> str:
    """`value` as an indented JSON document. A file name that is not UTF-8 (Python keeps its
    bytes as lone surrogates, which JSON cannot hold) is written with those bytes as visible
    escapes (`plans/\\xff.yaml`), wherever in `value` it is."""
    import orjson  # only when JSON is asked for: a table or CSV answer does not load it

    try:
        data = orjson.dumps(value, option=orjson.OPT_INDENT_2)
    except orjson.JSONEncodeError:  # rare: walk the value only when it holds such a name
        data = orjson.dumps(_utf8(value), option=orjson.OPT_INDENT_2)
    return data.decode("utf-8") + "\n"


def _utf8(value: object) -> object:
    """`value` with every string (keys too) made writable as UTF-8 by `errors.utf8`."""
    if isinstance(value, str):
        return utf8(value)
    if isinstance(value, dict):
        return {_utf8(key): _utf8(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_utf8(item) for item in value]
    return value

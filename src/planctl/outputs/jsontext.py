"""Every `--format json` answer as text: indented by two, UTF-8 as is, a final newline.

Written by orjson: its `OPT_INDENT_2` is byte for byte the standard library's
`json.dumps(value, ensure_ascii=False, indent=2)`, which runs the pure-Python encoder whenever
it indents — most of a `due --format json` of a 20,000-task plan (README, Dependencies)."""

from __future__ import annotations


def json_text(value: object) -> str:
    """`value` as an indented JSON document. Text must already be valid Unicode (see
    `planctl.errors.utf8` for file names that are not)."""
    import orjson  # only when JSON is asked for: a table or CSV answer does not load it

    return orjson.dumps(value, option=orjson.OPT_INDENT_2).decode("utf-8") + "\n"

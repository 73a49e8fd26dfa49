"""Next year's plan written as an edit of last year's file, so that its comments, layout and
quoting stay as the office wrote them and `git diff` shows only what changed.

Each replacement is made where the source says its value is written; a note or record is
removed with its continuation lines. The result is only used when it loads back to exactly
the plan the rollover computed: anything the edit cannot place exactly (an unusual quoting,
a value split oddly across lines) falls back to writing the plan anew (plan/dump.py).
"""

from __future__ import annotations

import json
import re

from planctl.errors import PlanctlError
from planctl.plan.dump import dump_plan
from planctl.plan.source import Source, YamlPath, parse
from planctl.plan.validate import validate
from planctl.queries.rollover import Rollover, shift_years

_STEP = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def draft_text(source: Source, rollover: Rollover, header: str) -> tuple[str, bool]:
    """The new plan's YAML and whether it kept the source's comments and layout."""
    edited = _edited(source, rollover)
    if edited is not None:
        text = header + edited
        try:
            plan, findings = validate(parse(text, "draft.yaml"))
        except PlanctlError:
            plan, findings = None, []
        if plan == rollover.plan and not findings:
            return text, True
    return header + dump_plan(rollover.plan), False


def _edited(source: Source, rollover: Rollover) -> str | None:
    lines = list(source.lines)
    gone: set[int] = set()
    added: dict[int, list[str]] = {}
    delta = rollover.plan.year - rollover.old_year
    for item in rollover.replacements:
        path = yaml_path(item.path)
        if item.kind == "text":
            done = _shift(lines, source, path, rollover.old_year, delta)
        elif item.kind in ("year", "date"):
            done = _replace(lines, source, path, item.old, item.new)
        elif item.kind == "cleared":  # `approvals[0]`: the whole list goes, key and all
            done = _delete(lines, source, path[:1], gone)
        elif item.kind == "note":
            done = _delete(lines, source, path, gone)
        elif item.kind == "carried":
            done = _add_remark(source, path, item.new, added)
        else:
            continue
        if not done:
            return None
    body = [
        kept
        for number, line in enumerate(lines)
        for kept in ([] if number in gone else [line]) + added.get(number, [])
    ]
    return "\n".join(_without_leading_comments(body))


def yaml_path(text: str) -> YamlPath:
    """`parts[6].items[0].text` → ("parts", 6, "items", 0, "text")."""
    return tuple(int(index) if index else key for key, index in _STEP.findall(text))


def _span(lines: list[str], source: Source, path: YamlPath) -> range | None:
    """The lines a value is written on: its own, and the continuation lines indented more
    than its key, or as much when they are the items of a list written flush with its key
    (`approvals:` then `- kind: 核定`)."""
    if path not in source.values or path not in source.keys:
        return None
    first, _ = source.values[path]
    key_line, key_column = source.keys[path]
    last = first
    while last + 1 < len(lines) and _continues(lines[last + 1], key_column):
        last += 1
    return range(min(first, key_line), last + 1)


def _continues(line: str, key_column: int) -> bool:
    indent = _indent(line)
    if indent == key_column:
        return line[indent:] == "-" or line[indent:].startswith("- ")
    return indent > key_column


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" ")) if line.strip() else -1


def _shift(lines: list[str], source: Source, path: YamlPath, old_year: int, delta: int) -> bool:
    span = _span(lines, source, path)
    if span is None:
        return False
    line, column = source.values[path]
    for number in span:
        start = column if number == line else 0
        head, tail = lines[number][:start], lines[number][start:]
        lines[number] = head + shift_years(tail, old_year, delta)[0]
    return True


def _replace(lines: list[str], source: Source, path: YamlPath, old: str, new: str) -> bool:
    if path not in source.values:
        return False
    line, column = source.values[path]
    text = lines[line]
    if not text[column:].lstrip("'\"").startswith(old):
        return False
    lines[line] = text[:column] + text[column:].replace(old, new, 1)
    return True


def _delete(lines: list[str], source: Source, path: YamlPath, gone: set[int]) -> bool:
    span = _span(lines, source, path)
    if span is None:
        return False
    key_line, key_column = source.keys[path]
    if lines[key_line][:key_column].strip():
        return False  # `- note: …` starts a list item, or a flow mapping: not in place
    gone.update(span)
    return True


def _add_remark(source: Source, task: YamlPath, remark: str, added: dict[int, list[str]]) -> bool:
    """A `remark:` line under the task's `text:` (a task that has one is written anew)."""
    text = (*task, "text")
    if (*task, "remark") in source.values or text not in source.keys:
        return False
    span = _span(list(source.lines), source, text)
    if span is None:
        return False
    _, column = source.keys[text]
    quoted = json.dumps(remark, ensure_ascii=False)  # a JSON string is a YAML string
    added.setdefault(span[-1], []).append(" " * column + f"remark: {quoted}")
    return True


def _without_leading_comments(lines: list[str]) -> list[str]:
    """The file's own header describes last year's revision: the draft gets its own."""
    start = 0
    while start < len(lines) and (not lines[start].strip() or lines[start].startswith("#")):
        start += 1
    return lines[start:]

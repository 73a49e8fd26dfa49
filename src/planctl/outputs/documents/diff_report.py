"""`planctl diff` as a 修正對照表: text for the terminal, Markdown for a pull request, JSON
for scripts, and the printed three-column form 修正規定 | 現行規定 | 說明 (HTML, PDF).

Each change becomes one row in the document's order: the new wording with insertions marked,
the current wording with deletions marked, and an explanation written from what changed (a
task moved, its months, its units). Parts of the document that did not change are left out.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from planctl.errors import visible
from planctl.outputs.cells import compact_months, md_cell, roc_date
from planctl.outputs.jsontext import json_text
from planctl.queries.diff import Change, FieldChange, PlanElement, Segment, Value, revision_date
from planctl.repository.revisions import PlanRevision

KINDS = {
    "header": "計畫",
    "approval": "核定紀錄",
    "unit": "單位",
    "part": "章節",
    "paragraph": "條文",
    "letter": "目標字母",
    "principle": "實施要領",
    "strategy": "執行策略",
    "method": "執行方法",
    "subitem": "執行方法子項",
    "table": "作業時程管制表",
    "item": "計畫項目",
    "task": "工作內容",
}
FIELDS = {
    "number": "編號",
    "heading": "標題",
    "note": "附註",
    "start": "起日",
    "end": "迄日",
    "deadline": "期限",
    "units": "執行課室",
    "months": "預定月份",
    "aliases": "別名",
    "unit_kind": "類別",
    "part_kind": "類別",
    "year": "年度",
    "kind": "類別",
    "date": "日期",
    "ref": "文號",
    "section": "課室",
}
PART_KINDS = {
    "goals": "組織目標",
    "objectives": "計畫目標",
    "basis": "計畫依據",
    "audience": "實施對象",
    "period": "實施期間",
    "steps": "實施步驟",
    "evaluation": "管考",
    "strategies": "實施策略",
    "schedules": "作業時程管制表",
    "clause": "條文",
}
"""A part's kind as the office names such a part."""
DATE_FIELDS = frozenset({"start", "end", "deadline", "date"})
NOTES = frozenset({"note"})
"""planctl's transcription remarks: left out of the printed 修正對照表."""
NONE = "（無）"


@dataclass(frozen=True)
class Side:
    """One revision as the report names it: where it came from and its date."""

    name: str
    date: str

    @classmethod
    def of(cls, revision: PlanRevision) -> Side:
        day = revision_date(revision.plan) or revision.committed
        # a file name may hold control characters or bytes that are not UTF-8: shown escaped
        return cls(visible(revision.revision.name), roc_date(day) if day else "日期未載")


@dataclass(frozen=True)
class FieldLine:
    """A changed field as one column shows it; `months` gives the ■ row."""

    label: str
    value: str
    months: tuple[bool, ...] | None = None
    changed: bool = False
    """The value changed (marked as inserted or deleted), rather than shown as it stands."""


@dataclass
class Wording:
    """One side's wording of a change in the 修正對照表 (修正規定 or 現行規定): its text with
    the changes marked, its fields, or what stands in for it when it has none (（新增）)."""

    segments: list[Segment] = field(default_factory=list)
    fields: list[FieldLine] = field(default_factory=list)
    empty: str = ""
    side: str = "+"


@dataclass
class Row:
    """One row of the 修正對照表; `group` starts a new part of the document."""

    group: str | None
    where: str
    old_where: str
    new: Wording
    old: Wording
    notes: list[str]


@dataclass(frozen=True)
class ComparisonTable:
    """The 修正對照表 of two revisions of a plan: the rows are made from `changes` on demand."""

    title: str
    old: Side
    new: Side
    changes: list[Change]

    @property
    def rows(self) -> list[Row]:
        return list(_rows(self.changes))


def report(old: PlanRevision, new: PlanRevision, changes: list[Change]) -> ComparisonTable:
    return ComparisonTable(new.plan.title, Side.of(old), Side.of(new), changes)


# --- rows, shared by every format --------------------------------------------------------------


def _rows(changes: list[Change]) -> Iterator[Row]:
    group: str | None = None
    for change in changes:
        entry = change.entry
        place = _group_of(entry)
        yield Row(
            place if place != group else None,
            where(entry),
            where(change.old or entry),
            _cell(change, "+"),
            _cell(change, "-"),
            list(explain(change)),
        )
        group = place


def _group_of(entry: PlanElement) -> str:
    if entry.kind == "approval":  # printed under the title
        return KINDS["header"]
    if entry.kind in ("header", "unit"):
        return KINDS[entry.kind]
    if entry.kind == "part":
        return entry.label
    return entry.group


def where(entry: PlanElement) -> str:
    """`執行方法 二、(一)1.` / `工作內容 reg-1.2（編號1 104年度清查人口作業）`."""
    kind = entry.title or KINDS[entry.kind]
    if entry.kind == "task":
        return f"{kind} {entry.label}（{entry.within}）"
    if entry.kind in ("header", "part"):
        return entry.label
    return f"{kind} {entry.label}".strip()


def _cell(change: Change, side: str) -> Wording:
    entry = change.new if side == "+" else change.old
    if entry is None:
        return Wording(empty="（新增）" if side == "-" else "（刪除）")
    if change.action != "changed":
        segments = [Segment("=", entry.text)] if entry.text else []
        values = [(name, value) for name, value in entry.attrs.items() if value]
        return Wording(segments, [_field_line(name, value) for name, value in values])
    segments = [s for s in change.text if s.op in ("=", side)] or [Segment("=", entry.text)]
    lines = [
        _field_line(f.name, f.new if side == "+" else f.old, changed=True) for f in change.fields
    ]
    return Wording(segments if entry.text else [], lines, side=side)


def _field_line(name: str, value: Value, changed: bool = False) -> FieldLine:
    months = None
    if name == "months" and isinstance(value, tuple):
        chosen = set(value)
        months = tuple(month in chosen for month in range(1, 13))
    return FieldLine(FIELDS.get(name, name), show(name, value), months, changed)


def show(name: str, value: Value) -> str:
    """A field value as the document writes it."""
    if value is None or value == ():
        return NONE
    if name == "months" and isinstance(value, tuple):
        return compact_months(int(v) for v in value) + " 月"
    if isinstance(value, tuple):
        return "、".join(str(v) for v in value)
    if name in DATE_FIELDS:
        return roc_date(date.fromisoformat(value))
    return PART_KINDS.get(value, value) if name == "part_kind" else value


def explain(change: Change) -> Iterator[str]:
    """The 說明 column: what the change is, in the office's words."""
    entry = change.entry
    kind = entry.title or KINDS[entry.kind]
    record = f"「{entry.text}」" if entry.kind == "approval" else ""
    if change.action == "added":
        yield f"新增{kind}{record}。"
        return
    if change.action == "removed":
        yield f"刪除{kind}{record}。"
        return
    old, new = change.old, change.new
    assert old is not None and new is not None
    if change.rekeyed and entry.kind in ("task", "unit", "table"):
        yield f"{kind}{'名稱' if entry.kind == 'unit' else '代號'}由 {old.label} 改為 {new.label}。"
    if change.moved:
        yield f"由「{old.context}」移至「{new.context}」。"
    if change.text and not record:  # a record's line is its fields written out
        yield f"修正{kind}文字。"
    for item in change.fields:
        yield _explain_field(item)


def _months(value: Value) -> set[int]:
    return {int(month) for month in value} if isinstance(value, tuple) else set()


def _explain_field(item: FieldChange) -> str:
    label = FIELDS.get(item.name, item.name)
    if item.name == "note":
        return f"{label}{'刪除' if item.new is None else '新增' if item.old is None else '修正'}。"
    if item.name == "months":
        was, now = _months(item.old), _months(item.new)
        parts = [f"增列 {compact_months(now - was)} 月"] if now - was else []
        parts += [f"刪除 {compact_months(was - now)} 月"] if was - now else []
        change = f"{show('months', item.old)}改為 {show('months', item.new)}"
        return f"{label}由 {change}（{'，'.join(parts)}）。"
    if item.new is None or item.new == ():
        return f"刪除{label}「{show(item.name, item.old)}」。"
    if item.old is None or item.old == ():
        return f"增列{label}「{show(item.name, item.new)}」。"
    return f"{label}由「{show(item.name, item.old)}」改為「{show(item.name, item.new)}」。"


# --- formats ------------------------------------------------------------------------------------


RED, GREEN, RESET = "\033[31m", "\033[32m", "\033[0m"


def as_text(result: ComparisonTable, color: bool = False) -> str:
    """For the terminal: git's word-diff marks, [-deleted-] and {+inserted+} (red and green
    as well on a colour terminal)."""
    lines = [_heading(result)]
    if not result.changes:
        return lines[0] + "\n沒有修正：兩個版本內容相同。\n"
    symbols = {"added": "+", "removed": "-", "changed": "~"}
    for row, change in zip(result.rows, result.changes, strict=True):
        if row.group:
            lines.append(f"\n{row.group}")
        lines.append(f"  {symbols[change.action]} {row.where}")
        text = _text_of(change, color)
        if text:
            lines.append(f"      {text}")
        if change.action == "changed":
            lines.extend(f"      {was} → {now}" for was, now in _field_pairs(row))
        else:
            cell = row.new if change.action == "added" else row.old
            lines.extend(f"      {line.label}：{_line_value(line)}" for line in cell.fields)
        lines.append(f"      說明：{''.join(row.notes)}")
    lines.append(f"\n共 {len(result.changes)} 處修正。")
    return "\n".join(lines) + "\n"


def _heading(result: ComparisonTable) -> str:
    return (
        f"修正對照表：{result.title}\n"
        f"現行規定：{result.old.name}（{result.old.date}）\n"
        f"修正規定：{result.new.name}（{result.new.date}）"
    )


def _text_of(change: Change, color: bool) -> str:
    if change.action != "changed":
        return change.entry.text
    marks = {"=": "{}", "-": "[-{}-]", "+": "{{+{}+}}"}
    if color:
        marks.update({"-": f"{RED}[-{{}}-]{RESET}", "+": f"{GREEN}{{{{+{{}}+}}}}{RESET}"})
    return "".join(marks[s.op].format(s.text) for s in change.text)


def _field_pairs(row: Row) -> Iterator[tuple[str, str]]:
    olds = {line.label: line for line in row.old.fields}
    news = {line.label: line for line in row.new.fields}
    for label in dict.fromkeys([*olds, *news]):
        old, new = olds.get(label), news.get(label)
        yield (
            f"{label}：{_line_value(old)}",
            _line_value(new) if old else f"{label}：{_line_value(new)}",
        )


def _line_value(line: FieldLine | None) -> str:
    if line is None:
        return NONE
    strip = f" {_strip(line.months)}" if line.months else ""
    return f"{line.value}{strip}"


def _strip(months: tuple[bool, ...]) -> str:
    return "".join("■" if marked else "□" for marked in months)


def as_markdown(result: ComparisonTable) -> str:
    """For a pull-request comment: **inserted**, ~~deleted~~, one table row per change."""
    head = (
        f"### 修正對照表：{md_cell(result.title)}\n\n"
        f"- 修正規定：`{result.new.name}`（{result.new.date}）\n"
        f"- 現行規定：`{result.old.name}`（{result.old.date}）\n\n"
    )
    if not result.changes:
        return head + "沒有修正：兩個版本內容相同。\n"
    lines = ["| 位置 | 修正規定 | 現行規定 | 說明 |", "| --- | --- | --- | --- |"]
    for row in result.rows:
        if row.group:
            lines.append(f"| **{md_cell(row.group)}** | | | |")
        cells = [md_cell(row.where), _md_cell(row.new), _md_cell(row.old)]
        cells.append("<br>".join(md_cell(note) for note in row.notes))
        lines.append("| " + " | ".join(cells) + " |")
    return head + "\n".join(lines) + f"\n\n共 {len(result.changes)} 處修正。\n"


def _md_cell(cell: Wording) -> str:
    marks = {"=": "{}", "+": "**{}**", "-": "~~{}~~"}
    # `** **` is no emphasis in Markdown: a run of spaces is written unmarked
    text = "".join(
        marks[s.op].format(md_cell(s.text)) if s.text.strip() else md_cell(s.text)
        for s in cell.segments
    )
    parts = [text] if text else []
    for line in cell.fields:
        value = md_cell(_line_value(line))
        if line.changed and line.value != NONE:
            value = marks[cell.side].format(value)
        parts.append(f"{md_cell(line.label)}：{value}")
    return "<br>".join(parts) or md_cell(cell.empty)


def as_json(result: ComparisonTable) -> str:
    """Stable keys; UTF-8 not escaped."""
    data = {
        "version": 1,
        "title": result.title,
        "old": {"name": result.old.name, "date": result.old.date},
        "new": {"name": result.new.name, "date": result.new.date},
        "same": not result.changes,
        "changes": [_json_change(change) for change in result.changes],
    }
    return json_text(data)


def _json_change(change: Change) -> dict[str, Any]:
    entry = change.entry
    return {
        "action": change.action,
        "kind": entry.kind,
        "key": list(entry.key),
        "old_key": list(change.old.key) if change.old else None,
        "where": where(entry),
        "moved": change.moved,
        "old_text": change.old.text if change.old else None,
        "new_text": change.new.text if change.new else None,
        "text": [{"op": s.op, "text": s.text} for s in change.text],
        "fields": [
            {"name": f.name, "old": _json_value(f.old), "new": _json_value(f.new)}
            for f in change.fields
        ],
        "explanation": list(explain(change)),
    }


def _json_value(value: Value) -> Any:
    return list(value) if isinstance(value, tuple) else value


def as_html(result: ComparisonTable) -> str:
    """The printed 修正對照表 (A4 portrait), from templates/diff.html. The transcription
    notes are planctl's remarks on the source, not the plan's wording: the printed form
    leaves their changes out and says how many it left out."""
    printed = [c for c in map(_without_notes, result.changes) if c is not None]
    from planctl.outputs.documents.render import Footer, environment, print_date

    template = environment().get_template("diff.html")
    return template.render(
        report=result,
        rows=list(_rows(printed)),
        omitted=len(result.changes) - len(printed),
        plan=None,
        tables=[],
        footer=Footer(f"{result.title}修正對照表", f"列印日期：{roc_date(print_date())}"),
    )


def _without_notes(change: Change) -> Change | None:
    """The change without its notes; None when a note was all that changed."""
    if change.action != "changed":
        entry = change.entry
        bare = replace(entry, attrs={k: v for k, v in entry.attrs.items() if k not in NOTES})
        return Change(None, bare) if change.action == "added" else Change(bare, None)
    fields = tuple(f for f in change.fields if f.name not in NOTES)
    if not (fields or change.text or change.moved or change.rekeyed):
        return None
    return replace(change, fields=fields)


FORMATS: dict[str, Callable[[ComparisonTable], str]] = {
    "text": as_text,
    "md": as_markdown,
    "json": as_json,
    "html": as_html,
}

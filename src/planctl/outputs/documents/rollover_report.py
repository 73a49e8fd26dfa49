"""`planctl new`: next year's draft as YAML, and the list of every replacement for review."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from planctl.errors import visible
from planctl.outputs.cells import roc_date
from planctl.outputs.documents.rollover_yaml import draft_text
from planctl.plan.source import Source
from planctl.queries.rollover import Replacement, Rollover, roc

SECTIONS = (
    ("year", "年度"),
    ("text", "文字中的年份"),
    ("date", "日期（期限、實施期間）"),
    ("cleared", "已清除的修訂與核定紀錄（核定後再填入）"),
    ("basis", "保留未改、請核對的上級依據（計畫依據）"),
    ("kept", "未調整的年份（離計畫年度 2 年以上，多半是引用的日期）：請核對"),
    ("note", "刪除的轉檔附註（說明去年原件，不適用新計畫）"),
    ("carried", "繼續列管的工作（進度管制紀錄中最後的研考意見為繼續列管）：已加註備註"),
)


def draft_yaml(rollover: Rollover, source: Source) -> tuple[str, bool]:
    """The new plan's YAML, under a comment saying where it came from and what to do, and
    whether it kept the source's comments and layout (see rollover_yaml)."""
    return draft_text(source, rollover, draft_heading(rollover, source.name))


def draft_heading(rollover: Rollover, source: str) -> str:
    plan = rollover.plan
    return (
        f"# {plan.title}（草案）\n"
        f"#\n"
        f"# 由 {visible(source)}（民國{roc(rollover.old_year)}年度）"
        f"以 `planctl new {plan.year}` 產生。\n"
        f"# 請依其報告逐項核對年份、期限與依據，核定後填入 approvals，"
        f"並以 `planctl check` 驗證。\n\n"
    )


def as_text(rollover: Rollover, source: str, output: str, kept_layout: bool = True) -> str:
    """The review list: every replacement by kind, then the cautions."""
    new_year = rollover.plan.year
    layout = "保留原檔的註解與格式" if kept_layout else "依 planctl 格式重寫，原檔註解未保留"
    lines = [
        f"planctl new {new_year}：{visible(source)} → {visible(output)}"
        f"（民國{roc(rollover.old_year)}年度 → 民國{roc(new_year)}年度；{layout}）",
        "請逐項核對下列修改：",
    ]
    for kind, heading in SECTIONS:
        found = [r for r in rollover.replacements if r.kind == kind]
        if found:
            lines.append(f"\n{heading}（{len(found)} 處）")
            lines.extend(f"  {line}" for r in found for line in _lines(r))
    if rollover.cautions:
        lines.append(f"\n注意（{len(rollover.cautions)} 處）")
        lines.extend(f"  {c.where} {c.path}：{c.message}" for c in rollover.cautions)
    return "\n".join(lines) + "\n"


def _lines(item: Replacement) -> Iterator[str]:
    where = f"{item.where} {item.path}".strip()
    if item.kind == "text":
        yield f"{where}：{item.detail}"
        yield f"    {item.old}"
        yield f"  → {item.new}"
    elif item.kind in ("year", "date"):
        yield f"{where}：{item.old} → {item.new}{_roc(item)}"
    elif item.kind == "cleared":
        yield f"{where}：{item.old}{_roc(item)} → （刪除）"
    elif item.kind == "carried":
        yield f"{where}：備註「{item.new}」（列管紀錄 {item.old}）"
    elif item.kind == "kept":
        yield f"{where}：「{item.detail}」未調整：{item.old}"
    else:
        yield f"{where}：{item.old}"


def _roc(item: Replacement) -> str:
    """（民國105年2月4日） after an ISO date."""
    try:
        day = date.fromisoformat(item.new or item.old)
    except ValueError:
        return ""
    return f"（{roc_date(day)}）"

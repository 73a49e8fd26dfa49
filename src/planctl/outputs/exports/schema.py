"""`planctl schema`: the JSON Schema of a plan file, generated from the pydantic models.

Editors use it (VS Code's YAML extension reads the `# yaml-language-server: $schema=…` line
at the top of a plan) to complete keys, show what each means in Chinese and English, and
flag a typo or a month 13 while the clerk types. Pydantic gives the shape; this module adds
the descriptions and what the consistency rules check that JSON Schema can also say: months
1–12 (or a range such as 3-5), the task-ID pattern. A copy is committed as
`schema/plan.schema.json`; a test keeps it equal to this output.
"""

from __future__ import annotations

from typing import Any

from planctl.outputs.jsontext import json_text
from planctl.plan.model import Plan
from planctl.rules.structure import TASK_ID

DESCRIPTIONS: dict[str, str] = {
    "title": "標題：文件或表格的標題，照原文 — the title, as the document writes it",
    "office": "機關名稱 — the office the plan belongs to",
    "year": "計畫年度（西元；民國年 = 西元年 − 1911，2015 = 民國104年） — the plan year, Gregorian",
    "approvals": "核定、核備、修訂、函頒紀錄，依原文順序 — how the plan was issued, approved or "
    "revised, as the document prints them under its title",
    "ref": "文號，照原文（高市地政秘字第10631078900號） — the document number, as written",
    "units": "負責單位（須列於 units 名冊，名稱或別名） — responsible units: names or aliases "
    "from the plan's `units:` registry",
    "parts": "計畫內容各部分，依原文順序 — the parts of the document, in its own order",
    "kind": "此部分是什麼 — what this part is",
    "number": "標號，照原文（壹、 一、 (一) 1.） — the label as the document writes it",
    "heading": "標題，照原文 — the heading as the document writes it",
    "text": "內文，照原文 — the text as the document writes it",
    "items": "條列項目 — the numbered items",
    "note": "備註：轉錄說明（不屬原文） — a note on the transcription, not part of the text",
    "deadline": "原文所述之期限（YYYY-MM-DD） — the deadline the text states",
    "start": "原文所述之起始日（YYYY-MM-DD） — the start date the text states",
    "end": "原文所述之截止日（YYYY-MM-DD） — the end date the text states",
    "acronym": "目標縮寫（如 SMILE） — the acronym the goals spell",
    "word": "字詞 — the word",
    "letters": "縮寫的各字母 — the acronym's letters, in order",
    "letter": "字母 — one letter of the acronym",
    "meaning": "中文意義 — its meaning in Chinese",
    "name": "名稱 — the name",
    "aliases": "原文中的其他稱呼（如 登記課） — other names the document uses for the unit",
    "columns": "表格欄名，照原文（四欄：實施要領／執行策略／執行方法／執行課室，或三欄） — "
    "the table's column headings as written",
    "principles": "實施要領 — the principles (first column)",
    "strategies": "執行策略 — the strategies of the principle",
    "methods": "執行方法 — the methods of the strategy",
    "subitems": "執行方法之細項 (1)(2)… — the sub-items of the method",
    "tables": "作業時程管制表，每課室一表 — the schedule tables, one per section",
    "section": "課室（表格標題所列） — the section the table belongs to",
    "code": "表格代碼（ASCII，任務 ID 以之開頭，如 reg） — the table's short ASCII code",
    "tasks": "工作內容 — the tasks (rows) of the item",
    "id": "任務 ID：短 ASCII 名稱，以表格代碼開頭（如 reg-1.2），全計畫唯一 — a short ASCII "
    "task ID, unique in the plan, starting with the table's code",
    "period": "填報週期：month 月報（預設）或 quarter 季報，每季一筆，記於該季最後一月 — how "
    "often units report: monthly, or quarterly in one entry for the quarter's last month",
    "months": "預定作業月份：1–12 或範圍 3-5；[] 表示原文未載 — scheduled months: 1-12 or a "
    "range such as 3-5; [] when the document does not tell",
}
OVERRIDES: dict[tuple[str, str], str] = {
    ("Item", "number"): "編號，整數或照原文（一、 (一)） — the item's number, as written",
    ("Item", "name"): "計畫項目（表格無此欄時省略） — the item's name, if the table has one",
    ("Approval", "kind"): "核定、核備、修訂或函頒 — approved, noted, revised or issued",
    ("Approval", "date"): "日期（YYYY-MM-DD） — the date of the record",
    ("Approval", "text"): "紀錄全文，照原文（106年4月26日高市地政秘字第10631078900號函核備；"
    "須含 date 與 ref） — the line as the document words it; states the date and holds the ref",
    ("Task", "remark"): "備註，原文所載 — the document's own remark (備註 column)",
    ("Task", "text"): "工作內容 — what the task is",
    ("Unit", "name"): "單位名稱 — the unit's name",
    ("Unit", "kind"): "section：課室（有管制表）；role：職務（研考、總務）；all：代表各課室 — "
    "a section, a role, or every section",
    ("ScheduleTable", "title"): "表格標題；省略時為「<機關>(<課室>)<民國年>年度重要工作計畫"
    "作業時程管制表」 — the table's title; default: the office's usual title",
}
_MONTH = "(0?[1-9]|1[0-2]|[０-９]{1,2})"
MONTH_ITEM: dict[str, Any] = {
    "anyOf": [
        {"type": "integer", "minimum": 1, "maximum": 12},
        {"type": "string", "pattern": rf"^\s*{_MONTH}\s*([-－]\s*{_MONTH}\s*)?$"},
    ],
    "description": "月份 1–12，或範圍如 3-5 — a month 1-12, or a range such as 3-5",
}


def plan_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a plan file."""
    schema = Plan.model_json_schema()
    _describe("Plan", schema)
    for name, definition in schema["$defs"].items():
        _describe(name, definition)
    task = schema["$defs"]["Task"]["properties"]
    task["months"]["items"] = MONTH_ITEM
    task["id"]["pattern"] = TASK_ID.pattern
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        **schema,
        "title": "提升服務品質實施計畫 (planctl plan file)",
        "description": "planctl 計畫檔（YAML）的格式；`planctl check` 另檢查一致性規則 — the "
        "format of a planctl plan file; `planctl check` also runs the consistency rules",
    }


def _describe(model: str, definition: dict[str, Any]) -> None:
    for key, field in definition.get("properties", {}).items():
        text = OVERRIDES.get((model, key)) or DESCRIPTIONS.get(key)
        if text:
            field["description"] = text
        field.pop("title", None)  # "Months" adds nothing to the description


def schema_text() -> str:
    """The schema as the committed file holds it: indented, UTF-8, a final newline."""
    return json_text(plan_schema())

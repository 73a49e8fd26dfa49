"""`planctl import` of documents as other offices write them, built here with python-docx,
odfdo and openpyxl: merged cells both ways, Wingdings marks, shaded cells, ● and V marks,
一月 headers, a 承辦單位 column, one unit per line, a header row repeated after a page
break, an item repeated across it, and the three strategy-table shapes of docs/plan-format.md.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import docx
import openpyxl
import yaml
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from openpyxl.styles import PatternFill

from tests.helpers import planctl_process

MONTHS_ZH = [
    "一月",
    "二月",
    "三月",
    "四月",
    "五月",
    "六月",
    "七月",
    "八月",
    "九月",
    "十月",
    "十一月",
    "十二月",
]


def run_import(document: Path, *args: str) -> tuple[dict[str, Any], str, int]:
    done = planctl_process("import", str(document), *args)
    return (yaml.safe_load(done.stdout) if done.stdout else {}), done.stderr, done.returncode


def imported(document: Path) -> dict[str, Any]:
    """The plan `planctl import` drafts from `document`, which it must read (exit 0)."""
    plan, stderr, code = run_import(document)
    assert code == 0, stderr
    return plan


def wingdings(paragraph: Any, char: str = "F06E") -> None:
    """A Wingdings symbol as Word writes it: <w:sym w:font="Wingdings" w:char="F06E"/>."""
    run = paragraph.add_run()
    symbol = OxmlElement("w:sym")
    symbol.set(qn("w:font"), "Wingdings")
    symbol.set(qn("w:char"), char)
    run._r.append(symbol)


def shade(cell: Any, fill: str = "808080") -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)


def schedule_docx(path: Path) -> None:
    """One office-wide 管制表: 編號 and 計畫項目 merged down, 一月 headers, a 承辦單位 column
    with one unit per line, a 備註 column, marks as ■, Wingdings, shading, ● and V, the header
    repeated after a page break and item 2 repeated under it."""
    document = docx.Document()
    document.add_paragraph("臺北市測試地政事務所105年度提升服務品質執行計畫")
    document.add_paragraph("民國105年1月20日北市地秘字第10530012300號函核備")
    document.add_paragraph("壹、重要工作計畫作業時程管制表")
    header = ["編號", "計畫項目", "工作內容", "承辦單位", *MONTHS_ZH, "備註"]
    rows = [
        header,
        [
            "1",
            "跨所收件",
            "辦理跨所登記收件",
            "登記課",
            "■",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "每月統計",
        ],
        [
            "",
            "",
            "統計收件量",
            "登記課\n秘書室",
            "",
            "W",
            "W",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
        ],
        [
            "2",
            "地價作業",
            "公告土地現值調查",
            "地價課",
            "",
            "",
            "S",
            "S",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
        ],
        header,
        [
            "2",
            "地價作業",
            "地價查估",
            "地價課",
            "",
            "",
            "",
            "",
            "",
            "",
            "●",
            "V",
            "",
            "",
            "",
            "",
            "",
        ],
    ]
    table = document.add_table(rows=len(rows), cols=len(header))
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            cell = table.cell(r, c)
            if value == "W":
                wingdings(cell.paragraphs[0])
            elif value == "S":
                shade(cell)
            else:
                cell.text = value
    for col in (0, 1):  # 編號 and 計畫項目 of item 1 span its two rows (vMerge)
        table.cell(1, col).merge(table.cell(2, col))
        table.cell(1, col).text = rows[1][col]
    document.save(str(path))


def test_a_word_schedule_with_every_kind_of_mark(tmp_path: Path) -> None:
    source = tmp_path / "管制表.docx"
    schedule_docx(source)
    plan, report, code = run_import(source)
    assert code == 0, report
    assert (plan["office"], plan["year"]) == ("臺北市測試地政事務所", 2016)
    assert plan["approvals"] == [
        {
            "kind": "核備",
            "date": date(2016, 1, 20),
            "ref": "北市地秘字第10530012300號",
            "text": "民國105年1月20日北市地秘字第10530012300號函核備",
            "note": "原文「函核備」，「函」不入文號",
        }
    ]
    table = plan["parts"][0]["tables"][0]
    assert (table["section"], table["code"]) == ("全所", "all")
    assert "units" not in table and "units_heading" not in table
    first, second = table["items"]
    assert (first["number"], first["name"]) == (1, "跨所收件")
    tasks = first["tasks"]
    assert [t["text"] for t in tasks] == ["辦理跨所登記收件", "統計收件量"]
    assert (tasks[0]["months"], tasks[0]["units"], tasks[0]["remark"]) == (
        [1],
        ["登記課"],
        "每月統計",
    )
    assert tasks[1]["months"] == ["2-3"]
    assert tasks[1]["units"] == ["登記課", "秘書室"]  # one unit per line
    assert "U+F06E" in tasks[1]["note"]
    assert (second["number"], second["name"]) == (2, "地價作業")
    assert "跨頁重出" in second["note"]  # item 2 repeated under the repeated header: one item
    shaded, marked = second["tasks"]
    assert (shaded["months"], shaded["note"]) == (["3-4"], "以網底（無文字）標示月份")
    assert marked["months"] == ["7-8"] and "note" not in marked  # ● and V are marks
    assert "header row repeated (page break)" in report
    assert [u["name"] for u in plan["units"]] == ["登記課", "秘書室", "地價課"]
    assert "not placed (not in the draft: add it by hand or ignore it): 0\n" in report


def strategy_docx(
    path: Path, header: list[str], rows: list[list[str]], merges: list[tuple[int, int, int, int]]
) -> None:
    document = docx.Document()
    document.add_paragraph("高雄市測試地政事務所107年度提升服務品質執行計畫")
    document.add_paragraph("一、實施策略及工作重點")
    table = document.add_table(rows=len(rows) + 1, cols=len(rows[0]))
    for c, label in enumerate(header):
        table.cell(0, c).text = label
    for r, values in enumerate(rows, 1):
        for c, value in enumerate(values):
            table.cell(r, c).text = value
    for top, left, bottom, right in merges:
        text = table.cell(top, left).text
        merged = table.cell(top, left).merge(table.cell(bottom, right))
        merged.text = text
    document.add_paragraph("二、本計畫奉核定後實施，修正時亦同。")
    document.save(str(path))


def test_a_strategy_table_with_one_heading_over_two_levels_and_a_shared_unit_cell(
    tmp_path: Path,
) -> None:
    source = tmp_path / "策略.docx"
    strategy_docx(
        source,
        ["工作要領", "工作要領", "工作重點", "業務單位"],
        [
            ["(一)便捷服務。", "1.簡化申辦流程。", "推動跨所登記收件。", "登記課、測量課"],
            ["(一)便捷服務。", "1.簡化申辦流程。", "測量案件線上申辦。", "登記課、測量課"],
            ["(一)便捷服務。", "2.強化網路服務。", "更新網站地政資訊專區。", "資訊課"],
        ],
        [(0, 0, 0, 1), (1, 0, 3, 0), (1, 1, 2, 1), (1, 3, 2, 3)],
    )
    plan, report, code = run_import(source)
    assert code == 0, report
    part = plan["parts"][0]
    assert part["columns"] == [{"label": "工作要領", "span": 2}, "工作重點", "業務單位"]
    (principle,) = part["principles"]
    first, second = principle["strategies"]
    assert (first["number"], first["text"], first["units"]) == (
        "1.",
        "簡化申辦流程。",
        ["登記課", "測量課"],
    )
    assert [m["text"] for m in first["methods"]] == ["推動跨所登記收件。", "測量案件線上申辦。"]
    assert all("units" not in m for m in first["methods"])
    assert second["methods"] == [{"text": "更新網站地政資訊專區。", "units": ["資訊課"]}]
    assert plan["parts"][1] == {
        "kind": "clause",
        "number": "二、",
        "text": "本計畫奉核定後實施，修正時亦同。",
    }


def test_a_strategy_table_with_a_deadline_and_the_units_column_in_the_middle(
    tmp_path: Path,
) -> None:
    source = tmp_path / "策略.docx"
    strategy_docx(
        source,
        ["實施策略", "推動方法", "具體推動作法", "完成期限", "執行單位", "預期效益"],
        [
            [
                "(一)便捷服務。",
                "1.簡化申辦流程。",
                "(1)推動跨所登記收件。",
                "107年6月30日",
                "登記課",
                "縮短民眾往返時間。",
            ]
        ],
        [],
    )
    plan, report, code = run_import(source)
    assert code == 0, report
    part = plan["parts"][0]
    assert part["columns"] == [
        "實施策略",
        "推動方法",
        "具體推動作法",
        "完成期限",
        {"label": "執行單位", "units": True},
        "預期效益",
    ]
    method = part["principles"][0]["strategies"][0]["methods"][0]
    assert method == {
        "number": "(1)",
        "text": "推動跨所登記收件。",
        "units": ["登記課"],
        "cells": {"完成期限": "107年6月30日", "預期效益": "縮短民眾往返時間。"},
        "deadline": date(2018, 6, 30),
    }


def test_the_four_column_table_with_sub_items_and_units_per_sub_item(tmp_path: Path) -> None:
    source = tmp_path / "策略.docx"
    strategy_docx(
        source,
        ["實施要領", "執行策略", "執行方法", "執行課室"],
        [
            [
                "一、提升服務品質。",
                "(一)建立優質形象。",
                "1.落實代理人制度：\n(1)名牌標示。\n(2)櫃檯選派。",
                "(1)各課\n(2)登記課",
            ]
        ],
        [],
    )
    plan, report, code = run_import(source)
    assert code == 0, report
    method = plan["parts"][0]["principles"][0]["strategies"][0]["methods"][0]
    assert method["subitems"] == [
        {"number": "(1)", "text": "名牌標示。", "units": ["各課"]},
        {"number": "(2)", "text": "櫃檯選派。", "units": ["登記課"]},
    ]
    assert {"name": "各課", "kind": "all"} in plan["units"]


def test_a_spreadsheet_with_merged_ranges_fills_and_dated_month_headers(tmp_path: Path) -> None:
    source = tmp_path / "管制表.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "秘書室"
    sheet.append(["臺北市測試地政事務所(秘書室)105年度重要工作計畫作業時程管制表"])
    sheet.append(["編號", "計畫項目", "工作內容", *[f"105年{m}月" for m in range(1, 13)]])
    sheet.append(["一、", "滿意度調查", "問卷設計", "√", "√"])
    sheet.append([None, None, "問卷發放"])
    sheet.merge_cells("A1:O1")
    sheet.merge_cells("A3:A4")
    sheet.merge_cells("B3:B4")
    sheet.merge_cells("I4:K4")  # one merged bar over 六至八月
    sheet["I4"] = "■"
    sheet["D4"].fill = PatternFill("solid", fgColor="FFC0C0C0")
    book.save(source)
    plan, report, code = run_import(source)
    assert code == 0, report
    assert (plan["office"], plan["year"]) == ("臺北市測試地政事務所", 2016)
    said = "  標題: year 2016 (from the tables' 「105年度」): the title names none (use --year)\n"
    assert said in report
    table = plan["parts"][0]["tables"][0]
    assert (table["section"], table["code"], table["units"]) == ("秘書室", "sec", ["秘書室"])
    (item,) = table["items"]
    assert (item["number"], item["name"]) == ("一、", "滿意度調查")
    design, hand_out = item["tasks"]
    assert (design["id"], design["months"]) == ("sec-1.1", ["1-2"])
    assert (hand_out["id"], hand_out["months"]) == ("sec-1.2", [1, "6-8"])
    assert hand_out["note"] == "以網底（無文字）標示月份"


def test_an_odt_with_an_unknown_heading_and_a_table_it_cannot_read(tmp_path: Path) -> None:
    from odfdo import Cell, Document, Header, Paragraph, Row, Table

    source = tmp_path / "計畫.odt"
    document = Document("text")
    document.body.clear()
    document.body.append(Header(1, "臺北市測試地政事務所105年度提升服務品質執行計畫"))
    document.body.append(Paragraph("一、經費來源"))
    document.body.append(Paragraph("(一)由年度預算支應。"))
    table = Table("T1")
    row = Row()
    row.append(Cell("聯絡人"))
    row.append(Cell("王小明"))
    table.append(row)
    document.body.append(table)
    document.save(str(source))
    plan, report, code = run_import(source)
    assert code == 0, report
    assert plan["parts"] == [
        {
            "kind": "clause",
            "number": "一、",
            "heading": "經費來源",
            "items": [{"number": "(一)", "text": "由年度預算支應。"}],
            "note": "標題「經費來源」未能辨識類別，列為 clause（條文）",
        }
    ]
    assert "表 1: a table not recognised: 聯絡人 | 王小明" in report

"""`planctl import` of a strategy table cut by a page break: the table goes on on the next
page (as a second table, its header repeated or not, or as the same table with its header row
repeated) and the first row there has no number: it is the rest of the row before the break,
and is joined to it (issue 21). Documents built here with python-docx."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_BREAK

from tests.test_import_shapes import imported, run_import

HEADER = ["實施要領", "執行策略", "執行方法", "執行課室", "預期效益"]
BEFORE = [["一、提升服務品質。", "(一)建立優質", "1.落實代理人制度，於櫃檯", "登記課", "民眾洽公"]]
AFTER = [
    ["", "形象。", "標示代理人姓名。", "資料課", "不延誤。"],
    ["", "", "2.推動走動式服務。", "行政課", ""],
]


def add_table(document: docx.document.Document, rows: list[list[str]]) -> None:
    table = document.add_table(rows=len(rows), cols=len(HEADER))
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            table.cell(r, c).text = value


def cut_table_docx(path: Path, shape: str) -> None:
    document = docx.Document()
    document.add_paragraph("臺北市測試地政事務所105年度提升服務品質執行計畫")
    document.add_paragraph("壹、執行策略與方法")
    if shape == "one table, its header repeated":
        add_table(document, [HEADER, *BEFORE, HEADER, *AFTER])
    else:
        add_table(document, [HEADER, *BEFORE])
        document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        add_table(document, [HEADER, *AFTER] if shape.endswith("header repeated") else AFTER)
    document.add_paragraph("貳、本計畫奉核定後實施，修正時亦同。")
    document.save(str(path))


@pytest.mark.parametrize(
    "shape",
    ["two tables, the header repeated", "two tables, no header", "one table, its header repeated"],
)
def test_a_row_cut_by_a_page_break_is_joined_to_the_row_before(tmp_path: Path, shape: str) -> None:
    source = tmp_path / "計畫.docx"
    cut_table_docx(source, shape)
    plan, report, code = run_import(source)
    assert code == 0, report
    strategies = plan["parts"][0]
    assert strategies["columns"] == HEADER
    assert strategies["principles"] == [
        {
            "number": "一、",
            "text": "提升服務品質。",
            "strategies": [
                {
                    "number": "(一)",
                    "text": "建立優質形象。",
                    "note": "(一)跨頁續列「形象。」併入上一列",
                    "methods": [
                        {
                            "number": "1.",
                            "text": "落實代理人制度，於櫃檯標示代理人姓名。",
                            "units": ["登記課", "資料課"],
                            "cells": {"預期效益": "民眾洽公不延誤。"},
                            "note": "1.跨頁續列「標示代理人姓名。」併入上一列",
                        },
                        {"number": "2.", "text": "推動走動式服務。", "units": ["行政課"]},
                    ],
                }
            ],
        }
    ]
    assert "not placed (not in the draft: add it by hand or ignore it): 0\n" in report
    if shape.startswith("two tables"):
        assert "  表 2: 表接續上一表（跨頁分割），合為一表\n" in report
        continued = "表 2 第 2 列" if shape.endswith("header repeated") else "表 2 第 1 列"
    else:
        continued = "表 1 第 4 列"
    assert f"  {continued}: 1.跨頁續列「標示代理人姓名。」併入上一列\n" in report


def test_a_row_after_the_break_continues_only_a_cell_of_its_own_level(tmp_path: Path) -> None:
    """The row before the break starts a new strategy with no method: the unnumbered method
    after the break is that strategy's first method, not the rest of the method before it."""
    source = tmp_path / "計畫.docx"
    document = docx.Document()
    document.add_paragraph("臺北市測試地政事務所105年度提升服務品質執行計畫")
    document.add_paragraph("壹、執行策略與方法")
    add_table(document, [HEADER, *BEFORE, ["", "(二)強化網路服務。", "", "資訊課", ""]])
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    add_table(document, [["", "", "更新網站。", "", ""]])
    document.save(str(source))
    first, second = imported(source)["parts"][0]["principles"][0]["strategies"]
    assert first["methods"] == [
        {
            "number": "1.",
            "text": "落實代理人制度，於櫃檯",
            "units": ["登記課"],
            "cells": {"預期效益": "民眾洽公"},
        }
    ]
    assert second == {
        "number": "(二)",
        "text": "強化網路服務。",
        "units": ["資訊課"],
        "methods": [{"text": "更新網站。"}],
    }

"""`planctl import` of plans in the shapes other offices publish them (seen in real plans of a
地政事務所, a 標準檢驗局, a 貿易局 and a 動物保護防疫處; rebuilt here with our own wording):

- rows across the whole strategy table that head the rows under them (一、便捷服務 over
  工作要領 | 工作重點 | 業務單位), one unit per line in a cell, and a docx with no list
  numbering part at all (as LibreOffice writes a document it was given as HTML);
- several tables with one header, each under a heading paragraph of its own (構面一、…),
  a 具體作法 column after the units, and an approval line …號函訂定;
- a table of numbering levels only (實施項目 | 具體作法) whose cells list (一)(二) one under
  another;
- a heading broken over two lines (承辦 / 單位) and a method cell listing 1. 2. 3.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.opc.constants import RELATIONSHIP_TYPE

from tests.test_import_shapes import run_import

NOTHING_UNPLACED = "not placed (not in the draft: add it by hand or ignore it): 0\n"


def add_table(
    document: Any, rows: list[list[str]], merges: list[tuple[int, int, int, int]]
) -> None:
    """A table; a cell's lines (split at "\\n") are paragraphs of their own, as Word writes
    one unit per line; `merges` are (top, left, bottom, right), the text of the top left."""
    table = document.add_table(rows=len(rows), cols=max(len(row) for row in rows))
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            _fill(table.cell(r, c), value)
    for top, left, bottom, right in merges:
        text = "\n".join(p.text for p in table.cell(top, left).paragraphs)
        merged = table.cell(top, left).merge(table.cell(bottom, right))
        for paragraph in merged.paragraphs[1:]:
            paragraph._p.getparent().remove(paragraph._p)
        _fill(merged, text)


def _fill(cell: Any, text: str) -> None:
    first, *rest = text.split("\n")
    cell.paragraphs[0].text = first
    for line in rest:
        cell.add_paragraph(line)


def marked(months: set[int]) -> list[str]:
    """A row's twelve month cells, ■ under `months`."""
    return ["■" if m in months else "" for m in range(1, 13)]


Rows = list[list[str]]
"""A table's rows, each a list of its cells' texts."""


def draft(
    tmp_path: Path, *blocks: str | Rows | tuple[Rows, list[tuple[int, int, int, int]]]
) -> tuple[dict[str, Any], str, int]:
    """What `planctl import` makes of a Word file of these blocks in order: a paragraph's
    text, a table's rows, or its rows and merges (see `add_table`)."""
    document = docx.Document()
    for block in blocks:
        if isinstance(block, str):
            document.add_paragraph(block)
        elif isinstance(block, tuple):
            add_table(document, *block)
        else:
            add_table(document, block, [])
    source = tmp_path / "計畫.docx"
    document.save(str(source))
    return run_import(source)


def without_numbering(document: Any) -> None:
    """Drop the list numbering part python-docx's template has: the file has none."""
    for rid, rel in list(document.part.rels.items()):
        if rel.reltype == RELATIONSHIP_TYPE.NUMBERING:
            document.part.drop_rel(rid)


def group_rows_docx(path: Path) -> None:
    document = docx.Document()
    without_numbering(document)
    for text in (
        "測試市政府地政局測試地政事務所107年度提升服務工作計畫",
        "",
        "107年3月5日測市地秘字第10730012300號函核備",
        "壹、 計畫依據",
        "一、依據本市年度提升服務實施計畫辦理。",
        "貳、 實施對象",
        "本所全體同仁。",
        "參、 計畫內容",
    ):
        document.add_paragraph(text)
    add_table(
        document,
        [
            ["工作要領", "工作重點", "業務單位"],
            ["一、便捷服務", "", ""],
            ["(一)簡化申辦流程。", "推動跨所收件。", "登記課\n測量課"],
            ["(二)強化人員訓練。", "1.辦理教育訓練。", "秘書室"],
            ["", "2.落實櫃檯禮儀。", "登記課"],
            ["二、資訊服務", "", ""],
            ["(一)更新網站資訊。", "每季檢視網頁。", "資訊室"],
        ],
        [(1, 0, 1, 2), (3, 0, 4, 0), (5, 0, 5, 2)],
    )
    document.add_paragraph("肆、 本計畫奉核備後實施，修正時亦同。")
    document.save(str(path))


def test_rows_across_the_table_head_the_rows_under_them(tmp_path: Path) -> None:
    source = tmp_path / "計畫.docx"
    group_rows_docx(source)
    plan, report, code = run_import(source)
    assert code == 0, report
    assert plan["office"] == "測試市政府地政局測試地政事務所"  # the 事務所, not the 市政府
    assert plan["approvals"] == [
        {
            "kind": "核備",
            "date": date(2018, 3, 5),
            "ref": "測市地秘字第10730012300號",
            "text": "107年3月5日測市地秘字第10730012300號函核備",
            "note": "原文「函核備」，「函」不入文號",
        }
    ]
    assert [(p["kind"], p.get("number")) for p in plan["parts"]] == [
        ("basis", "壹、"),
        ("audience", "貳、"),
        ("strategies", "參、"),
        ("clause", "肆、"),
    ]
    part = plan["parts"][2]
    assert part["columns"] == [{"label": "工作要領", "span": 2}, "工作重點", "業務單位"]
    first, second = part["principles"]
    assert (first["number"], first["text"]) == ("一、", "便捷服務")
    simpler, training = first["strategies"]
    assert (simpler["number"], simpler["text"]) == ("(一)", "簡化申辦流程。")
    assert simpler["methods"] == [{"text": "推動跨所收件。", "units": ["登記課", "測量課"]}]
    assert [(m["number"], m["text"], m["units"]) for m in training["methods"]] == [
        ("1.", "辦理教育訓練。", ["秘書室"]),
        ("2.", "落實櫃檯禮儀。", ["登記課"]),
    ]
    assert (second["number"], second["text"]) == ("二、", "資訊服務")
    assert second["strategies"][0]["methods"] == [{"text": "每季檢視網頁。", "units": ["資訊室"]}]
    assert [u["name"] for u in plan["units"]] == ["登記課", "測量課", "秘書室", "資訊室"]
    guess = (
        "跨全表之列或表上之標題（如「一、便捷服務」）視為最上層（要領），表頭「工作要領」併列其上"
    )
    assert part["note"] == guess
    assert f"  表 1 第 2 列: {guess}\n" in report
    assert "guessed (with a `note:` in the draft where the format has one): 2\n" in report
    assert NOTHING_UNPLACED in report


def test_a_docx_without_a_numbering_part_is_read(tmp_path: Path) -> None:
    """python-docx raises NotImplementedError for `numbering_part` when the file has none."""
    source = tmp_path / "計畫.docx"
    document = docx.Document()
    without_numbering(document)
    document.add_paragraph("測試市測試區戶政事務所107年度提升服務品質計畫暨行動服務站")
    document.add_paragraph("壹、本計畫奉核定後實施。")
    document.save(str(source))
    plan, report, code = run_import(source)
    assert code == 0, report
    assert plan["office"] == "測試市測試區戶政事務所"  # up to the year: not the 服務站
    assert plan["parts"] == [{"kind": "clause", "number": "壹、", "text": "本計畫奉核定後實施。"}]


def grouped_tables_docx(path: Path) -> None:
    document = docx.Document()
    for text in (
        "經濟部測試局107年度提升服務品質執行計畫",
        "107年2月1日測秘字第10700012300號函訂定",
        "壹、計畫目標",
        "提升為民服務品質。",
        "貳、執行策略及方法",
        "構面一、便民服務",
    ):
        document.add_paragraph(text)
    header = ["執行策略", "執行方法", "主辦單位", "具體作法"]
    add_table(
        document,
        [
            header,
            [
                "(一)簡化服務流程",
                "1.提升便捷性\n(1)設置單一窗口。",
                "第一組\n第二組",
                "(1)隨到隨辦。",
            ],
            ["", "(2)縮短處理時間。", "第一組至第三組", "(2)定期檢討作業規定。"],
        ],
        [(1, 0, 2, 0)],
    )
    document.add_paragraph("構面二、網路服務")
    add_table(
        document,
        [header, ["(一)維護網站", "1.定期更新網站資訊", "資訊室", "每季檢視一次。"]],
        [],
    )
    document.add_paragraph("參、本計畫奉核定後實施。")
    document.save(str(path))


def test_tables_under_headings_of_their_own_are_one_strategy_table(tmp_path: Path) -> None:
    source = tmp_path / "計畫.docx"
    grouped_tables_docx(source)
    plan, report, code = run_import(source)
    assert code == 0, report
    assert plan["office"] == "經濟部測試局"
    assert plan["approvals"] == [
        {
            "kind": "函頒",
            "date": date(2018, 2, 1),
            "ref": "測秘字第10700012300號",
            "text": "107年2月1日測秘字第10700012300號函訂定",
            "note": "原文「函訂定」（以函發布），記為函頒",
        }
    ]
    part = plan["parts"][1]
    assert (part["kind"], part["number"], part["heading"]) == (
        "strategies",
        "貳、",
        "執行策略及方法",
    )
    assert part["columns"] == [
        {"label": "執行策略", "span": 2},
        "執行方法",
        "主辦單位",
        "具體作法",
    ]
    first, second = part["principles"]
    assert "number" not in first and first["text"] == "構面一、便民服務"  # 構面一、 is no label
    (strategy,) = first["strategies"]
    assert (strategy["number"], strategy["text"]) == ("(一)", "簡化服務流程")
    one, two = strategy["methods"]
    assert (one["number"], one["text"], one["units"]) == ("1.", "提升便捷性", ["第一組", "第二組"])
    assert one["subitems"] == [{"number": "(1)", "text": "設置單一窗口。"}]
    assert one["cells"] == {"具體作法": "(1)隨到隨辦。"}
    assert one["note"] == "1.主辦單位欄分 2 行，無法逐項對齊子項，列於本項"
    assert (two["number"], two["text"], two["units"]) == (
        "(2)",
        "縮短處理時間。",
        ["第一組至第三組"],
    )
    assert second["text"] == "構面二、網路服務"
    assert second["strategies"][0]["methods"][0]["cells"] == {"具體作法": "每季檢視一次。"}
    assert "表 2 第 1 列: header row of the next group's table" in report
    assert [p["kind"] for p in plan["parts"]] == ["objectives", "strategies", "clause"]
    assert NOTHING_UNPLACED in report


def test_a_lone_table_under_a_heading_keeps_the_heading_unplaced(tmp_path: Path) -> None:
    """One table is no group: the paragraph above it is reported, not made a 要領."""
    source = tmp_path / "計畫.docx"
    document = docx.Document()
    document.add_paragraph("測試地政事務所107年度提升服務工作計畫")
    document.add_paragraph("壹、執行策略及方法")
    document.add_paragraph("構面一、便民服務")
    add_table(
        document, [["執行策略", "執行方法", "主辦單位"], ["(一)簡化", "1.單一窗口", "登記課"]], []
    )
    document.save(str(source))
    plan, report, code = run_import(source)
    assert code == 0, report
    assert plan["parts"][0]["principles"][0]["text"] == "簡化"
    assert "  段落 3: 構面一、便民服務\n" in report


def levels_only_odt(path: Path) -> None:
    from odfdo import Cell, Document, Paragraph, Row, Table

    document = Document("text")
    document.body.clear()
    for text in (
        "測試部測試局加強為民服務工作執行計畫",
        "壹、計畫範圍：本局各單位。",
        "貳、計畫內容",
    ):
        document.body.append(Paragraph(text))
    table = Table("T1")
    for texts in (
        ["實施項目", "具體作法"],
        ["一、服務態度", "(一)熟悉業務法令。\n(二)態度和藹有禮。"],
        ["二、服務設施", "(一)設置服務台。"],
    ):
        row = Row()
        for text in texts:
            cell = Cell()
            for line in text.split("\n"):
                cell.append(Paragraph(line))
            row.append(cell)
        table.append(row)
    document.body.append(table)
    document.save(str(path))


def test_a_cell_listing_numbered_lines_is_one_entity_per_line(tmp_path: Path) -> None:
    source = tmp_path / "計畫.odt"
    levels_only_odt(source)
    plan, report, code = run_import(source, "--year", "107")
    assert code == 0, report
    audience, part = plan["parts"]
    assert (audience["kind"], audience["heading"]) == ("audience", "計畫範圍")
    assert part["columns"] == ["實施項目", {"label": "具體作法", "span": 2}]
    assert part["note"] == "表無單位欄：「具體作法」跨印於空白之單位欄上"
    attitude, facilities = part["principles"]
    assert attitude["strategies"] == [
        {
            "number": "(一)",
            "text": "熟悉業務法令。",
            "note": "一格內分列 2 項（(一)(二)），各為一項",
        },
        {"number": "(二)", "text": "態度和藹有禮。"},
    ]
    assert facilities["strategies"] == [{"number": "(一)", "text": "設置服務台。"}]
    assert plan["units"] == []
    assert NOTHING_UNPLACED in report


def test_a_heading_over_two_lines_and_a_method_cell_listing_methods(tmp_path: Path) -> None:
    source = tmp_path / "計畫.docx"
    document = docx.Document()
    document.add_paragraph("測試市動物保護處107年提升服務品質實施計畫")
    document.add_paragraph("壹、計畫內容：")
    add_table(
        document,
        [
            ["實施要項", "執行策略", "執行方法", "承辦\n單位"],
            [
                "一、提升服務品質",
                "(一)改善服務場所。",
                "1.檢查洽公環境。\n2.檢查服務設施。",
                "各組",
            ],
            [
                "",
                "(二)提供線上申辦。",
                "1.線上申辦。\n(1)公告流程。\n(2)統計件數。",
                "保護組\n秘書室",
            ],
        ],
        [(1, 0, 2, 0)],
    )
    document.save(str(source))
    plan, report, code = run_import(source)
    assert code == 0, report
    assert plan["office"] == "測試市動物保護處"
    (part,) = plan["parts"]
    assert part["heading"] == "計畫內容："  # as written
    assert part["columns"] == ["實施要項", "執行策略", "執行方法", "承辦單位"]
    assert "  表 1 第 1 列第 4 欄: 表頭「承辦／單位」分行書寫，併為「承辦單位」\n" in report
    places, online = part["principles"][0]["strategies"]
    assert places["methods"] == [
        {
            "number": "1.",
            "text": "檢查洽公環境。",
            "units": ["各組"],
            "note": "一格內分列 2 項（1.2.），各為一項；同列之單位各項皆列",
        },
        {"number": "2.", "text": "檢查服務設施。", "units": ["各組"]},
    ]
    (method,) = online["methods"]
    assert method["subitems"] == [
        {"number": "(1)", "text": "公告流程。"},
        {"number": "(2)", "text": "統計件數。"},
    ]
    assert method["units"] == ["保護組", "秘書室"]
    assert NOTHING_UNPLACED in report


MONTHS = [f"{m}月" for m in range(1, 13)]


def schedule_rows(signoff_row: bool, page: int = 0) -> list[list[str]]:
    rows = [
        ["編號", "計畫項目", "工作內容", "承辦單位", *MONTHS, "備註"],
        [
            f"{1 + 2 * page}",
            "訂定年度計畫",
            "訂定本所年度計畫",
            "秘書室",
            *marked({1, 2}),
            "報局核備",
        ],
        ["", "", "計畫公布於網站", "資訊室", *marked({3}), ""],
        [f"{2 + 2 * page}", "教育訓練", "辦理業務訓練", "登記課\n測量課", *marked({3, 9}), ""],
    ]
    if signoff_row:
        rows.append(["承辦人", "", "股長", "", "主任", *[""] * 12])
    return rows


def appendix_docx(
    path: Path, signoff: str | None, signoff_row: bool = False, pages: int = 1
) -> None:
    """A plan whose 管制表 is an appendix (附件, the table's title, the table) with a 承辦單位
    column, 編號 and 計畫項目 merged down; a sign-off line under it, as a paragraph or a
    last row, or none; on `pages` pages, the sign-off line under each."""
    document = docx.Document()
    for text in (
        "測試地政事務所107年度提升服務工作計畫",
        "壹、督導：主任、課長",  # a heads' words, but no sign-off line
        "附件",
    ):
        document.add_paragraph(text)
    document.add_paragraph("測試地政事務所107年度提升服務工作計畫作業時程管制表")
    merges = [(1, 0, 2, 0), (1, 1, 2, 1)]
    if signoff_row:
        merges.append((4, 4, 4, 16))
    for page in range(pages):
        add_table(document, schedule_rows(signoff_row, page), merges)
        if signoff is not None:
            document.add_paragraph(signoff)
    document.save(str(path))


def test_a_schedule_without_a_sign_off_line_renders_none(tmp_path: Path) -> None:
    source = tmp_path / "計畫.docx"
    appendix_docx(source, None)
    plan, report, code = run_import(source)
    assert code == 0, report
    part = plan["parts"][1]
    assert (part["kind"], part["heading"]) == ("schedules", "附件")
    (table,) = part["tables"]
    assert (table["section"], table["title"]) == (
        "全所",
        "測試地政事務所107年度提升服務工作計畫作業時程管制表",
    )
    assert [(i["number"], i["name"], [t["text"] for t in i["tasks"]]) for i in table["items"]] == [
        (1, "訂定年度計畫", ["訂定本所年度計畫", "計畫公布於網站"]),
        (2, "教育訓練", ["辦理業務訓練"]),
    ]
    first, second = table["items"][0]["tasks"]
    assert (first["months"], first["units"], first["remark"]) == (["1-2"], ["秘書室"], "報局核備")
    assert (second["months"], second["units"]) == ([3], ["資訊室"])
    assert table["items"][1]["tasks"][0]["units"] == ["登記課", "測量課"]
    assert plan["signoff"] == []
    assert "  管制表: 文件之管制表下無簽核列（承辦人、課長、主任），signoff: [] 不印\n" in report
    assert NOTHING_UNPLACED in report


def test_the_sign_off_line_under_a_schedule_gives_its_titles(tmp_path: Path) -> None:
    source = tmp_path / "計畫.docx"
    appendix_docx(source, "承辦人：　　　股長：　　　主任：")
    plan, report, code = run_import(source)
    assert code == 0, report
    assert plan["signoff"] == ["承辦人", "股長", "主任"]
    assert "  段落 6: sign-off line 承辦人、股長、主任\n" in report
    assert NOTHING_UNPLACED in report


def test_a_sign_off_row_of_the_schedule_is_no_item(tmp_path: Path) -> None:
    source = tmp_path / "計畫.docx"
    appendix_docx(source, None, signoff_row=True)
    plan, report, code = run_import(source)
    assert code == 0, report
    (table,) = plan["parts"][1]["tables"]
    assert [i["number"] for i in table["items"]] == [1, 2]
    assert plan["signoff"] == ["承辦人", "股長", "主任"]
    assert "  表 1: sign-off line 承辦人、股長、主任\n" in report
    assert NOTHING_UNPLACED in report


def test_the_default_sign_off_line_is_left_to_the_default(tmp_path: Path) -> None:
    source = tmp_path / "計畫.docx"
    appendix_docx(source, "承辦人　　　課長　　　主任")
    plan, report, code = run_import(source)
    assert code == 0, report
    assert "signoff" not in plan
    assert "  段落 6: sign-off line 承辦人、課長、主任\n" in report


def test_a_sign_off_line_under_each_page_is_no_title_of_the_next(tmp_path: Path) -> None:
    source = tmp_path / "計畫.docx"
    appendix_docx(source, "承辦人：　　　股長：　　　主任：", pages=2)
    plan, report, code = run_import(source)
    assert code == 0, report
    (table,) = plan["parts"][1]["tables"]  # the second page's table continues the first
    assert [item["number"] for item in table["items"]] == [1, 2, 3, 4]
    assert table["title"] == "測試地政事務所107年度提升服務工作計畫作業時程管制表"
    assert "  表 2: 表接續上一表（跨頁分割），合為一表\n" in report
    assert NOTHING_UNPLACED in report


def test_a_schedule_numbering_its_own_rows_has_an_item_per_number(tmp_path: Path) -> None:
    """A 管制表 with no 編號 column, whose 工作項目 numbers its rows (1., 2.): each is an item
    of that number, its text without the number; a row numbered otherwise ((1) under 1.) is
    a task of the item above, as written (found importing a city office's plan)."""

    rows = [
        ["工作項目", *MONTHS, "承辦單位", "備註"],
        ["1.辦理洽公環境檢查", *marked({3, 6}), "各組", ""],
        ["(1)填寫檢查表", *marked({3}), "各組", ""],
        ["2.民眾滿意度調查", *marked({10, 11}), "企劃組", "委外辦理"],
    ]
    plan, report, code = draft(
        tmp_path, "測試動物保護處107年提升服務品質實施計畫", "壹、作業時程管制表", rows
    )
    assert code == 0, report
    (table,) = plan["parts"][0]["tables"]
    items = [
        (item["number"], [(t["id"], t["text"], t["months"]) for t in item["tasks"]])
        for item in table["items"]
    ]
    assert items == [
        (1, [("all-1.1", "辦理洽公環境檢查", [3, 6]), ("all-1.2", "(1)填寫檢查表", [3])]),
        (2, [("all-2.1", "民眾滿意度調查", ["10-11"])]),
    ]
    assert table["items"][1]["tasks"][0]["remark"] == "委外辦理"
    assert "  表 1 第 2 列: 無編號欄：工作項目前之編號（1.…）作為編號\n" in report
    assert NOTHING_UNPLACED in report


QUARTERS = ["第1季", "第二季", "106年第3季", "Q4（10-12月）"]


def test_a_schedule_by_quarter_marks_each_quarters_months(tmp_path: Path) -> None:
    """A quarterly plan's 管制表 heads its columns by quarter (written in four ways here): a
    marked quarter schedules its three months, and the draft is reported quarterly (季報),
    both said as guesses. Headings of fewer than four quarters make no 管制表."""
    rows = [
        ["編號", "工作內容", *QUARTERS, "承辦單位"],
        ["1", "辦理洽公環境檢查", "■", "", "■", "", "各組"],
        ["2", "民眾滿意度調查", "", "", "", "■", "企劃組"],
    ]
    plan, report, code = draft(
        tmp_path,
        "測試動物保護處106年提升服務品質實施計畫",
        "壹、作業時程管制表",
        rows,
        "貳、附表",
        [["工作內容", "第1季", "第2季", "第3季"], ["清查", "■", "", ""]],
    )
    assert code == 0, report
    (table,) = plan["parts"][0]["tables"]
    tasks = [(t["text"], t["months"]) for item in table["items"] for t in item["tasks"]]
    assert tasks == [("辦理洽公環境檢查", ["1-3", "7-9"]), ("民眾滿意度調查", ["10-12"])]
    assert plan["control"] == {"period": "quarter"}
    assert "  表 1: 季欄之標記，該季三個月皆列為預定月份\n" in report
    assert "  管制表: 以季為欄（第1季…第4季）：control.period 定為 quarter（季報）\n" in report
    assert (
        "not placed (not in the draft: add it by hand or ignore it): 1\n"
        "  表 2: a table not recognised: 工作內容 | 第1季 | 第2季 | 第3季 | 清查 | ■\n"
    ) in report


def test_a_task_on_a_planned_and_a_progress_row_is_one_task(tmp_path: Path) -> None:
    """A 管制表 giving each task two rows, 預定 (its months) and 實際 (its progress), the
    task's cells merged down both or left blank on the second: one task, scheduled by its
    預定 row alone. A column saying 完成 on a task's only row is no label: its months stay."""
    rows = [
        ["編號", "工作內容", "進度", *MONTHS, "承辦單位"],
        ["1", "辦理洽公環境檢查", "預定", *marked({3, 6}), "各組"],
        ["", "", "實際", *marked({3, 4}), ""],
        ["2", "民眾滿意度調查", "預定進度", *marked({10}), "企劃組"],
        ["", "", "預定進度", *marked({11}), ""],
        ["", "", "實際進度", *marked({10}), ""],
        ["3", "更新網站", "完成", *marked({2}), "資訊室"],
    ]
    merges = [(1, 0, 2, 0), (1, 1, 2, 1), (1, 15, 2, 15), (3, 0, 5, 0), (3, 15, 5, 15)]
    plan, report, code = draft(
        tmp_path, "測試地政事務所107年度提升服務工作計畫", "壹、作業時程管制表", (rows, merges)
    )
    assert code == 0, report
    (table,) = plan["parts"][0]["tables"]
    tasks = [(t["id"], t["text"], t["months"]) for item in table["items"] for t in item["tasks"]]
    assert tasks == [
        ("all-1.1", "辦理洽公環境檢查", [3, 6]),
        ("all-2.1", "民眾滿意度調查", ["10-11"]),
        ("all-3.1", "更新網站", [2]),
    ]
    assert table["note"] == "「實際」列為執行進度，其標記不列入預定月份"
    assert (
        "not placed (not in the draft: add it by hand or ignore it): 1\n"
        "  表 1 第 7 列第 3 欄: 完成\n"
    ) in report


@pytest.mark.parametrize(
    ("line", "approvals", "guess"),
    [
        (
            "中華民國107年2月1日北市地秘字第1076000100號函核備",
            [("核備", "2018-02-01", "北市地秘字第1076000100號")],
            "原文「函核備」，「函」不入文號",
        ),
        (
            "（107年3月5日北市地秘字第1076000300號函核備）",
            [("核備", "2018-03-05", "北市地秘字第1076000300號")],
            "原文「函核備」，「函」不入文號",
        ),
        ("107年1月10日簽奉核可", [("核定", "2018-01-10", None)], "原文「核可」，記為核定"),
        ("107年1月10日第1次修正", [("修訂", "2018-01-10", None)], "原文「修正」，記為修訂"),
        (
            "中華民國107年1月10日核定；107年6月1日修訂",
            [("核定", "2018-01-10", None), ("修訂", "2018-06-01", None)],
            None,
        ),
    ],
)
def test_approval_lines_as_offices_write_them(
    tmp_path: Path, line: str, approvals: list[tuple[str, str, str | None]], guess: str | None
) -> None:
    """The line under the title records the plan's approvals however an office words it
    (中華民國, in brackets, 簽奉核可, 第1次修正, two on one line): each a record, the kind
    it is recorded as said when the line names another, and the line kept as written (`text`)
    to print as the document does. Each was read as a clause part of the plan before."""
    plan, report, code = draft(
        tmp_path,
        "測試地政事務所107年度提升服務工作計畫",
        line,
        "壹、計畫依據",
        "一、依據市府計畫。",
    )
    assert code == 0, report
    records = plan["approvals"]
    assert [(r["kind"], r["date"].isoformat(), r.get("ref")) for r in records] == approvals
    texts = [r["text"] for r in records]
    assert texts == (
        [line] if len(records) == 1 else ["中華民國107年1月10日核定", "107年6月1日修訂"]
    )
    assert [r.get("note") for r in records] == [guess] + [None] * (len(records) - 1)
    assert [p["kind"] for p in plan["parts"]] == ["basis"]


def test_a_line_of_a_date_that_does_not_exist_is_no_approval(tmp_path: Path) -> None:
    plan, report, _ = draft(
        tmp_path, "測試地政事務所107年度提升服務工作計畫", "107年2月30日核定", "壹、計畫依據"
    )
    assert "approvals" not in plan
    assert "  段落 2: clause part 「107年2月30日核定」 (0 items)\n" in report


def test_a_cell_listing_items_shares_the_rows_other_columns_with_each(tmp_path: Path) -> None:
    """A 具體措施 cell listing 1. and 2. is two entries; the row's 辦理期程 and 預期效益, like
    its units, belong to both (only the last had them), and the note says so."""
    rows = [
        ["項目", "具體措施", "辦理單位", "辦理期程", "預期效益"],
        [
            "(一)優化服務流程",
            "1.檢討簡化申辦流程。\n2.推動線上申辦。",
            "民政課",
            "全年",
            "縮短等候",
        ],
    ]
    plan, report, code = draft(
        tmp_path, "新北市測試區公所108年度提升服務品質執行計畫", "一、執行策略及具體措施", rows
    )
    assert code == 0, report
    (principle,) = plan["parts"][0]["principles"]
    assert [(s["number"], s["units"], s["cells"]) for s in principle["strategies"]] == [
        ("1.", ["民政課"], {"辦理期程": "全年", "預期效益": "縮短等候"}),
        ("2.", ["民政課"], {"辦理期程": "全年", "預期效益": "縮短等候"}),
    ]
    said = "一格內分列 2 項（1.2.），各為一項；同列之單位及其他欄各項皆列"
    assert principle["strategies"][0]["note"] == said
    assert f"  表 1 第 2 列: {said}\n" in report


def test_empty_boxes_dashes_and_slashes_mark_no_month(tmp_path: Path) -> None:
    """A table that fills a box per month (■ planned, □ not) or writes - or / where nothing
    is planned: only the filled boxes are months, and nothing is left unplaced or guessed."""
    boxes = ["■" if m in {2, 5} else "□" for m in range(1, 13)]
    dashes = ["■" if m == 7 else ("－" if m % 2 else "/") for m in range(1, 13)]
    rows = [
        ["編號", "工作內容", *MONTHS, "承辦單位"],
        ["1", "辦理洽公環境檢查", *boxes, "各組"],
        ["2", "民眾滿意度調查", *dashes, "企劃組"],
    ]
    plan, report, code = draft(
        tmp_path, "測試地政事務所107年度提升服務工作計畫", "壹、作業時程管制表", rows
    )
    assert code == 0, report
    (table,) = plan["parts"][0]["tables"]
    tasks = [(t["text"], t["months"], t.get("note")) for i in table["items"] for t in i["tasks"]]
    assert tasks == [("辦理洽公環境檢查", [2, 5], None), ("民眾滿意度調查", [7], None)]
    assert NOTHING_UNPLACED in report

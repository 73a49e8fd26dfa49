"""`planctl import` of a Word document numbered by Word itself: 壹、 一、 （一） 1. come from the
paragraphs' `w:numPr` and numbering.xml, not from the text, and are read as if typed (issue
21). The document is built here with python-docx, its numbering part written by hand."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from planctl.importing.docx_lists import Lists, number_text
from tests.clients import needs, soffice_convert
from tests.test_import_shapes import imported


def level(ilvl: int, fmt: str, text: str, start: int = 1) -> str:
    return (
        f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/><w:suff w:val="nothing"/></w:lvl>'
    )


NUMBERING = f"""<w:numbering {nsdecls("w")}>
  <w:abstractNum w:abstractNumId="10">
    {level(0, "ideographLegalTraditional", "%1、")}
    {level(1, "taiwaneseCountingThousand", "%2、")}
    {level(2, "chineseCounting", "（%3）")}
  </w:abstractNum>
  <w:abstractNum w:abstractNumId="20">{level(0, "decimal", "%1.")}</w:abstractNum>
  <w:num w:numId="1"><w:abstractNumId w:val="10"/></w:num>
  <w:num w:numId="2"><w:abstractNumId w:val="20"/></w:num>
  <w:num w:numId="3"><w:abstractNumId w:val="20"/>
    <w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>
  <w:num w:numId="4"><w:abstractNumId w:val="20"/></w:num>
</w:numbering>"""


def numbered(element: Any, num: int, ilvl: int | None = None) -> None:
    """Number a paragraph (or a style's paragraphs) as Word does: <w:numPr>."""
    ilvl_xml = "" if ilvl is None else f'<w:ilvl w:val="{ilvl}"/>'
    element.get_or_add_pPr().append(
        parse_xml(f'<w:numPr {nsdecls("w")}>{ilvl_xml}<w:numId w:val="{num}"/></w:numPr>')
    )


def word_numbered_plan(path: Path) -> None:
    """Parts numbered by the Heading 1 style (numId 1, level 0), items by their own numPr;
    the 肆、 part's items on list 2, the 伍、 part's restarted by list 3 (startOverride) and
    continued by list 4 (another instance of the same definition: Word continues it)."""
    document = docx.Document()
    part = document.part.numbering_part
    part._element = parse_xml(NUMBERING)
    heading = document.styles["Heading 1"]
    numbered(heading.element, 1, 0)  # the style numbers its paragraphs: 壹、 貳、 …
    document.add_paragraph("臺北市測試地政事務所105年度提升服務品質執行計畫")
    content: list[tuple[str, int | None, int | None]] = [
        ("計畫目標", None, None),
        ("提升為民服務品質。", 1, 1),
        ("簡化作業流程。", 1, 1),
        ("實施對象：本所全體同仁。", None, None),
        ("實施步驟", None, None),
        ("成立推動小組。", 1, 1),
        ("由秘書室召集。", 1, 2),
        ("辦理教育訓練。", 1, 1),
        ("獎懲", None, None),
        ("績優人員敘獎。", 2, 0),
        ("未達成者檢討。", 2, 0),
        ("管考", None, None),
        ("每季檢討一次。", 3, 0),
        ("年終提報成果。", 4, 0),
    ]
    for text, num, ilvl in content:
        if num is None:
            document.add_paragraph(text, style="Heading 1")
        else:
            numbered(document.add_paragraph(text)._p, num, ilvl)
    document.save(str(path))


def test_word_numbering_is_read_as_if_typed(tmp_path: Path) -> None:
    source = tmp_path / "計畫.docx"
    word_numbered_plan(source)
    plan = imported(source)
    parts = [(p["kind"], p["number"], p.get("heading"), p.get("text")) for p in plan["parts"]]
    assert parts == [
        ("objectives", "壹、", "計畫目標", None),
        ("audience", "貳、", "實施對象", "本所全體同仁。"),
        ("steps", "參、", "實施步驟", None),
        ("evaluation", "肆、", "獎懲", None),
        ("evaluation", "伍、", "管考", None),
    ]
    items = [[(i["number"], i["text"]) for i in p.get("items", [])] for p in plan["parts"]]
    assert items == [
        [("一、", "提升為民服務品質。"), ("二、", "簡化作業流程。")],
        [],
        [("一、", "成立推動小組。\n（一）由秘書室召集。"), ("二、", "辦理教育訓練。")],
        [("1.", "績優人員敘獎。"), ("2.", "未達成者檢討。")],
        [("1.", "每季檢討一次。"), ("2.", "年終提報成果。")],
    ]


def test_word_numbering_inside_a_table_cell(tmp_path: Path) -> None:
    """A method cell whose sub-items Word numbers (1)(2): the sub-items of the draft; the
    numbering goes on from the paragraphs before the table, in reading order."""
    source = tmp_path / "策略.docx"
    document = docx.Document()
    document.part.numbering_part._element = parse_xml(
        NUMBERING.replace('"%1."', '"(%1)"')  # list 2: (1) (2) …
    )
    document.add_paragraph("臺北市測試地政事務所105年度提升服務品質執行計畫")
    numbered(document.add_paragraph("執行策略與方法")._p, 1, 0)
    table = document.add_table(rows=2, cols=4)
    for c, label in enumerate(["實施要領", "執行策略", "執行方法", "執行課室"]):
        table.cell(0, c).text = label
    for c, value in enumerate(["一、便民服務。", "(一)簡化流程。", "1.落實代理人制度：", "登記課"]):
        table.cell(1, c).text = value
    method = table.cell(1, 2)
    for text in ("名牌標示。", "櫃檯選派。"):
        numbered(method.add_paragraph(text)._p, 2, 0)
    numbered(document.add_paragraph("本計畫奉核定後實施。")._p, 1, 0)
    document.save(str(source))
    first, second = imported(source)["parts"]
    assert (first["number"], first["heading"]) == ("壹、", "執行策略與方法")
    method = first["principles"][0]["strategies"][0]["methods"][0]
    assert method["subitems"] == [
        {"number": "(1)", "text": "名牌標示。"},
        {"number": "(2)", "text": "櫃檯選派。"},
    ]
    assert (second["number"], second["text"]) == ("貳、", "本計畫奉核定後實施。")


def test_a_level_without_a_number_shows_no_label_but_its_words() -> None:
    """LibreOffice numbers its headings' outline with numFmt none and lvlText "%1.%2" (a
    lone "." once the numbers are gone): no label; a none level's own words stay."""
    numbering = parse_xml(
        f"""<w:numbering {nsdecls("w")}><w:abstractNum w:abstractNumId="1">
          {level(0, "none", "%1")}{level(1, "none", "%1.%2")}{level(2, "none", "附件%3")}
        </w:abstractNum><w:num w:numId="5"><w:abstractNumId w:val="1"/></w:num></w:numbering>"""
    )
    lists = Lists(numbering, None)
    labels = []
    for ilvl in (1, 2):
        paragraph = parse_xml(f"<w:p {nsdecls('w')}><w:pPr/></w:p>")
        numbered(paragraph, 5, ilvl)
        labels.append(lists.label(paragraph))
    assert labels == ["", "附件"]


@pytest.mark.parametrize(
    ("n", "fmt", "shown"),
    [
        (3, "ideographLegalTraditional", "參"),
        (11, "ideographLegalTraditional", "壹拾壹"),
        (10, "taiwaneseCountingThousand", "十"),
        (11, "taiwaneseCountingThousand", "十一"),
        (20, "chineseCounting", "二十"),
        (105, "taiwaneseCountingThousand", "一百零五"),
        (2, "ideographTraditional", "乙"),
        (12, "decimalFullWidth", "１２"),
        (4, "upperRoman", "IV"),
        (28, "lowerLetter", "bb"),
        (3, "decimalEnclosedCircle", "③"),
        (7, "a format Word does not know", "7"),
    ],
)
def test_a_number_as_word_shows_it(n: int, fmt: str, shown: str) -> None:
    assert number_text(n, fmt) == shown


@pytest.mark.parametrize(
    ("n", "fmt", "shown"),
    [
        (10, "ideographLegalTraditional", "壹拾"),
        (20, "ideographLegalTraditional", "貳拾"),
        (105, "ideographLegalTraditional", "壹佰零伍"),
        (1000, "ideographLegalTraditional", "壹仟"),
        (1010, "ideographLegalTraditional", "壹仟零壹拾"),
        (10001, "ideographLegalTraditional", "壹萬零壹"),
        (20, "taiwaneseCountingThousand", "二十"),
        (110, "taiwaneseCountingThousand", "一百一十"),
        (1000, "taiwaneseCountingThousand", "一千"),
        (1011, "taiwaneseCountingThousand", "一千零一十一"),
        (10000, "taiwaneseCounting", "一萬"),
        (11000, "taiwaneseCounting", "一萬一千"),
        (10010, "chineseCounting", "一万零一十"),
        (105, "chineseCountingThousand", "一百零五"),
        (110, "chineseLegalSimplified", "壹佰壹拾"),
        (10, "ideographTraditional", "癸"),
        (11, "ideographTraditional", "11"),  # ten stems, then the number: no cycling
        (12, "ideographZodiac", "亥"),
        (13, "ideographZodiac", "13"),
        (105, "taiwaneseDigital", "一〇五"),
        (20, "decimalEnclosedCircle", "⑳"),
        (21, "decimalEnclosedCircle", "㉑"),
        (36, "decimalEnclosedCircle", "㊱"),
        (50, "decimalEnclosedCircleChinese", "㊿"),
        (51, "decimalEnclosedCircle", "51"),
        (32768, "upperRoman", "32768"),  # past Word's largest: digits, not 32 M's
        (10**12, "lowerLetter", str(10**12)),
    ],
)
def test_the_numerals_of_the_chinese_and_legal_forms(n: int, fmt: str, shown: str) -> None:
    assert number_text(n, fmt) == shown


COMPARED = (
    "taiwaneseCountingThousand",
    "taiwaneseCounting",
    "chineseCounting",
    "chineseCountingThousand",
    "japaneseCounting",
    "ideographLegalTraditional",
    "chineseLegalSimplified",
    "ideographTraditional",
    "ideographZodiac",
    "decimalEnclosedCircle",
    "upperRoman",
    "lowerLetter",
    "decimalZero",
)
"""The formats LibreOffice implements as Word does (docx_lists.py says which it does not)."""
COMPARED_NUMBERS = (1, 2, 9, 10, 11, 12, 19, 20, 21, 29, 30, 50, 51, 99, 100, 101, 105, 110)
COMPARED_NUMBERS += (111, 119, 120, 199, 200, 999, 1000, 1001, 1010, 1011, 1100, 1999, 9999)


@needs("soffice")
def test_the_numbers_are_those_libreoffice_shows_for_the_same_file(tmp_path: Path) -> None:
    """A docx with one list per format and number (w:start), each label "[%1]", converted by
    LibreOffice to text, which keeps the labels it shows: each is what number_text says."""
    document = docx.Document()
    numbering = document.part.numbering_part.element
    cases = [(fmt, n) for fmt in COMPARED for n in COMPARED_NUMBERS]
    for i, (fmt, n) in enumerate(cases, 100):
        numbering.insert(
            0,
            parse_xml(
                f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{i}">'
                f"{level(0, fmt, '[%1]', start=n)}</w:abstractNum>"
            ),
        )
        numbering.append(
            parse_xml(f'<w:num {nsdecls("w")} w:numId="{i}"><w:abstractNumId w:val="{i}"/></w:num>')
        )
        numbered(document.add_paragraph(f"{fmt} {n}")._p, i, 0)
    source = tmp_path / "numbers.docx"
    document.save(str(source))
    out = soffice_convert(source, "txt:Text (encoded):UTF8", tmp_path)
    lines = (out / "numbers.txt").read_text(encoding="utf-8-sig").splitlines()
    shown = {
        (fmt, int(n)): label
        for label, fmt, n in (
            re.fullmatch(r"\s*\[(.*)\] (\w+) (\d+)", line).groups()  # type: ignore[union-attr]
            for line in lines
            if line.strip()
        )
    }
    assert len(shown) == len(cases)
    differing = {case: (shown[case], number_text(case[1], case[0])) for case in cases}
    assert {case: pair for case, pair in differing.items() if pair[0] != pair[1]} == {}


STYLE_LINKED = f"""<w:numbering {nsdecls("w")}>
  <w:abstractNum w:abstractNumId="30"><w:numStyleLink w:val="PlanList"/></w:abstractNum>
  <w:abstractNum w:abstractNumId="31"><w:styleLink w:val="PlanList"/>
    {level(0, "ideographLegalTraditional", "%1、")}
    {level(1, "taiwaneseCountingThousand", "%2、")}
  </w:abstractNum>
  <w:abstractNum w:abstractNumId="32"><w:numStyleLink w:val="Loop"/></w:abstractNum>
  <w:num w:numId="5"><w:abstractNumId w:val="31"/></w:num>
  <w:num w:numId="6"><w:abstractNumId w:val="30"/></w:num>
  <w:num w:numId="7"><w:abstractNumId w:val="32"/></w:num>
</w:numbering>"""


def style_linked_lists() -> Lists:
    """A list made from a list style, as Word writes it: its definition (30) only names the
    numbering style PlanList (numStyleLink); the style numbers with list 5, whose definition
    (31) holds the levels (styleLink). The style Loop numbers with list 7, whose definition
    names Loop again."""
    styles = parse_xml(
        f"""<w:styles {nsdecls("w")}>
          <w:style w:type="numbering" w:styleId="PlanList">
            <w:pPr><w:numPr><w:numId w:val="5"/></w:numPr></w:pPr></w:style>
          <w:style w:type="numbering" w:styleId="Loop">
            <w:pPr><w:numPr><w:numId w:val="7"/></w:numPr></w:pPr></w:style>
        </w:styles>"""
    )
    return Lists(parse_xml(STYLE_LINKED), styles)


def test_a_list_made_from_a_list_style_takes_the_style_s_levels() -> None:
    lists = style_linked_lists()
    labels = []
    for ilvl in (0, 1, 1, 0, 1):
        paragraph = parse_xml(f"<w:p {nsdecls('w')}><w:pPr/></w:p>")
        numbered(paragraph, 6, ilvl)
        labels.append(lists.label(paragraph))
    assert labels == ["壹、", "一、", "二、", "貳、", "一、"]


def test_a_list_style_that_links_to_itself_shows_no_label() -> None:
    lists = style_linked_lists()
    paragraph = parse_xml(f"<w:p {nsdecls('w')}><w:pPr/></w:p>")
    numbered(paragraph, 7, 0)
    assert lists.label(paragraph) == ""


def test_a_word_file_with_a_list_style_is_imported_with_its_labels(tmp_path: Path) -> None:
    source = tmp_path / "計畫.docx"
    document = docx.Document()
    document.part.numbering_part._element = parse_xml(STYLE_LINKED)
    document.styles.element.append(
        parse_xml(
            f"""<w:style {nsdecls("w")} w:type="numbering" w:styleId="PlanList">
              <w:name w:val="Plan List"/>
              <w:pPr><w:numPr><w:numId w:val="5"/></w:numPr></w:pPr></w:style>"""
        )
    )
    document.add_paragraph("臺北市測試地政事務所105年度提升服務品質執行計畫")
    for text, ilvl in (("計畫目標", 0), ("提升服務品質。", 1), ("本計畫奉核定後實施。", 0)):
        numbered(document.add_paragraph(text)._p, 6, ilvl)
    document.save(str(source))
    parts = imported(source)["parts"]
    assert parts == [
        {
            "kind": "objectives",
            "number": "壹、",
            "heading": "計畫目標",
            "items": [{"number": "一、", "text": "提升服務品質。"}],
        },
        {"kind": "clause", "number": "貳、", "text": "本計畫奉核定後實施。"},
    ]

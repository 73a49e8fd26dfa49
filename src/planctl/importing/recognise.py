"""From the neutral document model to a plan: parts, strategy tables, 管制表, units.

Built for the class of documents, not for one file: parts are found by their numbering
(壹、 or 一、, whichever the document uses for its top level) or as headings, and their kind by
the words of their heading; a table is a strategy table or a 管制表 by the words of its header
row(s), and its columns by theirs. Everything taken from the document is recorded as used;
what the recogniser had to guess gets a `note:` and a line in the report; whatever is left
unused at the end is reported as not placed.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from planctl.importing.document import Document, DocumentCell, DocumentParagraph, Table
from planctl.importing.marks import is_mark, month_of_header, quarter_of_header
from planctl.importing.numbering import ORDER, split_number
from planctl.importing.report import ImportReport
from planctl.importing.units import Units, unit_names
from planctl.plan.model import DEFAULT_SIGNOFF, ROC_OFFSET, Approval
from planctl.plan.years import (
    StatedDate,
    YearMention,
    period_points,
    stated_dates,
    title_year,
)

APPROVAL_DATE = re.compile(r"(?:中華)?(?:民國)?\s*(\d{2,3})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
APPROVAL_END = re.compile(
    r"^(?P<middle>.{0,40}?)(?P<letter>函)?(?P<kind>函頒|核定|核備|修訂|修正|訂定|頒訂|訂頒|核可|核准|通過)"
    r"(?:實施|施行|在案)?\s*[。]?$"
)
"""An approval line under the title: one or more records, each a date, words (a 文號 ending
in 號, 簽奉, 奉主任, 第1次, 函) and the kind at its end: 106年4月26日…號函核備, 中華民國107年
2月1日核定；107年6月1日修正, （107年3月5日…號函核備）, 107年1月10日簽奉核可."""
APPROVAL_REF = re.compile(r"[^\s，,；;、]*?第\s*\w+?\s*號")
APPROVAL_KINDS = {"修正": "修訂", "訂定": "函頒", "頒訂": "函頒", "訂頒": "函頒"}
APPROVAL_KINDS |= {"核可": "核定", "核准": "核定", "通過": "核定"}
"""Words offices use for a kind the plan knows, and the kind each is recorded as (with a note)."""
SIGNERS = ("課長", "主任", "首長", "主管", "科長", "股長", "組長", "秘書", "局長", "處長")
"""Who signs a 管制表 after its 承辦人."""
KINDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("goals", ("組織目標", "願景")),
    ("objectives", ("目標", "宗旨")),
    ("basis", ("依據",)),
    ("audience", ("對象", "範圍")),
    ("period", ("期間", "期程", "實施時間")),
    ("steps", ("步驟", "分工", "進度")),
    ("evaluation", ("管考", "考核", "獎懲", "評估", "督導", "考評")),
    ("schedules", ("附件", "附表", "管制表")),
    ("strategies", ("策略", "方法", "要領", "重點", "措施", "作法")),
)
TEXT_KINDS = ("objectives", "basis", "audience", "steps", "evaluation", "clause", "goals")
LEVEL_WORDS = ("要領", "策略", "方法", "重點", "作法", "項目", "措施")
UNIT_WORDS = ("課室", "單位", "承辦", "主辦", "負責", "權責", "執行人", "協辦")
EXTRA_WORDS = ("期限", "效益", "備註", "指標", "經費", "日期", "時間", "成效", "說明")
NUMBER_HEADS = ("編號", "項次", "序號", "序")
ITEM_HEADS = ("計畫項目", "工作項目", "重要工作", "項目")
TASK_HEADS = ("工作內容", "執行內容", "實施內容", "工作重點", "內容", "辦理事項")
REMARK_HEADS = ("備註", "備考", "說明")
PLANNED_ROW = ("預定", "預計", "計畫")
ACTUAL_ROW = ("實際", "執行", "實施", "完成")
"""How a 管制表 that gives each task two rows labels them: its planned months (預定進度) and
its progress (實際進度). Only the planned row schedules."""
SECTION_OF_TITLE = re.compile(r"[(（]([^()（）]+)[)）]")
YEAR_IN_TITLE = re.compile(
    r"(?:民國)?\s*[0-9０-９〇○零一二三四五六七八九十百]{2,}\s*年|年度|提升|加強|計畫|工作"
)
"""Where the office's name in a title ends at the latest: its year, or the plan's words."""
OFFICE_OF_TITLE = re.compile(r"^(.*(?:事務所|辦公處|公所|處|局|署|院|會|中心|所|府|室|隊|館|站))")
CODES = (
    ("登記", "reg"),
    ("資料", "dat"),
    ("庶務", "adm"),
    ("行政", "adm"),
    ("秘書", "sec"),
    ("資訊", "it"),
    ("會計", "acc"),
    ("主計", "acc"),
    ("政風", "eth"),
    ("人事", "hr"),
    ("測量", "sur"),
    ("地價", "val"),
    ("研考", "rd"),
    ("總務", "gen"),
    ("全所", "all"),
)


@dataclass
class Imported:
    """The draft plan as data, with the report of how it was made."""

    plan: dict[str, Any]
    report: ImportReport


@dataclass
class _Piece:
    """One table of a strategy table printed as several: where it is, whether it continues
    the one before across a page break, and the heading paragraph of its group, if any."""

    where: str
    index: int
    table: Table
    group: tuple[str, DocumentParagraph] | None = None
    continued: bool = False


@dataclass
class _Part:
    """A part being collected: its heading paragraph (if any) and its blocks."""

    number: str | None
    heading: str | None
    text: str | None
    where: str
    blocks: list[tuple[int, DocumentParagraph | Table]] = field(default_factory=list)


def recognise(document: Document, source: str, office: str | None, year: int | None) -> Imported:
    return _Recogniser(document, source).run(office, year)


class _Recogniser:
    def __init__(self, document: Document, source: str) -> None:
        self.blocks = document.blocks
        self.report = ImportReport(source)
        self.used: set[int] = set()
        self.units = Units()
        self.year = 0
        self.codes: set[str] = set()
        self.signed: set[int] = set()
        """The sign-off line: a paragraph, or a row of a table (which no table reads)."""
        self.quarterly = False
        """A 管制表 marks quarters, not months: the plan is reported quarterly (季報)."""

    # --- bookkeeping ---------------------------------------------------------------------

    def use(self, thing: object) -> None:
        self.used.add(id(thing))

    def where(self, index: int) -> str:
        block = self.blocks[index]
        return (
            f"段落 {index + 1}"
            if isinstance(block, DocumentParagraph)
            else f"表 {self._table_number(index)}"
        )

    def _table_number(self, index: int) -> int:
        return sum(1 for block in self.blocks[: index + 1] if isinstance(block, Table))

    def guess(self, where: str, what: str) -> str:
        """Report a guess; its text is also the note the draft carries."""
        self.report.guess(where, what)
        return what

    # --- the whole document ----------------------------------------------------------------

    def run(self, office: str | None, year: int | None) -> Imported:
        start, title = self._title()
        start, approvals = self._approvals(start)
        mention = title_year(title or "", year)
        schedules_only = title is None
        if year is not None:
            self.year = year
        elif mention is not None:
            self.year = mention.year
            self.report.recognise("標題", f"year {self.year} (from 「{mention.written}」)")
        signoff = self._signoff()
        parts = list(self._parts(start))
        if not self.year:
            written = self._year_of_tables()
            self.year = written.year if written else date.today().year
            source = f"from the tables' 「{written.written}」" if written else "this year"
            self.guess("標題", f"year {self.year} ({source}): the title names none (use --year)")
        plan_parts = [p for p in (self._part(part) for part in parts) if p is not None]
        title = title or self._title_of_tables(plan_parts)
        office = office or self._office(title)
        if schedules_only:
            self.guess(
                "文件", f"title 「{title}」 made from the 管制表 titles (the file has only tables)"
            )
        plan: dict[str, Any] = {"title": title, "office": office, "year": self.year}
        if approvals:
            plan["approvals"] = approvals
        plan["units"] = self.units.registry(self._sections(plan_parts), self.report)
        plan["parts"] = plan_parts
        if self.quarterly:
            plan["control"] = {"period": "quarter"}
            self.guess("管制表", "以季為欄（第1季…第4季）：control.period 定為 quarter（季報）")
        if any(part["kind"] == "schedules" for part in plan_parts):
            if signoff is None:
                plan["signoff"] = []
                self.guess(
                    "管制表", "文件之管制表下無簽核列（承辦人、課長、主任），signoff: [] 不印"
                )
            elif tuple(signoff) != DEFAULT_SIGNOFF:
                plan["signoff"] = signoff
        self._canonical_table_units(plan_parts)
        self._audit()
        return Imported(plan, self.report)

    def _title(self) -> tuple[int, str | None]:
        """The title: the first paragraph, if it names a plan (計畫) or is styled a title."""
        for index, block in enumerate(self.blocks):
            if isinstance(block, Table):
                return index, None
            text = block.text.strip()
            if not text:
                self.use(block)
                continue
            if block.level == 1 or "計畫" in text:
                self.use(block)
                self.report.recognise(self.where(index), f"title 「{text}」")
                return index + 1, text
            return index, None
        return len(self.blocks), None

    def _approvals(self, start: int) -> tuple[int, list[dict[str, Any]]]:
        """The lines under the title that record its approval: 民國104年2月4日…號函核備."""
        found: list[dict[str, Any]] = []
        index = start
        while index < len(self.blocks):
            block = self.blocks[index]
            if not isinstance(block, DocumentParagraph):
                break
            records = _approval_records(block.text.strip()) if block.text.strip() else []
            if records is None:
                break
            self.use(block)
            found += [self._approval(*record, index) for record in records]
            index += 1
        return index, found

    def _approval(
        self, record: dict[str, Any], written: str, letter: str, index: int
    ) -> dict[str, Any]:
        """The record, with a note of how the line words it when that is not the kind's own
        word (修正, 核可, 函訂定) or names the 函 of a letter."""
        if record["kind"] == "函頒" and written != "函頒":
            notes = [f"原文「{letter}{written}」（以函發布），記為函頒"]
        else:
            renamed = written in APPROVAL_KINDS
            notes = [f"原文「{written}」，記為{record['kind']}"] if renamed else []
            notes += [f"原文「函{written}」，「函」不入文號"] if letter else []
        if notes:
            record["note"] = self.guess(self.where(index), "；".join(notes))
        self.report.recognise(self.where(index), f"approval {record['kind']} {record['date']}")
        return record

    # --- parts -----------------------------------------------------------------------------

    def _top_style(self, start: int) -> str | None:
        """The numbering style of the parts: the highest style any paragraph starts with."""
        styles = {
            split_number(block.text.strip())[2]
            for block in self.blocks[start:]
            if isinstance(block, DocumentParagraph) and (block.level > 0 or block.text.strip())
        }
        return next((style for style in ORDER if style in styles), None)

    def _heading_level(self, start: int, top: str | None) -> int:
        """The style level of the document's part headings, when it styles them."""
        levels = [
            block.level
            for block in self.blocks[start:]
            if isinstance(block, DocumentParagraph)
            and block.level > 1
            and split_number(block.text.strip())[2] == top
        ]
        return min(levels, default=0)

    def _parts(self, start: int) -> Iterator[_Part]:
        top = self._top_style(start)
        level = self._heading_level(start, top)
        current: _Part | None = None
        for index in range(start, len(self.blocks)):
            block = self.blocks[index]
            if isinstance(block, DocumentParagraph):
                text = block.text.strip()
                if not text or id(block) in self.used:  # empty, or the sign-off line
                    self.use(block)
                    continue
                number, rest, style = split_number(text)
                heading_styled = level and 0 < block.level <= level
                appendix = re.match(r"^附[件表]", text) and len(text) <= 12
                if (style is not None and style == top) or heading_styled or appendix:
                    if current is not None:
                        yield current
                    self.use(block)
                    current = self._open_part(
                        number if style == top else None, rest if style == top else text, index
                    )
                    continue
            if current is None:
                current = _Part(None, None, None, self.where(index))
            current.blocks.append((index, block))
        if current is not None:
            yield current

    def _open_part(self, number: str | None, rest: str, index: int) -> _Part:
        """A part heading: `壹、計畫目標`; `肆、實施對象：本所全體同仁。` (heading and text);
        `玖、本計畫如有未盡事宜…。` (a clause, no heading)."""
        head, colon, after = rest.partition("：")
        if colon and after.strip() and len(head) <= 12:
            return _Part(number, head, after.strip(), self.where(index))
        if rest.endswith("。") or len(rest) > 24:
            return _Part(number, None, rest, self.where(index))
        return _Part(number, rest, None, self.where(index))

    def _part(self, part: _Part) -> dict[str, Any] | None:
        tables = [(i, b) for i, b in part.blocks if isinstance(b, Table)]
        schedule = [(i, t) for i, t in tables if _schedule_header(t) is not None]
        strategy = [(i, t) for i, t in tables if (i, t) not in schedule and _strategy_header(t)]
        kind = _kind(part.heading)
        if schedule:
            return self._schedules(part, schedule)
        if strategy:
            return self._strategies(part, strategy)
        if part.number is None and part.heading is None and not part.text:
            paragraphs = [b for _, b in part.blocks if isinstance(b, DocumentParagraph)]
            if not paragraphs and not tables:
                return None
        return self._text_part(part, kind)

    def _text_part(self, part: _Part, kind: str | None) -> dict[str, Any]:
        """A part that is prose: its lead text and numbered items, as written."""
        note: list[str] = []
        if kind is None or kind in ("strategies", "schedules"):
            if part.heading:
                note.append(
                    self.guess(
                        part.where, f"標題「{part.heading}」未能辨識類別，列為 clause（條文）"
                    )
                )
            kind = "clause"
        lead: list[str] = []
        items: list[dict[str, Any]] = []
        item_style: str | None = None
        for index, block in part.blocks:
            if isinstance(block, Table):
                self._unplaced_table(index, block)
                continue
            text = block.text.strip()
            number, rest, style = split_number(text)
            self.use(block)
            if style is not None and (item_style is None or style == item_style):
                item_style = style
                items.append({"number": number, "text": rest})
            elif style is not None or (items and not lead):
                if not items:
                    lead.append(text)
                    continue
                items[-1]["text"] += "\n" + text
                items[-1]["note"] = self.guess(
                    self.where(index), f"「{_clip(text)}」接於上一項之後（原為子項或續行）"
                )
            else:
                lead.append(text)
        result: dict[str, Any] = {"kind": kind}
        if part.number:
            result["number"] = part.number
        if part.heading:
            result["heading"] = part.heading
        lead_text = "\n".join(filter(None, [part.text, *lead])) or None
        if kind == "period":
            return self._period(result, lead_text, items, part, note)
        if lead_text:
            result["text"] = lead_text
        if kind == "goals" and lead_text:
            acronym = _acronym(lead_text)
            if acronym:
                result["acronym"] = acronym
                note.append(self.guess(part.where, f"acronym {acronym['word']} read from the text"))
        if items:
            result["items"] = [self._dated(item, kind) for item in items]
        if note:
            result["note"] = "；".join(note)
        self.report.recognise(
            part.where,
            f"{kind} part 「{part.number or ''}{part.heading or _clip(lead_text or '')}」 "
            f"({len(items)} items)",
        )
        return result

    def _period(
        self,
        result: dict[str, Any],
        text: str | None,
        items: list[dict[str, Any]],
        part: _Part,
        note: list[str],
    ) -> dict[str, Any]:
        if text is None:
            text = "\n".join(f"{i['number'] or ''}{i['text']}" for i in items)
            if items:
                note.append(self.guess(part.where, "實施期間以各項文字合為一段"))
        result["text"] = text
        for key, day in period_points(text, self.year).items():
            result[key] = day.isoformat()
        if note:
            result["note"] = "；".join(note)
        self.report.recognise(part.where, f"period part 「{part.heading or ''}」")
        return result

    def _dated(self, item: dict[str, Any], kind: str) -> dict[str, Any]:
        """A step stating a date of the plan year gets it as its deadline (as PC404 asks)."""
        if kind == "steps" and (day := self._deadline(item["text"])):
            item["deadline"] = day
        return {k: v for k, v in item.items() if v is not None}

    def _deadline(self, text: str) -> str | None:
        for stated in stated_dates(text, self.year):
            if stated.year in (None, self.year) and (day := stated.on(self.year)):
                return day.isoformat()
        return None

    # --- strategy tables ------------------------------------------------------------------------

    def _strategies(self, part: _Part, found: list[tuple[int, Table]]) -> dict[str, Any]:
        index = found[0][0]
        pieces = self._strategy_pieces(part, found)
        read = {piece.index for piece in pieces}
        groups = {id(piece.group[1]) for piece in pieces if piece.group is not None}
        for other, block in part.blocks:
            if other not in read and id(block) not in groups:
                if isinstance(block, Table):
                    self._unplaced_table(other, block)
                elif block.text.strip():
                    self.report.unplace(self.where(other), _clip(block.text.strip(), 80))
                    self.use(block)
        for piece in pieces:
            if piece.continued:
                self.guess(piece.where, "表接續上一表（跨頁分割），合為一表")
        reader = _StrategyTable(self, pieces)
        result: dict[str, Any] = {"kind": "strategies"}
        if part.number:
            result["number"] = part.number
        if part.heading:
            result["heading"] = part.heading
        result["columns"] = reader.columns
        result["principles"] = reader.principles()
        if reader.notes:
            result["note"] = "；".join(reader.notes)
        self.report.recognise(
            self.where(index),
            f"strategy table ({', '.join(_label(c) for c in reader.columns)}): "
            f"{len(result['principles'])} 要領",
        )
        return result

    def _strategy_pieces(self, part: _Part, found: list[tuple[int, Table]]) -> list[_Piece]:
        """The tables the part's strategy table is printed as: the first, the tables that
        continue it after a page break, and — when each is under a heading paragraph of its
        own (構面一、… before one table, 構面二、… before the next) — the further tables with
        the same header, each heading a group of the table."""
        first_index, first = found[0]
        pieces = self._with_continuations(part, _Piece(self.where(first_index), first_index, first))
        heading = self._heading_before(part, first_index)
        header = _texts(first.rows[0])
        grouped: list[_Piece] = []
        for index, table in found[1:]:
            if heading is None or any(index == p.index for p in [*pieces, *grouped]):
                continue
            above = self._heading_before(part, index)
            if above is None or _texts(table.rows[0]) != header:
                break
            grouped.extend(
                self._with_continuations(part, _Piece(self.where(index), index, table, above))
            )
        if grouped and heading is not None:
            pieces[0].group = heading
            pieces.extend(grouped)
        return pieces

    def _with_continuations(self, part: _Part, piece: _Piece) -> list[_Piece]:
        return [
            piece,
            *(
                _Piece(self.where(i), i, t, continued=True)
                for i, t in self._continuations(part, piece.index, piece.table)
            ),
        ]

    def _heading_before(self, part: _Part, index: int) -> tuple[str, DocumentParagraph] | None:
        """The paragraph right above a table (empty ones aside), if a paragraph is there."""
        above = [(i, b) for i, b in part.blocks if i < index]
        for i, block in reversed(above):
            if isinstance(block, Table):
                return None
            if block.text.strip():
                return self.where(i), block
        return None

    def _continuations(self, part: _Part, index: int, table: Table) -> list[tuple[int, Table]]:
        """The tables that continue the strategy table on the next pages: those after it in
        its part with only empty paragraphs (a page break) between, as wide as it, headed as
        it or not headed at all."""
        found: list[tuple[int, Table]] = []
        header = [cell.text.strip() for cell in table.rows[0]]
        for other, block in part.blocks:
            if other <= index:
                continue
            if isinstance(block, DocumentParagraph):
                if block.text.strip():
                    break
                continue
            first = [cell.text.strip() for cell in block.rows[0]] if block.rows else []
            if (
                block.width != table.width
                or _schedule_header(block) is not None
                or (_strategy_header(block) and first != header)
            ):
                break
            found.append((other, block))
        return found

    # --- schedule tables ------------------------------------------------------------------------

    def _schedules(self, part: _Part, found: list[tuple[int, Table]]) -> dict[str, Any]:
        tables: list[dict[str, Any]] = []
        titles: dict[int, str] = {}
        previous: DocumentParagraph | None = None
        for index, block in part.blocks:
            if isinstance(block, DocumentParagraph):
                previous = block
                continue
            if previous is not None and previous.text.strip() and _schedule_header(block):
                titles[index] = previous.text.strip()
                self.use(previous)
            previous = None
        schedule_ids = {i for i, _ in found}
        last: _ScheduleTable | None = None
        for index, block in part.blocks:
            if isinstance(block, Table) and index in schedule_ids:
                title = titles.get(index)
                if last is not None and title is None and last.continued_by(block):
                    last.extend(block, self.where(index))
                    self.guess(self.where(index), "表接續上一表（跨頁分割），合為一表")
                    continue
                last = _ScheduleTable(self, block, self.where(index), title)
                tables.append(last.draft)
            elif isinstance(block, Table):
                self._unplaced_table(index, block)
        for index, block in part.blocks:  # titles were used; other paragraphs are not placed
            if (
                isinstance(block, DocumentParagraph)
                and id(block) not in self.used
                and block.text.strip()
            ):
                self.report.unplace(self.where(index), _clip(block.text.strip(), 80))
                self.use(block)
        for draft in tables:
            draft.update(_ScheduleTable.finish(self, draft))
        result: dict[str, Any] = {"kind": "schedules"}
        if part.number:
            result["number"] = part.number
        if part.heading:
            result["heading"] = part.heading
        result["tables"] = tables
        return result

    def _signoff(self) -> list[str] | None:
        """The sign-off line the document prints with its tables (承辦人 … 主任), as its
        titles (the first's, when each page has one); None when it prints none (the rendered
        管制表 has one unless `signoff: []`)."""
        found: list[str] | None = None
        for index, block in enumerate(self.blocks):
            rows = [[block]] if isinstance(block, DocumentParagraph) else block.rows
            for row in rows:
                titles = [t for c in row for t in re.split(r"[\s:：|｜]+", c.text) if t]
                if not _signoff_titles(titles):
                    continue
                for thing in row:
                    self.use(thing)
                self.signed.add(id(row))
                self.report.recognise(self.where(index), f"sign-off line {'、'.join(titles)}")
                found = found or titles
        return found

    def code(self, section: str) -> str:
        base = next((code for word, code in CODES if word in section), f"t{len(self.codes) + 1}")
        code, n = base, 1
        while code in self.codes:
            n += 1
            code = f"{base}{n}"
        self.codes.add(code)
        return code

    def _year_of_tables(self) -> YearMention | None:
        """The year the first table's title rows name (民國107年度), for a file of tables."""
        for block in self.blocks:
            if isinstance(block, Table):
                for row in block.rows[:3]:
                    for cell in row:
                        mention = title_year(cell.text)
                        if mention:
                            return mention
        return None

    def _title_of_tables(self, parts: list[dict[str, Any]]) -> str:
        for part in parts:
            for table in part.get("tables", []):
                office = self._office(table.get("title", ""))
                if office:
                    return f"{office}{self.year - ROC_OFFSET}年度提升服務品質實施計畫"
        return f"{self.year - ROC_OFFSET}年度提升服務品質實施計畫"

    def _office(self, title: str) -> str:
        """The office: the title up to its year, as far as an organ's name ends there
        (高雄市政府地政局岡山地政事務所106年度… names the 事務所, not the 市政府)."""
        head = YEAR_IN_TITLE.split(re.sub(r"[(（].*", "", title), maxsplit=1)[0]
        match = OFFICE_OF_TITLE.match(head)
        if match and len(match[1]) >= 3:
            return match[1]
        self.guess("標題", "office not found in the title (use --office)")
        return "（機關名稱）"

    def _sections(self, parts: list[dict[str, Any]]) -> set[str]:
        return {
            unit
            for part in parts
            for table in part.get("tables", [])
            for unit in table.get("units", [])
        }

    def _canonical_table_units(self, parts: list[dict[str, Any]]) -> None:
        for part in parts:
            for table in part.get("tables", []):
                if table.get("units"):
                    table["units"] = [self.units.canonical(u) for u in table["units"]]

    # --- leftovers ------------------------------------------------------------------------------

    def _unplaced_table(self, index: int, table: Table) -> None:
        texts = [cell.text for row in table.rows for cell in row if cell.text.strip()]
        for row in table.rows:
            for cell in row:
                self.use(cell)
        self.use(table)
        if texts:
            self.report.unplace(
                self.where(index),
                "a table not recognised: "
                + " | ".join(_clip(t, 30) for t in texts[:40])
                + (" …" if len(texts) > 40 else ""),
            )

    def _audit(self) -> None:
        """Whatever the recogniser did not use is reported, never dropped silently."""
        for index, block in enumerate(self.blocks):
            if isinstance(block, DocumentParagraph):
                if id(block) not in self.used and block.text.strip():
                    self.report.unplace(self.where(index), _clip(block.text.strip(), 80))
                continue
            if block.unread:
                self.report.unplace(
                    self.where(index),
                    f"{block.unread} more rows not read (import reads the first "
                    f"{len(block.rows)} rows of a table)",
                )
            for row in block.rows:
                for cell in row:
                    if id(cell) not in self.used and cell.text.strip():
                        where = f"{self.where(index)} 第 {cell.row + 1} 列第 {cell.col + 1} 欄"
                        self.report.unplace(where, _clip(cell.text.strip(), 80))


# --- strategy tables -----------------------------------------------------------------------------


def _approval_records(line: str) -> list[tuple[dict[str, Any], str, str]] | None:
    """The approval records of a line under the title, each with the kind's word as written
    and its 函 (or ""), or None when it is no approval line (each of its pieces must begin
    with a date and end with a kind). A record holds the line as written (`text`) when the
    plan would print it otherwise (民國 left out, 函, 簽奉…)."""
    text = unicodedata.normalize("NFKC", line).strip()
    bracketed = text[:1] in "(（" and text[-1:] in ")）"
    inner = text[1:-1].strip() if bracketed else text
    dates = list(APPROVAL_DATE.finditer(inner))
    if not dates or dates[0].start() != 0:
        return None
    records = []
    for found, after in zip(dates, [*dates[1:], None], strict=True):
        piece = inner[found.start() : after.start() if after else None].strip(" ；;，,、。")
        end = APPROVAL_END.match(piece[found.end() - found.start() :].strip())
        year, month, day = (int(found[i]) for i in (1, 2, 3))
        on = StatedDate(found[0], year + ROC_OFFSET, month, day).on(year + ROC_OFFSET)
        if end is None or on is None:
            return None
        written = end["kind"]
        kind = APPROVAL_KINDS.get(written, written)
        record: dict[str, Any] = {"kind": kind, "date": on.isoformat()}
        ref = APPROVAL_REF.search(end["middle"])
        if ref:
            record["ref"] = ref[0].strip()
        own = line.strip() if bracketed and len(dates) == 1 else piece
        if unicodedata.normalize("NFKC", own) != Approval.model_validate(record).line:
            record["text"] = own
        records.append((record, written, end["letter"] or ""))
    return records


def _strategy_header(table: Table) -> bool:
    head = [cell.text for cell in table.rows[0]] if table.rows else []
    levels = sum(1 for text in head if any(word in text for word in LEVEL_WORDS))
    return levels >= 2 or (levels >= 1 and any(any(w in t for w in UNIT_WORDS) for t in head))


class _StrategyTable:
    """A strategy table read by its header: numbering levels, the units column, the others.

    A table cut by page breaks is read as one: its `tables` in order, each continuation's
    first row (after its repeated header, if it repeats it) a row that may continue the
    cells of the row before the break."""

    def __init__(self, owner: _Recogniser, pieces: list[_Piece]) -> None:
        self.owner, self.where = owner, pieces[0].where
        self.rows: list[list[DocumentCell]] = []
        self.grid: list[list[DocumentCell | None]] = []
        self.places: list[str] = []
        """Each of `rows` as the report names it: its table and its row there."""
        self.starts: set[int] = set()
        """Where each continuation table starts among `rows`."""
        self.heads: set[int] = set()
        """The header rows of a group's own table (構面二's, under the first's header)."""
        width = max(piece.table.width for piece in pieces)
        for piece in pieces:
            if piece.continued:
                self.starts.add(len(self.rows))
            elif self.rows:
                self.heads.add(len(self.rows))
            for r, (row, places) in enumerate(
                zip(piece.table.rows, piece.table.grid(), strict=True)
            ):
                self._add(row, places, f"{piece.where} 第 {r + 1} 列")
                if r == 0 and piece.group is not None:  # the group's heading, as a row
                    where, paragraph = piece.group
                    owner.use(paragraph)
                    cell = DocumentCell(paragraph.text.strip(), 0, 0, 1, width)
                    self._add([cell], [cell] * width, where)
        self.after_break: set[int] = set()
        self.continued: set[int] = set()
        """Rows that continue the row before a page break."""
        self.notes: list[str] = []
        self.done: set[int] = set()
        self.siblings: dict[int, list[dict[str, Any]]] = {}
        """The entities one cell was split into (by the last of them): the row's units are
        each one's."""
        header = self.rows[0]
        for cell in header:
            owner.use(cell)
        self.header_texts = _texts(header)
        heads = [self._head(cell, n) for n, cell in enumerate(header)]
        labels = [head for head, cell in zip(heads, header, strict=True) for _ in range(cell.cols)]
        self.level_cols = 0
        """How many columns hold numbering levels (the levels, but for a group level)."""
        for label in labels[:3]:
            if any(w in label for w in UNIT_WORDS + EXTRA_WORDS):
                break
            self.level_cols += 1
        self.level_cols = max(self.level_cols, 2)
        groups = [r for r in range(1, len(self.rows)) if self._group_row(r, width)]
        self.offset = 1 if groups and self.level_cols < 3 else 0
        """1 when rows across the whole table (or headings above its tables) group its rows:
        they are the top level (要領), and the table's own columns the levels below."""
        self.groups = set(groups) if self.offset else set()
        self.levels = self.level_cols + self.offset
        after = list(range(self.level_cols, len(labels)))
        self.units_col = next((c for c in after if any(w in labels[c] for w in UNIT_WORDS)), None)
        self.extra = {c: labels[c] for c in after if c != self.units_col}
        self.deadline_cols = {
            c for c, label in self.extra.items() if "期限" in label or "日期" in label
        }
        self.units_label = labels[self.units_col] if self.units_col is not None else ""
        self.columns: list[Any] = []
        for n, cell in enumerate(header):
            column: dict[str, Any] = {"label": heads[n]}
            span = cell.cols + (self.offset if n == 0 else 0)
            if span > 1:
                column["span"] = span
            if (
                self.units_col is not None
                and self.units_col != self.level_cols
                and cell.col == self.units_col
            ):
                column["units"] = True
            self.columns.append(column["label"] if len(column) == 1 else column)
        if self.units_col is None and not self.extra:
            self._no_units_column()
        if self.offset:
            example = _clip(self.rows[min(groups)][0].text.strip(), 20)
            self.notes.append(
                owner.guess(
                    self.places[min(groups)],
                    f"跨全表之列或表上之標題（如「{example}」）視為最上層（要領），"
                    f"表頭「{self.header_texts[0]}」併列其上",
                )
            )

    def _head(self, cell: DocumentCell, n: int) -> str:
        """A heading as the column's label: a heading broken over lines in a narrow column
        (承辦 / 單位) is one label, its lines joined."""
        lines = [line.strip() for line in cell.text.strip().split("\n") if line.strip()]
        if len(lines) > 1:
            self.owner.guess(
                f"{self.places[0]}第 {n + 1} 欄",
                f"表頭「{'／'.join(lines)}」分行書寫，併為「{''.join(lines)}」",
            )
        return "".join(lines)

    def _no_units_column(self) -> None:
        """A table of numbering levels only (實施項目 | 具體作法): the plan's table has a
        units column, so the last heading is printed over it too, and the cells stay empty."""
        last = self.columns[-1]
        column = dict(last) if isinstance(last, dict) else {"label": last}
        column["span"] = column.get("span", 1) + 1
        self.columns[-1] = column
        self.notes.append(
            self.owner.guess(self.where, f"表無單位欄：「{column['label']}」跨印於空白之單位欄上")
        )

    def _add(self, row: list[DocumentCell], places: list[DocumentCell | None], where: str) -> None:
        self.rows.append(row)
        self.grid.append(places)
        self.places.append(where)

    def _group_row(self, r: int, width: int) -> bool:
        """A row of one cell across the whole table: the heading of the rows under it."""
        row = self.rows[r]
        return (
            len(row) == 1
            and row[0].col == 0
            and row[0].cols >= width > 1
            and bool(row[0].text.strip())
        )

    def body_rows(self) -> list[int]:
        """The rows under the header, without its repeats; the first after a page break (a
        repeated header, a continuation table) noted in `after_break`."""
        rows = []
        cut = False
        for r in range(1, len(self.rows)):
            cut = cut or r in self.starts
            texts = [cell.text.strip() for cell in self.rows[r]]
            if r in self.heads and texts == self.header_texts:
                for cell in self.rows[r]:
                    self.owner.use(cell)
                self.owner.report.recognise(self.places[r], "header row of the next group's table")
                continue
            if texts == self.header_texts:  # the header repeated after a page break
                for cell in self.rows[r]:
                    self.owner.use(cell)
                self.owner.report.recognise(self.places[r], "header row repeated (page break)")
                cut = True
                continue
            if cut:
                self.after_break.add(r)
                cut = False
            rows.append(r)
        return rows

    def principles(self) -> list[dict[str, Any]]:
        principles: list[dict[str, Any]] = []
        seen: dict[int, dict[str, Any]] = {}
        last: dict[int, dict[str, Any]] = {}  # the latest entity of each level
        rows = self.body_rows()
        for r in rows:
            if r in self.groups:
                group = self._entity(self.rows[r][0], 0)
                self._attach(principles, [], group, 0)
                last.clear()
                last[0] = group
                continue
            entities: list[dict[str, Any] | None] = [last.get(0)] if self.offset else []
            for level in range(self.offset, self.levels):
                col = level - self.offset
                cell = self.grid[r][col] if col < len(self.grid[r]) else None
                if cell is None or not cell.text.strip():
                    entities.append(None)
                    continue
                if id(cell) not in seen:
                    continued = self._continuation(r, cell, level, last)
                    if continued is None:
                        split = self._entities(cell, level, self.places[r])
                        for entity in split:
                            self._attach(principles, entities, entity, level)
                        continued = split[-1]
                        self.siblings[id(continued)] = split
                        for deeper in range(level + 1, self.levels):
                            last.pop(deeper, None)
                    seen[id(cell)] = last[level] = continued
                entities.append(seen[id(cell)])
            self._row_values(r, entities, rows)
        return principles

    def _continuation(
        self, r: int, cell: DocumentCell, level: int, last: dict[int, dict[str, Any]]
    ) -> dict[str, Any] | None:
        """The entity a cell continues: the first row after a page break, its cell without
        a number, is the rest of the text of the row before the break (a row cut in two by
        the page); its first line is joined to that text as it runs on, without a break."""
        lines = cell.text.strip().split("\n")
        if r not in self.after_break or level not in last or split_number(lines[0])[2]:
            return None
        entity = last[level]
        self.owner.use(cell)
        self.continued.add(r)
        runs_on = entity["subitems"][-1] if entity.get("subitems") else entity
        runs_on["text"] += lines[0].strip()
        self._lines(entity, lines[1:], level)
        note = self.owner.guess(
            self.places[r],
            f"{_label_of(entity)}跨頁續列「{_clip(lines[0].strip(), 20)}」併入上一列",
        )
        entity["note"] = "；".join(filter(None, [entity.get("note"), note]))
        return entity

    def _entities(self, cell: DocumentCell, level: int, where: str) -> list[dict[str, Any]]:
        """A cell's entities: one — or one per numbered line when the cell lists several
        numbered alike ((一)…, (二)…, or 1.…, 2.… one under another); a method's lines numbered
        otherwise ((1)(2) under 1.) are its sub-items."""
        lines = cell.text.strip().split("\n")
        style = split_number(lines[0].strip())[2]
        starts = [i for i, line in enumerate(lines) if split_number(line.strip())[2] == style]
        if style is None or len(starts) < 2:
            return [self._entity(cell, level)]
        self.owner.use(cell)
        found: list[dict[str, Any]] = []
        for start, end in zip(starts, [*starts[1:], len(lines)], strict=True):
            number, text, _ = split_number(lines[start].strip())
            entity: dict[str, Any] = {"number": number, "text": text}
            self._lines(entity, lines[start + 1 : end], level)
            found.append(entity)
        numbers = "".join(entity["number"] for entity in found)
        shared = ["單位"] if self.units_col is not None else []
        shared += ["其他欄"] if self.extra else []
        found[0]["note"] = self.owner.guess(
            where,
            f"一格內分列 {len(found)} 項（{numbers}），各為一項"
            + (f"；同列之{'及'.join(shared)}各項皆列" if shared else ""),
        )
        return found

    def _entity(self, cell: DocumentCell, level: int) -> dict[str, Any]:
        self.owner.use(cell)
        lines = cell.text.strip().split("\n")
        number, text, _ = split_number(lines[0].strip())
        entity: dict[str, Any] = {"number": number, "text": text}
        self._lines(entity, lines[1:], level)
        return entity

    def _lines(self, entity: dict[str, Any], rest: list[str], level: int) -> None:
        """The lines of a cell after its first: a method's numbered lines are its sub-items
        (1)(2)…; any other line continues the text before it."""
        if level == 2:
            subitems: list[dict[str, Any]] = entity.get("subitems", [])
            for line in rest:
                sub_number, sub_text, style = split_number(line.strip())
                if style is not None:
                    subitems.append({"number": sub_number, "text": sub_text})
                elif subitems:
                    subitems[-1]["text"] += "\n" + line
                else:
                    entity["text"] += "\n" + line
            if subitems:
                entity["subitems"] = subitems
        elif rest:
            entity["text"] += "\n" + "\n".join(rest)

    def _attach(
        self,
        principles: list[dict[str, Any]],
        entities: list[dict[str, Any] | None],
        entity: dict[str, Any],
        level: int,
    ) -> None:
        if level == 0:
            entity["strategies"] = []
            principles.append(entity)
            return
        parent = entities[level - 1] if level - 1 < len(entities) else None
        if parent is None:
            parent = self._orphan_parent(principles, level)
        key = "strategies" if level == 1 else "methods"
        parent.setdefault(key, []).append(entity)

    def _orphan_parent(self, principles: list[dict[str, Any]], level: int) -> dict[str, Any]:
        """A row with no cell above its level (the cell left empty): under the last one."""
        if not principles:
            principles.append({"number": None, "text": "（未命名）", "strategies": []})
            self.notes.append(self.owner.guess(self.where, "首列無實施要領，補一空項"))
        parent = principles[-1]
        if level == 2:
            if not parent["strategies"]:
                parent["strategies"].append({"number": None, "text": "（未命名）"})
            parent = parent["strategies"][-1]
        return parent

    def _row_values(self, r: int, entities: list[dict[str, Any] | None], rows: list[int]) -> None:
        """The units and other columns of a row go to its deepest entity — or to the
        strategy when the cell spans all of that strategy's rows (a shared 業務單位)."""
        deepest = next((e for e in reversed(entities) if e is not None), None)
        if deepest is None:
            return
        for col in [c for c in (self.units_col, *self.extra) if c is not None]:
            cell = self.grid[r][col] if col < len(self.grid[r]) else None
            if cell is None or id(cell) in self.done:
                continue
            self.done.add(id(cell))
            self.owner.use(cell)
            target = deepest
            if (
                self.levels == 3
                and entities[1] is not None
                and cell.rows > 1
                and entities[2] is not None
            ):
                target = entities[1]
            if col == self.units_col:
                self._units(target, cell)
            elif cell.text.strip():
                for each in self.siblings.get(id(target), [target]):  # each of a listing cell
                    self._cell_value(each, col, cell, r)

    def _cell_value(self, target: dict[str, Any], col: int, cell: DocumentCell, r: int) -> None:
        """A column's cell of the row (完成期限, 預期效益 …) as the entity's `cells`, and its
        deadline when the column gives one."""
        cells = target.setdefault("cells", {})
        label, text = self.extra[col], cell.text.strip()
        # a cell of a row cut by a page break runs on from the one before it
        cells[label] = cells.get(label, "") + text if r in self.continued else text
        if col in self.deadline_cols and (day := self.owner._deadline(cell.text)):
            target["deadline"] = day

    def _units(self, target: dict[str, Any], cell: DocumentCell) -> None:
        lines = [line.strip() for line in cell.text.strip().split("\n") if line.strip()]
        subitems = {s["number"]: s for s in target.get("subitems", [])}
        numbered = [split_number(line) for line in lines]
        if subitems and all(
            style is not None and number in subitems for number, _, style in numbered
        ):
            for number, rest, _ in numbered:
                subitems[number]["units"] = self.owner.units.names(rest)
            return
        if not lines and cell.text == "":
            return
        names = self.owner.units.names(cell.text)
        if names:  # added to those of the row before a page break, when it continues one
            for each in self.siblings.get(id(target), [target]):
                had = each.get("units", [])
                each["units"] = [*had, *(name for name in names if name not in had)]
        if subitems and len(lines) > 1:
            target["note"] = self.owner.guess(
                self.where,
                f"{_label_of(target)}{self.units_label}欄分 {len(lines)} 行，"
                "無法逐項對齊子項，列於本項",
            )


# --- schedule tables -----------------------------------------------------------------------------


@dataclass
class _Roles:
    """Which column holds what, from the header rows."""

    header_rows: int
    title_rows: int
    months: dict[int, tuple[int, ...]]
    """Each month column's month, or a quarter column's three months."""
    number: int | None = None
    item: int | None = None
    task: int | None = None
    units: int | None = None
    units_heading: str = ""
    remark: int | None = None
    years: set[int] = field(default_factory=set)


def _schedule_header(table: Table) -> _Roles | None:
    """The table's header roles when it is a 管制表: a row of month headings (six or more)
    under or beside a 工作內容 / 計畫項目 heading."""
    grid = table.grid()
    title_rows = 0
    width = table.width
    for row in table.rows[:3]:
        alone = len(row) == 1 and row[0].col == 0
        if alone and (row[0].cols >= max(2, width - 1) or len(row[0].text.strip()) >= 10):
            title_rows += 1
        else:
            break
    for r in range(title_rows, min(title_rows + 4, len(table.rows))):
        months: dict[int, tuple[int, ...]] = {}
        years: set[int] = set()
        for cell in table.rows[r]:
            found = month_of_header(cell.text)
            if found is not None:
                months[cell.col] = (found[0],)
                if found[1]:
                    years.add(found[1])
        if len(months) < 6:
            months = _quarter_columns(table.rows[r])
        if not months:
            continue
        roles = _Roles(r + 1, title_rows, months, years=years)
        for c in range(width):
            heads = {
                head.text.strip()
                for h in range(title_rows, r + 1)
                if (head := grid[h][c]) is not None
            }
            _assign(roles, c, heads)
        if roles.task is None and roles.item is not None:
            roles.task, roles.item = roles.item, None
        return roles if roles.task is not None else None
    return None


def _quarter_columns(row: list[DocumentCell]) -> dict[int, tuple[int, ...]]:
    """A row heading the four quarters (第1季 … 第4季), each column as its three months;
    empty for any other row."""
    quarters = {cell.col: q for cell in row if (q := quarter_of_header(cell.text)) is not None}
    if sorted(quarters.values()) != [1, 2, 3, 4]:
        return {}
    return {col: (3 * q - 2, 3 * q - 1, 3 * q) for col, q in quarters.items()}


def _assign(roles: _Roles, c: int, heads: set[str]) -> None:
    text = " ".join(sorted(heads))
    if c in roles.months:
        return
    if roles.number is None and any(text.startswith(w) for w in NUMBER_HEADS):
        roles.number = c
    elif roles.task is None and any(w in text for w in TASK_HEADS):
        roles.task = c
    elif roles.item is None and any(w in text for w in ITEM_HEADS):
        roles.item = c
    elif roles.units is None and any(w in text for w in UNIT_WORDS):
        roles.units, roles.units_heading = c, text
    elif roles.remark is None and any(w in text for w in REMARK_HEADS):
        roles.remark = c


class _ScheduleTable:
    """A 管制表: items by 編號, tasks by 工作內容, months by the marks under each month."""

    def __init__(self, owner: _Recogniser, table: Table, where: str, title: str | None) -> None:
        self.owner, self.where, self.name = owner, where, table.name
        roles = _schedule_header(table)
        assert roles is not None
        self.roles = roles
        self.header: list[list[str]] = [
            [c.text.strip() for c in row]
            for row in table.rows[roles.title_rows : roles.header_rows]
        ]
        self.title_texts = [[c.text.strip() for c in row] for row in table.rows[: roles.title_rows]]
        for row in table.rows[: roles.header_rows]:
            for cell in row:
                owner.use(cell)
        if roles.title_rows:
            title = table.rows[0][0].text.strip()
        self.draft: dict[str, Any] = {"_table": self, **({"title": title} if title else {})}
        self.items: list[dict[str, Any]] = []
        self.notes: list[str] = []
        self.row_style: str | None = None
        """The numbering style of a table whose one text column numbers its rows (below)."""
        self.marked: list[int] = []
        """The last task's months, as marked so far (a second row of it may add to them)."""
        self.progress_rows = False
        """Rows labelled 實際 were read, and their marks left out (said once per table)."""
        if any(len(months) > 1 for months in roles.months.values()):
            owner.quarterly = True
            self.notes.append(owner.guess(where, "季欄之標記，該季三個月皆列為預定月份"))
        if (
            roles.years
            and (owner.year - ROC_OFFSET) not in roles.years
            and owner.year not in roles.years
        ):
            self.notes.append(
                owner.guess(where, f"月份表頭之年度 {sorted(roles.years)} 與計畫年度不同")
            )
        self._read(table, roles.header_rows, where)

    def continued_by(self, table: Table) -> bool:
        """A table without a title of its own, on the same sheet, under the same header: the
        rest of this one after a page break."""
        roles = _schedule_header(table)
        if roles is None or roles.title_rows or table.name != self.name:
            return False
        header = table.rows[roles.title_rows : roles.header_rows]
        return [[c.text.strip() for c in row] for row in header] == self.header

    def extend(self, table: Table, where: str) -> None:
        roles = _schedule_header(table)
        assert roles is not None
        for row in table.rows[: roles.header_rows]:
            for cell in row:
                self.owner.use(cell)
        self.roles = roles
        self._read(table, roles.header_rows, where)

    def _read(self, table: Table, first: int, where: str) -> None:
        grid = table.grid()
        previous: list[DocumentCell | None] = []
        for r in range(first, len(table.rows)):
            texts = [c.text.strip() for c in table.rows[r]]
            if id(table.rows[r]) in self.owner.signed:
                continue
            if texts in self.header or texts in self.title_texts:
                for cell in table.rows[r]:
                    self.owner.use(cell)
                self.owner.report.recognise(
                    f"{where} 第 {r + 1} 列", "header row repeated (page break)"
                )
                previous = []
                continue
            row = grid[r]
            self._row(row, previous, f"{where} 第 {r + 1} 列")
            previous = row

    def _cell(self, row: list[DocumentCell | None], col: int | None) -> DocumentCell | None:
        return row[col] if col is not None and col < len(row) else None

    def _row(
        self, row: list[DocumentCell | None], previous: list[DocumentCell | None], where: str
    ) -> None:
        roles = self.roles
        number_cell = self._cell(row, roles.number)
        item_cell = self._cell(row, roles.item)
        task_cell = self._cell(row, roles.task)
        label, label_cell = self._row_label(row)
        if label and self.items and self.items[-1]["tasks"]:
            blank = task_cell is None or not task_cell.text.strip()
            if blank or task_cell is self._cell(previous, roles.task):
                self.owner.use(label_cell)
                self._marks(row, label, where)
                return
        if label == "planned":
            self.owner.use(label_cell)
        numbered = self._numbered_row(task_cell, previous, where)
        if numbered is not None and task_cell is not None:
            self.owner.use(task_cell)
            self._task(numbered, row, where)
            return
        new_number = (
            number_cell is not None
            and number_cell.text.strip()
            and number_cell is not self._cell(previous, roles.number)
        )
        new_item = (
            item_cell is not None
            and item_cell.text.strip()
            and item_cell is not self._cell(previous, roles.item)
        )
        if new_number or (roles.number is None and new_item) or not self.items:
            number = number_cell.text.strip() if number_cell is not None and new_number else None
            name = (
                item_cell.text.strip() if item_cell is not None and item_cell.text.strip() else None
            )
            if (
                self.items
                and number is not None
                and str(self.items[-1]["number"]) == number
                and name in (None, self.items[-1].get("name"))
            ):
                self.items[-1]["note"] = self.owner.guess(
                    where, f"編號 {number} 跨頁重出，視為同一項"
                )
            else:
                self._new_item(number, name, where)
            for cell in (number_cell, item_cell):
                if cell is not None:
                    self.owner.use(cell)
        elif new_item and item_cell is not None:
            self.items[-1]["name"] = (self.items[-1].get("name") or "") + item_cell.text.strip()
            self.owner.use(item_cell)
        if task_cell is None or not task_cell.text.strip():
            self._unused_marks(row, where)
            return
        self.owner.use(task_cell)
        self._task(task_cell.text.strip(), row, where)

    def _row_label(
        self, row: list[DocumentCell | None]
    ) -> tuple[str, DocumentCell] | tuple[None, None]:
        """("planned" or "actual", its cell) for a row labelled 預定 / 實際進度 in a column of
        no other role; (None, None) for any other row. A task's first row schedules, whatever
        such a column says: only a second row of it is told apart so."""
        roles = self.roles
        taken = {roles.number, roles.item, roles.task, roles.units, roles.remark, *roles.months}
        for col, cell in enumerate(row):
            text = "".join(cell.text.split()) if cell is not None else ""
            if cell is None or col in taken or not text or len(text) > 6:
                continue
            if text.startswith(PLANNED_ROW):
                return "planned", cell
            if text.startswith(ACTUAL_ROW):
                return "actual", cell
        return None, None

    def _marks(self, row: list[DocumentCell | None], label: str | None, where: str) -> None:
        """The months a row marks, added to the last task's: none from a progress row (實際),
        whose marks say what was done, not what is planned."""
        task = self.items[-1]["tasks"][-1]
        notes: list[str] = []
        for col, months in sorted(self.roles.months.items(), key=lambda pair: pair[1]):
            cell = self._cell(row, col)
            if cell is None:
                continue
            self.owner.use(cell)
            mark = is_mark(cell.text, cell.shaded)
            if mark is None or label == "actual":
                continue
            self.marked += months
            if mark:
                notes.append(mark)
        task["months"] = _ranges(sorted(set(self.marked)))
        if notes:
            said = self.owner.guess(where, "；".join(dict.fromkeys(notes)))
            task["note"] = f"{task['note']}；{said}" if "note" in task else said
        if label == "actual" and not self.progress_rows:
            self.progress_rows = True
            self.notes.append(self.owner.guess(where, "「實際」列為執行進度，其標記不列入預定月份"))

    def _numbered_row(
        self, task_cell: DocumentCell | None, previous: list[DocumentCell | None], where: str
    ) -> str | None:
        """A table with no 編號 column whose one text column numbers its rows (工作項目
        「1.辦理洽公環境檢查」, 「2.…」): each row so numbered is an item of that number, and
        the text after the number its task; the text, or None for any other row. Only the
        first row's numbering style counts, so that a (1) under a 1. stays a task of it."""
        if self.roles.number is not None or self.roles.item is not None or task_cell is None:
            return None
        if task_cell is self._cell(previous, self.roles.task):
            return None
        label, rest, style = split_number(task_cell.text.strip())
        if label is None or (self.items and style != self.row_style):
            return None
        if self.row_style is None:
            self.row_style = style
            self.notes.append(
                self.owner.guess(where, f"無編號欄：工作項目前之編號（{label}…）作為編號")
            )
        self._new_item(label.rstrip(".．、 "), None, where)
        return rest

    def _new_item(self, number: str | None, name: str | None, where: str) -> None:
        item: dict[str, Any] = {}
        if number is None:
            item["number"] = len(self.items) + 1
            if self.roles.number is not None:
                item["note"] = self.owner.guess(where, f"編號欄空白，依序編為 {item['number']}")
        else:
            item["number"] = int(number) if number.isdigit() else number
        if name:
            item["name"] = name
        item["tasks"] = []
        self.items.append(item)

    def _task(self, text: str, row: list[DocumentCell | None], where: str) -> None:
        task: dict[str, Any] = {"text": text, "months": []}
        units_cell = self._cell(row, self.roles.units)
        if units_cell is not None and units_cell.text.strip():
            self.owner.use(units_cell)
            task["units"] = self.owner.units.names(units_cell.text)
        remark = self._cell(row, self.roles.remark)
        if remark is not None and remark.text.strip():
            self.owner.use(remark)
            task["remark"] = remark.text.strip()
        self.items[-1]["tasks"].append(task)
        self.marked = []
        self._marks(row, None, where)

    def _unused_marks(self, row: list[DocumentCell | None], where: str) -> None:
        """A row without 工作內容: its marks belong to no task, and are reported."""
        for col in self.roles.months:
            cell = self._cell(row, col)
            if cell is not None and cell.text.strip() and id(cell) not in self.owner.used:
                self.owner.use(cell)
                self.owner.report.unplace(
                    where, f"month mark {cell.text.strip()!r} in a row without 工作內容"
                )

    @staticmethod
    def finish(owner: _Recogniser, draft: dict[str, Any]) -> dict[str, Any]:
        """Section, code, units and IDs, once every part of the table is read."""
        table: _ScheduleTable = draft.pop("_table")
        title = draft.get("title", "")
        match = SECTION_OF_TITLE.search(title)
        per_row = any(task.get("units") for item in table.items for task in item["tasks"])
        notes = list(table.notes)
        if match:
            section = match[1]
        elif table.name:
            section = table.name
            notes.append(owner.guess(table.where, f"section 取自工作表名稱「{table.name}」"))
        elif per_row:
            section = "全所"
        else:
            section = "全所"
            notes.append(owner.guess(table.where, "表名未載課室，section 定為「全所」"))
        code = owner.code(section)
        result: dict[str, Any] = {"section": section, "code": code}
        units = [] if per_row or section == "全所" else unit_names(section)
        if units:
            result["units"] = units
            owner.units.add_all(units)
        if per_row and table.roles.units_heading and table.roles.units_heading != "承辦單位":
            result["units_heading"] = table.roles.units_heading
        if title:
            result["title"] = title
        for number, item in enumerate(table.items, 1):
            no = item["number"] if isinstance(item["number"], int) else number
            for row, task in enumerate(item["tasks"], 1):
                task_id = f"{code}-{no}.{row}"
                item["tasks"][row - 1] = {"id": task_id, **task}
        result["items"] = table.items
        if notes:
            result["note"] = "；".join(notes)
        tasks = sum(len(item["tasks"]) for item in table.items)
        owner.report.recognise(
            table.where, f"管制表 {section} ({code}): {len(table.items)} items, {tasks} tasks"
        )
        return result


def _ranges(months: list[int]) -> list[int | str]:
    runs: list[int | str] = []
    start = previous = None
    for month in [*months, None]:
        if month is not None and previous is not None and month == previous + 1:
            previous = month
            continue
        if start is not None and previous is not None:
            runs.append(start if start == previous else f"{start}-{previous}")
        start = previous = month
    return runs


def _kind(heading: str | None) -> str | None:
    if not heading:
        return None
    return next((kind for kind, words in KINDS if any(w in heading for w in words)), None)


def _acronym(text: str) -> dict[str, Any] | None:
    """SMILE：Speed(速度)、Merriness(愉快)… — the acronym a goal spells, if its letters do."""
    match = re.search(
        r"([A-Z]{2,})\s*[：:]\s*((?:[A-Za-z]+\s*[(（][^)）]+[)）][、,，]?\s*)+)", text
    )
    if not match:
        return None
    letters = [
        {"letter": word[0], "word": word, "meaning": meaning}
        for word, meaning in re.findall(r"([A-Za-z]+)\s*[(（]([^)）]+)[)）]", match[2])
    ]
    if "".join(letter["letter"] for letter in letters) != match[1]:
        return None
    return {"word": match[1], "letters": letters}


def _signoff_titles(words: list[str]) -> bool:
    """A sign-off line is titles only: 承辦人, then two to five short titles of heads."""
    return (
        2 <= len(words) <= 6
        and words[0] == "承辦人"
        and all(len(word) <= 5 for word in words)
        and any(signer in word for word in words[1:] for signer in SIGNERS)
    )


def _texts(row: list[DocumentCell]) -> list[str]:
    return [cell.text.strip() for cell in row]


def _label(column: Any) -> str:
    return column if isinstance(column, str) else str(column["label"])


def _label_of(entity: dict[str, Any]) -> str:
    return entity.get("number") or ""


def _clip(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"

"""The plan as pydantic models.

The model names the concepts (objectives, strategies, schedules …); the YAML keeps each part's
own heading, numbering and order, so a plan from another office, with its parts in another
order or under other headings, fits without a code change. Labels (`number`) are kept exactly
as the document writes them ("壹、", "(一)", "1.", "(1)").

Only the *shape* is validated here. Rules that need the whole plan (unknown units, duplicate
IDs, months out of range …) are the checks in `planctl.rules.consistency`, so that each gets
its own code.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from datetime import date
from typing import Annotated, Literal, get_args

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    Strict,
    ValidationInfo,
    field_validator,
    model_validator,
)

from planctl.plan.months import MONTH_RANGE, expand_month
from planctl.plan.months import ROC_OFFSET as ROC_OFFSET  # re-exported: imported from here

_MONTH = re.compile(r"^\s*([0-9]{1,2})\s*$")


def _iso_date(value: object) -> date:
    """Dates are written YYYY-MM-DD; a bare number would otherwise pass as a Unix time."""
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ValueError("a date is written YYYY-MM-DD, e.g. 2015-02-16")


def _month_spec(value: object) -> int | str:
    """A month is a whole number, or a range written `3-5`; its range is checked later.

    A Chinese input method types full-width digits and dashes (`３`, `３－５`), which YAML
    reads as text: NFKC turns them into `3` and `3-5`, so they mean what the clerk typed."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str):
        text = unicodedata.normalize("NFKC", value)
        if single := _MONTH.match(text):
            return int(single[1])
        if span := MONTH_RANGE.match(text):
            return f"{int(span[1])}-{int(span[2])}"
    raise ValueError("a month is a number 1-12 or a range such as 3-5")


def _item_number(value: object) -> int | str:
    """編號 as the table prints it: a whole number (1, 2 …) or a label (一、, (一), 1.)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str):
        return value
    raise ValueError("編號 is a whole number or a label as written (一、, (一), 1.)")


IsoDate = Annotated[date, BeforeValidator(_iso_date)]
ItemNumber = Annotated[int | str, BeforeValidator(_item_number)]
MonthSpec = Annotated[int | str, BeforeValidator(_month_spec)]
WholeNumber = Annotated[int, Strict()]
"""A number written as one: YAML's `yes` must not count as 編號 1, nor "2015" as a year."""


class Node(BaseModel):
    """Every part of the plan: unknown keys are errors (a typo must not vanish silently)."""

    model_config = ConfigDict(extra="forbid", frozen=True)


ApprovalKind = Literal["核定", "核備", "修訂", "函頒"]
_WRITTEN_DATE = re.compile(r"([0-9]{2,4})\s*年\s*([0-9]{1,2})\s*月\s*([0-9]{1,2})\s*日")


def _written_dates(text: str) -> set[date]:
    """The dates a line states with their year (106年4月26日, 民國106年…, 2017年…), digits
    full-width or not; a day that does not exist is none."""
    found = set()
    for year, month, day in _WRITTEN_DATE.findall(unicodedata.normalize("NFKC", text)):
        gregorian = int(year) if len(year) == 4 else int(year) + ROC_OFFSET
        try:
            found.add(date(gregorian, int(month), int(day)))
        except ValueError:
            continue
    return found


class Approval(Node):
    """A record of how the plan was issued, approved or revised, as the document prints it
    under its title: 民國104年2月4日修訂, 106年4月26日高市地政秘字第10631078900號函核備."""

    kind: ApprovalKind
    date: IsoDate
    ref: str | None = None
    """The document number (文號), as written: 高市地政秘字第10631078900號."""
    text: str | None = None
    """The line as the document words it, when that is not 民國<date><ref><kind>: without
    民國, with the 函 of the letter (106年4月26日高市地政秘字第10631078900號函核備). The
    fields stay what the rules read, so the line must state `date` and hold `ref`."""
    note: str | None = None

    @field_validator("text")
    @classmethod
    def _text_agrees(cls, text: str | None, info: ValidationInfo) -> str | None:
        """A line that states another date or 文號 than the record's fields would print one
        thing while PC402 and `diff` read another; one naming only another kind, likewise
        (修正 for 修訂 names none, and passes)."""
        if text is None:
            return text
        day, ref, kind = (info.data.get(key) for key in ("date", "ref", "kind"))
        if isinstance(day, date) and day not in _written_dates(text):
            roc = f"{day.year - ROC_OFFSET}年{day.month}月{day.day}日"
            raise ValueError(f"text does not state the record's date {day} ({roc})")
        if ref and unicodedata.normalize("NFKC", ref) not in unicodedata.normalize("NFKC", text):
            raise ValueError(f"text does not hold the record's ref {ref}")
        named = [word for word in get_args(ApprovalKind) if word in text]
        if kind and named and kind not in named:
            raise ValueError(f"text names {'、'.join(named)}, but the record's kind is {kind}")
        return text

    @property
    def line(self) -> str:
        """The record as the document prints it under the title: its `text`, or 民國104年2月4日
        修訂, with a 文號 民國106年11月13日高市地政秘字第10631078900號核定."""
        if self.text is not None:
            return self.text
        day = self.date
        return f"民國{day.year - ROC_OFFSET}年{day.month}月{day.day}日{self.ref or ''}{self.kind}"


class Unit(Node):
    """A responsible unit (課室) and the other names the document uses for it."""

    name: str
    aliases: list[str] = []
    kind: Literal["section", "role", "all"] = "section"
    """`section`: a 課 or office with its own schedule; `role`: a desk or duty (研考, 總務);
    `all`: stands for every section (各課室)."""


class Paragraph(Node):
    """A numbered sentence of the plan body; `deadline` when its text states a date."""

    number: str | None = None
    text: str
    deadline: IsoDate | None = None
    note: str | None = None


class Letter(Node):
    """One letter of an acronym goal: S = Speed (速度)."""

    letter: str
    word: str
    meaning: str


class Acronym(Node):
    word: str
    letters: list[Letter]


class HeadedPart(Node):
    """What every part of the plan body begins with: its `kind` (each part narrows it to its
    own words, which tell the parts apart), and the number and heading it is printed under
    (「肆、」 「執行策略與方法」)."""

    kind: str
    number: str | None = None
    heading: str | None = None


class TextPart(HeadedPart):
    """A part that is prose: a lead text and/or numbered paragraphs."""

    kind: Literal["objectives", "basis", "audience", "steps", "evaluation", "clause"]
    text: str | None = None
    items: list[Paragraph] = []
    note: str | None = None


class GoalsPart(HeadedPart):
    """組織目標: a lead text, the acronym it spells (SMILE), and numbered goals."""

    kind: Literal["goals"]
    text: str | None = None
    acronym: Acronym | None = None
    items: list[Paragraph] = []
    note: str | None = None


class PeriodPart(HeadedPart):
    """實施期間: the text, and the dates it states."""

    kind: Literal["period"]
    text: str
    start: IsoDate | None = None
    end: IsoDate | None = None
    note: str | None = None


class SubItem(Node):
    """A numbered sub-item (1)(2)… of a method, with its units where the source aligns them."""

    number: str | None = None
    text: str
    units: list[str] = []
    note: str | None = None


class Method(Node):
    """執行方法: text, sub-items, and the units of the whole method. `cells` hold the row's
    other columns by their heading (完成期限, 預期效益 …); `deadline` the date a 完成期限 cell
    states, for `due`."""

    number: str | None = None
    text: str
    units: list[str] = []
    subitems: list[SubItem] = []
    cells: dict[str, str] = {}
    deadline: IsoDate | None = None
    note: str | None = None


class Strategy(Node):
    """執行策略, with its methods; a table without a methods column (工作要領 / 工作重點 /
    業務單位) gives the strategy its units directly and no methods."""

    number: str | None = None
    text: str
    methods: list[Method] = []
    units: list[str] = []
    cells: dict[str, str] = {}
    deadline: IsoDate | None = None
    note: str | None = None


class Principle(Node):
    """實施要領."""

    number: str | None = None
    text: str
    strategies: list[Strategy]
    note: str | None = None


class Column(Node):
    """A header label over more than one column: some offices print one 工作要領 over both
    numbering levels (`{label: 工作要領, span: 2}`)."""

    label: str
    span: WholeNumber = Field(default=1, ge=1, le=9)
    units: bool = False
    """The units column, when it is not the first column after the numbering levels
    (完成期限 / 執行單位 / 預期效益)."""


class StrategyPart(HeadedPart):
    """執行策略與方法: the strategy table, with the document's own column headings: one per
    numbering level (要領 / 策略, and 方法 when any strategy has methods), then the units
    column. A label written `{label: …, span: 2}` covers two of them."""

    kind: Literal["strategies"]
    columns: list[str | Column] = []
    principles: list[Principle]
    note: str | None = None

    @property
    def has_methods(self) -> bool:
        """Does the table have a 執行方法 column (a numbering level below the strategies)?"""
        return any(s.methods for principle in self.principles for s in principle.strategies)

    @property
    def levels(self) -> int:
        """How many numbering levels: 要領 and 策略, and 方法 when any strategy has methods."""
        return 3 if self.has_methods else 2

    @property
    def depth(self) -> int:
        """How many columns the table has: its numbering levels, then the units column and
        the row columns its header names (完成期限, 預期效益 …)."""
        return self.levels + max(len(self.row_columns), 1)

    @property
    def header(self) -> list[Column]:
        """The header cells, each with its span."""
        return [Column(label=c) if isinstance(c, str) else c for c in self.columns]

    @property
    def row_columns(self) -> list[str | None]:
        """The columns after the numbering levels, in the document's order: None for the
        units column, a heading for a column of `cells`. At least the units column."""
        expanded = [column for column in self.header for _ in range(column.span)]
        after = expanded[self.levels :]
        if not after:
            return [None]
        marked = next((i for i, column in enumerate(after) if column.units), 0)
        return [None if i == marked else column.label for i, column in enumerate(after)]


class Task(Node):
    """A row of a schedule table (工作內容) and the months it is scheduled in; `units` when
    the table names the responsible unit per row (an office-wide 管制表's 承辦單位 column)."""

    id: str
    text: str
    months: list[MonthSpec]
    units: list[str] = []
    remark: str | None = None
    """What the document itself prints in the row's 備註 column (an editor's `note` is not)."""
    note: str | None = None

    @property
    def month_numbers(self) -> list[int]:
        """The scheduled months, sorted, each once."""
        return sorted({month for spec in self.months for month in expand_month(spec)})


class Item(Node):
    """計畫項目: a numbered item (編號, a number or a label as written) of a schedule table,
    with its tasks; `name` omitted for a table whose rows have no 計畫項目 grouping."""

    number: ItemNumber
    name: str | None = None
    tasks: list[Task]
    note: str | None = None


class ScheduleTable(Node):
    """作業時程管制表 of one section, or one for the whole office whose rows name their units."""

    section: str
    code: str
    units: list[str] = []
    """The units the whole table is for; empty for an office-wide table whose rows name
    their own (`units` on each task)."""
    units_heading: str | None = None
    """The heading of the per-row units column, as printed (承辦單位 when not given)."""
    title: str | None = None
    items: list[Item]
    note: str | None = None


class SchedulePart(HeadedPart):
    """附件: the schedule tables."""

    kind: Literal["schedules"]
    tables: list[ScheduleTable]
    note: str | None = None


Part = Annotated[
    TextPart | GoalsPart | PeriodPart | StrategyPart | SchedulePart,
    Field(discriminator="kind"),
]


Period = Literal["month", "quarter"]
"""How often units report: every month (月報) or every quarter (季報)."""


class Control(Node):
    """管考: the plan's progress-control settings (`control:`), each with a default.

    Units report a month's progress by `report_day` of the next month; with `period:
    quarter` (季報: since 2016 the Executive Yuan controls many items quarterly), a quarter's
    progress by `report_day` of the month after the quarter, in one entry for the quarter's
    last month. The 燈號 of a task comes from its gap, planned − actual progress in percentage
    points: green up to `yellow`, yellow above it up to `red`, red above `red` (and red for a
    missing report). No rule of the central government fixes these figures, so each office
    sets its own."""

    period: Period = "month"
    report_day: WholeNumber = Field(default=10, ge=1, le=28)
    yellow: float = Field(default=0, ge=0, le=100)
    red: float = Field(default=20, ge=0, le=100)

    @model_validator(mode="after")
    def _red_above_yellow(self) -> Control:
        if self.red < self.yellow:
            raise ValueError("control: red must be at least yellow (gaps in percentage points)")
        return self


class CheckSettings(Node):
    """How `planctl check` treats this plan: the warning codes the office accepts for now."""

    ignore: list[str] = []
    """Codes (PC301) or prefixes (PC3) of warnings not reported for this plan."""


DEFAULT_SIGNOFF = ("承辦人", "課長", "主任")


class Plan(Node):
    """The whole document."""

    title: str
    office: str
    year: WholeNumber = Field(ge=1912, le=9999)
    approvals: list[Approval] = []
    """核定 / 核備 / 修訂 / 函頒 records, in the order the document prints them."""

    units: list[Unit]
    parts: list[Part]
    control: Control = Control()
    signoff: list[str] | None = None
    """Who signs each printed schedule table (承辦人 / 課長 / 主任 when not given; [] for no
    sign-off row)."""
    check: CheckSettings | None = None

    @property
    def signoff_titles(self) -> list[str]:
        """The titles of the sign-off row under each printed table."""
        return list(DEFAULT_SIGNOFF) if self.signoff is None else self.signoff

    @property
    def roc_year(self) -> int:
        """The 民國 year of the plan (2015 → 104)."""
        return self.year - ROC_OFFSET

    @property
    def last_approval(self) -> Approval | None:
        """The latest record: the revision or approval this text of the plan is."""
        return max(self.approvals, key=lambda approval: approval.date, default=None)

    def schedule_tables(self) -> Iterator[tuple[tuple[int, int], ScheduleTable]]:
        """Each schedule table with its (part, table) indexes, in document order."""
        for part_index, part in enumerate(self.parts):
            if isinstance(part, SchedulePart):
                for table_index, table in enumerate(part.tables):
                    yield (part_index, table_index), table

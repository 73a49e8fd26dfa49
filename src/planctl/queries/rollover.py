"""Next year's draft from this year's plan: a pure function, and every change it makes listed.

Each January the office rewrites the plan from last year's. What moves is mechanical but easy
to get wrong by hand: the plan year in every title and text (104年度 → 105年度, and with it
105年度預算 → 106年度預算, 103年度決算 → 104年度決算), the deadlines and the period. Only
years written as digits before 年 and near the plan year (±2) are shifted: a 96年 in a text
is the date of some circular, not a year of this plan, and "每年3、4、5月" or "1次" are not
years at all. The upstream references (計畫依據) are kept as they are and flagged, because
only the clerk knows whether a new circular replaced them. The approval records (核定, 修訂 …)
are cleared, the draft being approved by no one yet, and the transcription notes dropped: they
describe last year's document.

The plan is handled as the data its model dumps to, so that the model's keys appear in one
place below (`RECORD_KEYS`, `DATE_KEYS` …) and nowhere else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from planctl.errors import UsageError
from planctl.plan.model import ROC_OFFSET, Approval, Plan
from planctl.progress.measure import entries_by_task
from planctl.progress.model import Ledger
from planctl.queries.festivals import festival_date, festivals_named, festivals_near

RECORD_KEYS = ("approvals",)
"""The plan's approval records (核定, 修訂 …): last year's, so cleared; the draft is not
approved yet."""
DATE_KEYS = frozenset({"deadline", "start", "end"})
NOTE_KEYS = frozenset({"note"})
"""Transcription notes: about last year's document."""
KEPT_KEYS = frozenset({"id", "code", "units", "aliases", "kind", "number", "columns"})
"""Keys whose values are names and labels, never texts with years."""
BASIS_KINDS = frozenset({"basis"})
"""Parts citing upstream documents (計畫依據): kept, flagged for review."""
MONTH_KEYS = ("months",)
WINDOW = 2
LAST_YEAR = 9999
"""Years within this many years of the plan year are the plan's own (前一年度 … 下年度)."""

_YEAR = re.compile(
    r"(?<!\d)(?P<roc>\d{2,3})(?=\s*[)）]?\s*年)"  # 104年, 104 年, (104)年
    r"|(?<!\d)(?P<ad>\d{4})(?=\s*年)"  # 2015年
    r"|(?<!\d)(?P<slash>\d{3})(?=[/.]\d{1,2}[/.]\d{1,2}(?!\d))"  # 104/12/31
)
_YEAR_TAIL = re.compile(r"\s*[)）]?\s*年度?")
WEEKDAYS = "一二三四五六日"


@dataclass(frozen=True)
class Replacement:
    """One change made (or a text deliberately kept): `kind` says which, `path` where."""

    kind: str
    """year | text | date | cleared | note | basis | kept | carried"""
    path: str
    where: str
    old: str
    new: str = ""
    detail: str = ""


@dataclass(frozen=True)
class Caution:
    """Something the clerk must decide: a weekend, a festival's date, a 29 February."""

    path: str
    where: str
    message: str


@dataclass
class Rollover:
    plan: Plan
    old_year: int
    replacements: list[Replacement] = field(default_factory=list)
    cautions: list[Caution] = field(default_factory=list)


def roll_over(plan: Plan, year: int, ledger: Ledger | None = None) -> Rollover:
    """The draft plan for `year` from `plan`, with every replacement and caution. Tasks the
    progress `ledger` leaves under control (繼續列管) carry a 備註 saying so, with the entry
    that decided it (the link back to last year's report)."""
    if year <= plan.year:
        raise UsageError(f"{year}: next year's plan must come after {plan.year}")
    if year > LAST_YEAR:
        raise UsageError(f"{year}: a plan year is at most {LAST_YEAR}")
    roller = _Roller(plan.year, year - plan.year)
    data = roller.plan(plan.model_dump(mode="json", exclude_defaults=True))
    roller.carry(data, still_controlled(ledger))
    return Rollover(Plan.model_validate(data), plan.year, roller.replacements, roller.cautions)


def still_controlled(ledger: Ledger | None) -> dict[str, str]:
    """Task ID → the id of the entry whose latest review kept it under control (繼續列管)."""
    decided: dict[str, str] = {}
    for task, entries in entries_by_task(ledger).items():
        reviewed = [entry for entry in entries if entry.review is not None]
        if reviewed and reviewed[-1].review and reviewed[-1].review.decision == "繼續列管":
            decided[task] = reviewed[-1].id
    return decided


def roc(year: int) -> int:
    return year - ROC_OFFSET


class _Roller:
    def __init__(self, old_year: int, delta: int) -> None:
        self.old_year, self.delta = old_year, delta
        self.replacements: list[Replacement] = []
        self.cautions: list[Caution] = []

    def plan(self, data: dict[str, Any]) -> dict[str, Any]:
        new_year = self.old_year + self.delta
        self.replacements.append(Replacement("year", "year", "", str(self.old_year), str(new_year)))
        for key in RECORD_KEYS:
            for index, record in enumerate(data.pop(key, [])):
                line = Approval.model_validate(record).line
                self.replacements.append(Replacement("cleared", f"{key}[{index}]", "", line))
        result: dict[str, Any] = {}
        for key, value in data.items():
            if key == "year":
                result[key] = new_year
            elif key in KEPT_KEYS:  # the unit registry: names, not texts
                result[key] = value
            elif key == "parts":
                result[key] = [self.part(part, f"parts[{i}]") for i, part in enumerate(value)]
            else:
                result[key] = self.walk(value, key, "", [])
        return result

    def carry(self, data: dict[str, Any], controlled: dict[str, str]) -> None:
        """繼續列管: each task still under control gets a 備註 naming last year's decision."""
        label = f"民國{roc(self.old_year)}年度繼續列管"
        for p, part in enumerate(data.get("parts", [])):
            for t, table in enumerate(part.get("tables", [])):
                for i, item in enumerate(table.get("items", [])):
                    for k, task in enumerate(item.get("tasks", [])):
                        entry = controlled.get(task.get("id", ""))
                        if entry is None:
                            continue
                        remark = f"{label}（{entry}）"
                        if task.get("remark"):
                            remark = f"{task['remark']}；{remark}"
                        task["remark"] = remark
                        path = f"parts[{p}].tables[{t}].items[{i}].tasks[{k}]"
                        self.replacements.append(
                            Replacement("carried", path, task["id"], entry, remark)
                        )

    def part(self, part: dict[str, Any], path: str) -> dict[str, Any]:
        where = "".join(str(part.get(key) or "") for key in ("number", "heading")) or path
        if part.get("kind") in BASIS_KINDS:
            kept: dict[str, Any] = self.drop_notes(part, path, where)
            for text_path, text in _texts(kept, path):
                self.replacements.append(Replacement("basis", text_path, where, text))
            return kept
        walked: dict[str, Any] = self.walk(part, path, where, [])
        return walked

    def drop_notes(self, value: Any, path: str, where: str) -> Any:
        if isinstance(value, dict):
            kept = {}
            for key, item in value.items():
                if key in NOTE_KEYS:
                    self.replacements.append(Replacement("note", f"{path}.{key}", where, item))
                else:
                    kept[key] = self.drop_notes(item, f"{path}.{key}", where)
            return kept
        if isinstance(value, list):
            return [self.drop_notes(item, f"{path}[{i}]", where) for i, item in enumerate(value)]
        return value

    def walk(self, value: Any, path: str, where: str, festivals: list[str]) -> Any:
        if isinstance(value, list):
            return [
                self.walk(item, f"{path}[{i}]", where, festivals) for i, item in enumerate(value)
            ]
        if isinstance(value, str):
            return self.text(value, path, where)
        if not isinstance(value, dict):
            return value
        named = festivals + festivals_named(f"{value.get('name', '')}{value.get('text', '')}")
        result: dict[str, Any] = {}
        for key, item in value.items():
            item_path = f"{path}.{key}" if path else key
            if key in NOTE_KEYS:
                self.replacements.append(Replacement("note", item_path, where, item))
            elif key in DATE_KEYS:
                result[key] = self.shift_date(item, item_path, where, key)
            elif key in KEPT_KEYS:
                result[key] = item
            else:
                result[key] = self.walk(item, item_path, where, named)
        if named and any(key in value for key in MONTH_KEYS):
            self.festival_months(value, path, where, named)
        return result

    def text(self, text: str, path: str, where: str) -> str:
        shifted, changes, kept = shift_years(text, self.old_year, self.delta)
        if changes:
            detail = "、".join(f"{old}→{new}" for old, new in changes)
            self.replacements.append(Replacement("text", path, where, text, shifted, detail))
        for token in kept:
            self.replacements.append(Replacement("kept", path, where, text, detail=token))
        return shifted

    def shift_date(self, value: str, path: str, where: str, key: str) -> str:
        old = date.fromisoformat(value)
        year = old.year + self.delta
        if year > LAST_YEAR:
            raise UsageError(f"{path}: {old} cannot move to the year {year}")
        if (old.month, old.day) == (2, 29) and not _leap(year):
            new = date(year, 2, 28)
            self.caution(path, where, f"{old} 是閏日，{year} 年沒有 2 月 29 日，改為 {new}")
        else:
            new = old.replace(year=year)
        self.replacements.append(Replacement("date", path, where, str(old), str(new)))
        boundary = key in ("start", "end") and (new.month, new.day) in ((1, 1), (12, 31))
        if new.weekday() >= 5 and not boundary:
            self.caution(path, where, f"{new} 是星期{WEEKDAYS[new.weekday()]}：請確認期限")
        self.near_festival(old, new, path, where)
        return new.isoformat()

    def near_festival(self, old: date, new: date, path: str, where: str) -> None:
        names = dict.fromkeys(name for name, _ in [*festivals_near(old), *festivals_near(new)])
        for name in names:
            was, now = festival_date(name, old.year), festival_date(name, new.year)
            self.caution(
                path,
                where,
                f"{name}的日期每年不同：{_from(old, name, was)}，{_from(new, name, now)}；"
                "期限若依節日而定，請重訂",
            )

    def festival_months(
        self, value: dict[str, Any], path: str, where: str, names: list[str]
    ) -> None:
        new_year = self.old_year + self.delta
        dates = {name: festival_date(name, new_year) for name in dict.fromkeys(names)}
        shown = "、".join(
            f"{name} {when}（{when.month} 月）" if when else f"{name} 日期未知"
            for name, when in dates.items()
        )
        months = _show(value.get("months"))
        self.caution(path, where, f"依節日排定的月份 {months}：{new_year} 年{shown}，請核對月份")

    def caution(self, path: str, where: str, message: str) -> None:
        self.cautions.append(Caution(path, where, message))


def shift_years(
    text: str, old_year: int, delta: int
) -> tuple[str, list[tuple[str, str]], list[str]]:
    """`text` with the plan's years shifted by `delta`, the (old, new) of each, and the
    year-like numbers kept because they are far from the plan year."""
    changes: list[tuple[str, str]] = []
    kept: list[str] = []

    def replace(match: re.Match[str]) -> str:
        digits = match.group()
        number = int(digits)
        own = old_year if match.group("ad") else roc(old_year)
        tail = _YEAR_TAIL.match(text, match.end())
        after = tail.group() if tail else ""
        if abs(number - own) > WINDOW:
            kept.append(f"{digits}{after}")
            return digits
        new = _same_width(str(number + delta), digits)
        changes.append((f"{digits}{after}", f"{new}{after}"))
        return new

    return _YEAR.sub(replace, text), changes, kept


def _leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def _from(day: date, name: str, festival: date | None) -> str:
    """「2099-01-25 在春節（2099-01-21）後 4 天」, or 「2100-01-25 在春節（日期不明）」 past the
    lunar calendar."""
    if festival is None:
        return f"{day} 在{name}（日期不明）"
    return f"{day} 在{name}（{festival}）{_apart(day, festival)}"


def _apart(day: date, festival: date) -> str:
    """「前 4 天」/「後 8 天」/「當天」: where `day` lies from the festival."""
    days = (day - festival).days
    return "當天" if days == 0 else f"前 {-days} 天" if days < 0 else f"後 {days} 天"


def _same_width(number: str, like: str) -> str:
    """Full-width digits stay full-width (１０４年 → １０５年)."""
    if like.isascii():
        return number
    return number.translate(str.maketrans("0123456789", "０１２３４５６７８９"))


def _texts(value: Any, path: str) -> list[tuple[str, str]]:
    if isinstance(value, dict):
        return [
            pair
            for key, item in value.items()
            if key not in KEPT_KEYS and key != "heading"
            for pair in _texts(item, f"{path}.{key}")
        ]
    if isinstance(value, list):
        return [pair for i, item in enumerate(value) for pair in _texts(item, f"{path}[{i}]")]
    return [(path, value)] if isinstance(value, str) else []


def _show(value: Any) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(str(item) for item in value) + "]"
    return str(value)

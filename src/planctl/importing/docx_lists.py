"""Word's automatic numbering: the 壹、 一、 （一） 1. that Word shows but the text does not hold.

A paragraph numbered by Word carries `w:numPr` (its own, or its style's): a list instance
`numId` and a level `ilvl`. numbering.xml maps the instance to an abstract definition whose
level gives the number format (`numFmt`: decimal, taiwaneseCountingThousand, …) and the label
around it (`lvlText` "%1、", "（%2）"). Word counts per abstract definition, not per instance:
two instances of one definition continue one sequence, and an instance with a
`lvlOverride/startOverride` restarts the levels it names where it is first used (ECMA-376
§17.9; Word's own behaviour). Using a level restarts the deeper ones (`lvlRestart` can say
otherwise). The labels are computed here, in reading order, and put in front of the
paragraph's text as if typed, so the recogniser reads them as it reads a typed 壹、.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_DIGITS = "〇一二三四五六七八九"
_COUNTED = "零一二三四五六七八九"
_LEGAL = "零壹貳參肆伍陸柒捌玖"
_LEGAL_SIMPLIFIED = "零壹贰叁肆伍陆柒捌玖"
_STEMS = "甲乙丙丁戊己庚辛壬癸"
_BRANCHES = "子丑寅卯辰巳午未申酉戌亥"
_COUNTING = (
    "chineseCounting",
    "chineseCountingThousand",
    "taiwaneseCounting",
    "taiwaneseCountingThousand",
    "japaneseCounting",
)
_PLACE_HOLDER = re.compile(r"%([1-9])")
_ROMAN = (
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
)


def _counting(n: int, digits: str, units: str, short_ten: bool) -> str:
    """A number in Chinese numerals with place units (`digits` from 零): 十一, 一百零五;
    壹拾壹 when not `short_ten` (the legal forms write the one of 拾)."""
    if n <= 0 or n >= 10_000:
        return str(n)
    written = str(n)
    parts: list[str] = []
    zero = False
    for place, ch in zip(range(len(written) - 1, -1, -1), written, strict=True):
        if ch == "0":
            zero = True
            continue
        if zero:
            parts.append(digits[0])
        zero = False
        parts.append(digits[int(ch)] + ("", *units)[place])
    text = "".join(parts)
    return text[1:] if short_ten and 10 <= n < 20 else text


def _letters(n: int) -> str:
    """A, B … Z, AA, BB … as Word letters its lists."""
    return chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1) if n > 0 else str(n)


def _roman(n: int) -> str:
    parts = []
    for value, letters in _ROMAN:
        count, n = divmod(n, value)
        parts.append(letters * count)
    return "".join(parts)


def _cyclic(n: int, signs: str) -> str:
    return signs[(n - 1) % len(signs)] if n > 0 else str(n)


def number_text(n: int, fmt: str) -> str:
    """`n` as Word shows it in the number format `fmt`; an unknown format as decimal, as
    Word does."""
    if fmt in _COUNTING:
        return _counting(n, _COUNTED, "十百千", short_ten=True)
    if fmt == "ideographLegalTraditional":
        return _counting(n, _LEGAL, "拾佰仟", short_ten=False)
    if fmt == "chineseLegalSimplified":
        return _counting(n, _LEGAL_SIMPLIFIED, "拾佰仟", short_ten=False)
    if fmt in ("ideographDigital", "taiwaneseDigital"):
        return "".join(_DIGITS[int(ch)] for ch in str(n))
    if fmt == "ideographTraditional":
        return _cyclic(n, _STEMS)
    if fmt == "ideographZodiac":
        return _cyclic(n, _BRANCHES)
    if fmt in ("decimalFullWidth", "decimalFullWidth2"):
        return "".join(chr(ord(ch) + 0xFEE0) for ch in str(n))
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt in ("upperLetter", "lowerLetter"):
        return _letters(n) if fmt == "upperLetter" else _letters(n).lower()
    if fmt in ("upperRoman", "lowerRoman"):
        return _roman(n) if fmt == "upperRoman" else _roman(n).lower()
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and 1 <= n <= 20:
        return chr(0x245F + n)
    if fmt == "none":
        return ""
    return str(n)


@dataclass(frozen=True)
class Level:
    """One level of a list definition: where it starts, how it is shown."""

    start: int = 1
    fmt: str = "decimal"
    text: str = ""
    restart: int | None = None
    """`lvlRestart`: the level (1-based) after whose use this one restarts; 0 never."""
    legal: bool = False
    """`isLgl`: the higher levels' numbers shown as decimals (1.1, not 壹.一)."""
    suffix: str = "tab"


def _val(element: Any, name: str) -> str | None:
    found = element.find(f"{W}{name}") if element is not None else None
    return None if found is None else found.get(f"{W}val")


def _level(element: Any) -> Level:
    start = _val(element, "start")
    restart = _val(element, "lvlRestart")
    legal = element.find(f"{W}isLgl")
    return Level(
        start=int(start) if start and start.isdigit() else 1,
        fmt=_val(element, "numFmt") or "decimal",
        text=_val(element, "lvlText") or "",
        restart=int(restart) if restart and restart.isdigit() else None,
        legal=legal is not None and legal.get(f"{W}val", "true") not in ("0", "false"),
        suffix=_val(element, "suff") or "tab",
    )


def _ilvl(element: Any) -> int:
    value = element.get(f"{W}ilvl", "0")
    return int(value) if value.isdigit() else 0


@dataclass
class Instance:
    """A `w:num`: its abstract definition, its levels (the definition's, overridden) and the
    levels it restarts where it is first used."""

    abstract: str
    levels: dict[int, Level]
    starts: dict[int, int] = field(default_factory=dict)


class Lists:
    """The numbering of one document, counted paragraph by paragraph in reading order."""

    def __init__(self, numbering: Any, styles: Any) -> None:
        abstracts = {
            element.get(f"{W}abstractNumId", ""): {
                _ilvl(level): _level(level) for level in element.iterfind(f"{W}lvl")
            }
            for element in (numbering.iterfind(f"{W}abstractNum") if numbering is not None else ())
        }
        self.instances: dict[str, Instance] = {}
        for element in numbering.iterfind(f"{W}num") if numbering is not None else ():
            abstract = _val(element, "abstractNumId") or ""
            instance = Instance(abstract, dict(abstracts.get(abstract, {})))
            for override in element.iterfind(f"{W}lvlOverride"):
                ilvl = _ilvl(override)
                if (level := override.find(f"{W}lvl")) is not None:
                    instance.levels[ilvl] = _level(level)
                if (start := _val(override, "startOverride")) and start.isdigit():
                    instance.starts[ilvl] = int(start)
            self.instances[element.get(f"{W}numId", "")] = instance
        self.styles = _style_numbering(styles)
        self.counters: dict[str, dict[int, int]] = {}
        self.entered: set[tuple[str, int]] = set()

    def label(self, paragraph: Any) -> str:
        """The label Word shows before the paragraph ("" when it shows none), counted."""
        numbered = _numbering_of(paragraph, self.styles)
        if numbered is None:
            return ""
        num, ilvl = numbered
        instance = self.instances.get(num)
        if instance is None or ilvl not in instance.levels:
            return ""  # numId 0 or a list Word would not show either
        counts = self.counters.setdefault(instance.abstract, {})
        if (num, ilvl) not in self.entered:
            self.entered.add((num, ilvl))
            if ilvl in instance.starts:
                counts[ilvl] = instance.starts[ilvl] - 1
        level = instance.levels[ilvl]
        counts[ilvl] = counts[ilvl] + 1 if ilvl in counts else level.start
        for deeper in [d for d in counts if d > ilvl]:
            restart = instance.levels.get(deeper, Level()).restart
            if restart is None or ilvl < restart:
                del counts[deeper]

        def shown(place_holder: re.Match[str]) -> str:
            """%1 … %9: the count of that level, in that level's format."""
            at = int(place_holder[1]) - 1
            other = instance.levels.get(at, Level())
            value = counts.get(at, instance.starts.get(at, other.start))
            return number_text(value, "decimal" if level.legal and at < ilvl else other.fmt)

        text = _PLACE_HOLDER.sub(shown, level.text)
        if level.fmt == "none" and not any(ch.isalnum() for ch in text):
            return ""  # LibreOffice's outline of unnumbered headings: "%1.%2" shows as "."
        return text + (" " if level.suffix == "space" and text else "")


def _numbering_of(paragraph: Any, styles: dict[str, tuple[str | None, int | None]]) -> Any:
    """(numId, ilvl) of a paragraph: its own numPr, else its style's (through basedOn)."""
    properties = paragraph.find(f"{W}pPr")
    own = properties.find(f"{W}numPr") if properties is not None else None
    style = _val(properties, "pStyle") if properties is not None else None
    inherited = styles.get(style or "", (None, None))
    num = _val(own, "numId") if own is not None else None
    ilvl = _val(own, "ilvl") if own is not None else None
    num = num if num is not None else inherited[0]
    level = int(ilvl) if ilvl is not None and ilvl.isdigit() else inherited[1] or 0
    return None if num is None or num == "0" else (num, level)


def _style_numbering(styles: Any) -> dict[str, tuple[str | None, int | None]]:
    """Paragraph style ID → the (numId, ilvl) it numbers its paragraphs with, if any."""
    own: dict[str, tuple[str | None, int | None]] = {}
    based: dict[str, str] = {}
    for style in styles.iterfind(f"{W}style") if styles is not None else ():
        name = style.get(f"{W}styleId", "")
        if (parent := _val(style, "basedOn")) is not None:
            based[name] = parent
        numbering = style.find(f"{W}pPr/{W}numPr")
        if numbering is not None:
            ilvl = _val(numbering, "ilvl")
            own[name] = (_val(numbering, "numId"), int(ilvl) if ilvl and ilvl.isdigit() else None)
    resolved: dict[str, tuple[str | None, int | None]] = {}
    for name in {*own, *based}:
        current: str | None = name
        seen: set[str] = set()
        while current is not None and current not in own and current not in seen:
            seen.add(current)
            current = based.get(current)
        if current is not None and current in own:
            resolved[name] = own[current]
    return resolved

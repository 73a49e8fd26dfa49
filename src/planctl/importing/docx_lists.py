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

The numerals are compared with the labels LibreOffice shows for the same file
(tests/test_import_word_lists.py): the counting and legal forms (十, 十一, 一百零五, 一千零一十,
壹拾壹), the stems and branches (甲 … 癸, then the number itself) and the circled numbers (to ㊿)
agree. Where LibreOffice does not implement Word's format (its import maps taiwaneseDigital to
1, 2, 3 and ideographDigital to the counting form, prints decimalFullWidth half-width, and
writes the simplified 万 for every counting form) the format's own definition is followed:
一〇五, １２, 一萬.
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
LARGEST = 32767
"""The largest number a Word list counts to (its w:start is a 16-bit value to Word and
LibreOffice alike)."""
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


def _counting(n: int, digits: str, units: str, short_ten: bool, myriad: str) -> str:
    """A number in Chinese numerals with place units (`digits` from 零): 十一, 一百零五,
    一千零一十; 壹拾壹 when not `short_ten` (the legal forms write the one of 拾). From ten
    thousand on, in 萬 (`myriad`: 萬 or 万) as the four-digit groups are read: 一萬零一."""
    if n <= 0 or n >= 100_000_000:
        return str(n)
    high, low = divmod(n, 10_000)
    if not high:
        return _below_myriad(low, digits, units, short_ten)
    text = _below_myriad(high, digits, units, short_ten=False) + myriad
    if low:
        text += (digits[0] if low < 1000 else "") + _below_myriad(low, digits, units, False)
    return text


def _below_myriad(n: int, digits: str, units: str, short_ten: bool) -> str:
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


def _signs(n: int, signs: str) -> str:
    """甲 … 癸, 子 … 亥: ten stems and twelve branches, and past them the number itself
    (as LibreOffice shows them; they do not cycle)."""
    return signs[n - 1] if 1 <= n <= len(signs) else str(n)


def _circled(n: int) -> str:
    """① … ㊿: Unicode encloses 1–50 in three runs; past them the number itself."""
    if 1 <= n <= 20:
        return chr(0x245F + n)
    if 21 <= n <= 35:
        return chr(0x3251 + n - 21)
    if 36 <= n <= 50:
        return chr(0x32B1 + n - 36)
    return str(n)


def number_text(n: int, fmt: str) -> str:
    """`n` as Word shows it in the number format `fmt`; an unknown format as decimal, as
    Word does. Past LARGEST (a broken or hostile `w:start`) in digits: never thousands of
    M's or A's."""
    if n > LARGEST:
        return str(n)
    if fmt in _COUNTING:
        myriad = "萬" if fmt.startswith("taiwanese") else "万"
        return _counting(n, _COUNTED, "十百千", short_ten=True, myriad=myriad)
    if fmt == "ideographLegalTraditional":
        return _counting(n, _LEGAL, "拾佰仟", short_ten=False, myriad="萬")
    if fmt == "chineseLegalSimplified":
        return _counting(n, _LEGAL_SIMPLIFIED, "拾佰仟", short_ten=False, myriad="万")
    if fmt in ("ideographDigital", "taiwaneseDigital"):
        return "".join(_DIGITS[int(ch)] for ch in str(n))
    if fmt == "ideographTraditional":
        return _signs(n, _STEMS)
    if fmt == "ideographZodiac":
        return _signs(n, _BRANCHES)
    if fmt in ("decimalFullWidth", "decimalFullWidth2"):
        return "".join(chr(ord(ch) + 0xFEE0) for ch in str(n))
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt in ("upperLetter", "lowerLetter"):
        return _letters(n) if fmt == "upperLetter" else _letters(n).lower()
    if fmt in ("upperRoman", "lowerRoman"):
        return _roman(n) if fmt == "upperRoman" else _roman(n).lower()
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese"):
        return _circled(n)
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
            element.get(f"{W}abstractNumId", ""): element
            for element in (numbering.iterfind(f"{W}abstractNum") if numbering is not None else ())
        }
        nums = {
            element.get(f"{W}numId", ""): element
            for element in (numbering.iterfind(f"{W}num") if numbering is not None else ())
        }
        self.styles = _style_numbering(styles)
        self.instances: dict[str, Instance] = {}
        for num_id, element in nums.items():
            abstract = _linked(_val(element, "abstractNumId") or "", abstracts, nums, self.styles)
            levels = abstracts[abstract].iterfind(f"{W}lvl") if abstract in abstracts else ()
            instance = Instance(abstract, {_ilvl(level): _level(level) for level in levels})
            for override in element.iterfind(f"{W}lvlOverride"):
                ilvl = _ilvl(override)
                if (level := override.find(f"{W}lvl")) is not None:
                    instance.levels[ilvl] = _level(level)
                if (start := _val(override, "startOverride")) and start.isdigit():
                    instance.starts[ilvl] = int(start)
            self.instances[num_id] = instance
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


def _linked(
    abstract: str,
    abstracts: dict[str, Any],
    nums: dict[str, Any],
    styles: dict[str, tuple[str | None, int | None]],
) -> str:
    """The definition that holds a list's levels: an abstractNum that only names a numbering
    style (`w:numStyleLink`, as Word writes a list made from a list style) has none of its
    own; the style numbers with a `w:num` whose definition has them (its `w:styleLink`).
    Lists through one style count as one, as Word counts them."""
    seen: set[str] = set()
    while abstract in abstracts and abstract not in seen:
        seen.add(abstract)
        link = _val(abstracts[abstract], "numStyleLink")
        num = styles.get(link or "", (None, None))[0]
        if link is None or num not in nums:
            break
        abstract = _val(nums[num], "abstractNumId") or ""
    return abstract


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

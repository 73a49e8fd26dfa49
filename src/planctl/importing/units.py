"""Units as the document names them, collected into the plan's `units:` registry.

A units cell lists one or several units: 行政庶務課、戶籍登記課, or one per line. Every name
is kept as written where it is used; the registry lists each once, in the order they first
appear. Two names of which one is the other cut short at either end (登記課 / 戶籍登記課,
各課 / 各課室) are guessed to be one unit, the longer its name and the shorter an alias; a
name for every section (各課室, 全所) is `kind: all`, and a name that is no section's (研考,
總務: it has no 管制表 of its own and does not end as a section does) a role.
"""

from __future__ import annotations

import re
from typing import Any

from planctl.importing.report import ImportReport

SEPARATORS = re.compile(r"[、，,/／；;\s]+")
SECTION_ENDINGS = ("課", "室", "科", "組", "股", "中心", "處", "局", "隊", "站", "所")
ALL_NAMES = ("各課室", "各課", "全所", "各單位", "各科室", "各組", "各科", "本所各課室")
JOINED = re.compile(r"[及與和、]")


def unit_names(text: str) -> list[str]:
    """The names a section heading joins: 登記課及資料課 → [登記課, 資料課]."""
    return [name for name in JOINED.split(text) if name.strip()]


class Units:
    def __init__(self) -> None:
        self.seen: dict[str, None] = {}
        self.aliases: dict[str, str] = {}

    def names(self, text: str) -> list[str]:
        """The unit names of a cell, each recorded."""
        found = [name for name in SEPARATORS.split(text.strip()) if name]
        self.add_all(found)
        return list(dict.fromkeys(found))

    def add_all(self, names: list[str]) -> None:
        for name in names:
            self.seen.setdefault(name)

    def canonical(self, name: str) -> str:
        return self.aliases.get(name, name)

    def registry(self, sections: set[str], report: ImportReport) -> list[dict[str, Any]]:
        names = list(self.seen)
        for short in names:
            longer = [n for n in names if n != short and _shortened(short, n)]
            if len(longer) == 1:
                self.aliases[short] = longer[0]
                report.guess(
                    "單位", f"「{short}」 taken as another name of 「{longer[0]}」 (an alias)"
                )
        units: list[dict[str, Any]] = []
        for name in names:
            if name in self.aliases:
                continue
            unit: dict[str, Any] = {"name": name}
            aliases = [short for short, long in self.aliases.items() if long == name]
            if aliases:
                unit["aliases"] = aliases
            kind = _kind(name, aliases, sections)
            if kind != "section":
                unit["kind"] = kind
                report.guess("單位", f"「{name}」 taken as kind {kind}")
            units.append(unit)
        report.recognise("單位", f"{len(units)} units: {'、'.join(u['name'] for u in units)}")
        return units


def _shortened(short: str, name: str) -> bool:
    """`short` is `name` without a few characters at its start or end (登記課/戶籍登記課)."""
    if len(short) < 2 or len(name) - len(short) > 2:
        return False
    return (name.endswith(short) and short.endswith(SECTION_ENDINGS)) or name.startswith(short)


def _kind(name: str, aliases: list[str], sections: set[str]) -> str:
    if name in ALL_NAMES or any(alias in ALL_NAMES for alias in aliases):
        return "all"
    if name in sections or any(alias in sections for alias in aliases):
        return "section"
    return "section" if name.endswith(SECTION_ENDINGS) else "role"

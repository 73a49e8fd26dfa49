"""The registry of responsible units: names, aliases, and what 各課室 stands for."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from planctl.model import Plan, Unit

_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))


def normalise(name: str) -> str:
    """The form names are compared in: NFKC (full-width → half-width), no invisible characters,
    no surrounding spaces, and 台 read as 臺 (the office writes 臺; people type both)."""
    return unicodedata.normalize("NFKC", name).translate(_INVISIBLE).strip().replace("台", "臺")


@dataclass(frozen=True)
class UnitIndex:
    """Every name and alias of a plan's units, for lookups by what people type."""

    by_name: dict[str, Unit]

    @classmethod
    def of(cls, plan: Plan) -> UnitIndex:
        by_name: dict[str, Unit] = {}
        for unit in plan.units:
            for name in (unit.name, *unit.aliases):
                by_name.setdefault(normalise(name), unit)
        return cls(by_name)

    def find(self, name: str) -> Unit | None:
        return self.by_name.get(normalise(name))

    def names(self) -> list[str]:
        """The canonical names, in registry order."""
        return list(dict.fromkeys(unit.name for unit in self.by_name.values()))

"""The registry of responsible units: names, aliases, and what 各課室 stands for."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from planctl.errors import UsageError

if TYPE_CHECKING:  # a plan read from the cache is Records: the model is only its type
    from planctl.plan.model import Plan, Unit

_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))


@lru_cache(maxsize=4096)
def normalise(name: str) -> str:
    """The form names are compared in: NFKC (full-width → half-width), no invisible characters,
    no surrounding spaces, and 台 read as 臺 (the office writes 臺; people type both). Cached:
    a plan names the same few units thousands of times, and the rules look each one up."""
    return unicodedata.normalize("NFKC", name).translate(_INVISIBLE).strip().replace("台", "臺")


def invisible(name: str) -> list[str]:
    """The invisible characters in `name` as U+XXXX, each once: a zero-width space pasted from
    a web page or a PDF is in no unit's real name."""
    return [f"U+{ord(c):04X}" for c in dict.fromkeys(name) if ord(c) in _INVISIBLE]


def without_invisible(name: str) -> str:
    """`name` with its invisible characters deleted (and nothing else changed)."""
    return name.translate(_INVISIBLE)


def show_invisible(name: str) -> str:
    """`name` with each invisible character shown as <U+XXXX>, so that a message can show it."""
    return "".join(f"<U+{ord(c):04X}>" if ord(c) in _INVISIBLE else c for c in name)


def variant_differences(written: str, registered: str) -> list[str]:
    """What tells `written` from `registered` when `normalise` folds them together, in words:
    the difference is one the eye cannot see, so the warning must name it. Surrounding spaces
    are not counted (PC502 reports those)."""
    a, b = written.strip(), registered.strip()
    found: list[str] = []
    if a != b and (invisible(a) or invisible(b)):
        found.append("an invisible character (" + ", ".join(invisible(a + b)) + ")")
    a, b = without_invisible(a).strip(), without_invisible(b).strip()
    wide_a, wide_b = (unicodedata.normalize("NFKC", text).strip() for text in (a, b))
    if a != b and (wide_a != a or wide_b != b):
        found.append("full-width characters")
    if wide_a != wide_b:
        found.append("台 for 臺" if "台" in wide_a else "臺 for 台")
    return found


def unknown_name_hint(name: str, known: Sequence[str]) -> str:
    """`did you mean 戶籍登記課? known: …` for a name that names nothing: the nearest known
    name first (as `check` suggests for PC201), then all of them."""
    import difflib  # only to suggest a name for one that is unknown

    close = difflib.get_close_matches(normalise(name), list(known), n=1, cutoff=0.3)
    guess = f"did you mean 「{close[0]}」? " if close else ""
    return guess + "known: " + "、".join(known)


@dataclass(frozen=True)
class UnitIndex:
    """Every name and alias of a plan's units, for lookups by what people type."""

    by_name: dict[str, Unit]
    spelled: dict[str, str] = field(default_factory=dict)
    """Normalised name → the name or alias as the registry writes it."""

    @classmethod
    def of(cls, plan: Plan) -> UnitIndex:
        by_name: dict[str, Unit] = {}
        spelled: dict[str, str] = {}
        for unit in plan.units:
            for name in (unit.name, *unit.aliases):
                by_name.setdefault(normalise(name), unit)
                spelled.setdefault(normalise(name), name)
        return cls(by_name, spelled)

    def find(self, name: str) -> Unit | None:
        return self.by_name.get(normalise(name))

    def spelling(self, name: str) -> str | None:
        """How the registry writes the name or alias that `name` is a variant of."""
        return self.spelled.get(normalise(name))

    def names(self) -> list[str]:
        """The canonical names, in registry order."""
        return list(dict.fromkeys(unit.name for unit in self.by_name.values()))

    def named(self, name: str) -> Unit:
        """The unit `name` names (a name or an alias, as typed); an unknown name is a usage
        error listing the known ones."""
        found = self.find(name)
        if found is None:
            raise UsageError(f"unknown unit 「{name}」", hint=unknown_name_hint(name, self.names()))
        return found

    def concerns(self, units: tuple[str, ...], unit: str) -> bool:
        """Whether work assigned to `units` is `unit`'s: it is one of them, or one of them
        stands for every section (各課室); asking for 各課室 itself shows everything."""
        kinds = {found.kind for name in (unit, *units) if (found := self.find(name))}
        canonical = {found.name for name in units if (found := self.find(name))}
        return "all" in kinds or unit in canonical

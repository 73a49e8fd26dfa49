"""Units: every unit a plan names is one of its `units:` registry, written as the registry writes it
(PC201–PC204)."""

from __future__ import annotations

import difflib
import heapq
from collections import Counter
from collections.abc import Iterator
from typing import TYPE_CHECKING

from planctl.plan.findings import Code, Finding, dotted
from planctl.plan.quoting import clip
from planctl.plan.units import (
    invisible,
    normalise,
    show_invisible,
    variant_differences,
    without_invisible,
)

if TYPE_CHECKING:  # the registry reads the codes without the model (pydantic)
    from planctl.plan.source import YamlPath
    from planctl.rules.walk import Walk


UNKNOWN_UNIT = Code.parse(
    """
PC201 error: a unit not in the plan's `units:` registry (names and aliases count)
why: `due --unit` and the 執行課室 column match units by their registered names; a unit typed
  differently (登紀課) would drop its rows from that unit's monthly list.
fix: Correct the name (the hint suggests the nearest registered one), or add the unit, or the
  spelling as an `aliases:` entry, to `units:`.
bad:
  units:
    - name: 戶籍登記課
      aliases: [登記課]
  …
      units: [登紀課]
good:
  units:
    - name: 戶籍登記課
      aliases: [登記課]
  …
      units: [登記課]
"""
)


def unknown_units(walk: Walk) -> Iterator[Finding]:
    """PC201: every unit named is in the `units:` registry, so that `due --unit` finds its
    rows; the hint suggests the closest registered name."""
    suggest = Suggestions(walk.units.names())
    for path, name in walk.unit_references:
        if walk.units.find(name) is None:
            close = suggest(name)
            hint = f"did you mean {clip(close)}?" if close else ""
            hint = hint or f"add it to `units:` or use one of: {suggest.known}"
            yield UNKNOWN_UNIT.finding(f"unknown unit 「{clip(name)}」", path, hint=hint)


def _occurrences(name: str) -> list[tuple[str, int]]:
    """Each character with its number of occurrence so far: "9" twice gives ("9", 1), ("9", 2),
    so that counting index hits counts the characters two names share, repeats included."""
    seen: Counter[str] = Counter()
    found = []
    for character in name:
        seen[character] += 1
        found.append((character, seen[character]))
    return found


class Suggestions:
    """ "Did you mean" for unit names, fast with a registry of thousands: difflib compares a
    name with every known one, so 5,000 unknown names × 5,000 known ones took minutes.

    Only the known names sharing the most characters with the unknown one (found through an
    index of characters) go to difflib; each unknown name is looked up once; and after
    MAX_LOOKUPS different names no more are (only the first 200 findings of a code are shown)."""

    CANDIDATES = 30
    MAX_LOOKUPS = 200
    MAX_LISTED = 20

    def __init__(self, names: list[str]) -> None:
        self.names = names
        self.by_character: dict[tuple[str, int], list[int]] = {}
        for number, name in enumerate(names):
            for occurrence in _occurrences(name):
                self.by_character.setdefault(occurrence, []).append(number)
        self.cache: dict[str, str | None] = {}
        listed = "、".join(clip(known) for known in names[: self.MAX_LISTED])
        more = len(names) - self.MAX_LISTED
        self.known = listed + (f" and {more:,} more" if more > 0 else "")

    def __call__(self, name: str) -> str | None:
        if name not in self.cache:
            if len(self.cache) >= self.MAX_LOOKUPS:
                return None
            self.cache[name] = self._closest(name)
        return self.cache[name]

    def _closest(self, name: str) -> str | None:
        shared: Counter[int] = Counter()
        for occurrence in _occurrences(name):
            shared.update(self.by_character.get(occurrence, ()))
        # difflib's ratio favours the most characters in common, then the nearest length.
        best = heapq.nlargest(
            self.CANDIDATES,
            shared.items(),
            key=lambda item: (item[1], -abs(len(self.names[item[0]]) - len(name))),
        )
        candidates = [self.names[number] for number, _ in best]
        close = difflib.get_close_matches(name, candidates, n=1, cutoff=0.3)
        return close[0] if close else None


UNIT_VARIANT = Code.parse(
    """
PC204 warning: a unit written differently from its `units:` name only by invisible characters (a
  zero-width space), full-width forms or 台 for 臺; or a registry name holding an invisible
  character
why: planctl finds the unit anyway, but other tools (a spreadsheet filter, a search in the PDF)
  would not: the two spellings look the same and are different text. A zero-width space usually
  comes from pasting out of a web page or a PDF.
fix: Retype the name as the registry writes it (the hint shows it); for an invisible character,
  delete and retype the whole name.
bad:
  units: [台北市政府, "登記\\u200b課"]  # \\u200b: a zero-width space
good:
  units: [臺北市政府, 登記課]
"""
)


def unit_names_invisible(walk: Walk) -> Iterator[Finding]:
    """PC204: a registry name or alias holding an invisible character (pasted from a web page
    or a PDF) looks right, but no one can type it to search for it."""
    for path, name, _unit in walk.registry_names:
        if invisible(name):
            yield UNIT_VARIANT.finding(
                f"unit name 「{clip(show_invisible(name))}」 contains an invisible character "
                f"({', '.join(invisible(name))})",
                path,
                hint=f"retype it as 「{clip(without_invisible(name))}」",
            )


def unit_variants(walk: Walk) -> Iterator[Finding]:
    """PC204: a unit written differently from the registry only by characters that lookups
    fold (invisible ones, full-width forms, 台 for 臺): planctl finds it, grep does not."""
    for path, name in walk.unit_references:
        registered = walk.units.spelling(name)
        if registered is None:
            continue
        target = without_invisible(registered)
        if name.strip() == target.strip():
            continue
        differences = " and ".join(variant_differences(name, target))
        yield UNIT_VARIANT.finding(
            f"unit 「{clip(show_invisible(name))}」 is written differently from 「{clip(target)}」 "
            f"in `units:`: {differences}",
            path,
            hint=f"write 「{clip(target)}」",
        )


UNIT_DEFINED_TWICE = Code.parse(
    """
PC202 error: a unit name or alias defined twice in the registry
why: If one name stands for two units, `due --unit 登記課` cannot know which one is meant, and rows
  would go to the wrong section.
fix: Give each name or alias to one unit only: delete the repeated alias, or rename one of the
  units.
bad:
  units:
    - name: 戶籍登記課
      aliases: [登記課]
    - name: 登記課
good:
  units:
    - name: 戶籍登記課
      aliases: [登記課]
"""
)


def units_defined_twice(walk: Walk) -> Iterator[Finding]:
    """PC202: a name or alias stands for one unit only, so that `due --unit` knows which
    is meant."""
    seen: dict[str, tuple[YamlPath, str]] = {}
    for path, name, unit in walk.registry_names:
        first = seen.setdefault(normalise(name), (path, unit.name))
        if first[0] == path:
            continue
        if first[1] != unit.name:
            message = f"unit name 「{clip(name)}」 already names 「{clip(first[1])}」"
        elif path[-1] == "name":
            message = f"unit 「{clip(name)}」 is defined twice: first at {dotted(first[0][:2])}"
        else:
            message = f"alias 「{clip(name)}」 repeats a name of the same unit"
        yield UNIT_DEFINED_TWICE.finding(message, path)


UNIT_LISTED_TWICE = Code.parse(
    """
PC203 warning: one unit listed twice in the same list (also through an alias)
why: Listing a unit twice (often once by name and once by alias) prints it twice in the 執行課室
  column; it is usually a copy-paste slip hiding a unit that was meant.
fix: Remove the repeat; if another unit was meant, name that one.
bad:
  units: [各課室, 研考, 各課]
good:
  units: [各課室, 研考]
"""
)


def units_listed_twice(walk: Walk) -> Iterator[Finding]:
    """PC203: a list names each unit once (by name or alias): a repeat prints twice and
    often hides the unit that was meant."""
    seen: dict[YamlPath, set[str]] = {}
    for path, name in walk.unit_references:
        unit = walk.units.find(name)
        key = unit.name if unit else name
        listed = seen.setdefault(path[:-1], set())
        if key in listed:
            yield UNIT_LISTED_TWICE.finding(f"unit 「{clip(name)}」 is listed twice here", path)
        listed.add(key)

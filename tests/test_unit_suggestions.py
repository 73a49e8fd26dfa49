"""The "did you mean" of PC201 with a registry of more than Suggestions.CANDIDATES names: only
the 30 names sharing the most characters with the unknown one, the nearest in length first,
go to difflib. With the test plans' small registries every name goes, so the ranking was never
tested (mutation testing found it: docs/testing.md)."""

from __future__ import annotations

from planctl.rules.units import Suggestions

TYPO = "登記課第一股"
"""Shares 登, 記 and 課 with the unit meant, and is as long as it."""

MEANT = "登記課服務台"


def scrambled(count: int) -> list[str]:
    """Names sharing the same three characters (in an order difflib hardly matches) and
    shorter than the unknown name: as many shared characters as the unit meant, but further
    from it in length."""
    return [f"課記登{chr(0x4E00 + n)}" for n in range(count)]


def test_the_nearest_length_wins_a_tie_of_shared_characters() -> None:
    """The unit meant is first in the registry, then 40 names that tie with it on shared
    characters: it must still be among the 30 candidates (ranked by length difference, not
    by position, length, or the farthest length first)."""
    names = [MEANT, *scrambled(40)]
    assert len(names) > Suggestions.CANDIDATES
    suggest = Suggestions(names)
    assert suggest(TYPO) == MEANT


def test_the_unit_meant_anywhere_in_the_registry() -> None:
    """The same with the unit meant last: its place does not matter."""
    suggest = Suggestions([*scrambled(40), MEANT])
    assert suggest(TYPO) == MEANT


def test_more_shared_characters_win_over_length() -> None:
    """A name sharing more characters is a candidate even when 40 names are nearer in
    length; difflib then finds it."""
    longer = "登記課第一股服務台"
    same_length = [f"第{chr(0x4E00 + n)}{chr(0x4F00 + n)}乙丙丁" for n in range(40)]
    suggest = Suggestions([*same_length, longer])
    assert suggest(TYPO) == longer


def test_the_list_of_known_names_at_its_limit() -> None:
    """PC201's list of known names: 20 names all shown, with no "and 0 more"; the 21st is
    counted, not shown (mutation testing found `>` unchecked at the limit)."""
    names = [f"第{n}課" for n in range(21)]
    assert Suggestions(names[:20]).known == "、".join(names[:20])
    assert Suggestions(names).known == "、".join(names[:20]) + " and 1 more"

"""Texts: no empty text, no text padded with spaces, an acronym its letters spell (PC501–PC503)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from planctl.plan.characters import blank, blank_hint
from planctl.plan.findings import Code, Finding
from planctl.plan.quoting import clip

if TYPE_CHECKING:  # the registry reads the codes without the model (pydantic)
    from planctl.plan.source import YamlPath
    from planctl.rules.walk import Walk

EMPTY_TEXT = Code.parse(
    """
PC501 error: an empty text (also one of only invisible characters: U+200B, U+3164, U+3000 …)
why: An empty `text` prints as an empty cell or line in the printed plan; it is a place where
  something was meant to be filled in.
fix: Write the text as the source document gives it, or remove the entry.
bad:
  tasks:
    - id: reg-1.1
      text: ""
good:
  tasks:
    - id: reg-1.1
      text: 清查百歲人瑞
"""
)


SURROUNDING_SPACES = Code.parse(
    """
PC502 warning: text that begins or ends with spaces
why: Spaces (also the full-width space U+3000) pasted with the text shift the printed cells and make
  two equal texts compare different in a spreadsheet.
fix: Remove the spaces at the start and end (an editor that shows whitespace helps to see a
  full-width one).
bad:
  text: "\\u3000清查百歲人瑞 "  # \\u3000: a full-width space
good:
  text: 清查百歲人瑞
"""
)


def texts(walk: Walk) -> Iterator[Finding]:
    """PC501: no empty text (an empty cell where something was meant); PC502: no spaces around
    a text, which shift printed cells and make equal texts differ. Only the texts the walk
    found odd can be either: the full test of blankness (every character looked up) is left
    for those few."""
    for path, text in walk.odd_texts:
        if blank(text):
            yield EMPTY_TEXT.finding(f"empty {path[-1]}", path, hint=blank_hint(text))
        elif text != text.strip():
            yield SURROUNDING_SPACES.finding("text begins or ends with spaces", path)


ACRONYM_SPELLING = Code.parse(
    """
PC503 error: the acronym's letters do not spell it (SMILE), or a word does not begin with its letter
why: The 組織目標 acronym is printed letter by letter; a letter out of place or a word that does not
  begin with its letter is a visible mistake in the document the office files.
fix: Put the letters in the order of the `word` and make each `word` begin with its `letter`.
example:
   acronym:
     word: SMILE
     letters:
       - {letter: S, word: Speed, meaning: 速度}
  -    - {letter: M, word: Learning, meaning: 學習}
  +    - {letter: M, word: Merriness, meaning: 愉快}
"""
)


def acronym(walk: Walk) -> Iterator[Finding]:
    """PC503: the 組織目標 acronym is printed letter by letter: its letters spell the word and
    each word begins with its letter."""
    for part_index, part in enumerate(walk.plan.parts):
        if part.kind != "goals" or not part.acronym:
            continue
        base: YamlPath = ("parts", part_index, "acronym")
        spelled = "".join(letter.letter for letter in part.acronym.letters)
        if spelled != part.acronym.word:
            yield ACRONYM_SPELLING.finding(
                f"the letters spell {clip(spelled)}, not {clip(part.acronym.word)}",
                (*base, "word"),
            )
        for i, letter in enumerate(part.acronym.letters):
            if not letter.word.upper().startswith(letter.letter.upper()):
                yield ACRONYM_SPELLING.finding(
                    f"{clip(letter.word)} does not begin with {clip(letter.letter)}",
                    (*base, "letters", i, "word"),
                )

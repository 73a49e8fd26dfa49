"""What a text may hold: when it counts as empty, and which characters a typed text may not.

One definition for every place that asks: the plan's rules (PC501), the ledger's (PC501,
PC704) and the options of `done`, `report` and `review`, so that a 落後原因 of one full-width
space (U+3000) or one zero-width space (U+200B) is as missing in `check` as in the command
that would have written it. Light (no pydantic, no YAML): `done`, `report` and `review` load
it to check their options before anything else.
"""

from __future__ import annotations

import re
import unicodedata

from planctl.errors import Refusal

INVISIBLE = frozenset(
    "\u034f\u115f\u1160\u17b4\u17b5\u180b\u180c\u180d\u180f\u2800\u3164\uffa0"
    + "".join(map(chr, range(0xFE00, 0xFE10)))  # variation selectors
    + "".join(map(chr, range(0xE0100, 0xE01F0)))  # variation selectors supplement
)
"""Characters that print as nothing though Unicode calls them letters or marks: the Hangul
fillers and the blank Braille pattern (pasted into a form to make it look filled in), the
combining grapheme joiner and the variation selectors. With the format characters (category
Cf: zero-width spaces and joiners U+200B–200D, U+2060, U+FEFF, the bidi marks and overrides,
the soft hyphen) they are Unicode's default-ignorable characters."""

REFUSED = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]"
)
"""What a typed text may not hold: control characters but tab and line feed (an escape
sequence would drive the terminal of whoever reads the ledger; CR, NUL and DEL cannot be
written into a ledger as YAML reads it back), the bidi embeddings, overrides and isolates
(they reorder what a reader sees: U+202E makes 「未完成」 look like something else), the
bytes of an argument that is not UTF-8 (kept by Python as lone surrogates) and U+FFFE and
U+FFFF, which YAML cannot hold either. Tab and line feed stay: a 執行情形說明 may run to
several lines, and a plan's texts may hold both."""

_CONTROL_NAMES = (
    "NUL SOH STX ETX EOT ENQ ACK BEL BS HT LF VT FF CR SO SI "
    "DLE DC1 DC2 DC3 DC4 NAK SYN ETB CAN EM SUB ESC FS GS RS US DEL "
    "PAD HOP BPH NBH IND NEL SSA ESA HTS HTJ VTS PLD PLU RI SS2 SS3 "
    "DCS PU1 PU2 STS CCH MW SPA EPA SOS SGC SCI CSI ST OSC PM APC"
)
"""The abbreviations of U+0000–001F, U+007F and U+0080–009F (Unicode gives them no name)."""
_BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_BIDI_NAMES = "LRE RLE PDF LRO RLO LRI RLI FSI PDI"


def blank(text: str) -> bool:
    """Text that shows nothing: empty, or only whitespace (U+3000 and every other Unicode
    space), format characters (category Cf: U+200B, U+FEFF, bidi marks …) and INVISIBLE."""
    return all(ch.isspace() or ch in INVISIBLE or unicodedata.category(ch) == "Cf" for ch in text)


def blank_hint(text: str) -> str:
    """For a blank text that is not empty: which characters it holds (they show nothing)."""
    shown = ", ".join(f"U+{ord(ch):04X}" for ch in dict.fromkeys(text) if not ch.isascii())
    return f"it holds only {shown}, which print as nothing" if shown else ""


def character_name(ch: str) -> str:
    """A character as a message names it: `U+001B ESC`, `U+202E RLO`, or, for a byte of an
    argument that is not UTF-8, `the byte 0xFF (not UTF-8)`."""
    code = ord(ch)
    if 0xDC80 <= code <= 0xDCFF:
        return f"the byte 0x{code - 0xDC00:02X} (not UTF-8)"
    if code < 0xA0 and (code < 0x20 or code >= 0x7F):
        name = _CONTROL_NAMES.split()[code if code < 0x20 else code - 0x7F + 0x20]
    elif ch in _BIDI:
        name = _BIDI_NAMES.split()[_BIDI.index(ch)]
    else:
        name = unicodedata.name(ch, "")
    return f"U+{code:04X} {name}".rstrip()


def refuse_characters(value: str, option: str) -> None:
    """UsageError naming the first REFUSED character of `value` (given for `option`) and
    where it is."""
    if refused := REFUSED.search(value):
        named, at = character_name(refused[0]), str(refused.start() + 1)
        raise Refusal(
            f"{option}: {named} (character {at}) is not allowed in a text",
            "character",
            option,
            hint="control characters and bidi overrides would reach terminals and printed forms",
            character=named,
            at=at,
        )


def typed_text(value: str, option: str) -> str:
    """`value` as given for `option` (`--text`), or UsageError: holding a REFUSED character
    (named), or blank."""
    refuse_characters(value, option)
    if blank(value):
        raise Refusal(f"{option} is empty", "blank", option, hint=blank_hint(value))
    return value

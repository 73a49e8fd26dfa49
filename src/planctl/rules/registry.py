"""The one registry of check codes, collected from where they are declared: beside the rule
that reports each (planctl.rules.units, .dates, .structure, .texts, .ledger, .reports) and, for
the codes of reading a file, beside the reader (planctl.plan.codes).

The code table in docs/commands.md (`python -m planctl.rules.registry`, checked by
`tests/test_readme.py`), `planctl explain` and the findings' JSON schema are all generated
from it, so they cannot drift. Every `PCnnn` that planctl reports is here, in the order of
their numbers.
"""

from __future__ import annotations

from types import ModuleType

from planctl.plan import codes as reading
from planctl.plan.findings import Code
from planctl.rules import dates, ledger, reports, structure, texts, units

DECLARING: tuple[ModuleType, ...] = (reading, units, dates, structure, texts, ledger, reports)
"""The modules that declare codes: every `Code` at the top level of one is registered."""


def declared() -> list[Code]:
    """Every declaration, each once (a module that imports another's code names it too)."""
    found: dict[int, Code] = {}
    for module in DECLARING:
        for value in vars(module).values():
            if isinstance(value, Code):
                found.setdefault(id(value), value)
    return sorted(found.values(), key=lambda code: code.code)


CODES: dict[str, Code] = {code.code: code for code in declared()}


def markdown_table() -> str:
    """The code table of docs/commands.md."""
    lines = ["| code | severity | what it means |", "| --- | --- | --- |"]
    lines += [f"| {c.code} | {c.severity.value} | {c.summary} |" for c in CODES.values()]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(markdown_table(), end="")

"""`planctl explain`: a check code's meaning, why it matters, how to fix it, an example.

Generated from the registry (planctl.rules.registry), as the code table in docs/commands.md is.
"""

from __future__ import annotations

import textwrap

from planctl.plan.findings import Code
from planctl.rules.registry import CODES

WIDTH = 88


def explanation(code: Code) -> str:
    """One code in full, as `planctl explain PC301` prints it."""
    return "\n".join(
        [
            f"{code.code} ({code.severity.value}): {code.summary}",
            "",
            "Why it matters:",
            _paragraph(code.why),
            "",
            "How to fix it:",
            _paragraph(code.fix),
            "",
            "Example:",
            textwrap.indent(code.bad, "    ").rstrip(),
            "",
            "Fixed:",
            textwrap.indent(code.good, "    ").rstrip(),
            "",
        ]
    )


def _paragraph(text: str) -> str:
    return textwrap.fill(text, WIDTH, initial_indent="  ", subsequent_indent="  ")


def every_explanation() -> str:
    """Every code in full, separated by a rule (`planctl explain --all`)."""
    return ("\n" + "-" * WIDTH + "\n\n").join(explanation(code) for code in CODES.values())


def code_list() -> str:
    """One line per code (`planctl explain` without a code)."""
    return "".join(
        f"{code.code}  {code.severity.value:<7}  {code.summary}\n" for code in CODES.values()
    )

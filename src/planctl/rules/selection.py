"""Which check codes a run reports: `--select`/`--ignore`, and the warnings a plan accepts.

Codes are given as in ruff: whole codes (`PC301`) or prefixes (`PC3` = every PC3xx),
comma-separated. A name that matches no registered code is a usage error, so that a typo in a
CI script cannot silently switch a check off.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from planctl.errors import UsageError
from planctl.plan.codes import WRONG_VALUE
from planctl.plan.findings import Finding, Severity

if TYPE_CHECKING:  # a plan read from the cache is Records: the model is only its type
    from planctl.plan.findings import Code
    from planctl.plan.model import Plan


def registered() -> dict[str, Code]:
    """The registry of codes, loaded when a code is named: it is collected from the rules,
    which a check answered from the cache does not otherwise load."""
    from planctl.rules.registry import CODES

    return CODES


def matching(prefix: str) -> list[str]:
    """The registered codes `prefix` names (`PC3` → PC301 … PC309); case does not matter."""
    wanted = prefix.strip().upper()
    return [code for code in registered() if wanted and code.startswith(wanted)]


def parse_codes(text: str | None, option: str) -> tuple[str, ...]:
    """`"PC301, pc4"` → `("PC301", "PC4")`; an unknown code is a usage error with a hint."""
    if text is None:
        return ()
    names = tuple(name.strip().upper() for name in text.split(",") if name.strip())
    for name in names:
        if not matching(name):
            import difflib  # only to suggest a code for one that is unknown

            close = difflib.get_close_matches(name, list(registered()), n=1)
            hint = f"did you mean {close[0]}? " if close else ""
            raise UsageError(
                f"{option}: unknown check code 「{name}」",
                hint=hint + "`planctl explain` lists every code",
            )
    return names


@dataclass(frozen=True)
class Selection:
    """The codes a run reports: those `select` names (all when empty) minus those `ignore`d."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()

    @classmethod
    def parse(cls, select: str | None, ignore: str | None) -> Selection:
        return cls(parse_codes(select, "--select"), parse_codes(ignore, "--ignore"))

    def keeps(self, code: str) -> bool:
        if self.select and not code.startswith(self.select):
            return False
        return not (self.ignore and code.startswith(self.ignore))


def accepted_by_plan(plan: Plan) -> tuple[tuple[str, ...], list[Finding]]:
    """The warning codes the plan's `check: {ignore: […]}` accepts, and a PC103 finding for
    each entry that names no code or only errors: an office may accept a warning (PC301 while
    months are being decided), never an error — the queries rely on those being fixed."""
    if plan.check is None:
        return (), []
    accepted: list[str] = []
    findings: list[Finding] = []
    for i, name in enumerate(plan.check.ignore):
        codes = matching(name)
        path = ("check", "ignore", i)
        if not codes:
            message = f"unknown check code 「{name.strip()}」"
            findings.append(WRONG_VALUE.finding(message, path, hint=_hint(name)))
        elif not _warnings(codes):
            message = f"{name.strip()} is an error: a plan can accept only warnings"
            findings.append(WRONG_VALUE.finding(message, path))
        else:
            accepted.append(name.strip().upper())
    return tuple(accepted), findings


def accepted(findings: Iterable[Finding], plan: Plan | None) -> Iterator[Finding]:
    """The findings without the warnings the plan accepts, with a PC103 for each entry of its
    `check: {ignore: […]}` that cannot be accepted. Lazily: a plan may have a million."""
    if plan is None:
        yield from findings
        return
    codes, problems = accepted_by_plan(plan)
    for finding in itertools.chain(findings, problems):
        if not (finding.severity is Severity.WARNING and finding.code.startswith(codes)):
            yield finding


def _warnings(codes: Sequence[str]) -> list[str]:
    """Those of `codes` that are warnings: the only ones a plan may accept."""
    return [code for code in codes if registered()[code].severity is Severity.WARNING]


def _hint(name: str) -> str:
    """ "Did you mean" the closest registered code, or where the codes are listed."""
    import difflib  # only to suggest a code for one that is unknown

    close = difflib.get_close_matches(name.strip().upper(), list(registered()), n=1)
    return f"did you mean {close[0]}?" if close else "`planctl explain` lists every code"

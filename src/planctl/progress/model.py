"""A progress ledger as pydantic models: one entry per task per reported month.

Entries are never rewritten: a correction is a new entry that names the one it `replaces`,
and a 研考 review travels with the entry it reviews (or with a correction of it). Keys are
English and name the concept; the values a person reads are Chinese as the office writes them.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, Strict

from planctl.plan.model import IsoDate, Node, WholeNumber
from planctl.progress.terms import DECISIONS as DECISIONS  # re-exported: the words live in
from planctl.progress.terms import DONE as DONE  # progress.terms, free of pydantic (the
from planctl.progress.terms import STATUSES as STATUSES  # cached commands read them there)
from planctl.progress.terms import STOPPED as STOPPED
from planctl.progress.terms import effective

Status = Literal["辦理中", "已完成", "停辦"]
Decision = Literal["解除列管", "繼續列管"]
Percent = Annotated[float, Strict(), Field(ge=0, le=100)]
"""A number written as one (`50`, `62.5`), of the whole task; `50%` or `yes` is an error."""
Month = Annotated[WholeNumber, Field(ge=1, le=12)]


def _listed(value: Any) -> Any:
    """`entries:` with nothing under it (a new ledger) is an empty list."""
    return [] if value is None else value


class Review(Node):
    """研考's review of a report: release it from control or keep it, with a note and date."""

    decision: Decision
    date: IsoDate
    note: str | None = None
    by: str | None = None
    """The reviewing unit (研考)."""
    reviewer: str | None = None
    """審核人: the web desk account that reviewed (the command line leaves it out: there the
    git commit's author says who)."""


class Entry(Node):
    """One unit's report on one task for one month."""

    id: str
    """Stable and unique in the ledger (`reg-1.1-m03-4f2a9c`): corrections name it."""
    task: str
    month: Month
    status: Status
    percent: Percent | None = None
    text: str
    """執行情形說明."""
    reason: str | None = None
    """落後原因: required when the task is behind."""
    measure: str | None = None
    """因應對策: required when the task is behind."""
    completed: IsoDate | None = None
    evidence: list[str] = Field(default_factory=list)
    """文號, file paths or links."""
    by: str | None = None
    """The reporting unit."""
    reporter: str | None = None
    """填報人: the web desk account that saved the report (the command line leaves it out:
    there the git commit's author says who)."""
    date: IsoDate
    """The day the unit reported."""
    replaces: str | None = None
    review: Review | None = None


class Ledger(Node):
    """The whole file: a list of entries, appended at the end."""

    entries: Annotated[list[Entry], BeforeValidator(_listed)] = Field(default_factory=list)

    def effective(self) -> list[Entry]:
        """The entries that count (`planctl.progress.terms.effective`: the one rule, which
        the ledger's Records from the cache are counted by too)."""
        return effective(self.entries)


LEDGER_KEYS = {name for model in (Ledger, Entry, Review) for name in model.model_fields}
"""Every key a ledger knows, for "did you mean" hints."""
